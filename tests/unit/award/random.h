/* SPDX-License-Identifier: MIT
 * random.h - random registries and the policies run over them, for the
 * property tests of the award engine and of comparisons.
 */
#ifndef TEST_AWARD_RANDOM_H
#define TEST_AWARD_RANDOM_H

#include "helpers.h"

static uint64_t rng = 88172645463325252ull;
static inline uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const regions[] = { "2301", "2300", "1100", "3100" };
static const char *const natures[] = { "022", "021", "150", "190", "020" };

/* A registry of n random contracts of 2025 with random payments. */
static inline tcreg_registry *
random_registry(char **path, int n)
{
	tcreg_registry *reg = fresh_registry(path);
	sql(reg, "BEGIN");
	int64_t parties[12];
	for (int i = 0; i < 12; i++) {
		char name[16];
		snprintf(name, sizeof(name), "P%02d", i);
		parties[i] = party(reg, name, regions[rnd() % 4], natures[rnd() % 5]);
	}
	for (int i = 0; i < n; i++) {
		char no[16], date[11];
		snprintf(no, sizeof(no), "K%04d", i);
		snprintf(date, sizeof(date), "2025-%02d-%02d", (int)(rnd() % 12) + 1, (int)(rnd() % 28) + 1);
		int64_t s = parties[rnd() % 12], b = parties[rnd() % 12];
		if (s == b)
			b = parties[(rnd() % 11 + 1 + (uint64_t)(s - parties[0])) % 12];
		int64_t amount = (int64_t)(rnd() % 400000000) + 100; /* up to 400万元 */
		int64_t c = contract(reg, no, s, b, rnd() % 2 ? "21" : "11", amount, date, (int)(rnd() % 10 == 0));
		for (int k = (int)(rnd() % 3); k > 0; k--)
			pay(reg, c, rnd() % 5 ? "2025-11-30" : "2026-01-10", (int64_t)(rnd() % (uint64_t)amount) + 1);
	}
	sql(reg, "COMMIT");
	return reg;
}

static const char *cap_policy =
	HEAD "rounding: {to: yuan, mode: half_up}\nrules:\n"
	"  - name: flat\n    applicant: buyer\n"
	"    eligible: {related_party: exclude, registered: {from: Y-01-01, to: Y-12-31}, "
	"payments: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: received, per: contract}\n"
	"    threshold: {min: 1000, min_inclusive: true}\n"
	"    rate: {kind: flat, pct: 33.3333}\n"
	"    caps: [{per: contract, amount: 300000}, {per: applicant_year, amount: 700000}]\n"
	"  - name: band\n    applicant: seller\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: contract_amount, per: applicant_year}\n"
	"    rate:\n      kind: band\n      bands:\n"
	"        - {min: 0, max: 1000000, max_inclusive: false, pct: 3, cap: 20000}\n"
	"        - {min: 1000000, pct: 2.5, cap: 90000}\n"
	"    caps: [{per: applicant_year, amount: 80000}]\n"
	"  - name: marginal\n    applicant: seller\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: tech_amount, per: contract}\n"
	"    rate: {kind: marginal, tiers: [{upto: 500000, pct: 7}, {above: 500000, pct: 1.1}]}\n"
	"    caps: [{per: project, amount: 50000}]\n";

static const char *one_side_policy =
	HEAD "rounding: {to: yuan, mode: down}\nrules:\n"
	"  - name: buyer\n    applicant: buyer\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}, "
	"payments: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 30}\n"
	"  - name: seller\n    applicant: seller\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}, "
	"payments: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 30}\n"
	"exclusive:\n  - {rules: [buyer, seller], prefer: seller}\n";

#endif
