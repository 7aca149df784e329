/* SPDX-License-Identifier: MIT
 * test-seal.c - the row seal (seal.c) and audit verify (verify.c): edits made
 * outside are named, and the seal holds after each way an import ends.
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
edits_outside_are_named(void **state)
{
	struct fixture *f = *state;
	char kind[16], table[24];
	assert_int_equal(verify(f->reg, NULL, kind, table), 0);
	edit_outside(f->db, "UPDATE contract SET total_amount_fen = total_amount_fen * 100 WHERE id = 2");
	assert_int_equal(verify(f->reg, NULL, kind, table), 1);
	assert_string_equal(kind, "row");
	assert_string_equal(table, "contract");
	/* a decision on it is refused, as is showing it */
	char *json = NULL;
	assert_int_equal(tcreg_contract_json(f->reg, 2, 1, &json), TCREG_ERR_IO);
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 2, TCREG_CERT_ACCEPT), TCREG_ERR_IO);
	/* a removed row: the seal's count no longer matches */
	edit_outside(f->db, "UPDATE contract SET total_amount_fen = 86000000 WHERE id = 2");
	edit_outside(f->db, "DELETE FROM deduction; DELETE FROM party WHERE id NOT IN "
			    "(SELECT seller_id FROM contract UNION SELECT buyer_id FROM contract) OR id = 4");
	assert_true(verify(f->reg, NULL, kind, table) >= 1);
}

/* A report rollup edited outside tcreg is named by verify (the rollups are
 * derived and not sealed: they are checked against the contracts). */
static void
rollup_edits_are_named(void **state)
{
	struct fixture *f = *state;
	char kind[16], table[24];
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_OK);
	assert_int_equal(verify(f->reg, NULL, kind, table), 0);
	edit_outside(f->db, "UPDATE report_rollup SET total_fen = total_fen + 100000000 WHERE dim = 'cat'");
	assert_int_equal(verify(f->reg, NULL, kind, table), 1);
	assert_string_equal(kind, "rollup");
	assert_string_equal(table, "report_rollup");
}

/* The seal after every way an import can end: new rows sealed in one pass
 * at commit, rows it updates by the triggers, nothing of a rolled-back one.
 * Fails when a path leaves a row unsealed or the seal's count or XOR off. */
static int
findings(struct fixture *f)
{
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(f->reg, NULL, &v), TCREG_OK);
	int n = (int)v->n;
	for (size_t i = 0; i < v->n; i++)
		print_message("finding: %s\n", v->findings[i].detail);
	tcreg_verify_result_free(v);
	return n;
}

static void
seal_after_every_import(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_int_equal(findings(f), 0);
	/* a dry run and a file with a bad row roll back */
	assert_int_equal(import(f, HDR ROW2, TCREG_IMPORT_DRY_RUN, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, HDR ROW2 "A-3,x,委托开发\n", 0, NULL, &r), TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_int_equal(findings(f), 0);
	/* keep-going: the good row in, the bad one out */
	assert_int_equal(import(f, HDR ROW2 "A-3,x,委托开发\n", TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_int_equal(findings(f), 0);
	/* an update of a row from an earlier batch, and a new row, in one import */
	const char *changed = HDR "A-1,除冰技术开发二期,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,"
			      "哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,\"3,000,000.00\",2500000,"
			      "2025-03-05,2025-03-05,2026-03-04,新能源\n"
			      "A-4,新项目,技术服务,新公司甲,,2301,私营企业,新公司乙,,2301,私营企业,10000,10000,"
			      "2025-04-01,2025-04-01,2025-12-31,农业\n";
	assert_int_equal(import(f, changed, TCREG_IMPORT_UPDATE, NULL, &r), TCREG_OK);
	assert_int_equal(r->updated, 1);
	assert_int_equal(r->inserted, 1);
	tcreg_import_result_free(r);
	assert_int_equal(findings(f), 0);
	/* a party new in a batch and changed later in the same batch: sealed
	 * as it was added, then again as it changed */
	const char *twice = HDR "A-5,新项目,技术服务,新公司丙,,2301,私营企业,新公司乙,,2301,私营企业,10000,10000,"
			    "2025-04-01,2025-04-01,2025-12-31,农业\n"
			    "A-6,新项目,技术服务,新公司丙,,2302,私营企业,新公司乙,,2301,私营企业,10000,10000,"
			    "2025-04-01,2025-04-01,2025-12-31,农业\n";
	assert_int_equal(import(f, twice, TCREG_IMPORT_UPDATE, NULL, &r), TCREG_OK);
	assert_int_equal(r->inserted, 2);
	assert_int_equal(r->parties_updated, 1);
	tcreg_import_result_free(r);
	assert_int_equal(findings(f), 0);
	/* and the seal still sees an edit made around tcreg afterwards, on a
	 * connection of its own (tcreg's own has the sealing triggers) */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->reg->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "UPDATE party SET name = 'x' WHERE id = (SELECT max(id) FROM party)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(other);
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(f->reg, NULL, &v), TCREG_OK);
	assert_int_equal(v->n, 1);
	assert_string_equal(v->findings[0].kind, "row");
	assert_string_equal(v->findings[0].table, "party");
	tcreg_verify_result_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(edits_outside_are_named, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(rollup_edits_are_named, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(seal_after_every_import, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
