/* SPDX-License-Identifier: MIT
 * test-text.c - the text helpers (text.c): trimming, width folding, header
 * normalisation, UTF-8 prefixes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
text_helpers(void **state)
{
	(void)state;
	char a[64] = "\xe3\x80\x80 合同 \t";
	assert_string_equal(tcreg__trim(a), "合同");
	char b[64] = "（万元）ＡＢ１";
	tcreg__fold_width(b);
	assert_string_equal(b, "(万元)AB1");
	char *h = tcreg__header_norm("合同成交额（万元）");
	assert_string_equal(h, "合同成交额(万元)");
	free(h);
	h = tcreg__header_norm(" Total_Amount ");
	assert_string_equal(h, "totalamount");
	free(h);
	assert_true(tcreg__is_excel_sci("1.23E+17"));
	assert_true(tcreg__is_excel_sci("9E+17"));
	assert_false(tcreg__is_excel_sci("1E5"));
	assert_false(tcreg__is_excel_sci("914168630553E44730")); /* a real USCC */
	assert_false(tcreg__is_excel_sci("12.5E+3x"));
	assert_false(tcreg__is_excel_sci("HT-1E5"));
	assert_false(tcreg__is_excel_sci("123"));
	bool t;
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"ab\xe5\x90", 4, &t), 2);
	assert_true(t);
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"ab\xc0\x80", 4, &t), 2);
	assert_false(t); /* overlong */
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"\xed\xa0\x80", 3, &t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
