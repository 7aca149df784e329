/* SPDX-License-Identifier: MIT
 * test-date.c - ISO dates (date.c): parsing, and day arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
date_ok(const char *in, const char *want)
{
	char iso[11] = "";
	assert_int_equal(tcreg_date_parse(in, iso, NULL, NULL), TCREG_OK);
	assert_string_equal(iso, want);
}

static const char *
date_bad(const char *in)
{
	char iso[11];
	const char *code = NULL;
	assert_int_equal(tcreg_date_parse(in, iso, &code, NULL), TCREG_ERR_INVALID);
	return code;
}

static void
dates(void **state)
{
	(void)state;
	date_ok("2025-03-05", "2025-03-05");
	date_ok("2025/3/5", "2025-03-05");
	date_ok("2025.3.5", "2025-03-05");
	date_ok("2025年3月5日", "2025-03-05");
	date_ok("2025年03月05号", "2025-03-05");
	date_ok("20250305", "2025-03-05");
	date_ok("２０２５－０３－０５", "2025-03-05");
	date_ok("2025/3/5 0:00", "2025-03-05");
	date_ok("2024-02-29", "2024-02-29");
	date_ok("2000-02-29", "2000-02-29");
	assert_string_equal(date_bad("2025-02-30"), "E_DATE_INVALID");
	assert_string_equal(date_bad("2025-02-29"), "E_DATE_INVALID");
	assert_string_equal(date_bad("1900-02-28"), "E_DATE_RANGE");
	assert_string_equal(date_bad("2025-13-01"), "E_DATE_INVALID");
	assert_string_equal(date_bad("20250230"), "E_DATE_INVALID");
	assert_string_equal(date_bad("45296"), "E_DATE");
	assert_string_equal(date_bad("2025-3/5"), "E_DATE");
	assert_string_equal(date_bad("25-3-5"), "E_DATE");
	assert_string_equal(date_bad("2025/3/5 12:30"), "E_DATE");
	assert_string_equal(date_bad("2025-03-055"), "E_DATE");
	assert_string_equal(date_bad(""), "E_DATE");
}

static void
day_arithmetic(void **state)
{
	(void)state;
	char iso[11];
	assert_int_equal(tcreg__days("1970-01-01"), 0);
	assert_int_equal(tcreg__weekday(tcreg__days("2026-11-23")), 0); /* a Monday */
	assert_int_equal(tcreg__days("2024-03-01") - tcreg__days("2024-02-28"), 2);
	for (int64_t d = tcreg__days("1999-12-25"); d < tcreg__days("2031-01-10"); d += 7) {
		tcreg__date_of(d, iso);
		assert_int_equal(tcreg__days(iso), d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates),
		cmocka_unit_test(day_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
