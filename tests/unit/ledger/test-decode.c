/* SPDX-License-Identifier: MIT
 * test-decode.c - encodings (decode.c): each one read, a mixed file refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "reader.h"

static void
encodings(void **state)
{
	(void)state;
	struct got g;
	/* GB18030 of "编号,金额\r\n一,1\r\n" */
	const char gb[] = "\xb1\xe0\xba\xc5,\xbd\xf0\xb6\xee\r\n\xd2\xbb,1\r\n";
	assert_int_equal(read_all(gb, sizeof(gb) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_GB18030);
	assert_string_equal(g.first[0], "编号");
	assert_string_equal(g.first[1], "一");
	/* CP936's euro byte 0x80 */
	const char euro[] = "\xb1\xe0\xba\xc5\r\n\x80\r\n";
	assert_int_equal(read_all(euro, sizeof(euro) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_string_equal(g.first[1], "€");
	/* UTF-16LE with BOM, tab-separated (Excel "Unicode text") */
	const char u16[] = "\xff\xfe" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\x16\x4e\r\0\n\0";
	assert_int_equal(read_all(u16, sizeof(u16) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_UTF16LE);
	assert_int_equal(g.delim, '\t');
	assert_int_equal(g.nfields[1], 2);
	assert_string_equal(g.last[1], "世");
	/* UTF-8 BOM stripped from the first header */
	const char bom[] = "\xef\xbb\xbf" "合同编号,x\n1,2\n";
	assert_int_equal(read_all(bom, sizeof(bom) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_string_equal(g.first[0], "合同编号");
	/* GB18030 BOM */
	const char gbbom[] = "\x84\x31\x95\x33" "\xb1\xe0\xba\xc5\n";
	assert_int_equal(read_all(gbbom, sizeof(gbbom) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_GB18030);
	assert_string_equal(g.first[0], "编号");
}

static void
mixed_encoding_is_an_error(void **state)
{
	(void)state;
	/* UTF-8 header, then a GB18030 row on line 3 */
	const char mixed[] = "合同编号,x\n1,2\n\xd6\xd0,3\n";
	struct got g;
	assert_int_equal(read_all(mixed, sizeof(mixed) - 1, TCREG_ENC_AUTO, &g), TCREG_ERR_INVALID);
	assert_int_equal(g.n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings),
		cmocka_unit_test(mixed_encoding_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
