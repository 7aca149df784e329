/* SPDX-License-Identifier: MIT
 * eligibility.c - whether a rule may pay a contract at all: its status,
 * registration window, category, parties, what was paid before, and the
 * money in its payment window.  Verdicts on parties and categories are
 * worked out once per rule, as there are far fewer of them than contracts.
 */
#include "award-run.h"

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

void
tcreg__aw_init_ctx(const struct run *R, size_t ri, struct rule_ctx *x)
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

struct money
tcreg__aw_received(const struct run *R, const struct rule_ctx *x, const struct cand *c)
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

const struct party *
tcreg__aw_applicant(const struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	return x->r->role == ROLE_BUYER ? &R->parties[c->bp] : &R->parties[c->sp];
}

const struct party *
tcreg__aw_counterparty(const struct run *R, const struct rule_ctx *x, const struct cand *c)
{
	return x->r->role == ROLE_BUYER ? &R->parties[c->sp] : &R->parties[c->bp];
}

/* Work out the rule's verdict on every party once (there are far fewer
 * parties than contracts). */
bool
tcreg__aw_party_verdicts(const struct run *R, struct rule_ctx *x)
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

bool
tcreg__aw_in_window(const char *date, const char *from, const char *to)
{
	return (!from[0] || strcmp(date, from) >= 0) && (!to[0] || strcmp(date, to) <= 0);
}

enum xcode
tcreg__aw_check(const struct run *R, struct rule_ctx *x, const struct cand *c, int64_t *a)
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
	enum xcode why = tcreg__aw_check_kind(R, x, c);
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
		struct money m = tcreg__aw_received(R, x, c);
		*a = money_of(r, m);
		if (*a == 0)
			return (tcreg__aw_counts_tech(r) ? m.gross_tech : m.gross_net) > 0 ? X_PAID : X_NO_PAYMENT;
	}
	return X_NONE;
}

enum xcode
tcreg__aw_check_kind(const struct run *R, struct rule_ctx *x, const struct cand *c)
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
