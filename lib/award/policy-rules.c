/* SPDX-License-Identifier: MIT
 * policy-rules.c - one rule of a policy (its name, applicant, base, caps
 * and allocation, and the combinations that cannot mean anything), the
 * exclusive groups of rules, and the names the engine prints for units,
 * bases, roles, rates and roundings.
 */
#include <stdlib.h>
#include <string.h>

#include "policy-read.h"

static const char *const unit_words[] = { "contract", "project", "applicant_year", "person_year",
					  "agency_year", NULL };
#define UNIT_LIST "contract, project, applicant_year, person_year, agency_year"
static const char *const base_words[] = { "received", "paid", "contract_amount", "tech_amount",
					  "tech_received", "invoiced", "served_amount", NULL };
#define BASE_LIST "received, paid, contract_amount, tech_amount, tech_received, invoiced, served_amount"

const char *
tcreg__pol_unit_name(enum pol_unit u)
{
	return unit_words[u];
}

const char *
tcreg__pol_base_name(unsigned bit)
{
	for (int i = 0; i < POL_NBASE; i++)
		if (bit == 1u << i)
			return base_words[i];
	return "?";
}

const char *
tcreg__pol_role_name(enum pol_role r)
{
	static const char *const w[] = { "buyer", "seller", "agency" };
	return w[r];
}

const char *
tcreg__pol_rate_name(enum pol_rate r)
{
	static const char *const w[] = { "flat", "band", "marginal", "base_plus" };
	return w[r];
}

const char *
tcreg__pol_round_name(int64_t round_fen)
{
	return round_fen == 1 ? "fen" : round_fen == 100 ? "yuan" : round_fen == 10000 ? "hundred" : "wan";
}

static void
base(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "kind", false }, { "min_of", false }, { "per", true },
					       { "growth", false }, { NULL, false } };
	yaml_node_t *v[4];
	if (!tcreg__pol_fields(l, n, "base", spec, v))
		return;
	int g = v[3] ? tcreg__pol_boolean(l, v[3], "growth") : 0;
	r->growth = g > 0;
	if (v[0] && v[1])
		tcreg__pol_err(l, v[1], "min_of", "E_POLICY_COMBINATION", N_("give kind or min_of, not both"), NULL,
			       NULL);
	else if (!v[0] && !v[1])
		tcreg__pol_err(l, n, "base", "E_POLICY_MISSING", N_("missing key '%s'"), "kind", NULL);
	else if (v[0]) {
		int i = tcreg__pol_word(l, v[0], "kind", base_words, BASE_LIST);
		if (i >= 0)
			r->base = 1u << i;
	} else if (tcreg__pol_is_list(l, v[1], "min_of")) {
		if (tcreg__pol_list_len(v[1]) < 2)
			tcreg__pol_err(l, v[1], "min_of", "E_POLICY_VALUE", N_("the least of at least two bases"), NULL,
				       NULL);
		for (size_t i = 0; i < tcreg__pol_list_len(v[1]); i++) {
			yaml_node_t *x = tcreg__pol_list_at(l, v[1], i);
			int k = tcreg__pol_word(l, x, "min_of", base_words, BASE_LIST);
			if (k >= 0 && (r->base & (1u << k)))
				tcreg__pol_err(l, x, "min_of", "E_POLICY_VALUE", N_("the same base twice"), NULL,
					       tcreg__pol_scalar(x));
			if (k >= 0)
				r->base |= 1u << k;
		}
	}
	if (v[2]) {
		int u = tcreg__pol_word(l, v[2], "per", unit_words, UNIT_LIST);
		if (u >= 0)
			r->per = (enum pol_unit)u;
		else
			r->per = UNIT_CONTRACT;
	}
	/* growth compares a unit's year with the one before: a contract has no
	 * year before it, and the least of several growths means nothing */
	if (r->growth && pol_level(r->per) != 2)
		tcreg__pol_err(l, v[3], "growth", "E_POLICY_COMBINATION",
			       N_("growth is of an applicant's or the agency's year: per applicant_year, person_year or agency_year"),
			       NULL, NULL);
	if (r->growth && v[1])
		tcreg__pol_err(l, v[3], "growth", "E_POLICY_COMBINATION", N_("growth of one base kind, not of min_of"), NULL,
			       NULL);
	if (r->growth && (r->base & BASE_INVOICED))
		tcreg__pol_err(l, v[3], "growth", "E_POLICY_COMBINATION",
			       N_("the facts file has no year before: invoiced amounts have no growth"), NULL, NULL);
}

static void
caps(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "per", true }, { "amount", false }, { "fact", false },
					       { NULL, false } };
	static const char *const facts[] = { "vat_paid", NULL };
	if (!tcreg__pol_is_list(l, n, "caps"))
		return;
	size_t k = tcreg__pol_list_len(n);
	r->caps = calloc(k + 1, sizeof(*r->caps));
	for (size_t i = 0; r->caps && i < k; i++) {
		yaml_node_t *c = tcreg__pol_list_at(l, n, i), *v[3];
		struct pol_cap *cap = &r->caps[r->ncaps];
		if (!tcreg__pol_fields(l, c, "caps", spec, v) || !v[0])
			continue;
		int u = tcreg__pol_word(l, v[0], "per", unit_words, UNIT_LIST);
		if (u < 0)
			continue;
		cap->per = (enum pol_unit)u;
		cap->amount_fen = -1;
		if (v[1] && v[2])
			tcreg__pol_err(l, v[2], "fact", "E_POLICY_COMBINATION", N_("give amount or fact, not both"), NULL,
				       NULL);
		else if (!v[1] && !v[2])
			tcreg__pol_err(l, c, "caps", "E_POLICY_MISSING", N_("missing key '%s'"), "amount", NULL);
		else if (v[1] && !tcreg__pol_amount(l, v[1], "amount", &cap->amount_fen))
			continue;
		else if (v[2] && tcreg__pol_word(l, v[2], "fact", facts, "vat_paid") == 0)
			cap->fact_vat_paid = true;
		r->ncaps++;
		if (pol_level(cap->per) < pol_level(r->per))
			tcreg__pol_err(l, v[0], "per", "E_POLICY_COMBINATION",
				       N_("a cap on a smaller unit than the base is summed over"), NULL, tcreg__pol_scalar(v[0]));
		if (cap->fact_vat_paid && pol_level(cap->per) != 2)
			tcreg__pol_err(l, v[0], "per", "E_POLICY_COMBINATION",
				       N_("facts are per applicant: the cap must be per applicant and year"), NULL,
				       tcreg__pol_scalar(v[0]));
		if (pol_level(cap->per) == 2 && cap->per != r->per && pol_level(r->per) == 2)
			tcreg__pol_err(l, v[0], "per", "E_POLICY_COMBINATION",
				       N_("the cap and the base name different applicant units"), NULL, tcreg__pol_scalar(v[0]));
	}
}

static void
allocation(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "to", true }, { "min_pct", false }, { "max_pct", false },
					       { NULL, false } };
	if (!tcreg__pol_is_list(l, n, "allocation"))
		return;
	size_t k = tcreg__pol_list_len(n);
	r->allocs = calloc(k + 1, sizeof(*r->allocs));
	for (size_t i = 0; r->allocs && i < k; i++) {
		yaml_node_t *a = tcreg__pol_list_at(l, n, i), *v[3];
		struct pol_alloc *al = &r->allocs[r->nallocs++];
		al->min_ppm = al->max_ppm = -1;
		if (!tcreg__pol_fields(l, a, "allocation", spec, v))
			continue;
		const char *to = v[0] ? tcreg__pol_text(l, v[0], "to") : NULL;
		al->to = to ? tcreg__strdup(to) : NULL;
		if (!v[1] && !v[2])
			tcreg__pol_err(l, a, "allocation", "E_POLICY_MISSING", N_("missing key '%s'"), "max_pct", NULL);
		if (v[1] && tcreg__pol_decimal(l, v[1], "min_pct", 4, &al->min_ppm) && al->min_ppm > 1000000)
			tcreg__pol_err(l, v[1], "min_pct", "E_POLICY_VALUE", N_("a rate above 100 %"), NULL,
				       tcreg__pol_scalar(v[1]));
		if (v[2] && tcreg__pol_decimal(l, v[2], "max_pct", 4, &al->max_ppm) && al->max_ppm > 1000000)
			tcreg__pol_err(l, v[2], "max_pct", "E_POLICY_VALUE", N_("a rate above 100 %"), NULL,
				       tcreg__pol_scalar(v[2]));
		if (al->min_ppm >= 0 && al->max_ppm >= 0 && al->min_ppm > al->max_ppm)
			tcreg__pol_err(l, v[1], "min_pct", "E_POLICY_COMBINATION", N_("the share's minimum exceeds its maximum"),
				       NULL, tcreg__pol_scalar(v[1]));
	}
}

void
tcreg__pol_rule(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = {
		{ "name", true }, { "applicant", true }, { "eligible", true }, { "base", true },
		{ "threshold", false }, { "rate", true }, { "caps", false }, { "allocation", false },
		{ NULL, false },
	};
	static const char *const roles[] = { "buyer", "seller", "agency", NULL };
	yaml_node_t *v[8], *payments = NULL;
	r->line = (long)n->start_mark.line + 1;
	r->name = tcreg__strdup("?"); /* named even when the entry is not a mapping */
	if (!tcreg__pol_fields(l, n, "rules", spec, v))
		return;
	const char *name = v[0] ? tcreg__pol_text(l, v[0], "name") : NULL;
	if (name && !tcreg__pol_name_ok(name))
		tcreg__pol_err(l, v[0], "name", "E_POLICY_VALUE", N_("use lower-case letters, digits, - and _"), NULL,
			       name);
	if (name) {
		free(r->name);
		r->name = tcreg__strdup(name);
	}
	int role = v[1] ? tcreg__pol_word(l, v[1], "applicant", roles, "buyer, seller, agency") : -1;
	r->role = role < 0 ? ROLE_SELLER : (enum pol_role)role;
	if (v[3])
		base(l, v[3], r);
	if (v[2])
		tcreg__pol_eligible(l, v[2], r, &payments);
	if (v[4])
		tcreg__pol_threshold(l, v[4], r);
	if (v[5])
		tcreg__pol_rate(l, v[5], r);
	if (v[6])
		caps(l, v[6], r);
	if (v[7])
		allocation(l, v[7], r);

	/* combinations that cannot mean anything */
	const unsigned uses_payments = BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED;
	if ((r->base & uses_payments) && !payments && v[2])
		tcreg__pol_err(l, v[2], "eligible", "E_POLICY_MISSING",
			       N_("the base counts payments: say which in eligible.payments"), NULL, NULL);
	if (!(r->base & uses_payments) && r->base && payments)
		tcreg__pol_err(l, payments, "payments", "E_POLICY_COMBINATION",
			       N_("a payment window, but the base does not count payments"), NULL, NULL);
	if ((r->base & BASE_INVOICED) && pol_level(r->per) != 2)
		tcreg__pol_err(l, v[3], "base", "E_POLICY_COMBINATION",
			       N_("invoiced amounts are known per applicant: aggregate per applicant and year"), NULL,
			       NULL);
	if (r->role == ROLE_AGENCY && r->per != UNIT_AGENCY_YEAR)
		tcreg__pol_err(l, v[3], "per", "E_POLICY_COMBINATION",
			       N_("an award to the registration agency is per agency and year"), NULL, NULL);
	if (r->role != ROLE_AGENCY && r->per == UNIT_AGENCY_YEAR)
		tcreg__pol_err(l, v[3], "per", "E_POLICY_COMBINATION",
			       N_("agency_year is for awards to the registration agency (applicant: agency)"), NULL,
			       NULL);
	if (r->role == ROLE_AGENCY && (r->applicant.nnatures || r->applicant.nregions))
		tcreg__pol_err(l, v[2], "applicant", "E_POLICY_COMBINATION",
			       N_("the agency is this registry's office; it has no nature or region to filter on"),
			       NULL, NULL);
	bool project_cap = r->per == UNIT_PROJECT, applicant_level = pol_level(r->per) == 2;
	for (size_t i = 0; i < r->ncaps; i++) {
		project_cap |= r->caps[i].per == UNIT_PROJECT;
		applicant_level |= pol_level(r->caps[i].per) == 2;
		if (r->caps[i].per == UNIT_AGENCY_YEAR && r->role != ROLE_AGENCY)
			tcreg__pol_err(l, v[6], "caps", "E_POLICY_COMBINATION",
				       N_("agency_year is for awards to the registration agency (applicant: agency)"),
				       NULL, NULL);
	}
	if (project_cap && r->role != ROLE_SELLER)
		tcreg__pol_err(l, v[1], "applicant", "E_POLICY_COMBINATION",
			       N_("a project (achievement) belongs to its seller: project units need applicant: seller"),
			       NULL, NULL);
	if (project_cap && applicant_level)
		tcreg__pol_err(l, v[6] ? v[6] : v[3], "caps", "E_POLICY_COMBINATION",
			       N_("a project cap and an applicant-year cap in one rule are not supported; "
		       "write two rules"),
		    NULL, NULL);
}

void
tcreg__pol_exclusive(struct ld *l, yaml_node_t *n, struct tcreg_policy *p)
{
	static const struct pol_key spec[] = { { "rules", true }, { "prefer", true }, { NULL, false } };
	if (!tcreg__pol_is_list(l, n, "exclusive"))
		return;
	size_t k = tcreg__pol_list_len(n);
	p->exclusive = calloc(k + 1, sizeof(*p->exclusive));
	bool *seen = calloc(p->nrules + 1, sizeof(bool));
	for (size_t i = 0; p->exclusive && seen && i < k; i++) {
		yaml_node_t *g = tcreg__pol_list_at(l, n, i), *v[2];
		struct pol_exclusive *e = &p->exclusive[p->nexclusive++];
		e->prefer = SIZE_MAX;
		if (!tcreg__pol_fields(l, g, "exclusive", spec, v) || !v[0] || !tcreg__pol_is_list(l, v[0], "rules"))
			continue;
		size_t m = tcreg__pol_list_len(v[0]);
		if (m < 2)
			tcreg__pol_err(l, v[0], "rules", "E_POLICY_VALUE", N_("name at least two rules"), NULL, NULL);
		e->rules = calloc(m + 1, sizeof(size_t));
		for (size_t j = 0; e->rules && j < m; j++) {
			yaml_node_t *x = tcreg__pol_list_at(l, v[0], j);
			const char *s = tcreg__pol_text(l, x, "rules");
			size_t r = 0;
			while (s && r < p->nrules && strcmp(p->rules[r].name, s) != 0)
				r++;
			if (!s)
				continue;
			if (r == p->nrules) {
				tcreg__pol_err(l, x, "rules", "E_POLICY_VALUE", N_("no rule of that name"), NULL, s);
				continue;
			}
			if (seen[r]) {
				tcreg__pol_err(l, x, "rules", "E_POLICY_COMBINATION",
					       N_("a rule can be in one exclusive group only"), NULL, s);
				continue;
			}
			seen[r] = true;
			e->rules[e->nrules++] = r;
		}
		const char *pref = v[1] ? tcreg__pol_text(l, v[1], "prefer") : NULL;
		for (size_t j = 0; pref && j < e->nrules; j++)
			if (strcmp(p->rules[e->rules[j]].name, pref) == 0)
				e->prefer = e->rules[j];
		if (pref && e->prefer == SIZE_MAX)
			tcreg__pol_err(l, v[1], "prefer", "E_POLICY_VALUE", N_("not one of the group's rules"), NULL, pref);
	}
	free(seen);
}
