/* SPDX-License-Identifier: MIT
 * audit.c - the append-only audit trail.  Rows are chained by HMAC-SHA256
 * with the registry's key (rows written before schema 6 by plain SHA-256;
 * config audit_keyed_from tells where the key starts, and config is sealed)
 * and the head of the chain is kept in config, so an edited, removed or
 * truncated trail is found by tcreg_audit_verify, and a chain rebuilt by
 * someone without the key does not verify.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static int64_t tcreg__audit_keyed_from(tcreg_registry *reg);

static tcreg_status
row_hash(tcreg_registry *reg, int64_t id, const char *prev, const char *at, const char *op, const char *action,
	 const char *entity, const char *entity_id, const char *batch_id, const char *old_json,
	 const char *new_json, char out[65])
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "%" PRId64 "\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", id,
			  prev, at, op, action, entity, entity_id ? entity_id : "",
			  batch_id ? batch_id : "", old_json ? old_json : "\x1e",
			  new_json ? new_json : "\x1e");
	tcreg_status st = TCREG_OK;
	int64_t keyed = tcreg__audit_keyed_from(reg);
	if (keyed < 0) {
		st = TCREG_ERR_DB;
	} else if (keyed > 0 && id >= keyed) {
		unsigned char mac[32];
		st = tcreg__hmac(reg, b.data ? b.data : "", b.len, mac);
		for (int i = 0; st == TCREG_OK && i < 32; i++)
			snprintf(out + 2 * i, 3, "%02x", mac[i]);
	} else {
		tcreg__sha256_hex(b.data ? b.data : "", b.len, out);
	}
	tcreg__buf_release(&b);
	return st;
}

/* The first audit id chained with the key: 0 when the registry predates
 * the key (never, once migrated), -1 on a read error. */
static int64_t
tcreg__audit_keyed_from(tcreg_registry *reg)
{
	if (reg->keyed_from)
		return reg->keyed_from;
	char text[24];
	if (tcreg__config_raw(reg, "audit_keyed_from", text, sizeof(text)) != TCREG_OK)
		return -1;
	int64_t v = strtoll(text, NULL, 10);
	if (v > 0)
		reg->keyed_from = v;
	return v;
}

tcreg_status
tcreg__audit_key_from_here(tcreg_registry *reg)
{
	int64_t last;
	char hash[65];
	tcreg_status s = tcreg__audit_head(reg, &last, hash);
	char v[24];
	snprintf(v, sizeof(v), "%" PRId64, last + 1);
	if (s == TCREG_OK)
		s = tcreg__config_put(reg, "audit_keyed_from", v);
	if (s != TCREG_OK)
		return s;
	reg->keyed_from = last + 1;
	return TCREG_OK;
}

tcreg_status
tcreg__audit_head(tcreg_registry *reg, int64_t *last_id, char hash[65])
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
	tcreg_status s = tcreg__audit_head(reg, &last, prev);
	if (s != TCREG_OK)
		return s;
	tcreg__now(reg, at, NULL);
	if (entity_id)
		snprintf(eid, sizeof(eid), "%" PRId64, entity_id);
	if (batch_id)
		snprintf(bid, sizeof(bid), "%" PRId64, batch_id);
	const char *op = tcreg__operator(reg);
	s = row_hash(reg, last + 1, prev, at, op, action, entity, eid, bid, old_json, new_json, hash);
	if (s != TCREG_OK)
		return s;

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

	char headval[96];
	snprintf(headval, sizeof(headval), "%" PRId64 ":%s", last + 1, hash);
	return tcreg__config_put(reg, "audit_head", headval);
}

tcreg_status
tcreg__audit_row_hash(tcreg_registry *reg, sqlite3_stmt *st, const char *prev, char hash[65])
{
	const char *o = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, 7);
	const char *n = sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, 8);
#define C(i) (sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
	return row_hash(reg, sqlite3_column_int64(st, 0), prev, C(1), C(2), C(3), C(4), C(5), C(6), o, n,
			hash);
#undef C
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
		s = row_hash(reg, id, prev, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5),
			     col(st, 6), old_json, new_json, hash);
		if (s != TCREG_OK) {
			sqlite3_finalize(st);
			return s;
		}
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
	char want[96];
	if ((s = tcreg__config_raw(reg, "audit_head", want, sizeof(want))) != TCREG_OK)
		return s;
	char have[96];
	snprintf(have, sizeof(have), "%" PRId64 ":%s", *rows, prev);
	if (*rows > 0 && strcmp(want, have) != 0) {
		*bad_id = *rows + 1;
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "the audit trail ends early: rows after %" PRId64 " are missing", *rows);
	}
	return TCREG_OK;
}
