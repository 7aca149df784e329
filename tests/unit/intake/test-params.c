/* SPDX-License-Identifier: MIT
 * test-params.c - named parameters (params.c) are checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* Statements bound by name (params.c): a name the statement does not have
 * is an internal error when it is run, and so is a parameter of the
 * statement the caller has no name for; neither binds silently. */
static void
named_parameters_are_checked(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { ":a", ":b" };
	sqlite3_stmt *q;
	struct tcreg__params p;
	assert_int_equal(sqlite3_prepare_v2(f->reg->db, "SELECT :a * 2", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(tcreg__params_init(f->reg, &p, q, names, 2), TCREG_OK);
	tcreg__param_int64(&p, 0, 21);
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 42);
	sqlite3_reset(q);
	tcreg__param_int64(&p, 1, 5); /* :b is not the statement's */
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_ERR_INTERNAL);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), ":b"));
	/* what was bound is cleared: nothing half-bound runs later */
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(q, 0), SQLITE_NULL);
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_OK);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(f->reg->db, "SELECT :a, :c", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(tcreg__params_init(f->reg, &p, q, names, 2), TCREG_ERR_INTERNAL);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), ":c"));
	sqlite3_finalize(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(named_parameters_are_checked, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
