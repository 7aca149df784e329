/* SPDX-License-Identifier: MIT
 * backup.c - tcreg backup and restore.
 *
 * A backup is SQLite's online backup of the registry in one step, so it is
 * one consistent state (in WAL mode the clerks go on writing meanwhile),
 * written to a temporary file beside the destination, verified there with
 * the registry's key exactly as `audit verify` would, then renamed into
 * place.  It carries no key: the key is backed up once, apart.  A restore
 * verifies the backup first, refuses to put back a registry older than the
 * one in place unless forced, copies it in through the same API (other
 * connections see the old registry or the new, never half), and records
 * the restore in the restored trail.
 */
#include <errno.h>
#include <jansson.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcreg-private.h"

static tcreg_status
copy_db(tcreg_registry *reg, sqlite3 *from, sqlite3 *to, const char *doing)
{
	doing = dgettext(TCREG_DOMAIN, doing);
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return tcreg__set_err(reg, TCREG_ERR_IO, "%s: %s", doing, sqlite3_errmsg(to));
	int rc = sqlite3_backup_step(b, -1); /* all pages at once: one snapshot */
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return tcreg__set_err(reg, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? TCREG_ERR_BUSY : TCREG_ERR_IO,
				      "%s: %s", doing, sqlite3_errstr(rc));
	return TCREG_OK;
}

/* Open path as a registry, read-only, with reg's key (the copy has none). */
static tcreg_status
open_with_key(tcreg_registry *reg, const char *path, tcreg_registry **out)
{
	char *err = NULL;
	tcreg_status s = tcreg_registry_open(out, path, TCREG_OPEN_READONLY, &err);
	if (s != TCREG_OK) {
		tcreg__set_err(reg, s, "%s", err ? err : tcreg_strerror(s));
		free(err);
		return s;
	}
	if ((s = tcreg__key_load(reg)) == TCREG_OK && !((*out)->mac_ctx = tcreg__key_dup(reg)))
		s = TCREG_ERR_NOMEM;
	if (s != TCREG_OK) {
		tcreg_registry_close(*out);
		*out = NULL;
	}
	return s;
}

/* Verify path with reg's key; TCREG_ERR_INVALID with the first finding. */
static tcreg_status
verify_copy(tcreg_registry *reg, const char *path, tcreg_verify_result **result)
{
	tcreg_registry *copy;
	tcreg_status s = open_with_key(reg, path, &copy);
	if (s != TCREG_OK)
		return s;
	s = tcreg_registry_verify(copy, NULL, result);
	if (s != TCREG_OK)
		tcreg__set_err(reg, s, "%s", tcreg_registry_errmsg(copy));
	else if ((*result)->n || (*result)->more)
		s = tcreg__set_err(reg, TCREG_ERR_INVALID,
				   "'%s' is not as tcreg wrote it: %s", path,
				   (*result)->n ? (*result)->findings[0].detail : "");
	tcreg_registry_close(copy);
	return s;
}

static tcreg_status
fsync_path(tcreg_registry *reg, const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return tcreg__set_err(reg, TCREG_ERR_IO, "cannot sync '%s': %s", path, strerror(e));
	}
	close(fd);
	return TCREG_OK;
}

static char *
temp_beside(const char *dest)
{
	char *copy = tcreg__strdup(dest), *t = NULL;
	if (!copy)
		return NULL;
	char *slash = strrchr(copy, '/');
	const char *base = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	if (asprintf(&t, "%s/.%s.XXXXXX", slash ? copy : ".", base) < 0)
		t = NULL;
	free(copy);
	return t;
}

/* Write the snapshot into a new temporary file beside dest. */
static tcreg_status
snapshot(tcreg_registry *reg, const char *dest, char **tmp_out)
{
	char *tmp = temp_beside(dest);
	if (!tmp)
		return TCREG_ERR_NOMEM;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		tcreg_status s = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot create a file beside '%s': %s",
						dest, strerror(errno));
		free(tmp);
		return s;
	}
	fchmod(fd, tcreg__file_mode());
	close(fd);
	*tmp_out = tmp;
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL);
	tcreg_status s = rc == SQLITE_OK ? copy_db(reg, reg->db, to, N_("copying the registry"))
					 : tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot open '%s': %s", tmp,
							  sqlite3_errstr(rc));
	/* one file, no WAL beside it: a backup is carried around */
	if (s == TCREG_OK && sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		s = tcreg__set_err(reg, TCREG_ERR_IO, "finishing the copy: %s", sqlite3_errmsg(to));
	sqlite3_close_v2(to);
	if (s == TCREG_OK)
		s = fsync_path(reg, tmp, false);
	return s;
}

tcreg_status
tcreg_backup(tcreg_registry *reg, const char *dest, tcreg_verify_result **result)
{
	*result = NULL;
	struct stat sb;
	if (stat(dest, &sb) == 0 && S_ISDIR(sb.st_mode))
		return tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "'%s' is a directory: name the backup file",
				      dest);
	char *tmp = NULL;
	tcreg_status s = snapshot(reg, dest, &tmp);
	if (s == TCREG_OK)
		s = verify_copy(reg, tmp, result);
	if (s == TCREG_OK && rename(tmp, dest) != 0)
		s = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot put the backup at '%s': %s", dest,
				   strerror(errno));
	if (s == TCREG_OK) {
		char *d = tcreg__strdup(dest);
		s = d ? fsync_path(reg, dirname(d), true) : TCREG_ERR_NOMEM;
		free(d);
	} else if (tmp) {
		unlink(tmp);
	}
	free(tmp);
	return s;
}

/* The last audit record of a registry: id and hash. */
static tcreg_status
head_of(tcreg_registry *reg, sqlite3 *db, int64_t *id, char hash[65])
{
	sqlite3_stmt *st;
	*id = 0;
	hash[0] = '\0';
	int rc = sqlite3_prepare_v2(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return tcreg__set_err(reg, TCREG_ERR_DB, "reading an audit trail: %s", sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return TCREG_OK;
}

/* Does the backup's trail contain the registry's last record?  If not, the
 * registry holds records the backup does not, and restoring loses them. */
static tcreg_status
newer_records(tcreg_registry *reg, sqlite3 *backup, int64_t *lost)
{
	int64_t id;
	char hash[65];
	*lost = 0;
	tcreg_status s = head_of(reg, reg->db, &id, hash);
	if (s != TCREG_OK || id == 0)
		return s;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(backup, "SELECT hash FROM audit WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return tcreg__set_err(reg, TCREG_ERR_DB, "reading the backup's trail");
	sqlite3_bind_int64(st, 1, id);
	bool same = sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), hash) == 0;
	sqlite3_finalize(st);
	if (!same) {
		int64_t bid;
		char bhash[65];
		head_of(reg, backup, &bid, bhash);
		*lost = id > bid ? id - bid : 1;
	}
	return TCREG_OK;
}

/* The registration-number sequences in place, to be kept after a restore:
 * a number issued after the backup was taken may be on a certificate, and
 * is never issued again (audit verify shows it as missing instead). */
static char *
sequences_now(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(reg->db, "SELECT json_group_array(json_array(point_id, year, last)) FROM reg_sequence",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	char *j = sqlite3_step(st) == SQLITE_ROW ? tcreg__strdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_finalize(st);
	return j;
}

static tcreg_status
keep_sequences(tcreg_registry *reg, const char *seqs)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"INSERT INTO reg_sequence(point_id, year, last) "
					"SELECT value->>0, value->>1, value->>2 "
					"FROM json_each(?) WHERE true ON CONFLICT(point_id, year) DO UPDATE SET "
					"last = max(last, excluded.last) WHERE excluded.last > last");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, seqs ? seqs : "[]", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "keeping the number sequences");
}

tcreg_status
tcreg_restore(tcreg_registry *reg, const char *src, int force, tcreg_verify_result **result)
{
	*result = NULL;
	tcreg_status s = verify_copy(reg, src, result);
	tcreg_registry *b = NULL;
	if (s == TCREG_OK)
		s = open_with_key(reg, src, &b);
	int64_t lost = 0;
	if (s == TCREG_OK)
		s = newer_records(reg, b->db, &lost);
	if (s == TCREG_OK && lost && !force)
		s = tcreg__set_err(reg, TCREG_ERR_STATE,
				   "the registry holds %" PRId64 " audit records the backup does not: restoring "
				   "would lose them; --force restores anyway",
				   lost);
	char *seqs = s == TCREG_OK ? sequences_now(reg) : NULL;
	if (s == TCREG_OK) {
		if (reg->tx_depth > 0)
			s = tcreg__set_err(reg, TCREG_ERR_INTERNAL, "restore inside a transaction");
		else
			s = copy_db(reg, b->db, reg->db, N_("restoring the registry"));
	}
	tcreg_registry_close(b);
	/* the restore itself, in the restored trail */
	if (s == TCREG_OK && (s = tcreg__begin(reg)) == TCREG_OK) {
		reg->keyed_from = 0; /* the restored registry's own settings */
		reg->operators = -1;
		json_t *o = json_pack("{s:s, s:s, s:I}", "from", src, "head", (*result)->head,
				      "lost_records", (json_int_t)lost);
		char *j = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		s = keep_sequences(reg, seqs);
		if (s == TCREG_OK)
			s = j ? tcreg__audit(reg, "restore", "registry", 0, 0, NULL, j) : TCREG_ERR_NOMEM;
		free(j);
		s = s == TCREG_OK ? tcreg__commit(reg) : (tcreg__rollback(reg), s);
	}
	free(seqs);
	return s;
}
