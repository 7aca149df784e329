/* SPDX-License-Identifier: MIT
 * contract.c - reading contracts back: the stable JSON shape of `show` and
 * `list`, ID resolution, and listing with filters.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

/* The column of the row being read that could not be put in JSON (not
 * valid UTF-8: a damaged registry), -1 when none.  A field is never
 * dropped: the reader stops at such a row instead (unreadable()). */
static _Thread_local int bad_column = -1;
static _Thread_local const char *bad_key;

static json_t *
jstr(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	json_t *v = json_string((const char *)sqlite3_column_text(st, i));
	if (!v && bad_column < 0)
		bad_column = i;
	return v; /* NULL: put() names the field */
}

/* json_object_set_new, remembering the first field whose value could not
 * be made */
static void
put(json_t *o, const char *key, json_t *v)
{
	if (!v && !bad_key)
		bad_key = key;
	json_object_set_new(o, key, v ? v : json_null());
}

/* TCREG_ERR_IO naming the row and column when a value could not be read. */
static tcreg_status
unreadable(tcreg_registry *reg, sqlite3_stmt *st)
{
	int col = bad_column;
	const char *key = bad_key;
	bad_column = -1;
	bad_key = NULL;
	if (col < 0)
		return TCREG_OK;
	return tcreg__set_err(reg, TCREG_ERR_IO,
			      "contract %lld: %s is not valid UTF-8: the registry is damaged; "
			      "'tcreg audit verify' tells what else, a backup puts it right",
			      (long long)sqlite3_column_int64(st, 0), key ? key : sqlite3_column_name(st, col));
}

static json_t *
jint(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(st, i));
}

static json_t *
jname(const tcreg_codes *codes, tcreg_table t, sqlite3_stmt *st, int i)
{
	const char *code = (const char *)sqlite3_column_text(st, i);
	const char *name = code ? tcreg_codes_name(codes, t, code) : NULL;
	if (!code)
		return json_null();
	return name ? json_string(name) : jstr(st, i);
}

static json_t *
party(const tcreg_codes *codes, sqlite3_stmt *st, int base)
{
	const char *region = (const char *)sqlite3_column_text(st, base + 2);
	const char *rname = tcreg_codes_name(codes, TCREG_TABLE_REGION, region);
	json_t *o = json_object();
	put(o, "name", jstr(st, base));
	put(o, "uscc", jstr(st, base + 1));
	put(o, "region", jstr(st, base + 2));
	put(o, "region_name", rname ? json_string(rname) : json_null());
	put(o, "nature", jname(codes, TCREG_TABLE_NATURE, st, base + 3));
	put(o, "nature_code", jstr(st, base + 3));
	return o;
}

static json_t *
row_object(tcreg_registry *reg, sqlite3_stmt *st)
{
	const tcreg_codes *codes = NULL;
	tcreg_registry_codes(reg, &codes);
	const char *cat = (const char *)sqlite3_column_text(st, 3);
	const char *sub = tcreg_codes_extra(codes, TCREG_TABLE_CATEGORY, cat);
	json_t *o = json_object();
	put(o, "id", jint(st, 0));
	put(o, "contract_no", jstr(st, 1));
	put(o, "project_name", jstr(st, 2));
	put(o, "category", jname(codes, TCREG_TABLE_CATEGORY, st, 3));
	put(o, "subtype", sub ? json_string(sub) : json_null());
	put(o, "category_code", jstr(st, 3));
	put(o, "seller", party(codes, st, 4));
	put(o, "buyer", party(codes, st, 8));
	put(o, "total_amount_fen", jint(st, 12));
	put(o, "tech_amount_fen", jint(st, 13));
	put(o, "verified_tech_amount_fen", jint(st, 14));
	/* the applicant's own non-technical part (合同成交额 - 技术交易额) */
	put(o, "declared_non_tech_fen",
			    json_integer(sqlite3_column_int64(st, 12) - sqlite3_column_int64(st, 13)));
	put(o, "sign_date", jstr(st, 15));
	put(o, "valid_from", jstr(st, 16));
	put(o, "valid_to", jstr(st, 17));
	put(o, "tech_field", jname(codes, TCREG_TABLE_TECH_FIELD, st, 18));
	put(o, "tech_field_code", jstr(st, 18));
	put(o, "ip_type", jname(codes, TCREG_TABLE_IP_TYPE, st, 19));
	put(o, "pay_method", jname(codes, TCREG_TABLE_PAY_METHOD, st, 20));
	put(o, "related_party", sqlite3_column_type(st, 21) == SQLITE_NULL
							? json_null()
							: json_boolean(sqlite3_column_int(st, 21)));
	put(o, "note", jstr(st, 22));
	put(o, "status", jstr(st, 23));
	put(o, "reg_no", jstr(st, 24));
	put(o, "reg_date", jstr(st, 25));
	put(o, "accept_date", jstr(st, 26));
	put(o, "received_fen", json_integer(sqlite3_column_int64(st, 27)));
	put(o, "batch_id", jint(st, 28));
	put(o, "batch_line", jint(st, 29));
	put(o, "entered_by", jstr(st, 30));
	put(o, "created_at", jstr(st, 31));
	put(o, "track", jstr(st, 32));
	const char *reason = (const char *)sqlite3_column_text(st, 33);
	const char *rname = reason ? tcreg_codes_name(codes, TCREG_TABLE_REFUSAL, reason) : NULL;
	if (reason && !rname)
		rname = tcreg_codes_name(codes, TCREG_TABLE_REVOCATION, reason);
	put(o, "reason_code", jstr(st, 33));
	put(o, "reason", rname ? json_string(rname) : json_null());
	put(o, "status_note", jstr(st, 34));
	put(o, "certified_by", jstr(st, 35));
	put(o, "decided_at", jstr(st, 36));
	put(o, "served_contract", jstr(st, 37));
	put(o, "plan_source", jname(codes, TCREG_TABLE_PLAN_SOURCE, st, 38));
	put(o, "objective", jname(codes, TCREG_TABLE_OBJECTIVE, st, 39));
	put(o, "foreign", jstr(st, 40)); /* a stable code: no, import, export, yes */
	put(o, "licence_mode", jname(codes, TCREG_TABLE_LICENCE_MODE, st, 41));
	put(o, "licence_years", jint(st, 42));
	put(o, "enterprise_type", jname(codes, TCREG_TABLE_ENTERPRISE_TYPE, st, 43));
	put(o, "external_agency", jstr(st, 44));
	/* the agency that registered it, as it was then */
	put(o, "registered_by_agency",
			    sqlite3_column_type(st, 45) == SQLITE_NULL
				    ? json_null()
				    : json_pack("{s:o, s:o, s:o}", "name", jstr(st, 45), "region", jstr(st, 46),
						"point", jstr(st, 47)));
	put(o, "point", jstr(st, 48)); /* region and code of the point it is filed at */
	return o;
}

tcreg_status
tcreg__tree_text(tcreg_status s, json_t *tree, size_t flags, char **json)
{
	*json = NULL;
	if (s == TCREG_OK)
		*json = json_dumps(tree, flags);
	json_decref(tree);
	return s != TCREG_OK ? s : *json ? TCREG_OK : TCREG_ERR_NOMEM;
}

/* The contract in st's current row; NULL with *status set when a value
 * cannot be read (damage) or memory runs out. */
static json_t *
row_tree(tcreg_registry *reg, sqlite3_stmt *st, tcreg_status *status)
{
	bad_column = -1;
	bad_key = NULL;
	json_t *o = row_object(reg, st);
	if ((*status = unreadable(reg, st)) != TCREG_OK) {
		json_decref(o);
		return NULL;
	}
	*status = o ? TCREG_OK : TCREG_ERR_NOMEM;
	return o;
}

static json_t *
history(tcreg_registry *reg, int64_t id, int64_t batch_id, tcreg_status *status)
{
	sqlite3_stmt *st;
	json_t *a = json_array();
	*status = tcreg__prepare(
		reg, &st,
		"SELECT at, operator, action, entity, entity_id, batch_id, old_value, new_value "
		"FROM audit WHERE (entity = 'contract' AND entity_id = ?1) "
		"OR (entity = 'batch' AND entity_id = ?2 AND ?2 IS NOT NULL) "
		/* a change of one of its parties since it was entered */
		"OR (entity = 'party' AND action = 'update' AND entity_id IN "
		" (SELECT seller_id FROM contract WHERE id = ?1 UNION ALL SELECT buyer_id FROM contract WHERE id = ?1) "
		" AND at >= (SELECT created_at FROM contract WHERE id = ?1)) ORDER BY id");
	if (*status != TCREG_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	if (batch_id)
		sqlite3_bind_int64(st, 2, batch_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *h = json_object();
		json_object_set_new(h, "at", jstr(st, 0));
		json_object_set_new(h, "operator", jstr(st, 1));
		json_object_set_new(h, "action", jstr(st, 2));
		json_object_set_new(h, "entity", jstr(st, 3));
		json_object_set_new(h, "batch_id", jint(st, 5));
		const char *ov = (const char *)sqlite3_column_text(st, 6);
		const char *nv = (const char *)sqlite3_column_text(st, 7);
		json_object_set_new(h, "old", ov ? json_loads(ov, 0, NULL) : json_null());
		json_object_set_new(h, "new", nv ? json_loads(nv, 0, NULL) : json_null());
		json_array_append_new(a, h);
	}
	if (rc != SQLITE_DONE)
		*status = tcreg__db_err(reg, rc, "reading the history");
	sqlite3_finalize(st);
	return a;
}

json_t *
tcreg__deductions_json(tcreg_registry *reg, int64_t id, tcreg_status *status)
{
	const tcreg_codes *codes = NULL;
	tcreg_registry_codes(reg, &codes);
	sqlite3_stmt *st;
	json_t *a = json_array();
	*status = tcreg__prepare(reg, &st, "SELECT item, amount_fen, note FROM deduction "
					   "WHERE contract_id = ? ORDER BY id");
	if (*status != TCREG_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *item = (const char *)sqlite3_column_text(st, 0);
		const char *name = tcreg_codes_name(codes, TCREG_TABLE_DEDUCTION, item);
		json_t *x = json_object();
		json_object_set_new(x, "item", json_string(item));
		json_object_set_new(x, "name", json_string(name ? name : item));
		json_object_set_new(x, "amount_fen", jint(st, 1));
		json_object_set_new(x, "note", jstr(st, 2));
		json_array_append_new(a, x);
	}
	if (rc != SQLITE_DONE)
		*status = tcreg__db_err(reg, rc, "reading deductions");
	sqlite3_finalize(st);
	return a;
}

static json_t *
reviews(tcreg_registry *reg, int64_t id, tcreg_status *status)
{
	sqlite3_stmt *st;
	json_t *a = json_array();
	*status = tcreg__prepare(reg, &st, "SELECT expert, review_date, opinion, recorded_by FROM review "
					   "WHERE contract_id = ? ORDER BY id");
	if (*status != TCREG_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}", "expert", jstr(st, 0),
						   "review_date", jstr(st, 1), "opinion", jstr(st, 2),
						   "recorded_by", jstr(st, 3)));
	if (rc != SQLITE_DONE)
		*status = tcreg__db_err(reg, rc, "reading reviews");
	sqlite3_finalize(st);
	return a;
}

static json_t *
objections(tcreg_registry *reg, int64_t id, tcreg_status *status)
{
	sqlite3_stmt *st;
	json_t *a = json_array();
	*status = tcreg__prepare(reg, &st, "SELECT raised_by, note, raised_at, recorded_by, status_then, "
					   "outcome, outcome_note, decided_at, decided_by FROM objection "
					   "WHERE contract_id = ? ORDER BY id");
	if (*status != TCREG_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "by", jstr(st, 0),
						   "note", jstr(st, 1), "raised_at", jstr(st, 2), "recorded_by",
						   jstr(st, 3), "status_then", jstr(st, 4), "outcome", jstr(st, 5),
						   "outcome_note", jstr(st, 6), "decided_at", jstr(st, 7), "decided_by",
						   jstr(st, 8)));
	if (rc != SQLITE_DONE)
		*status = tcreg__db_err(reg, rc, "reading objections");
	sqlite3_finalize(st);
	return a;
}

static json_t *
payments(tcreg_registry *reg, int64_t id, tcreg_status *status)
{
	sqlite3_stmt *st;
	json_t *a = json_array();
	*status = tcreg__prepare(reg, &st,
				 "SELECT p.pay_date, p.amount_fen, p.voucher, p.batch_id, p.entered_by, "
				 "o.voucher, p.note FROM payment p LEFT JOIN payment o ON o.id = p.reverses_id "
				 "WHERE p.contract_id = ? ORDER BY p.pay_date, p.id");
	if (*status != TCREG_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *p = json_object();
		json_object_set_new(p, "pay_date", jstr(st, 0));
		json_object_set_new(p, "amount_fen", jint(st, 1));
		json_object_set_new(p, "voucher", jstr(st, 2));
		json_object_set_new(p, "batch_id", jint(st, 3));
		json_object_set_new(p, "entered_by", jstr(st, 4));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) { /* a reversal */
			json_object_set_new(p, "reverses_voucher", jstr(st, 5));
			json_object_set_new(p, "note", jstr(st, 6));
		}
		json_array_append_new(a, p);
	}
	if (rc != SQLITE_DONE)
		*status = tcreg__db_err(reg, rc, "reading payments");
	sqlite3_finalize(st);
	return a;
}

/* The parts a full contract adds (show, the certificate). */
static tcreg_status
add_full(tcreg_registry *reg, json_t *o, int64_t id, int64_t batch)
{
	tcreg_status s;
	json_object_set_new(o, "deductions", tcreg__deductions_json(reg, id, &s));
	if (s == TCREG_OK)
		json_object_set_new(o, "reviews", reviews(reg, id, &s));
	if (s == TCREG_OK)
		json_object_set_new(o, "objections", objections(reg, id, &s));
	if (s == TCREG_OK)
		json_object_set_new(o, "payments", payments(reg, id, &s));
	if (s == TCREG_OK)
		json_object_set_new(o, "history", history(reg, id, batch, &s));
	return s;
}

tcreg_status
tcreg_contract_tree(tcreg_registry *reg, int64_t id, int full, json_t **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, TCREG__CONTRACT_SELECT "WHERE c.id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no contract with id %" PRId64, id);
		return tcreg__db_err(reg, rc, "reading a contract");
	}
	json_t *o = row_tree(reg, st, &s);
	int64_t batch = sqlite3_column_int64(st, 28);
	sqlite3_finalize(st);
	/* a contract changed outside tcreg is not shown or certified as if
	 * tcreg had written it (full: show and the certificate; certify
	 * checks before it decides; an import's own reads need not) */
	if (s == TCREG_OK && full)
		s = tcreg__check_contract_seal(reg, id);
	if (s == TCREG_OK && full)
		s = add_full(reg, o, id, batch);
	if (s != TCREG_OK) {
		json_decref(o);
		return s;
	}
	*out = o;
	return TCREG_OK;
}

tcreg_status
tcreg_contract_json(tcreg_registry *reg, int64_t id, int full, char **json)
{
	json_t *o;
	tcreg_status s = tcreg_contract_tree(reg, id, full, &o);
	return tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}

void
tcreg_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

tcreg_status
tcreg_contract_find(tcreg_registry *reg, const char *text, int64_t *id, char ***candidates)
{
	*id = 0;
	if (candidates)
		*candidates = NULL;
	if (!text || !*text)
		return TCREG_ERR_USAGE;
	/* every reading of the ID: registration number, internal id, contract number */
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		"SELECT c.id, c.contract_no, p.name FROM contract c JOIN party p ON p.id = c.seller_id "
		"WHERE c.reg_no = ?1 OR c.contract_no = ?1 "
		"OR (?2 IS NOT NULL AND c.id = ?2) ORDER BY c.id LIMIT 50");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	size_t n = strlen(text);
	if (n > 0 && n <= 15 && strspn(text, "0123456789") == n)
		sqlite3_bind_int64(st, 2, strtoll(text, NULL, 10));
	char **v = NULL;
	size_t count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		char **nv = realloc(v, (count + 2) * sizeof(*v));
		if (!nv) {
			s = TCREG_ERR_NOMEM;
			break;
		}
		v = nv;
		char *line = sqlite3_mprintf("%lld\t%s\t%s", (long long)*id,
					     (const char *)sqlite3_column_text(st, 1),
					     (const char *)sqlite3_column_text(st, 2));
		v[count] = line ? tcreg__strdup(line) : NULL;
		sqlite3_free(line);
		v[++count] = NULL;
	}
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "finding a contract");
	sqlite3_finalize(st);
	if (s == TCREG_OK && count == 0)
		s = tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no contract '%s'", text);
	if (s == TCREG_OK && count > 1) {
		s = tcreg__set_err(reg, TCREG_ERR_AMBIGUOUS, "'%s' names %zu contracts", text, count);
		*id = 0;
		if (candidates) {
			*candidates = v;
			v = NULL;
		}
	}
	if (s != TCREG_OK)
		*id = 0;
	tcreg_strv_free(v);
	return s;
}

struct tcreg_cursor {
	tcreg_registry *reg;
	sqlite3_stmt *st;
	char *last;
	int64_t *ids; /* a given list of contracts (search), else st's rows */
	size_t nids, next;
};

tcreg_status
tcreg__cursor_of_ids(tcreg_registry *reg, int64_t *ids, size_t n, tcreg_cursor **out)
{
	*out = NULL;
	tcreg_cursor *c = calloc(1, sizeof(*c));
	if (!c) {
		free(ids);
		return TCREG_ERR_NOMEM;
	}
	c->reg = reg;
	c->ids = ids;
	c->nids = n;
	tcreg_status s = tcreg__prepare(reg, &c->st, TCREG__CONTRACT_SELECT "WHERE c.id = ?");
	if (s != TCREG_OK) {
		tcreg_cursor_free(c);
		return s;
	}
	*out = c;
	return TCREG_OK;
}

tcreg_status
tcreg_contract_list(tcreg_registry *reg, const struct tcreg_list_filter *f, tcreg_cursor **out)
{
	*out = NULL;
	tcreg_cursor *c = calloc(1, sizeof(*c));
	if (!c)
		return TCREG_ERR_NOMEM;
	c->reg = reg;
	/* an operator's list is their points' (scope.c) */
	char *where = tcreg__view_sql(reg, "c.point_id"), *sql = NULL;
	if (asprintf(&sql, "%s%s%s", TCREG__CONTRACT_SELECT "WHERE ", where ? where : "1", " AND "
		     "(?1 IS NULL OR instr(',' || ?1 || ',', ',' || c.status || ',') > 0) "
					"AND (?2 IS NULL OR c.sign_date >= ?2) AND (?3 IS NULL OR c.sign_date <= ?3) "
					"AND (?4 IS NULL OR s.uscc = ?4 OR c.seller_uscc_reg = ?4 "
					"OR instr(s.name, ?4) > 0 OR instr(coalesce(c.seller_name_reg, ''), ?4) > 0) "
					"AND (?5 IS NULL OR b.uscc = ?5 OR c.buyer_uscc_reg = ?5 "
					"OR instr(b.name, ?5) > 0 OR instr(coalesce(c.buyer_name_reg, ''), ?5) > 0) "
					"AND (?6 IS NULL OR substr(c.category, 1, length(?6)) = ?6) "
					"AND (?7 IS NULL OR c.reg_date >= ?7) AND (?8 IS NULL OR c.reg_date <= ?8) "
					"ORDER BY c.sign_date, c.id") < 0)
		sql = NULL;
	free(where);
	tcreg_status s = sql ? tcreg__prepare(reg, &c->st, sql) : TCREG_ERR_NOMEM;
	free(sql);
	if (s != TCREG_OK) {
		free(c);
		return s;
	}
	if (f) {
		tcreg__bind_text_or_null(c->st, 1, f->status);
		tcreg__bind_text_or_null(c->st, 2, f->from);
		tcreg__bind_text_or_null(c->st, 3, f->to);
		tcreg__bind_text_or_null(c->st, 4, f->seller);
		tcreg__bind_text_or_null(c->st, 5, f->buyer);
		tcreg__bind_text_or_null(c->st, 6, f->category);
		tcreg__bind_text_or_null(c->st, 7, f->reg_from);
		tcreg__bind_text_or_null(c->st, 8, f->reg_to);
	}
	*out = c;
	return TCREG_OK;
}

tcreg_status
tcreg_cursor_next_tree(tcreg_cursor *c, json_t **out)
{
	*out = NULL;
	if (c->ids) {
		if (c->next == c->nids)
			return TCREG_OK;
		sqlite3_reset(c->st);
		sqlite3_bind_int64(c->st, 1, c->ids[c->next++]);
	}
	int rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return TCREG_OK;
	if (rc != SQLITE_ROW)
		return tcreg__db_err(c->reg, rc, "listing contracts");
	tcreg_status s;
	*out = row_tree(c->reg, c->st, &s);
	return s;
}

tcreg_status
tcreg_cursor_next(tcreg_cursor *c, const char **json)
{
	*json = NULL;
	free(c->last);
	c->last = NULL;
	json_t *o;
	tcreg_status s = tcreg_cursor_next_tree(c, &o);
	if (s != TCREG_OK || !o) /* the end */
		return s;
	s = tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, &c->last);
	*json = c->last;
	return s;
}

void
tcreg_cursor_free(tcreg_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c->last);
	free(c->ids);
	free(c);
}
