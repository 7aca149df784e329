/* SPDX-License-Identifier: MIT
 * award.c - the award engine: which registered contracts a policy's rules
 * reward, on what base, at what rate, under which caps, and never twice.
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

static const struct {
	const char *code, *msgid;
} xinfo[X__N] = {
	{ "", "" },
	{ "X_STATUS", N_("the registration was cancelled or revoked (%s)") },
	{ "X_REGISTERED", N_("registered outside the policy's window (%s)") },
	{ "X_CATEGORY", N_("its category is not covered (%s)") },
	{ "X_RELATED", N_("a related-party transaction (%s)") },
	{ "X_NATURE", N_("the applicant's nature is not covered (%s)") },
	{ "X_REGION", N_("the applicant's region is not covered (%s)") },
	{ "X_COUNTER_NATURE", N_("the other party's nature is not covered (%s)") },
	{ "X_COUNTER_REGION", N_("the other party's region is not covered (%s)") },
	{ "X_PERSON", N_("the applicant is not a natural person (%s)") },
	{ "X_PAID", N_("already awarded under this rule (run %s)") },
	{ "X_OTHER_SIDE", N_("already awarded under rule %s; one side only") },
	{ "X_NO_PAYMENT", N_("nothing received in the payment window (%s)") },
	{ "X_THRESHOLD", N_("the base does not meet the threshold (%s)") },
	{ "X_BAND", N_("the base is outside every band (%s)") },
	{ "X_NO_FACT", N_("the facts file gives no %s for the applicant") },
	{ "X_CAP_USED", N_("the cap was used up by earlier awards (%s)") },
	{ "X_ROUNDED", N_("the award rounds to nothing (%s)") },
	{ "X_NO_GROWTH", N_("no growth over the year before (%s)") },
	{ "X_NO_SERVED", N_("it names no registered deal it served (%s)") },
	{ "X_DEAL_TAKEN", N_("the deal it served is awarded under rule %s; one intermediary per deal") },
	{ "X_EXTERNAL", N_("registered by another office (%s): open to the buyer's side only") },
};

const char *
tcreg_award_reason(const char *code)
{
	for (int i = 1; code && i < X__N; i++)
		if (strcmp(xinfo[i].code, code) == 0)
			return xinfo[i].msgid;
	return NULL;
}

static size_t
rule_index(const struct tcreg_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* ---- deals served by intermediaries ---- */

static int
cmp_served(const void *a, const void *b, void *ud)
{
	const struct cand *c = ud;
	int64_t x = cand_served(&c[*(const uint32_t *)a]), y = cand_served(&c[*(const uint32_t *)b]);
	return (x > y) - (x < y);
}

/* The intermediary contracts of the run by the deal they served, so that an
 * exclusive group keyed on the deal ("institution and broker of one deal
 * are not both paid") reaches every contract serving it. */
static bool
index_served(struct run *R)
{
	size_t n = 0;
	for (size_t i = 0; i < R->nc; i++)
		n += cand_served(&R->c[i]) != 0;
	if (!n)
		return true;
	if (!(R->by_served = malloc(n * sizeof(*R->by_served))))
		return false;
	for (size_t i = 0; i < R->nc; i++)
		if (cand_served(&R->c[i]))
			R->by_served[R->nby_served++] = (uint32_t)i;
	qsort_r(R->by_served, R->nby_served, sizeof(uint32_t), cmp_served, R->c);
	return true;
}

/* Rules (mask) paid a contract serving a deal: every contract serving the
 * same deal learns it. */
static void
served_paid_id(struct run *R, int64_t served, uint32_t mask)
{
	if (!served || !R->nby_served)
		return;
	size_t lo = 0, hi = R->nby_served;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cand_served(&R->c[R->by_served[mid]]) < served)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < R->nby_served && cand_served(&R->c[R->by_served[lo]]) == served; lo++)
		R->c[R->by_served[lo]].served_mask |= mask;
}

static void
served_paid(struct run *R, const struct cand *c, uint32_t mask)
{
	served_paid_id(R, cand_served(c), mask);
}

static int
cmp_paid_run(const void *a, const void *b)
{
	const struct paid_run *x = a, *y = b;
	if (x->cand != y->cand)
		return x->cand < y->cand ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The committed run that paid candidate ci: the last one read (0: none). */
static int64_t
run_that_paid(const struct run *R, uint32_t ci)
{
	size_t lo = 0, hi = R->npaid_runs;
	while (lo < hi) { /* the first entry past ci */
		size_t mid = (lo + hi) / 2;
		if (R->paid_runs[mid].cand <= ci)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && R->paid_runs[lo - 1].cand == ci ? R->paid_runs[lo - 1].run : 0;
}

/* Contracts this policy has paid in committed runs, by rule. */
static tcreg_status
load_committed(struct run *R)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st,
					   "SELECT ac.contract_id, ac.rule, a.run_id, c.served_contract_id "
					   "FROM award_contract ac JOIN award a ON a.id = ac.award_id "
					   "JOIN contract c ON c.id = ac.contract_id WHERE ac.policy = ?%s",
					   " AND ac.contract_id IN %s");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ci = tcreg__aw_cand_by_id(R, sqlite3_column_int64(st, 0));
		size_t ri = rule_index(R->p, (const char *)sqlite3_column_text(st, 1));
		/* the deal it served stays taken, whatever year the contract is of */
		served_paid_id(R, sqlite3_column_int64(st, 3), ri == SIZE_MAX ? UINT32_MAX : 1u << ri);
		if (ci < 0)
			continue;
		/* a rule renamed since: the contract stays paid for every rule */
		R->c[ci].paid_mask |= ri == SIZE_MAX ? UINT32_MAX : 1u << ri;
		if (!ROOM_FOR_ONE(R->paid_runs, R->cappaid_runs, R->npaid_runs, 64)) {
			sqlite3_finalize(st);
			return TCREG_ERR_NOMEM;
		}
		R->paid_runs[R->npaid_runs] = (struct paid_run){ (uint32_t)ci, (uint32_t)R->npaid_runs,
								 sqlite3_column_int64(st, 2) };
		R->npaid_runs++;
	}
	sqlite3_finalize(st);
	if (R->npaid_runs > 1) /* none: no array at all */
		qsort(R->paid_runs, R->npaid_runs, sizeof(*R->paid_runs), cmp_paid_run);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(R->reg, rc, "award_contract");
}

/* ---- eligibility ---- */

static bool
category_ok(const struct run *R, const struct pol_rule *r, const char *cat)
{
	if (!r->ncategories)
		return true;
	const char *name = tcreg_codes_name(R->codes, TCREG_TABLE_CATEGORY, cat);
	for (size_t i = 0; i < r->ncategories; i++) {
		const char *l = r->categories[i];
		if (strcmp(l, cat) == 0)
			return true;
		/* a category's own code (no sub-type) takes its sub-types */
		if (!tcreg_codes_extra(R->codes, TCREG_TABLE_CATEGORY, l) && name &&
		    strcmp(tcreg_codes_name(R->codes, TCREG_TABLE_CATEGORY, l), name) == 0)
			return true;
	}
	return false;
}

static bool
nature_ok(const struct run *R, const struct pol_party_filter *f, const struct party *p)
{
	if (!f->nnatures)
		return true;
	for (size_t i = 0; i < f->nnatures; i++) {
		const char *l = f->natures[i];
		if (strcmp(l, p->nature) == 0)
			return true;
		/* a group's own entry (企业法人, 高等院校) takes every nature of the group */
		const char *name = tcreg_codes_name(R->codes, TCREG_TABLE_NATURE, l);
		const char *group = tcreg_codes_extra(R->codes, TCREG_TABLE_NATURE, l);
		if (name && group && strcmp(name, group) == 0 && strcmp(p->group, group) == 0)
			return true;
	}
	return false;
}

static bool
region_ok(const struct pol_party_filter *f, const struct party *p)
{
	if (!f->nregions)
		return true;
	for (size_t i = 0; i < f->nregions; i++)
		if (strncmp(p->region, f->regions[i], strlen(f->regions[i])) == 0)
			return true;
	return false;
}

struct rule_ctx {
	const struct pol_rule *r;
	size_t ri;
	uint32_t group_mask; /* the other rules of its exclusive group */
	char reg_from[11], reg_to[11], pay_from[11], pay_to[11];
	char prev_reg_from[11], prev_reg_to[11], prev_pay_from[11], prev_pay_to[11]; /* growth */
	int level_row; /* 0 contract, 1 project, 2 applicant */
	/* verdicts worked out once per rule: per party (PARTY_* bits) and per
	 * two-digit category code (-1 not yet known, 0 no, 1 yes) */
	uint8_t *party_ok;
	signed char category_ok[100];
};
enum { PARTY_NATURE = 1, PARTY_REGION = 2, PARTY_C_NATURE = 4, PARTY_C_REGION = 8, PARTY_PERSON = 16 };

static void
init_ctx(const struct run *R, size_t ri, struct rule_ctx *x)
{
	const struct tcreg_policy *p = R->p;
	memset(x, 0, sizeof(*x));
	x->r = &p->rules[ri];
	x->ri = ri;
	for (size_t g = 0; g < p->nexclusive; g++)
		for (size_t j = 0; j < p->exclusive[g].nrules; j++)
			if (p->exclusive[g].rules[j] == ri)
				for (size_t m = 0; m < p->exclusive[g].nrules; m++)
					if (p->exclusive[g].rules[m] != ri)
						x->group_mask |= 1u << p->exclusive[g].rules[m];
	tcreg__pol_date(&x->r->registered.from, R->year, x->reg_from);
	tcreg__pol_date(&x->r->registered.to, R->year, x->reg_to);
	if (x->r->payments.given) {
		tcreg__pol_date(&x->r->payments.from, R->year, x->pay_from);
		tcreg__pol_date(&x->r->payments.to, R->year, x->pay_to);
	}
	if (x->r->growth) {
		tcreg__pol_date_shift(&x->r->registered.from, R->year, -1, x->prev_reg_from);
		tcreg__pol_date_shift(&x->r->registered.to, R->year, -1, x->prev_reg_to);
		tcreg__pol_date_shift(&x->r->payments.from, R->year, -1, x->prev_pay_from);
		tcreg__pol_date_shift(&x->r->payments.to, R->year, -1, x->prev_pay_to);
	}
	x->level_row = pol_level(x->r->per);
	for (size_t j = 0; j < x->r->ncaps; j++)
		if (pol_level(x->r->caps[j].per) > x->level_row)
			x->level_row = pol_level(x->r->caps[j].per);
}

/* The money of a contract in the rule's payment window not counted before
 * by the rule. */
static struct money
received(const struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	return tcreg__aw_money(R, x->ri, c, x->pay_from, x->pay_to);
}

/* The part of the money the rule's base takes: the technology part, or
 * all of it. */
static int64_t
money_of(const struct pol_rule *r, struct money m)
{
	return tcreg__aw_counts_tech(r) ? m.tech : m.net;
}

static const struct party *
applicant(const struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	return x->r->role == ROLE_BUYER ? &R->parties[c->bp] : &R->parties[c->sp];
}

static const struct party *
counterparty(const struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	return x->r->role == ROLE_BUYER ? &R->parties[c->sp] : &R->parties[c->bp];
}

/* Work out the rule's verdict on every party once (there are far fewer
 * parties than contracts). */
static bool
party_verdicts(const struct run *R, struct rule_ctx *x)
{
	const struct pol_rule *r = x->r;
	memset(x->category_ok, -1, sizeof(x->category_ok));
	if (!(x->party_ok = malloc(R->nparties + 1)))
		return false;
	for (size_t i = 0; i < R->nparties; i++) {
		const struct party *p = &R->parties[i];
		x->party_ok[i] = (uint8_t)((nature_ok(R, &r->applicant, p) ? PARTY_NATURE : 0) |
					   (region_ok(&r->applicant, p) ? PARTY_REGION : 0) |
					   (nature_ok(R, &r->counterparty, p) ? PARTY_C_NATURE : 0) |
					   (region_ok(&r->counterparty, p) ? PARTY_C_REGION : 0) |
					   (strcmp(p->group, "自然人") == 0 ? PARTY_PERSON : 0));
	}
	return true;
}

static bool
category_verdict(const struct run *R, struct rule_ctx *x, const char *cat)
{
	if (!(cat[0] >= '0' && cat[0] <= '9' && cat[1] >= '0' && cat[1] <= '9' && !cat[2]))
		return category_ok(R, x->r, cat);
	signed char *v = &x->category_ok[(cat[0] - '0') * 10 + cat[1] - '0'];
	if (*v < 0)
		*v = category_ok(R, x->r, cat);
	return *v;
}

static enum xcode check_kind(const struct run *R, struct rule_ctx *x, const struct cand *c);

static bool
in_window(const char *date, const char *from, const char *to)
{
	return (!from[0] || strcmp(date, from) >= 0) && (!to[0] || strcmp(date, to) <= 0);
}

static enum xcode
check(const struct run *R, struct rule_ctx *x, const struct cand *c, int64_t *a)
{
	const struct pol_rule *r = x->r;
	*a = 0;
	/* registered by another office: open to the buyer's side only */
	if (c->status == 'e' && r->role != ROLE_BUYER)
		return X_EXTERNAL;
	if (c->status != 'a' && c->status != 'e')
		return X_STATUS;
	if ((x->reg_from[0] && strcmp(c->reg_date, x->reg_from) < 0) ||
	    (x->reg_to[0] && strcmp(c->reg_date, x->reg_to) > 0))
		return X_REGISTERED;
	enum xcode why = check_kind(R, x, c);
	if (why)
		return why;
	bool money = r->base & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED);
	/* a base of money is paid once per payment, any other once per contract */
	if (!money && (c->paid_mask & (1u << x->ri)))
		return X_PAID;
	if ((c->paid_mask | c->award_mask) & x->group_mask)
		return X_OTHER_SIDE;
	if (c->served_mask & x->group_mask)
		return X_DEAL_TAKEN;
	if ((r->base & BASE_SERVED) && !cand_served(c))
		return X_NO_SERVED;
	if (money) {
		struct money m = received(R, x, c);
		*a = money_of(r, m);
		if (*a == 0)
			return (tcreg__aw_counts_tech(r) ? m.gross_tech : m.gross_net) > 0 ? X_PAID : X_NO_PAYMENT;
	}
	return X_NONE;
}

/* What the contract is and who its parties are, against the rule. */
static enum xcode
check_kind(const struct run *R, struct rule_ctx *x, const struct cand *c)
{
	const struct pol_rule *r = x->r;
	if (!category_verdict(R, x, c->category))
		return X_CATEGORY;
	if (r->exclude_related && c->related == 1)
		return X_RELATED;
	if (r->role != ROLE_AGENCY) {
		uint8_t ap = x->party_ok[r->role == ROLE_BUYER ? c->bp : c->sp];
		uint8_t cp = x->party_ok[r->role == ROLE_BUYER ? c->sp : c->bp];
		if (!(ap & PARTY_NATURE))
			return X_NATURE;
		if (!(ap & PARTY_REGION))
			return X_REGION;
		if (!(cp & PARTY_C_NATURE))
			return X_COUNTER_NATURE;
		if (!(cp & PARTY_C_REGION))
			return X_COUNTER_REGION;
		if (r->per == UNIT_PERSON_YEAR && !(ap & PARTY_PERSON))
			return X_PERSON;
	}
	return X_NONE;
}

static bool
add_excl(struct run *R, size_t cand, size_t rule, enum xcode code, int64_t a, int64_t b)
{
	size_t at = cand * R->p->nrules + rule;
	if (a || b) {
		if (!ROOM_FOR_ONE(R->xfig, R->capxfig, R->nxfig, 256)) {
			R->st = TCREG_ERR_NOMEM;
			return false;
		}
		R->xfig[R->nxfig++] = (struct excl_fig){ at, a, b };
	}
	R->xcode[at] = (uint8_t)code;
	return true;
}

static int
cmp_fig(const void *a, const void *b)
{
	uint64_t x = ((const struct excl_fig *)a)->at, y = ((const struct excl_fig *)b)->at;
	return (x > y) - (x < y);
}

/* The exclusion at place at of R->xcode, whole (its figures found in
 * R->xfig, sorted by then). */
static struct excl
excl_at(const struct run *R, size_t at)
{
	size_t nr = R->p->nrules, lo = 0, hi = R->nxfig;
	struct excl e = { .cand = (uint32_t)(at / nr), .rule = (uint16_t)(at % nr),
			  .code = (uint8_t)(R->xcode[at] & ~XCODE_LISTED) };
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (R->xfig[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < R->nxfig && R->xfig[lo].at == at) {
		e.a = R->xfig[lo].a;
		e.b = R->xfig[lo].b;
	}
	return e;
}

/* ---- arithmetic ---- */

/* The contract's value of each base kind selected (its money given). */
static void
components(const struct cand *c, unsigned base, struct money m, int64_t v[POL_NBASE])
{
	for (int i = 0; i < POL_NBASE; i++) {
		unsigned bit = 1u << i;
		v[i] = !(base & bit)			? 0
		       : bit == BASE_RECEIVED || bit == BASE_PAID ? m.net
		       : bit == BASE_CONTRACT			? c->total
		       : bit == BASE_TECH			? c->tech
		       : bit == BASE_TECH_RECEIVED		? m.tech
		       : bit == BASE_SERVED			? cand_served_amount(c)
								: 0;
	}
}

static int64_t
least(unsigned base, const int64_t v[POL_NBASE])
{
	int64_t m = INT64_MAX;
	for (int i = 0; i < POL_NBASE; i++)
		if ((base & (1u << i)) && v[i] < m)
			m = v[i];
	return m == INT64_MAX ? 0 : m;
}

static bool
threshold_ok(const struct pol_rule *r, int64_t base)
{
	if (r->has_min && (r->min_incl ? base < r->min_fen : base <= r->min_fen))
		return false;
	if (r->has_max && (r->max_incl ? base > r->max_fen : base >= r->max_fen))
		return false;
	return true;
}

/* The award before caps, in millionths of a fen; -1 when no band holds the
 * base.  *band is the band used (band rates) for the explanation. */
static i128
apply_rate(const struct pol_rule *r, int64_t base, int *band, bool *capped)
{
	i128 a = 0;
	*band = -1;
	switch (r->rate) {
	case RATE_FLAT:
		return (i128)base * r->tiers[0].ppm;
	case RATE_BAND:
		for (size_t i = 0; i < r->ntiers; i++) {
			const struct pol_tier *t = &r->tiers[i];
			bool above = t->from_incl ? base >= t->from_fen : base > t->from_fen;
			bool below = !t->has_to || (t->to_incl ? base <= t->to_fen : base < t->to_fen);
			if (above && below) {
				*band = (int)i;
				a = (i128)base * t->ppm;
				if (t->cap_fen >= 0 && a > (i128)t->cap_fen * MICRO) {
					a = (i128)t->cap_fen * MICRO;
					*capped = true;
				}
				return a;
			}
		}
		return -1;
	case RATE_MARGINAL:
		for (size_t i = 0; i < r->ntiers; i++) {
			const struct pol_tier *t = &r->tiers[i];
			if (base <= t->from_fen)
				break;
			int64_t top = t->has_to && base > t->to_fen ? t->to_fen : base;
			a += (i128)(top - t->from_fen) * t->ppm;
		}
		return a;
	case RATE_BASE_PLUS:
		a = (i128)r->plus_amount_fen * MICRO;
		if (base > r->plus_above_fen)
			a += (i128)(base - r->plus_above_fen) * r->plus_ppm;
		return a;
	}
	return 0;
}

static int64_t
round_award(const struct tcreg_policy *p, i128 micro)
{
	i128 q = (i128)p->round_fen * MICRO;
	i128 k = p->round_mode == ROUND_DOWN ? micro / q
		 : p->round_mode == ROUND_UP ? (micro + q - 1) / q
					     : (micro + q / 2) / q;
	i128 fen = k * p->round_fen;
	return fen > INT64_MAX ? INT64_MAX : (int64_t)fen;
}

/* "1234.5" fen from millionths of a fen, exactly. */
static char *
exact(i128 micro, char *buf, size_t n)
{
	int64_t whole = (int64_t)(micro / MICRO), frac = (int64_t)(micro % MICRO);
	if (!frac) {
		snprintf(buf, n, "%lld", (long long)whole);
		return buf;
	}
	snprintf(buf, n, "%lld.%06lld", (long long)whole, (long long)frac);
	size_t len = strlen(buf);
	while (buf[len - 1] == '0')
		buf[--len] = '\0';
	return buf;
}

/* "30", "0.05", "2.5" percent from ppm */
static char *
pct(int64_t ppm, char *buf, size_t n)
{
	snprintf(buf, n, "%lld.%04lld", (long long)(ppm / 10000), (long long)(ppm % 10000));
	size_t len = strlen(buf);
	while (buf[len - 1] == '0')
		buf[--len] = '\0';
	if (buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

static char *
yuan(int64_t fen, char *buf, size_t n)
{
	return tcreg_amount_format(fen, buf, n);
}

/* ---- explanation ---- */

static bool
traced(const struct run *R, const struct cand *c, const struct party *ap)
{
	if (!R->trace)
		return false;
	if (R->target_cand == AGENCY_TARGET)
		return !ap;
	return (R->target_cand >= 0 && c->id == R->target_cand) ||
	       (R->target_party > 0 && ap && ap->id == R->target_party);
}

static void
step(struct run *R, const char *kind, const struct rule_ctx *x, json_t *o)
{
	json_t *s = json_object();
	json_object_set_new(s, "step", json_string(kind));
	json_object_set_new(s, "rule", json_string(x->r->name));
	json_object_update(s, o);
	json_decref(o);
	json_array_append_new(R->trace, s);
}

static json_t *
micro_json(i128 m)
{
	char b[64];
	return json_string(exact(m, b, sizeof(b)));
}

static const struct pay *
pay_of(const struct run *R, const struct cand *c, int64_t id)
{
	for (uint32_t i = 0; i < c->pay_n; i++)
		if (R->pays[c->pay_first + i].id == id)
			return &R->pays[c->pay_first + i];
	return NULL;
}

/* Every payment of the contract: in the window or not, its technology part,
 * what earlier rounds counted of it, and what this one counts. */
static void
trace_payments(struct run *R, const struct rule_ctx *x, const struct cand *c, int64_t rec)
{
	json_t *list = json_array();
	sqlite3_stmt *st = R->pay_detail;
	bool tech = tcreg__aw_counts_tech(x->r);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, c->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		bool in = (!x->pay_from[0] || strcmp(d, x->pay_from) >= 0) &&
			  (!x->pay_to[0] || strcmp(d, x->pay_to) <= 0);
		json_t *o = json_pack("{s:s, s:I, s:s, s:b}", "date", d, "amount_fen",
				      (json_int_t)sqlite3_column_int64(st, 1), "voucher",
				      (const char *)sqlite3_column_text(st, 2), "counted", in);
		const struct pay *p = pay_of(R, c, sqlite3_column_int64(st, 3));
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			json_object_set_new(o, "reverses_voucher", json_string((const char *)sqlite3_column_text(st, 4)));
			json_object_set_new(o, "counted", json_false());
		} else if (p) {
			int64_t done = tcreg__aw_counted(R, p, x->ri), part = tech ? p->tech : p->net;
			json_object_set_new(o, "net_fen", json_integer(p->net));
			if (tech)
				json_object_set_new(o, "tech_fen", json_integer(p->tech));
			json_object_set_new(o, "counted_before_fen", json_integer(done));
			json_object_set_new(o, "counted_fen", json_integer(in && part > done ? part - done : 0));
		}
		json_array_append_new(list, o);
	}
	step(R, "payments", x,
	     json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:I}", "contract", c->reg_no,
		       "from", x->pay_from[0] ? x->pay_from : NULL, "to", x->pay_to[0] ? x->pay_to : NULL,
		       "payments", list, "part", tech ? "tech" : "all", "received_fen", (json_int_t)rec));
}

/* The base kinds of a contract or a unit; a contract has no invoiced
 * amount of its own (it is known per applicant). */
static json_t *
components_json(unsigned base, const int64_t v[POL_NBASE], bool contract)
{
	json_t *o = json_object();
	for (int i = 0; i < POL_NBASE; i++)
		if ((base & (1u << i)) && !(contract && (1u << i) == BASE_INVOICED))
			json_object_set_new(o, tcreg__pol_base_name(1u << i), json_integer(v[i]));
	return o;
}

/* ---- rows (one award each) ---- */

struct slot {
	int64_t k1;
	const char *k2;
	size_t row;
	bool used;
};
struct table {
	struct slot *s;
	size_t cap, n;
};

static uint64_t
key_hash(int64_t k1, const char *k2)
{
	uint64_t h = (uint64_t)k1 * 0x9E3779B97F4A7C15ull;
	return k2 ? h ^ tcreg__hash(k2) * 0xC2B2AE3D27D4EB4Full : h;
}

static bool
table_grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct slot *s = calloc(cap, sizeof(*s));
	if (!s)
		return false;
	for (size_t i = 0; i < t->cap; i++)
		if (t->s[i].used) {
			size_t j = key_hash(t->s[i].k1, t->s[i].k2) & (cap - 1);
			while (s[j].used)
				j = (j + 1) & (cap - 1);
			s[j] = t->s[i];
		}
	free(t->s);
	t->s = s;
	t->cap = cap;
	return true;
}

/* The row of a key: found, or a new one (*fresh set). */
static struct slot *
table_get(struct table *t, int64_t k1, const char *k2, bool *fresh)
{
	if ((t->n + 1) * 2 > t->cap && !table_grow(t))
		return NULL;
	size_t j = key_hash(k1, k2) & (t->cap - 1);
	while (t->s[j].used) {
		if (t->s[j].k1 == k1 && (t->s[j].k2 == k2 || (k2 && t->s[j].k2 && strcmp(k2, t->s[j].k2) == 0))) {
			*fresh = false;
			return &t->s[j];
		}
		j = (j + 1) & (t->cap - 1);
	}
	t->s[j] = (struct slot){ .k1 = k1, .k2 = k2, .used = true };
	t->n++;
	*fresh = true;
	return &t->s[j];
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

static void
base_desc(const struct pol_rule *r, char *buf, size_t n)
{
	size_t k = 0;
	int count = 0;
	for (int i = 0; i < POL_NBASE; i++)
		count += (r->base >> i) & 1;
	k += (size_t)snprintf(buf, n, "%s", count > 1 ? "least of " : "");
	for (int i = 0, j = 0; i < POL_NBASE && k < n; i++)
		if (r->base & (1u << i))
			k += (size_t)snprintf(buf + k, n - k, "%s%s", j++ ? "/" : "", tcreg__pol_base_name(1u << i));
}

static void
rate_desc(const struct pol_rule *r, int band, char *buf, size_t n)
{
	char a[32], b[32], c[32];
	switch (r->rate) {
	case RATE_FLAT:
		snprintf(buf, n, "%s%%", pct(r->tiers[0].ppm, a, sizeof(a)));
		break;
	case RATE_BAND:
		if (band >= 0)
			snprintf(buf, n, "%s%% (band from %s)", pct(r->tiers[band].ppm, a, sizeof(a)),
				 yuan(r->tiers[band].from_fen, b, sizeof(b)));
		else
			snprintf(buf, n, "bands");
		break;
	case RATE_MARGINAL:
		snprintf(buf, n, "marginal tiers");
		break;
	case RATE_BASE_PLUS:
		snprintf(buf, n, "%s + %s%% above %s", yuan(r->plus_amount_fen, a, sizeof(a)),
			 pct(r->plus_ppm, b, sizeof(b)), yuan(r->plus_above_fen, c, sizeof(c)));
		break;
	}
}

/* Apply one cap; returns the capped amount. */
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

static i128
cap_apply(struct run *R, const struct rule_ctx *x, const struct row *w, i128 amount,
	  int64_t cap_fen, int64_t prev, const char *per, bool *capped, bool trace)
{
	i128 room = (i128)(cap_fen > prev ? cap_fen - prev : 0) * MICRO;
	bool applies = amount > room;
	if (trace)
		step(R, "cap", x,
		     json_pack("{s:s, s:I, s:I, s:o, s:o, s:b}", "per", per, "cap_fen", (json_int_t)cap_fen,
			       "previous_fen", (json_int_t)prev, "before_fen", micro_json(amount),
			       "after_fen", micro_json(applies ? room : amount), "applied", applies));
	(void)w;
	if (applies) {
		*capped = true;
		return room;
	}
	return amount;
}

/* Work out one row: per-contract awards summed, or the unit's base at the
 * rate; then the caps; then rounding.  Contracts it cannot pay are
 * excluded with the reason. */
static void
eval_row(struct run *R, const struct rule_ctx *x, struct row *w)
{
	const struct pol_rule *r = x->r;
	bool trace = w->traced;
	i128 total = 0;
	int band = -1;
	bool capped = false, any = false;
	if (w->n == 0) /* only last year's contracts: nothing to pay */
		return;
	uint32_t off = (uint32_t)R->ncontrib;
	int64_t base_sum = 0;
	char buf[64];
	const char *binding = NULL;
	int64_t binding_fen = 0;
	if (r->per == UNIT_CONTRACT) {
		for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci]) {
			struct cand *c = &R->c[ci];
			bool tc = trace && (R->target_cand < 0 || c->id == R->target_cand || R->target_party > 0);
			struct money m = received(R, x, c);
			int64_t v[POL_NBASE];
			components(c, r->base, m, v);
			int64_t b = least(r->base, v);
			if (tc)
				step(R, "base", x, json_pack("{s:s, s:s, s:o, s:I}", "contract", c->reg_no, "per", "contract",
							     "components", components_json(r->base, v, true), "base_fen", (json_int_t)b));
			bool ok = threshold_ok(r, b);
			if (tc && (r->has_min || r->has_max))
				step(R, "threshold", x,
				     json_pack("{s:s, s:I, s:o, s:o, s:b, s:b, s:b}", "contract", c->reg_no, "base_fen", (json_int_t)b,
					       "min_fen", r->has_min ? json_integer(r->min_fen) : json_null(),
					       "max_fen", r->has_max ? json_integer(r->max_fen) : json_null(),
					       "min_inclusive", r->min_incl, "max_inclusive", r->max_incl, "ok", ok));
			if (!ok) {
				add_excl(R, ci, x->ri, X_THRESHOLD, b, 0);
				continue;
			}
			bool bc = false;
			i128 a = apply_rate(r, b, &band, &bc);
			if (a < 0) {
				add_excl(R, ci, x->ri, X_BAND, b, 0);
				continue;
			}
			if (tc)
				step(R, "rate", x, json_pack("{s:s, s:s, s:s, s:o}", "contract", c->reg_no, "kind",
							     tcreg__pol_rate_name(r->rate), "rate",
							     (rate_desc(r, band, buf, sizeof(buf)), buf), "amount_fen", micro_json(a)));
			if (bc) {
				binding = "band";
				binding_fen = r->tiers[band].cap_fen;
			}
			capped |= bc;
			int64_t before = c->paid_mask & (1u << x->ri) ? previous_contract(R, x, c) : 0;
			for (size_t i = 0; i < r->ncaps; i++) {
				bool c1 = false;
				if (r->caps[i].per == UNIT_CONTRACT)
					a = cap_apply(R, x, w, a, r->caps[i].amount_fen, before, "contract", &c1, tc);
				if (c1) {
					binding = "contract";
					binding_fen = r->caps[i].amount_fen;
				}
				capped |= c1;
			}
			total += a;
			/* the bases of a unit's contracts: saturated, never wrapped (the
			 * award is from each contract's own base; this sum is shown) */
			if (__builtin_add_overflow(base_sum, b, &base_sum))
				base_sum = INT64_MAX;
			any = true;
			add_contrib(R, ci);
		}
		if (!any)
			return;
	} else {
		int64_t sums[POL_NBASE] = { 0 };
		for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci]) {
			struct cand *c = &R->c[ci];
			struct money m = received(R, x, c);
			int64_t v[POL_NBASE];
			components(c, r->base, m, v);
			for (int i = 0; i < POL_NBASE; i++)
				if (__builtin_add_overflow(sums[i], v[i], &sums[i]))
					sums[i] = INT64_MAX;
			if (trace)
				step(R, "base", x, json_pack("{s:s, s:o}", "contract", c->reg_no, "components",
							     components_json(r->base, v, true)));
		}
		const struct award_fact *f = w->party ? tcreg__facts_find(&R->facts, w->party) : NULL;
		if (r->base & BASE_INVOICED) {
			if (!f || f->invoiced_fen < 0) {
				for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
					add_excl(R, ci, x->ri, X_NO_FACT, 0, 0);
				if (trace)
					step(R, "fact", x, json_pack("{s:s, s:b}", "fact", "invoiced", "given", 0));
				return;
			}
			sums[5] = f->invoiced_fen;
		}
		int64_t b = least(r->base, sums);
		if (trace)
			step(R, "base", x, json_pack("{s:s, s:o, s:I}", "per", tcreg__pol_unit_name(r->per), "components",
						     components_json(r->base, sums, false), "base_fen", (json_int_t)b));
		if (r->growth) {
			int64_t zero[POL_NBASE] = { 0 };
			int64_t before = least(r->base, w->prev ? R->prevs[w->prev - 1].sums : zero), now = b;
			b = now > before ? now - before : 0;
			if (trace)
				step(R, "growth", x, json_pack("{s:I, s:I, s:I}", "current_fen", (json_int_t)now,
							       "previous_fen", (json_int_t)before, "base_fen", (json_int_t)b));
			if (b == 0) {
				for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
					add_excl(R, ci, x->ri, X_NO_GROWTH, now, before);
				return;
			}
		}
		bool ok = threshold_ok(r, b);
		if (trace && (r->has_min || r->has_max))
			step(R, "threshold", x,
			     json_pack("{s:I, s:o, s:o, s:b, s:b, s:b}", "base_fen", (json_int_t)b,
				       "min_fen", r->has_min ? json_integer(r->min_fen) : json_null(),
				       "max_fen", r->has_max ? json_integer(r->max_fen) : json_null(),
				       "min_inclusive", r->min_incl, "max_inclusive", r->max_incl, "ok", ok));
		enum xcode why = X_NONE;
		i128 a = 0;
		if (!ok)
			why = X_THRESHOLD;
		else if ((a = apply_rate(r, b, &band, &capped)) < 0)
			why = X_BAND;
		else if (capped) {
			binding = "band";
			binding_fen = r->tiers[band].cap_fen;
		}
		if (why) {
			for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
				add_excl(R, ci, x->ri, why, b, 0);
			return;
		}
		if (trace)
			step(R, "rate", x, json_pack("{s:s, s:s, s:o}", "kind", tcreg__pol_rate_name(r->rate), "rate",
						     (rate_desc(r, band, buf, sizeof(buf)), buf), "amount_fen", micro_json(a)));
		total = a;
		base_sum = b;
		for (uint32_t ci = w->first, k = 0; k < w->n; k++, ci = R->next[ci])
			add_contrib(R, ci);
	}
	w->contrib_off = off;
	w->contrib_n = (uint32_t)(R->ncontrib - off);
	w->base_fen = base_sum;

	/* caps on the row: committed awards under the same cap count against it */
	i128 before_caps = total;
	if (x->level_row > 0) {
		w->prev_fen = previous(R, x, w);
		for (size_t i = 0; i < r->ncaps; i++) {
			const struct pol_cap *cp = &r->caps[i];
			if (pol_level(cp->per) != x->level_row)
				continue;
			int64_t amount = cp->amount_fen;
			if (cp->fact_vat_paid) {
				const struct award_fact *f = tcreg__facts_find(&R->facts, w->party);
				if (!f || f->vat_paid_fen < 0) {
					for (uint32_t k = 0; k < w->contrib_n; k++)
						add_excl(R, R->contrib[off + k], x->ri, X_NO_FACT, 1, 0);
					R->ncontrib = off;
					w->contrib_n = 0;
					if (trace)
						step(R, "fact", x, json_pack("{s:s, s:b}", "fact", "vat_paid", "given", 0));
					return;
				}
				amount = f->vat_paid_fen;
			}
			bool c2 = false;
			total = cap_apply(R, x, w, total, amount, w->prev_fen,
					  cp->fact_vat_paid ? "vat_paid" : tcreg__pol_unit_name(cp->per), &c2, trace);
			if (c2) {
				binding = cp->fact_vat_paid ? "vat_paid" : tcreg__pol_unit_name(cp->per);
				binding_fen = amount;
			}
			capped |= c2;
		}
	} else {
		for (size_t i = 0; i < r->ncaps; i++)
			if (r->caps[i].per == UNIT_CONTRACT && r->per != UNIT_CONTRACT)
				total = cap_apply(R, x, w, total, r->caps[i].amount_fen, 0, "contract", &capped, trace);
	}
	w->award_fen = round_award(R->p, total);
	w->capped = capped;
	if (trace)
		step(R, "rounding", x, json_pack("{s:s, s:s, s:o, s:I}", "to", tcreg__pol_round_name(R->p->round_fen),
						 "mode", R->p->round_mode == ROUND_DOWN ? "down" : R->p->round_mode == ROUND_UP ? "up" : "half_up",
						 "exact_fen", micro_json(total), "award_fen", (json_int_t)w->award_fen));
	if (w->award_fen == 0) {
		enum xcode why = before_caps > 0 && total == 0 ? X_CAP_USED : X_ROUNDED;
		for (uint32_t k = 0; k < w->contrib_n; k++)
			add_excl(R, R->contrib[off + k], x->ri, why, w->prev_fen, (int64_t)(before_caps / MICRO));
		R->ncontrib = off;
		w->contrib_n = 0;
		return;
	}
	for (uint32_t k = 0; k < w->contrib_n; k++) {
		R->c[R->contrib[off + k]].award_mask |= 1u << x->ri;
		served_paid(R, &R->c[R->contrib[off + k]], 1u << x->ri);
	}
	w->band = r->per == UNIT_CONTRACT && w->contrib_n > 1 ? -1 : band;
	w->binding = binding;
	w->binding_fen = binding_fen;
}

/* Why a row's award is what it is, in English (stable). */
static void
row_reason(const struct run *R, const struct row *w, char *out, size_t n)
{
	const struct pol_rule *r = &R->p->rules[w->rule];
	char bd[64], rd[64], cb[32];
	base_desc(r, bd, sizeof(bd));
	rate_desc(r, w->band, rd, sizeof(rd));
	size_t k = (size_t)snprintf(out, n, "%s of %s%s", rd, r->growth ? "growth of " : "", bd);
	if (k < n && w->contrib_n > 1 && r->per == UNIT_CONTRACT)
		k += (size_t)snprintf(out + k, n - k, ", %u contracts summed", w->contrib_n);
	if (k >= n)
		return;
	const char *binding = w->binding;
	if (binding && strcmp(binding, "vat_paid") == 0)
		snprintf(out + k, n - k, "; capped at the VAT paid, %s", yuan(w->binding_fen, cb, sizeof(cb)));
	else if (binding && strcmp(binding, "band") == 0)
		snprintf(out + k, n - k, "; capped at the band's %s", yuan(w->binding_fen, cb, sizeof(cb)));
	else if (binding)
		snprintf(out + k, n - k, "; capped at %s per %s%s", yuan(w->binding_fen, cb, sizeof(cb)), binding,
			 w->prev_fen ? " less earlier awards" : "");
	else if (w->capped)
		snprintf(out + k, n - k, "; capped");
}

static void excl_detail(const struct run *R, const struct excl *e, char *buf, size_t n);

/* Group the rule's eligible contracts into rows and work each out. */
static void
eval_rule(struct run *R, struct rule_ctx *x)
{
	const struct pol_rule *r = x->r;
	struct table t = { 0 };
	size_t first_row = R->nrows;
	/* A row of one contract is worked out at once and kept only when it
	 * pays: it waits for no other contract.  Explained, rows wait, so that
	 * the steps keep their order (every eligibility first). */
	bool at_once = x->level_row == 0 && !R->trace;
	if (!party_verdicts(R, x)) {
		R->st = TCREG_ERR_NOMEM;
		return;
	}
	for (size_t ci = 0; ci < R->nc && R->st == TCREG_OK; ci++) {
		struct cand *c = &R->c[ci];
		const struct party *ap = r->role == ROLE_AGENCY ? NULL : applicant(R, x, c);
		bool tc = traced(R, c, ap);
		/* growth: the year before is summed for comparison, never paid */
		bool previous = r->growth && !in_window(c->reg_date, x->reg_from, x->reg_to) &&
				in_window(c->reg_date, x->prev_reg_from, x->prev_reg_to);
		if (previous && (c->status != 'a' || check_kind(R, x, c) != X_NONE))
			continue;
		int64_t rec = 0;
		enum xcode why = previous ? X_NONE : check(R, x, c, &rec);
		/* a contract outside the rule's window is explained only when asked about */
		if (tc && !previous && !(why == X_REGISTERED && c->id != R->target_cand)) {
			char det[256] = "";
			struct excl e = { .cand = (uint32_t)ci, .rule = (uint16_t)x->ri, .code = (uint8_t)why, .a = rec };
			if (why)
				excl_detail(R, &e, det, sizeof(det));
			json_t *o = json_pack("{s:s, s:s?, s:b}", "contract", c->reg_no, "applicant",
					      ap ? ap->name : R->agency_name, "ok", why == X_NONE);
			if (why) {
				json_object_set_new(o, "code", json_string(xinfo[why].code));
				json_object_set_new(o, "detail", json_string(det));
			}
			step(R, "eligibility", x, o);
			if (r->base & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED) &&
			    (why == X_NONE || why == X_NO_PAYMENT || why == X_PAID))
				trace_payments(R, x, c, rec);
		}
		if (why) {
			add_excl(R, ci, x->ri, why, rec, 0);
			continue;
		}
		if (x->level_row == 0) { /* one row per contract: nothing to group */
			struct row *w = new_row(R);
			if (!w)
				break;
			w->rule = x->ri;
			w->party = ap ? ap->id : 0;
			w->cand = (int64_t)ci;
			w->first = w->last = (uint32_t)ci;
			w->n = 1;
			w->traced = tc;
			if (at_once) {
				eval_row(R, x, w);
				R->nrows -= w->contrib_n == 0;
			}
			continue;
		}
		int64_t k1;
		const char *k2 = NULL;
		if (x->level_row == 1) {
			k1 = R->parties[c->sp].id;
			k2 = cand_project(c) ? cand_project(c) : "";
		} else
			k1 = r->role == ROLE_AGENCY ? 0 : ap->id;
		bool fresh;
		struct slot *s = table_get(&t, k1, k2, &fresh);
		if (!s) {
			R->st = TCREG_ERR_NOMEM;
			break;
		}
		struct row *w;
		if (fresh) {
			if (!(w = new_row(R)))
				break;
			s->row = R->nrows - 1;
			w->rule = x->ri;
			w->party = x->level_row == 1 ? R->parties[c->sp].id : x->level_row == 2 ? k1 : ap ? ap->id : 0;
			w->project = k2;
			w->cand = (int64_t)ci;
		} else {
			w = &R->rows[s->row];
		}
		w->traced |= tc;
		if (previous) {
			if (!w->prev) {
				if (!ROOM_FOR_ONE(R->prevs, R->capprevs, R->nprevs, 64)) {
					R->st = TCREG_ERR_NOMEM;
					break;
				}
				memset(&R->prevs[R->nprevs], 0, sizeof(R->prevs[0]));
				w->prev = (uint32_t)++R->nprevs;
			}
			int64_t *ps = R->prevs[w->prev - 1].sums, v[POL_NBASE];
			/* the year before is compared whole: all its money, counted or not */
			struct money pm = tcreg__aw_money(R, x->ri, c, x->prev_pay_from, x->prev_pay_to);
			components(c, r->base, (struct money){ pm.gross_net, pm.gross_tech, 0, 0 }, v);
			for (int i = 0; i < POL_NBASE; i++)
				if (__builtin_add_overflow(ps[i], v[i], &ps[i]))
					ps[i] = INT64_MAX;
			if (tc)
				step(R, "previous", x, json_pack("{s:s, s:s, s:o}", "contract", c->reg_no, "reg_date",
								 c->reg_date, "components", components_json(r->base, v, true)));
			continue;
		}
		if (w->n == 0)
			w->first = w->last = (uint32_t)ci;
		else {
			R->next[w->last] = (uint32_t)ci;
			w->last = (uint32_t)ci;
		}
		w->n++;
	}
	free(t.s);
	for (size_t i = first_row; i < R->nrows && R->st == TCREG_OK && !at_once; i++)
		eval_row(R, x, &R->rows[i]);
	free(x->party_ok);
	x->party_ok = NULL;
}

/* ---- output ---- */

/* bytes a JSON string cannot hold as they are */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* s as a JSON string, written in place: room for the worst case first */
static void
jstr(struct tcreg__buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	if (!tcreg__buf_reserve(b, n * 6 + 2))
		return;
	char *o = b->data + b->len;
	*o++ = '"';
	for (; *p; p++) {
		if (!json_special[*p]) {
			*o++ = (char)*p;
		} else if (*p < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[*p >> 4];
			o[5] = hex[*p & 15];
			o += 6;
		} else {
			*o++ = '\\';
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

/* a literal, without measuring it at run time */
#define PUT(b, lit) tcreg__buf_append((b), (lit), sizeof(lit) - 1)

static void
put_i64(struct tcreg__buf *b, int64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *q = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	tcreg__buf_append(b, q, (size_t)(e - q));
}

/* s into buf (room for n), cut to fit, as snprintf's "%s" has it: an
 * exclusion's words are mostly copied, and there are a million of them */
static void
put_str(char *buf, size_t n, const char *s)
{
	if (!s)
		s = "(null)";
	size_t k = strlen(s);
	if (k >= n)
		k = n - 1;
	memcpy(buf, s, k);
	buf[k] = '\0';
}

/* The words of a category in an exclusion: its subcategory, else its name. */
static const char *
category_detail(const struct run *R, const char *cat)
{
	const char *sub = tcreg_codes_extra(R->codes, TCREG_TABLE_CATEGORY, cat);
	return sub ? sub : tcreg_codes_name(R->codes, TCREG_TABLE_CATEGORY, cat);
}

static void
excl_detail(const struct run *R, const struct excl *e, char *buf, size_t n)
{
	const struct cand *c = &R->c[e->cand];
	const struct pol_rule *r = &R->p->rules[e->rule];
	struct rule_ctx x = { .r = r };
	const struct party *ap = r->role == ROLE_AGENCY ? NULL : applicant(R, &x, c);
	const struct party *cp = r->role == ROLE_AGENCY ? NULL : counterparty(R, &x, c);
	char a[32], b[32], lo[11], hi[11];
	buf[0] = '\0';
	switch ((enum xcode)e->code) {
	case X_STATUS:
		put_str(buf, n, c->status == 'c' ? "cancelled" : "revoked");
		break;
	case X_REGISTERED:
		tcreg__pol_date(&r->registered.from, R->year, lo);
		tcreg__pol_date(&r->registered.to, R->year, hi);
		snprintf(buf, n, "%s; %s..%s", c->reg_date, lo, hi);
		break;
	case X_CATEGORY: {
		const char *k = c->category;
		bool two = k[0] >= '0' && k[0] <= '9' && k[1] >= '0' && k[1] <= '9' && !k[2];
		put_str(buf, n, two ? R->cat_detail[(k[0] - '0') * 10 + k[1] - '0'] : category_detail(R, k));
		break;
	}
	case X_RELATED:
		put_str(buf, n, "related_party");
		break;
	case X_NATURE:
	case X_PERSON:
		put_str(buf, n, ap->nature_name);
		break;
	case X_REGION:
		put_str(buf, n, ap->region);
		break;
	case X_COUNTER_NATURE:
		put_str(buf, n, cp->nature_name);
		break;
	case X_COUNTER_REGION:
		put_str(buf, n, cp->region);
		break;
	case X_PAID:
		snprintf(buf, n, "%lld", (long long)run_that_paid(R, e->cand));
		break;
	case X_NO_SERVED:
		snprintf(buf, n, "%s", "served_contract");
		break;
	case X_EXTERNAL:
		snprintf(buf, n, "%s", c->reg_no ? c->reg_no : "");
		break;
	case X_OTHER_SIDE:
	case X_DEAL_TAKEN:
		for (size_t i = 0; i < R->p->nrules; i++)
			if (((e->code == X_OTHER_SIDE ? c->award_mask | c->paid_mask : c->served_mask) >> i) & 1 &&
			    i != e->rule) {
				snprintf(buf, n, "%s", R->p->rules[i].name);
				break;
			}
		break;
	case X_NO_PAYMENT:
		tcreg__pol_date(&r->payments.from, R->year, lo);
		tcreg__pol_date(&r->payments.to, R->year, hi);
		snprintf(buf, n, "%s..%s", lo, hi);
		break;
	case X_THRESHOLD: {
		size_t k = (size_t)snprintf(buf, n, "%s", yuan(e->a, a, sizeof(a)));
		if (r->has_min && !(r->min_incl ? e->a >= r->min_fen : e->a > r->min_fen))
			snprintf(buf + k, n - k, " %s %s", r->min_incl ? "<" : "<=", yuan(r->min_fen, b, sizeof(b)));
		else if (r->has_max)
			snprintf(buf + k, n - k, " %s %s", r->max_incl ? ">" : ">=", yuan(r->max_fen, b, sizeof(b)));
		break;
	}
	case X_BAND:
		snprintf(buf, n, "%s", yuan(e->a, a, sizeof(a)));
		break;
	case X_NO_FACT:
		snprintf(buf, n, "%s", e->a ? "vat_paid" : "invoiced");
		break;
	case X_CAP_USED:
		snprintf(buf, n, "%s", yuan(e->a, a, sizeof(a)));
		break;
	case X_ROUNDED:
		snprintf(buf, n, "%s", yuan(e->b, a, sizeof(a)));
		break;
	case X_NO_GROWTH:
		snprintf(buf, n, "%s <= %s", yuan(e->a, a, sizeof(a)), yuan(e->b, b, sizeof(b)));
		break;
	default:
		break;
	}
}

const char *
tcreg__aw_party_name(const struct run *R, int64_t id)
{
	if (!id)
		return R->agency_name;
	const struct party *p = tcreg__aw_party_by_id(R, id);
	return p ? p->name : "?";
}

static const char *
party_uscc(const struct run *R, int64_t id)
{
	const struct party *p = id ? tcreg__aw_party_by_id(R, id) : NULL;
	return p ? p->uscc : NULL;
}

/* The unit an award is made per: the widest of the base and the caps. */
const char *
tcreg__aw_row_unit(const struct pol_rule *r)
{
	enum pol_unit u = r->per;
	for (size_t j = 0; j < r->ncaps; j++)
		if (pol_level(r->caps[j].per) > pol_level(u))
			u = r->caps[j].per;
	return tcreg__pol_unit_name(u);
}

/* The beginning of the result: everything but the lists; open = leave the
 * object open for them. */
static void
write_head(struct tcreg__buf *b, const struct run *R, int64_t run_id, int64_t total, bool open)
{
	const struct tcreg_policy *p = R->p;
	PUT(b, "{\"policy\":");
	jstr(b, p->name);
	PUT(b, ",\"title\":");
	jstr(b, p->title);
	PUT(b, ",\"source\":");
	jstr(b, p->source);
	PUT(b, ",\"policy_sha256\":");
	jstr(b, p->sha256);
	tcreg__buf_printf(b, ",\"year\":%d,\"committed\":%s,\"run_id\":", R->year, run_id ? "true" : "false");
	if (run_id)
		tcreg__buf_printf(b, "%lld", (long long)run_id);
	else
		PUT(b, "null");
	tcreg__buf_printf(b, ",\"total_award_fen\":%lld,\"rules\":[", (long long)total);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];
		tcreg__buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		jstr(b, r->name);
		PUT(b, ",\"applicant\":");
		jstr(b, tcreg__pol_role_name(r->role));
		PUT(b, ",\"checks\":[");
		for (size_t j = 0; j < r->nchecks; j++) {
			if (j)
				PUT(b, ",");
			jstr(b, r->checks[j]);
		}
		PUT(b, "]}");
	}
	PUT(b, "]");
	if (R->trace) {
		char *t = json_dumps(R->trace, JSON_COMPACT | JSON_PRESERVE_ORDER);
		PUT(b, ",\"explain\":");
		tcreg__buf_puts(b, t ? t : "[]");
		free(t);
	}
	if (!open)
		PUT(b, "}");
}

/* Returns where the award's "basis" key starts in b, for the short JSON
 * of tcreg_award_info.basis_json. */
static size_t
write_award(struct tcreg__buf *b, const struct run *R, const struct row *w)
{
	const struct pol_rule *r = &R->p->rules[w->rule];
	PUT(b, "{\"rule\":");
	jstr(b, r->name);
	PUT(b, ",\"applicant\":");
	jstr(b, tcreg__aw_party_name(R, w->party));
	PUT(b, ",\"uscc\":");
	const char *u = party_uscc(R, w->party);
	if (u)
		jstr(b, u);
	else
		PUT(b, "null");
	PUT(b, ",\"role\":");
	jstr(b, tcreg__pol_role_name(r->role));
	PUT(b, ",\"unit\":");
	jstr(b, tcreg__aw_row_unit(r));
	if (w->project) {
		PUT(b, ",\"project\":");
		jstr(b, w->project);
	}
	PUT(b, ",\"contracts\":[");
	for (uint32_t k = 0; k < w->contrib_n; k++) {
		if (k)
			PUT(b, ",");
		jstr(b, R->c[R->contrib[w->contrib_off + k]].reg_no);
	}
	PUT(b, "],\"base_fen\":");
	put_i64(b, w->base_fen);
	PUT(b, ",\"award_fen\":");
	put_i64(b, w->award_fen);
	PUT(b, ",\"previous_fen\":");
	put_i64(b, w->prev_fen);
	if (w->capped)
		PUT(b, ",\"capped\":true,\"reason\":");
	else
		PUT(b, ",\"capped\":false,\"reason\":");
	char reason[256];
	row_reason(R, w, reason, sizeof(reason));
	jstr(b, reason);
	/* the reason's parts, for people reading another language */
	PUT(b, ",");
	size_t basis_at = b->len;
	PUT(b, "\"basis\":{\"base\":[");
	for (int j = 0, n = 0; j < POL_NBASE; j++)
		if (r->base & (1u << j)) {
			tcreg__buf_puts(b, n++ ? "," : "");
			jstr(b, tcreg__pol_base_name(1u << j));
		}
	PUT(b, "],\"growth\":");
	if (r->growth)
		PUT(b, "true");
	else
		PUT(b, "false");
	PUT(b, ",\"rate\":");
	jstr(b, tcreg__pol_rate_name(r->rate));
	char pb[32];
	if (r->rate == RATE_FLAT || (r->rate == RATE_BAND && w->band >= 0)) {
		const struct pol_tier *t = &r->tiers[r->rate == RATE_FLAT ? 0 : w->band];
		PUT(b, ",\"pct\":");
		jstr(b, pct(t->ppm, pb, sizeof(pb)));
		if (r->rate == RATE_BAND)
			tcreg__buf_printf(b, ",\"band_from_fen\":%lld", (long long)t->from_fen);
	} else if (r->rate == RATE_BASE_PLUS) {
		tcreg__buf_printf(b, ",\"amount_fen\":%lld,\"above_fen\":%lld,\"pct\":",
				  (long long)r->plus_amount_fen, (long long)r->plus_above_fen);
		jstr(b, pct(r->plus_ppm, pb, sizeof(pb)));
	}
	tcreg__buf_printf(b, ",\"contracts_summed\":%u,\"cap\":",
			  r->per == UNIT_CONTRACT && w->contrib_n > 1 ? w->contrib_n : 0);
	if (w->binding) {
		PUT(b, "{\"per\":");
		jstr(b, w->binding);
		tcreg__buf_printf(b, ",\"cap_fen\":%lld}", (long long)w->binding_fen);
	} else {
		PUT(b, "null");
	}
	PUT(b, "},\"allocation\":[");
	for (size_t j = 0; j < r->nallocs; j++) {
		const struct pol_alloc *a = &r->allocs[j];
		tcreg__buf_puts(b, j ? ",{\"to\":" : "{\"to\":");
		jstr(b, a->to);
		if (a->min_ppm >= 0) /* at least: rounded up to the fen */
			tcreg__buf_printf(b, ",\"min_fen\":%lld",
					  (long long)(((i128)w->award_fen * a->min_ppm + MICRO - 1) / MICRO));
		if (a->max_ppm >= 0) /* at most: rounded down */
			tcreg__buf_printf(b, ",\"max_fen\":%lld", (long long)((i128)w->award_fen * a->max_ppm / MICRO));
		PUT(b, "}");
	}
	PUT(b, "]}");
	return basis_at;
}

/* The English reason of an exclusion: its msgid with the detail. */
static void
excl_reason(const struct excl *e, const char *det, char *msg, size_t n)
{
	const char *m = xinfo[e->code].msgid, *pc = strstr(m, "%s");
	size_t a = pc ? (size_t)(pc - m) : strlen(m), d = pc ? strlen(det) : 0,
	       z = pc ? strlen(pc + 2) : 0;
	if (a + d + z >= n) { /* cannot happen with these messages; stay safe */
		snprintf(msg, n, "%s", m);
		return;
	}
	memcpy(msg, m, a);
	memcpy(msg + a, det, d);
	memcpy(msg + a + d, pc ? pc + 2 : "", z + 1);
}

/* The tails of exclusions' JSON (all after the contract) already written:
 * nearly every one repeats one of a few words per rule and reason. */
#define TAIL_SLOTS 1024
struct tail_slot {
	char *det, *tail;
	size_t len;
	uint16_t rule;
	uint8_t code;
};

static void
tails_free(struct tail_slot *t)
{
	for (size_t i = 0; t && i < TAIL_SLOTS; i++) {
		free(t[i].det);
		free(t[i].tail);
	}
	free(t);
}

static void
write_excl(struct tcreg__buf *b, const struct run *R, const struct excl *e, struct tail_slot *tails)
{
	char det[256], msg[512];
	PUT(b, "{\"contract\":");
	jstr(b, R->c[e->cand].reg_no);
	excl_detail(R, e, det, sizeof(det));
	/* the figures, dates and numbers vary from one contract to the next */
	bool keep = tails && !e->a && !e->b && e->code != X_REGISTERED && e->code != X_EXTERNAL;
	struct tail_slot *t = NULL;
	if (keep) {
		t = &tails[(tcreg__hash(det) ^ (e->rule * 31u + e->code) * 0x9E3779B9u) & (TAIL_SLOTS - 1)];
		if (t->det && t->rule == e->rule && t->code == e->code && strcmp(t->det, det) == 0) {
			tcreg__buf_append(b, t->tail, t->len);
			return;
		}
	}
	size_t from = b->len;
	excl_reason(e, det, msg, sizeof(msg));
	PUT(b, ",\"rule\":");
	jstr(b, R->p->rules[e->rule].name);
	PUT(b, ",\"code\":");
	jstr(b, xinfo[e->code].code);
	PUT(b, ",\"detail\":");
	jstr(b, det);
	PUT(b, ",\"reason\":");
	jstr(b, msg);
	PUT(b, "}");
	if (!t || b->failed)
		return;
	char *d = tcreg__strdup(det), *tail = malloc(b->len - from);
	if (!d || !tail) { /* not kept: written again next time */
		free(d);
		free(tail);
		return;
	}
	memcpy(tail, b->data + from, b->len - from);
	free(t->det);
	free(t->tail);
	*t = (struct tail_slot){ d, tail, b->len - from, e->rule, e->code };
}

/* Which exclusions are listed: why a contract of the year, or one with
 * money in the rule's payment window, gets nothing.  Not listed: a contract
 * another applicant's rule pays (the agency's award covers every contract
 * and does not count), one outside the rule's registration window, and an
 * older one with no money this year.  Listed by contract, then rule: the
 * order of R->xcode, where each listed one is marked. */
static bool
list_exclusions(struct run *R, size_t *n)
{
	size_t nr = R->p->nrules;
	*n = 0;
	if (R->nxfig > 1) /* none: no array at all */
		qsort(R->xfig, R->nxfig, sizeof(*R->xfig), cmp_fig);
	uint32_t agency_rules = 0;
	for (size_t i = 0; i < nr; i++)
		if (R->p->rules[i].role == ROLE_AGENCY)
			agency_rules |= 1u << i;
	char year_from[11], year_to[11];
	snprintf(year_from, sizeof(year_from), "%04d-01-01", R->year);
	snprintf(year_to, sizeof(year_to), "%04d-12-31", R->year);
	/* each rule's context once: there are as many exclusions as contracts */
	struct rule_ctx *ctx = calloc(nr + 1, sizeof(*ctx));
	if (!ctx)
		return false;
	for (size_t i = 0; i < nr; i++)
		init_ctx(R, i, &ctx[i]);
	for (size_t ci = 0; ci < R->nc; ci++) {
		const struct cand *c = &R->c[ci];
		if (c->award_mask & ~agency_rules)
			continue;
		bool year = strcmp(c->reg_date, year_from) >= 0 && strcmp(c->reg_date, year_to) <= 0;
		for (size_t ri = 0; ri < nr; ri++) {
			uint8_t *code = &R->xcode[ci * nr + ri];
			if (*code == X_NONE || *code == X_REGISTERED)
				continue;
			const struct rule_ctx *x = &ctx[ri];
			if (!year && (!x->r->payments.given || received(R, x, c).gross_net == 0))
				continue;
			*code |= XCODE_LISTED;
			(*n)++;
		}
	}
	free(ctx);
	return true;
}

struct tcreg_award_result {
	struct run R;
	int64_t run_id, total;
	uint32_t *awards; /* rows that pay */
	size_t nawards;
	size_t nexcluded; /* listed exclusions */
	size_t xcur, xcur_at; /* the last one asked for, and its place in R.xcode */
	struct tcreg__buf scratch, basis;
	const char **contracts; /* scratch for tcreg_award_info.contracts */
	size_t ncontracts_cap;
	char det[256], msg[512], reason[256];
};

char *
tcreg_award_result_head(const tcreg_award_result *res)
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	write_head(&b, &res->R, res->run_id, res->total, false);
	char *s = tcreg__buf_steal(&b);
	tcreg__buf_release(&b);
	return s;
}

tcreg_status
tcreg_award_result_write_json(const tcreg_award_result *res,
			      int (*write)(void *ud, const char *data, size_t n), void *ud)
{
	if (!res || !write)
		return TCREG_ERR_USAGE;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_reserve(&b, 1u << 17);
	bool ok = true;
	/* handed on in pieces of 64 KiB */
#define FLUSH(force)                                                          \
	do {                                                                  \
		if (ok && !b.failed && ((force) || b.len >= 65536)) {          \
			ok = write(ud, b.data ? b.data : "", b.len) == 0;      \
			tcreg__buf_reset(&b);                                  \
		}                                                             \
	} while (0)
	write_head(&b, &res->R, res->run_id, res->total, true);
	tcreg__buf_puts(&b, ",\"awards\":[");
	for (size_t i = 0; ok && i < res->nawards; i++) {
		if (i)
			tcreg__buf_puts(&b, ",");
		write_award(&b, &res->R, &res->R.rows[res->awards[i]]);
		FLUSH(false);
	}
	tcreg__buf_puts(&b, "],\"excluded\":[");
	const struct run *R = &res->R;
	struct tail_slot *tails = calloc(TAIL_SLOTS, sizeof(*tails)); /* none: each written whole */
	for (size_t at = 0, k = 0, n = R->nc * R->p->nrules; ok && k < res->nexcluded && at < n; at++) {
		if (!(R->xcode[at] & XCODE_LISTED))
			continue;
		if (k++)
			tcreg__buf_puts(&b, ",");
		struct excl e = excl_at(R, at);
		write_excl(&b, R, &e, tails);
		FLUSH(false);
	}
	tails_free(tails);
	tcreg__buf_puts(&b, "]}");
	FLUSH(true);
#undef FLUSH
	tcreg_status st = b.failed ? TCREG_ERR_NOMEM : ok ? TCREG_OK : TCREG_ERR_IO;
	tcreg__buf_release(&b);
	return st;
}

static int
to_buf(void *ud, const char *data, size_t n)
{
	return tcreg__buf_append(ud, data, n) ? 0 : -1;
}

char *
tcreg_award_result_json(const tcreg_award_result *res)
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	if (tcreg_award_result_write_json(res, to_buf, &b) != TCREG_OK) {
		tcreg__buf_release(&b);
		return NULL;
	}
	char *s = tcreg__buf_steal(&b);
	tcreg__buf_release(&b);
	return s;
}

size_t
tcreg_award_result_count(const tcreg_award_result *res)
{
	return res ? res->nawards : 0;
}

static tcreg_status result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, bool words);

/* The award without its reason and JSON, which cost more than the rest
 * together: for callers that only add the money up (the comparison). */
tcreg_status
tcreg__award_result_get_lean(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, false);
}

/* The registry ids of the contracts of award i, into ids (room for n);
 * returns how many there are. */
size_t
tcreg__award_result_contract_ids(const tcreg_award_result *res, size_t i, int64_t *ids, size_t n)
{
	if (!res || i >= res->nawards)
		return 0;
	const struct run *R = &res->R;
	const struct row *w = &R->rows[res->awards[i]];
	for (uint32_t k = 0; k < w->contrib_n && k < n; k++)
		ids[k] = R->c[R->contrib[w->contrib_off + k]].id;
	return w->contrib_n;
}

tcreg_status
tcreg_award_result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, true);
}

static tcreg_status
result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, bool words)
{
	if (!res || !out || i >= res->nawards)
		return TCREG_ERR_USAGE;
	const struct run *R = &res->R;
	const struct row *w = &R->rows[res->awards[i]];
	const struct pol_rule *r = &R->p->rules[w->rule];
	if (w->contrib_n + 1 > res->ncontracts_cap) {
		const char **nc = realloc(res->contracts, (w->contrib_n + 1) * sizeof(*nc));
		if (!nc)
			return TCREG_ERR_NOMEM;
		res->contracts = nc;
		res->ncontracts_cap = w->contrib_n + 1;
	}
	for (uint32_t k = 0; k < w->contrib_n; k++)
		res->contracts[k] = R->c[R->contrib[w->contrib_off + k]].reg_no;
	res->contracts[w->contrib_n] = NULL;
	if (words) {
		row_reason(R, w, res->reason, sizeof(res->reason));
		tcreg__buf_reset(&res->scratch);
		size_t basis_at = write_award(&res->scratch, R, w);
		/* the basis and allocation alone: "{" + the award's tail */
		tcreg__buf_reset(&res->basis);
		tcreg__buf_puts(&res->basis, "{");
		if (!res->scratch.failed)
			tcreg__buf_puts(&res->basis, res->scratch.data + basis_at);
		if (res->scratch.failed || res->basis.failed)
			return TCREG_ERR_NOMEM;
	}
	const struct party *ap = w->party ? tcreg__aw_party_by_id(R, w->party) : NULL;
	const char *category = w->contrib_n ? R->c[R->contrib[w->contrib_off]].category : NULL;
	for (uint32_t k = 1; category && k < w->contrib_n; k++)
		if (strcmp(R->c[R->contrib[w->contrib_off + k]].category, category) != 0)
			category = NULL;
	*out = (struct tcreg_award_info){
		.party_id = w->party, .region = ap ? ap->region : NULL, .nature = ap ? ap->nature : NULL,
		.category = category, .first_reg_no = w->contrib_n ? res->contracts[0] : NULL,
		.rule = r->name, .applicant = tcreg__aw_party_name(R, w->party), .uscc = party_uscc(R, w->party),
		.role = tcreg__pol_role_name(r->role), .unit = tcreg__aw_row_unit(r), .project = w->project,
		.ncontracts = w->contrib_n, .contracts = res->contracts, .base_fen = w->base_fen,
		.award_fen = w->award_fen, .previous_fen = w->prev_fen, .capped = w->capped,
		.reason = words ? res->reason : NULL, .json = words ? res->scratch.data : NULL,
		.basis_json = words ? res->basis.data : NULL,
	};
	return TCREG_OK;
}

size_t
tcreg_award_result_excluded(const tcreg_award_result *res)
{
	return res ? res->nexcluded : 0;
}

tcreg_status
tcreg_award_result_excluded_get(tcreg_award_result *res, size_t i, struct tcreg_award_exclusion *out)
{
	if (!res || !out || i >= res->nexcluded)
		return TCREG_ERR_USAGE;
	const struct run *R = &res->R;
	/* asked for in order, nearly always: walk on from the last one */
	if (i < res->xcur || !res->xcur_at) {
		res->xcur = 0;
		res->xcur_at = 0;
		while (!(R->xcode[res->xcur_at] & XCODE_LISTED))
			res->xcur_at++;
	}
	while (res->xcur < i) {
		do
			res->xcur_at++;
		while (!(R->xcode[res->xcur_at] & XCODE_LISTED));
		res->xcur++;
	}
	struct excl e = excl_at(R, res->xcur_at);
	excl_detail(R, &e, res->det, sizeof(res->det));
	excl_reason(&e, res->det, res->msg, sizeof(res->msg));
	*out = (struct tcreg_award_exclusion){
		.contract = R->c[e.cand].reg_no, .rule = R->p->rules[e.rule].name,
		.code = xinfo[e.code].code, .detail = res->det, .reason = res->msg,
	};
	return TCREG_OK;
}

/* ---- the run ---- */

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
		free(R->cand_at);
	}
	if (!R->base || !base_take_back(R->base, R->c, R->pays)) {
		free(R->c);
		free(R->pays);
	}
	free(R->counted);
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
				      p->in_force_to[0] ? p->in_force_to : "now");
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
		R->cat_detail[i] = category_detail(R, k);
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
	if (!index_served(R))
		return TCREG_ERR_NOMEM;
	if ((s = tcreg__aw_attach_counted(R)) != TCREG_OK || (s = load_committed(R)) != TCREG_OK)
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
		init_ctx(R, order[k], &x);
		eval_rule(R, &x);
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
	if (!res->awards || !list_exclusions(R, &res->nexcluded))
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
		R->cand_at = b->R.cand_at;
		R->min_cand = b->R.min_cand;
		R->max_cand = b->R.max_cand;
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
