/* SPDX-License-Identifier: MIT
 * units.c - a rule's contracts, each excluded or taken into the row of its
 * unit: a row of its own per contract, or one per project or applicant,
 * found through a hash table keyed on the unit.  For growth rules the
 * contracts of the year before are summed apart, for comparison.
 */
#include "award-run.h"

/* A unit: the applicant (0: the agency) and, for project units, the
 * project ("": none). */
struct unit_key {
	int64_t party;
	const char *project;
};

static uint64_t
key_hash(const struct unit_key *k)
{
	uint64_t h = (uint64_t)k->party * 0x9E3779B97F4A7C15ull;
	return k->project ? h ^ tcreg__hash(k->project) * 0xC2B2AE3D27D4EB4Full : h;
}

/* Is row val - 1 of the run (a struct run *) the unit's? */
static bool
row_is(const void *ctx, uintptr_t val, const void *key)
{
	const struct row *w = &((const struct run *)ctx)->rows[val - 1];
	const struct unit_key *k = key;
	return w->party == k->party &&
	       (w->project == k->project || (k->project && w->project && strcmp(k->project, w->project) == 0));
}

static struct row *
new_row(struct run *R)
{
	if (!ROOM_FOR_ONE(R->rows, R->caprows, R->nrows, 256)) {
		R->st = TCREG_ERR_NOMEM;
		return NULL;
	}
	struct row *w = &R->rows[R->nrows++];
	memset(w, 0, sizeof(*w));
	return w;
}

/* A row of its own for a contract (rules per contract), worked out at
 * once when it can be and kept only when it pays. */
static void
contract_row(struct run *R, const struct rule_ctx *x, size_t ci, const struct party *ap, bool tc, bool at_once)
{
	struct row *w = new_row(R);
	if (!w)
		return;
	w->rule = x->ri;
	w->party = ap ? ap->id : 0;
	w->cand = (int64_t)ci;
	w->first = w->last = (uint32_t)ci;
	w->n = 1;
	w->traced = tc;
	if (at_once) {
		tcreg__aw_eval_row(R, x, w);
		R->nrows -= w->contrib_n == 0;
	}
}

/* The row of the contract's unit: found, or a new one. */
static struct row *
unit_row(struct run *R, const struct rule_ctx *x, struct tcreg__hashtab *units, size_t ci, const struct party *ap)
{
	const struct cand *c = &R->c[ci];
	struct unit_key k = { 0, NULL };
	if (x->level_row == 1) {
		k.party = R->parties[c->sp].id;
		k.project = cand_project(c) ? cand_project(c) : "";
	} else {
		k.party = x->r->role == ROLE_AGENCY ? 0 : ap->id;
	}
	bool fresh;
	uintptr_t at = tcreg__ht_put(units, key_hash(&k), row_is, R, &k, R->nrows + 1, &fresh);
	if (!at) {
		R->st = TCREG_ERR_NOMEM;
		return NULL;
	}
	if (!fresh)
		return &R->rows[at - 1];
	struct row *w = new_row(R); /* row at - 1, as the table has it */
	if (w) {
		w->rule = x->ri;
		w->party = k.party;
		w->project = k.project;
		w->cand = (int64_t)ci;
	}
	return w;
}

/* A contract of the year before (growth rules), summed apart: compared
 * whole, all its money, counted or not. */
static void
add_previous(struct run *R, const struct rule_ctx *x, struct row *w, const struct cand *c, bool tc)
{
	if (!w->prev) {
		if (!ROOM_FOR_ONE(R->prevs, R->capprevs, R->nprevs, 64)) {
			R->st = TCREG_ERR_NOMEM;
			return;
		}
		memset(&R->prevs[R->nprevs], 0, sizeof(R->prevs[0]));
		w->prev = (uint32_t)++R->nprevs;
	}
	int64_t *ps = R->prevs[w->prev - 1].sums, v[POL_NBASE];
	struct money pm = tcreg__aw_money(R, x->ri, c, x->prev_pay_from, x->prev_pay_to);
	tcreg__aw_components(c, x->r->base, (struct money){ .net = pm.gross_net, .tech = pm.gross_tech }, v);
	for (int i = 0; i < POL_NBASE; i++)
		if (__builtin_add_overflow(ps[i], v[i], &ps[i]))
			ps[i] = INT64_MAX;
	if (tc)
		tcreg__aw_step(R, "previous", x,
			       json_pack("{s:s, s:s, s:o}", "contract", c->reg_no, "reg_date", c->reg_date, "components",
					 tcreg__aw_components_json(x->r->base, v, true)));
}

/* The contract into its unit's row (rules per project or applicant). */
static void
unit_member(struct run *R, const struct rule_ctx *x, struct tcreg__hashtab *units, size_t ci,
	    const struct party *ap, bool tc, bool previous)
{
	struct row *w = unit_row(R, x, units, ci, ap);
	if (!w)
		return;
	w->traced |= tc;
	if (previous) {
		add_previous(R, x, w, &R->c[ci], tc);
		return;
	}
	if (w->n == 0)
		w->first = w->last = (uint32_t)ci;
	else {
		R->next[w->last] = (uint32_t)ci;
		w->last = (uint32_t)ci;
	}
	w->n++;
}

/* One contract to the rule: excluded with the reason, or into a row. */
static void
take(struct run *R, struct rule_ctx *x, struct tcreg__hashtab *units, size_t ci, bool at_once)
{
	const struct pol_rule *r = x->r;
	const struct cand *c = &R->c[ci];
	const struct party *ap = r->role == ROLE_AGENCY ? NULL : tcreg__aw_applicant(R, x, c);
	bool tc = tcreg__aw_traced(R, c, ap);
	/* growth: the year before is summed for comparison, never paid */
	bool previous = r->growth && !tcreg__aw_in_window(c->reg_date, x->reg_from, x->reg_to) &&
			tcreg__aw_in_window(c->reg_date, x->prev_reg_from, x->prev_reg_to);
	if (previous && (c->status != 'a' || tcreg__aw_check_kind(R, x, c) != X_NONE))
		return;
	int64_t rec = 0;
	enum xcode why = previous ? X_NONE : tcreg__aw_check(R, x, c, &rec);
	/* a contract outside the rule's window is explained only when asked about */
	if (tc && !previous && !(why == X_REGISTERED && c->id != R->target_cand))
		tcreg__aw_trace_eligibility(R, x, ci, ap, why, rec);
	if (why)
		tcreg__aw_exclude(R, ci, x->ri, why, NO_FIGS); /* these reasons have no figures */
	else if (x->level_row == 0) /* one row per contract: nothing to group */
		contract_row(R, x, ci, ap, tc, at_once);
	else
		unit_member(R, x, units, ci, ap, tc, previous);
}

void
tcreg__aw_eval_rule(struct run *R, struct rule_ctx *x)
{
	struct tcreg__hashtab units = { 0 };
	size_t first_row = R->nrows;
	/* A row of one contract is worked out at once and kept only when it
	 * pays: it waits for no other contract.  Explained, rows wait, so that
	 * the steps keep their order (every eligibility first). */
	bool at_once = x->level_row == 0 && !R->trace;
	if (!tcreg__aw_party_verdicts(R, x)) {
		R->st = TCREG_ERR_NOMEM;
		return;
	}
	for (size_t ci = 0; ci < R->nc && R->st == TCREG_OK; ci++)
		take(R, x, &units, ci, at_once);
	tcreg__ht_free(&units);
	for (size_t i = first_row; i < R->nrows && R->st == TCREG_OK && !at_once; i++)
		tcreg__aw_eval_row(R, x, &R->rows[i]);
	free(x->party_ok);
	x->party_ok = NULL;
}
