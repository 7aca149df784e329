/* SPDX-License-Identifier: MIT
 * cmd-help.c - tcreg help [COMMAND]: the manual page, or the short usage
 * when no manual is installed.
 */
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#ifndef TCREG_SOURCE_MANDIR
#define TCREG_SOURCE_MANDIR ""
#endif
#ifndef TCREG_BUILD_DIR
#define TCREG_BUILD_DIR ""
#endif

static const struct cli_option help_options[] = {
	/* the machine listing of every table's options, for the tests */
	{ .name = "options", .id = 'o' },
	{ 0 },
};

const struct cli_command cli_cmd_help = {
	.name = "help",
	.fn = cmd_help,
	.summary = N_("show the manual page of a command"),
	.synopsis = N_("usage: tcreg help [COMMAND|ledger|bundle|policy-file]\n"),
	.options = help_options,
};

/* The page in the language of the messages, which setup_language() puts in
 * LANGUAGE (zh_CN or en).  man chooses by the locale, and tcreg speaks Chinese
 * where no zh_CN locale is installed; man -L zh_CN finds the Chinese pages all
 * the same.  NULL: man chooses. */
static const char *
man_locale(void)
{
	const char *lang = getenv("LANGUAGE");
	if (lang && strncmp(lang, "zh", 2) == 0)
		return "zh_CN";
	if (lang && strncmp(lang, "en", 2) == 0)
		return "C";
	return NULL;
}

enum man_mode { MAN_SHOW, MAN_LOCAL, MAN_WHERE };

/* man for a page (MAN_SHOW), a file (MAN_LOCAL), or only whether man has
 * the page (MAN_WHERE: nothing printed, so that an uninstalled tcreg shows
 * its own page without man's "No manual entry" first).  man's status. */
static int
run_man(const char *arg, enum man_mode mode)
{
	const char *locale = man_locale();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* man runs the user's pager: never with the tcreg group */
		gid_t g = getgid();
		if (setresgid(g, g, g) != 0)
			_exit(126);
		/* man formats for its locale's encoding: where the environment's
		 * locale is missing or not UTF-8, tcreg prints UTF-8 all the same
		 * (setup_language), and so must man, or Chinese is lost */
		if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
			setenv("LC_ALL", "C.UTF-8", 1);
		const char *flag = mode == MAN_WHERE ? "-w" : NULL;
		if (mode == MAN_WHERE) {
			int null = open("/dev/null", O_WRONLY);
			if (null < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)
				_exit(126);
		}
		if (mode == MAN_LOCAL)
			execlp("man", "man", "-l", arg, (char *)NULL);
		else if (locale)
			execlp("man", "man", "-L", locale, flag ? flag : arg, flag ? arg : (char *)NULL, (char *)NULL);
		else
			execlp("man", "man", flag ? flag : arg, flag ? arg : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Uninstalled: for a Chinese reader the Chinese page as built (with its
 * line-break points), else, or without it, the English one in the source tree. */
static bool
run_uninstalled(const char *page, int section)
{
	const char *locale = man_locale();
	const char *dirs[] = { locale && strcmp(locale, "zh_CN") == 0 ? TCREG_BUILD_DIR "/man/zh_CN" : "",
			       TCREG_SOURCE_MANDIR };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *path = NULL;
		bool shown = *dirs[i] && asprintf(&path, "%s/%s.%d", dirs[i], page, section) >= 0 &&
			     access(path, R_OK) == 0 && run_man(path, MAN_LOCAL) == 0;
		free(path);
		if (shown)
			return true;
	}
	return false;
}

int
cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	int o;
	while ((o = cli_getopt(ctx, argc, argv, &cli_cmd_help)) != -1) {
		if (o != 'o')
			return EXIT_USAGE;
		cli_print_option_list(stdout);
		return EXIT_OK;
	}
	argc -= optind - 1, argv += optind - 1;
	if (argc > 2)
		return cli_usage_error(ctx, _("usage: tcreg help [COMMAND|ledger|bundle|policy-file]"));
	/* the file formats' pages (section 5), by their names */
	static const char *const formats[] = { "ledger", "bundle", "policy-file", NULL };
	const struct cli_command *c = NULL;
	const char *format = NULL;
	if (argc == 2) {
		c = cli_command_find(argv[1]);
		for (size_t i = 0; !c && formats[i] && !format; i++)
			if (strcmp(argv[1], formats[i]) == 0)
				format = strcmp(argv[1], "policy-file") == 0 ? "policy" : formats[i];
		if (!c && !format)
			return cli_usage_error(ctx, _("'%s' is not a tcreg command, nor ledger, bundle or policy-file"),
					       argv[1]);
	}
	char page[64];
	snprintf(page, sizeof(page), c || format ? "tcreg-%s" : "tcreg", c ? c->name : format ? format : "");
	char section_page[80];
	snprintf(section_page, sizeof(section_page), "%s.%d", page, format ? 5 : 1);
	fflush(stdout);
	if (!getenv("TCREG_NO_MAN")) {
		const char *arg = format ? section_page : page;
		if (run_man(arg, MAN_WHERE) == 0 && run_man(arg, MAN_SHOW) == 0)
			return EXIT_OK;
		if (run_uninstalled(page, format ? 5 : 1))
			return EXIT_OK;
		if (format)
			return cli_error(ctx, EXIT_NOINPUT, _("no manual page %s(5) is installed"), page);
	} else if (format) {
		return cli_error(ctx, EXIT_NOINPUT, _("no manual page %s(5) is installed"), page);
	}
	if (c) {
		cli_print_help(stdout, c);
	} else {
		printf(_("Commands:\n"));
		for (const struct cli_command *const *k = cli_commands; *k; k++) {
			fputs("  ", stdout);
			cli_pad(stdout, (*k)->name, 12);
			printf("%s\n", _((*k)->summary));
		}
	}
	return EXIT_OK;
}
