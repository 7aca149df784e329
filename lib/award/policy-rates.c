/* SPDX-License-Identifier: MIT
 * policy-rates.c - a rule's threshold and rate: flat, bands (one rate per
 * amount, bands in order and never overlapping), marginal tiers (rising,
 * the last one open) and a base plus a rate above an amount.  Each bound
 * says whether it is included: the sources differ (≥ 50万, > 200万).
 */
#include <stdlib.h>
#include <string.h>

#include "policy-read.h"

void
tcreg__pol_threshold(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "min", false }, { "min_inclusive", false },
					       { "max", false }, { "max_inclusive", false }, { NULL, false } };
	yaml_node_t *v[4];
	if (!tcreg__pol_fields(l, n, "threshold", spec, v))
		return;
	if (!v[0] && !v[2])
		tcreg__pol_err(l, n, "threshold", "E_POLICY_MISSING", N_("missing key '%s'"), "min", NULL);
	/* a bound says whether it is included: the sources differ (≥ 50万, > 200万) */
	for (int b = 0; b < 4; b += 2) {
		if (v[b] && !v[b + 1])
			tcreg__pol_err(l, n, "threshold", "E_POLICY_MISSING", N_("missing key '%s'"), spec[b + 1].name,
				       NULL);
		if (!v[b] && v[b + 1])
			tcreg__pol_err(l, v[b + 1], spec[b + 1].name, "E_POLICY_COMBINATION",
				       N_("says whether a bound is included, but there is no bound"), NULL, NULL);
	}
	int k;
	if (v[0] && tcreg__pol_amount(l, v[0], "min", &r->min_fen))
		r->has_min = true;
	if (v[1] && (k = tcreg__pol_boolean(l, v[1], "min_inclusive")) >= 0)
		r->min_incl = k;
	if (v[2] && tcreg__pol_amount(l, v[2], "max", &r->max_fen))
		r->has_max = true;
	if (v[3] && (k = tcreg__pol_boolean(l, v[3], "max_inclusive")) >= 0)
		r->max_incl = k;
	if (r->has_min && r->has_max &&
	    (r->min_fen > r->max_fen || (r->min_fen == r->max_fen && !(r->min_incl && r->max_incl))))
		tcreg__pol_err(l, v[2], "max", "E_POLICY_COMBINATION", N_("no amount can pass this threshold"), NULL,
			       tcreg__pol_scalar(v[2]));
}

static void
bands(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "min", true },	{ "min_inclusive", false },
					       { "max", false },	{ "max_inclusive", false },
					       { "pct", false },	{ "permille", false },
					       { "cap", false },	{ NULL, false } };
	if (!tcreg__pol_is_list(l, n, "bands"))
		return;
	size_t k = tcreg__pol_list_len(n);
	if (k == 0) {
		tcreg__pol_err(l, n, "bands", "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
		return;
	}
	r->tiers = calloc(k, sizeof(*r->tiers));
	for (size_t i = 0; r->tiers && i < k; i++) {
		yaml_node_t *b = tcreg__pol_list_at(l, n, i), *v[7];
		struct pol_tier *t = &r->tiers[r->ntiers++];
		t->cap_fen = -1;
		t->from_incl = true;
		if (!tcreg__pol_fields(l, b, "bands", spec, v))
			continue;
		int x;
		if (v[0])
			tcreg__pol_amount(l, v[0], "min", &t->from_fen);
		if (v[1] && (x = tcreg__pol_boolean(l, v[1], "min_inclusive")) >= 0)
			t->from_incl = x;
		if (v[2] && tcreg__pol_amount(l, v[2], "max", &t->to_fen))
			t->has_to = true;
		if (v[3] && !v[2])
			tcreg__pol_err(l, v[3], "max_inclusive", "E_POLICY_COMBINATION",
				       N_("says whether a bound is included, but there is no bound"), NULL, NULL);
		if (v[2] && !v[3])
			tcreg__pol_err(l, b, "bands", "E_POLICY_MISSING", N_("missing key '%s'"), "max_inclusive", NULL);
		if (v[3] && (x = tcreg__pol_boolean(l, v[3], "max_inclusive")) >= 0)
			t->to_incl = x;
		tcreg__pol_rate_of(l, b, v[4], v[5], &t->ppm);
		if (v[6])
			tcreg__pol_amount(l, v[6], "cap", &t->cap_fen);
		if (t->has_to && (t->to_fen < t->from_fen ||
				  (t->to_fen == t->from_fen && !(t->from_incl && t->to_incl))))
			tcreg__pol_err(l, v[2], "max", "E_POLICY_COMBINATION", N_("the band is empty"), NULL,
				       tcreg__pol_scalar(v[2]));
		if (i > 0) {
			const struct pol_tier *p = &r->tiers[i - 1];
			/* bands are in order and never overlap, so one amount has one rate */
			bool overlap = !p->has_to || t->from_fen < p->to_fen ||
				       (t->from_fen == p->to_fen && p->to_incl && t->from_incl);
			if (overlap)
				tcreg__pol_err(l, v[0] ? v[0] : b, "min", "E_POLICY_COMBINATION",
					       N_("the band overlaps the one before it, or is out of order"), NULL,
					       tcreg__pol_scalar(v[0]));
		}
	}
}

static void
tiers(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct pol_key spec[] = { { "upto", false }, { "above", false }, { "pct", false },
					       { "permille", false }, { NULL, false } };
	if (!tcreg__pol_is_list(l, n, "tiers"))
		return;
	size_t k = tcreg__pol_list_len(n);
	if (k < 2) {
		tcreg__pol_err(l, n, "tiers", "E_POLICY_VALUE", N_("marginal rates need at least two tiers"), NULL,
			       NULL);
		return;
	}
	r->tiers = calloc(k, sizeof(*r->tiers));
	int64_t from = 0;
	for (size_t i = 0; r->tiers && i < k; i++) {
		yaml_node_t *b = tcreg__pol_list_at(l, n, i), *v[4];
		struct pol_tier *t = &r->tiers[r->ntiers++];
		t->cap_fen = -1;
		t->from_fen = from;
		if (!tcreg__pol_fields(l, b, "tiers", spec, v))
			continue;
		bool last = i + 1 == k;
		if (last && v[0])
			tcreg__pol_err(l, v[0], "upto", "E_POLICY_COMBINATION",
				       N_("the last tier has no upper end; write above: instead"), NULL, tcreg__pol_scalar(v[0]));
		if (!last && !v[0])
			tcreg__pol_err(l, b, "tiers", "E_POLICY_MISSING", N_("missing key '%s'"), "upto", NULL);
		if (!last && v[1])
			tcreg__pol_err(l, v[1], "above", "E_POLICY_COMBINATION", N_("only the last tier has above:"),
				       NULL, NULL);
		int64_t a;
		if (last && v[1] && tcreg__pol_amount(l, v[1], "above", &a) && a != from)
			tcreg__pol_err(l, v[1], "above", "E_POLICY_COMBINATION",
				       N_("must equal the upto: of the tier before it"), NULL, tcreg__pol_scalar(v[1]));
		if (v[0] && tcreg__pol_amount(l, v[0], "upto", &t->to_fen)) {
			t->has_to = true;
			if (t->to_fen <= from)
				tcreg__pol_err(l, v[0], "upto", "E_POLICY_COMBINATION",
					       N_("tiers must rise: this one ends where an earlier one does"), NULL,
					       tcreg__pol_scalar(v[0]));
			from = t->to_fen;
		}
		tcreg__pol_rate_of(l, b, v[2], v[3], &t->ppm);
	}
}

void
tcreg__pol_rate(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const char *const kinds[] = { "flat", "band", "marginal", "base_plus", NULL };
	static const struct pol_key spec[] = { { "kind", true }, { "pct", false },  { "permille", false },
					       { "bands", false }, { "tiers", false }, { "above", false },
					       { "amount", false }, { NULL, false } };
	/* which keys each kind takes */
	static const char *const allowed[] = { "pct permille", "bands", "tiers",
					       "pct permille above amount" };
	yaml_node_t *v[7];
	if (!tcreg__pol_fields(l, n, "rate", spec, v) || !v[0])
		return;
	int k = tcreg__pol_word(l, v[0], "kind", kinds, "flat, band, marginal, base_plus");
	if (k < 0)
		return;
	r->rate = (enum pol_rate)k;
	for (int i = 1; i < 7; i++)
		if (v[i] && !strstr(allowed[k], spec[i].name))
			tcreg__pol_err(l, v[i], spec[i].name, "E_POLICY_COMBINATION", N_("not used by this kind of rate"),
				       NULL, NULL);
	switch (r->rate) {
	case RATE_FLAT:
		if (tcreg__pol_rate_of(l, n, v[1], v[2], &r->plus_ppm)) {
			r->tiers = calloc(1, sizeof(*r->tiers));
			if (r->tiers) {
				r->tiers[0] = (struct pol_tier){ .ppm = r->plus_ppm, .cap_fen = -1 };
				r->ntiers = 1;
			}
		}
		break;
	case RATE_BAND:
		if (!v[3])
			tcreg__pol_err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "bands", NULL);
		else
			bands(l, v[3], r);
		break;
	case RATE_MARGINAL:
		if (!v[4])
			tcreg__pol_err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "tiers", NULL);
		else
			tiers(l, v[4], r);
		break;
	case RATE_BASE_PLUS:
		if (!v[5] || !v[6])
			tcreg__pol_err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), v[5] ? "amount" : "above",
				       NULL);
		if (v[5])
			tcreg__pol_amount(l, v[5], "above", &r->plus_above_fen);
		if (v[6])
			tcreg__pol_amount(l, v[6], "amount", &r->plus_amount_fen);
		tcreg__pol_rate_of(l, n, v[1], v[2], &r->plus_ppm);
		break;
	}
}
