/* SPDX-License-Identifier: MIT
 * test-audit.c - the audit chain (audit.c) and the keyed chain and its anchor
 * (key.c).
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
audit_tamper_detected(void **state)
{
	struct fixture *f = *state;
	/* the fixture made it, set the agency and imported: three records */
	int64_t rows, bad;
	assert_int_equal(tcreg_audit_verify(f->reg, &rows, &bad), TCREG_OK);
	assert_int_equal(rows, 3); /* create, agency, import */
	/* the trail refuses edits, and an edit made around the trigger is found */
	assert_int_not_equal(sqlite3_exec(f->reg->db, "UPDATE audit SET operator='x' WHERE id=2", 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->reg->db, "DROP TRIGGER audit_no_update; UPDATE audit SET operator='x' WHERE id=2", 0, 0, 0), SQLITE_OK);
	assert_int_equal(tcreg_audit_verify(f->reg, &rows, &bad), TCREG_ERR_INVALID);
	assert_int_equal(bad, 2);
}

static void
audit_truncation_detected(void **state)
{
	struct fixture *f = *state;
	int64_t rows, bad;
	assert_int_equal(sqlite3_exec(f->reg->db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=2", 0, 0, 0), SQLITE_OK);
	assert_int_equal(tcreg_audit_verify(f->reg, &rows, &bad), TCREG_ERR_INVALID);
}

static void
keyed_chain_and_anchor(void **state)
{
	struct fixture *f = *state;
	char head[88];
	assert_int_equal(tcreg_audit_head(f->reg, head), TCREG_OK);
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_ERR_DENIED); /* tester entered it */
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_OK);
	char kind[16];
	assert_int_equal(verify(f->reg, head, kind, NULL), 0);
	assert_int_equal(verify(f->reg, "0123456789abcdef", kind, NULL), 1);
	assert_string_equal(kind, "anchor");
	/* an edited record, the trigger dropped: named, and the anchor fails */
	edit_outside(f->db, "DROP TRIGGER audit_no_update; UPDATE audit SET operator = 'x' WHERE id = 2");
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(f->reg, head, &v), TCREG_OK);
	bool chain = false, anchor = false;
	for (size_t i = 0; i < v->n; i++) {
		chain |= strcmp(v->findings[i].kind, "chain") == 0 && strcmp(v->findings[i].key, "2") == 0;
		anchor |= strcmp(v->findings[i].kind, "anchor") == 0;
	}
	tcreg_verify_result_free(v);
	assert_true(chain);
	assert_true(anchor);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(audit_tamper_detected, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(audit_truncation_detected, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(keyed_chain_and_anchor, trust_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
