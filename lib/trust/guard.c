/* SPDX-License-Identifier: MIT
 * guard.c - a write begins only on a registry as tcreg left it.
 *
 * audit verify finds a change made outside tcreg; a write by tcreg must not
 * make one good.  Two ways it could: the seal triggers MAC whatever a row
 * holds when tcreg changes it, so a trigger planted with sqlite3(1) would
 * run inside tcreg's own transaction and have its changes sealed with the
 * key; and each commit writes seal_state from what the seal table holds
 * (which needs no key to edit), so one ordinary write would make a hand-
 * edited seal match again.  So every write transaction, inside its BEGIN
 * IMMEDIATE (nobody else can change the file meanwhile), first checks
 *   - seal_state: its MAC over the seal and the audit head it names, and
 *     that head still the trail's head;
 *   - the schema: every table, index, trigger and view of the file, by its
 *     SQL text, against the keyed MAC tcreg recorded when it made or
 *     migrated the registry (config 'schema_mac').
 * A registry that fails is refused before anything is written.  A registry
 * made before this check existed gets its schema MAC at its first change
 * (what its schema was then cannot be known).
 */
#include <inttypes.h>
#include <string.h>

#include "tcreg-private.h"

/* What SQLite itself may add to a file (ANALYZE, AUTOINCREMENT): not
 * tcreg's schema, and changed by SQLite as it likes. */
#define NOT_SQLITES "name NOT IN ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4')"

tcreg_status
tcreg__schema_mac(tcreg_registry *reg, char hex[65])
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT type, name, tbl_name, coalesce(sql, '') FROM main.sqlite_schema "
					"WHERE " NOT_SQLITES " ORDER BY type, name");
	if (s != TCREG_OK)
		return s;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_puts(&b, "schema");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++) {
			tcreg__buf_puts(&b, i ? "\x1f" : "\x1e");
			tcreg__buf_append(&b, sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
		}
	sqlite3_finalize(st);
	unsigned char mac[32];
	if (rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "reading the schema");
	else if (b.failed)
		s = TCREG_ERR_NOMEM;
	else
		s = tcreg__hmac(reg, b.data, b.len, mac);
	tcreg__buf_release(&b);
	if (s == TCREG_OK)
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	return s;
}

/* The key's own mark: a MAC of a fixed text, so that a registry opened
 * with another registry's key is told so at once, rather than every record
 * and row being reported changed. */
static tcreg_status
key_mark(tcreg_registry *reg, char hex[65])
{
	static const char text[] = "tcreg registry key";
	unsigned char mac[32];
	tcreg_status s = tcreg__hmac(reg, text, sizeof(text) - 1, mac);
	for (int i = 0; s == TCREG_OK && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	return s;
}

tcreg_status
tcreg__key_matches(tcreg_registry *reg, bool *matches, bool *marked)
{
	char want[65], have[65];
	tcreg_status s = tcreg__config_raw(reg, "key_mark", want, sizeof(want));
	if (s == TCREG_OK)
		s = key_mark(reg, have);
	*marked = s == TCREG_OK && want[0];
	*matches = s == TCREG_OK && strcmp(want, have) == 0;
	return s;
}

/* The key's mark and the schema's MAC, as tcreg made or migrated it. */
tcreg_status
tcreg__schema_seal(tcreg_registry *reg)
{
	char mark[65], mac[65];
	tcreg_status s = key_mark(reg, mark);
	if (s == TCREG_OK)
		s = tcreg__config_put(reg, "key_mark", mark);
	if (s == TCREG_OK)
		s = tcreg__schema_mac(reg, mac);
	if (s == TCREG_OK)
		s = tcreg__config_put(reg, "schema_mac", mac);
	return s;
}

tcreg_status
tcreg__schema_matches(tcreg_registry *reg, bool *matches, bool *sealed)
{
	char want[65], have[65];
	tcreg_status s = tcreg__config_raw(reg, "schema_mac", want, sizeof(want));
	if (s == TCREG_OK)
		s = tcreg__schema_mac(reg, have);
	*sealed = s == TCREG_OK && want[0];
	*matches = s == TCREG_OK && strcmp(want, have) == 0;
	return s;
}

/* seal_state as the key made it, and made at the trail's head. */
tcreg_status
tcreg__seal_state_holds(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT audit_id, audit_hash, mac FROM main.seal_state WHERE id = 1");
	if (s != TCREG_OK)
		return s;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return tcreg__db_err(reg, rc, "reading the seal");
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the registry's seal is missing: it was changed outside tcreg; nothing was "
				      "written (run 'tcreg audit verify')");
	}
	int64_t id = sqlite3_column_int64(st, 0), head_id = 0;
	char hash[65], head[65];
	snprintf(hash, sizeof(hash), "%s", (const char *)sqlite3_column_text(st, 1));
	unsigned char want[32], got[32] = { 0 };
	bool sized = sqlite3_column_bytes(st, 2) == 32;
	if (sized)
		memcpy(got, sqlite3_column_blob(st, 2), 32);
	sqlite3_finalize(st);
	s = tcreg__seal_state_mac(reg, id, hash, want);
	if (s != TCREG_OK)
		return s;
	if (!sized || memcmp(want, got, 32) != 0)
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the seal over the tables does not match the key: rows were removed or the seal "
				      "edited outside tcreg; nothing was written (run 'tcreg audit verify')");
	s = tcreg__audit_head(reg, &head_id, head);
	if (s == TCREG_OK && (head_id != id || strcmp(head, hash) != 0))
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the audit trail does not end where tcreg last sealed the registry (record %" PRId64 "): "
				      "it was changed outside tcreg; nothing was written (run 'tcreg audit verify')",
				      id);
	return s;
}

/* config as sealed: its rows against their MACs, their count and XOR
 * against the seal.  The guard's own marks live there; a mark blanked or
 * removed by hand must not pass for a registry that never had one. */
static tcreg_status
config_holds(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		"SELECT (SELECT count(*) FROM main.config) = s.n AND (SELECT tcreg_xor_agg(mac) FROM main.config) IS s.x "
		"AND NOT EXISTS (SELECT 1 FROM main.config c WHERE c.mac IS NOT tcreg_mac('config', c.key, c.value)) "
		"FROM main.seal s WHERE s.tbl = 'config'");
	if (s != TCREG_OK)
		return s;
	int rc = sqlite3_step(st);
	bool holds = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading the settings");
	if (!holds)
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the registry's settings were changed outside tcreg; nothing was written "
				      "(run 'tcreg audit verify')");
	return TCREG_OK;
}

tcreg_status
tcreg__guard(tcreg_registry *reg)
{
	bool matches = false, sealed = false;
	tcreg_status s = tcreg__key_matches(reg, &matches, &sealed);
	if (s != TCREG_OK)
		return s;
	if (sealed && !matches) /* first: with another key every check below fails */
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the registry key '%s.key' is not this registry's (another registry's key?); "
				      "nothing was written",
				      reg->path);
	s = config_holds(reg);
	if (s == TCREG_OK)
		s = tcreg__seal_state_holds(reg);
	if (s == TCREG_OK)
		s = tcreg__schema_matches(reg, &matches, &sealed);
	if (s != TCREG_OK)
		return s;
	/* a registry from before the schema was sealed (and the key marked):
	 * sealed now, in this transaction, with an audit record of its own */
	if (!sealed) {
		s = tcreg__schema_seal(reg);
		return s == TCREG_OK ? tcreg__audit(reg, "seal_schema", "registry", 0, 0, NULL, NULL) : s;
	}
	if (!matches)
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "the registry's tables, indexes, triggers or views were changed outside tcreg; "
				      "nothing was written (run 'tcreg audit verify')");
	return TCREG_OK;
}

/* The objects a fresh registry of this version has, by "type\x1fname", in
 * a temporary database of their own. */
static sqlite3 *
fresh_schema(void)
{
	const char *sql = tcreg__embedded("registry.sql", NULL);
	sqlite3 *db = NULL;
	if (!sql || sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The registry's objects by type and name, copied into fresh's temp.reg. */
static bool
copy_names(tcreg_registry *reg, sqlite3 *fresh)
{
	sqlite3_stmt *rd = NULL, *wr = NULL;
	bool ok = sqlite3_exec(fresh, "CREATE TEMP TABLE reg(type TEXT, name TEXT)", NULL, NULL, NULL) == SQLITE_OK &&
		  sqlite3_prepare_v2(reg->db, "SELECT type, name FROM main.sqlite_schema WHERE " NOT_SQLITES, -1, &rd,
				     NULL) == SQLITE_OK &&
		  sqlite3_prepare_v2(fresh, "INSERT INTO temp.reg VALUES (?, ?)", -1, &wr, NULL) == SQLITE_OK;
	while (ok && sqlite3_step(rd) == SQLITE_ROW) {
		sqlite3_bind_value(wr, 1, sqlite3_column_value(rd, 0));
		sqlite3_bind_value(wr, 2, sqlite3_column_value(rd, 1));
		ok = sqlite3_step(wr) == SQLITE_DONE;
		sqlite3_reset(wr);
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	return ok;
}

/* Calls each(ctx, missing, type, name) for each object the registry has and
 * a fresh one of this version has not (missing false), and each a fresh one
 * has and the registry has not (missing true).  A migrated registry has the
 * fresh one's objects; only its tables' text may differ (ALTER TABLE writes
 * it its own way), so text is not compared here. */
tcreg_status
tcreg__schema_differences(tcreg_registry *reg, void (*each)(void *, bool, const char *, const char *), void *ctx)
{
	sqlite3 *fresh = fresh_schema();
	if (!fresh || !copy_names(reg, fresh)) {
		sqlite3_close(fresh);
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "cannot compare the schema with a fresh registry's");
	}
	static const char *const q[2] = {
		"SELECT type, name FROM temp.reg WHERE (type, name) NOT IN "
		"(SELECT type, name FROM main.sqlite_schema) ORDER BY type, name",
		"SELECT type, name FROM main.sqlite_schema WHERE " NOT_SQLITES " AND (type, name) NOT IN "
		"(SELECT type, name FROM temp.reg) ORDER BY type, name",
	};
	for (int missing = 0; missing < 2; missing++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(fresh, q[missing], -1, &st, NULL) != SQLITE_OK)
			break;
		while (sqlite3_step(st) == SQLITE_ROW)
			each(ctx, missing, (const char *)sqlite3_column_text(st, 0),
			     (const char *)sqlite3_column_text(st, 1));
		sqlite3_finalize(st);
	}
	sqlite3_close(fresh);
	return TCREG_OK;
}
