/* SPDX-License-Identifier: MIT
 * cmd-help.c - tcreg help [COMMAND]: the manual page, or the short usage
 * when no manual is installed.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#ifndef TCREG_SOURCE_MANDIR
#define TCREG_SOURCE_MANDIR ""
#endif

static int
run_man(const char *arg, bool local)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* man runs the user's pager: never with the tcreg group */
		gid_t g = getgid();
		if (setresgid(g, g, g) != 0)
			_exit(126);
		if (local)
			execlp("man", "man", "-l", arg, (char *)NULL);
		else
			execlp("man", "man", arg, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 2)
		return cli_usage_error(ctx, _("usage: tcreg help [COMMAND]"));
	const struct cli_command *c = NULL;
	if (argc == 2) {
		c = cli_command_find(argv[1]);
		if (!c)
			return cli_usage_error(ctx, _("'%s' is not a tcreg command"), argv[1]);
	}
	char page[64];
	snprintf(page, sizeof(page), c ? "tcreg-%s" : "tcreg", c ? c->name : "");
	fflush(stdout);
	if (!getenv("TCREG_NO_MAN")) {
		if (run_man(page, false) == 0)
			return EXIT_OK;
		/* uninstalled: the page in the source tree */
		char *path = NULL;
		if (*TCREG_SOURCE_MANDIR &&
		    asprintf(&path, "%s/%s.%d", TCREG_SOURCE_MANDIR, page, 1) >= 0 &&
		    access(path, R_OK) == 0 && run_man(path, true) == 0) {
			free(path);
			return EXIT_OK;
		}
		free(path);
	}
	if (c) {
		cli_print_help(stdout, c);
	} else {
		printf(_("Commands:\n"));
		for (const struct cli_command *k = cli_commands; k->name; k++) {
			fputs("  ", stdout);
			cli_pad(stdout, k->name, 12);
			printf("%s\n", _(k->summary));
		}
	}
	return EXIT_OK;
}
