/* SPDX-License-Identifier: MIT
 * store.c - writing checked contracts and payments into the registry inside
 * an import's transaction, deciding each row's outcome (inserted, updated,
 * unchanged, conflict, rejected).  This is the per-row hot path of a batch
 * import: statements are prepared once and parties are cached.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

/* The names the statements' parameters are bound by (params.c). */
enum param {
	P_CONTRACT_NO, P_SELLER_ID, P_BUYER_ID, P_PROJECT_NAME, P_CATEGORY, P_TOTAL_FEN, P_TECH_FEN,
	P_SIGN_DATE, P_VALID_FROM, P_VALID_TO, P_TECH_FIELD, P_IP_TYPE, P_PAY_METHOD, P_RELATED_PARTY,
	P_NOTE, P_ACCEPT_DATE, P_BATCH_ID, P_BATCH_LINE, P_ENTERED_BY, P_CREATED_AT, P_SERVED_ID,
	P_PLAN_SOURCE, P_OBJECTIVE, P_FOREIGN_TRADE, P_LICENCE_MODE, P_LICENCE_YEARS,
	P_ENTERPRISE_TYPE, P_POINT_ID, P_NAME, P_USCC, P_REGION, P_NATURE, P_ID, P_REG_NO,
	P_SELLER_NAME, P_CONTRACT_ID, P_VOUCHER, P_PAY_DATE, P_AMOUNT_FEN, P_REVERSES_ID,
	P_PAYMENT_ID, P__COUNT
};
static const char *const param_names[P__COUNT] = {
	":contract_no", ":seller_id", ":buyer_id", ":project_name", ":category", ":total_fen",
	":tech_fen", ":sign_date", ":valid_from", ":valid_to", ":tech_field", ":ip_type",
	":pay_method", ":related_party", ":note", ":accept_date", ":batch_id", ":batch_line",
	":entered_by", ":created_at", ":served_id", ":plan_source", ":objective", ":foreign_trade",
	":licence_mode", ":licence_years", ":enterprise_type", ":point_id", ":name", ":uscc",
	":region", ":nature", ":id", ":reg_no", ":seller_name", ":contract_id", ":voucher",
	":pay_date", ":amount_fen", ":reverses_id", ":payment_id",
};

#define CACHE_MIN 1024     /* slots to start with: most files name few parties */
#define CACHE_MAX 262144   /* power of two; cleared when half full (about 20 MiB) */

struct party_rec { /* one allocation: the record, then its key, name, region, nature */
	const char *name, *region, *nature;
	int64_t id;
	char key[]; /* "U<uscc>" or "N<name>" */
};

struct tcreg__store {
	tcreg_registry *reg;
	int64_t batch_id;
	bool update;
	char now[20], today[11];
	struct tcreg__hashtab cache; /* key -> struct party_rec * */
	struct tcreg__params party_by_uscc, party_by_name, party_insert, party_update;
	struct tcreg__params c_insert, c_select, c_update;
	struct tcreg__params find_by_regno, find_by_seller, pay_insert, pay_select, pay_contract, pay_left;
	struct tcreg__params twin;
	tcreg_status unbound; /* why pstep refused to run a statement */
	bool registered; /* some contract has a registration number (the twin look is worth it) */
	char *area; /* the filing point's area, for the warning of contracts it does not file */
	int64_t point_id; /* where new contracts are filed; 0 until the first */
	long parties_updated;
	int64_t last_contract; /* the contract the last store_contract saved or found */
};

int64_t
tcreg__store_last_contract(const struct tcreg__store *s)
{
	return s ? s->last_contract : 0;
}

long
tcreg__store_parties_updated(const struct tcreg__store *s)
{
	return s ? s->parties_updated : 0;
}

static void
cache_clear(struct tcreg__store *s)
{
	for (size_t i = 0; i < s->cache.cap; i++)
		free((struct party_rec *)s->cache.slots[i].val);
	tcreg__ht_clear(&s->cache);
}

static bool
rec_is(const void *ctx, uintptr_t val, const void *key)
{
	(void)ctx;
	return strcmp(((const struct party_rec *)val)->key, key) == 0;
}

static const struct party_rec *
cache_find(const struct tcreg__store *s, const char *key)
{
	return (const struct party_rec *)tcreg__ht_find(&s->cache, tcreg__hash(key), rec_is, NULL, key);
}

static void
cache_put(struct tcreg__store *s, const char *key, int64_t id, const char *name,
	  const char *region, const char *nature)
{
	if (tcreg__ht_full(&s->cache) && (s->cache.cap >= CACHE_MAX || !tcreg__ht_grow(&s->cache)))
		cache_clear(s); /* bounded memory whatever the number of parties */
	size_t lk = strlen(key) + 1, ln = strlen(name) + 1, lr = strlen(region) + 1,
	       lt = strlen(nature) + 1;
	struct party_rec *r = malloc(sizeof(*r) + lk + ln + lr + lt);
	if (!r)
		return; /* not caching is always correct */
	char *p = memcpy(r->key, key, lk);
	r->name = memcpy(p + lk, name, ln);
	r->region = memcpy(p + lk + ln, region, lr);
	r->nature = memcpy(p + lk + ln + lr, nature, lt);
	r->id = id;
	struct tcreg__hslot *slot = tcreg__ht_slot(&s->cache, tcreg__hash(key), rec_is, NULL, key);
	if (slot->val)
		free((struct party_rec *)slot->val);
	else
		s->cache.n++;
	*slot = (struct tcreg__hslot){ tcreg__hash(key), (uintptr_t)r };
}

void
tcreg__store_free(struct tcreg__store *s)
{
	if (!s)
		return;
	const struct tcreg__params *all[] = { &s->party_by_uscc, &s->party_by_name, &s->party_insert,
					      &s->party_update, &s->c_insert, &s->c_select, &s->c_update,
					      &s->find_by_regno, &s->find_by_seller, &s->pay_insert,
					      &s->pay_select, &s->pay_contract, &s->pay_left, &s->twin };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sqlite3_finalize(all[i]->st);
	free(s->area);
	cache_clear(s);
	tcreg__ht_free(&s->cache);
	free(s);
}

tcreg_status
tcreg__store_new(tcreg_registry *reg, int64_t batch_id, bool update, struct tcreg__store **out)
{
	*out = NULL;
	struct tcreg__store *s = calloc(1, sizeof(*s));
	if (!s)
		return TCREG_ERR_NOMEM;
	if (!tcreg__ht_init(&s->cache, CACHE_MIN / 2)) {
		free(s);
		return TCREG_ERR_NOMEM;
	}
	s->reg = reg;
	s->batch_id = batch_id;
	s->update = update;
	tcreg__now(reg, s->now, s->today);
	const struct {
		struct tcreg__params *st;
		const char *sql;
	} stmts[] = {
		{ &s->party_by_uscc, "SELECT id, name, region, nature FROM party WHERE uscc = :uscc" },
		{ &s->party_by_name,
		  "SELECT id, name, region, nature, uscc FROM party WHERE name = :name "
		  "ORDER BY uscc IS NOT NULL, id LIMIT 2" },
		{ &s->party_update,
		  "UPDATE party SET name = :name, uscc = :uscc, region = :region, nature = :nature "
		  "WHERE id = :id" },
		{ &s->c_select,
		  "SELECT id, buyer_id, project_name, category, total_amount_fen, tech_amount_fen, "
		  "sign_date, valid_from, valid_to, tech_field, ip_type, pay_method, related_party, "
		  "note, status, batch_id, batch_line, served_contract_id, plan_source, objective, "
		  "foreign_trade, licence_mode, licence_years, enterprise_type "
		  "FROM contract WHERE seller_id = :seller_id AND contract_no = :contract_no" },
		{ &s->c_update,
		  "UPDATE contract SET buyer_id = :buyer_id, project_name = :project_name, "
		  "category = :category, total_amount_fen = :total_fen, tech_amount_fen = :tech_fen, "
		  "sign_date = :sign_date, valid_from = :valid_from, valid_to = :valid_to, "
		  "tech_field = :tech_field, ip_type = :ip_type, pay_method = :pay_method, "
		  "related_party = :related_party, note = :note, batch_id = :batch_id, "
		  "batch_line = :batch_line, served_contract_id = :served_id, plan_source = :plan_source, "
		  "objective = :objective, foreign_trade = :foreign_trade, licence_mode = :licence_mode, "
		  "licence_years = :licence_years, enterprise_type = :enterprise_type "
		  "WHERE seller_id = :seller_id AND contract_no = :contract_no" },
		{ &s->find_by_regno, "SELECT id FROM contract WHERE reg_no = :reg_no" },
		{ &s->find_by_seller,
		  "SELECT c.id FROM contract c JOIN party p ON p.id = c.seller_id "
		  "WHERE p.name = :seller_name AND c.contract_no = :contract_no LIMIT 2" },
		{ &s->pay_select,
		  "SELECT id, pay_date, amount_fen, batch_id, batch_line, reverses_id FROM payment "
		  "WHERE contract_id = :contract_id AND voucher = :voucher" },
		/* what a payment is checked against: the contract and its money so far */
		{ &s->pay_contract,
		  "SELECT status, sign_date, valid_to, total_amount_fen, "
		  "(SELECT coalesce(sum(amount_fen), 0) FROM payment WHERE contract_id = c.id) "
		  "FROM contract c WHERE id = :contract_id" },
		/* 一次登记: a registered twin (the twin index) */
		{ &s->twin,
		  "SELECT reg_no FROM contract WHERE seller_id = :seller_id AND buyer_id = :buyer_id "
		  "AND sign_date = :sign_date AND reg_no IS NOT NULL "
		  "AND status IN ('registered', 'changed', 'external') "
		  "AND project_name = :project_name AND total_amount_fen = :total_fen LIMIT 1" },
		/* what remains of a payment after its reversals */
		{ &s->pay_left,
		  "SELECT :amount_fen + coalesce((SELECT sum(amount_fen) FROM payment "
		  "WHERE reverses_id = :payment_id), 0)" },
	};
	/* the rows it adds, sealed as they are added */
	const struct {
		struct tcreg__params *st;
		const char *table, *cols, *vals, *tail;
	} inserts[] = {
		{ &s->party_insert, "party", "name, uscc, region, nature", ":name, :uscc, :region, :nature", "" },
		{ &s->c_insert, "contract",
		  "contract_no, seller_id, buyer_id, project_name, category, "
		  "total_amount_fen, tech_amount_fen, sign_date, valid_from, valid_to, tech_field, "
		  "ip_type, pay_method, related_party, note, accept_date, batch_id, batch_line, "
		  "entered_by, created_at, served_contract_id, plan_source, objective, foreign_trade, "
		  "licence_mode, licence_years, enterprise_type, point_id",
		  ":contract_no, :seller_id, :buyer_id, :project_name, :category, :total_fen, :tech_fen, "
		  ":sign_date, :valid_from, :valid_to, :tech_field, :ip_type, :pay_method, "
		  ":related_party, :note, :accept_date, :batch_id, :batch_line, :entered_by, "
		  ":created_at, :served_id, :plan_source, :objective, :foreign_trade, :licence_mode, "
		  ":licence_years, :enterprise_type, :point_id",
		  "ON CONFLICT(contract_no, seller_id) DO NOTHING" },
		{ &s->pay_insert, "payment",
		  "contract_id, pay_date, amount_fen, voucher, batch_id, batch_line, entered_by, "
		  "created_at, reverses_id, note",
		  ":contract_id, :pay_date, :amount_fen, :voucher, :batch_id, :batch_line, :entered_by, "
		  ":created_at, :reverses_id, :note", "" },
	};
	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sqlite3_stmt *q;
		tcreg_status st = tcreg__prepare(reg, &q, stmts[i].sql);
		if (st == TCREG_OK)
			st = tcreg__params_init(reg, stmts[i].st, q, param_names, P__COUNT);
		if (st != TCREG_OK) {
			tcreg__store_free(s);
			return st;
		}
	}
	for (size_t i = 0; i < sizeof(inserts) / sizeof(inserts[0]); i++) {
		sqlite3_stmt *q;
		tcreg_status st = tcreg__sealed_insert(reg, inserts[i].table, inserts[i].cols, inserts[i].vals,
						       inserts[i].tail, &q);
		if (st == TCREG_OK)
			st = tcreg__params_init(reg, inserts[i].st, q, param_names, P__COUNT);
		if (st != TCREG_OK) {
			tcreg__store_free(s);
			return st;
		}
	}
	/* a store's rows never gain a registration number: with none in the
	 * registry now, a twin cannot be found while it lasts */
	sqlite3_stmt *any;
	tcreg_status ast = tcreg__prepare(reg, &any, "SELECT EXISTS (SELECT 1 FROM contract WHERE reg_no IS NOT NULL)");
	if (ast == TCREG_OK) {
		int rc = sqlite3_step(any);
		s->registered = rc != SQLITE_ROW || sqlite3_column_int(any, 0);
		sqlite3_finalize(any);
	}
	if (ast != TCREG_OK) {
		tcreg__store_free(s);
		return ast;
	}
	*out = s;
	return TCREG_OK;
}

static tcreg_status
filing_point(struct tcreg__store *s)
{
	int64_t id;
	tcreg_status st = tcreg__filing_point(s->reg, &id);
	if (st == TCREG_OK)
		st = tcreg__point_area(s->reg, id, &s->area);
	if (st == TCREG_OK)
		s->point_id = id;
	return st;
}

/* Step a statement bound by name; SQLITE_MISUSE, with s->unbound set, when
 * a name bound was not the statement's (tcreg__params_check). */
static int
pstep(struct tcreg__store *s, struct tcreg__params *p)
{
	if ((s->unbound = tcreg__params_check(s->reg, p)) != TCREG_OK)
		return SQLITE_MISUSE;
	return sqlite3_step(p->st);
}

/* The error of a failed pstep: the unbound name's, or the database's. */
static tcreg_status
db_fail(struct tcreg__store *s, int rc, const char *doing)
{
	tcreg_status st = s->unbound;
	s->unbound = TCREG_OK;
	return st != TCREG_OK ? st : tcreg__db_err(s->reg, rc, doing);
}

/* A new contract this office will refuse at --accept: a twin of a registered
 * one, or a seller outside its area.  Said now, as a warning, so the clerk
 * can act before the review (registration-rules.c). */
static tcreg_status
twin_warning(struct tcreg__store *s, const struct tcreg__contract *c, int64_t seller, int64_t buyer,
	     long line, const char *const *names, tcreg_diags *diags)
{
	sqlite3_stmt *q = s->twin.st;
	tcreg__param_int64(&s->twin, P_SELLER_ID, seller);
	tcreg__param_int64(&s->twin, P_BUYER_ID, buyer);
	tcreg__param_text(&s->twin, P_SIGN_DATE, c->sign_date);
	tcreg__param_text(&s->twin, P_PROJECT_NAME, c->project_name);
	tcreg__param_int64(&s->twin, P_TOTAL_FEN, c->total_fen);
	int rc = pstep(s, &s->twin);
	if (rc == SQLITE_ROW)
		tcreg__diags_add(diags, TCREG_SEV_WARNING, line, 0, names ? names[COL_CONTRACT_NO] : "contract_no",
				 "W_DUPLICATE",
				 N_("a registered contract has the same seller, buyer, project, signing date and amount (%s): 一次登记"),
				 (const char *)sqlite3_column_text(q, 0), c->contract_no);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, rc, "looking for a registered twin");
	return TCREG_OK;
}

static tcreg_status
intake_warnings(struct tcreg__store *s, const struct tcreg__contract *c, int64_t seller, int64_t buyer,
		long line, const char *const *names, tcreg_diags *diags)
{
	tcreg_status st;
	if (s->registered && (st = twin_warning(s, c, seller, buyer, line, names, diags)) != TCREG_OK)
		return st;
	if (s->area && !tcreg__files_here(s->area, c->seller.region, c->buyer.region, c->foreign)) {
		bool import = c->foreign && strcmp(c->foreign, "import") == 0;
		tcreg__diags_add(diags, TCREG_SEV_WARNING, line, 0,
				 names ? names[import ? COL_BUYER_REGION : COL_SELLER_REGION]
				       : import ? "buyer_region" : "seller_region",
				 "W_OUTSIDE_AREA",
				 N_("outside the area this office serves (%s): it cannot be registered here (卖方登记制度)"),
				 s->area, import ? c->buyer.region : c->seller.region);
	}
	return TCREG_OK;
}

static tcreg_status
step_done(struct tcreg__store *s, struct tcreg__params *p, const char *doing)
{
	int rc = pstep(s, p);
	sqlite3_reset(p->st);
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, doing);
	return TCREG_OK;
}

/* Run a sealed insert (tcreg__sealed_insert). */
static tcreg_status
insert_done(struct tcreg__store *s, struct tcreg__params *p, const char *table, const char *doing)
{
	tcreg_status st = tcreg__params_check(s->reg, p);
	if (st != TCREG_OK)
		return st;
	int rc = tcreg__sealed_step(s->reg, p->st, table);
	sqlite3_reset(p->st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(s->reg, rc, doing);
	return TCREG_OK;
}

static const char *
ctext(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

static tcreg_status
update_party(struct tcreg__store *s, int64_t id, const struct tcreg__party *p, const char *uscc)
{
	struct tcreg__params *q = &s->party_update;
	tcreg__param_text(q, P_NAME, p->name);
	tcreg__param_text_or_null(q, P_USCC, uscc);
	tcreg__param_text(q, P_REGION, p->region);
	tcreg__param_text(q, P_NATURE, p->nature);
	tcreg__param_int64(q, P_ID, id);
	return step_done(s, q, "updating a party");
}

static char *
dump_compact(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}

static char *
party_json(const char *name, const char *uscc, const char *region, const char *nature)
{
	return dump_compact(json_pack("{s:s, s:s?, s:s, s:s}", "name", name, "uscc", uscc,
				      "region", region, "nature", nature));
}

static char *
payment_json(const char *date, int64_t amount)
{
	return dump_compact(json_pack("{s:s, s:I}", "pay_date", date, "amount_fen", (json_int_t)amount));
}

struct found_party {
	int64_t id;
	char *name, *region, *nature, *uscc;
};

static void
found_release(struct found_party *f)
{
	free(f->name);
	free(f->region);
	free(f->nature);
	free(f->uscc);
	memset(f, 0, sizeof(*f));
}

/* Read the current row of q (id, name, region, nature[, uscc]). */
static bool
found_read(sqlite3_stmt *q, bool with_uscc, struct found_party *f)
{
	f->id = sqlite3_column_int64(q, 0);
	f->name = tcreg__strdup(ctext(q, 1));
	f->region = tcreg__strdup(ctext(q, 2));
	f->nature = tcreg__strdup(ctext(q, 3));
	if (with_uscc && sqlite3_column_type(q, 4) != SQLITE_NULL)
		f->uscc = tcreg__strdup(ctext(q, 4));
	return f->name && f->region && f->nature;
}

/* A party's details as a conflict shows them: the name, then the region and
 * the nature each with its name from the code tables (a clerk does not
 * know 190 is 企业法人). */
static void
party_desc(struct tcreg__store *s, const char *name, const char *region, const char *nature, char *out, size_t n)
{
	const tcreg_codes *codes = NULL;
	const char *rn = NULL, *nn = NULL;
	if (tcreg_registry_codes(s->reg, &codes) == TCREG_OK) {
		rn = tcreg_codes_name(codes, TCREG_TABLE_REGION, region);
		nn = tcreg_codes_name(codes, TCREG_TABLE_NATURE, nature);
	}
	snprintf(out, n, "%s, %s%s%s, %s%s%s", name, region, rn ? " " : "", rn ? rn : "", nature, nn ? " " : "",
		 nn ? nn : "");
}

/* Find or create the party; on a mismatch with what is registered, report a
 * conflict (or, with --update, change the party and audit it). */
static tcreg_status
resolve_party(struct tcreg__store *s, const struct tcreg__party *p, const char *column, long line,
	      tcreg_diags *diags, int64_t *id, enum tcreg__outcome *outcome)
{
	char key[600];
	const char *k = p->uscc[0] ? p->uscc : p->name;
	size_t kl = strlen(k) < sizeof(key) - 2 ? strlen(k) : sizeof(key) - 2;
	key[0] = p->uscc[0] ? 'U' : 'N';
	memcpy(key + 1, k, kl);
	key[kl + 1] = '\0';
	const struct party_rec *r = cache_find(s, key);
	if (r && strcmp(r->name, p->name) == 0 && strcmp(r->region, p->region) == 0 &&
	    strcmp(r->nature, p->nature) == 0) {
		*id = r->id;
		return TCREG_OK;
	}

	struct found_party f = { 0 };
	bool ambiguous = false, gains_uscc = false, nomem = false;
	int rc;
	if (p->uscc[0]) {
		tcreg__param_text(&s->party_by_uscc, P_USCC, p->uscc);
		rc = pstep(s, &s->party_by_uscc);
		if (rc == SQLITE_ROW) {
			/* found by its USCC, which is then its USCC */
			nomem = !found_read(s->party_by_uscc.st, false, &f) ||
				!(f.uscc = tcreg__strdup(p->uscc));
			rc = SQLITE_DONE;
		}
		sqlite3_reset(s->party_by_uscc.st);
		if (rc != SQLITE_DONE)
			return db_fail(s, rc, "looking up a party");
	}
	if (!f.id && !nomem) {
		/* by name: a party known only by name may now gain its USCC */
		sqlite3_stmt *q = s->party_by_name.st;
		tcreg__param_text(&s->party_by_name, P_NAME, p->name);
		rc = pstep(s, &s->party_by_name);
		if (rc == SQLITE_ROW) {
			bool has_uscc = sqlite3_column_type(q, 4) != SQLITE_NULL;
			if (!p->uscc[0] || !has_uscc) {
				nomem = !found_read(q, true, &f);
				gains_uscc = p->uscc[0] && !has_uscc;
				/* two parties of that name, each with a USCC: cannot tell which */
				ambiguous = !p->uscc[0] && has_uscc && sqlite3_step(q) == SQLITE_ROW;
			}
			rc = SQLITE_DONE;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			found_release(&f);
			return db_fail(s, rc, "looking up a party");
		}
	}
	tcreg_status st = TCREG_OK;
	if (nomem) {
		st = TCREG_ERR_NOMEM;
	} else if (ambiguous) {
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, column, "E_PARTY_AMBIGUOUS",
				 N_("several registered parties have this name; give the 统一社会信用代码"),
				 NULL, p->name);
		*outcome = OUT_REJECTED;
	} else if (!f.id) {
		struct tcreg__params *q = &s->party_insert;
		tcreg__param_text(q, P_NAME, p->name);
		tcreg__param_text_or_null(q, P_USCC, p->uscc);
		tcreg__param_text(q, P_REGION, p->region);
		tcreg__param_text(q, P_NATURE, p->nature);
		st = insert_done(s, q, "party", "saving a party");
		if (st == TCREG_OK) {
			*id = sqlite3_last_insert_rowid(s->reg->db);
			cache_put(s, key, *id, p->name, p->region, p->nature);
		}
	} else {
		bool same = strcmp(f.name, p->name) == 0 && strcmp(f.region, p->region) == 0 &&
			    strcmp(f.nature, p->nature) == 0;
		if (!same && !s->update) {
			/* the registered details in full, each code with its name, so
			 * that the one that differs from the row can be seen (a
			 * bracket's width, a region); the value stays the cell */
			char desc[700];
			party_desc(s, f.name, f.region, f.nature, desc, sizeof(desc));
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, column, "E_PARTY_CONFLICT",
					 N_("this party is registered with other details (%s); correct the row or use --update"),
					 desc, p->name);
			*outcome = OUT_CONFLICT;
		} else {
			const char *uscc = p->uscc[0] ? p->uscc : f.uscc;
			if (!same || gains_uscc) {
				char *oj = party_json(f.name, f.uscc, f.region, f.nature);
				char *nj = party_json(p->name, uscc, p->region, p->nature);
				st = oj && nj ? update_party(s, f.id, p, uscc) : TCREG_ERR_NOMEM;
				if (st == TCREG_OK)
					st = tcreg__audit(s->reg, "update", "party", f.id, s->batch_id, oj, nj);
				/* new contracts and undecided ones follow the party;
				 * registered ones keep the details they were registered with */
				s->parties_updated += !same;
				free(oj);
				free(nj);
			}
			if (st == TCREG_OK) {
				*id = f.id;
				cache_put(s, key, f.id, p->name, p->region, p->nature);
			}
		}
	}
	found_release(&f);
	return st;
}

/* The contract's fields a change can set too (everything but its number
 * and where it came from), by the names every statement writing a contract
 * uses: c_insert, c_update and certify/change.c's UPDATE. */
void
tcreg__bind_contract_fields(struct tcreg__params *p, const struct tcreg__contract *c, int64_t seller, int64_t buyer,
			    int64_t served)
{
	tcreg__param_int64(p, P_SELLER_ID, seller);
	tcreg__param_int64(p, P_BUYER_ID, buyer);
	tcreg__param_text(p, P_PROJECT_NAME, c->project_name);
	tcreg__param_text(p, P_CATEGORY, c->category);
	tcreg__param_int64(p, P_TOTAL_FEN, c->total_fen);
	tcreg__param_int64(p, P_TECH_FEN, c->tech_fen);
	tcreg__param_text(p, P_SIGN_DATE, c->sign_date);
	tcreg__param_text(p, P_VALID_FROM, c->valid_from);
	tcreg__param_text(p, P_VALID_TO, c->valid_to);
	tcreg__param_text(p, P_TECH_FIELD, c->tech_field);
	tcreg__param_text_or_null(p, P_IP_TYPE, c->ip_type);
	tcreg__param_text_or_null(p, P_PAY_METHOD, c->pay_method);
	if (c->related >= 0)
		tcreg__param_int64(p, P_RELATED_PARTY, c->related);
	else
		tcreg__param_null(p, P_RELATED_PARTY); /* not said */
	tcreg__param_text_or_null(p, P_NOTE, c->note);
	tcreg__param_text_or_null(p, P_PLAN_SOURCE, c->plan_source);
	tcreg__param_text_or_null(p, P_OBJECTIVE, c->objective);
	tcreg__param_text_or_null(p, P_FOREIGN_TRADE, c->foreign);
	tcreg__param_text_or_null(p, P_LICENCE_MODE, c->licence_mode);
	tcreg__param_id_or_null(p, P_LICENCE_YEARS, c->licence_years);
	tcreg__param_text_or_null(p, P_ENTERPRISE_TYPE, c->enterprise_type);
	tcreg__param_id_or_null(p, P_SERVED_ID, served);
}

/* A statement of another file that writes a contract by the store's names
 * (:id for the row). */
tcreg_status
tcreg__contract_params(tcreg_registry *reg, struct tcreg__params *p, sqlite3_stmt *st, int64_t id)
{
	tcreg_status s = tcreg__params_init(reg, p, st, param_names, P__COUNT);
	if (s == TCREG_OK)
		tcreg__param_int64(p, P_ID, id);
	return s;
}

/* The contract's own fields, and where it came from (the line of this
 * batch), for c_insert and c_update alike. */
static void
bind_contract(struct tcreg__store *s, struct tcreg__params *p, const struct tcreg__contract *c,
	      int64_t seller, int64_t buyer, long line, int64_t served)
{
	tcreg__param_text(p, P_CONTRACT_NO, c->contract_no);
	tcreg__bind_contract_fields(p, c, seller, buyer, served);
	tcreg__param_id_or_null(p, P_BATCH_ID, s->batch_id);
	tcreg__param_int64(p, P_BATCH_LINE, line);
}

tcreg_status
tcreg__served_contract(tcreg_registry *reg, const char *reg_no, int64_t *id)
{
	sqlite3_stmt *st;
	*id = 0;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT id FROM contract WHERE reg_no = ? AND status IN ('registered', 'changed')");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, reg_no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "looking up a contract");
}

static bool
same_text(sqlite3_stmt *st, int i, const char *v)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!v || !*v)
		return t == NULL;
	return t && strcmp(t, v) == 0;
}

/* Which fields of the registered contract (current row of c_select) differ. */
static void
differences(sqlite3_stmt *q, const struct tcreg__contract *c, int64_t buyer, int64_t served,
	    const char *const *names, struct tcreg__buf *out)
{
	struct {
		bool differs;
		int col;
	} d[] = {
		{ sqlite3_column_int64(q, 1) != buyer, COL_BUYER_NAME },
		{ !same_text(q, 2, c->project_name), COL_PROJECT_NAME },
		{ !same_text(q, 3, c->category), COL_CATEGORY },
		{ sqlite3_column_int64(q, 4) != c->total_fen, COL_TOTAL_AMOUNT },
		{ sqlite3_column_int64(q, 5) != c->tech_fen, COL_TECH_AMOUNT },
		{ !same_text(q, 6, c->sign_date), COL_SIGN_DATE },
		{ !same_text(q, 7, c->valid_from), COL_VALID_FROM },
		{ !same_text(q, 8, c->valid_to), COL_VALID_TO },
		{ !same_text(q, 9, c->tech_field), COL_TECH_FIELD },
		{ !same_text(q, 10, c->ip_type), COL_IP_TYPE },
		{ !same_text(q, 11, c->pay_method), COL_PAY_METHOD },
		{ (sqlite3_column_type(q, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 12)) !=
			  c->related,
		  COL_RELATED_PARTY },
		{ !same_text(q, 13, c->note), COL_NOTE },
		{ sqlite3_column_int64(q, 17) != served, COL_SERVED_CONTRACT },
		{ !same_text(q, 18, c->plan_source), COL_PLAN_SOURCE },
		{ !same_text(q, 19, c->objective), COL_OBJECTIVE },
		{ !same_text(q, 20, c->foreign), COL_FOREIGN },
		{ !same_text(q, 21, c->licence_mode), COL_LICENCE_MODE },
		{ sqlite3_column_int(q, 22) != c->licence_years, COL_LICENCE_YEARS },
		{ !same_text(q, 23, c->enterprise_type), COL_ENTERPRISE_TYPE },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		if (!d[i].differs)
			continue;
		if (out->len)
			tcreg__buf_puts(out, ", ");
		tcreg__buf_puts(out, names ? names[d[i].col] : tcreg__col_key(d[i].col));
	}
}

tcreg_status
tcreg__store_contract(struct tcreg__store *s, const struct tcreg__contract *c, long line,
		      const char *const *names, tcreg_diags *diags, enum tcreg__outcome *outcome)
{
	*outcome = OUT_INSERTED;
	s->last_contract = 0;
	int64_t seller = 0, buyer = 0;
	const char *sname = names ? names[COL_SELLER_NAME] : "seller_name";
	const char *bname = names ? names[COL_BUYER_NAME] : "buyer_name";
	tcreg_status st = resolve_party(s, &c->seller, sname, line, diags, &seller, outcome);
	if (st != TCREG_OK || *outcome != OUT_INSERTED)
		return st;
	st = resolve_party(s, &c->buyer, bname, line, diags, &buyer, outcome);
	if (st != TCREG_OK || *outcome != OUT_INSERTED)
		return st;
	int64_t served = 0;
	if (c->served && (st = tcreg__served_contract(s->reg, c->served, &served)) != TCREG_OK)
		return st;
	if (c->served && !served) {
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0,
				 names ? names[COL_SERVED_CONTRACT] : "served_contract", "E_SERVED_UNKNOWN",
				 N_("no registered contract has this registration number"), NULL, c->served);
		*outcome = OUT_REJECTED;
		return TCREG_OK;
	}

	/* the filing point is settled by the first contract stored, so that a
	 * payments ledger asks nothing of it */
	if (!s->point_id && (st = filing_point(s)) != TCREG_OK)
		return st;
	struct tcreg__params *ins = &s->c_insert;
	bind_contract(s, ins, c, seller, buyer, line, served);
	tcreg__param_int64(ins, P_POINT_ID, s->point_id);
	tcreg__param_text(ins, P_ACCEPT_DATE, s->today);
	tcreg__param_text(ins, P_ENTERED_BY, tcreg__operator(s->reg));
	tcreg__param_text(ins, P_CREATED_AT, s->now);
	st = insert_done(s, ins, "contract", "saving a contract");
	if (st != TCREG_OK)
		return st;
	if (sqlite3_changes(s->reg->db) == 1) {
		s->last_contract = sqlite3_last_insert_rowid(s->reg->db);
		return intake_warnings(s, c, seller, buyer, line, names, diags);
	}

	/* the seller already has a contract with this number */
	sqlite3_stmt *q = s->c_select.st;
	tcreg__param_int64(&s->c_select, P_SELLER_ID, seller);
	tcreg__param_text(&s->c_select, P_CONTRACT_NO, c->contract_no);
	int rc = pstep(s, &s->c_select);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		return db_fail(s, rc, "reading a contract");
	}
	int64_t id = sqlite3_column_int64(q, 0);
	const char *cno = names ? names[COL_CONTRACT_NO] : "contract_no";
	if (s->batch_id && sqlite3_column_int64(q, 15) == s->batch_id) {
		char l[24];
		snprintf(l, sizeof(l), "%" PRId64, (int64_t)sqlite3_column_int64(q, 16));
		sqlite3_reset(q);
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, cno, "E_DUP_IN_FILE",
				 N_("the same contract as line %s (same seller and contract number)"),
				 l, c->contract_no);
		*outcome = OUT_REJECTED;
		return TCREG_OK;
	}
	struct tcreg__buf diff;
	tcreg__buf_init(&diff);
	differences(q, c, buyer, served, names, &diff);
	char status[24];
	snprintf(status, sizeof(status), "%s", ctext(q, 14));
	sqlite3_reset(q);
	if (diff.failed) {
		tcreg__buf_release(&diff);
		return TCREG_ERR_NOMEM;
	}
	if (diff.len == 0) {
		tcreg__buf_release(&diff);
		*outcome = OUT_UNCHANGED;
		s->last_contract = id;
		return TCREG_OK;
	}
	bool editable = strcmp(status, "submitted") == 0 || strcmp(status, "needs_supplement") == 0;
	if (!s->update || !editable) {
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, cno, "E_CONFLICT",
				 editable ? N_("already registered with a different %s; use --update to replace it")
					  : N_("differs from a contract past submission (%s); change it with tcreg certify --change"),
				 diff.data, c->contract_no);
		tcreg__buf_release(&diff);
		*outcome = OUT_CONFLICT;
		return TCREG_OK;
	}
	tcreg__buf_release(&diff);

	char *old_json = NULL, *new_json = NULL;
	st = tcreg_contract_json(s->reg, id, 0, &old_json);
	if (st == TCREG_OK) {
		bind_contract(s, &s->c_update, c, seller, buyer, line, served);
		st = step_done(s, &s->c_update, "updating a contract");
	}
	if (st == TCREG_OK)
		st = tcreg_contract_json(s->reg, id, 0, &new_json);
	if (st == TCREG_OK)
		st = tcreg__audit(s->reg, "update", "contract", id, s->batch_id, old_json, new_json);
	free(old_json);
	free(new_json);
	if (st == TCREG_OK) {
		*outcome = OUT_UPDATED;
		s->last_contract = id;
	}
	return st;
}

/* The contract a payment names, by registration number or by seller and
 * contract number; 0 (with a diagnostic) when none or several match. */
static tcreg_status
payment_contract(struct tcreg__store *s, const struct tcreg__payment *p, long line,
		 const char *const *names, tcreg_diags *diags, int64_t *cid)
{
	struct tcreg__params *by = p->reg_no ? &s->find_by_regno : &s->find_by_seller;
	if (p->reg_no) {
		tcreg__param_text(by, P_REG_NO, p->reg_no);
	} else {
		tcreg__param_text(by, P_SELLER_NAME, p->seller_name);
		tcreg__param_text(by, P_CONTRACT_NO, p->contract_no);
	}
	int found = 0, rc;
	*cid = 0;
	for (rc = pstep(s, by); rc == SQLITE_ROW; rc = sqlite3_step(by->st)) {
		*cid = sqlite3_column_int64(by->st, 0);
		found++;
	}
	sqlite3_reset(by->st);
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, "looking up a contract");
	if (found != 1) {
		const char *col = names ? names[p->reg_no ? PCOL_REG_NO : PCOL_CONTRACT_NO]
					: (p->reg_no ? "reg_no" : "contract_no");
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, col,
				 found ? "E_CONTRACT_AMBIGUOUS" : "E_CONTRACT_NOT_FOUND",
				 found ? N_("several contracts match; give the registration number")
				       : N_("no such contract in the registry"),
				 NULL, p->reg_no ? p->reg_no : p->contract_no);
		*cid = 0;
	}
	return TCREG_OK;
}

struct voucher {
	int64_t id, amount, reverses;
	char date[11];
	long line;
	bool this_batch;
};

/* The payment of the contract with this voucher; false when there is none. */
static bool
find_voucher(struct tcreg__store *s, int64_t cid, const char *voucher, struct voucher *v, int *rc)
{
	sqlite3_stmt *sel = s->pay_select.st;
	tcreg__param_int64(&s->pay_select, P_CONTRACT_ID, cid);
	tcreg__param_text(&s->pay_select, P_VOUCHER, voucher);
	*rc = pstep(s, &s->pay_select);
	bool found = *rc == SQLITE_ROW;
	if (found) {
		v->id = sqlite3_column_int64(sel, 0);
		snprintf(v->date, sizeof(v->date), "%s", ctext(sel, 1));
		v->amount = sqlite3_column_int64(sel, 2);
		v->this_batch = sqlite3_column_int64(sel, 3) == s->batch_id;
		v->line = (long)sqlite3_column_int64(sel, 4);
		v->reverses = sqlite3_column_int64(sel, 5);
		*rc = SQLITE_DONE;
	}
	sqlite3_reset(sel);
	return found;
}

/* Money received must belong to a live contract, arrive between its signing
 * and today, and never add up to more than the contract amount; a reversal
 * must name a payment of the same contract and take back no more than is
 * left of it, so the net never goes below zero.  Returns the errors. */
static int
payment_checks(struct tcreg__store *s, int64_t cid, const struct tcreg__payment *p, long line,
	       const char *const *names, tcreg_diags *diags, struct voucher *orig, tcreg_status *st)
{
	const char *ccol = names ? names[p->reg_no ? PCOL_REG_NO : PCOL_CONTRACT_NO]
				 : (p->reg_no ? "reg_no" : "contract_no");
	const char *dcol = names ? names[PCOL_PAY_DATE] : "pay_date";
	const char *acol = names ? names[PCOL_AMOUNT] : "amount";
	const char *rcol = names ? names[PCOL_REVERSES] : "reverses_voucher";
	char status[24] = "", sign[11] = "", valid_to[11] = "", a[40], b[40];
	int64_t total = 0, received = 0;
	sqlite3_stmt *q = s->pay_contract.st;
	tcreg__param_int64(&s->pay_contract, P_CONTRACT_ID, cid);
	int rc = pstep(s, &s->pay_contract);
	if (rc == SQLITE_ROW) {
		snprintf(status, sizeof(status), "%s", ctext(q, 0));
		snprintf(sign, sizeof(sign), "%s", ctext(q, 1));
		snprintf(valid_to, sizeof(valid_to), "%s", ctext(q, 2));
		total = sqlite3_column_int64(q, 3);
		received = sqlite3_column_int64(q, 4);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		*st = db_fail(s, rc, "reading a contract");
		return 1;
	}
	int errors = 0;
	if (p->amount_fen < 0) {
		if (!find_voucher(s, cid, p->reverses, orig, &rc) || orig->reverses) {
			if (rc != SQLITE_DONE) {
				*st = db_fail(s, rc, "reading a payment");
				return 1;
			}
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, rcol, "E_REVERSAL_UNKNOWN",
					 N_("no payment of this contract has this voucher"), NULL, p->reverses);
			return 1;
		}
		tcreg__param_int64(&s->pay_left, P_AMOUNT_FEN, orig->amount);
		tcreg__param_int64(&s->pay_left, P_PAYMENT_ID, orig->id);
		rc = pstep(s, &s->pay_left);
		int64_t left = sqlite3_column_int64(s->pay_left.st, 0);
		sqlite3_reset(s->pay_left.st);
		if (rc != SQLITE_ROW) { /* never taken for "nothing left" */
			*st = db_fail(s, rc, "reading a payment");
			return 1;
		}
		if (-p->amount_fen > left) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, acol, "E_REVERSAL_EXCEEDS",
					 N_("reverses more than is left of the payment (%s)"),
					 tcreg_amount_format(left, a, sizeof(a)),
					 tcreg_amount_format(-p->amount_fen, b, sizeof(b)));
			errors++;
		}
		if (strcmp(p->pay_date, orig->date) < 0) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, dcol, "E_REVERSAL_DATE",
					 N_("before the payment it reverses (%s)"), orig->date, p->pay_date);
			errors++;
		}
		return errors;
	}
	if (strcmp(status, "rejected") == 0 || strcmp(status, "cancelled") == 0 ||
	    strcmp(status, "revoked") == 0) {
		const char *msgid = status[0] == 'c' ? N_("the contract was cancelled: it takes no payments")
				  : status[2] == 'j' ? N_("the contract was rejected: it takes no payments")
						     : N_("the contract was revoked: it takes no payments");
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, ccol, "E_PAYMENT_STATUS", msgid, NULL,
				 p->reg_no ? p->reg_no : p->contract_no);
		errors++;
	}
	if (strcmp(p->pay_date, sign) < 0) {
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, dcol, "E_PAYMENT_BEFORE_SIGNING",
				 N_("before the contract was signed (%s)"), sign, p->pay_date);
		errors++;
	}
	if (received + p->amount_fen > total) { /* both at most a ceiling far below INT64_MAX / 2 */
		char sum[40];
		tcreg_amount_format(total, a, sizeof(a));
		tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, acol, "E_PAYMENT_EXCEEDS_TOTAL",
				 N_("the money received would exceed the contract amount (%s)"), a,
				 tcreg_amount_format(received + p->amount_fen, sum, sizeof(sum)));
		errors++;
	}
	if (!errors && valid_to[0] && strcmp(p->pay_date, valid_to) > 0)
		tcreg__diags_add(diags, TCREG_SEV_WARNING, line, 0, dcol, "W_PAYMENT_AFTER_VALIDITY",
				 N_("after the contract's validity ended (%s)"), valid_to, p->pay_date);
	return errors;
}

static char *
reversal_json(const struct tcreg__payment *p)
{
	return dump_compact(json_pack("{s:s, s:I, s:s, s:s, s:s?}", "pay_date", p->pay_date, "amount_fen",
				      (json_int_t)p->amount_fen, "voucher", p->voucher, "reverses_voucher",
				      p->reverses, "note", p->note));
}

tcreg_status
tcreg__store_payment(struct tcreg__store *s, const struct tcreg__payment *p, long line,
		     const char *const *names, tcreg_diags *diags, enum tcreg__outcome *outcome)
{
	*outcome = OUT_REJECTED;
	int64_t cid;
	tcreg_status st = payment_contract(s, p, line, names, diags, &cid);
	if (st != TCREG_OK || !cid)
		return st;
	const char *vcol = names ? names[PCOL_VOUCHER] : "voucher";
	struct voucher v = { 0 }, orig = { 0 };
	int rc;
	if (find_voucher(s, cid, p->voucher, &v, &rc)) {
		char first_line[24];
		snprintf(first_line, sizeof(first_line), "%ld", v.line);
		if (v.this_batch) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, vcol, "E_DUP_IN_FILE",
					 N_("the same payment as line %s (same contract and voucher)"),
					 first_line, p->voucher);
		} else if (strcmp(v.date, p->pay_date) == 0 && v.amount == p->amount_fen) {
			*outcome = OUT_UNCHANGED;
		} else {
			/* money received is never edited: a mistake is reversed */
			tcreg__diags_add(diags, TCREG_SEV_ERROR, line, 0, vcol, "E_CONFLICT",
					 N_("this voucher is recorded with another date or amount (%s); correct it with a reversal (a negative amount naming it in 冲销凭证号), never by editing"),
					 v.date, p->voucher);
			*outcome = OUT_CONFLICT;
		}
		return TCREG_OK;
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, "reading a payment");
	if (payment_checks(s, cid, p, line, names, diags, &orig, &st))
		return st;
	struct tcreg__params *ins = &s->pay_insert;
	tcreg__param_int64(ins, P_CONTRACT_ID, cid);
	tcreg__param_text(ins, P_PAY_DATE, p->pay_date);
	tcreg__param_int64(ins, P_AMOUNT_FEN, p->amount_fen);
	tcreg__param_text(ins, P_VOUCHER, p->voucher);
	tcreg__param_int64(ins, P_BATCH_ID, s->batch_id);
	tcreg__param_int64(ins, P_BATCH_LINE, line);
	tcreg__param_text(ins, P_ENTERED_BY, tcreg__operator(s->reg));
	tcreg__param_text(ins, P_CREATED_AT, s->now);
	tcreg__param_id_or_null(ins, P_REVERSES_ID, p->amount_fen < 0 ? orig.id : 0);
	tcreg__param_text_or_null(ins, P_NOTE, p->note);
	if ((st = insert_done(s, ins, "payment", "saving a payment")) != TCREG_OK)
		return st;
	*outcome = OUT_INSERTED;
	if (p->amount_fen > 0)
		return TCREG_OK;
	/* a reversal has its own audit record: the payment, then what reversed it */
	int64_t rid = sqlite3_last_insert_rowid(s->reg->db);
	char *oj = payment_json(orig.date, orig.amount);
	char *nj = reversal_json(p);
	st = oj && nj ? tcreg__audit(s->reg, "reverse", "payment", rid, s->batch_id, oj, nj) : TCREG_ERR_NOMEM;
	free(oj);
	free(nj);
	return st;
}

tcreg_status
tcreg__store_party(struct tcreg__store *s, const struct tcreg__party *p, const char *column,
		   tcreg_diags *diags, int64_t *id, enum tcreg__outcome *outcome)
{
	*outcome = OUT_INSERTED;
	return resolve_party(s, p, column, 0, diags, id, outcome);
}
