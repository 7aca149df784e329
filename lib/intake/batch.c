/* SPDX-License-Identifier: MIT
 * batch.c - one import is one transaction and one import_batch row: begun
 * before the first row, and at the end committed (all rows good, or
 * --keep-going) or rolled back (--dry-run, a rejected row, a file already
 * imported, a file that could not be read to the end).
 */
#include <inttypes.h>
#include <sys/stat.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

struct tcreg_import_result *
tcreg__result_new(const struct tcreg_import_opts *opts)
{
	struct tcreg_import_result *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->diags = tcreg__diags_new(opts->max_diags);
	r->file = tcreg__strdup(opts->display_name ? opts->display_name : opts->path);
	r->delimiter = ',';
	if (!r->diags || !r->file) {
		tcreg_import_result_free(r);
		return NULL;
	}
	return r;
}

void
tcreg_import_result_free(struct tcreg_import_result *r)
{
	if (!r)
		return;
	tcreg__diags_free(r->diags);
	free((char *)r->file);
	free((char *)r->sheet);
	free(r);
}

/* The batch's row, and the store that writes its rows. */
static tcreg_status
batch_start(struct tcreg__batch *b, const char *kind)
{
	tcreg_registry *reg = b->reg;
	sqlite3_stmt *q;
	tcreg_status st = tcreg__prepare(reg, &q,
					 "INSERT INTO import_batch(kind, file_name, sha256, encoding, operator, "
					 "started_at) VALUES (?, ?, ?, 'auto', ?, ?)");
	if (st != TCREG_OK)
		return st;
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, b->res->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, "0000000000000000000000000000000000000000000000000000000000000000",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, tcreg__operator(reg), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "starting an import");
	b->res->batch_id = sqlite3_last_insert_rowid(reg->db);
	return tcreg__store_new(reg, b->res->batch_id, b->opts->flags & TCREG_IMPORT_UPDATE, &b->store);
}

/* A ledger this large is a bulk import (about 100,000 rows and more). */
#define BULK_BYTES (32 << 20)

/* A bulk import into a registry no other connection has open writes with
 * the rollback journal instead of the WAL: the pages it adds past the end
 * of the file are written once, not into the WAL and again at the
 * checkpoint (bench/import.md: 1,000,000 rows 18 % sooner).  SQLite leaves
 * WAL only when it can take the file for itself, which is the test that
 * nobody else has it open (an idle connection in WAL mode keeps a shared
 * lock); anyone who opens it meanwhile waits as for any writer.  A crash
 * leaves a hot journal that the next opening rolls back, and puts the
 * registry back in WAL mode (registry.c). */
static void
bulk_journal(struct tcreg__batch *b)
{
	struct stat sb;
	if (!b->opts->path || stat(b->opts->path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < BULK_BYTES)
		return;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(b->reg->db, "PRAGMA main.journal_mode = DELETE", -1, &q, NULL) != SQLITE_OK)
		return;
	const char *mode = sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
	b->rollback_journal = mode && strcmp(mode, "delete") == 0;
	sqlite3_finalize(q);
	/* FULL: NORMAL is not proof against a power cut with a rollback journal */
	if (b->rollback_journal)
		sqlite3_exec(b->reg->db, "PRAGMA main.synchronous = FULL", NULL, NULL, NULL);
}

/* Back to what every other opening of the registry expects.  Should that
 * fail (someone opened it between the commit and here), the next opening
 * puts it back. */
static void
wal_again(struct tcreg__batch *b)
{
	if (b->rollback_journal)
		sqlite3_exec(b->reg->db, "PRAGMA main.journal_mode = WAL; PRAGMA main.synchronous = NORMAL",
			     NULL, NULL, NULL);
	b->rollback_journal = false;
}

/* Undo what batch_begin did: the connection is as it found it (foreign
 * keys on), whichever step failed. */
static void
batch_abandon(struct tcreg__batch *b)
{
	tcreg__store_free(b->store);
	b->store = NULL;
	if (b->in_tx)
		tcreg__rollback(b->reg);
	b->in_tx = false;
	b->res->batch_id = 0;
	wal_again(b);
	sqlite3_exec(b->reg->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/* Begin a batch.  On success the caller ends it with tcreg__batch_end; on
 * failure there is nothing to end (b->in_tx is false), and ending it
 * anyway is harmless. */
tcreg_status
tcreg__batch_begin(struct tcreg__batch *b, tcreg_registry *reg,
		   const struct tcreg_import_opts *opts, const char *kind,
		   struct tcreg_import_result *res)
{
	memset(b, 0, sizeof(*b));
	b->reg = reg;
	b->opts = opts;
	b->res = res;
	/* entering contracts and payments is a clerk's work */
	tcreg_status st = tcreg__require_role(reg, "clerk");
	if (st != TCREG_OK)
		return st;
	/* a large import touches far more index pages than the default 2 MiB
	 * cache holds; 24 MiB, with the party cache, stays within the import's
	 * 64 MiB memory budget */
	sqlite3_exec(reg->db, "PRAGMA cache_size = -24576", NULL, NULL, NULL);
	/* The importer takes every party and batch id from the registry inside
	 * this transaction, so SQLite's own check of each reference (three
	 * lookups per row) is redundant here; batch_end and batch_abandon turn
	 * it back on (a terminal session keeps its connection for the next
	 * entry). */
	sqlite3_exec(reg->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	bulk_journal(b);
	st = tcreg__begin(reg);
	b->in_tx = st == TCREG_OK;
	if (st == TCREG_OK)
		st = batch_start(b, kind);
	if (st != TCREG_OK)
		batch_abandon(b);
	return st;
}

void
tcreg__batch_count(struct tcreg__batch *b, enum tcreg__outcome o)
{
	struct tcreg_import_result *r = b->res;
	r->rows++;
	switch (o) {
	case OUT_INSERTED: r->inserted++; break;
	case OUT_UPDATED: r->updated++; break;
	case OUT_UNCHANGED: r->unchanged++; break;
	case OUT_CONFLICT: r->conflicts++; break;
	case OUT_REJECTED: r->rejected++; break;
	}
}

/* How the file was read, as the batch records it: its encoding, or for a
 * workbook "xlsx:" and the sheet. */
static const char *
read_as(const struct tcreg_import_result *r, char *buf, size_t n)
{
	if (!r->sheet)
		return tcreg_encoding_name(r->encoding);
	snprintf(buf, n, "xlsx:%s", r->sheet);
	return buf;
}

static tcreg_status
previous_import(struct tcreg__batch *b, const char *kind)
{
	sqlite3_stmt *q;
	tcreg_status st = tcreg__prepare(b->reg, &q,
					 "SELECT id FROM import_batch WHERE sha256 = ? AND kind = ? "
					 "AND id <> ? AND (?4 IS NULL OR encoding = ?4) ORDER BY id LIMIT 1");
	if (st != TCREG_OK)
		return st;
	char how[300];
	sqlite3_bind_text(q, 1, b->res->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, b->res->batch_id);
	/* another sheet of the same workbook is other content */
	if (b->res->sheet)
		sqlite3_bind_text(q, 4, read_as(b->res, how, sizeof(how)), -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		b->res->previous_batch = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TCREG_OK
						     : tcreg__db_err(b->reg, rc, "checking earlier imports");
}

static tcreg_status
record_batch(struct tcreg__batch *b)
{
	struct tcreg_import_result *r = b->res;
	sqlite3_stmt *q;
	tcreg_status st = tcreg__prepare(b->reg, &q,
					 "UPDATE import_batch SET sha256 = ?, encoding = ?, rows = ?, "
					 "inserted = ?, updated = ?, unchanged = ?, conflicts = ?, "
					 "rejected = ? WHERE id = ?");
	if (st != TCREG_OK)
		return st;
	char buf[300];
	const char *how = read_as(r, buf, sizeof(buf));
	sqlite3_bind_text(q, 1, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, how, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, r->rows);
	sqlite3_bind_int64(q, 4, r->inserted);
	sqlite3_bind_int64(q, 5, r->updated);
	sqlite3_bind_int64(q, 6, r->unchanged);
	sqlite3_bind_int64(q, 7, r->conflicts);
	sqlite3_bind_int64(q, 8, r->rejected);
	sqlite3_bind_int64(q, 9, r->batch_id);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(b->reg, rc, "recording the import");
	json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:I}", "file",
			      r->file, "sha256", r->sha256, "encoding", how, "rows", (json_int_t)r->rows,
			      "inserted", (json_int_t)r->inserted, "updated", (json_int_t)r->updated,
			      "unchanged", (json_int_t)r->unchanged, "conflicts",
			      (json_int_t)r->conflicts, "rejected", (json_int_t)r->rejected,
			      "keep_going", (b->opts->flags & TCREG_IMPORT_KEEP_GOING) != 0, "force",
			      (b->opts->flags & TCREG_IMPORT_FORCE) != 0, "parties_updated",
			      (json_int_t)r->parties_updated);
	char *j = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!j)
		return TCREG_ERR_NOMEM;
	st = tcreg__audit(b->reg, "import", "batch", r->batch_id, r->batch_id, NULL, j);
	free(j);
	return st;
}

tcreg_status
tcreg__batch_end(struct tcreg__batch *b, const char *kind, tcreg_status st)
{
	struct tcreg_import_result *r = b->res;
	r->parties_updated = tcreg__store_parties_updated(b->store);
	tcreg__store_free(b->store);
	b->store = NULL;
	bool data_ok = st == TCREG_OK || st == TCREG_ERR_INVALID;
	bool already = false;
	if (data_ok && b->in_tx && r->sha256[0]) {
		tcreg_status s2 = previous_import(b, kind);
		if (s2 != TCREG_OK)
			st = s2;
		already = r->previous_batch && !(b->opts->flags & TCREG_IMPORT_FORCE);
		if (already) {
			char n[24];
			snprintf(n, sizeof(n), "%ld", r->previous_batch);
			tcreg__diags_add(r->diags, TCREG_SEV_ERROR, 0, 0, NULL, "E_ALREADY_IMPORTED",
					 N_("this file was imported before (batch %s); use --force to import it again"),
					 n, NULL);
		}
	}
	data_ok = st == TCREG_OK || st == TCREG_ERR_INVALID;
	long failures = r->rejected + r->conflicts;
	bool commit = data_ok && st == TCREG_OK && !already && !b->fatal &&
		      !(b->opts->flags & TCREG_IMPORT_DRY_RUN) &&
		      (failures == 0 || (b->opts->flags & TCREG_IMPORT_KEEP_GOING));
	if (commit) {
		st = record_batch(b);
		if (st == TCREG_OK)
			st = tcreg__commit(b->reg);
		if (st == TCREG_OK)
			r->committed = 1;
	}
	if (!r->committed) {
		if (b->in_tx)
			tcreg__rollback(b->reg);
		r->batch_id = 0;
	}
	b->in_tx = false;
	wal_again(b);
	sqlite3_exec(b->reg->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (st == TCREG_OK && (failures > 0 || already || b->fatal))
		st = TCREG_ERR_INVALID;
	return st;
}
