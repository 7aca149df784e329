/* SPDX-License-Identifier: MIT
 * test-report.c - the statistics (report.c): sums never wrap.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "registered.h"

/* A registry holding amounts no contract has (written before there was a
 * ceiling, or by other means) gives a clear data error, never exit 70, and
 * never a wrapped number; certify --change keeps to the ceiling. */
static void
sums_never_wrap(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	assert_int_equal(tcreg_config_set(reg, "allow_single_clerk", "yes"), TCREG_OK);
	assert_int_equal(decide(reg, 3, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_OK);
	struct tcreg_decision change = { .set = (const char *const[]){ "total_amount=10000000000.01", NULL } };
	tcreg_diags *dg = NULL;
	assert_int_equal(tcreg_certify(reg, 3, TCREG_CERT_CHANGE, &change, &dg, NULL), TCREG_ERR_INVALID);
	assert_string_equal(tcreg_diags_get(dg, 0)->code, "E_AMOUNT_CEILING");
	tcreg_diags_free(dg);
	assert_int_equal(decide(reg, 4, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_OK);
	char *json = NULL;
	assert_int_equal(tcreg_report_json(reg, "2026", &json), TCREG_OK);
	free(json);
	exec_sealed(reg, "UPDATE contract SET total_amount_fen = 9223372036854775807, "
			      "tech_amount_fen = 9223372036854775807, verified_tech_amount_fen = NULL WHERE id IN (3, 4)",
		     0, 0, 0);
	assert_int_equal(tcreg_report_json(reg, "2026", &json), TCREG_ERR_INVALID);
	assert_null(json);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "more than tcreg can count"));
	/* the month-by-month trend (SQL sums) says the same */
	assert_int_equal(tcreg_report_json(reg, "2026-01", &json), TCREG_ERR_INVALID);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "more than tcreg can count"));
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sums_never_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
