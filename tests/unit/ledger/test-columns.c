/* SPDX-License-Identifier: MIT
 * test-columns.c - header matching (columns.c): missing and unknown columns stop
 * before any row, headers in 万元, and the rules on the rows read under them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
header_problems_stop_before_rows(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv = "合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,签订日期,有效期起,有效期止,技术领域,颜色\n1,2,3\n";
	assert_int_equal(import(f, csv, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_HEADER_MISSING");
	assert_non_null(d);
	assert_string_equal(d->column, "技术交易额");
	assert_non_null(find_diag(r, "W_UNKNOWN_COLUMN"));
	assert_int_equal(r->rows, 0);
	tcreg_import_result_free(r);
}

static void
wan_header_and_rules(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv =
		"合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额（万元）,技术交易额(万元),签订日期,有效期起,有效期止,技术领域\n"
		"W-1,项目,技术服务,甲所,2301,科研机构,乙厂,2301,企业,12.5,12.5,2025-01-01,2025-01-01,2025-12-31,农业\n"
		"W-2,项目,技术服务,甲所,2301,科研机构,乙厂,2301,企业,1,2,2027-01-01,2025-01-01,2025-12-31,农业\n"
		"W-3,项目,技术服务,甲所,2301,科研机构,甲所,2301,科研机构,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 1);
	assert_non_null(find_diag(r, "E_TECH_GT_TOTAL"));
	assert_non_null(find_diag(r, "E_DATE_FUTURE"));
	assert_non_null(find_diag(r, "E_SAME_PARTY"));
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT total_amount_fen FROM contract"), 12500000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(header_problems_stop_before_rows, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(wan_header_and_rules, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
