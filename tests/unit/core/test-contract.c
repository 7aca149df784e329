/* SPDX-License-Identifier: MIT
 * test-contract.c - reading contracts back (contract.c): finding one by number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
find_ids(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv = HDR ROW1 "A-1,同号不同卖方,委托开发,东北农业大学,,2301,高等院校,乙厂,,2301,企业,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	int64_t id;
	char **cands = NULL;
	assert_int_equal(tcreg_contract_find(f->reg, "A-1", &id, &cands), TCREG_ERR_AMBIGUOUS);
	assert_non_null(cands);
	assert_non_null(cands[0]);
	assert_non_null(cands[1]);
	assert_null(cands[2]);
	tcreg_strv_free(cands);
	assert_int_equal(tcreg_contract_find(f->reg, "2", &id, NULL), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_contract_find(f->reg, "nope", &id, NULL), TCREG_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(find_ids, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
