/* SPDX-License-Identifier: MIT
 * test-calendar.c - working days over the 2026 holidays (calendar.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
add_days(tcreg_registry *reg, const char *from, int n, const char *want, int want_assumed)
{
	char out[11];
	int assumed = -1;
	assert_int_equal(tcreg_workdays_add(reg, from, n, out, &assumed), TCREG_OK);
	assert_string_equal(out, want);
	assert_int_equal(assumed, want_assumed);
}

static void
working_days(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	/* an ordinary fortnight: Monday to Friday */
	add_days(reg, "2026-03-02", 5, "2026-03-09", 0);
	/* Mid-Autumn: 09-20 (Sunday) is worked, 09-25..27 are off */
	add_days(reg, "2026-09-18", 1, "2026-09-20", 0);
	add_days(reg, "2026-09-24", 1, "2026-09-28", 0);
	/* National Day: 10-01..07 off, 10-10 (Saturday) worked */
	add_days(reg, "2026-09-30", 1, "2026-10-08", 0);
	add_days(reg, "2026-10-09", 1, "2026-10-10", 0);
	add_days(reg, "2026-09-18", 15, "2026-10-15", 0);
	add_days(reg, "2026-09-18", 30, "2026-11-05", 0);
	/* Spring Festival: 02-14 and 02-28 (Saturdays) worked, 02-15..23 off */
	add_days(reg, "2026-02-13", 1, "2026-02-14", 0);
	add_days(reg, "2026-02-14", 1, "2026-02-24", 0);
	/* into 2027, which has no calendar file: Monday to Friday, and said */
	add_days(reg, "2026-12-30", 3, "2027-01-04", 1);
	int n, assumed;
	assert_int_equal(tcreg_workdays_between(reg, "2026-09-18", "2026-10-15", &n, &assumed), TCREG_OK);
	assert_int_equal(n, 15);
	assert_int_equal(tcreg_workdays_between(reg, "2026-10-15", "2026-09-18", &n, &assumed), TCREG_OK);
	assert_int_equal(n, -15);
	assert_int_equal(tcreg_workdays_between(reg, "2026-10-01", "2026-10-07", &n, &assumed), TCREG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(tcreg_workdays_add(reg, "2026-02-30", 1, (char[11]){ 0 }, NULL), TCREG_ERR_USAGE);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(working_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
