/* SPDX-License-Identifier: MIT
 * test-award-money.c - the money an award counts (award-money.c): a
 * payment entered late with an earlier date re-splits the technology parts
 * of a contract's payments, and a rule must still never count more of the
 * contract's technology money, over every committed round and this run,
 * than its verified technology amount (domain.md §0.3) — in the same year
 * and across years, whatever the order payments are entered and rounds
 * are run in.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "award/policy.h"
#include "build.h"

#define WAN (1000000LL) /* 1万元 in fen */

#define TECH_BASE "base: {kind: tech_received, per: contract}"
#define FLAT_30 "    rate: {kind: flat, pct: 30}\n"

/* A policy of one seller rule: payments from Y-01-01 to pay_to, base and
 * rate (with a threshold, if any) as given. */
static tcreg_policy *
rule_policy(const char *pay_to, const char *base, const char *rate)
{
	char yaml[1024];
	snprintf(yaml, sizeof(yaml),
		 HEAD "rounding: {to: fen, mode: down}\nrules:\n"
		      "  - name: s\n    applicant: seller\n"
		      "    eligible: {related_party: allow, registered: {from: open, to: open}, "
		      "payments: {from: Y-01-01, to: %s}}\n"
		      "    %s\n%s",
		 pay_to, base, rate);
	return policy(yaml);
}

/* 30 % of the technology money received in the year, no cap. */
static tcreg_policy *
tech_policy(void)
{
	return rule_policy("Y-12-31", TECH_BASE, FLAT_30);
}

/* A contract of 300万 whose verified technology amount is 200万. */
static int64_t
f1(tcreg_registry *reg)
{
	int64_t s = party(reg, "卖方F1", "2301", "022"), b = party(reg, "买方F1", "2301", "190");
	int64_t c = contract(reg, "F1", s, b, "31", 300 * WAN, "2024-01-10", 0);
	sql(reg, "UPDATE contract SET tech_amount_fen = %lld, verified_tech_amount_fen = %lld WHERE id = %lld",
	    200 * WAN, 200 * WAN, (long long)c);
	return c;
}

static int64_t
scalar(tcreg_registry *reg, const char *q)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The technology money every committed round counted on the contract. */
static int64_t
counted(tcreg_registry *reg)
{
	return scalar(reg, "SELECT coalesce(sum(counted_fen), 0) FROM award_payment");
}

/* --explain of the contract pays what the full run pays, and its payments
 * step counts, payment by payment, the money the base was made of. */
static void
explain_agrees(tcreg_registry *reg, const tcreg_policy *p, int year)
{
	json_t *full = run(reg, p, year, 0);
	struct tcreg_award_opts o = { .policy = p, .year = year, .explain = "R-F1" };
	char *js = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_OK);
	tcreg_diags_free(d);
	json_t *e = json_loads(js, 0, NULL);
	free(js);
	assert_non_null(e);
	assert_int_equal(total(e), total(full));
	json_t *step;
	size_t i;
	int seen = 0;
	json_array_foreach(json_object_get(e, "explain"), i, step) {
		json_t *list = json_object_get(step, "payments");
		if (!json_is_array(list))
			continue;
		json_int_t sum = 0;
		json_t *pm;
		size_t j;
		json_array_foreach(list, j, pm) sum += json_integer_value(json_object_get(pm, "counted_fen"));
		assert_int_equal(sum, json_integer_value(json_object_get(step, "received_fen")));
		seen++;
	}
	assert_true(seen > 0);
	json_decref(e);
	json_decref(full);
}

/* Finding 1 of the award probe, four ways: some or all of the verified
 * 200万 counted by a first round, then a voucher of 100万 dated earlier (the
 * same year, or the year before) entered late and its year run.  The late
 * round counts only what remains of the verified amount; --explain pays
 * what the run pays; afterwards the first year pays nothing more, and the
 * rule has counted the verified 200万 exactly. */
struct late_case {
	const char *first_date;
	int64_t first_fen, first_award;
	const char *late_date;
	int64_t late_award;
};

static void
late_payment(const struct late_case *k)
{
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	tcreg_policy *p = tech_policy();
	int64_t c = f1(reg);
	int first_year = atoi(k->first_date), late_year = atoi(k->late_date);
	pay(reg, c, k->first_date, k->first_fen);
	json_t *r = run(reg, p, first_year, 1);
	assert_int_equal(total(r), k->first_award);
	json_decref(r);
	pay(reg, c, k->late_date, 100 * WAN);
	explain_agrees(reg, p, late_year);
	r = run(reg, p, late_year, 1);
	assert_int_equal(total(r), k->late_award);
	json_decref(r);
	r = run(reg, p, first_year, 0);
	assert_int_equal(total(r), 0);
	json_decref(r);
	assert_int_equal(counted(reg), 200 * WAN);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

static void
late_earlier_payments(void **state)
{
	(void)state;
	static const struct late_case cases[] = {
		/* all counted in June, a March voucher: nothing more */
		{ "2025-06-01", 200 * WAN, 60 * WAN, "2025-03-01", 0 },
		/* 150万 counted: the late voucher counts the 50万 that remain */
		{ "2025-06-01", 150 * WAN, 45 * WAN, "2025-03-01", 15 * WAN },
		/* 2025 counted all, a 2024 voucher and the 2024 round: nothing */
		{ "2025-05-01", 200 * WAN, 60 * WAN, "2024-05-01", 0 },
		/* 2025 counted 150万: the 2024 round counts the 50万 left */
		{ "2025-05-01", 150 * WAN, 45 * WAN, "2024-05-01", 15 * WAN },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		late_payment(&cases[i]);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* What the full run of the year awards the contract, and what --explain
 * of it says. */
static void
explain_agrees_on(tcreg_registry *reg, const tcreg_policy *p, int year, const char *reg_no)
{
	json_t *full = run(reg, p, year, 0), *a;
	size_t i;
	json_int_t want = 0;
	json_array_foreach(json_object_get(full, "awards"), i, a) {
		json_t *c;
		size_t j;
		json_array_foreach(json_object_get(a, "contracts"), j, c) if (strcmp(json_string_value(c), reg_no) == 0)
			want += json_integer_value(json_object_get(a, "award_fen"));
	}
	json_decref(full);
	struct tcreg_award_opts o = { .policy = p, .year = year, .explain = reg_no };
	char *js = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_OK);
	tcreg_diags_free(d);
	json_t *e = json_loads(js, 0, NULL);
	free(js);
	assert_int_equal(total(e), want);
	json_decref(e);
}

/* Payments entered in any order of their dates, 2024 to 2026, and rounds of
 * any year committed in between: no payment is counted for more than it
 * holds, no contract for more technology money than its verified amount,
 * nor paid more than 30 % of it; --explain pays what the run pays; and once
 * every year is run again, each contract has had all of it counted that it
 * received, up to its verified amount (no money lost either). */
static void
payments_in_any_order(void **state)
{
	(void)state;
	tcreg_policy *p = tech_policy();
	for (int round = 0; round < 3; round++) {
		char *path;
		tcreg_registry *reg = fresh_registry(&path);
		int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
		int64_t ids[12], room[12];
		for (int i = 0; i < 12; i++) {
			char no[16];
			snprintf(no, sizeof(no), "C%d", i);
			int64_t tot = (int64_t)(rnd() % (500 * WAN)) + 100;
			int64_t tech = tot - (int64_t)(rnd() % (uint64_t)(tot / 2 + 1));
			int64_t verified = tech - (int64_t)(rnd() % (uint64_t)(tech / 2 + 1));
			ids[i] = contract(reg, no, s, b, "31", tot, "2024-01-02", 0);
			sql(reg, "UPDATE contract SET tech_amount_fen = %lld, verified_tech_amount_fen = %lld "
				 "WHERE id = %lld", (long long)tech, (long long)verified, (long long)ids[i]);
			room[i] = tot;
		}
		for (int step = 0; step < 12; step++) {
			for (int k = (int)(rnd() % 4) + 1; k > 0; k--) {
				int i = (int)(rnd() % 12);
				if (room[i] <= 0)
					continue;
				char date[11];
				snprintf(date, sizeof(date), "%d-%02d-%02d", 2024 + (int)(rnd() % 3), (int)(rnd() % 12) + 1,
					 (int)(rnd() % 28) + 1);
				int64_t fen = 1 + (int64_t)(rnd() % (uint64_t)room[i]);
				pay(reg, ids[i], date, fen);
				room[i] -= fen;
			}
			int year = 2024 + (int)(rnd() % 3);
			char no[16];
			snprintf(no, sizeof(no), "R-C%d", (int)(rnd() % 12));
			explain_agrees_on(reg, p, year, no);
			json_decref(run(reg, p, year, 1));
		}
		for (int year = 2024; year <= 2026; year++)
			json_decref(run(reg, p, year, 1));
		static const char *const never[] = {
			/* a payment counted for more than it holds */
			"SELECT count(*) FROM (SELECT p.amount_fen AS a, sum(ap.counted_fen) AS n FROM award_payment ap "
			"JOIN payment p ON p.id = ap.payment_id GROUP BY ap.payment_id) WHERE n > a",
			/* a contract whose counted technology money is not all it
			 * received up to its verified amount */
			"SELECT count(*) FROM contract c WHERE coalesce((SELECT sum(ap.counted_fen) FROM award_payment ap "
			"JOIN payment p ON p.id = ap.payment_id WHERE p.contract_id = c.id), 0) != "
			"min(c.verified_tech_amount_fen, coalesce((SELECT sum(amount_fen) FROM payment "
			"WHERE contract_id = c.id), 0))",
			/* a contract paid more than 30 % of its verified amount */
			"SELECT count(*) FROM contract c WHERE 10 * coalesce((SELECT sum(a.award_fen) FROM award a "
			"JOIN award_contract ac ON ac.award_id = a.id WHERE ac.contract_id = c.id), 0) "
			"> 3 * c.verified_tech_amount_fen",
		};
		for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
			if (scalar(reg, never[i]) != 0)
				fail_msg("round %d: %s: %lld", round, never[i], (long long)scalar(reg, never[i]));
		drop_registry(reg, path);
	}
	tcreg_policy_free(p);
}

/* The year's money in rounds (probe-award finding 4): a round committed
 * mid-year must not change what the year pays.  The same payments give the
 * same total whether the year is paid in one round or two: the threshold is
 * the year's money's, and a later round pays what the year's money earns
 * less what the money counted before earned.  Fails where a later round
 * tested the threshold, or chose the band, on its new money alone. */
static int64_t
year_total_of(const char *base_yaml, const char *rate_yaml, const int64_t *amounts, size_t n, bool round_each)
{
	tcreg_policy *p = rule_policy("Y-12-31", base_yaml, rate_yaml);
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t c = f1(reg), sum = 0;
	static const char *const dates[] = { "2025-03-01", "2025-06-01", "2025-11-01" };
	for (size_t i = 0; i < n; i++) {
		pay(reg, c, dates[i], amounts[i]);
		if (round_each || i + 1 == n) {
			json_t *r = run(reg, p, 2025, 1);
			sum += total(r);
			json_decref(r);
		}
	}
	tcreg_policy_free(p);
	drop_registry(reg, path);
	return sum;
}

static int64_t
year_total(const char *rate_yaml, const int64_t *amounts, size_t n, bool round_each)
{
	return year_total_of(TECH_BASE, rate_yaml, amounts, n, round_each);
}

static void
rounds_in_a_year_pay_as_one(void **state)
{
	(void)state;
	static const char threshold[] = "    threshold: {min: 500000, min_inclusive: true}\n    rate: {kind: flat, pct: 30}\n";
	static const char bands[] = "    rate: {kind: band, bands: [{min: 0, max: 1000000, max_inclusive: false, pct: 10}, "
				    "{min: 1000000, pct: 20}]}\n";
	static const char marginal[] = "    rate: {kind: marginal, tiers: [{upto: 1000000, pct: 10}, {above: 1000000, pct: 20}]}\n";
	/* 50万 in June (15万), then 30万 in November: 24万, as once at year end */
	const int64_t a[] = { 50 * WAN, 30 * WAN };
	assert_int_equal(year_total(threshold, a, 2, true), 24 * WAN);
	assert_int_equal(year_total(threshold, a, 2, false), 24 * WAN);
	/* 30万 then 30万: the first round pays nothing, the year 18万 */
	const int64_t b[] = { 30 * WAN, 30 * WAN };
	assert_int_equal(year_total(threshold, b, 2, true), 18 * WAN);
	/* bands on the year's money: 80万 (8万), then 40万: 120万 at 20 % */
	const int64_t c[] = { 80 * WAN, 40 * WAN };
	assert_int_equal(year_total(bands, c, 2, true), 24 * WAN);
	assert_int_equal(year_total(bands, c, 2, false), 24 * WAN);
	assert_int_equal(year_total(marginal, c, 2, true), 14 * WAN);
	/* three rounds, money up to the verified 200万 and past it */
	const int64_t d[] = { 40 * WAN, 60 * WAN, 150 * WAN };
	assert_int_equal(year_total(threshold, d, 3, true), year_total(threshold, d, 3, false));
	assert_int_equal(year_total(threshold, d, 3, true), 60 * WAN);
	assert_int_equal(year_total(bands, d, 3, true), year_total(bands, d, 3, false));
	/* the least of two bases: what was counted before is a base of its own
	 * (min(150万 received, 200万 tech) = 150万), not the year's less the new
	 * money (200万 - 100万); 45万 then 15万, as 60万 at once */
	static const char least[] = "base: {min_of: [received, tech_amount], per: contract}";
	const int64_t e[] = { 150 * WAN, 100 * WAN };
	assert_int_equal(year_total_of(least, threshold, e, 2, true), 60 * WAN);
	assert_int_equal(year_total_of(least, threshold, e, 2, false), 60 * WAN);
}

/* What an earlier round counted stays counted as it was when a payment
 * dated earlier, entered late, takes part of its technology share: the
 * year's base is what was counted plus what is new (150万 + 50万 = the
 * verified 200万), and the threshold (120万) is tested on it, not on a
 * money counted before shrunk to the re-split share (100万). */
static void
counted_before_keeps_its_amount(void **state)
{
	(void)state;
	tcreg_policy *p = rule_policy("Y-12-31", TECH_BASE, "    threshold: {min: 1200000, min_inclusive: true}\n" FLAT_30);
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t c = f1(reg);
	pay(reg, c, "2025-03-01", 150 * WAN);
	json_t *r = run(reg, p, 2025, 1);
	assert_int_equal(total(r), 45 * WAN);
	json_decref(r);
	pay(reg, c, "2025-02-01", 100 * WAN);
	r = run(reg, p, 2025, 1);
	assert_int_equal(total(r), 15 * WAN);
	json_decref(r);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* Windows that overlap (a year's round counting payments into the next
 * March): what the 2024 round counted of a February 2025 payment is 2024's
 * money, not part of 2025's year, which must reach the threshold alone. */
static void
other_years_rounds_are_not_this_years_money(void **state)
{
	(void)state;
	tcreg_policy *p = rule_policy("Y+1-03-31", TECH_BASE, "    threshold: {min: 500000, min_inclusive: true}\n" FLAT_30);
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t c = f1(reg);
	pay(reg, c, "2024-06-01", 20 * WAN);
	pay(reg, c, "2025-02-01", 40 * WAN);
	json_t *r = run(reg, p, 2024, 1);
	assert_int_equal(total(r), 18 * WAN);
	json_decref(r);
	pay(reg, c, "2025-09-01", 20 * WAN);
	r = run(reg, p, 2025, 1);
	assert_int_equal(total(r), 0); /* 20万 new in 2025: under the threshold */
	json_decref(r);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(late_earlier_payments),
		cmocka_unit_test(payments_in_any_order),
		cmocka_unit_test(rounds_in_a_year_pay_as_one),
		cmocka_unit_test(counted_before_keeps_its_amount),
		cmocka_unit_test(other_years_rounds_are_not_this_years_money),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
