/* SPDX-License-Identifier: MIT
 * verify.c - `tcreg audit verify`: does the registry still say what tcreg
 * wrote?  SQLite's own integrity check, the keyed audit chain and its head,
 * every sealed row against its MAC, every table against the seal, the seal
 * against the chain, the schema against its keyed MAC, the registration
 * numbers for gaps, and the report's rollups against the contracts.  Each finding
 * names what it found, so the office knows which record to look at.
 */
#include <inttypes.h>
#include <jansson.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg/tcreg-tree.h"
#include "tcreg-private.h"

#define MAX_FINDINGS 10000
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void
add(tcreg_verify_result *r, const char *kind, const char *table, const char *key, const char *fmt,
    ...) TCREG_PRINTF(5, 6);

static void
add(tcreg_verify_result *r, const char *kind, const char *table, const char *key, const char *fmt,
    ...)
{
	if (r->n >= MAX_FINDINGS) {
		r->more++;
		return;
	}
	if ((r->n & (r->n - 1)) == 0 || r->n == 0) {
		size_t cap = r->n ? 2 * r->n : 8;
		tcreg_finding *f = realloc(r->findings, cap * sizeof(*f));
		if (!f) {
			r->more++;
			return;
		}
		r->findings = f;
	}
	tcreg_finding *f = &r->findings[r->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	snprintf(f->table, sizeof(f->table), "%s", table ? table : "");
	snprintf(f->key, sizeof(f->key), "%s", key ? key : "");
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof(buf), dgettext(TCREG_DOMAIN, fmt), ap);
	va_end(ap);
	f->detail = tcreg__strdup(buf);
}

static const char *
text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static void
check_integrity(tcreg_registry *reg, tcreg_verify_result *r)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(reg->db, "PRAGMA main.integrity_check(100)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (strcmp(text(st, 0), "ok") != 0)
				add(r, "integrity", NULL, NULL, N_("the SQLite file is damaged: %s"),
				    text(st, 0));
	if (rc != SQLITE_DONE)
		add(r, "integrity", NULL, NULL, N_("the SQLite file is damaged: %s"),
		    sqlite3_errmsg(reg->db));
	sqlite3_finalize(st);
}

/* Each record against its own hash and its predecessor's, so every edited
 * record is named, not only the first; the anchor must be one of them. */
static tcreg_status
check_chain(tcreg_registry *reg, const char *given, tcreg_verify_result *r, char last[65])
{
	/* "ID:HASH" as printed, or the hash alone */
	const char *anchor = given && strchr(given, ':') ? strchr(given, ':') + 1 : given;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT " TCREG_AUDIT_COLUMNS " FROM audit ORDER BY id");
	if (s != TCREG_OK)
		return s;
	char prev[65] = GENESIS, hash[65];
	int64_t expect = 1, first_bad = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((s = tcreg__audit_row_hash(reg, st, text(st, 9), hash)) != TCREG_OK)
			break;
		char key[24];
		snprintf(key, sizeof(key), "%" PRId64, id);
		bool bad = true;
		if (id != expect)
			add(r, "chain", "audit", key,
			    N_("audit record %" PRId64 " follows %" PRId64 ": records are missing"), id,
			    expect - 1);
		else if (strcmp(text(st, 9), prev) != 0)
			add(r, "chain", "audit", key,
			    N_("audit record %" PRId64 " does not follow the one before it"), id);
		else if (strcmp(text(st, 10), hash) != 0)
			add(r, "chain", "audit", key,
			    N_("audit record %" PRId64 " was changed after it was written"), id);
		else
			bad = false;
		if (bad && !first_bad)
			first_bad = id;
		/* the whole hash, or a prefix of 16 digits or more as printed */
		if (anchor && !r->anchor_id && strlen(anchor) >= 16 &&
		    strncmp(text(st, 10), anchor, strlen(anchor)) == 0)
			r->anchor_id = id;
		snprintf(prev, sizeof(prev), "%s", text(st, 10));
		expect = id + 1;
		r->records++;
	}
	sqlite3_finalize(st);
	if (s != TCREG_OK)
		return s;
	if (rc != SQLITE_DONE)
		add(r, "chain", "audit", NULL, N_("the audit trail cannot be read: %s"),
		    sqlite3_errmsg(reg->db));
	memcpy(last, prev, 65);
	snprintf(r->head, sizeof(r->head), "%" PRId64 ":%s", expect - 1, prev);
	if (anchor && !r->anchor_id)
		add(r, "anchor", "audit", NULL,
		    N_("no audit record has the anchor %s: the trail it was taken from is gone or was rewritten"),
		    given);
	else if (anchor && first_bad && first_bad <= r->anchor_id)
		add(r, "anchor", "audit", NULL,
		    N_("the trail up to the anchor (record %" PRId64 ") was changed: record %" PRId64
		       " does not verify"),
		    r->anchor_id, first_bad);
	return TCREG_OK;
}

static void
check_head(tcreg_registry *reg, tcreg_verify_result *r)
{
	char want[96];
	if (tcreg__config_raw(reg, "audit_head", want, sizeof(want)) != TCREG_OK)
		return;
	if (r->records > 0 && strcmp(want, r->head) != 0)
		add(r, "head", "audit", NULL,
		    N_("the audit trail ends at %s but the registry last wrote %s: records were cut off the end"),
		    r->head, want);
}

static void
check_state(tcreg_registry *reg, tcreg_verify_result *r, const char *last)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT audit_id, audit_hash, mac FROM seal_state WHERE id = 1") !=
	    TCREG_OK)
		return;
	if (sqlite3_step(st) != SQLITE_ROW) {
		add(r, "seal", "seal_state", NULL, N_("the registry's seal is missing"));
		sqlite3_finalize(st);
		return;
	}
	int64_t id = sqlite3_column_int64(st, 0);
	char hash[65];
	snprintf(hash, sizeof(hash), "%s", text(st, 1));
	unsigned char want[32];
	bool same = sqlite3_column_bytes(st, 2) == 32 &&
		    tcreg__seal_state_mac(reg, id, hash, want) == TCREG_OK &&
		    memcmp(want, sqlite3_column_blob(st, 2), 32) == 0;
	sqlite3_finalize(st);
	char at[88];
	snprintf(at, sizeof(at), "%" PRId64 ":%s", id, hash);
	if (!same)
		add(r, "seal", "seal", NULL,
		    N_("the seal over the tables does not match the key: rows were removed or the seal edited outside tcreg"));
	else if (strcmp(at, r->head) != 0 || strcmp(hash, last) != 0)
		add(r, "seal", "seal_state", NULL,
		    N_("the seal was made at audit record %" PRId64 ", not at the trail's head: the trail or the tables were put back outside tcreg"),
		    id);
}

struct schema_found {
	tcreg_verify_result *r;
	int named;
};

/* The reader's word for an object of the schema. */
static const char *
type_word(const char *type)
{
	static const char *const words[][2] = {
		{ "table", NC_("schema object", "table") },     { "index", NC_("schema object", "index") },
		{ "trigger", NC_("schema object", "trigger") }, { "view", NC_("schema object", "view") },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(type, words[i][0]) == 0)
			return tcreg__pgettext(words[i][1]);
	return type;
}

static void
schema_object(void *ctx, bool missing, const char *type, const char *name)
{
	struct schema_found *f = ctx;
	f->named++;
	if (missing)
		add(f->r, "schema", name, type, N_("the registry has no %s %s: it was dropped outside tcreg"),
		    type_word(type), name);
	else
		add(f->r, "schema", name, type, N_("%s %s is not tcreg's: it was added outside tcreg"), type_word(type),
		    name);
}

/* The schema against its keyed MAC (guard.c); when it differs, the objects
 * tcreg does not make or that are gone are named, or else the text of one
 * of its own was changed. */
static void
check_schema(tcreg_registry *reg, tcreg_verify_result *r)
{
	bool matches = false, sealed = false;
	if (tcreg__schema_matches(reg, &matches, &sealed) != TCREG_OK || !sealed || matches)
		return;
	struct schema_found f = { r, 0 };
	tcreg__schema_differences(reg, schema_object, &f);
	if (!f.named)
		add(r, "schema", "sqlite_schema", NULL,
		    N_("the definition of a table, index, trigger or view was changed outside tcreg (a rule, a default "
		       "or a trigger's text)"));
}

/* The report's rollups against the contracts (report --check): derived,
 * so not sealed, but a report printed from a rollup edited outside tcreg
 * would be wrong without a word; each month, point, dimension and key that
 * differs is named. */
static void
check_rollups(tcreg_registry *reg, tcreg_verify_result *r)
{
	json_t *a = NULL, *x;
	size_t i;
	if (tcreg_report_check_tree(reg, &a) != TCREG_OK)
		return;
	json_array_foreach(a, i, x) {
		char key[160];
		snprintf(key, sizeof(key), "%s/%lld/%s/%s", json_string_value(json_object_get(x, "month")),
			 (long long)json_integer_value(json_object_get(x, "point_id")),
			 json_string_value(json_object_get(x, "dim")), json_string_value(json_object_get(x, "key")));
		add(r, "rollup", "report_rollup", key,
		    N_("the report's sums for %s are not what the contracts add up to (changed outside tcreg); "
		       "'tcreg report --rebuild' makes them anew"),
		    key);
	}
	json_decref(a);
}

/* The key against the mark the registry keeps of it (guard.c): with
 * another registry's key every record and row would be reported changed. */
static bool
check_key(tcreg_registry *reg, tcreg_verify_result *r)
{
	bool matches = true, marked = false;
	if (tcreg__key_matches(reg, &matches, &marked) != TCREG_OK || !marked || matches)
		return true;
	if (!r) /* only asked */
		return false;
	add(r, "key", "config", "key_mark", "%s",
	    dgettext(TCREG_DOMAIN, N_("the key used is not the one this registry was made with (another registry's "
				      "key, or its backup restored beside another key?): nothing else can be checked with it")));
	return false;
}

/* Every row against its MAC; the count and XOR of MACs against the seal. */
static tcreg_status
check_table(tcreg_registry *reg, const char *t, tcreg_verify_result *r)
{
	struct tcreg__shape sh;
	tcreg_status s = tcreg__table_shape(reg, t, &sh);
	struct tcreg__buf sql;
	tcreg__buf_init(&sql);
	sqlite3_stmt *st = NULL;
	if (s == TCREG_OK) {
		/* the key as text: "a" || ',' || "b" (no concat_ws before SQLite 3.44) */
		tcreg__buf_puts(&sql, "SELECT ");
		for (const char *p = sh.pk.data; *p; p++)
			tcreg__buf_puts(&sql, *p == ',' ? " || ',' || " : (char[]){ *p, 0 });
		tcreg__buf_printf(&sql, ", mac, tcreg_mac('%s',%s) FROM main.%s", t, sh.cols.data, t);
		int rc = sqlite3_prepare_v2(reg->db, sql.data, -1, &st, NULL);
		if (rc != SQLITE_OK)
			s = tcreg__db_err(reg, rc, "reading a table to verify");
	}
	tcreg__buf_release(&sql);
	tcreg__shape_release(&sh);
	if (s != TCREG_OK)
		return s;
	unsigned char acc[TCREG_MAC_BYTES] = { 0 };
	int64_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *have = sqlite3_column_blob(st, 1);
		const unsigned char *want = sqlite3_column_blob(st, 2);
		if (!have)
			add(r, "row", t, text(st, 0), N_("%s %s was added outside tcreg (it has no seal)"), t,
			    text(st, 0));
		else if (sqlite3_column_bytes(st, 1) != TCREG_MAC_BYTES || memcmp(have, want, TCREG_MAC_BYTES))
			add(r, "row", t, text(st, 0), N_("%s %s was changed outside tcreg"), t, text(st, 0));
		for (int i = 0; have && i < TCREG_MAC_BYTES && i < sqlite3_column_bytes(st, 1); i++)
			acc[i] ^= have[i];
		n++;
	}
	if (rc != SQLITE_DONE) {
		s = tcreg__db_err(reg, rc, "reading a table to verify");
		add(r, "integrity", t, NULL, N_("%s cannot be read to the end: %s"), t,
		    sqlite3_errmsg(reg->db));
	}
	sqlite3_finalize(st);
	r->rows += n;
	if (rc != SQLITE_DONE)
		return TCREG_OK;
	if (tcreg__prepare(reg, &st, "SELECT n, x FROM seal WHERE tbl = ?") != TCREG_OK)
		return TCREG_OK;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		add(r, "seal", t, NULL, N_("%s has no seal"), t);
	} else {
		int64_t want = sqlite3_column_int64(st, 0);
		const void *x = sqlite3_column_blob(st, 1);
		if (want != n)
			add(r, "seal", t, NULL,
			    N_("%s has %" PRId64 " rows but tcreg wrote %" PRId64 ": rows were removed or added outside tcreg"),
			    t, n, want);
		else if (!x || sqlite3_column_bytes(st, 1) != TCREG_MAC_BYTES ||
			 memcmp(x, acc, TCREG_MAC_BYTES) != 0)
			add(r, "seal", t, NULL,
			    N_("%s does not add up to its seal: a row was removed and another put in its place, or the seal edited"),
			    t);
	}
	sqlite3_finalize(st);
	return TCREG_OK;
}

/* Where the sequence number sits in a number made by the template: every
 * field of the template has a fixed width.  -1 when it cannot be told. */
static int
seq_offset(const char *tmpl, int *width)
{
	int off = 0;
	for (const char *p = tmpl; p && *p;) {
		static const struct { const char *tok; int w; } f[] = {
			{ "{year4}", 4 }, { "{year2}", 2 }, { "{region4}", 4 }, { "{point2}", 2 }
		};
		bool hit = false;
		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && !hit; i++)
			if (strncmp(p, f[i].tok, strlen(f[i].tok)) == 0) {
				off += f[i].w;
				p += strlen(f[i].tok);
				hit = true;
			}
		if (hit)
			continue;
		if (strncmp(p, "{seq", 4) == 0 && p[4] >= '4' && p[4] <= '8' && p[5] == '}') {
			*width = p[4] - '0';
			return off;
		}
		off++, p++;
	}
	return -1;
}

/* A gap at a point other than the registry's own office (point 1, whose
 * findings read as before points existed) names the point. */
static void
report_gap(tcreg_verify_result *r, const char *point, int year, int64_t from, int64_t to)
{
	char key[96];
	if (point) {
		snprintf(key, sizeof(key), "%s/%d:%" PRId64 "-%" PRId64, point, year, from, to);
		if (from == to)
			add(r, "regno", "contract", key,
			    N_("point %s, %d: registration number %" PRId64 " was issued but no contract holds it"),
			    point, year, from);
		else
			add(r, "regno", "contract", key,
			    N_("point %s, %d: registration numbers %" PRId64 " to %" PRId64 " were issued but no contract holds them"),
			    point, year, from, to);
		return;
	}
	snprintf(key, sizeof(key), "%d:%" PRId64 "-%" PRId64, year, from, to);
	if (from == to)
		add(r, "regno", "contract", key,
		    N_("%d: registration number %" PRId64 " was issued but no contract holds it"), year,
		    from);
	else
		add(r, "regno", "contract", key,
		    N_("%d: registration numbers %" PRId64 " to %" PRId64 " were issued but no contract holds them"),
		    year, from, to);
}

/* Numbers 1..last of each point and year that no contract holds.  The sequence is
 * read out of each number through the current template. */
static void
check_numbers(tcreg_registry *reg, tcreg_verify_result *r)
{
	char *tmpl = NULL;
	int width = 0, off;
	if (tcreg_config_get(reg, "reg_no_template", &tmpl) != TCREG_OK)
		return;
	off = seq_offset(tmpl, &width);
	free(tmpl);
	sqlite3_stmt *years, *held;
	if (off < 0 || tcreg__prepare(reg, &years, "SELECT s.year, s.last, s.point_id, p.region || p.code FROM reg_sequence s "
				"LEFT JOIN point p ON p.id = s.point_id ORDER BY s.point_id, s.year") != TCREG_OK)
		return;
	if (tcreg__prepare(reg, &held,
			   "SELECT DISTINCT CAST(substr(reg_no, ?2, ?3) AS INTEGER) AS s FROM contract "
			   "WHERE reg_no IS NOT NULL AND reg_date >= ?1 || '-01-01' AND "
			   "reg_date <= ?1 || '-12-31' AND point_id = ?4 "
			   /* a station's number held out of a merge as filed twice
			    * (merge.c) is issued, and kept there */
			   "UNION SELECT CAST(substr(reg_no, ?2, ?3) AS INTEGER) FROM merge_conflict "
			   "WHERE merged_id IS NULL AND reg_no IS NOT NULL AND reg_date >= ?1 || '-01-01' AND "
			   "reg_date <= ?1 || '-12-31' AND point_id = ?4 ORDER BY s") != TCREG_OK) {
		sqlite3_finalize(years);
		return;
	}
	while (sqlite3_step(years) == SQLITE_ROW) {
		int year = sqlite3_column_int(years, 0);
		int64_t last = sqlite3_column_int64(years, 1), next = 1;
		int64_t point_id = sqlite3_column_int64(years, 2);
		const char *point = point_id == 1 ? NULL : (const char *)sqlite3_column_text(years, 3);
		char y[8];
		snprintf(y, sizeof(y), "%04d", year);
		sqlite3_bind_text(held, 1, y, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(held, 2, off + 1);
		sqlite3_bind_int(held, 3, width);
		sqlite3_bind_int64(held, 4, point_id);
		while (sqlite3_step(held) == SQLITE_ROW) {
			int64_t s = sqlite3_column_int64(held, 0);
			if (s < next || s > last)
				continue;
			if (s > next)
				report_gap(r, point, year, next, s - 1);
			next = s + 1;
		}
		sqlite3_reset(held);
		if (next <= last)
			report_gap(r, point, year, next, last);
	}
	sqlite3_finalize(years);
	sqlite3_finalize(held);
}

tcreg_status
tcreg_registry_verify(tcreg_registry *reg, const char *anchor, tcreg_verify_result **out)
{
	*out = NULL;
	tcreg_verify_result *r = calloc(1, sizeof(*r));
	if (!r)
		return TCREG_ERR_NOMEM;
	tcreg_status s = tcreg__key_load(reg);
	char last[65] = GENESIS;
	bool key_ok = true;
	if (s == TCREG_OK) {
		/* one read transaction: every check sees the same registry */
		sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
		check_integrity(reg, r);
		/* the key against its mark; a mark that differs while the keyed
		 * chain holds under this key was itself changed by hand */
		bool mark_differs = !check_key(reg, NULL);
		size_t before = r->n;
		s = check_chain(reg, anchor, r, last);
		if (mark_differs && s == TCREG_OK && r->n > before) {
			while (r->n > before)
				free(r->findings[--r->n].detail);
			check_key(reg, r);
			key_ok = false;
		} /* else the mark's row is found changed with the other rows */
	}
	if (!key_ok) { /* every MAC would differ: the one finding says why */
		if (!sqlite3_get_autocommit(reg->db) && reg->tx_depth == 0)
			sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
		*out = r;
		return TCREG_OK;
	}
	if (s == TCREG_OK) {
		check_head(reg, r);
		check_state(reg, r, last);
		check_schema(reg, r);
		for (const char *const *t = tcreg__sealed_tables; s == TCREG_OK && *t; t++)
			s = check_table(reg, *t, r);
	}
	if (s == TCREG_OK) {
		check_numbers(reg, r);
		check_rollups(reg, r);
	}
	if (!sqlite3_get_autocommit(reg->db) && reg->tx_depth == 0)
		sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
	if (s != TCREG_OK) {
		tcreg_verify_result_free(r);
		return s;
	}
	*out = r;
	return TCREG_OK;
}

void
tcreg_verify_result_free(tcreg_verify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->findings[i].detail);
	free(r->findings);
	free(r);
}

tcreg_status
tcreg_audit_head(tcreg_registry *reg, char out[88])
{
	int64_t id;
	char hash[65];
	tcreg_status s = tcreg__audit_head(reg, &id, hash);
	if (s == TCREG_OK)
		snprintf(out, 88, "%" PRId64 ":%s", id, hash);
	return s;
}
