/* SPDX-License-Identifier: MIT
 * test-uscc.c - the unified social credit code check (uscc.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
uscc(void **state)
{
	(void)state;
	char out[19];
	const char *code;
	assert_int_equal(tcreg_uscc_check("91230600716617851J", out, &code, NULL), TCREG_OK);
	assert_string_equal(out, "91230600716617851J");
	assert_int_equal(tcreg_uscc_check("91230600716617851j", out, &code, NULL), TCREG_OK);
	assert_string_equal(out, "91230600716617851J");
	assert_int_equal(tcreg_uscc_check("９１２３０６００７１６６１７８５１Ｊ", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("912301001275734603", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("91230600716617851K", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC_CHECK");
	assert_int_equal(tcreg_uscc_check("9123060071661785", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC");
	assert_int_equal(tcreg_uscc_check("91230600716617851I", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC"); /* I is not in the alphabet */
	assert_int_equal(tcreg_uscc_check("9131609009974658E8", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("9.12306E+17", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_EXCEL_SCI");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uscc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
