/* SPDX-License-Identifier: MIT
 * rates.c - the arithmetic of an award: the bases of a contract, the
 * threshold, the rate (flat, bands, marginal tiers, an amount plus a rate),
 * the rounding; and the words that describe them.  Everything is integer:
 * bases in fen, rates in ppm, awards in millionths of a fen (__int128).
 */
#include "award-run.h"

/* The contract's value of each base kind selected (its money given). */
void
tcreg__aw_components(const struct cand *c, unsigned base, struct money m, int64_t v[POL_NBASE])
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

int64_t
tcreg__aw_least(unsigned base, const int64_t v[POL_NBASE])
{
	int64_t m = INT64_MAX;
	for (int i = 0; i < POL_NBASE; i++)
		if ((base & (1u << i)) && v[i] < m)
			m = v[i];
	return m == INT64_MAX ? 0 : m;
}

bool
tcreg__aw_threshold_ok(const struct pol_rule *r, int64_t base)
{
	if (r->has_min && (r->min_incl ? base < r->min_fen : base <= r->min_fen))
		return false;
	if (r->has_max && (r->max_incl ? base > r->max_fen : base >= r->max_fen))
		return false;
	return true;
}

/* The award before caps, in millionths of a fen; -1 when no band holds the
 * base.  *band is the band used (band rates) for the explanation. */
i128
tcreg__aw_apply_rate(const struct pol_rule *r, int64_t base, int *band, bool *capped)
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

/* The award of the money new to this run, out of the year's: what the
 * year's money (year, counted by earlier rounds or not) earns, less what
 * the money counted before (before, as a base of its own) earned, each
 * under the threshold and the rate.  A round committed mid-year thus changes nothing of what
 * the year pays: the seed sets the threshold and the rate on the year's
 * money ("按照其技术交易实际到账金额在50万元以上的(含50万元)，给予其技术交易实际到账金额的30%",
 * "同一年度").  -1 when no band holds the year's money; *band and *capped
 * are the year's. */
i128
tcreg__aw_rate_of_new(const struct pol_rule *r, int64_t year, int64_t before, int *band, bool *capped)
{
	i128 all = tcreg__aw_apply_rate(r, year, band, capped);
	if (all < 0 || before <= 0)
		return all;
	int b;
	bool c = false;
	i128 earned = tcreg__aw_threshold_ok(r, before) ? tcreg__aw_apply_rate(r, before, &b, &c) : 0;
	if (earned <= 0) /* below the threshold, or in no band: it earned nothing */
		return all;
	return earned < all ? all - earned : 0;
}

int64_t
tcreg__aw_round(const struct tcreg_policy *p, i128 micro)
{
	i128 q = (i128)p->round_fen * MICRO;
	i128 k = p->round_mode == ROUND_DOWN ? micro / q
		 : p->round_mode == ROUND_UP ? (micro + q - 1) / q
					     : (micro + q / 2) / q;
	i128 fen = k * p->round_fen;
	return fen > INT64_MAX ? INT64_MAX : (int64_t)fen;
}

/* "1234.5" fen from millionths of a fen, exactly. */
char *
tcreg__aw_exact(i128 micro, char *buf, size_t n)
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
char *
tcreg__aw_pct(int64_t ppm, char *buf, size_t n)
{
	snprintf(buf, n, "%lld.%04lld", (long long)(ppm / 10000), (long long)(ppm % 10000));
	size_t len = strlen(buf);
	while (buf[len - 1] == '0')
		buf[--len] = '\0';
	if (buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

void
tcreg__aw_base_desc(const struct pol_rule *r, char *buf, size_t n)
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

void
tcreg__aw_rate_desc(const struct pol_rule *r, int band, char *buf, size_t n)
{
	char a[32], b[32], c[32];
	switch (r->rate) {
	case RATE_FLAT:
		snprintf(buf, n, "%s%%", tcreg__aw_pct(r->tiers[0].ppm, a, sizeof(a)));
		break;
	case RATE_BAND:
		if (band >= 0)
			snprintf(buf, n, "%s%% (band from %s)", tcreg__aw_pct(r->tiers[band].ppm, a, sizeof(a)),
				 tcreg_amount_format(r->tiers[band].from_fen, b, sizeof(b)));
		else
			snprintf(buf, n, "bands");
		break;
	case RATE_MARGINAL:
		snprintf(buf, n, "marginal tiers");
		break;
	case RATE_BASE_PLUS:
		snprintf(buf, n, "%s + %s%% above %s", tcreg_amount_format(r->plus_amount_fen, a, sizeof(a)),
			 tcreg__aw_pct(r->plus_ppm, b, sizeof(b)), tcreg_amount_format(r->plus_above_fen, c, sizeof(c)));
		break;
	}
}
