/* SPDX-License-Identifier: MIT
 * test-policy.c - award policies (policy.c): exact loading, every error placed,
 * the limits of a policy.
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

/* A negative rate or amount is said to be negative, not "not a number"
 * (the message sent the person fixing the file looking for quotes). */
static void
negative_numbers_named(void **state)
{
	(void)state;
	static const char yaml[] = HEAD "rounding: {to: yuan, mode: down}\nrules:\n  - name: a\n    applicant: seller\n"
				   "    eligible: {related_party: allow, registered: {from: open, to: open}}\n"
				   "    base: {kind: tech_amount, per: contract}\n    rate: {kind: flat, pct: -30}\n";
	char *path = tmpfile_str(yaml, ".yaml");
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_policy_load(&p, path, NULL, &d), TCREG_ERR_CONFIG);
	assert_int_equal(tcreg_diags_count(d), 1);
	assert_string_equal(tcreg_diags_get(d, 0)->code, "E_POLICY_VALUE");
	assert_string_equal(tcreg_diags_get(d, 0)->msgid, "must not be negative");
	assert_string_equal(tcreg_diags_get(d, 0)->value, "-30");
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
	drop_registry(reg, path);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_are_exact),
		cmocka_unit_test(every_error_has_a_position),
		cmocka_unit_test(policy_limits),
		cmocka_unit_test(negative_numbers_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
