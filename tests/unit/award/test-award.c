/* SPDX-License-Identifier: MIT
 * test-award.c - the award engine (award.c and the run it drives): rounding
 * once, and properties over random registries (an award never exceeds a cap,
 * a flat rate never pays less for a larger base, one side per project,
 * nothing paid twice), previews, money counted whatever the ids.
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
#include "random.h"

/* ---- the engine ---- */

/* Per-contract amounts summed per applicant are rounded once, at the end:
 * three contracts of 1.50 元 each make 4 元 rounded down, not 3 元. */
static void
rounding_once(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
	for (int i = 0; i < 3; i++) {
		char no[8];
		snprintf(no, sizeof(no), "C%d", i);
		pay(reg, contract(reg, no, s, b, "11", 500, "2025-03-01", 0), "2025-04-01", 500);
	}
	tcreg_policy *p = policy(HEAD "rounding: {to: yuan, mode: down}\nrules:\n"
				      "  - name: a\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 30}\n"
				      "    caps: [{per: applicant_year, amount: 1000}]\n");
	json_t *r = run(reg, p, 2025, 0);
	assert_int_equal(total(r), 400);
	json_decref(r);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* An award never exceeds any of its caps (amounts in fen: 元 × 100). */
static void
awards_within_caps(void **state)
{
	(void)state;
	for (int round = 0; round < 5; round++) {
		char *path;
		tcreg_registry *reg = random_registry(&path, 300);
		tcreg_policy *p = policy(cap_policy);
		json_t *r = run(reg, p, 2025, 0), *a;
		size_t i;
		int n = 0;
		json_array_foreach(json_object_get(r, "awards"), i, a) {
			const char *rule = json_string_value(json_object_get(a, "rule"));
			json_int_t fen = json_integer_value(json_object_get(a, "award_fen"));
			assert_true(fen > 0);
			if (strcmp(rule, "flat") == 0)
				assert_true(fen <= 70000000);
			else if (strcmp(rule, "band") == 0)
				assert_true(fen <= 8000000);
			else
				assert_true(fen <= 5000000);
			if (strcmp(rule, "flat") == 0 && json_array_size(json_object_get(a, "contracts")) == 1)
				assert_true(fen <= 30000000);
			n++;
		}
		assert_true(n > 0);
		json_decref(r);
		tcreg_policy_free(p);
		drop_registry(reg, path);
	}
}

/* A flat rate never pays less for a larger base; thresholds and caps only
 * ever cut the award to zero or to the cap. */
static void
flat_rate_is_monotone(void **state)
{
	(void)state;
	tcreg_policy *p = policy(HEAD "rounding: {to: yuan, mode: down}\nrules:\n"
				      "  - name: a\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n"
				      "    threshold: {min: 500000, min_inclusive: true}\n"
				      "    rate: {kind: flat, pct: 30}\n    caps: [{per: contract, amount: 1000000}]\n");
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
	int64_t c = contract(reg, "M", s, b, "21", INT64_C(900000000000), "2025-03-01", 0);
	long long last = 0;
	int64_t received = 0;
	for (int step = 0; step < 60; step++) {
		int64_t more = (int64_t)(rnd() % 20000000) + 1;
		pay(reg, c, "2025-06-01", more);
		received += more;
		json_t *r = run(reg, p, 2025, 0);
		long long now = total(r);
		assert_true(now >= last);
		assert_true(now <= 100000000);
		if (received >= 50000000 && received * 3 / 10 < 100000000)
			assert_int_equal(now, received * 3 / 10 / 100 * 100);
		last = now;
		json_decref(r);
	}
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* Money over several rounds: random contracts with non-technical parts and
 * random payments (some reversed after a commit), one committed round a
 * year for three years.  Whatever happens: no payment is counted for more
 * than its technology part; the technology money counted on a contract never
 * exceeds its verified amount; the awards of a contract over every round
 * stay under the per-contract cap; every reversal of counted money shows as
 * overpaid in the history. */
static void
money_over_rounds(void **state)
{
	(void)state;
	tcreg_policy *p = policy(HEAD "rounding: {to: fen, mode: down}\nrules:\n"
				      "  - name: s\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: open, to: open}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: tech_received, per: contract}\n"
				      "    rate: {kind: flat, pct: 30}\n    caps: [{per: contract, amount: 300000}]\n"); /* 元 */
	for (int round = 0; round < 4; round++) {
		char *path;
		tcreg_registry *reg = fresh_registry(&path);
		int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
		int64_t ids[40];
		for (int i = 0; i < 40; i++) {
			char no[16];
			snprintf(no, sizeof(no), "C%d", i);
			int64_t total = (int64_t)(rnd() % 200000000) + 100;
			ids[i] = contract(reg, no, s, b, "11", total, "2024-06-01", 0);
			/* a declared non-technical part, and deductions on some */
			int64_t tech = total - (int64_t)(rnd() % (uint64_t)(total / 2 + 1));
			int64_t verified = rnd() % 3 ? tech : tech - (int64_t)(rnd() % (uint64_t)(tech / 2 + 1));
			sql(reg, "UPDATE contract SET tech_amount_fen = %lld, verified_tech_amount_fen = %lld WHERE id = %lld",
			    (long long)tech, (long long)verified, (long long)ids[i]);
		}
		int reversals = 0;
		for (int year = 2024; year <= 2026; year++) {
			for (int k = 0; k < 60; k++) {
				int i = (int)(rnd() % 40);
				char date[11];
				snprintf(date, sizeof(date), "%d-%02d-%02d", year, (int)(rnd() % 12) + 1, (int)(rnd() % 28) + 1);
				sqlite3_stmt *q;
				assert_int_equal(sqlite3_prepare_v2(reg->db,
								    "SELECT total_amount_fen - coalesce((SELECT sum(amount_fen) "
								    "FROM payment WHERE contract_id = ?1), 0) FROM contract WHERE id = ?1",
								    -1, &q, NULL), SQLITE_OK);
				sqlite3_bind_int64(q, 1, ids[i]);
				assert_int_equal(sqlite3_step(q), SQLITE_ROW);
				int64_t room = sqlite3_column_int64(q, 0);
				sqlite3_finalize(q);
				if (room > 0)
					pay(reg, ids[i], date, 1 + (int64_t)(rnd() % (uint64_t)room));
			}
			json_decref(run(reg, p, year, 1));
			/* reverse part of a counted payment after the commit */
			sqlite3_stmt *q;
			assert_int_equal(sqlite3_prepare_v2(reg->db,
							    "SELECT p.id, p.contract_id, p.amount_fen FROM payment p "
							    "JOIN award_payment ap ON ap.payment_id = p.id "
							    "WHERE p.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payment r "
							    "WHERE r.reverses_id = p.id) ORDER BY p.id LIMIT 1",
							    -1, &q, NULL), SQLITE_OK);
			if (sqlite3_step(q) == SQLITE_ROW) {
				sql(reg, "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, "
					 "created_at, reverses_id, note) VALUES (%lld, '%d-12-31', %lld, 'REV%d', 'x', 'x', %lld, 'r')",
				    (long long)sqlite3_column_int64(q, 1), year, -(long long)sqlite3_column_int64(q, 2),
				    ++reversals, (long long)sqlite3_column_int64(q, 0));
			}
			sqlite3_finalize(q);
		}
		static const char *const never[] = {
			/* a payment counted for more than it holds */
			"SELECT count(*) FROM (SELECT p.amount_fen AS a, sum(ap.counted_fen) AS n FROM award_payment ap "
			"JOIN payment p ON p.id = ap.payment_id GROUP BY ap.payment_id) WHERE n > a",
			/* technology money counted beyond a verified amount */
			"SELECT count(*) FROM (SELECT c.verified_tech_amount_fen AS v, sum(ap.counted_fen) AS n "
			"FROM award_payment ap JOIN payment p ON p.id = ap.payment_id JOIN contract c ON c.id = p.contract_id "
			"GROUP BY c.id) WHERE n > v",
			/* a contract paid beyond its cap over the rounds */
			"SELECT count(*) FROM (SELECT sum(a.award_fen) AS n FROM award a JOIN award_contract ac "
			"ON ac.award_id = a.id GROUP BY ac.contract_id) WHERE n > 30000000", /* 30万元 */
			/* an award whose money was reversed that is not overpaid: counted in the
			 * checks below through the history instead */
			"SELECT 0",
		};
		for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
			sqlite3_stmt *q;
			assert_int_equal(sqlite3_prepare_v2(reg->db, never[i], -1, &q, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			if (sqlite3_column_int(q, 0) != 0)
				fail_msg("round %d: %s: %d", round, never[i], sqlite3_column_int(q, 0));
			sqlite3_finalize(q);
		}
		/* every reversal of counted money is reported as overpaid */
		char *js = NULL;
		assert_int_equal(tcreg_award_history_json(reg, NULL, &js), TCREG_OK);
		json_t *h = json_loads(js, 0, NULL);
		free(js);
		int overpaid = 0;
		json_t *r, *a;
		size_t i, j;
		json_array_foreach(h, i, r) json_array_foreach(json_object_get(r, "list"), j, a)
			overpaid += json_is_true(json_object_get(a, "overpaid"));
		assert_int_equal(overpaid, reversals);
		assert_true(reversals > 0);
		json_decref(h);
		int64_t rows = 0, bad = 0;
		assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
		drop_registry(reg, path);
	}
	tcreg_policy_free(p);
}

/* One side per project, and no money paid twice across runs: a second run
 * of the year pays the money that arrived since, and only that, to the
 * side the first run paid. */
static void
one_side_and_never_twice(void **state)
{
	(void)state;
	for (int round = 0; round < 3; round++) {
		char *path;
		tcreg_registry *reg = random_registry(&path, 200);
		tcreg_policy *p = policy(one_side_policy);
		json_t *first = run(reg, p, 2025, 1);
		assert_true(json_is_true(json_object_get(first, "committed")));
		sql(reg, "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at) "
			 "SELECT id, '2025-12-01', 100000, 'LATE', 'x', 'x' FROM contract "
			 "WHERE (SELECT coalesce(sum(amount_fen), 0) FROM payment p WHERE p.contract_id = contract.id) "
			 "+ 100000 <= total_amount_fen");
		json_t *second = run(reg, p, 2025, 1);
		json_t *seen = json_object();
		json_t *a, *c;
		size_t i, j;
		json_array_foreach(json_object_get(first, "awards"), i, a)
			json_array_foreach(json_object_get(a, "contracts"), j, c) {
			/* not both sides */
			assert_null(json_object_get(seen, json_string_value(c)));
			json_object_set_new(seen, json_string_value(c), json_string(json_string_value(json_object_get(a, "rule"))));
		}
		assert_true(json_object_size(seen) > 0);
		json_array_foreach(json_object_get(second, "awards"), i, a) {
			/* the late money alone, to the side paid first */
			assert_int_equal(json_integer_value(json_object_get(a, "base_fen")), 100000);
			json_array_foreach(json_object_get(a, "contracts"), j, c) {
				json_t *rule = json_object_get(seen, json_string_value(c));
				if (rule)
					assert_string_equal(json_string_value(rule),
							    json_string_value(json_object_get(a, "rule")));
			}
		}
		/* no payment counted for more than it holds, by any rule */
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(reg->db,
						    "SELECT count(*) FROM (SELECT ap.rule, p.amount_fen, sum(ap.counted_fen) AS n "
						    "FROM award_payment ap JOIN payment p ON p.id = ap.payment_id "
						    "GROUP BY ap.payment_id, ap.rule) WHERE n > amount_fen",
						    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
		/* the money the runs counted is the money they were paid on */
		assert_int_equal(sqlite3_prepare_v2(reg->db,
						    "SELECT (SELECT sum(counted_fen) FROM award_payment), "
						    "(SELECT sum(base_fen) FROM award)", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
		sqlite3_finalize(st);
		int64_t rows = 0, bad = 0;
		assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
		json_decref(seen);
		json_decref(first);
		json_decref(second);
		tcreg_policy_free(p);
		drop_registry(reg, path);
	}
}

/* A lifetime cap per project spans years and runs. */
static void
project_cap_over_years(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t u = party(reg, "宁夏大学", "6400", "022"), b = party(reg, "买方", "6100", "190");
	int64_t c1 = contract(reg, "A", u, b, "31", 1000000000, "2023-03-01", 0);
	pay(reg, c1, "2023-05-01", 1000000000);
	int64_t c2 = contract(reg, "B", u, b, "31", 1500000000, "2024-03-01", 0);
	sql(reg, "UPDATE contract SET project_name = 'P-A' WHERE id = %lld", (long long)c2);
	pay(reg, c2, "2024-05-01", 1500000000);
	tcreg_policy *p = policy(HEAD "rounding: {to: yuan, mode: down}\nrules:\n"
				      "  - name: u\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 5}\n"
				      "    caps: [{per: project, amount: 1000000}]\n");
	json_t *r = run(reg, p, 2023, 1);
	assert_int_equal(total(r), 50000000);
	json_decref(r);
	r = run(reg, p, 2024, 1);
	assert_int_equal(total(r), 50000000);
	json_decref(r);
	r = run(reg, p, 2024, 0); /* the cap is used up */
	assert_int_equal(total(r), 0);
	json_decref(r);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* A run that fails leaves nothing behind; a preview writes nothing. */
static void
preview_writes_nothing(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = random_registry(&path, 50);
	tcreg_policy *p = policy(one_side_policy);
	json_t *r = run(reg, p, 2025, 0);
	assert_false(json_is_true(json_object_get(r, "committed")));
	json_decref(r);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db,
					    "SELECT (SELECT count(*) FROM award_run) + (SELECT count(*) FROM award)",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	/* not in force: refused before anything is read */
	struct tcreg_award_opts o = { .policy = p, .year = 2019, .commit = 1 };
	char *js = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_ERR_CONFIG);
	assert_null(js);
	tcreg_diags_free(d);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* 10 % of the money each seller received in the year */
static const char seller_10pct[] = HEAD "rounding: {to: fen, mode: down}\nrules:\n"
				       "  - name: s\n    applicant: seller\n"
				       "    eligible: {related_party: allow, registered: {from: open, to: open}, "
				       "payments: {from: Y-01-01, to: Y-12-31}}\n"
				       "    base: {kind: received, per: contract}\n"
				       "    rate: {kind: flat, pct: 10}\n";

/* Money counted in a committed round is found again whatever the payment
 * ids: dense rowids, and ids far apart (a registry merged from others). */
static void
counted_money_whatever_the_ids(void **state)
{
	(void)state;
	tcreg_policy *p = policy(seller_10pct);
	for (int sparse = 0; sparse < 2; sparse++) {
		char *path;
		tcreg_registry *reg = fresh_registry(&path);
		int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
		int64_t c = contract(reg, "A1", s, b, "11", 10000000, "2025-03-01", 0);
		pay(reg, c, "2025-04-01", 1000000);
		json_t *r = run(reg, p, 2025, 1);
		assert_int_equal(total(r), 100000); /* 10 % of 1万元 */
		json_decref(r);
		pay(reg, c, "2025-05-01", 2000000);
		if (sparse)
			sql(reg, "UPDATE payment SET id = 900000000 WHERE pay_date = '2025-05-01'");
		r = run(reg, p, 2025, 0); /* only the new money */
		assert_int_equal(total(r), 200000);
		json_decref(r);
		drop_registry(reg, path);
	}
	tcreg_policy_free(p);
}

/* Awards come in the registration order of their contracts whatever the
 * contracts' ids: dense, or far apart (a contract registered years after
 * it was entered, among many others).  Sorted by id before, when sparse. */
static void
registration_order_whatever_the_ids(void **state)
{
	(void)state;
	tcreg_policy *p = policy(seller_10pct);
	for (int sparse = 0; sparse < 2; sparse++) {
		char *path;
		tcreg_registry *reg = fresh_registry(&path);
		int64_t b = party(reg, "买方", "2301", "190");
		static const char *const dates[] = { "2025-03-01", "2025-05-01", "2025-04-01" };
		for (int i = 0; i < 3; i++) {
			char name[16], no[8];
			snprintf(name, sizeof(name), "卖方%d", i);
			snprintf(no, sizeof(no), "A%d", i);
			int64_t c = contract(reg, no, party(reg, name, "2301", "022"), b, "11", 10000000, dates[i], 0);
			pay(reg, c, "2025-06-01", 1000000);
		}
		if (sparse) /* the first entered, registered first: far from the others */
			sql(reg, "PRAGMA foreign_keys = OFF; UPDATE payment SET contract_id = 5000000 WHERE contract_id = 1;"
				 "UPDATE contract SET id = 5000000 WHERE id = 1; PRAGMA foreign_keys = ON");
		json_t *r = run(reg, p, 2025, 0), *a = json_object_get(r, "awards");
		assert_int_equal(json_array_size(a), 3);
		static const char *const want[] = { "R-A0", "R-A2", "R-A1" }; /* id order: A1 A2 A0 */
		for (size_t i = 0; i < 3; i++) {
			const json_t *cs = json_object_get(json_array_get(a, i), "contracts");
			assert_string_equal(json_string_value(json_array_get(cs, 0)), want[i]);
		}
		json_decref(r);
		drop_registry(reg, path);
	}
	tcreg_policy_free(p);
}

/* The order of the lists (tcreg-award(1)): awards rule by rule, in the
 * order the rules are worked out (the preferred rule of an exclusive group
 * first, whatever the order it is written in), within a rule in
 * registration order; the contracts not awarded in registration order, each
 * under its rules in the policy's order. */
static void
awards_by_rule_exclusions_by_contract(void **state)
{
	(void)state;
	tcreg_policy *p = policy(HEAD "rounding: {to: fen, mode: down}\nrules:\n"
				      "  - name: seller\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: open, to: open}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 10}\n"
				      "  - name: buyer\n    applicant: buyer\n"
				      "    eligible: {categories: [技术转让], related_party: allow, "
				      "registered: {from: open, to: open}, payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n    rate: {kind: flat, pct: 10}\n"
				      "exclusive:\n  - {rules: [seller, buyer], prefer: buyer}\n");
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	int64_t s = party(reg, "卖方", "2301", "022"), b = party(reg, "买方", "2301", "190");
	/* A0 development (seller only), A1 transfer (buyer), A2 and A3 unpaid */
	static const struct { const char *no, *cat, *date; bool paid; } k[] = {
		{ "A0", "11", "2025-03-01", true }, { "A1", "21", "2025-04-01", true },
		{ "A2", "11", "2025-05-01", false }, { "A3", "21", "2025-02-01", false },
	};
	for (size_t i = 0; i < 4; i++) {
		int64_t c = contract(reg, k[i].no, s, b, k[i].cat, 10000000, k[i].date, 0);
		if (k[i].paid)
			pay(reg, c, "2025-06-01", 1000000);
	}
	json_t *r = run(reg, p, 2025, 0);
	static const char *const awards[][2] = { { "buyer", "R-A1" }, { "seller", "R-A0" } };
	static const char *const excluded[][2] = {
		{ "seller", "R-A3" }, { "buyer", "R-A3" }, { "seller", "R-A2" }, { "buyer", "R-A2" }
	};
	json_t *a = json_object_get(r, "awards"), *x = json_object_get(r, "excluded");
	assert_int_equal(json_array_size(a), 2);
	assert_int_equal(json_array_size(x), 4);
	for (size_t i = 0; i < 2; i++) {
		json_t *e = json_array_get(a, i);
		assert_string_equal(json_string_value(json_object_get(e, "rule")), awards[i][0]);
		assert_string_equal(json_string_value(json_array_get(json_object_get(e, "contracts"), 0)), awards[i][1]);
	}
	for (size_t i = 0; i < 4; i++) {
		json_t *e = json_array_get(x, i);
		assert_string_equal(json_string_value(json_object_get(e, "rule")), excluded[i][0]);
		assert_string_equal(json_string_value(json_object_get(e, "contract")), excluded[i][1]);
	}
	json_decref(r);
	drop_registry(reg, path);
	tcreg_policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding_once),
		cmocka_unit_test(awards_within_caps),
		cmocka_unit_test(flat_rate_is_monotone),
		cmocka_unit_test(one_side_and_never_twice),
		cmocka_unit_test(money_over_rounds),
		cmocka_unit_test(project_cap_over_years),
		cmocka_unit_test(preview_writes_nothing),
		cmocka_unit_test(counted_money_whatever_the_ids),
		cmocka_unit_test(registration_order_whatever_the_ids),
		cmocka_unit_test(awards_by_rule_exclusions_by_contract),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
