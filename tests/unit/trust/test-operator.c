/* SPDX-License-Identifier: MIT
 * test-operator.c - operators and roles (operator.c).  The acting login here is
 * the test's own (tcreg__os_login): the roles given to it decide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "trust.h"

static void
roles_gate_actions(void **state)
{
	struct fixture *f = *state;
	const char *me = tcreg__os_login(f->reg);
	/* no operators: the name set decides, anything goes but separation */
	assert_int_equal(tcreg_config_set(f->reg, "review_days", "20"), TCREG_OK);
	/* the first operator: whoever runs it becomes admin, then LOGIN gets
	 * its roles (here the same login: it keeps admin) */
	assert_int_equal(tcreg_operator_add(f->reg, me, "测试员", "clerk"), TCREG_OK);
	assert_true(tcreg__has_operators(f->reg));
	assert_string_equal(tcreg__operator(f->reg), me);
	/* a name other than the login is refused now */
	assert_int_equal(tcreg_registry_set_operator(f->reg, "boss"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_set_operator(f->reg, me), TCREG_OK);
	assert_int_equal(tcreg_config_set(f->reg, "review_days", "21"), TCREG_OK); /* admin */
	/* no certifier role: no decision */
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_check_operator(f->reg, "auditor"), TCREG_OK); /* admin reads */
	/* admin taken away (by re-adding with other roles): settings refused */
	assert_int_equal(tcreg_operator_add(f->reg, me, "测试员", "certifier"), TCREG_OK);
	assert_int_equal(tcreg_config_set(f->reg, "review_days", "22"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_operator_add(f->reg, me, "测试员", "admin"), TCREG_ERR_DENIED);
	/* the certifier decides on a contract someone else entered */
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_OK);
	assert_int_equal(tcreg_operator_add(f->reg, "no-such-login-x", "某人", "clerk"), TCREG_ERR_USAGE);
	assert_int_equal(verify(f->reg, NULL, NULL, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roles_gate_actions, trust_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
