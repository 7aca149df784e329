/* SPDX-License-Identifier: MIT
 * exclusions.c - why a rule pays a contract nothing: the codes and their
 * English messages, an exclusion's figures (kept apart, for the few codes
 * that have any), its detail and reason in words, and which exclusions the
 * result lists.
 */
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
tcreg__aw_xcode_name(enum xcode code)
{
	return xinfo[code].code;
}

const char *
tcreg_award_reason(const char *code)
{
	for (int i = 1; code && i < X__N; i++)
		if (strcmp(tcreg__aw_xcode_name(i), code) == 0)
			return xinfo[i].msgid;
	return NULL;
}

bool
tcreg__aw_exclude(struct run *R, size_t cand, size_t rule, enum xcode code, union excl_figs figs)
{
	size_t at = cand * R->p->nrules + rule;
	if (figs.raw[0] || figs.raw[1]) {
		if (!ROOM_FOR_ONE(R->xfig, R->capxfig, R->nxfig, 256)) {
			R->st = TCREG_ERR_NOMEM;
			return false;
		}
		R->xfig[R->nxfig++] = (struct excl_fig){ at, figs };
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

struct excl
tcreg__aw_excl_at(const struct run *R, size_t at)
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
	if (lo < R->nxfig && R->xfig[lo].at == at)
		e.figs = R->xfig[lo].figs;
	return e;
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

const char *
tcreg__aw_category_detail(const struct run *R, const char *cat)
{
	const char *sub = tcreg_codes_extra(R->codes, TCREG_TABLE_CATEGORY, cat);
	return sub ? sub : tcreg_codes_name(R->codes, TCREG_TABLE_CATEGORY, cat);
}

/* The detail of the codes that keep figures; false for the others. */
static bool
figs_detail(const struct pol_rule *r, const struct excl *e, char *buf, size_t n)
{
	const union excl_figs *f = &e->figs;
	char a[32], b[32];
	switch ((enum xcode)e->code) {
	case X_THRESHOLD: {
		size_t k = (size_t)snprintf(buf, n, "%s", tcreg_amount_format(f->base.fen, a, sizeof(a)));
		if (r->has_min && !(r->min_incl ? f->base.fen >= r->min_fen : f->base.fen > r->min_fen))
			snprintf(buf + k, n - k, " %s %s", r->min_incl ? "<" : "<=",
				 tcreg_amount_format(r->min_fen, b, sizeof(b)));
		else if (r->has_max)
			snprintf(buf + k, n - k, " %s %s", r->max_incl ? ">" : ">=",
				 tcreg_amount_format(r->max_fen, b, sizeof(b)));
		return true;
	}
	case X_BAND:
		snprintf(buf, n, "%s", tcreg_amount_format(f->base.fen, a, sizeof(a)));
		return true;
	case X_NO_FACT:
		snprintf(buf, n, "%s", f->fact.vat_paid ? "vat_paid" : "invoiced");
		return true;
	case X_CAP_USED:
		snprintf(buf, n, "%s", tcreg_amount_format(f->cap.previous_fen, a, sizeof(a)));
		return true;
	case X_ROUNDED:
		snprintf(buf, n, "%s", tcreg_amount_format(f->cap.before_fen, a, sizeof(a)));
		return true;
	case X_NO_GROWTH:
		snprintf(buf, n, "%s <= %s", tcreg_amount_format(f->growth.current_fen, a, sizeof(a)),
			 tcreg_amount_format(f->growth.previous_fen, b, sizeof(b)));
		return true;
	default:
		return false;
	}
}

/* The detail of the codes about a party: its nature or region; false for
 * the others. */
static bool
party_detail(const struct run *R, const struct excl *e, char *buf, size_t n)
{
	const struct cand *c = &R->c[e->cand];
	struct rule_ctx x = { .r = &R->p->rules[e->rule] };
	switch ((enum xcode)e->code) {
	case X_NATURE:
	case X_PERSON:
		put_str(buf, n, tcreg__aw_applicant(R, &x, c)->nature_name);
		return true;
	case X_REGION:
		put_str(buf, n, tcreg__aw_applicant(R, &x, c)->region);
		return true;
	case X_COUNTER_NATURE:
		put_str(buf, n, tcreg__aw_counterparty(R, &x, c)->nature_name);
		return true;
	case X_COUNTER_REGION:
		put_str(buf, n, tcreg__aw_counterparty(R, &x, c)->region);
		return true;
	default:
		return false;
	}
}

/* The rule that took the contract (X_OTHER_SIDE) or its deal (X_DEAL_TAKEN). */
static const char *
taken_by(const struct run *R, const struct excl *e)
{
	const struct cand *c = &R->c[e->cand];
	uint32_t mask = e->code == X_OTHER_SIDE ? c->award_mask | c->paid_mask : c->served_mask;
	for (size_t i = 0; i < R->p->nrules; i++)
		if ((mask >> i) & 1 && i != e->rule)
			return R->p->rules[i].name;
	return NULL;
}

void
tcreg__aw_excl_detail(const struct run *R, const struct excl *e, char *buf, size_t n)
{
	const struct cand *c = &R->c[e->cand];
	const struct pol_rule *r = &R->p->rules[e->rule];
	char lo[11], hi[11];
	buf[0] = '\0';
	if (figs_detail(r, e, buf, n) || party_detail(R, e, buf, n))
		return;
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
		put_str(buf, n, two ? R->cat_detail[(k[0] - '0') * 10 + k[1] - '0'] : tcreg__aw_category_detail(R, k));
		break;
	}
	case X_RELATED:
		put_str(buf, n, "related_party");
		break;
	case X_PAID:
		snprintf(buf, n, "%lld", (long long)tcreg__aw_run_that_paid(R, e->cand));
		break;
	case X_NO_SERVED:
		snprintf(buf, n, "%s", "served_contract");
		break;
	case X_EXTERNAL:
		snprintf(buf, n, "%s", c->reg_no ? c->reg_no : "");
		break;
	case X_OTHER_SIDE:
	case X_DEAL_TAKEN:
		if (taken_by(R, e))
			snprintf(buf, n, "%s", taken_by(R, e));
		break;
	case X_NO_PAYMENT:
		tcreg__pol_date(&r->payments.from, R->year, lo);
		tcreg__pol_date(&r->payments.to, R->year, hi);
		snprintf(buf, n, "%s..%s", lo, hi);
		break;
	default:
		break;
	}
}

void
tcreg__aw_excl_reason(const struct excl *e, const char *det, char *msg, size_t n)
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

/* Which exclusions are listed: why a contract of the year, or one with
 * money in the rule's payment window, gets nothing.  Not listed: a contract
 * another applicant's rule pays (the agency's award covers every contract
 * and does not count), one outside the rule's registration window, and an
 * older one with no money this year.  Listed by contract, then rule: the
 * order of R->xcode, where each listed one is marked. */
bool
tcreg__aw_list_exclusions(struct run *R, size_t *n)
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
		tcreg__aw_init_ctx(R, i, &ctx[i]);
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
			if (!year && (!x->r->payments.given || tcreg__aw_received(R, x, c).gross_net == 0))
				continue;
			*code |= XCODE_LISTED;
			(*n)++;
		}
	}
	free(ctx);
	return true;
}
