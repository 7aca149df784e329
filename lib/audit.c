/* SPDX-License-Identifier: MIT
 * audit.c - the append-only audit trail.  Rows are chained by SHA-256 and
 * the head of the chain is kept in config, so an edited, removed or
 * truncated trail is found by tcreg_audit_verify.
 */
#include <inttypes.h>
#include <string.h>

#include "tcreg-private.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void
row_hash(int64_t id, const char *prev, const char *at, const char *op, const char *action,
	 const char *entity, const char *entity_id, const char *batch_id, const char *old_json,
	 const char *new_json, char out[65])
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "%" PRId64 "\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", id,
			  prev, at, op, action, entity, entity_id ? entity_id : "",
			  batch_id ? batch_id : "", old_json ? old_json : "\x1e",
			  new_json ? new_json : "\x1e");
	tcreg__sha256_hex(b.data ? b.data : "", b.len, out);
	tcreg__buf_release(&b);
}

static tcreg_status
head(tcreg_registry *reg, int64_t *last_id, char hash[65])
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	if (s != TCREG_OK)
		return s;
	int rc = sqlite3_step(st);
	*last_id = 0;
	strcpy(hash, GENESIS);
	if (rc == SQLITE_ROW) {
		*last_id = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 1));
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "reading the audit trail");
}

tcreg_status
tcreg__audit(tcreg_registry *reg, const char *action, const char *entity, int64_t entity_id,
	     int64_t batch_id, const char *old_json, const char *new_json)
{
	char prev[65], hash[65], at[20], eid[24] = "", bid[24] = "";
	int64_t last;
	tcreg_status s = head(reg, &last, prev);
	if (s != TCREG_OK)
		return s;
	tcreg__now(reg, at, NULL);
	if (entity_id)
		snprintf(eid, sizeof(eid), "%" PRId64, entity_id);
	if (batch_id)
		snprintf(bid, sizeof(bid), "%" PRId64, batch_id);
	const char *op = tcreg__operator(reg);
	row_hash(last + 1, prev, at, op, action, entity, eid, bid, old_json, new_json, hash);

	sqlite3_stmt *st;
	s = tcreg__prepare(reg, &st,
			   "INSERT INTO audit(id, at, operator, action, entity, entity_id, batch_id, "
			   "old_value, new_value, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, last + 1);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, entity, -1, SQLITE_STATIC);
	if (entity_id)
		sqlite3_bind_int64(st, 6, entity_id);
	if (batch_id)
		sqlite3_bind_int64(st, 7, batch_id);
	if (old_json)
		sqlite3_bind_text(st, 8, old_json, -1, SQLITE_STATIC);
	if (new_json)
		sqlite3_bind_text(st, 9, new_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "writing the audit trail");

	s = tcreg__prepare(reg, &st,
			   "INSERT INTO config(key, value) VALUES ('audit_head', ?) "
			   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (s != TCREG_OK)
		return s;
	char headval[96];
	snprintf(headval, sizeof(headval), "%" PRId64 ":%s", last + 1, hash);
	sqlite3_bind_text(st, 1, headval, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "writing the audit trail");
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

tcreg_status
tcreg_audit_verify(tcreg_registry *reg, int64_t *rows, int64_t *bad_id)
{
	*rows = 0;
	*bad_id = 0;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		"SELECT id, at, operator, action, entity, entity_id, batch_id, old_value, "
		"new_value, prev_hash, hash FROM audit ORDER BY id");
	if (s != TCREG_OK)
		return s;
	char prev[65] = GENESIS, hash[65];
	int64_t expect = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *old_json = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : col(st, 7);
		const char *new_json = sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL : col(st, 8);
		row_hash(id, prev, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5),
			 col(st, 6), old_json, new_json, hash);
		if (id != expect || strcmp(col(st, 9), prev) != 0 || strcmp(col(st, 10), hash) != 0) {
			*bad_id = id;
			sqlite3_finalize(st);
			return tcreg__set_err(reg, TCREG_ERR_INVALID,
					      "audit row %" PRId64 " does not match the chain", id);
		}
		memcpy(prev, hash, sizeof(prev));
		expect++;
		(*rows)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading the audit trail");

	/* the head in config catches rows cut off the end */
	s = tcreg__prepare(reg, &st, "SELECT value FROM config WHERE key = 'audit_head'");
	if (s != TCREG_OK)
		return s;
	char want[96] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(want, sizeof(want), "%s", col(st, 0));
	sqlite3_finalize(st);
	char have[96];
	snprintf(have, sizeof(have), "%" PRId64 ":%s", *rows, prev);
	if (*rows > 0 && strcmp(want, have) != 0) {
		*bad_id = *rows + 1;
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "the audit trail ends early: rows after %" PRId64 " are missing", *rows);
	}
	return TCREG_OK;
}
