/* SPDX-License-Identifier: MIT
 * test-money.c - int64 fen (money.c): amounts accepted, rejected and formatted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static int64_t
amount_ok(const char *s, int wan)
{
	int64_t fen = -1;
	const char *code = NULL, *msg = NULL;
	assert_int_equal(tcreg_amount_parse(s, wan, &fen, &code, &msg), TCREG_OK);
	return fen;
}

static const char *
amount_bad(const char *s, int wan)
{
	int64_t fen = 0;
	const char *code = NULL, *msg = NULL;
	assert_int_equal(tcreg_amount_parse(s, wan, &fen, &code, &msg), TCREG_ERR_INVALID);
	assert_non_null(msg);
	return code;
}

static void
amounts_accepted(void **state)
{
	(void)state;
	assert_int_equal(amount_ok("1234.56", 0), 123456);
	assert_int_equal(amount_ok("1,234.56", 0), 123456);
	assert_int_equal(amount_ok("１，２３４．５６", 0), 123456);
	assert_int_equal(amount_ok("¥1,234.5", 0), 123450);
	assert_int_equal(amount_ok("￥ 1234", 0), 123400);
	assert_int_equal(amount_ok("1234元", 0), 123400);
	assert_int_equal(amount_ok(" 0 ", 0), 0);
	assert_int_equal(amount_ok("12.5", 1), 12500000);        /* 万元 column */
	assert_int_equal(amount_ok("0.000001", 1), 1);           /* one fen in 万元 */
	assert_int_equal(amount_ok("3万元", 0), 3000000);         /* unit in the cell wins */
	assert_int_equal(amount_ok("300元", 1), 30000);
	assert_int_equal(amount_ok("1,234,567.00", 0), 123456700);
	assert_int_equal(amount_ok("12.340", 0), 1234);          /* a trailing zero adds nothing */
	assert_int_equal(amount_ok("92233720368547758.07", 0), INT64_MAX);
}

static void
amounts_rejected(void **state)
{
	(void)state;
	assert_string_equal(amount_bad("1.234,56", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("12,34", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("1234,567.8", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad(",123", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("12.345", 0), "E_AMOUNT_DECIMALS");
	assert_string_equal(amount_bad("1.0000001", 1), "E_AMOUNT_DECIMALS");
	assert_string_equal(amount_bad("-5", 0), "E_AMOUNT_NEGATIVE");
	assert_string_equal(amount_bad("(5.00)", 0), "E_AMOUNT_NEGATIVE");
	assert_string_equal(amount_bad("92233720368547758.08", 0), "E_AMOUNT_OVERFLOW");
	assert_string_equal(amount_bad("99999999999999999999", 0), "E_AMOUNT_OVERFLOW");
	assert_string_equal(amount_bad("1.23E+07", 0), "E_EXCEL_SCI");
	assert_string_equal(amount_bad("12,3x", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("元", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("1.2.3", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("1 234", 0), "E_AMOUNT");
}

static void
amount_formatting(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(tcreg_amount_format(123456, b, sizeof(b)), "1234.56");
	assert_string_equal(tcreg_amount_format(5, b, sizeof(b)), "0.05");
	assert_string_equal(tcreg_amount_format(-5, b, sizeof(b)), "-0.05");
	assert_string_equal(tcreg_amount_format(INT64_MIN, b, sizeof(b)), "-92233720368547758.08");
	assert_string_equal(tcreg_amount_format_wan(12345000, b, sizeof(b)), "12.35"); /* half up */
	assert_string_equal(tcreg_amount_format_wan(12344999, b, sizeof(b)), "12.34");
	assert_string_equal(tcreg_amount_format_wan(0, b, sizeof(b)), "0.00");
	assert_string_equal(tcreg_amount_format(0, b, sizeof(b)), "0.00");
	assert_string_equal(tcreg_amount_format(-100, b, sizeof(b)), "-1.00");
	assert_string_equal(tcreg_amount_format(INT64_MAX, b, sizeof(b)), "92233720368547758.07");
	/* cut to the room given, as snprintf cuts */
	assert_string_equal(tcreg_amount_format(123456, b, 4), "123");
	assert_string_equal(tcreg_amount_format(-5, b, 1), "");
}

/* The digits written by hand are snprintf's, over amounts of every length
 * and sign (a property test: 200,000 pseudo-random amounts). */
static void
amount_format_matches_printf(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15u;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t fen = (int64_t)(x >> (x % 64)); /* short and long ones */
		if (i & 1 && fen != INT64_MIN)
			fen = -fen;
		uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
		char want[32], got[32];
		snprintf(want, sizeof(want), "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
			 (unsigned long long)(a % 100));
		assert_string_equal(tcreg_amount_format(fen, got, sizeof(got)), want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_accepted),
		cmocka_unit_test(amounts_rejected),
		cmocka_unit_test(amount_formatting),
		cmocka_unit_test(amount_format_matches_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
