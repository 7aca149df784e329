/* SPDX-License-Identifier: MIT
 * test-award.c - award policies and the award engine: exact loading,
 * rounding once, and properties over random registries (an award never
 * exceeds a cap, a flat rate never pays less for a larger base, one side
 * per project, nothing paid twice).
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "award/policy.h"
#include "tcreg-private.h"
#include "helpers.h"

/* ---- building registries directly ---- */

static void
sql(tcreg_registry *reg, const char *fmt, ...)
{
	char *q;
	va_list ap;
	va_start(ap, fmt);
	assert_true(vasprintf(&q, fmt, ap) > 0);
	va_end(ap);
	char *err = NULL;
	int rc = sqlite3_exec(reg->db, q, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	free(q);
}

static int64_t
party(tcreg_registry *reg, const char *name, const char *region, const char *nature)
{
	sql(reg, "INSERT INTO party(name, region, nature) VALUES ('%s', '%s', '%s')", name, region, nature);
	return sqlite3_last_insert_rowid(reg->db);
}

static int64_t
contract(tcreg_registry *reg, const char *no, int64_t seller, int64_t buyer, const char *cat,
	 int64_t fen, const char *reg_date, int related)
{
	sql(reg,
	    "INSERT INTO contract(contract_no, seller_id, buyer_id, project_name, category, total_amount_fen, "
	    "tech_amount_fen, verified_tech_amount_fen, sign_date, valid_from, valid_to, tech_field, related_party, "
	    "status, reg_no, reg_date, accept_date, entered_by, created_at) VALUES ('%s', %lld, %lld, 'P-%s', '%s', "
	    "%lld, %lld, %lld, '%s', '%s', '%s', '01', %d, 'registered', 'R-%s', '%s', '%s', 'x', '%sT00:00:00')",
	    no, (long long)seller, (long long)buyer, no, cat, (long long)fen, (long long)fen, (long long)fen, reg_date,
	    reg_date, reg_date, related, no, reg_date, reg_date, reg_date);
	return sqlite3_last_insert_rowid(reg->db);
}

static void
pay(tcreg_registry *reg, int64_t cid, const char *date, int64_t fen)
{
	static int voucher;
	sql(reg, "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at) "
		 "VALUES (%lld, '%s', %lld, 'V%d', 'x', '2026-01-01T00:00:00')",
	    (long long)cid, date, (long long)fen, ++voucher);
}

static tcreg_policy *
policy(const char *yaml)
{
	char *path = tmpfile_str(yaml, ".yaml");
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	tcreg_status st = tcreg_policy_load(&p, path, NULL, &d);
	for (size_t i = 0; st != TCREG_OK && i < tcreg_diags_count(d); i++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, i);
		print_error("%ld:%ld: %s %s (%s)\n", x->line, x->col, x->column ? x->column : "", x->msgid,
			    x->value ? x->value : "");
	}
	assert_int_equal(st, TCREG_OK);
	tcreg_diags_free(d);
	unlink(path);
	free(path);
	return p;
}

static json_t *
run(tcreg_registry *reg, const tcreg_policy *p, int year, int commit)
{
	struct tcreg_award_opts o = { .policy = p, .year = year, .commit = commit };
	char *js = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_OK);
	tcreg_diags_free(d);
	json_t *r = json_loads(js, 0, NULL);
	assert_non_null(r);
	free(js);
	return r;
}

static long long
total(const json_t *r)
{
	return (long long)json_integer_value(json_object_get(r, "total_award_fen"));
}

#define HEAD                                                                                        \
	"policy: t\ntitle: t\nsource: {document: test}\nin_force: {from: 2020-01-01, to: open}\n" \
	"unit: yuan\n"

/* ---- loading ---- */

static void
amounts_are_exact(void **state)
{
	(void)state;
	tcreg_policy *p = policy(
		"policy: t\ntitle: t\nsource: {document: test}\nin_force: {from: 2020-01-01, to: open}\n"
		"unit: wan\nrounding: {to: fen, mode: down}\nrules:\n"
		"  - name: a\n    applicant: seller\n"
		"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
		"    base: {kind: contract_amount, per: contract}\n"
		"    threshold: {min: 49.99, min_inclusive: false}\n"
		"    rate: {kind: flat, pct: 0.0125}\n"
		"    caps: [{per: contract, amount: 1_000}]\n");
	assert_int_equal(p->rules[0].min_fen, 49990000);           /* 49.99万元 */
	assert_false(p->rules[0].min_incl);
	assert_int_equal(p->rules[0].tiers[0].ppm, 125);           /* 0.0125 % */
	assert_int_equal(p->rules[0].caps[0].amount_fen, 1000000000); /* 1000万元 */
	assert_int_equal(p->round_fen, 1);
	tcreg_policy_free(p);
}

static void
every_error_has_a_position(void **state)
{
	(void)state;
	const char *bad[] = {
		/* unknown key */
		HEAD "rounding: {to: yuan, mode: down}\nrules: []\ncolour: red\n",
		/* wrong type: a quoted number */
		HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
		     "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
		     "    base: {kind: tech_amount, per: contract}\n    rate: {kind: flat, pct: '5'}\n",
		/* missing field */
		HEAD "rules: []\n",
		/* impossible: a per-contract cap on an applicant-year base */
		HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
		     "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
		     "    base: {kind: tech_amount, per: applicant_year}\n    rate: {kind: flat, pct: 5}\n"
		     "    caps: [{per: contract, amount: 10}]\n",
		/* impossible: an empty threshold */
		HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
		     "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
		     "    base: {kind: tech_amount, per: contract}\n"
		     "    threshold: {min: 10, min_inclusive: true, max: 10, max_inclusive: false}\n"
		     "    rate: {kind: flat, pct: 5}\n",
		/* impossible: growth of a single contract */
		HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
		     "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
		     "    base: {kind: tech_amount, per: contract, growth: true}\n    rate: {kind: flat, pct: 5}\n",
		/* rules that are not mappings (found by the fuzzer: a crash comparing names) */
		HEAD "rounding: {to: yuan, mode: down}\nrules: [5, six, [7]]\n",
		/* not UTF-8 */
		HEAD "title2: \xff\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = tmpfile_str(bad[i], ".yaml");
		tcreg_policy *p = NULL;
		tcreg_diags *d = NULL;
		assert_int_equal(tcreg_policy_load(&p, path, NULL, &d), TCREG_ERR_CONFIG);
		assert_null(p);
		assert_true(tcreg_diags_count(d) > 0);
		if (i + 1 < sizeof(bad) / sizeof(bad[0]))
			assert_true(tcreg_diags_get(d, 0)->line > 0);
		tcreg_diags_free(d);
		unlink(path);
		free(path);
	}
}

/* The diagnostics of loading yaml (which must fail): its first code, line
 * and column. */
static void
load_fails(const char *yaml, size_t len, const char *code, long line, long col)
{
	char *path = tmpfile_with(yaml, len, ".yaml");
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_policy_load(&p, path, NULL, &d), TCREG_ERR_CONFIG);
	assert_null(p);
	assert_true(tcreg_diags_count(d) > 0);
	assert_string_equal(tcreg_diags_get(d, 0)->code, code);
	assert_int_equal(tcreg_diags_get(d, 0)->line, line);
	assert_int_equal(tcreg_diags_get(d, 0)->col, col);
	tcreg_diags_free(d);
	unlink(path);
	free(path);
}

#define RULE(name)                                                                                 \
	"  - name: " name "\n    applicant: seller\n"                                               \
	"    eligible: {related_party: allow, registered: {from: open, to: open}}\n"               \
	"    base: {kind: tech_amount, per: contract}\n    rate: {kind: flat, pct: 5}\n"

/* Whatever award refuses, policy check (the loader) refuses first: more
 * rules than the engine has bits for, YAML tags (!!str 30 was taken for a
 * number, !evil accepted), and a file that is too large to be one (it was
 * cut at 4 MiB and what was left loaded). */
static void
policy_limits(void **state)
{
	(void)state;
	const char *tagged[] = {
		HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
		     "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
		     "    base: {kind: tech_amount, per: contract}\n    rate: {kind: flat, pct: !!str 30}\n",
		HEAD "rounding: !evil {to: yuan, mode: down}\nrules:\n" RULE("a"),
	};
	load_fails(tagged[0], strlen(tagged[0]), "E_POLICY_TAG", 12, 29);
	load_fails(tagged[1], strlen(tagged[1]), "E_POLICY_TAG", 6, 11);
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_puts(&b, HEAD "rounding: {to: yuan, mode: down}\nrules:\n");
	for (int i = 0; i < 32; i++) {
		char name[16];
		snprintf(name, sizeof(name), "r%d", i);
		tcreg__buf_printf(&b, RULE("%s"), name);
	}
	/* 32 rules: loaded, and award runs them */
	tcreg_policy *p = policy(b.data);
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	json_decref(run(reg, p, 2025, 0));
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
	tcreg_policy_free(p);
	tcreg__buf_printf(&b, RULE("r32"));
	load_fails(b.data, b.len, "E_POLICY_LIMIT", 8 + 32 * 5, 5); /* the 33rd rule */
	/* a valid policy and then 5 MiB of comment: refused whole, never cut */
	tcreg__buf_reset(&b);
	tcreg__buf_puts(&b, HEAD "rounding: {to: yuan, mode: down}\nrules:\n" RULE("a"));
	while (b.len < (5u << 20))
		tcreg__buf_puts(&b, "# ........................................................................\n");
	load_fails(b.data, b.len, "E_POLICY_SIZE", 0, 0);
	tcreg__buf_release(&b);
}

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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t
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
static tcreg_registry *
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
		tcreg_registry_close(reg);
		remove_registry(path);
		free(path);
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

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
		tcreg_registry_close(reg);
		remove_registry(path);
		free(path);
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
		tcreg_registry_close(reg);
		remove_registry(path);
		free(path);
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

/* A comparison is the policies run alone, added up: over random registries
 * and two years, each policy's total, awards, applicants and contracts equal
 * those of its own rounds, and each listed change is the applicant's sums
 * under every policy, the largest difference first. */
static void
compare_equals_each_alone(void **state)
{
	(void)state;
	const char *yaml[] = { cap_policy, one_side_policy,
			       HEAD "rounding: {to: fen, mode: down}\nrules:\n"
				    "  - name: s\n    applicant: seller\n"
				    "    eligible: {related_party: allow, registered: {from: open, to: open}, "
				    "payments: {from: Y-01-01, to: Y-12-31}}\n"
				    "    base: {kind: tech_received, per: contract}\n"
				    "    rate: {kind: flat, pct: 12.5}\n" };
	tcreg_policy *p[3];
	for (int k = 0; k < 3; k++)
		p[k] = policy(yaml[k]);
	for (int round = 0; round < 3; round++) {
		char *path;
		tcreg_registry *reg = random_registry(&path, 150);
		struct tcreg_compare_opts o = { .policies = (const tcreg_policy *const *)p, .npolicies = 3,
						.year_from = 2025, .year_to = 2026, .budget_fen = -1 };
		char *js = NULL;
		tcreg_diags *d = NULL;
		assert_int_equal(tcreg_award_compare_json(reg, &o, &js, &d), TCREG_OK);
		tcreg_diags_free(d);
		json_t *cmp = json_loads(js, 0, NULL);
		free(js);
		assert_non_null(cmp);
		json_t *sums = json_object(); /* applicant -> [fen under each policy] */
		for (int k = 0; k < 3; k++) {
			long long tot = 0, awards = 0;
			json_t *applicants = json_object(), *contracts = json_object();
			for (int year = 2025; year <= 2026; year++) {
				json_t *r = run(reg, p[k], year, 0);
				tot += total(r);
				size_t i;
				json_t *a;
				json_array_foreach(json_object_get(r, "awards"), i, a) {
					const char *who = json_string_value(json_object_get(a, "applicant"));
					awards++;
					json_object_set_new(applicants, who, json_true());
					size_t j;
					json_t *c;
					json_array_foreach(json_object_get(a, "contracts"), j, c)
						json_object_set_new(contracts, json_string_value(c), json_true());
					json_t *v = json_object_get(sums, who);
					if (!v) {
						v = json_pack("[I, I, I]", (json_int_t)0, (json_int_t)0, (json_int_t)0);
						json_object_set_new(sums, who, v);
					}
					json_array_set_new(v, (size_t)k,
							   json_integer(json_integer_value(json_array_get(v, (size_t)k)) +
									json_integer_value(json_object_get(a, "award_fen"))));
				}
				json_decref(r);
			}
			json_t *got = json_array_get(json_object_get(cmp, "policies"), (size_t)k);
			assert_int_equal(json_integer_value(json_object_get(got, "total_award_fen")), tot);
			assert_int_equal(json_integer_value(json_object_get(got, "awards")), awards);
			assert_int_equal(json_integer_value(json_object_get(got, "applicants")), json_object_size(applicants));
			assert_int_equal(json_integer_value(json_object_get(got, "contracts")), json_object_size(contracts));
			json_decref(applicants);
			json_decref(contracts);
		}
		json_t *changes = json_object_get(cmp, "changes");
		assert_true(json_array_size(changes) > 0);
		int64_t last = INT64_MAX;
		size_t i;
		json_t *c;
		json_array_foreach(changes, i, c) {
			json_t *want = json_object_get(sums, json_string_value(json_object_get(c, "applicant")));
			json_t *fen = json_object_get(c, "award_fen");
			int64_t lo = INT64_MAX, hi = 0;
			for (size_t k = 0; k < 3; k++) {
				int64_t f = json_integer_value(json_array_get(fen, k));
				assert_int_equal(f, want ? json_integer_value(json_array_get(want, k)) : 0);
				lo = f < lo ? f : lo;
				hi = f > hi ? f : hi;
				/* a policy that pays the applicant says why */
				assert_true(f == 0 || json_is_string(json_array_get(json_object_get(c, "reason"), k)));
			}
			int64_t spread = json_integer_value(json_object_get(c, "spread_fen"));
			assert_int_equal(spread, hi - lo);
			assert_true(spread > 0 && spread <= last);
			last = spread;
		}
		json_decref(sums);
		json_decref(cmp);
		tcreg_registry_close(reg);
		remove_registry(path);
		free(path);
	}
	for (int k = 0; k < 3; k++)
		tcreg_policy_free(p[k]);
}

/* Money counted in a committed round is found again whatever the payment
 * ids: dense rowids, and ids far apart (a registry merged from others). */
static void
counted_money_whatever_the_ids(void **state)
{
	(void)state;
	tcreg_policy *p = policy(HEAD "rounding: {to: fen, mode: down}\nrules:\n"
				      "  - name: s\n    applicant: seller\n"
				      "    eligible: {related_party: allow, registered: {from: open, to: open}, "
				      "payments: {from: Y-01-01, to: Y-12-31}}\n"
				      "    base: {kind: received, per: contract}\n"
				      "    rate: {kind: flat, pct: 10}\n");
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
		tcreg_registry_close(reg);
		remove_registry(path);
		free(path);
	}
	tcreg_policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_are_exact),
		cmocka_unit_test(every_error_has_a_position), cmocka_unit_test(policy_limits),
		cmocka_unit_test(rounding_once),
		cmocka_unit_test(awards_within_caps),
		cmocka_unit_test(flat_rate_is_monotone),
		cmocka_unit_test(one_side_and_never_twice), cmocka_unit_test(money_over_rounds),
		cmocka_unit_test(project_cap_over_years),
		cmocka_unit_test(preview_writes_nothing),
		cmocka_unit_test(compare_equals_each_alone),
		cmocka_unit_test(counted_money_whatever_the_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
