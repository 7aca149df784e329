/* SPDX-License-Identifier: MIT
 * test-award-compare.c - comparisons of policies (award-compare.c): a comparison equals
 * each policy run alone.
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
		drop_registry(reg, path);
	}
	for (int k = 0; k < 3; k++)
		tcreg_policy_free(p[k]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compare_equals_each_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
