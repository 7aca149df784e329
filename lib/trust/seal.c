/* SPDX-License-Identifier: MIT
 * seal.c - every row that matters carries a MAC of its content.
 *
 * The MAC is written by temporary triggers this connection installs, so it
 * is kept by every statement tcreg runs, in that statement, and by nothing
 * else: sqlite3 at the file, or any other program, changes a row without
 * changing its MAC the way the key would (it does not have the key).  The
 * table `seal` keeps per table the count of rows and the XOR of their MACs,
 * so a removed row is found too, and `seal_state` a MAC over the seal and
 * the audit head, written as each transaction commits.
 *
 * The rows an import adds come sealed instead (tcreg__sealed_insert: the
 * MAC is one of the values the INSERT writes, so the row is written once),
 * and their MACs join the seal as the transaction commits.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

/* The tables whose rows are sealed.  The audit trail is sealed by its own
 * keyed chain; seal and seal_state describe the others. */
const char *const tcreg__sealed_tables[] = {
	"config", "point", "party", "import_batch", "contract", "payment", "deduction", "review",
	"reg_sequence", "award_run", "award", "award_contract", "award_payment", "objection",
	"operator", "operator_point", "export_log", "merge_log", "origin", "station_audit",
	"merge_conflict", NULL
};

static unsigned char *
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

static unsigned char *
put_u64(unsigned char *p, uint64_t v)
{
	return put_u32(put_u32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

/* The bytes put_value writes for v. */
static size_t
value_size(sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL: return 1;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT: return 9;
	default: return 5 + (size_t)sqlite3_value_bytes(v);
	}
}

/* Each value with its type, so NULL, '' and 0 and "1" and 1 all differ. */
static unsigned char *
put_value(unsigned char *p, sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		*p++ = 'N';
		return p;
	case SQLITE_INTEGER:
		*p++ = 'I';
		return put_u64(p, (uint64_t)sqlite3_value_int64(v));
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(v);
		uint64_t bits;
		memcpy(&bits, &d, sizeof(bits));
		*p++ = 'F';
		return put_u64(p, bits);
	}
	case SQLITE_TEXT: {
		const unsigned char *t = sqlite3_value_text(v);
		size_t n = (size_t)sqlite3_value_bytes(v);
		*p++ = 'T';
		p = put_u32(p, (uint32_t)n);
		return n ? (unsigned char *)memcpy(p, t, n) + n : p;
	}
	default: {
		const void *b = sqlite3_value_blob(v);
		size_t n = (size_t)sqlite3_value_bytes(v);
		*p++ = 'B';
		p = put_u32(p, (uint32_t)n);
		return n ? (unsigned char *)memcpy(p, b, n) + n : p;
	}
	}
}

/* The row's MAC of tcreg_mac's arguments into mac; false with the
 * function's error set.  (An import makes one per row: most rows fit the
 * stack.) */
static bool
row_mac(sqlite3_context *ctx, int argc, sqlite3_value **argv, unsigned char mac[32])
{
	tcreg_registry *reg = sqlite3_user_data(ctx);
	unsigned char small[2048];
	size_t n = 4;
	for (int i = 0; i < argc; i++)
		n += value_size(argv[i]);
	unsigned char *buf = n <= sizeof(small) ? small : malloc(n);
	if (!buf) {
		sqlite3_result_error_nomem(ctx);
		return false;
	}
	unsigned char *p = buf;
	memcpy(p, "row\x1f", 4);
	p += 4;
	for (int i = 0; i < argc; i++)
		p = put_value(p, argv[i]);
	tcreg_status st = tcreg__hmac(reg, buf, (size_t)(p - buf), mac);
	if (buf != small)
		free(buf);
	if (st != TCREG_OK)
		sqlite3_result_error(ctx, reg->errmsg, -1);
	return st == TCREG_OK;
}

/* tcreg_mac(table, v1, v2, ...): the row's MAC, 16 bytes */
static void
fn_mac(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char mac[32];
	if (row_mac(ctx, argc, argv, mac))
		sqlite3_result_blob(ctx, mac, TCREG_MAC_BYTES, SQLITE_TRANSIENT);
}

/* tcreg_new_mac(table, v1, v2, ...): tcreg_mac of the row a sealed insert
 * adds, kept for tcreg__sealed_step (cheaper than a RETURNING clause) */
static void
fn_new_mac(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	tcreg_registry *reg = sqlite3_user_data(ctx);
	unsigned char mac[32];
	if (!row_mac(ctx, argc, argv, mac))
		return;
	memcpy(reg->new_mac, mac, TCREG_MAC_BYTES);
	reg->new_mac_set = true;
	sqlite3_result_blob(ctx, mac, TCREG_MAC_BYTES, SQLITE_TRANSIENT);
}

static void
xor_into(unsigned char acc[TCREG_MAC_BYTES], sqlite3_value *v)
{
	if (sqlite3_value_type(v) != SQLITE_BLOB)
		return;
	const unsigned char *p = sqlite3_value_blob(v);
	int n = sqlite3_value_bytes(v);
	for (int i = 0; i < n && i < TCREG_MAC_BYTES; i++)
		acc[i] ^= p[i];
}

/* tcreg_xor(a, b, ...): bytewise XOR of 16-byte MACs; NULL counts as zero */
static void
fn_xor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char acc[TCREG_MAC_BYTES] = { 0 };
	for (int i = 0; i < argc; i++)
		xor_into(acc, argv[i]);
	sqlite3_result_blob(ctx, acc, TCREG_MAC_BYTES, SQLITE_TRANSIENT);
}

static void
agg_xor_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char *acc = sqlite3_aggregate_context(ctx, TCREG_MAC_BYTES);
	if (acc && argc == 1)
		xor_into(acc, argv[0]);
}

static void
agg_xor_final(sqlite3_context *ctx)
{
	unsigned char zero[TCREG_MAC_BYTES] = { 0 };
	unsigned char *acc = sqlite3_aggregate_context(ctx, 0);
	sqlite3_result_blob(ctx, acc ? acc : zero, TCREG_MAC_BYTES, SQLITE_TRANSIENT);
}

/* The tables whose new rows tcreg__sealed_insert seals as it adds them. */
static const char *const inline_tables[TCREG__INLINE_TABLES] = { "contract", "party", "payment" };

static int
inline_index(const char *t)
{
	for (int i = 0; i < TCREG__INLINE_TABLES; i++)
		if (strcmp(t, inline_tables[i]) == 0)
			return i;
	return -1;
}

tcreg_status
tcreg__seal_functions(tcreg_registry *reg)
{
	int rc = sqlite3_create_function(reg->db, "tcreg_mac", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
					 reg, fn_mac, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(reg->db, "tcreg_new_mac", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
					     reg, fn_new_mac, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(reg->db, "tcreg_xor", -1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_xor, NULL,
					     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(reg->db, "tcreg_xor_agg", 1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
					     agg_xor_step, agg_xor_final);
	return rc == SQLITE_OK ? TCREG_OK : tcreg__db_err(reg, rc, "registering the seal functions");
}

tcreg_status
tcreg__table_shape(tcreg_registry *reg, const char *table, struct tcreg__shape *out)
{
	memset(out, 0, sizeof(*out));
	tcreg__buf_init(&out->cols);
	tcreg__buf_init(&out->pk);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st, "SELECT name, pk FROM pragma_table_info(?) WHERE name <> 'mac' ORDER BY cid");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		tcreg__buf_printf(&out->cols, "%s\"%s\"", out->ncols++ ? "," : "", name);
		if (sqlite3_column_int(st, 1) > 0)
			tcreg__buf_printf(&out->pk, "%s\"%s\"", out->npk++ ? "," : "", name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading a table's columns");
	if (out->ncols == 0 || out->npk == 0)
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "table %s has no key to seal by", table);
	return TCREG_OK;
}

void
tcreg__shape_release(struct tcreg__shape *s)
{
	tcreg__buf_release(&s->cols);
	tcreg__buf_release(&s->pk);
}

/* "a,b,c" with each name prefixed: "NEW.a,NEW.b,NEW.c" */
static void
prefixed(struct tcreg__buf *out, const struct tcreg__buf *names, const char *prefix)
{
	const char *p = names->data;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		tcreg__buf_printf(out, "%s%s%.*s", out->len && out->data[out->len - 1] != '(' ? "," : "",
				  prefix, (int)n, p);
		p = e ? e + 1 : NULL;
	}
}

/* "a = NEW.a AND b = NEW.b" */
static void
pk_match(struct tcreg__buf *out, const struct tcreg__buf *pk, const char *prefix)
{
	const char *p = pk->data;
	bool first = true;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		tcreg__buf_printf(out, "%s%.*s = %s%.*s", first ? "" : " AND ", (int)n, p, prefix,
				  (int)n, p);
		first = false;
		p = e ? e + 1 : NULL;
	}
}

/* Trigger bodies may not name a schema; a TEMP trigger's unqualified
 * names find main's tables (temp holds none of these names).  A row that
 * arrives with its MAC was sealed by tcreg__sealed_insert, which also
 * folds it into the seal: the insert trigger leaves it alone.  Updates and
 * deletes keep the seal for every row, whoever sealed it. */
static void
trigger_sql(struct tcreg__buf *b, const char *t, const struct tcreg__shape *sh)
{
	const char *wnew = inline_index(t) >= 0 ? "WHEN NEW.mac IS NULL" : "";
	struct tcreg__buf mac, where;
	tcreg__buf_init(&mac);
	tcreg__buf_init(&where);
	tcreg__buf_printf(&mac, "tcreg_mac('%s'", t);
	prefixed(&mac, &sh->cols, "NEW.");
	tcreg__buf_puts(&mac, ")");
	pk_match(&where, &sh->pk, "NEW.");
	const char *m = mac.data, *w = where.data;
	tcreg__buf_printf(b,
			  "CREATE TEMP TRIGGER IF NOT EXISTS tcreg_seal_%1$s_i AFTER INSERT ON main.%1$s %5$s BEGIN "
			  "UPDATE %1$s SET mac = %2$s WHERE %3$s; "
			  "UPDATE seal SET n = n + 1, x = tcreg_xor(x, (SELECT mac FROM %1$s WHERE %3$s)) "
			  "WHERE tbl = '%1$s'; END;\n"
			  "CREATE TEMP TRIGGER IF NOT EXISTS tcreg_seal_%1$s_u AFTER UPDATE OF %4$s ON main.%1$s BEGIN "
			  "UPDATE %1$s SET mac = %2$s WHERE %3$s; "
			  "UPDATE seal SET x = tcreg_xor(x, OLD.mac, (SELECT mac FROM %1$s WHERE %3$s)) "
			  "WHERE tbl = '%1$s'; END;\n"
			  "CREATE TEMP TRIGGER IF NOT EXISTS tcreg_seal_%1$s_d AFTER DELETE ON main.%1$s BEGIN "
			  "UPDATE seal SET n = n - 1, x = tcreg_xor(x, OLD.mac) WHERE tbl = '%1$s'; END;\n",
			  t, m, w, sh->cols.data, wnew);
	tcreg__buf_release(&mac);
	tcreg__buf_release(&where);
}

tcreg_status
tcreg__seal_install(tcreg_registry *reg)
{
	if (reg->sealing)
		return TCREG_OK;
	struct tcreg__buf sql;
	tcreg__buf_init(&sql);
	tcreg_status st = TCREG_OK;
	for (const char *const *t = tcreg__sealed_tables; st == TCREG_OK && *t; t++) {
		struct tcreg__shape sh;
		st = tcreg__table_shape(reg, *t, &sh);
		if (st == TCREG_OK)
			trigger_sql(&sql, *t, &sh);
		tcreg__shape_release(&sh);
	}
	if (st == TCREG_OK) {
		char *msg = NULL;
		int rc = sqlite3_exec(reg->db, sql.data, NULL, NULL, &msg);
		if (rc != SQLITE_OK)
			st = tcreg__set_err(reg, TCREG_ERR_DB, "installing the seal: %s",
					    msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
	}
	tcreg__buf_release(&sql);
	if (st == TCREG_OK)
		reg->sealing = true;
	return st;
}

/* Seal every row of every table as it stands (a new or migrated registry). */
tcreg_status
tcreg__seal_all(tcreg_registry *reg)
{
	tcreg_status st = TCREG_OK;
	for (const char *const *t = tcreg__sealed_tables; st == TCREG_OK && *t; t++) {
		struct tcreg__shape sh;
		st = tcreg__table_shape(reg, *t, &sh);
		struct tcreg__buf sql;
		tcreg__buf_init(&sql);
		if (st == TCREG_OK) {
			tcreg__buf_printf(&sql, "UPDATE main.%s SET mac = tcreg_mac('%s',%s);", *t, *t,
					  sh.cols.data);
			tcreg__buf_printf(&sql,
					  "INSERT INTO main.seal(tbl, n, x) SELECT '%1$s', count(*), "
					  "tcreg_xor_agg(mac) FROM main.%1$s WHERE true "
					  "ON CONFLICT(tbl) DO UPDATE SET n = excluded.n, x = excluded.x;",
					  *t);
			char *msg = NULL;
			int rc = sqlite3_exec(reg->db, sql.data, NULL, NULL, &msg);
			if (rc != SQLITE_OK)
				st = tcreg__set_err(reg, TCREG_ERR_DB, "sealing %s: %s", *t,
						    msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
		}
		tcreg__buf_release(&sql);
		tcreg__shape_release(&sh);
	}
	return st;
}

/* The MAC over the seal and the audit head at their moment. */
tcreg_status
tcreg__seal_state_mac(tcreg_registry *reg, int64_t audit_id, const char *audit_hash,
		      unsigned char out[32])
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT tbl, n, x FROM main.seal ORDER BY tbl");
	if (s != TCREG_OK)
		return s;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "state\x1f%" PRId64 "\x1f%s", audit_id, audit_hash);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tcreg__buf_printf(&b, "\x1e%s\x1f%" PRId64 "\x1f", sqlite3_column_text(st, 0),
				  (int64_t)sqlite3_column_int64(st, 1));
		tcreg__buf_append(&b, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "reading the seal");
	else
		s = tcreg__hmac(reg, b.data, b.len, out);
	tcreg__buf_release(&b);
	return s;
}

/* Called as a transaction commits: the seal of the state it leaves. */
tcreg_status
tcreg__seal_state(tcreg_registry *reg)
{
	int64_t id = 0;
	char hash[65];
	tcreg_status s = tcreg__audit_head(reg, &id, hash);
	unsigned char mac[32];
	if (s == TCREG_OK)
		s = tcreg__seal_state_mac(reg, id, hash, mac);
	sqlite3_stmt *st = NULL;
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &st,
				   "INSERT INTO main.seal_state(id, audit_id, audit_hash, mac) "
				   "VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
				   "audit_id = excluded.audit_id, audit_hash = excluded.audit_hash, "
				   "mac = excluded.mac");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, mac, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "writing the seal");
}

/* Whether row id of table (keyed by id) still matches its MAC: 1 yes, 0
 * no, -1 when it could not be told (the status says why). */
static int
row_sealed(tcreg_registry *reg, const char *table, int64_t id, tcreg_status *status)
{
	struct tcreg__shape sh;
	struct tcreg__buf sql;
	tcreg__buf_init(&sql);
	*status = tcreg__table_shape(reg, table, &sh);
	if (*status == TCREG_OK)
		tcreg__buf_printf(&sql, "SELECT mac IS tcreg_mac('%s',%s) FROM main.%s WHERE id = ?", table,
				  sh.cols.data, table);
	tcreg__shape_release(&sh);
	sqlite3_stmt *st = NULL;
	int ok = -1;
	if (*status == TCREG_OK && (*status = tcreg__prepare(reg, &st, sql.data)) == TCREG_OK) {
		sqlite3_bind_int64(st, 1, id);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			ok = sqlite3_column_int(st, 0);
		else if (rc == SQLITE_DONE)
			ok = 1; /* no such row: the caller's own read says so */
		else
			*status = tcreg__db_err(reg, rc, "checking a row's seal");
		sqlite3_finalize(st);
	}
	tcreg__buf_release(&sql);
	return ok;
}

tcreg_status
tcreg__check_contract_seal(tcreg_registry *reg, int64_t id)
{
	tcreg_status s = tcreg__key_load(reg);
	if (s != TCREG_OK)
		return s;
	sqlite3_stmt *st;
	if ((s = tcreg__prepare(reg, &st, "SELECT seller_id, buyer_id FROM contract WHERE id = ?")) != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int64_t who[2] = { 0, 0 };
	if (sqlite3_step(st) == SQLITE_ROW)
		who[0] = sqlite3_column_int64(st, 0), who[1] = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	int ok = row_sealed(reg, "contract", id, &s);
	if (ok == 0)
		return tcreg__set_err(reg, TCREG_ERR_IO,
				      "contract %lld was changed outside tcreg: it is not shown, decided on "
				      "or certified as it stands; 'tcreg audit verify' names every such row",
				      (long long)id);
	for (int i = 0; ok == 1 && i < 2; i++)
		if ((ok = row_sealed(reg, "party", who[i], &s)) == 0)
			return tcreg__set_err(reg, TCREG_ERR_IO,
					      "party %lld of contract %lld was changed outside tcreg; "
					      "'tcreg audit verify' names every such row",
					      (long long)who[i], (long long)id);
	return ok < 0 ? s : TCREG_OK;
}

/* ---- rows sealed as they are added ---- */

/* The cast that gives a value the type a STRICT column stores it with. */
static const char *
strict_cast(const char *type)
{
	static const char *const cast[] = { "INTEGER", "INT", "REAL", "TEXT" };
	for (size_t i = 0; i < sizeof(cast) / sizeof(cast[0]); i++)
		if (type && sqlite3_stricmp(type, cast[i]) == 0)
			return cast[i];
	return NULL; /* BLOB, ANY: as it is */
}

/* The end of the item at p of a comma-separated list (commas within
 * parentheses belong to the item). */
static const char *
item_end(const char *p)
{
	int depth = 0;
	for (; *p && (depth > 0 || *p != ','); p++)
		depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
	return p;
}

/* The i-th item of a comma-separated list, its length in *n; NULL past the end. */
static const char *
list_item(const char *list, size_t i, size_t *n)
{
	const char *p = list;
	while (i-- > 0 && p)
		p = *(p = item_end(p)) ? p + 1 : NULL;
	if (!p)
		return NULL;
	p += strspn(p, " ");
	*n = (size_t)(item_end(p) - p);
	while (*n > 0 && p[*n - 1] == ' ')
		--*n;
	return p;
}

/* The value the column gets: its item in vals when cols names it, else
 * its default; NULL when the column's value cannot be known before the
 * row exists (a rowid not given). */
static bool
value_of(const char *name, const char *dflt, bool rowid, const char *cols, const char *vals,
	 struct tcreg__buf *out)
{
	size_t n, vn;
	const char *c;
	for (size_t i = 0; (c = list_item(cols, i, &n)); i++) {
		if (strlen(name) != n || strncmp(c, name, n) != 0)
			continue;
		const char *v = list_item(vals, i, &vn);
		return v && tcreg__buf_printf(out, "%.*s", (int)vn, v);
	}
	if (rowid)
		return false;
	return tcreg__buf_puts(out, dflt ? dflt : "NULL");
}

/* tcreg_mac over the columns of the row an INSERT of vals into cols adds,
 * each as the table stores it: the value given or the default, with the
 * column's type (all three tables are STRICT). */
static tcreg_status
mac_of_insert(tcreg_registry *reg, const char *table, const char *cols, const char *vals,
	      struct tcreg__buf *out)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT name, type, dflt_value, pk = 1 AND type = 'INTEGER' "
					"FROM pragma_table_info(?) WHERE name <> 'mac' ORDER BY cid");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	tcreg__buf_printf(out, "tcreg_new_mac('%s'", table);
	int rc;
	while (s == TCREG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *cast = strict_cast((const char *)sqlite3_column_text(st, 1));
		tcreg__buf_puts(out, cast ? ", CAST((" : ", (");
		if (!value_of(name, (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3), cols,
			      vals, out))
			s = tcreg__set_err(reg, TCREG_ERR_INTERNAL, "a sealed insert into %s needs its %s",
					   table, name);
		tcreg__buf_printf(out, ")%s%s)", cast ? " AS " : "", cast ? cast : "");
	}
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "reading a table's columns");
	sqlite3_finalize(st);
	tcreg__buf_puts(out, ")");
	return s == TCREG_OK && out->failed ? TCREG_ERR_NOMEM : s;
}

tcreg_status
tcreg__sealed_insert(tcreg_registry *reg, const char *table, const char *cols, const char *vals,
		     const char *tail, sqlite3_stmt **out)
{
	*out = NULL;
	if (inline_index(table) < 0)
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "table %s has no seal", table);
	struct tcreg__buf sql, mac;
	tcreg__buf_init(&sql);
	tcreg__buf_init(&mac);
	tcreg_status s = TCREG_OK;
	if (!reg->sealing) {
		tcreg__buf_printf(&sql, "INSERT INTO main.%s(%s) VALUES (%s) %s", table, cols, vals, tail);
	} else {
		/* the MAC covers the id, which the row takes before it is
		 * added: the one SQLite would give it (a subquery not tied to
		 * the row: evaluated once per statement) */
		struct tcreg__buf c, v;
		tcreg__buf_init(&c);
		tcreg__buf_init(&v);
		tcreg__buf_printf(&c, "id, %s", cols);
		tcreg__buf_printf(&v, "coalesce((SELECT max(id) FROM main.%s), 0) + 1, %s", table, vals);
		s = c.failed || v.failed ? TCREG_ERR_NOMEM : mac_of_insert(reg, table, c.data, v.data, &mac);
		tcreg__buf_printf(&sql, "INSERT INTO main.%s(%s, mac) VALUES (%s, %s) %s", table,
				  c.data, v.data, mac.data, tail);
		tcreg__buf_release(&c);
		tcreg__buf_release(&v);
	}
	if (s == TCREG_OK)
		s = sql.failed ? TCREG_ERR_NOMEM : tcreg__prepare(reg, out, sql.data);
	tcreg__buf_release(&sql);
	tcreg__buf_release(&mac);
	return s;
}

int
tcreg__sealed_step(tcreg_registry *reg, sqlite3_stmt *st, const char *table)
{
	int i = inline_index(table);
	reg->new_mac_set = false;
	int rc = sqlite3_step(st);
	/* one row given: added, or (ON CONFLICT DO NOTHING) not */
	if (rc == SQLITE_DONE && reg->new_mac_set && sqlite3_changes(reg->db) == 1) {
		struct tcreg__pending *p = &reg->pending[i];
		p->n++;
		for (int k = 0; k < TCREG_MAC_BYTES; k++)
			p->x[k] ^= reg->new_mac[k];
	}
	return rc;
}

void
tcreg__seal_forget(tcreg_registry *reg)
{
	memset(reg->pending, 0, sizeof(reg->pending));
}

tcreg_status
tcreg__seal_fold(tcreg_registry *reg)
{
	sqlite3_stmt *st = NULL;
	tcreg_status s = TCREG_OK;
	for (int i = 0; s == TCREG_OK && i < TCREG__INLINE_TABLES; i++) {
		const struct tcreg__pending *p = &reg->pending[i];
		if (p->n == 0)
			continue;
		if (!st && (s = tcreg__prepare(reg, &st, "UPDATE main.seal SET n = n + ?, x = tcreg_xor(x, ?) "
							  "WHERE tbl = ?")) != TCREG_OK)
			break;
		sqlite3_bind_int64(st, 1, p->n);
		sqlite3_bind_blob(st, 2, p->x, TCREG_MAC_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, inline_tables[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "writing the seal");
		else if (sqlite3_changes(reg->db) != 1)
			s = tcreg__set_err(reg, TCREG_ERR_INTERNAL, "table %s has no seal", inline_tables[i]);
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK)
		tcreg__seal_forget(reg);
	return s;
}
