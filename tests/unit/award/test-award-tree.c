/* SPDX-License-Identifier: MIT
 * test-award-tree.c - the award engine's trees (tcreg-tree.h) and its typed
 * basis: each tree printed is its text sibling byte for byte, the typed
 * fields say what basis_json says, the trees are the caller's alone, and
 * errors hand over nothing.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"
#include "helpers.h"

#define COMPACT (JSON_COMPACT | JSON_PRESERVE_ORDER)

/* Every rate kind, a cap that binds and an allocation with both bounds. */
static const char *mixed_policy =
	"policy: t\ntitle: t\nsource: {document: test}\nin_force: {from: 2020-01-01, to: open}\n"
	"unit: yuan\nrounding: {to: fen, mode: half_up}\nrules:\n"
	"  - name: flat\n    applicant: buyer\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: contract_amount, per: contract}\n"
	"    rate: {kind: flat, pct: 3}\n"
	"    caps: [{per: contract, amount: 20000}]\n"
	"    allocation: [{to: 团队, min_pct: 20, max_pct: 70}]\n"
	"  - name: band\n    applicant: seller\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: contract_amount, per: applicant_year}\n"
	"    rate:\n      kind: band\n      bands:\n"
	"        - {min: 0, max: 1000000, max_inclusive: false, pct: 3, cap: 20000}\n"
	"        - {min: 1000000, pct: 2.5, cap: 90000}\n"
	"  - name: marginal\n    applicant: seller\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: tech_amount, per: contract}\n"
	"    rate: {kind: marginal, tiers: [{upto: 500000, pct: 7}, {above: 500000, pct: 1.1}]}\n"
	"  - name: plus\n    applicant: agency\n"
	"    eligible: {related_party: allow, registered: {from: Y-01-01, to: Y-12-31}}\n"
	"    base: {kind: contract_amount, per: agency_year}\n"
	"    rate: {kind: base_plus, above: 3000, amount: 5, permille: 0.6}\n";

/* The sample ledger, every contract registered, with no money received. */
static tcreg_registry *
registry_with_contracts(char **path, int *year)
{
	tcreg_registry *reg = fresh_registry(path);
	assert_int_equal(tcreg_agency_set(reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	char sample[512];
	snprintf(sample, sizeof(sample), "%s/ledger-sample.csv", getenv("TESTDATA"));
	struct tcreg_import_opts o = { .path = sample };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	tcreg_registry_set_operator(reg, "reviewer");
	for (int64_t id = 1; id <= 12; id++) {
		tcreg_diags *d;
		tcreg_certify(reg, id, TCREG_CERT_ACCEPT, NULL, &d, NULL); /* some may not be registrable */
		tcreg_diags_free(d);
	}
	json_t *c = NULL;
	assert_int_equal(tcreg_contract_tree(reg, 1, 0, &c), TCREG_OK);
	const char *reg_date = json_string_value(json_object_get(c, "reg_date"));
	assert_non_null(reg_date);
	*year = atoi(reg_date);
	json_decref(c);
	return reg;
}

static tcreg_policy *
policy_of(const char *yaml)
{
	char *path = tmpfile_str(yaml, ".yaml");
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_policy_load(&p, path, NULL, &d), TCREG_OK);
	tcreg_diags_free(d);
	unlink(path);
	free(path);
	return p;
}

/* tree printed equals text; takes both */
static void
same(json_t *tree, char *text)
{
	assert_non_null(tree);
	assert_non_null(text);
	assert_int_equal(tree->refcount, 1); /* the caller's reference, no other */
	char *printed = json_dumps(tree, COMPACT);
	assert_string_equal(printed, text);
	free(printed);
	free(text);
	json_decref(tree);
}

/* The typed basis of x says what its basis_json says. */
static void
typed_matches_text(const struct tcreg_award_info *x)
{
	json_t *o = json_loads(x->basis_json, 0, NULL), *b = json_object_get(o, "basis");
	assert_non_null(b);
	json_t *base = json_object_get(b, "base");
	size_t n = 0;
	while (x->base[n])
		n++;
	assert_int_equal(n, json_array_size(base));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(x->base[i], json_string_value(json_array_get(base, i)));
	assert_int_equal(x->growth, json_is_true(json_object_get(b, "growth")));
	assert_string_equal(x->rate, json_string_value(json_object_get(b, "rate")));
	const char *pct = json_string_value(json_object_get(b, "pct"));
	if (pct)
		assert_string_equal(x->pct, pct);
	else
		assert_null(x->pct);
	json_t *from = json_object_get(b, "band_from_fen");
	assert_int_equal(x->band_from_fen, from ? json_integer_value(from) : -1);
	assert_int_equal(x->plus_amount_fen, json_integer_value(json_object_get(b, "amount_fen")));
	assert_int_equal(x->plus_above_fen, json_integer_value(json_object_get(b, "above_fen")));
	assert_int_equal(x->contracts_summed, json_integer_value(json_object_get(b, "contracts_summed")));
	json_t *cap = json_object_get(b, "cap");
	if (json_is_object(cap)) {
		assert_string_equal(x->cap_per, json_string_value(json_object_get(cap, "per")));
		assert_int_equal(x->cap_fen, json_integer_value(json_object_get(cap, "cap_fen")));
	} else {
		assert_null(x->cap_per);
	}
	json_t *al = json_object_get(o, "allocation");
	assert_int_equal(x->nshares, json_array_size(al));
	for (size_t j = 0; j < x->nshares; j++) {
		json_t *s = json_array_get(al, j), *mn = json_object_get(s, "min_fen"), *mx = json_object_get(s, "max_fen");
		assert_string_equal(x->shares[j].to, json_string_value(json_object_get(s, "to")));
		assert_int_equal(x->shares[j].min_fen, mn ? json_integer_value(mn) : -1);
		assert_int_equal(x->shares[j].max_fen, mx ? json_integer_value(mx) : -1);
	}
	json_decref(o);
}

/* Every award of res: its tree and its basis tree are its texts, and the
 * typed read gives the same as the full one, without the texts. */
static size_t
check_awards(tcreg_award_result *res, bool *seen_rates)
{
	size_t n = tcreg_award_result_count(res);
	for (size_t i = 0; i < n; i++) {
		struct tcreg_award_info x, y;
		memset(&x, 0xA5, sizeof(x));
		assert_int_equal(tcreg_award_result_get(res, i, &x), TCREG_OK);
		/* the fields added for the typed basis are left alone (older callers' structs end before) */
		const unsigned char *tail = (const unsigned char *)&x + offsetof(struct tcreg_award_info, base);
		for (size_t k = 0; k < sizeof(x) - offsetof(struct tcreg_award_info, base); k++)
			assert_int_equal(tail[k], 0xA5);
		json_t *t;
		assert_int_equal(tcreg_award_result_award_tree(res, i, &t), TCREG_OK);
		same(t, strdup(x.json));
		assert_int_equal(tcreg_award_result_basis_tree(res, i, &t), TCREG_OK);
		same(t, strdup(x.basis_json));
		char *reason = strdup(x.reason);
		assert_int_equal(tcreg_award_result_get_typed(res, i, &y), TCREG_OK);
		for (int k = 0; k < 4; k++)
			seen_rates[k] |= strcmp(y.rate, (const char *[]){ "flat", "band", "marginal", "base_plus" }[k]) == 0;
		assert_null(y.json);
		assert_null(y.basis_json);
		assert_string_equal(y.reason, reason);
		assert_int_equal(y.award_fen, x.award_fen);
		typed_matches_text(&(struct tcreg_award_info){ .basis_json = x.basis_json, .base = y.base,
							       .growth = y.growth, .rate = y.rate, .pct = y.pct,
							       .band_from_fen = y.band_from_fen,
							       .plus_amount_fen = y.plus_amount_fen,
							       .plus_above_fen = y.plus_above_fen,
							       .contracts_summed = y.contracts_summed, .cap_per = y.cap_per,
							       .cap_fen = y.cap_fen, .nshares = y.nshares, .shares = y.shares });
		free(reason);
	}
	return n;
}

static void
award_trees_print_as_text(void **state)
{
	(void)state;
	char *path;
	int year;
	tcreg_registry *reg = registry_with_contracts(&path, &year);
	tcreg_policy *p = policy_of(mixed_policy);
	struct tcreg_award_opts o = { .policy = p, .year = year };
	tcreg_award_result *res = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award_run(reg, &o, &res, &d), TCREG_OK);
	tcreg_diags_free(d);
	bool rates[4] = { false };
	assert_true(check_awards(res, rates) > 0);
	for (int k = 0; k < 4; k++)
		assert_true(rates[k]); /* every rate kind was compared */
	json_t *t;
	assert_int_equal(tcreg_award_result_head_tree(res, &t), TCREG_OK);
	same(t, tcreg_award_result_head(res));
	tcreg_award_result_free(res);
	/* the explanation is in the head */
	o.explain = "1";
	assert_int_equal(tcreg_award_run(reg, &o, &res, &d), TCREG_OK);
	tcreg_diags_free(d);
	assert_int_equal(tcreg_award_result_head_tree(res, &t), TCREG_OK);
	assert_true(json_array_size(json_object_get(t, "explain")) > 0);
	same(t, tcreg_award_result_head(res));
	tcreg_award_result_free(res);
	char *text;
	assert_int_equal(tcreg_policy_tree(p, &t), TCREG_OK);
	assert_int_equal(tcreg_policy_json(p, &text), TCREG_OK);
	same(t, text);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* The history after a commit, and a comparison, as trees. */
static void
history_and_compare_trees(void **state)
{
	(void)state;
	char *path, *text;
	int year;
	tcreg_registry *reg = registry_with_contracts(&path, &year);
	tcreg_policy *p = policy_of(mixed_policy);
	tcreg_diags *d = NULL;
	const tcreg_policy *both[] = { p, p };
	struct tcreg_compare_opts c = { .policies = both, .npolicies = 2, .year_from = year, .year_to = year,
					.budget_fen = 100000 };
	json_t *t;
	assert_int_equal(tcreg_award_compare_tree(reg, &c, &t, &d), TCREG_OK);
	tcreg_diags_free(d);
	assert_int_equal(tcreg_award_compare_json(reg, &c, &text, &d), TCREG_OK);
	tcreg_diags_free(d);
	assert_true(json_array_size(json_object_get(t, "policies")) == 2);
	same(t, text);
	struct tcreg_award_opts o = { .policy = p, .year = year, .commit = 1 };
	char *js;
	tcreg_registry_set_operator(reg, "certifier");
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_OK);
	tcreg_diags_free(d);
	free(js);
	for (int k = 0; k < 2; k++) {
		const char *policy = k ? "t" : NULL;
		assert_int_equal(tcreg_award_history_tree(reg, policy, &t), TCREG_OK);
		assert_int_equal(tcreg_award_history_json(reg, policy, &text), TCREG_OK);
		assert_int_equal(json_array_size(t), 1);
		assert_true(json_array_size(json_object_get(json_array_get(t, 0), "list")) > 0);
		same(t, text);
	}
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

/* A tree is the caller's: changing it changes nothing the library prints
 * next; a bad call hands over nothing. */
static void
trees_are_the_callers(void **state)
{
	(void)state;
	char *path;
	int year;
	tcreg_registry *reg = registry_with_contracts(&path, &year);
	tcreg_policy *p = policy_of(mixed_policy);
	struct tcreg_award_opts o = { .policy = p, .year = year, .explain = "1" };
	tcreg_award_result *res = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award_run(reg, &o, &res, &d), TCREG_OK);
	tcreg_diags_free(d);
	char *before = tcreg_award_result_head(res);
	json_t *t;
	assert_int_equal(tcreg_award_result_head_tree(res, &t), TCREG_OK);
	json_array_clear(json_object_get(t, "explain")); /* the explanation is a copy */
	json_object_set_new(t, "policy", json_string("changed"));
	json_decref(t);
	char *after = tcreg_award_result_head(res);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_true(tcreg_award_result_count(res) > 0);
	assert_int_equal(tcreg_award_result_award_tree(res, 0, &t), TCREG_OK);
	json_t *again;
	assert_int_equal(tcreg_award_result_award_tree(res, 0, &again), TCREG_OK);
	assert_true(t != again); /* a new tree each time */
	json_decref(again);
	json_decref(t);
	size_t n = tcreg_award_result_count(res);
	t = json_true();
	assert_int_equal(tcreg_award_result_award_tree(res, n, &t), TCREG_ERR_USAGE);
	assert_null(t);
	t = json_true();
	assert_int_equal(tcreg_award_result_basis_tree(res, n, &t), TCREG_ERR_USAGE);
	assert_null(t);
	struct tcreg_award_info x;
	assert_int_equal(tcreg_award_result_get_typed(res, n, &x), TCREG_ERR_USAGE);
	t = json_true();
	assert_int_equal(tcreg_award_result_head_tree(NULL, &t), TCREG_ERR_USAGE);
	assert_null(t);
	t = json_true();
	assert_int_equal(tcreg_policy_tree(NULL, &t), TCREG_ERR_USAGE);
	assert_null(t);
	t = json_true();
	assert_int_equal(tcreg_award_history_tree(NULL, NULL, &t), TCREG_ERR_USAGE);
	assert_null(t);
	struct tcreg_compare_opts c = { .policies = (const tcreg_policy *const[]){ p }, .npolicies = 1,
					.year_from = year, .year_to = year - 1, .budget_fen = -1 };
	t = json_true();
	assert_int_equal(tcreg_award_compare_tree(reg, &c, &t, &d), TCREG_ERR_USAGE);
	assert_null(t);
	tcreg_diags_free(d);
	tcreg_award_result_free(res);
	tcreg_policy_free(p);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(award_trees_print_as_text),
		cmocka_unit_test(history_and_compare_trees),
		cmocka_unit_test(trees_are_the_callers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
