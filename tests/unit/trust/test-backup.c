/* SPDX-License-Identifier: MIT
 * test-backup.c - backup and restore (backup.c): numbers never lost silently.
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
numbers_never_lost_silently(void **state)
{
	struct fixture *f = *state;
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_OK);
	char *bak = NULL;
	assert_true(asprintf(&bak, "%s.bak", f->db) > 0);
	tcreg_verify_result *v;
	assert_int_equal(tcreg_backup(f->reg, bak, &v), TCREG_OK);
	tcreg_verify_result_free(v);
	assert_int_equal(decide(f->reg, 2, TCREG_CERT_ACCEPT), TCREG_OK); /* number 2 */
	/* the registry holds a record the backup lacks */
	assert_int_equal(tcreg_restore(f->reg, bak, 0, &v), TCREG_ERR_STATE);
	tcreg_verify_result_free(v);
	assert_int_equal(tcreg_restore(f->reg, bak, 1, &v), TCREG_OK);
	tcreg_verify_result_free(v);
	/* number 2 is not issued again: it shows as lost */
	char kind[16];
	assert_int_equal(verify(f->reg, NULL, kind, NULL), 1);
	assert_string_equal(kind, "regno");
	char *no = NULL;
	tcreg_diags *d = NULL;
	struct tcreg_decision dec = { 0 };
	assert_int_equal(tcreg_certify(f->reg, 2, TCREG_CERT_ACCEPT, &dec, &d, &no), TCREG_OK);
	assert_non_null(strstr(no, "000003"));
	free(no);
	tcreg_diags_free(d);
	/* a backup changed afterwards is refused */
	edit_outside(bak, "UPDATE party SET name = 'x' WHERE id = 1");
	assert_int_equal(tcreg_restore(f->reg, bak, 1, &v), TCREG_ERR_INVALID);
	tcreg_verify_result_free(v);
	unlink(bak);
	free(bak);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(numbers_never_lost_silently, trust_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
