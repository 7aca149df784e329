/* SPDX-License-Identifier: MIT
 * shared.c - the shared office machine: tcreg installed setgid to the group
 * tcreg, the registry in TCREG_SHARED_DIR (2770 root:tcreg, files 0660, the
 * key 0640), so clerks reach the registry only through tcreg and its rules.
 *
 * Running setgid, tcreg trusts nothing the user's environment says about
 * where or when or who (secure_getenv), and a --db outside the shared
 * directory is opened with the user's own rights only: the group is given
 * up before anything is opened, so --db can never reach what the user
 * could not reach without tcreg.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

bool
cli_privileged(void)
{
	return getegid() != getgid();
}

const char *
cli_getenv(const char *name)
{
	return secure_getenv(name);
}

char *
cli_shared_default_db(void)
{
	return strdup(TCREG_SHARED_DIR "/registry.db");
}

/* Whether path (which may not exist yet) lies inside the shared directory,
 * after every symbolic link is resolved. */
static bool
inside_shared(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return false;
	char dir[PATH_MAX], want[PATH_MAX];
	bool in = realpath(dirname(copy), dir) && realpath(TCREG_SHARED_DIR, want) &&
		  strcmp(dir, want) == 0;
	free(copy);
	return in;
}

int
cli_shared_guard(struct cli_ctx *ctx)
{
	if (!cli_privileged() || (ctx->db_path && inside_shared(ctx->db_path)))
		return 0;
	gid_t g = getgid();
	if (setresgid(g, g, g) != 0 || getegid() != g)
		return cli_error(ctx, EXIT_NOPERM, _("cannot give up the tcreg group: %s"),
				 strerror(errno));
	return 0;
}

#ifdef __SANITIZE_ADDRESS__
#include <sys/prctl.h>
/* The sanitizer build: LeakSanitizer stops the process to look for leaks,
 * which a setgid process (not dumpable) does not allow; it would fail the
 * command.  Leaks are looked for by every test that runs tcreg as itself. */
int __lsan_is_turned_off(void);
int
__lsan_is_turned_off(void)
{
	return prctl(PR_GET_DUMPABLE) == 0;
}
#endif
