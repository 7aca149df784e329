/* SPDX-License-Identifier: MIT
 * award.c - the award engine's run: which registered contracts a policy's
 * rules reward, on what base, at what rate, under which caps, and never
 * twice.  This file holds the run itself (its checks, what it reads, the
 * order of the rules, the transaction) and several policies on one load;
 * award-run.h maps the other parts.
 *
 * Everything is integer: bases in fen, rates in ppm, awards in millionths
 * of a fen (__int128) until the policy's rounding is applied once, to each
 * award, at the very end.  A committed run is computed inside the same
 * BEGIN IMMEDIATE transaction that records it, so two clerks committing at
 * once cannot both pay the same contract.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "award-run.h"

static tcreg_status
find_target(struct run *R, const char *text)
{
	int64_t id;
	char **cands = NULL;
	tcreg_status s = tcreg_contract_find(R->reg, text, &id, &cands);
	tcreg_strv_free(cands);
	if (s == TCREG_OK) {
		R->target_cand = id;
		return TCREG_OK;
	}
	if (s != TCREG_ERR_NOT_FOUND)
		return s;
	int n = tcreg__party_named(R->reg, text, &R->target_party);
	if (n < 0)
		return tcreg__set_err(R->reg, TCREG_ERR_DB, "cannot read the parties");
	if (n == 1)
		return TCREG_OK;
	R->target_party = 0;
	if (n > 1)
		return tcreg__set_err(R->reg, TCREG_ERR_AMBIGUOUS,
				      "several parties are named '%s'; give the credit code", text);
	/* the agency itself, by name */
	if (R->agency_name && strcmp(text, R->agency_name) == 0) {
		R->target_cand = AGENCY_TARGET;
		return TCREG_OK;
	}
	return tcreg__set_err(R->reg, TCREG_ERR_NOT_FOUND, "no contract or party '%s'", text);
}

static bool
in_force(const struct tcreg_policy *p, int year)
{
	char from[11], to[11];
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	return strcmp(p->in_force_from, to) <= 0 && (!p->in_force_to[0] || strcmp(p->in_force_to, from) >= 0);
}

static bool base_take_back(struct tcreg__award_base *b, struct cand *c, struct pay *pays);

static void
run_free(struct run *R)
{
	if (!R->borrowed) { /* a shared load's, freed with it */
		tcreg__aw_arena_free(&R->arena);
		free(R->parties);
		free(R->party_at);
		tcreg__aw_cix_free(&R->cix);
	}
	if (!R->base || !base_take_back(R->base, R->c, R->pays)) {
		free(R->c);
		free(R->pays);
	}
	free(R->counted);
	free(R->counted_off);
	free(R->by_served);
	free(R->paid_runs);
	free(R->xcode);
	free(R->xfig);
	free(R->rows);
	free(R->prevs);
	free(R->contrib);
	free(R->next);
	free(R->facts.v);
	free(R->agency_name);
	free(R->scope);
	json_decref(R->trace);
	sqlite3_finalize(R->prev_applicant);
	sqlite3_finalize(R->prev_project);
	sqlite3_finalize(R->prev_contract);
	sqlite3_finalize(R->pay_detail);
}

/* Rules in the order they are worked out: each exclusive group's preferred
 * rule before the others of its group, otherwise as written. */
static void
rule_order(const struct tcreg_policy *p, size_t *order)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t g = 0; g < p->nexclusive; g++)
			if (p->exclusive[g].prefer == i)
				order[n++] = i;
	for (size_t i = 0; i < p->nrules; i++) {
		bool done = false;
		for (size_t k = 0; k < n; k++)
			done |= order[k] == i;
		if (!done)
			order[n++] = i;
	}
}

/* The checks a run starts with, and its result. */
static tcreg_status
run_new(tcreg_registry *reg, const struct tcreg_award_opts *o, tcreg_award_result **out)
{
	const struct tcreg_policy *p = o->policy;
	if (o->year < 1900 || o->year > 9999)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "year %d is not a year", o->year);
	if (p->nrules > POL_MAX_RULES) /* tcreg_policy_load refuses these: never reached */
		return tcreg__set_err(reg, TCREG_ERR_CONFIG, "policy %s has more than 32 rules", p->name);
	if (!in_force(p, o->year))
		return tcreg__set_err(reg, TCREG_ERR_CONFIG, "policy %s is not in force in %d (in force %s to %s)",
				      p->name, o->year, p->in_force_from,
				      p->in_force_to[0] ? p->in_force_to : tcreg__pgettext(NC_("in force", "now")));
	if (o->commit && o->explain)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "explain a run, or commit it; not both at once");
	tcreg_award_result *res = calloc(1, sizeof(*res));
	if (!res)
		return TCREG_ERR_NOMEM;
	tcreg__buf_init(&res->scratch);
	tcreg__buf_init(&res->basis);
	res->R = (struct run){ .reg = reg, .p = p, .year = o->year, .target_cand = -1 };
	*out = res;
	return TCREG_OK;
}

/* What every run reads before its contracts: the code tables, the agency,
 * the facts, the contract or applicant explained; and its statements. */
static tcreg_status
run_prepare(struct run *R, const struct tcreg_award_opts *o, tcreg_diags *diags)
{
	tcreg_registry *reg = R->reg;
	tcreg_status s = tcreg_registry_codes(reg, &R->codes);
	if (s != TCREG_OK)
		return s;
	char *name = NULL, *region = NULL, *point = NULL;
	if (tcreg_agency_get(reg, &name, &region, &point) == TCREG_OK)
		R->agency_name = name;
	else
		R->agency_name = tcreg__strdup("(agency)");
	free(region);
	free(point);
	for (int i = 0; i < 100; i++) {
		char k[3] = { (char)('0' + i / 10), (char)('0' + i % 10), '\0' };
		R->cat_detail[i] = tcreg__aw_category_detail(R, k);
	}
	if (o->facts_path && (s = tcreg__facts_load(reg, o->facts_path, &R->facts, diags)) != TCREG_OK)
		return s;
	if (o->explain) {
		if (!(R->trace = json_array()))
			return TCREG_ERR_NOMEM;
		if ((s = find_target(R, o->explain)) != TCREG_OK || (s = tcreg__aw_scope(R)) != TCREG_OK)
			return s;
	}
	if ((s = tcreg__prepare(reg, &R->prev_applicant,
				"SELECT coalesce(sum(award_fen), 0) FROM award WHERE policy = ?1 AND rule = ?2 "
				"AND year = ?3 AND party_id IS ?4")) != TCREG_OK ||
	    (s = tcreg__prepare(reg, &R->prev_project,
				"SELECT coalesce(sum(award_fen), 0) FROM award WHERE policy = ?1 AND rule = ?2 "
				"AND project = ?3 AND party_id = ?4")) != TCREG_OK ||
	    /* a cap per contract holds over every round: what this rule paid
	     * the contract before counts against it */
	    (s = tcreg__prepare(reg, &R->prev_contract,
				"SELECT coalesce(sum(a.award_fen), 0) FROM award_contract ac "
				"JOIN award a ON a.id = ac.award_id WHERE ac.policy = ?1 AND ac.rule = ?2 "
				"AND ac.contract_id = ?3 AND a.unit = 'contract'")) != TCREG_OK ||
	    (s = tcreg__prepare(reg, &R->pay_detail,
				"SELECT p.pay_date, p.amount_fen, p.voucher, p.id, o.voucher FROM payment p "
				"LEFT JOIN payment o ON o.id = p.reverses_id WHERE p.contract_id = ? "
				"ORDER BY p.pay_date, p.id")) != TCREG_OK)
		return s;
	return TCREG_OK;
}

/* The registry as the run reads it: parties, contracts, payments. */
static tcreg_status
run_load(struct run *R)
{
	tcreg_status s;
	if ((s = tcreg__aw_load_parties(R)) != TCREG_OK || (s = tcreg__aw_load_contracts(R)) != TCREG_OK)
		return s;
	return tcreg__aw_read_payments(R);
}

/* The policy at work: what earlier rounds paid and counted, every rule,
 * the record of a commit, and the lists of the result. */
static tcreg_status
run_eval(tcreg_award_result *res, const struct tcreg_award_opts *o)
{
	struct run *R = &res->R;
	const struct tcreg_policy *p = R->p;
	tcreg_status s;
	if (!tcreg__aw_index_served(R))
		return TCREG_ERR_NOMEM;
	if ((s = tcreg__aw_attach_counted(R)) != TCREG_OK || (s = tcreg__aw_load_committed(R)) != TCREG_OK)
		return s;
	R->next = calloc(R->nc + 1, sizeof(uint32_t));
	R->xcode = calloc(R->nc * p->nrules + 1, 1);
	size_t *order = calloc(p->nrules, sizeof(size_t));
	if (!R->next || !R->xcode || !order) {
		free(order);
		return TCREG_ERR_NOMEM;
	}
	rule_order(p, order);
	for (size_t k = 0; k < p->nrules && R->st == TCREG_OK; k++) {
		struct rule_ctx x;
		tcreg__aw_init_ctx(R, order[k], &x);
		tcreg__aw_eval_rule(R, &x);
	}
	free(order);
	if ((s = R->st) != TCREG_OK)
		return s;
	int64_t total = 0, run_id = 0;
	for (size_t i = 0; i < R->nrows; i++)
		if (__builtin_add_overflow(total, R->rows[i].award_fen, &total))
			return tcreg__set_err(R->reg, TCREG_ERR_INVALID, "the total of the awards overflows");
	/* a run that pays nothing is not a run: nothing is recorded */
	bool pays = false;
	for (size_t i = 0; i < R->nrows; i++)
		pays |= R->rows[i].award_fen > 0;
	if (o->commit && pays && (s = tcreg__aw_record(R, total, &run_id)) != TCREG_OK)
		return s;
	res->run_id = run_id;
	res->total = total;
	for (size_t i = 0; i < R->nrows; i++)
		res->nawards += R->rows[i].award_fen > 0;
	res->awards = malloc((res->nawards + 1) * sizeof(uint32_t));
	if (!res->awards || !tcreg__aw_list_exclusions(R, &res->nexcluded))
		return TCREG_ERR_NOMEM;
	for (size_t i = 0, k = 0; i < R->nrows; i++)
		if (R->rows[i].award_fen > 0)
			res->awards[k++] = (uint32_t)i;
	return TCREG_OK;
}

/* the statements go with the run: the registry outlives the result */
static void
run_statements_free(struct run *R)
{
	sqlite3_finalize(R->prev_applicant);
	sqlite3_finalize(R->prev_project);
	sqlite3_finalize(R->prev_contract);
	sqlite3_finalize(R->pay_detail);
	R->prev_applicant = R->prev_project = R->prev_contract = R->pay_detail = NULL;
}

tcreg_status
tcreg_award_run(tcreg_registry *reg, const struct tcreg_award_opts *o, tcreg_award_result **out,
		tcreg_diags **diags)
{
	if (diags)
		*diags = tcreg__diags_new(1000);
	if (!reg || !o || !o->policy || !out || !diags || !*diags)
		return diags && !*diags ? TCREG_ERR_NOMEM : TCREG_ERR_USAGE;
	*out = NULL;
	tcreg_award_result *res = NULL;
	tcreg_status s = run_new(reg, o, &res);
	if (s != TCREG_OK)
		return s;
	/* a commit reads and writes in one write transaction; a preview in one
	 * read.  Committing a round decides what is paid: a certifier's act. */
	if (o->commit && (s = tcreg__require_role(reg, "certifier")) != TCREG_OK) {
		tcreg_award_result_free(res);
		return s;
	}
	if (o->commit)
		s = tcreg__begin(reg);
	else {
		int rc = sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
		s = rc == SQLITE_OK ? TCREG_OK : tcreg__db_err(reg, rc, "BEGIN");
	}
	if (s != TCREG_OK) {
		tcreg_award_result_free(res);
		return s;
	}
	/* The run reads much of the registry once, in order: through sqlite's
	 * small cache it is nearly as fast as mapped, and every page mapped
	 * would stay in the process's memory to the end (half a gigabyte for
	 * a million contracts). */
	sqlite3_exec(reg->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
	/* award --point: the run sees the contracts filed at that point only */
	bool view = false;
	if ((s = tcreg__point_view_begin(reg, &view)) == TCREG_OK &&
	    (s = run_prepare(&res->R, o, *diags)) == TCREG_OK && (s = run_load(&res->R)) == TCREG_OK)
		s = run_eval(res, o);
	if (o->commit && s == TCREG_OK)
		s = tcreg__commit(reg);
	else if (o->commit)
		tcreg__rollback(reg);
	else
		sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL); /* ends the read */
	run_statements_free(&res->R);
	tcreg__point_view_end(reg, view);
	if (s != TCREG_OK)
		tcreg_award_result_free(res);
	else
		*out = res;
	return s;
}

/* ---- several policies on one load (tcreg award --compare) ---- */

struct tcreg__award_base {
	struct run R;
	struct tcreg_policy all; /* every rule of every policy, for the loaders */
	/* the copies the last policy worked on, for the next one: fresh pages
	 * of a hundred megabytes cost more than the copying */
	struct cand *spare_c;
	struct pay *spare_pays;
};

static bool
base_take_back(struct tcreg__award_base *b, struct cand *c, struct pay *pays)
{
	if (b->spare_c || b->spare_pays)
		return false;
	b->spare_c = c;
	b->spare_pays = pays;
	return true;
}

tcreg_status
tcreg__award_base_load(tcreg_registry *reg, const tcreg_policy *const *policies, size_t n, int year,
		       struct tcreg__award_base **out)
{
	*out = NULL;
	struct tcreg__award_base *b = calloc(1, sizeof(*b));
	size_t nrules = 0;
	for (size_t k = 0; k < n; k++)
		nrules += policies[k]->nrules;
	if (!b || !(b->all.rules = calloc(nrules + 1, sizeof(struct pol_rule)))) {
		free(b);
		return TCREG_ERR_NOMEM;
	}
	/* the rules side by side (shallow: the policies own them): the loaders
	 * read the union of their windows and needs, a superset of each one's */
	b->all.name = policies[0]->name;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < policies[k]->nrules; i++)
			b->all.rules[b->all.nrules++] = policies[k]->rules[i];
	b->R = (struct run){ .reg = reg, .p = &b->all, .year = year, .target_cand = -1 };
	tcreg_status s = tcreg_registry_codes(reg, &b->R.codes);
	/* the comparison reads the whole registry once: through sqlite's cache
	 * it is as fast as mapped, and holds half the memory */
	sqlite3_exec(reg->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
	if (s == TCREG_OK)
		s = run_load(&b->R);
	if (s != TCREG_OK) {
		tcreg__award_base_free(b);
		return s;
	}
	*out = b;
	return TCREG_OK;
}

void
tcreg__award_base_free(struct tcreg__award_base *b)
{
	if (!b)
		return;
	run_free(&b->R);
	free(b->spare_c);
	free(b->spare_pays);
	free(b->all.rules);
	free(b);
}

/* A preview of one policy on a shared load, inside the caller's read
 * transaction: the same awards as tcreg_award_run; the candidates are a
 * superset of its own, which the rules' own windows then sort out. */
tcreg_status
tcreg__award_run_on(struct tcreg__award_base *b, const struct tcreg_award_opts *o, tcreg_award_result **out,
		    tcreg_diags **diags)
{
	*out = NULL;
	*diags = tcreg__diags_new(1000);
	if (!*diags)
		return TCREG_ERR_NOMEM;
	if (o->commit || o->explain || o->year != b->R.year)
		return TCREG_ERR_USAGE;
	tcreg_award_result *res = NULL;
	tcreg_status s = run_new(b->R.reg, o, &res);
	if (s != TCREG_OK)
		return s;
	struct run *R = &res->R;
	if ((s = run_prepare(R, o, *diags)) == TCREG_OK) {
		/* borrowed: what no rule changes; copied: what the rules mark */
		R->borrowed = true;
		R->parties = b->R.parties;
		R->nparties = b->R.nparties;
		R->party_at = b->R.party_at;
		R->max_party = b->R.max_party;
		R->cix = b->R.cix;
		R->nc = b->R.nc;
		R->npays = b->R.npays;
		R->base = b; /* which must outlive the result */
		R->c = b->spare_c ? b->spare_c : malloc((R->nc + 1) * sizeof(*R->c));
		R->pays = b->spare_pays ? b->spare_pays
			  : b->R.pays	 ? malloc((R->npays + 1) * sizeof(*R->pays))
					 : NULL;
		b->spare_c = NULL;
		b->spare_pays = NULL;
		if (!R->c || (b->R.pays && !R->pays))
			s = TCREG_ERR_NOMEM;
		else {
			if (R->nc) /* none registered: b->R.c is NULL */
				memcpy(R->c, b->R.c, R->nc * sizeof(*R->c));
			if (R->pays && R->npays)
				memcpy(R->pays, b->R.pays, R->npays * sizeof(*R->pays));
		}
	}
	if (s == TCREG_OK)
		s = run_eval(res, o);
	run_statements_free(R);
	if (s != TCREG_OK)
		tcreg_award_result_free(res);
	else
		*out = res;
	return s;
}

void
tcreg_award_result_free(tcreg_award_result *res)
{
	if (!res)
		return;
	run_free(&res->R);
	free(res->awards);
	free(res->contracts);
	free(res->shares);
	tcreg__buf_release(&res->scratch);
	tcreg__buf_release(&res->basis);
	free(res);
}

tcreg_status
tcreg_award(tcreg_registry *reg, const struct tcreg_award_opts *o, char **json, tcreg_diags **diags)
{
	if (!json)
		return TCREG_ERR_USAGE;
	*json = NULL;
	tcreg_award_result *res = NULL;
	tcreg_status s = tcreg_award_run(reg, o, &res, diags);
	if (s != TCREG_OK)
		return s;
	*json = tcreg_award_result_json(res);
	tcreg_award_result_free(res);
	return *json ? TCREG_OK : TCREG_ERR_NOMEM;
}
