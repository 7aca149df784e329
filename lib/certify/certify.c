/* SPDX-License-Identifier: MIT
 * certify.c - the life cycle of a contract in the registry:
 *
 *   submitted --accept--> registered --change--> changed (--change--> changed)
 *   submitted --reject--> rejected          registered|changed --cancel--> cancelled
 *   submitted --supplement--> needs_supplement --resubmit--> submitted
 *   registered|changed --revoke--> revoked
 *
 * Each decision checks its preconditions, runs in one transaction and writes
 * an audit record with the contract before and after.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"


/* What an action's handler works on, inside tcreg_certify's transaction,
 * once the action is allowed: the contract as it was, the decision, where
 * its problems go and what the audit record says of it. */
struct act {
	tcreg_registry *reg;
	int64_t id;
	tcreg_cert_action action;
	const struct current *c;
	const struct tcreg_decision *dec;
	const tcreg_codes *codes;
	tcreg_diags *d;
	json_t *detail;
	char **number; /* accept: the registration number given */
};
typedef tcreg_status (*act_handler)(const struct act *a);
static tcreg_status do_accept(const struct act *a);
static tcreg_status do_refuse(const struct act *a);
static tcreg_status do_supplement(const struct act *a);
static tcreg_status do_resubmit(const struct act *a);
static tcreg_status do_review(const struct act *a);
static tcreg_status do_change(const struct act *a);
static tcreg_status do_cancel(const struct act *a);
static tcreg_status do_not_accept(const struct act *a);
static tcreg_status do_withdraw(const struct act *a);
static tcreg_status do_objection(const struct act *a);
static tcreg_status do_resolve(const struct act *a);
static tcreg_status do_external(const struct act *a);

static const struct {
	const char *name;
	const char *from[3];
	bool separation; /* the clerk who entered the contract may not decide */
	const char *role; /* who may, once the registry has operators */
	act_handler handler;
} actions[] = {
	[TCREG_CERT_ACCEPT] = { "accept", { "submitted" }, true, "certifier", do_accept },
	[TCREG_CERT_REJECT] = { "reject", { "submitted" }, true, "certifier", do_refuse },
	[TCREG_CERT_SUPPLEMENT] = { "supplement", { "submitted" }, true, "certifier", do_supplement },
	[TCREG_CERT_RESUBMIT] = { "resubmit", { "needs_supplement" }, false, "clerk", do_resubmit },
	[TCREG_CERT_REVIEW] = { "review", { "submitted" }, true, "reviewer", do_review },
	[TCREG_CERT_CHANGE] = { "change", { "registered", "changed" }, true, "certifier", do_change },
	[TCREG_CERT_CANCEL] = { "cancel", { "registered", "changed" }, true, "certifier", do_cancel },
	[TCREG_CERT_REVOKE] = { "revoke", { "registered", "changed" }, true, "certifier", do_refuse },
	[TCREG_CERT_NOT_ACCEPT] = { "not_accept", { "submitted" }, true, "certifier", do_not_accept },
	[TCREG_CERT_WITHDRAW] = { "withdraw", { "submitted", "needs_supplement" }, false, "clerk", do_withdraw },
	[TCREG_CERT_OBJECTION] = { "objection", { "registered", "changed", "rejected" }, false, "clerk",
				   do_objection },
	[TCREG_CERT_RESOLVE] = { "resolve_objection", { "registered", "changed", "rejected" }, true, "certifier",
				 do_resolve },
	[TCREG_CERT_EXTERNAL] = { "external", { "submitted", "needs_supplement" }, false, "certifier", do_external },
};

struct current;
static const char *separated_from(tcreg_registry *reg, int64_t id, int action,
				  const struct current *c);

struct current {
	char status[24];
	char *entered_by; /* compared whole: a name of any length */
	char category[8];
	char accept_date[11], valid_from[11], valid_to[11], sign_date[11];
	char ip_type[8];
	char *project_name;
	int64_t total_fen, tech_fen, seller_id, buyer_id;
};

static tcreg_status
load(tcreg_registry *reg, int64_t id, struct current *c)
{
	memset(c, 0, sizeof(*c));
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT status, entered_by, category, accept_date, valid_from, "
					"valid_to, sign_date, coalesce(ip_type, ''), project_name, "
					"total_amount_fen, tech_amount_fen, seller_id, buyer_id "
					"FROM contract WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char *dst[] = { c->status, NULL, c->category, c->accept_date, c->valid_from,
				c->valid_to, c->sign_date, c->ip_type };
		size_t sz[] = { sizeof(c->status), 0, sizeof(c->category),
				11, 11, 11, 11, sizeof(c->ip_type) };
		for (int i = 0; i < 8; i++)
			if (dst[i])
				snprintf(dst[i], sz[i], "%s", (const char *)sqlite3_column_text(st, i));
		c->entered_by = tcreg__strdup((const char *)sqlite3_column_text(st, 1));
		c->project_name = tcreg__strdup((const char *)sqlite3_column_text(st, 8));
		c->total_fen = sqlite3_column_int64(st, 9);
		c->tech_fen = sqlite3_column_int64(st, 10);
		c->seller_id = sqlite3_column_int64(st, 11);
		c->buyer_id = sqlite3_column_int64(st, 12);
		s = c->project_name && c->entered_by ? TCREG_OK : TCREG_ERR_NOMEM;
	} else if (rc == SQLITE_DONE) {
		s = tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no contract with id %lld", (long long)id);
	} else {
		s = tcreg__db_err(reg, rc, "reading a contract");
	}
	sqlite3_finalize(st);
	return s;
}

static int
add(tcreg_diags *d, tcreg_severity sev, const char *column, const char *code, const char *msgid,
    const char *arg, const char *value)
{
	tcreg__diags_add(d, sev, 0, 0, column, code, msgid, arg, value);
	return sev == TCREG_SEV_ERROR;
}

struct deduction {
	const char *item;
	int64_t fen;
	char *note;
};

/* Parse "ITEM=AMOUNT" or "ITEM=AMOUNT:NOTE" items; *sum is their total. */
static int
parse_deductions(const tcreg_codes *codes, const char *const *in, struct deduction **out, size_t *n,
		 int64_t *sum, tcreg_diags *d)
{
	int errors = 0;
	size_t count = 0;
	for (const char *const *p = in; p && *p; p++)
		count++;
	*out = calloc(count + 1, sizeof(**out));
	*n = 0;
	*sum = 0;
	if (!*out)
		return 1;
	for (size_t i = 0; i < count; i++) {
		char *copy = tcreg__strdup(in[i]);
		char *eq = copy ? strchr(copy, '=') : NULL;
		if (!eq) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_DEDUCTION",
				      N_("write ITEM=AMOUNT or ITEM=AMOUNT:NOTE"), NULL, in[i]);
			free(copy);
			continue;
		}
		*eq = '\0';
		char *amount = eq + 1, *note = strchr(amount, ':');
		if (note)
			*note++ = '\0';
		struct deduction *x = &(*out)[*n];
		const char *code, *msgid;
		if (tcreg_codes_resolve(codes, TCREG_TABLE_DEDUCTION, tcreg__trim(copy), &x->item) !=
		    TCREG_OK) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_DEDUCTION_ITEM",
				      N_("unknown deduction item (equipment, instrument, parts, raw_material, other)"),
				      NULL, in[i]);
		} else if (tcreg_amount_parse(amount, 0, &x->fen, &code, &msgid) != TCREG_OK) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", code, msgid, NULL, in[i]);
		} else if (x->fen == 0) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_AMOUNT_ZERO",
				      N_("a deduction must be more than 0"), NULL, in[i]);
		} else if (strcmp(x->item, "other") == 0 && (!note || !*tcreg__trim(note))) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_DEDUCTION_NOTE",
				      N_("say what an 'other' deduction is: other=AMOUNT:NOTE"), NULL, in[i]);
		} else if (__builtin_add_overflow(*sum, x->fen, sum)) {
			errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_AMOUNT_OVERFLOW",
				      N_("amount too large"), NULL, in[i]);
		} else {
			x->note = note && *note ? tcreg__strdup(note) : NULL;
			(*n)++;
		}
		free(copy);
	}
	return errors;
}

static void
free_deductions(struct deduction *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].note);
	free(v);
}

static tcreg_status
save_deductions(tcreg_registry *reg, int64_t id, const struct deduction *v, size_t n)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "DELETE FROM deduction WHERE contract_id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "saving deductions");
	if ((s = tcreg__prepare(reg, &st, "INSERT INTO deduction(contract_id, item, amount_fen, note) "
					  "VALUES (?, ?, ?, ?)")) != TCREG_OK)
		return s;
	for (size_t i = 0; i < n && s == TCREG_OK; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, v[i].item, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, v[i].fen);
		tcreg__bind_text_or_null(st, 4, v[i].note);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "saving deductions");
	}
	sqlite3_finalize(st);
	return s;
}

static int64_t
count_of(tcreg_registry *reg, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, sql) != TCREG_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

/* The registration point a contract is filed at. */
static int64_t
point_of(tcreg_registry *reg, int64_t id)
{
	return count_of(reg, "SELECT point_id FROM contract WHERE id = ?", id);
}

/* Checks that help the reviewer; they warn, the reviewer decides. */
static void
reviewer_warnings(const struct current *c, const char *category, tcreg_diags *d)
{
	if (strcmp(c->accept_date, c->valid_from) < 0 || strcmp(c->accept_date, c->valid_to) > 0) {
		char arg[40];
		snprintf(arg, sizeof(arg), "%s .. %s", c->valid_from, c->valid_to);
		add(d, TCREG_SEV_WARNING, NULL, "W_OUTSIDE_VALIDITY",
		    N_("the application was accepted outside the contract's validity (%s)"), arg,
		    c->accept_date);
	}
	bool ip_needed = category[0] == '2' || category[0] == '3';
	if (ip_needed && (!c->ip_type[0] || strcmp(c->ip_type, "99") == 0))
		add(d, TCREG_SEV_WARNING, NULL, "W_NO_IP",
		    N_("a transfer or licence with no intellectual property named"), NULL, NULL);
}

/* The parties and the agency as they are now become the contract's own: a
 * registered contract keeps them whatever later happens to the party rows
 * or the agency profile (a change of the contract takes them anew). */
tcreg_status
tcreg__keep_parties(tcreg_registry *reg, int64_t id)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
		"UPDATE contract SET "
		"seller_name_reg = (SELECT name FROM party WHERE id = seller_id), "
		"seller_uscc_reg = (SELECT uscc FROM party WHERE id = seller_id), "
		"seller_region_reg = (SELECT region FROM party WHERE id = seller_id), "
		"seller_nature_reg = (SELECT nature FROM party WHERE id = seller_id), "
		"buyer_name_reg = (SELECT name FROM party WHERE id = buyer_id), "
		"buyer_uscc_reg = (SELECT uscc FROM party WHERE id = buyer_id), "
		"buyer_region_reg = (SELECT region FROM party WHERE id = buyer_id), "
		"buyer_nature_reg = (SELECT nature FROM party WHERE id = buyer_id), "
		"agency_name_reg = coalesce(agency_name_reg, (SELECT name FROM point WHERE id = point_id)), "
		"agency_region_reg = coalesce(agency_region_reg, (SELECT region FROM point WHERE id = point_id)), "
		"agency_point_reg = coalesce(agency_point_reg, (SELECT code FROM point WHERE id = point_id)) "
		"WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "keeping the parties as registered");
}

/* A decision on a contract: sql with ?1 the id, ?2..?4 a, b, c (NULL when
 * absent), ?5 the time, ?6 the operator. */
tcreg_status
tcreg__decision_update(tcreg_registry *reg, const char *sql, int64_t id, const char *a, const char *b,
		       const char *c)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, sql);
	if (s != TCREG_OK)
		return s;
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_bind_int64(st, 1, id);
	tcreg__bind_text_or_null(st, 2, a);
	tcreg__bind_text_or_null(st, 3, b);
	tcreg__bind_text_or_null(st, 4, c);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, tcreg__operator(reg), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "saving the decision");
}

/* 一次登记 and the office's area (registration-rules.c): a twin of a
 * registered contract, or a contract this office does not file, is refused. */
static int
registration_rules(tcreg_registry *reg, int64_t id, tcreg_diags *d, tcreg_status *s)
{
	int errors = 0;
	char *twin = NULL, *area = NULL;
	if ((*s = tcreg__registered_twin(reg, id, &twin)) != TCREG_OK)
		return 1;
	if (twin)
		errors += add(d, TCREG_SEV_ERROR, NULL, "E_DUPLICATE",
			      N_("the same contract is registered already (%s): 一次登记; refuse this one with --reject --reason R11"),
			      twin, NULL);
	free(twin);
	if ((*s = tcreg__point_area(reg, point_of(reg, id), &area)) != TCREG_OK)
		return errors + 1;
	sqlite3_stmt *st;
	if (area && (*s = tcreg__prepare(reg, &st,
				 "SELECT coalesce(c.seller_region_reg, s.region), "
				 "coalesce(c.buyer_region_reg, b.region), c.foreign_trade "
				 "FROM contract c JOIN party s ON s.id = c.seller_id "
				 "JOIN party b ON b.id = c.buyer_id WHERE c.id = ?")) == TCREG_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *sr = (const char *)sqlite3_column_text(st, 0);
			const char *br = (const char *)sqlite3_column_text(st, 1);
			const char *fo = (const char *)sqlite3_column_text(st, 2);
			bool import = fo && strcmp(fo, "import") == 0;
			if (!tcreg__files_here(area, sr, br, fo))
				errors += add(d, TCREG_SEV_ERROR, NULL, "E_OUTSIDE_AREA",
					      import ? N_("the buyer of this technology import (%s) is outside the area this office serves: it is filed where the domestic buyer is")
						     : N_("the seller (%s) is outside the area this office serves: 卖方登记制度, 按登记主体所在地一次登记; record another office's registration with --external"),
					      import ? br : sr, area);
		}
		sqlite3_finalize(st);
	}
	free(area);
	return errors;
}

/* What tcreg audit risks flags about the contract at hand, as warnings:
 * the certifier looks twice; nothing is refused for it. */
static void
risk_warnings(tcreg_registry *reg, int64_t id, const struct current *c, tcreg_diags *d)
{
	json_t *r;
	if (tcreg_risks_tree(reg, atoi(c->sign_date), id, NULL, &r) != TCREG_OK)
		return;
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(r, "flags"), i, f) {
		char list[256] = "";
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(f, "contracts"), k, x) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof(list) - n, "%s%s", k ? " " : "", json_string_value(x));
		}
		static const struct {
			const char *rule, *msgid;
		} m[] = {
			{ "splitting", N_("worth a second look: split contracts? (tcreg audit risks)") },
			{ "clustering", N_("worth a second look: amounts bunched just above a threshold (tcreg audit risks)") },
			{ "circular", N_("worth a second look: a circular trade (tcreg audit risks)") },
			{ "resold_development", N_("worth a second look: one development sold to several buyers (tcreg audit risks)") },
		};
		const char *rule = json_string_value(json_object_get(f, "rule"));
		for (size_t j = 0; j < sizeof(m) / sizeof(m[0]); j++)
			if (strcmp(m[j].rule, rule) == 0)
				add(d, TCREG_SEV_WARNING, NULL, "W_RISK", m[j].msgid, NULL, list);
	}
	json_decref(r);
}

/* Deductions that leave more than the applicant declared do not raise the
 * verified amount: the declared amount stands, and the certifier is told. */
static void
deductions_warning(tcreg_diags *d, int64_t total, int64_t tech, int64_t deducted)
{
	if (deducted > 0 && total - deducted > tech) {
		char left[40], declared[40];
		tcreg_amount_format(total - deducted, left, sizeof(left));
		tcreg_amount_format(tech, declared, sizeof(declared));
		add(d, TCREG_SEV_WARNING, "--deduct", "W_DEDUCTIONS_BELOW_DECLARED",
		    N_("the deductions leave more than the declared technology amount (%s); the declared amount stands"),
		    declared, left);
	}
}

static tcreg_status
accept(tcreg_registry *reg, int64_t id, const struct current *c, const struct tcreg_decision *dec,
       const tcreg_codes *codes, tcreg_diags *d, json_t *detail, char **reg_no)
{
	const char *category = c->category;
	if (dec->category && tcreg_codes_resolve(codes, TCREG_TABLE_CATEGORY, dec->category,
						 &category) != TCREG_OK) {
		add(d, TCREG_SEV_ERROR, "--category", "E_CODE", N_("unknown contract category"), NULL,
		    dec->category);
		return TCREG_ERR_INVALID;
	}
	struct deduction *ded = NULL;
	size_t n = 0;
	int64_t sum = 0;
	int errors = parse_deductions(codes, dec->deduct, &ded, &n, &sum, d);
	tcreg_status rs = TCREG_OK;
	errors += registration_rules(reg, id, d, &rs);
	if (rs != TCREG_OK) {
		free_deductions(ded, n);
		return rs;
	}
	char buf[40];
	if (!errors && sum > c->total_fen)
		errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_DEDUCTION_EXCEEDS",
			      N_("the deductions exceed the contract amount (%s)"),
			      tcreg_amount_format(c->total_fen, buf, sizeof(buf)), NULL);
	int64_t verified = tcreg__verified_amount(c->total_fen, c->tech_fen, sum);
	if (!errors)
		deductions_warning(d, c->total_fen, c->tech_fen, sum);
	int64_t threshold = tcreg__config_int(reg, "large_threshold") * 100;
	bool large = threshold > 0 && verified >= threshold;
	if (!errors && large &&
	    count_of(reg, "SELECT count(*) FROM review WHERE contract_id = ?", id) <= 0)
		errors += add(d, TCREG_SEV_ERROR, NULL, "E_REVIEW_REQUIRED",
			      N_("a large contract (verified amount at or above %s 元) needs an expert review first: certify ID --review --expert NAME --opinion TEXT"),
			      tcreg_amount_format(threshold, buf, sizeof(buf)), NULL);
	tcreg_status s = errors ? TCREG_ERR_INVALID : TCREG_OK;
	if (s == TCREG_OK) {
		reviewer_warnings(c, category, d);
		risk_warnings(reg, id, c, d);
		char today[11], now[20];
		tcreg__now(reg, now, today);
		s = tcreg__regno_next(reg, point_of(reg, id), today, reg_no);
		sqlite3_stmt *st = NULL;
		if (s == TCREG_OK)
			s = tcreg__prepare(reg, &st,
					   "UPDATE contract SET status = 'registered', reg_no = ?2, "
					   "reg_date = ?3, verified_tech_amount_fen = ?4, category = ?5, "
					   "track = ?6, status_note = ?7, certified_by = ?8, decided_at = ?9 "
					   "WHERE id = ?1");
		if (s == TCREG_OK) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, *reg_no, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, verified);
			sqlite3_bind_text(st, 5, category, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, large ? "large" : "normal", -1, SQLITE_STATIC);
			tcreg__bind_text_or_null(st, 7, dec->note);
			sqlite3_bind_text(st, 8, tcreg__operator(reg), -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
			int rc = sqlite3_step(st);
			if (rc != SQLITE_DONE)
				s = tcreg__db_err(reg, rc, "registering the contract");
		}
		sqlite3_finalize(st);
		if (s == TCREG_OK)
			s = save_deductions(reg, id, ded, n);
		if (s == TCREG_OK)
			s = tcreg__keep_parties(reg, id);
		json_object_set_new(detail, "reg_no", json_string(*reg_no ? *reg_no : ""));
		json_object_set_new(detail, "verified_tech_amount_fen", json_integer(verified));
	}
	free_deductions(ded, n);
	return s;
}

/* CHANGE: rerun every field through the ledger's checks with the changes
 * applied, then re-verify the amount. */
static tcreg_status
change(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec, const tcreg_codes *codes,
       tcreg_diags *d, json_t *detail)
{
	int64_t total, tech;
	tcreg_status s = tcreg__change_fields(reg, id, dec->set, dec->category, d, &total, &tech);
	if (s != TCREG_OK)
		return s;
	struct deduction *ded = NULL;
	size_t n = 0;
	int64_t sum = 0;
	int errors = 0;
	if (dec->deduct) {
		errors = parse_deductions(codes, dec->deduct, &ded, &n, &sum, d);
	} else {
		sum = count_of(reg, "SELECT coalesce(sum(amount_fen), 0) FROM deduction WHERE contract_id = ?", id);
	}
	char buf[40];
	if (!errors && sum > total)
		errors += add(d, TCREG_SEV_ERROR, "--deduct", "E_DEDUCTION_EXCEEDS",
			      N_("the deductions exceed the contract amount (%s)"),
			      tcreg_amount_format(total, buf, sizeof(buf)), NULL);
	if (errors) {
		free_deductions(ded, n);
		return TCREG_ERR_INVALID;
	}
	int64_t verified = tcreg__verified_amount(total, tech, sum);
	deductions_warning(d, total, tech, sum);
	if (dec->deduct)
		s = save_deductions(reg, id, ded, n);
	free_deductions(ded, n);
	int64_t threshold = tcreg__config_int(reg, "large_threshold") * 100;
	if (s == TCREG_OK && threshold > 0 && verified >= threshold &&
	    count_of(reg, "SELECT count(*) FROM review WHERE contract_id = ?", id) <= 0)
		add(d, TCREG_SEV_WARNING, NULL, "W_REVIEW_MISSING",
		    N_("the changed amount is on the large-contract track, and no expert review is recorded"),
		    NULL, NULL);
	sqlite3_stmt *st = NULL;
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &st,
				   "UPDATE contract SET status = 'changed', verified_tech_amount_fen = ?2, "
				   "status_note = ?3, decided_at = ?4, "
				   "track = CASE WHEN ?5 > 0 AND ?2 >= ?5 THEN 'large' ELSE track END "
				   "WHERE id = ?1");
	if (s == TCREG_OK) {
		char now[20];
		tcreg__now(reg, now, NULL);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, verified);
		tcreg__bind_text_or_null(st, 3, dec->note);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, threshold);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "saving the change");
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK)
		s = tcreg__keep_parties(reg, id);
	json_object_set_new(detail, "verified_tech_amount_fen", json_integer(verified));
	return s;
}

/* The state error names states and actions in the reader's words; in
 * English the codes, as before (they are what --json and the man page say). */
static const char *const status_words[] = {
	NC_("contract status", "submitted"), NC_("contract status", "needs_supplement"),
	NC_("contract status", "registered"), NC_("contract status", "rejected"),
	NC_("contract status", "changed"), NC_("contract status", "cancelled"),
	NC_("contract status", "revoked"), NC_("contract status", "not_accepted"),
	NC_("contract status", "withdrawn"), NC_("contract status", "external"),
};

static const char *
status_word(const char *code)
{
	for (size_t i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (strcmp(strchr(status_words[i], '\004') + 1, code) == 0)
			return tcreg__pgettext(status_words[i]);
	return code;
}

static const char *const action_words[] = {
	[TCREG_CERT_ACCEPT] = NC_("certify action", "accept"),
	[TCREG_CERT_REJECT] = NC_("certify action", "reject"),
	[TCREG_CERT_SUPPLEMENT] = NC_("certify action", "supplement"),
	[TCREG_CERT_RESUBMIT] = NC_("certify action", "resubmit"),
	[TCREG_CERT_REVIEW] = NC_("certify action", "review"),
	[TCREG_CERT_CHANGE] = NC_("certify action", "change"),
	[TCREG_CERT_CANCEL] = NC_("certify action", "cancel"),
	[TCREG_CERT_REVOKE] = NC_("certify action", "revoke"),
	[TCREG_CERT_NOT_ACCEPT] = NC_("certify action", "not_accept"),
	[TCREG_CERT_WITHDRAW] = NC_("certify action", "withdraw"),
	[TCREG_CERT_OBJECTION] = NC_("certify action", "objection"),
	[TCREG_CERT_RESOLVE] = NC_("certify action", "resolve_objection"),
	[TCREG_CERT_EXTERNAL] = NC_("certify action", "external"),
};

static const char *
state_list(tcreg_cert_action a, char *buf, size_t n)
{
	buf[0] = '\0';
	for (int i = 0; i < 3 && actions[a].from[i]; i++) {
		if (i)
			strncat(buf, tcreg__pgettext(NC_("list separator", ", ")), n - strlen(buf) - 1);
		strncat(buf, status_word(actions[a].from[i]), n - strlen(buf) - 1);
	}
	return buf;
}

/* Separation of duties: the name that may not take this action on this
 * contract when it is the acting operator's (who entered it; for a decision
 * on a reviewed contract, who recorded its review), else NULL. */
static const char *
separated_from(tcreg_registry *reg, int64_t id, int action, const struct current *c)
{
	const char *me = tcreg__operator(reg);
	if (actions[action].separation && strcmp(c->entered_by, me) == 0)
		return c->entered_by;
	if (action != TCREG_CERT_ACCEPT && action != TCREG_CERT_REJECT)
		return NULL;
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT 1 FROM review WHERE contract_id = ? AND recorded_by = ?") !=
	    TCREG_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, me, -1, SQLITE_STATIC);
	bool reviewed = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return reviewed ? me : NULL;
}

/* The separation of duties (see separated_from), lifted by
 * allow_single_clerk=yes, which the audit record then notes. */
static tcreg_status
separation(tcreg_registry *reg, int64_t id, tcreg_cert_action action, const struct current *c, json_t *detail)
{
	const char *who = separated_from(reg, id, action, c);
	if (!who)
		return TCREG_OK;
	char *v = NULL;
	tcreg_config_get(reg, "allow_single_clerk", &v);
	bool single = v && strcmp(v, "yes") == 0;
	free(v);
	if (single) {
		json_object_set_new(detail, "single_clerk", json_true());
		return TCREG_OK;
	}
	return action == TCREG_CERT_REVIEW
		       ? tcreg__set_err(reg, TCREG_ERR_DENIED,
					"%s entered this contract and so cannot record its expert review; "
					"a reviewer who did not enter it must (or set allow_single_clerk=yes "
					"for a one-clerk office)",
					who)
	       : strcmp(who, c->entered_by) != 0
		       ? tcreg__set_err(reg, TCREG_ERR_DENIED,
					"%s recorded this contract's expert review and so cannot decide on "
					"it; another certifier must (or set allow_single_clerk=yes for a "
					"one-clerk office)",
					who)
		       : tcreg__set_err(reg, TCREG_ERR_DENIED,
					"%s entered this contract and so cannot decide on it; another "
					"clerk must (or set allow_single_clerk=yes for a one-clerk office)",
					c->entered_by);
}

/* Whether the action may be taken on the contract, from its table entry:
 * the states it is allowed from, the role it needs; then the acting
 * operator's point and the separation of duties. */
static tcreg_status
may_act(tcreg_registry *reg, int64_t id, tcreg_cert_action action, const struct current *c, json_t *detail)
{
	bool allowed = false;
	for (int i = 0; i < 3 && actions[action].from[i]; i++)
		allowed = allowed || strcmp(c->status, actions[action].from[i]) == 0;
	if (!allowed) {
		char list[160];
		return tcreg__set_err(reg, TCREG_ERR_STATE, "cannot %s a contract that is %s; only one that is %s",
				      tcreg__pgettext(action_words[action]), status_word(c->status),
				      state_list(action, list, sizeof(list)));
	}
	tcreg_status s;
	if ((s = tcreg__require_role(reg, actions[action].role)) != TCREG_OK)
		return s;
	/* a point's operators decide its contracts; a disabled point decides nothing */
	if ((s = tcreg__may_act_at(reg, point_of(reg, id))) != TCREG_OK)
		return s;
	return separation(reg, id, action, c, detail);
}

/* ---- the actions, one handler per family (the table at the top) ---- */

static tcreg_status
do_accept(const struct act *a)
{
	return accept(a->reg, a->id, a->c, a->dec, a->codes, a->d, a->detail, a->number);
}

/* REJECT and REVOKE: a reason from their code table. */
static tcreg_status
do_refuse(const struct act *a)
{
	const struct tcreg_decision *dec = a->dec;
	bool reject = a->action == TCREG_CERT_REJECT;
	tcreg_table t = reject ? TCREG_TABLE_REFUSAL : TCREG_TABLE_REVOCATION;
	const char *code = NULL;
	if (!dec->reason || tcreg_codes_resolve(a->codes, t, dec->reason, &code) != TCREG_OK) {
		char list[4096]; /* the codes with their words, to choose from */
		add(a->d, TCREG_SEV_ERROR, "--reason", "E_REASON",
		    reject ? N_("unknown refusal reason; give a code or its words: %s")
			   : N_("unknown revocation reason; give a code or its words: %s"),
		    tcreg__codes_list(a->codes, t, list, sizeof(list)), dec->reason);
		return TCREG_ERR_INVALID;
	}
	tcreg_status s = tcreg__decision_update(a->reg,
				reject ? "UPDATE contract SET status = 'rejected', reason_code = ?2, "
					 "status_note = ?3, decided_at = ?5 WHERE id = ?1"
				       : "UPDATE contract SET status = 'revoked', reason_code = ?2, "
					 "status_note = ?3, decided_at = ?5 WHERE id = ?1",
				a->id, code, dec->note, NULL);
	json_object_set_new(a->detail, "reason", json_string(code));
	return s;
}

static tcreg_status
do_supplement(const struct act *a)
{
	if (!a->dec->note || !*a->dec->note) {
		add(a->d, TCREG_SEV_ERROR, "--note", "E_REQUIRED", N_("say what is missing with --note"), NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	return tcreg__decision_update(a->reg, "UPDATE contract SET status = 'needs_supplement', status_note = ?3, "
				      "decided_at = ?5 WHERE id = ?1",
				      a->id, NULL, a->dec->note, NULL);
}

static tcreg_status
do_resubmit(const struct act *a)
{
	char today[11], now[20];
	tcreg__now(a->reg, now, today);
	/* 受理 again: the review clock restarts today */
	tcreg_status s = tcreg__decision_update(a->reg, "UPDATE contract SET status = 'submitted', accept_date = ?2, "
						"status_note = ?3, decided_at = ?5 WHERE id = ?1",
						a->id, today, a->dec->note, NULL);
	json_object_set_new(a->detail, "accept_date", json_string(today));
	return s;
}

/* The expert review of a large contract, recorded; the contract goes to
 * the large track. */
static tcreg_status
do_review(const struct act *a)
{
	const struct tcreg_decision *dec = a->dec;
	char today[11], now[20], date[11];
	tcreg__now(a->reg, now, today);
	if (!dec->expert || !*dec->expert || !dec->opinion || !*dec->opinion) {
		add(a->d, TCREG_SEV_ERROR, NULL, "E_REQUIRED", N_("an expert review needs --expert and --opinion"),
		    NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	snprintf(date, sizeof(date), "%s", today);
	if (dec->review_date && tcreg_date_parse(dec->review_date, date, NULL, NULL) != TCREG_OK) {
		add(a->d, TCREG_SEV_ERROR, "--review-date", "E_DATE", N_("not a date (write 2025-03-05)"), NULL,
		    dec->review_date);
		return TCREG_ERR_INVALID;
	}
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(a->reg, &st, "INSERT INTO review(contract_id, expert, review_date, "
					"opinion, recorded_by, recorded_at) VALUES (?,?,?,?,?,?)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, dec->expert, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, dec->opinion, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, tcreg__operator(a->reg), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(a->reg, rc, "saving the review");
	s = tcreg__decision_update(a->reg, "UPDATE contract SET track = 'large' WHERE id = ?1", a->id, NULL, NULL,
				   NULL);
	json_object_set_new(a->detail, "review", json_pack("{s:s, s:s, s:s}", "expert", dec->expert, "date", date,
							   "opinion", dec->opinion));
	return s;
}

static tcreg_status
do_change(const struct act *a)
{
	return change(a->reg, a->id, a->dec, a->codes, a->d, a->detail);
}

static tcreg_status
do_cancel(const struct act *a)
{
	if (!a->dec->reason || !*a->dec->reason) {
		add(a->d, TCREG_SEV_ERROR, "--reason", "E_REQUIRED",
		    N_("say why the registration is cancelled with --reason"), NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	tcreg_status s = tcreg__decision_update(a->reg, "UPDATE contract SET status = 'cancelled', reason_code = NULL, "
						"status_note = ?2, decided_at = ?5 WHERE id = ?1",
						a->id, a->dec->reason, NULL, NULL);
	json_object_set_new(a->detail, "reason", json_string(a->dec->reason));
	return s;
}

/* the other states (states.c) */
static tcreg_status
do_not_accept(const struct act *a)
{
	return tcreg__not_accept(a->reg, a->id, a->dec, a->codes, a->d, a->detail);
}

static tcreg_status
do_withdraw(const struct act *a)
{
	return tcreg__withdraw(a->reg, a->id, a->dec, a->detail);
}

static tcreg_status
do_objection(const struct act *a)
{
	return tcreg__objection(a->reg, a->id, a->c->status, a->dec, a->d, a->detail);
}

static tcreg_status
do_resolve(const struct act *a)
{
	return tcreg__resolve(a->reg, a->id, a->c->status, a->dec, a->d, a->detail);
}

static tcreg_status
do_external(const struct act *a)
{
	return tcreg__external(a->reg, a->id, a->dec, a->d, a->detail);
}

tcreg_status
tcreg_certify(tcreg_registry *reg, int64_t id, tcreg_cert_action action,
	      const struct tcreg_decision *dec, tcreg_diags **diags, char **reg_no)
{
	static const struct tcreg_decision none;
	if (!dec)
		dec = &none;
	if (reg_no)
		*reg_no = NULL;
	tcreg_diags *d = tcreg__diags_new(0);
	*diags = d;
	if (!reg || !d || (unsigned)action > TCREG_CERT_EXTERNAL)
		return TCREG_ERR_USAGE;
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s != TCREG_OK)
		return s;
	if ((s = tcreg__begin(reg)) != TCREG_OK)
		return s;
	struct current c;
	char *old_json = NULL, *new_json = NULL, *number = NULL;
	json_t *detail = json_object();
	s = load(reg, id, &c);
	if (s != TCREG_OK)
		goto out;

	if ((s = may_act(reg, id, action, &c, detail)) != TCREG_OK)
		goto out;
	/* never decide on a contract changed outside tcreg */
	if ((s = tcreg__check_contract_seal(reg, id)) != TCREG_OK)
		goto out;
	if ((s = tcreg_contract_json(reg, id, 0, &old_json)) != TCREG_OK)
		goto out;

	struct act act = { reg, id, action, &c, dec, codes, d, detail, &number };
	s = actions[action].handler(&act);
	if (s != TCREG_OK)
		goto out;

	/* the audit record: the contract before and after, and the decision */
	json_t *after = NULL;
	if ((s = tcreg_contract_tree(reg, id, 0, &after)) == TCREG_OK) {
		if (dec->note)
			json_object_set_new(detail, "note", json_string(dec->note));
		json_t *w = json_array();
		for (size_t i = 0; i < tcreg_diags_count(d); i++)
			if (tcreg_diags_get(d, i)->severity == TCREG_SEV_WARNING)
				json_array_append_new(w, json_string(tcreg_diags_get(d, i)->code));
		json_object_set_new(detail, "warnings", w);
		json_object_set_new(after, "decision", json_incref(detail));
		new_json = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(after);
	}
	if (s == TCREG_OK)
		s = new_json ? tcreg__audit(reg, actions[action].name, "contract", id, 0, old_json, new_json)
			     : TCREG_ERR_NOMEM;
out:
	if (s == TCREG_OK)
		s = tcreg__commit(reg);
	else
		tcreg__rollback(reg);
	if (s == TCREG_OK && reg_no)
		*reg_no = number;
	else
		free(number);
	json_decref(detail);
	free(old_json);
	free(new_json);
	free(c.project_name);
	free(c.entered_by);
	return s;
}
