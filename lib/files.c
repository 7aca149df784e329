/* SPDX-License-Identifier: MIT
 * files.c - the one mode of files that hold registry data, and the files
 * the library writes beside the registry (the rejects file): made in the
 * destination's directory, private until complete, then synced and renamed
 * into place (a symlink there is replaced, never followed) or removed.
 * Where the system allows (O_TMPFILE), the file has no name until it is put
 * in place, so a killed run leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcreg-private.h"

/* The registry, its WAL and SHM (SQLite gives them the registry's mode),
 * the directories made for it, the rejects file and backups: their
 * owner's alone (they hold natural persons' names), or, running setgid in
 * the shared deployment (tcreg(1) SECURITY), the tcreg group's too. */
mode_t
tcreg__data_mode(void)
{
	return getegid() != getgid() ? 0660 : 0600;
}

mode_t
tcreg__data_dir_mode(void)
{
	mode_t m = tcreg__data_mode();
	return m | (m & 0444) >> 2; /* search where read: 0600 -> 0700 */
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return tcreg__strdup(".");
	if (slash == path)
		return tcreg__strdup("/");
	char *d = tcreg__strdup(path);
	if (d)
		d[slash - path] = '\0';
	return d;
}

tcreg_status
tcreg__outfile_open(struct tcreg__outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	struct stat sb;
	if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		o->err = EISDIR;
		return TCREG_ERR_CANTCREAT;
	}
	o->path = tcreg__strdup(path);
	char *dir = dir_of(path);
	if (!o->path || !dir) {
		free(dir);
		tcreg__outfile_close(o, false);
		return TCREG_ERR_NOMEM;
	}
#ifdef O_TMPFILE
	/* linkat through /proc names it later; without /proc a named file */
	if (access("/proc/self/fd", X_OK) == 0) {
		o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
		o->anonymous = o->fd >= 0;
	}
#endif
	free(dir);
	if (o->fd < 0) { /* a file system without O_TMPFILE: a name from the start */
		if (asprintf(&o->tmp, "%s.tmp-XXXXXX", path) < 0) {
			o->tmp = NULL;
			tcreg__outfile_close(o, false);
			return TCREG_ERR_NOMEM;
		}
		o->fd = mkostemp(o->tmp, O_CLOEXEC); /* 0600 */
	}
	if (o->fd < 0 || !(o->f = fdopen(o->fd, "wb"))) {
		o->err = errno;
		tcreg__outfile_close(o, false);
		return TCREG_ERR_CANTCREAT;
	}
	return TCREG_OK;
}

tcreg_status
tcreg__outfile_sync(struct tcreg__outfile *o)
{
	if (!o->f)
		return TCREG_ERR_IO;
	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0) {
		o->err = errno ? errno : EIO;
		return TCREG_ERR_IO;
	}
	return TCREG_OK;
}

/* The anonymous file gets a name beside the destination. */
static bool
name_it(struct tcreg__outfile *o)
{
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fileno(o->f));
	for (unsigned k = 0; k < 100; k++) {
		free(o->tmp);
		if (asprintf(&o->tmp, "%s.tmp-%ld-%u", o->path, (long)getpid(), k) < 0) {
			o->tmp = NULL;
			return false;
		}
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0)
			return true;
		if (errno != EEXIST)
			break;
	}
	o->err = errno;
	free(o->tmp);
	o->tmp = NULL;
	return false;
}

tcreg_status
tcreg__outfile_close(struct tcreg__outfile *o, bool keep)
{
	tcreg_status st = TCREG_OK;
	if (keep && o->f) {
		/* the mode of a file it replaces (a clerk may have opened it up), else
		 * private: it holds the rows of a ledger */
		struct stat sb;
		mode_t mode = lstat(o->path, &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_mode & 07777
										 : tcreg__data_mode();
		st = tcreg__outfile_sync(o);
		if (st == TCREG_OK && fchmod(fileno(o->f), mode) != 0) {
			o->err = errno;
			st = TCREG_ERR_IO;
		}
		if (st == TCREG_OK && o->anonymous && !name_it(o))
			st = TCREG_ERR_IO;
		if (st == TCREG_OK && rename(o->tmp, o->path) != 0) { /* replaces a symlink itself */
			o->err = errno;
			st = TCREG_ERR_IO;
		}
		if (st == TCREG_OK) {
			free(o->tmp);
			o->tmp = NULL;
		}
	}
	if (o->tmp)
		unlink(o->tmp);
	if (o->f)
		fclose(o->f);
	else if (o->fd >= 0)
		close(o->fd);
	free(o->tmp);
	free(o->path);
	o->f = NULL;
	o->fd = -1;
	o->tmp = o->path = NULL;
	return st;
}
