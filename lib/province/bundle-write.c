/* SPDX-License-Identifier: MIT
 * bundle-write.c - tcreg export: a station's work since its last export,
 * as one bundle (bundle.c).
 *
 * An export covers a range of the station's audit trail, (audit_from,
 * audit_to]: the records themselves, and the current state of every
 * contract of the station (point 1) that a record of the range touched (a
 * decision, an import that filed or paid it, a reversal), with its parties
 * and all its payments, deductions, reviews and objections.  A contract
 * touched again later is carried again, whole: the province takes the last
 * state.  Exports are numbered and each names the hash of the one before,
 * so the province sees a gap; the export is recorded here (export_log) and
 * in the audit trail in the same transaction that writes the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcreg-private.h"

static int64_t
count(tcreg_registry *reg, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bundle.%s", table);
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, sql) != TCREG_OK)
		return 0;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return n;
}

/* Where the export starts: the range and the hashes the last one ended on. */
static tcreg_status
starting_point(tcreg_registry *reg, int64_t since, tcreg_export_result *r)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT coalesce(max(seq), 0) FROM export_log");
	if (s != TCREG_OK)
		return s;
	int64_t last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (since < 0)
		since = last;
	if (since > last)
		return tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "there is no export %lld here (the last is %lld)",
				      (long long)since, (long long)last);
	r->seq = since + 1;
	strcpy(r->prev_hash, TCREG_GENESIS);
	if (since == 0)
		return TCREG_OK;
	if ((s = tcreg__prepare(reg, &st, "SELECT audit_to, hash FROM export_log WHERE seq = ?")) != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, since);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->audit_from = sqlite3_column_int64(st, 0);
		snprintf(r->prev_hash, sizeof(r->prev_hash), "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return TCREG_OK;
}

static tcreg_status
audit_hash_at(tcreg_registry *reg, int64_t id, char out[65])
{
	strcpy(out, TCREG_GENESIS);
	if (id == 0)
		return TCREG_OK;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT hash FROM audit WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return TCREG_OK;
}

/* The rows: the contracts the range touched, then what goes with them. */
static tcreg_status
fill(tcreg_registry *reg, int64_t from, int64_t to)
{
	const struct tcreg__btable *t = tcreg__btables;
	struct tcreg__buf q;
	tcreg__buf_init(&q);
#define RANGE(a) "%1$s" a ".id > %2$" PRId64 " AND " a ".id <= %3$" PRId64
	tcreg__buf_printf(&q,
		"CREATE TEMP TABLE IF NOT EXISTS bundle_c(id INTEGER PRIMARY KEY); DELETE FROM temp.bundle_c;"
		"INSERT OR IGNORE INTO temp.bundle_c "
		"SELECT a.entity_id FROM main.audit a WHERE " RANGE("a") " AND a.entity = 'contract' "
		"AND a.entity_id IS NOT NULL "
		"UNION SELECT c.id FROM main.audit a JOIN main.contract c ON c.batch_id = a.batch_id "
		"WHERE " RANGE("a") " AND a.entity = 'batch' "
		"UNION SELECT p.contract_id FROM main.audit a JOIN main.payment p ON p.batch_id = a.batch_id "
		"WHERE " RANGE("a") " AND a.entity = 'batch' "
		"UNION SELECT p.contract_id FROM main.audit a JOIN main.payment p ON p.id = a.entity_id "
		"WHERE " RANGE("a") " AND a.entity = 'payment';"
		/* the deal a 技术中介 contract served goes with it */
		"INSERT OR IGNORE INTO temp.bundle_c SELECT served_contract_id FROM main.contract "
		"WHERE id IN (SELECT id FROM temp.bundle_c) AND served_contract_id IS NOT NULL;"
		"DELETE FROM temp.bundle_c WHERE id NOT IN (SELECT id FROM main.contract WHERE point_id = 1);",
		"", from, to);
	tcreg__buf_printf(&q, "INSERT INTO bundle.contract SELECT %s FROM main.contract "
			  "WHERE id IN (SELECT id FROM temp.bundle_c) ORDER BY id;", t[1].cols);
	tcreg__buf_printf(&q, "INSERT INTO bundle.party SELECT %4$s FROM main.party WHERE id IN "
			  "(SELECT seller_id FROM bundle.contract UNION SELECT buyer_id FROM bundle.contract "
			  "UNION SELECT a.entity_id FROM main.audit a WHERE " RANGE("a") " AND a.entity = 'party') "
			  "ORDER BY id;", "", from, to, t[0].cols);
	for (int i = 2; i < 6; i++)
		tcreg__buf_printf(&q, "INSERT INTO bundle.%s SELECT %s FROM main.%s "
				  "WHERE contract_id IN (SELECT id FROM temp.bundle_c) ORDER BY id;",
				  t[i].name, t[i].cols, t[i].name);
	tcreg__buf_printf(&q, "INSERT INTO bundle.reg_sequence SELECT year, last FROM main.reg_sequence "
			  "WHERE point_id = 1;");
	tcreg__buf_printf(&q, "INSERT INTO bundle.audit SELECT %4$s FROM main.audit a WHERE " RANGE("a")
			  " ORDER BY id;", "", from, to, t[7].cols);
#undef RANGE
	tcreg_status s = q.data ? tcreg__exec(reg, q.data, TCREG_ERR_IO, N_("writing the bundle")) : TCREG_ERR_NOMEM;
	tcreg__buf_release(&q);
	return s;
}

static tcreg_status
write_head(tcreg_registry *reg, const tcreg_export_result *r, const char *audit_prev, const char *audit_head)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
		"INSERT INTO bundle.bundle(format, region, code, name, area, seq, prev_hash, audit_from, "
		"audit_to, audit_prev, audit_head, created_at) "
		"SELECT ?1, region, code, name, area, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM main.point WHERE id = 1");
	if (s != TCREG_OK)
		return s;
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_bind_text(st, 1, TCREG_BUNDLE_FORMAT, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->seq);
	sqlite3_bind_text(st, 3, r->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->audit_from);
	sqlite3_bind_int64(st, 5, r->audit_to);
	sqlite3_bind_text(st, 6, audit_prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, audit_head, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(reg->db);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "writing the bundle");
	if (changed != 1)
		return tcreg__set_err(reg, TCREG_ERR_CONFIG,
				      "no agency profile: set it with 'tcreg init --agency-name NAME "
				      "--region CODE --point NN'");
	return TCREG_OK;
}

static tcreg_status
seal_head(tcreg_registry *reg, tcreg_export_result *r, const char *key_file)
{
	tcreg_status s = tcreg__bundle_hash(reg, reg->db, "bundle", r->hash);
	unsigned char sig[128];
	size_t siglen = sizeof(sig);
	if (s == TCREG_OK && key_file)
		s = tcreg__bundle_sign(reg, key_file, r->hash, sig, &siglen);
	sqlite3_stmt *st;
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &st, "UPDATE bundle.bundle SET hash = ?, signature = ?");
	if (s != TCREG_OK)
		return s;
	r->signed_ = key_file != NULL;
	sqlite3_bind_text(st, 1, r->hash, -1, SQLITE_STATIC);
	if (key_file)
		sqlite3_bind_blob(st, 2, sig, (int)siglen, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "writing the bundle");
}

static tcreg_status
record(tcreg_registry *reg, const tcreg_export_result *r, const char *path)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "DELETE FROM export_log WHERE seq >= ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, r->seq);
	int rc = sqlite3_step(st);
	int superseded = sqlite3_changes(reg->db);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "recording the export");
	if ((s = tcreg__prepare(reg, &st,
				"INSERT INTO export_log(seq, audit_from, audit_to, prev_hash, hash, file_name, "
				"contracts, exported_at, exported_by) VALUES (?,?,?,?,?,?,?,?,?)")) != TCREG_OK)
		return s;
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_bind_int64(st, 1, r->seq);
	sqlite3_bind_int64(st, 2, r->audit_from);
	sqlite3_bind_int64(st, 3, r->audit_to);
	sqlite3_bind_text(st, 4, r->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, r->contracts);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, tcreg__operator(reg), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "recording the export");
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:i}", "seq", (json_int_t)r->seq,
			      "file", path, "hash", r->hash, "prev_hash", r->prev_hash, "audit_from",
			      (json_int_t)r->audit_from, "audit_to", (json_int_t)r->audit_to, "contracts",
			      (json_int_t)r->contracts, "parties", (json_int_t)r->parties, "payments",
			      (json_int_t)r->payments, "signed", r->signed_, "superseded", superseded);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	s = text ? tcreg__audit(reg, "export", "bundle", r->seq, 0, NULL, text) : TCREG_ERR_NOMEM;
	free(text);
	return s;
}

static tcreg_status
export_in(tcreg_registry *reg, int64_t since, const char *key_file, const char *path, tcreg_export_result *r)
{
	char audit_prev[65], audit_head[65];
	tcreg_status s = starting_point(reg, since, r);
	if (s == TCREG_OK)
		s = tcreg__audit_head(reg, &r->audit_to, audit_head);
	if (s == TCREG_OK)
		s = audit_hash_at(reg, r->audit_from, audit_prev);
	if (s == TCREG_OK)
		s = tcreg__bundle_create(reg, "bundle");
	if (s == TCREG_OK)
		s = fill(reg, r->audit_from, r->audit_to);
	if (s == TCREG_OK)
		s = write_head(reg, r, audit_prev, audit_head);
	if (s == TCREG_OK) {
		r->contracts = count(reg, "contract");
		r->parties = count(reg, "party");
		r->payments = count(reg, "payment");
		s = seal_head(reg, r, key_file);
	}
	if (s == TCREG_OK)
		s = record(reg, r, path);
	return s;
}

tcreg_status
tcreg_export(tcreg_registry *reg, int64_t since, const char *key_file, const char *path, tcreg_export_result *out)
{
	memset(out, 0, sizeof(*out));
	tcreg_status s = tcreg__require_role(reg, "admin");
	if (s != TCREG_OK)
		return s;
	if (access(path, F_OK) == 0)
		return tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "'%s' exists: an export never replaces a file", path);
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.%ld.tmp", path, (long)getpid()) < 0)
		return TCREG_ERR_NOMEM;
	/* the registry is opened without SQLITE_OPEN_CREATE, and so is what
	 * it attaches: the file is made here, empty (SQLite takes an empty file
	 * for a new database) */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, (mode_t)tcreg__file_mode());
	if (fd < 0)
		s = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot create '%s': %s", tmp, strerror(errno));
	else
		close(fd);
	sqlite3_stmt *st;
	if (s == TCREG_OK && (s = tcreg__prepare(reg, &st, "ATTACH ? AS bundle")) == TCREG_OK) {
		sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			s = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot create '%s': %s", tmp, sqlite3_errmsg(reg->db));
	}
	bool attached = s == TCREG_OK;
	if (s == TCREG_OK && (s = tcreg__begin(reg)) == TCREG_OK) {
		s = export_in(reg, since, key_file, path, out);
		if (s == TCREG_OK)
			s = tcreg__commit(reg);
		else
			tcreg__rollback(reg);
	}
	if (attached)
		sqlite3_exec(reg->db, "DETACH bundle", NULL, NULL, NULL);
	if (s == TCREG_OK && rename(tmp, path) != 0)
		s = tcreg__set_err(reg, TCREG_ERR_CANTCREAT,
				   "export %lld is recorded but '%s' could not be written: write it again with "
				   "'tcreg export --since %lld -o FILE'",
				   (long long)out->seq, path, (long long)out->seq - 1);
	if (s != TCREG_OK)
		unlink(tmp);
	free(tmp);
	return s;
}
