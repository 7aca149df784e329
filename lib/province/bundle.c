/* SPDX-License-Identifier: MIT
 * bundle.c - a station's export (tcreg-bundle(5)): an SQLite file of its
 * own, with one plain table per kind of row and a one-row header.  What is
 * shared by the writer (bundle-write.c) and the reader (merge.c): the
 * tables, their creation, the check that a file holds exactly them and
 * nothing else, the content hash, and the station's audit chain checked
 * link by link.
 *
 * The tables are untyped (no affinity): a value is carried as it was, and
 * the hash covers each value with its type.
 */
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

/* In the order they are hashed; the first column of each is its key.  The
 * header (`bundle`) is hashed last, without its hash and signature. */
const struct tcreg__btable tcreg__btables[] = {
	{ "party", "id,name,uscc,region,nature" },
	{ "contract",
	  "id,contract_no,seller_id,buyer_id,project_name,category,total_amount_fen,tech_amount_fen,"
	  "verified_tech_amount_fen,sign_date,valid_from,valid_to,tech_field,ip_type,pay_method,"
	  "related_party,note,status,reg_no,reg_date,accept_date,entered_by,created_at,track,"
	  "reason_code,status_note,certified_by,decided_at,served_contract_id,plan_source,objective,"
	  "foreign_trade,licence_mode,licence_years,enterprise_type,seller_name_reg,seller_uscc_reg,"
	  "seller_region_reg,seller_nature_reg,buyer_name_reg,buyer_uscc_reg,buyer_region_reg,"
	  "buyer_nature_reg,agency_name_reg,agency_region_reg,agency_point_reg,external_agency" },
	{ "payment", "id,contract_id,pay_date,amount_fen,voucher,entered_by,created_at,reverses_id,note" },
	{ "deduction", "id,contract_id,item,amount_fen,note" },
	{ "review", "id,contract_id,expert,review_date,opinion,recorded_by,recorded_at" },
	{ "objection",
	  "id,contract_id,raised_by,note,raised_at,recorded_by,status_then,outcome,outcome_note,"
	  "decided_at,decided_by" },
	{ "reg_sequence", "year,last" },
	{ "audit", "id,at,operator,action,entity,entity_id,batch_id,old_value,new_value,prev_hash,hash" },
	{ "bundle",
	  "format,region,code,name,area,seq,prev_hash,audit_from,audit_to,audit_prev,audit_head,"
	  "created_at,hash,signature" },
	{ NULL, NULL },
};

/* The header's columns that the hash covers (all but hash and signature). */
#define HEAD_HASHED "format,region,code,name,area,seq,prev_hash,audit_from,audit_to,audit_prev,audit_head,created_at"

tcreg_status
tcreg__bundle_create(tcreg_registry *reg, const char *schema)
{
	struct tcreg__buf sql;
	tcreg__buf_init(&sql);
	for (const struct tcreg__btable *t = tcreg__btables; t->name; t++) {
		const char *comma = strchr(t->cols, ',');
		/* the key is the rowid, except in the header (one row) */
		if (strcmp(t->name, "bundle") == 0)
			tcreg__buf_printf(&sql, "CREATE TABLE %s.%s(%s);", schema, t->name, t->cols);
		else
			tcreg__buf_printf(&sql, "CREATE TABLE %s.%s(%.*s INTEGER PRIMARY KEY%s);", schema, t->name,
					  (int)(comma - t->cols), t->cols, comma);
	}
	tcreg_status st = sql.data ? tcreg__exec(reg, sql.data, TCREG_ERR_IO, N_("writing the bundle")) : TCREG_ERR_NOMEM;
	tcreg__buf_release(&sql);
	return st;
}

static tcreg_status
not_a_bundle(tcreg_registry *reg, const char *why)
{
	return tcreg__set_err(reg, TCREG_ERR_INVALID, "not a tcreg bundle: %s", why);
}

/* Exactly our tables, with exactly our columns, and nothing else (no view,
 * trigger or index whose SQL would run as the file is read). */
static tcreg_status
check_shape(tcreg_registry *reg, sqlite3 *db, const char *schema)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT type, name FROM \"%s\".sqlite_master ORDER BY name", schema);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return not_a_bundle(reg, sqlite3_errmsg(db));
	int n = 0, want = 0;
	for (const struct tcreg__btable *t = tcreg__btables; t->name; t++)
		want++;
	tcreg_status s = TCREG_OK;
	while (s == TCREG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		bool known = false;
		for (const struct tcreg__btable *t = tcreg__btables; name && t->name; t++)
			known = known || strcmp(t->name, name) == 0;
		if (!type || strcmp(type, "table") != 0 || !known)
			s = not_a_bundle(reg, "unexpected content");
		n++;
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = not_a_bundle(reg, sqlite3_errmsg(db));
	if (s == TCREG_OK && n != want)
		s = not_a_bundle(reg, "tables missing");
	for (const struct tcreg__btable *t = tcreg__btables; s == TCREG_OK && t->name; t++) {
		if (sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM "
				       "(SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid)",
				       -1, &st, NULL) != SQLITE_OK)
			return not_a_bundle(reg, sqlite3_errmsg(db));
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, schema, -1, SQLITE_STATIC);
		const char *cols = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (!cols || strcmp(cols, t->cols) != 0)
			s = not_a_bundle(reg, "unexpected columns");
		sqlite3_finalize(st);
	}
	return s;
}

static void
put_u64(EVP_MD_CTX *md, uint64_t v)
{
	unsigned char x[8];
	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (56 - 8 * i));
	EVP_DigestUpdate(md, x, 8);
}

/* Each value with its type, so NULL, '' and 0, "1" and 1 all differ. */
static void
put_value(EVP_MD_CTX *md, sqlite3_stmt *st, int i)
{
	int type = sqlite3_column_type(st, i);
	if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
		double d = sqlite3_column_double(st, i);
		uint64_t bits;
		memcpy(&bits, &d, sizeof(bits));
		EVP_DigestUpdate(md, type == SQLITE_INTEGER ? "I" : "F", 1);
		put_u64(md, type == SQLITE_INTEGER ? (uint64_t)sqlite3_column_int64(st, i) : bits);
		return;
	}
	if (type == SQLITE_NULL) {
		EVP_DigestUpdate(md, "N", 1);
		return;
	}
	const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, i) : sqlite3_column_blob(st, i);
	int n = sqlite3_column_bytes(st, i);
	EVP_DigestUpdate(md, type == SQLITE_TEXT ? "T" : "B", 1);
	put_u64(md, (uint64_t)n);
	if (n > 0)
		EVP_DigestUpdate(md, p, (size_t)n);
}

static tcreg_status
hash_rows(tcreg_registry *reg, sqlite3 *db, EVP_MD_CTX *md, const char *name, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return not_a_bundle(reg, sqlite3_errmsg(db));
	EVP_DigestUpdate(md, name, strlen(name) + 1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		EVP_DigestUpdate(md, "\x1e", 1);
		for (int i = 0; i < sqlite3_column_count(st); i++)
			put_value(md, st, i);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : not_a_bundle(reg, sqlite3_errmsg(db));
}

tcreg_status
tcreg__bundle_hash(tcreg_registry *reg, sqlite3 *db, const char *schema, char out[65])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return TCREG_ERR_NOMEM;
	}
	EVP_DigestUpdate(md, "tcreg-bundle\x1f", 13);
	tcreg_status s = TCREG_OK;
	for (const struct tcreg__btable *t = tcreg__btables; s == TCREG_OK && t->name; t++) {
		char sql[1024];
		bool head = strcmp(t->name, "bundle") == 0;
		snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\".%s ORDER BY %s", head ? HEAD_HASHED : t->cols,
			 schema, t->name, head ? "rowid" : "1");
		s = hash_rows(reg, db, md, t->name, sql);
	}
	unsigned char d[32];
	unsigned int n = 0;
	if (s == TCREG_OK && EVP_DigestFinal_ex(md, d, &n) != 1)
		s = TCREG_ERR_NOMEM;
	for (unsigned i = 0; s == TCREG_OK && i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	EVP_MD_CTX_free(md);
	return s;
}

/* false when the value does not fit: a header is never cut short */
static bool
copy_text(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return (size_t)snprintf(dst, n, "%s", v ? v : "") < n;
}

static tcreg_status
read_head(tcreg_registry *reg, sqlite3 *db, const char *schema, struct tcreg__bundle_head *h)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT format, region, code, name, area, seq, prev_hash, audit_from, "
		 "audit_to, audit_prev, audit_head, created_at, hash, signature, "
		 "(SELECT count(*) FROM \"%s\".bundle) FROM \"%s\".bundle", schema, schema);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return not_a_bundle(reg, sqlite3_errmsg(db));
	tcreg_status s = TCREG_OK;
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 14) != 1) {
		s = not_a_bundle(reg, "no header");
	} else {
		bool fits = copy_text(h->format, sizeof(h->format), st, 0) &&
			    copy_text(h->region, sizeof(h->region), st, 1) &&
			    copy_text(h->code, sizeof(h->code), st, 2) &&
			    copy_text(h->name, sizeof(h->name), st, 3) &&
			    copy_text(h->area, sizeof(h->area), st, 4) &&
			    copy_text(h->prev_hash, sizeof(h->prev_hash), st, 6) &&
			    copy_text(h->audit_prev, sizeof(h->audit_prev), st, 9) &&
			    copy_text(h->audit_head, sizeof(h->audit_head), st, 10) &&
			    copy_text(h->created_at, sizeof(h->created_at), st, 11) &&
			    copy_text(h->hash, sizeof(h->hash), st, 12);
		if (!fits)
			s = not_a_bundle(reg, "bad header");
		h->seq = sqlite3_column_int64(st, 5);
		h->audit_from = sqlite3_column_int64(st, 7);
		h->audit_to = sqlite3_column_int64(st, 8);
		h->area_null = sqlite3_column_type(st, 4) == SQLITE_NULL;
		int n = sqlite3_column_bytes(st, 13);
		h->siglen = sqlite3_column_type(st, 13) == SQLITE_BLOB && n <= (int)sizeof(h->sig) ? (size_t)n : 0;
		if (h->siglen)
			memcpy(h->sig, sqlite3_column_blob(st, 13), h->siglen);
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK && (strcmp(h->format, TCREG_BUNDLE_FORMAT) != 0 || strlen(h->region) != 4 ||
			      strlen(h->code) != 2 || !h->name[0] || h->seq < 1 || h->audit_from < 0 ||
			      h->audit_to < h->audit_from || strlen(h->hash) != 64 || strlen(h->prev_hash) != 64 ||
			      strlen(h->audit_prev) != 64 || strlen(h->audit_head) != 64))
		s = not_a_bundle(reg, "bad header");
	return s;
}

/* The station's audit records: every id from audit_from + 1 to audit_to,
 * each naming the hash of the one before, the first the head the export
 * before ended on. */
static tcreg_status
check_audit_links(tcreg_registry *reg, sqlite3 *db, const char *schema, const struct tcreg__bundle_head *h)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT id, prev_hash, hash FROM \"%s\".audit ORDER BY id", schema);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return not_a_bundle(reg, sqlite3_errmsg(db));
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", h->audit_prev);
	int64_t expect = h->audit_from + 1;
	tcreg_status s = TCREG_OK;
	int rc;
	while (s == TCREG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 1);
		const char *x = (const char *)sqlite3_column_text(st, 2);
		if (sqlite3_column_int64(st, 0) != expect++ || !p || !x || strcmp(p, prev) != 0 || strlen(x) != 64)
			s = tcreg__set_err(reg, TCREG_ERR_INVALID,
					   "the station's audit records in the bundle do not chain (record %lld)",
					   (long long)(expect - 1));
		else
			snprintf(prev, sizeof(prev), "%s", x);
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK && (expect != h->audit_to + 1 || strcmp(prev, h->audit_head) != 0))
		s = tcreg__set_err(reg, TCREG_ERR_INVALID,
				   "the station's audit records in the bundle do not reach its head (record %lld)",
				   (long long)h->audit_to);
	return s;
}

tcreg_status
tcreg__bundle_check(tcreg_registry *reg, sqlite3 *db, const char *schema, struct tcreg__bundle_head *h)
{
	memset(h, 0, sizeof(*h));
	tcreg_status s = check_shape(reg, db, schema);
	if (s == TCREG_OK)
		s = read_head(reg, db, schema, h);
	char hash[65];
	if (s == TCREG_OK)
		s = tcreg__bundle_hash(reg, db, schema, hash);
	if (s == TCREG_OK && strcmp(hash, h->hash) != 0)
		s = tcreg__set_err(reg, TCREG_ERR_INVALID,
				   "the bundle was changed after it was written: its content hash is %s, "
				   "its header says %s",
				   hash, h->hash);
	if (s == TCREG_OK)
		s = check_audit_links(reg, db, schema, h);
	return s;
}
