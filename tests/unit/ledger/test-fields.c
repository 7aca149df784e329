/* SPDX-License-Identifier: MIT
 * test-fields.c - field checks (fields.c): the office's amount ceiling wherever
 * an amount enters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* An amount above the office's ceiling is refused wherever it enters: the
 * ledger, payments, documents, interactive entry (and certify --change, in
 * report/test-report.c).  92,233,720,368,547,758.07 元 fits in int64 fen, and two of
 * them once made every report of their period fail. */
static void
amount_ceiling(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *huge = HDR "A-9,巨额,委托开发,哈尔滨工业大学,,2301,高等院校,乙厂,,2301,企业,"
			       "\"92,233,720,368,547,758.07\",100,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, huge, 0, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_AMOUNT_CEILING");
	assert_non_null(d);
	assert_int_equal(d->line, 2);
	assert_string_equal(d->column, "合同成交额");
	assert_string_equal(d->value, "92,233,720,368,547,758.07");
	assert_string_equal(d->arg, "10,000,000,000"); /* the default: 100亿元 */
	assert_int_equal(r->rejected, 1);
	tcreg_import_result_free(r);
	/* at the ceiling is allowed; a lower ceiling refuses what it used to take */
	const char *at = HDR "A-8,上限,委托开发,哈尔滨工业大学,,2301,高等院校,乙厂,,2301,企业,10000000000,1,"
			     "2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, at, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "2000000"), TCREG_OK);
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_ERR_INVALID);
	d = find_diag(r, "E_AMOUNT_CEILING");
	assert_non_null(d);
	assert_int_equal(d->line, 2); /* 3,000,000.00 */
	assert_string_equal(d->arg, "2,000,000");
	assert_int_equal(r->rejected, 1);
	tcreg_import_result_free(r);
	/* a payment */
	const char *pay = "卖方名称,合同编号,到账日期,到账金额,凭证号\n"
			  "哈尔滨工业大学,A-8,2025-04-01,2000000.01,V001\n";
	char *path = tmpfile_str(pay, ".csv");
	struct tcreg_import_opts o = { .kind = TCREG_LEDGER_PAYMENTS, .path = path };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_AMOUNT_CEILING"));
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	/* a document, in whole fen */
	const char *doc = "{\"contract_no\": \"D-9\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"region\": \"2301\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 900000000000000000, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\"}";
	path = tmpfile_str(doc, ".json");
	o = (struct tcreg_import_opts){ .path = path };
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_AMOUNT_CEILING"));
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	/* interactive entry checks each answer the same way */
	char *shown = NULL;
	tcreg_diags *dg = NULL;
	assert_int_equal(tcreg_field_check(f->reg, "total_amount", "2000000.01", &shown, &dg), TCREG_ERR_INVALID);
	assert_string_equal(tcreg_diags_get(dg, 0)->code, "E_AMOUNT_CEILING");
	tcreg_diags_free(dg);
	free(shown);
	assert_int_equal(tcreg_field_check(f->reg, "total_amount", "2000000", &shown, &dg), TCREG_OK);
	tcreg_diags_free(dg);
	free(shown);
	/* the setting itself is a whole, positive number of 元 */
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "0"), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "1.5"), TCREG_ERR_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(amount_ceiling, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
