/* SPDX-License-Identifier: MIT
 * evaluate.c - one row (an award) worked out: per contract, each
 * contract's own award summed; per unit, the unit's base at the rate; then
 * the caps, with what committed awards used of them; then the rounding,
 * once, at the very end.  Contracts a row cannot pay are excluded with the
 * reason.
 */
#include "award-run.h"

/* What working out a row has found so far. */
struct tally {
	i128 total;          /* the award, in millionths of a fen */
	int64_t base_sum;    /* the base shown: the unit's, or its contracts' summed */
	int band;            /* the band used, or -1 */
	bool capped;
	const char *binding; /* the cap that bound ("band", a unit, "vat_paid"), and its amount */
	int64_t binding_fen;
};

static void
bind(struct tally *t, const char *binding, int64_t fen)
{
	t->capped = true;
	t->binding = binding;
	t->binding_fen = fen;
}

static bool
add_contrib(struct run *R, uint32_t ci)
{
	if (!ROOM_FOR_ONE(R->contrib, R->capcontrib, R->ncontrib, 1024)) {
		R->st = TCREG_ERR_NOMEM;
		return false;
	}
	R->contrib[R->ncontrib++] = ci;
	return true;
}

/* The one way a row's contracts are excluded under its rule: those it was
 * to pay, taken back from it, or, before it pays any, all its members. */
static void
exclude_row(struct run *R, const struct rule_ctx *x, struct row *w, enum xcode why, union excl_figs figs)
{
	if (w->contrib_n) {
		for (uint32_t k = 0; k < w->contrib_n; k++)
			tcreg__aw_exclude(R, R->contrib[w->contrib_off + k], x->ri, why, figs);
		R->ncontrib = w->contrib_off;
		w->contrib_n = 0;
		return;
	}
	for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
		tcreg__aw_exclude(R, ci, x->ri, why, figs);
}

/* Awards committed earlier that count against this row's caps: the same
 * applicant in the same year, or the same project in any year. */
static int64_t
previous(struct run *R, const struct rule_ctx *x, const struct row *w)
{
	sqlite3_stmt *st = x->level_row == 1 ? R->prev_project : R->prev_applicant;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, x->r->name, -1, SQLITE_STATIC);
	if (x->level_row == 1) {
		sqlite3_bind_text(st, 3, w->project, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, w->party);
	} else {
		sqlite3_bind_int(st, 3, R->year);
		if (w->party)
			sqlite3_bind_int64(st, 4, w->party);
		else
			sqlite3_bind_null(st, 4);
	}
	int64_t v = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

/* What this rule paid the contract in committed rounds. */
static int64_t
previous_contract(struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	sqlite3_stmt *st = R->prev_contract;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, x->r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->id);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return v;
}

/* One cap of cap_fen, of which earlier awards used prev, on amount;
 * returns the capped amount (*capped set when the cap bites). */
static i128
cap_apply(struct run *R, const struct rule_ctx *x, i128 amount, int64_t cap_fen, int64_t prev, const char *per,
	  bool *capped, bool trace)
{
	i128 room = (i128)(cap_fen > prev ? cap_fen - prev : 0) * MICRO;
	bool applies = amount > room;
	if (trace)
		tcreg__aw_step(R, "cap", x,
			       json_pack("{s:s, s:I, s:I, s:o, s:o, s:b}", "per", per, "cap_fen", (json_int_t)cap_fen,
					 "previous_fen", (json_int_t)prev, "before_fen", tcreg__aw_micro_json(amount),
					 "after_fen", tcreg__aw_micro_json(applies ? room : amount), "applied", applies));
	if (applies) {
		*capped = true;
		return room;
	}
	return amount;
}

/* The caps per contract on one contract's award: what this rule paid it
 * in committed rounds counts against them. */
static i128
contract_caps(struct run *R, const struct rule_ctx *x, const struct cand *c, i128 a, bool tc, struct tally *t)
{
	const struct pol_rule *r = x->r;
	int64_t before = c->paid_mask & (1u << x->ri) ? previous_contract(R, x, c) : 0;
	for (size_t i = 0; i < r->ncaps; i++) {
		bool hit = false;
		if (r->caps[i].per == UNIT_CONTRACT)
			a = cap_apply(R, x, a, r->caps[i].amount_fen, before, "contract", &hit, tc);
		if (hit)
			bind(t, "contract", r->caps[i].amount_fen);
	}
	return a;
}

/* The year's money a threshold and a rate are applied to: the money in the
 * payment window new to this run and what earlier rounds of the rule
 * counted of the same payments (not money no round may count: beyond the
 * verified technology amount).  The award is then what the year's money
 * earns less what the money counted before earned (tcreg__aw_rate_of_new),
 * so that the year pays the same however many rounds it was paid in; for a
 * base not of payments the two are the same. */
static struct money
year_money(struct money m)
{
	return (struct money){ .net = m.net + m.before_net, .tech = m.tech + m.before_tech };
}

static struct money
before_money(struct money m)
{
	return (struct money){ .net = m.before_net, .tech = m.before_tech };
}

/* The bases of a rule over the year's money and over the money counted
 * before, each the least of its own components (min_of): a base's "before"
 * is not the year's less the new money when another component (an amount
 * invoiced, a contract amount) is the least.  No money counted before, or
 * a base not of payments: before 0, and the year's base is the new one. */
struct year_bases {
	int64_t year, before;
};

static struct year_bases
year_bases(unsigned base, int64_t fresh, const int64_t year[POL_NBASE], const int64_t before[POL_NBASE],
	   bool counted_before)
{
	const unsigned of_payments = BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED;
	if (!(base & of_payments) || !counted_before)
		return (struct year_bases){ fresh, 0 };
	int64_t y = tcreg__aw_least(base, year);
	return (struct year_bases){ y > fresh ? y : fresh, tcreg__aw_least(base, before) };
}

/* One contract's award from its own base (rules per contract), added to
 * the row; false when it has none (excluded). */
static bool
contract_award(struct run *R, const struct rule_ctx *x, uint32_t ci, bool tc, struct tally *t)
{
	const struct pol_rule *r = x->r;
	const struct cand *c = &R->c[ci];
	int64_t v[POL_NBASE], g[POL_NBASE], p[POL_NBASE];
	struct money m = tcreg__aw_received(R, x, c);
	tcreg__aw_components(c, r->base, m, v);
	tcreg__aw_components(c, r->base, year_money(m), g);
	tcreg__aw_components(c, r->base, before_money(m), p);
	int64_t b = tcreg__aw_least(r->base, v);
	struct year_bases y = year_bases(r->base, b, g, p, m.before_net || m.before_tech);
	bool ok = tcreg__aw_threshold_ok(r, y.year), banded = false;
	if (tc) {
		tcreg__aw_trace_base(R, x, c, v, b);
		tcreg__aw_trace_threshold(R, x, c, y.year, ok);
	}
	i128 a = ok ? tcreg__aw_rate_of_new(r, y.year, y.before, &t->band, &banded) : -1;
	if (a < 0) {
		union excl_figs f = NO_FIGS;
		f.base.fen = y.year;
		tcreg__aw_exclude(R, ci, x->ri, ok ? X_BAND : X_THRESHOLD, f);
		return false;
	}
	if (tc)
		tcreg__aw_trace_rate(R, x, c, t->band, a);
	if (banded)
		bind(t, "band", r->tiers[t->band].cap_fen);
	t->total += contract_caps(R, x, c, a, tc, t);
	/* the bases of a unit's contracts: saturated, never wrapped (the
	 * award is from each contract's own base; this sum is shown) */
	if (__builtin_add_overflow(t->base_sum, b, &t->base_sum))
		t->base_sum = INT64_MAX;
	add_contrib(R, ci);
	return true;
}

/* Per contract: each contract's award summed; false when none has one. */
static bool
per_contract(struct run *R, const struct rule_ctx *x, struct row *w, struct tally *t)
{
	bool any = false;
	for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci]) {
		bool tc = w->traced &&
			  (R->target_cand < 0 || R->c[ci].id == R->target_cand || R->target_party > 0);
		any |= contract_award(R, x, ci, tc, t);
	}
	return any;
}

/* The bases of the unit's contracts summed (saturated). */
/* A saturated sum of components. */
static void
add_to(int64_t sums[POL_NBASE], const int64_t v[POL_NBASE])
{
	for (int i = 0; i < POL_NBASE; i++)
		if (__builtin_add_overflow(sums[i], v[i], &sums[i]))
			sums[i] = INT64_MAX;
}

/* ... and over the year's money and the money counted before (year_bases);
 * *counted_before when any was. */
static void
unit_sums(struct run *R, const struct rule_ctx *x, const struct row *w, int64_t sums[POL_NBASE],
	  int64_t year[POL_NBASE], int64_t before[POL_NBASE], bool *counted_before)
{
	unsigned base = x->r->base;
	for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci]) {
		const struct cand *c = &R->c[ci];
		int64_t v[POL_NBASE], g[POL_NBASE], p[POL_NBASE];
		struct money m = tcreg__aw_received(R, x, c);
		tcreg__aw_components(c, base, m, v);
		tcreg__aw_components(c, base, year_money(m), g);
		tcreg__aw_components(c, base, before_money(m), p);
		add_to(sums, v);
		add_to(year, g);
		add_to(before, p);
		*counted_before |= m.before_net || m.before_tech;
		if (w->traced)
			tcreg__aw_step(R, "base", x,
				       json_pack("{s:s, s:o}", "contract", c->reg_no, "components",
						 tcreg__aw_components_json(base, v, true)));
	}
}

/* A fact the row needs (the VAT paid, else the amount invoiced) that the
 * facts file does not give: the row's contracts are excluded; false. */
static bool
no_fact(struct run *R, const struct rule_ctx *x, struct row *w, bool vat_paid)
{
	union excl_figs f = NO_FIGS;
	f.fact.vat_paid = vat_paid;
	exclude_row(R, x, w, X_NO_FACT, f);
	if (w->traced)
		tcreg__aw_step(R, "fact", x,
			       json_pack("{s:s, s:b}", "fact", vat_paid ? "vat_paid" : "invoiced", "given", 0));
	return false;
}

/* A base of the amount invoiced is the applicant's, from the facts. */
static bool
invoiced(struct run *R, const struct rule_ctx *x, struct row *w, int64_t sums[POL_NBASE])
{
	const struct award_fact *f = w->party ? tcreg__facts_find(&R->facts, w->party) : NULL;
	if (!f || f->invoiced_fen < 0)
		return no_fact(R, x, w, false);
	sums[5] = f->invoiced_fen;
	return true;
}

/* A growth rule's base: what the unit's grew by over the year before;
 * false (the unit excluded) when it did not grow. */
static bool
growth(struct run *R, const struct rule_ctx *x, struct row *w, int64_t *b)
{
	static const int64_t zero[POL_NBASE];
	int64_t before = tcreg__aw_least(x->r->base, w->prev ? R->prevs[w->prev - 1].sums : zero), now = *b;
	*b = now > before ? now - before : 0;
	if (w->traced)
		tcreg__aw_step(R, "growth", x,
			       json_pack("{s:I, s:I, s:I}", "current_fen", (json_int_t)now, "previous_fen",
					 (json_int_t)before, "base_fen", (json_int_t)*b));
	if (*b)
		return true;
	union excl_figs f = NO_FIGS;
	f.growth.current_fen = now;
	f.growth.previous_fen = before;
	exclude_row(R, x, w, X_NO_GROWTH, f);
	return false;
}

/* Per unit: the unit's base at the rate, and every contract of the unit
 * paid by it; false when it pays nothing (its contracts excluded). */
static bool
per_unit(struct run *R, const struct rule_ctx *x, struct row *w, struct tally *t)
{
	const struct pol_rule *r = x->r;
	int64_t sums[POL_NBASE] = { 0 }, year[POL_NBASE] = { 0 }, before[POL_NBASE] = { 0 };
	bool counted_before = false;
	unit_sums(R, x, w, sums, year, before, &counted_before);
	if ((r->base & BASE_INVOICED) && !invoiced(R, x, w, sums))
		return false;
	/* the facts: one figure a year, the same however the money came */
	year[__builtin_ctz(BASE_INVOICED)] = before[__builtin_ctz(BASE_INVOICED)] = sums[__builtin_ctz(BASE_INVOICED)];
	int64_t b = tcreg__aw_least(r->base, sums);
	if (w->traced)
		tcreg__aw_trace_base(R, x, NULL, sums, b);
	if (r->growth && !growth(R, x, w, &b))
		return false;
	/* growth: the round's new money against last year, as before rounds
	 * were made whole (left as it was: see tcreg-award(1)) */
	struct year_bases y = r->growth ? (struct year_bases){ b, 0 }
					: year_bases(r->base, b, year, before, counted_before);
	bool ok = tcreg__aw_threshold_ok(r, y.year);
	if (w->traced)
		tcreg__aw_trace_threshold(R, x, NULL, y.year, ok);
	i128 a = ok ? tcreg__aw_rate_of_new(r, y.year, y.before, &t->band, &t->capped) : -1;
	if (a < 0) {
		union excl_figs f = NO_FIGS;
		f.base.fen = y.year;
		exclude_row(R, x, w, ok ? X_BAND : X_THRESHOLD, f);
		return false;
	}
	if (t->capped)
		bind(t, "band", r->tiers[t->band].cap_fen);
	if (w->traced)
		tcreg__aw_trace_rate(R, x, NULL, t->band, a);
	t->total = a;
	t->base_sum = b;
	for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
		add_contrib(R, ci);
	return true;
}

/* A cap at the VAT the applicant paid, from the facts. */
static bool
vat_paid(struct run *R, const struct rule_ctx *x, struct row *w, int64_t *amount)
{
	const struct award_fact *f = tcreg__facts_find(&R->facts, w->party);
	if (!f || f->vat_paid_fen < 0)
		return no_fact(R, x, w, true);
	*amount = f->vat_paid_fen;
	return true;
}

/* The caps on the row as a whole: at its own level, committed awards under
 * the same cap count against it; false when a fact a cap needs is missing. */
static bool
row_caps(struct run *R, const struct rule_ctx *x, struct row *w, struct tally *t)
{
	const struct pol_rule *r = x->r;
	if (x->level_row == 0) {
		for (size_t i = 0; i < r->ncaps; i++)
			if (r->caps[i].per == UNIT_CONTRACT && r->per != UNIT_CONTRACT)
				t->total = cap_apply(R, x, t->total, r->caps[i].amount_fen, 0, "contract", &t->capped,
						     w->traced);
		return true;
	}
	w->prev_fen = previous(R, x, w);
	for (size_t i = 0; i < r->ncaps; i++) {
		const struct pol_cap *cp = &r->caps[i];
		if (pol_level(cp->per) != x->level_row)
			continue;
		int64_t amount = cp->amount_fen;
		if (cp->fact_vat_paid && !vat_paid(R, x, w, &amount))
			return false;
		const char *per = cp->fact_vat_paid ? "vat_paid" : tcreg__pol_unit_name(cp->per);
		bool hit = false;
		t->total = cap_apply(R, x, t->total, amount, w->prev_fen, per, &hit, w->traced);
		if (hit)
			bind(t, per, amount);
	}
	return true;
}

/* The rounding: a row that comes to nothing excludes its contracts (the
 * cap used up, or rounded away); one that pays marks them paid. */
static void
finish(struct run *R, const struct rule_ctx *x, struct row *w, const struct tally *t, i128 before_caps)
{
	w->award_fen = tcreg__aw_round(R->p, t->total);
	w->capped = t->capped;
	if (w->traced)
		tcreg__aw_trace_rounding(R, x, t->total, w->award_fen);
	if (w->award_fen == 0) {
		union excl_figs f = NO_FIGS;
		f.cap.previous_fen = w->prev_fen;
		f.cap.before_fen = (int64_t)(before_caps / MICRO);
		exclude_row(R, x, w, before_caps > 0 && t->total == 0 ? X_CAP_USED : X_ROUNDED, f);
		return;
	}
	for (uint32_t k = 0; k < w->contrib_n; k++) {
		R->c[R->contrib[w->contrib_off + k]].award_mask |= 1u << x->ri;
		tcreg__aw_served_paid(R, &R->c[R->contrib[w->contrib_off + k]], 1u << x->ri);
	}
	w->band = x->r->per == UNIT_CONTRACT && w->contrib_n > 1 ? -1 : t->band;
	w->binding = t->binding;
	w->binding_fen = t->binding_fen;
}

void
tcreg__aw_eval_row(struct run *R, const struct rule_ctx *x, struct row *w)
{
	struct tally t = { .band = -1 };
	if (w->n == 0) /* only last year's contracts: nothing to pay */
		return;
	uint32_t off = (uint32_t)R->ncontrib;
	if (!(x->r->per == UNIT_CONTRACT ? per_contract(R, x, w, &t) : per_unit(R, x, w, &t)))
		return;
	w->contrib_off = off;
	w->contrib_n = (uint32_t)(R->ncontrib - off);
	w->base_fen = t.base_sum;
	i128 before_caps = t.total;
	if (row_caps(R, x, w, &t))
		finish(R, x, w, &t, before_caps);
}
