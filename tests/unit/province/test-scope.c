/* SPDX-License-Identifier: MIT
 * test-scope.c - operators limited to their points (scope.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "points.h"

/* Acting as another login: identity is the OS login once operators exist;
 * the test sets it, as getuid would (daemon and bin are on every Debian). */
static void
act_as(tcreg_registry *reg, const char *login)
{
	free(reg->os_login);
	reg->os_login = strdup(login);
}

static void
operators_work_at_their_points(void **state)
{
	struct fixture *f = *state;
	/* whoever created the registry adds the first operator and becomes admin */
	char *admin = strdup(tcreg__os_login(f->reg));
	const char *harbin[] = { "230101" }, *qiqihar[] = { "02" }, *bad[] = { "01" };
	assert_int_equal(tcreg_operator_add_at(f->reg, "daemon", "王强", "certifier", harbin, 1), TCREG_OK);
	assert_int_equal(tcreg_operator_add_at(f->reg, "bin", "李娜", "clerk", qiqihar, 1), TCREG_OK);
	/* an ambiguous point adds nothing */
	assert_int_equal(tcreg_operator_add_at(f->reg, "sys", "x", "clerk", bad, 1), TCREG_ERR_USAGE);
	int64_t *ids, id;
	size_t n;
	/* the admin works province-wide */
	assert_int_equal(tcreg__acting_points(f->reg, &ids, &n), TCREG_OK);
	assert_int_equal(n, 0);
	assert_null(tcreg__view_sql(f->reg, "point_id"));
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_OK);

	act_as(f->reg, "daemon");
	assert_int_equal(tcreg__acting_points(f->reg, &ids, &n), TCREG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 2);
	free(ids);
	char *where = tcreg__view_sql(f->reg, "point_id");
	assert_string_equal(where, "point_id IN (2)");
	free(where);
	assert_int_equal(tcreg__may_act_at(f->reg, 2), TCREG_OK);
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_ERR_DENIED);
	assert_int_equal(tcreg__may_act_at(f->reg, 1), TCREG_ERR_DENIED);
	/* files at their one point by default, nowhere else */
	assert_int_equal(tcreg__filing_point(f->reg, &id), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_registry_set_point(f->reg, "02"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_set_view(f->reg, "230202"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_set_view(f->reg, "230101"), TCREG_OK);
	where = tcreg__view_sql(f->reg, "point_id");
	assert_string_equal(where, "point_id = 2");
	free(where);

	/* moved to province-wide by the admin */
	act_as(f->reg, admin);
	assert_int_equal(tcreg_operator_set_points(f->reg, "daemon", NULL, 0), TCREG_OK);
	assert_int_equal(tcreg_operator_set_points(f->reg, "nosuchlogin", NULL, 0), TCREG_ERR_NOT_FOUND);
	act_as(f->reg, "daemon");
	assert_int_equal(tcreg_registry_set_view(f->reg, NULL), TCREG_OK);
	assert_null(tcreg__view_sql(f->reg, "point_id"));
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_OK);
	/* only an admin sets points */
	assert_int_equal(tcreg_operator_set_points(f->reg, "bin", NULL, 0), TCREG_ERR_DENIED);
	/* a disabled point decides nothing */
	act_as(f->reg, admin);
	assert_int_equal(tcreg_point_disable(f->reg, "02"), TCREG_OK);
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_ERR_STATE);
	assert_int_equal(tcreg_registry_set_point(f->reg, "02"), TCREG_ERR_STATE);
	free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(operators_work_at_their_points, points_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
