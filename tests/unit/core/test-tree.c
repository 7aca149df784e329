/* SPDX-License-Identifier: MIT
 * test-tree.c - tcreg-tree.h: each tree printed is its text sibling byte
 * for byte, the tree is the caller's alone, and errors hand over nothing.
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
#define INDENTED (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* The sample ledger imported; contract 1 registered and 2 changed, so that
 * the certificate, the report and the history have something to show. */
static tcreg_registry *
registry_with_contracts(char **path)
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
	tcreg_diags *d;
	assert_int_equal(tcreg_certify(reg, 1, TCREG_CERT_ACCEPT, NULL, &d, NULL), TCREG_OK);
	tcreg_diags_free(d);
	assert_int_equal(tcreg_certify(reg, 2, TCREG_CERT_ACCEPT, NULL, &d, NULL), TCREG_OK);
	tcreg_diags_free(d);
	struct tcreg_decision change = { .set = (const char *const[]){ "project_name=寒地水稻灌溉", NULL } };
	assert_int_equal(tcreg_certify(reg, 2, TCREG_CERT_CHANGE, &change, &d, NULL), TCREG_OK);
	tcreg_diags_free(d);
	return reg;
}

static void
close_registry(tcreg_registry *reg, char *path)
{
	drop_registry(reg, path);
}

/* tree printed with flags equals text; takes both */
static void
same(json_t *tree, size_t flags, char *text)
{
	assert_non_null(tree);
	assert_non_null(text);
	assert_int_equal(tree->refcount, 1); /* the caller's reference, no other */
	char *printed = json_dumps(tree, flags);
	assert_string_equal(printed, text);
	free(printed);
	free(text);
	json_decref(tree);
}

static void
trees_print_as_text(void **state)
{
	(void)state;
	char *path, *text;
	tcreg_registry *reg = registry_with_contracts(&path);
	json_t *t;
	for (int full = 0; full <= 1; full++) {
		assert_int_equal(tcreg_contract_tree(reg, 2, full, &t), TCREG_OK);
		assert_int_equal(tcreg_contract_json(reg, 2, full, &text), TCREG_OK);
		same(t, COMPACT, text);
	}
	assert_int_equal(tcreg_certificate_tree(reg, 2, &t), TCREG_OK);
	assert_int_equal(tcreg_certificate_json(reg, 2, &text), TCREG_OK);
	assert_int_equal(json_array_size(json_object_get(t, "changes")), 1); /* read from the history tree */
	same(t, COMPACT, text);
	assert_int_equal(tcreg_queue_tree(reg, &t), TCREG_OK);
	assert_int_equal(tcreg_queue_json(reg, &text), TCREG_OK);
	assert_true(json_array_size(t) > 0);
	same(t, COMPACT, text);
	assert_int_equal(tcreg_report_tree(reg, "2026-01", &t), TCREG_OK);
	assert_int_equal(tcreg_report_json(reg, "2026-01", &text), TCREG_OK);
	assert_int_equal(json_array_size(json_object_get(json_object_get(t, "tables"), "large_contracts")), 0);
	same(t, COMPACT, text);
	assert_int_equal(tcreg_report_check_tree(reg, &t), TCREG_OK);
	assert_int_equal(tcreg_report_check(reg, &text), TCREG_OK);
	same(t, COMPACT, text);
	assert_int_equal(tcreg_risks_tree(reg, 2025, 0, NULL, &t), TCREG_OK);
	assert_int_equal(tcreg_risks_json(reg, 2025, 0, NULL, &text), TCREG_OK);
	same(t, COMPACT, text);
	assert_int_equal(tcreg_points_tree(reg, &t), TCREG_OK);
	assert_int_equal(tcreg_points_json(reg, &text), TCREG_OK);
	same(t, INDENTED, text);
	assert_int_equal(tcreg_operators_tree(reg, &t), TCREG_OK);
	assert_int_equal(tcreg_operators_json(reg, &text), TCREG_OK);
	same(t, INDENTED, text);
	close_registry(reg, path);
}

/* Two cursors over the same contracts: the tree one and the text one
 * agree row by row and end together. */
static void
iterators_print_as_text(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	tcreg_cursor *ct, *cx;
	assert_int_equal(tcreg_contract_list(reg, NULL, &ct), TCREG_OK);
	assert_int_equal(tcreg_contract_list(reg, NULL, &cx), TCREG_OK);
	json_t *t;
	const char *x;
	size_t n = 0;
	for (;;) {
		assert_int_equal(tcreg_cursor_next_tree(ct, &t), TCREG_OK);
		assert_int_equal(tcreg_cursor_next(cx, &x), TCREG_OK);
		if (!t || !x)
			break;
		same(t, COMPACT, strdup(x));
		n++;
	}
	assert_null(t);
	assert_null(x);
	assert_int_equal(n, 12);
	tcreg_cursor_free(ct);
	tcreg_cursor_free(cx);
	tcreg_queue *qt, *qx;
	assert_int_equal(tcreg_queue_open(reg, 3, &qt), TCREG_OK);
	assert_int_equal(tcreg_queue_open(reg, 3, &qx), TCREG_OK);
	for (n = 0;; n++) {
		assert_int_equal(tcreg_queue_next_tree(qt, &t), TCREG_OK);
		assert_int_equal(tcreg_queue_next(qx, &x), TCREG_OK);
		if (!t || !x)
			break;
		same(t, COMPACT, strdup(x));
	}
	assert_null(t);
	assert_null(x);
	assert_int_equal(n, 3);
	tcreg_queue_free(qt);
	tcreg_queue_free(qx);
	close_registry(reg, path);
}

/* The caller may change or keep a tree: the library neither sees the
 * change nor frees what it handed over. */
static void
trees_are_the_callers(void **state)
{
	(void)state;
	char *path, *before;
	tcreg_registry *reg = registry_with_contracts(&path);
	assert_int_equal(tcreg_contract_json(reg, 1, 1, &before), TCREG_OK);
	json_t *t;
	assert_int_equal(tcreg_contract_tree(reg, 1, 1, &t), TCREG_OK);
	json_object_clear(json_object_get(t, "seller"));
	json_object_set_new(t, "project_name", json_string("changed by the caller"));
	json_t *again;
	assert_int_equal(tcreg_contract_tree(reg, 1, 1, &again), TCREG_OK);
	same(again, COMPACT, before);
	json_decref(t);
	/* rows kept past the cursor's next call and its end */
	tcreg_cursor *c;
	assert_int_equal(tcreg_contract_list(reg, NULL, &c), TCREG_OK);
	json_t *first, *second;
	assert_int_equal(tcreg_cursor_next_tree(c, &first), TCREG_OK);
	assert_int_equal(tcreg_cursor_next_tree(c, &second), TCREG_OK);
	tcreg_cursor_free(c);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 1);
	assert_int_equal(json_integer_value(json_object_get(second, "id")), 2);
	assert_int_equal(first->refcount, 1);
	json_decref(first);
	json_decref(second);
	/* a certificate shares nothing with the contract it is read from */
	json_t *cert;
	assert_int_equal(tcreg_certificate_tree(reg, 1, &cert), TCREG_OK);
	assert_int_equal(json_object_get(cert, "reg_no")->refcount, 1);
	json_decref(cert);
	close_registry(reg, path);
}

/* On failure *out is NULL (whatever it held) and the status says why. */
static void
errors_hand_over_nothing(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	json_t dummy, *t = &dummy;
	assert_int_equal(tcreg_contract_tree(reg, 999, 0, &t), TCREG_ERR_NOT_FOUND);
	assert_null(t);
	t = &dummy;
	assert_int_equal(tcreg_certificate_tree(reg, 5, &t), TCREG_ERR_STATE); /* never registered */
	assert_null(t);
	t = &dummy;
	assert_int_equal(tcreg_certificate_tree(reg, 999, &t), TCREG_ERR_NOT_FOUND);
	assert_null(t);
	t = &dummy;
	assert_int_equal(tcreg_report_tree(reg, "2025-13", &t), TCREG_ERR_USAGE);
	assert_null(t);
	t = &dummy;
	assert_int_equal(tcreg_risks_tree(reg, 1900, 0, NULL, &t), TCREG_ERR_USAGE);
	assert_null(t);
	t = &dummy;
	assert_int_equal(tcreg_risks_tree(reg, 2025, 999, NULL, &t), TCREG_ERR_NOT_FOUND);
	assert_null(t);
	/* a damaged value: the row is refused, named, not handed over in part */
	exec_sealed(reg, "UPDATE contract SET note = CAST(x'ff' AS TEXT) WHERE id = 3", 0, 0, 0);
	t = &dummy;
	assert_int_equal(tcreg_contract_tree(reg, 3, 0, &t), TCREG_ERR_IO);
	assert_null(t);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "note"));
	char *text = (char *)"not touched";
	assert_int_equal(tcreg_contract_json(reg, 3, 0, &text), TCREG_ERR_IO);
	assert_null(text);
	/* nor is a large contract of the report left out unsaid */
	assert_int_equal(exec_sealed(reg, "UPDATE contract SET total_amount_fen = 900000000, "
					       "tech_amount_fen = 900000000, verified_tech_amount_fen = 900000000, "
					       "project_name = CAST(x'ff' AS TEXT) WHERE id = 1", 0, 0, 0),
			 SQLITE_OK);
	t = &dummy;
	assert_int_equal(tcreg_report_tree(reg, "2026-01", &t), TCREG_ERR_IO);
	assert_null(t);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "contract 1: project_name"));
	close_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trees_print_as_text), cmocka_unit_test(iterators_print_as_text),
		cmocka_unit_test(trees_are_the_callers), cmocka_unit_test(errors_hand_over_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
