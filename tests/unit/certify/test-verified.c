/* SPDX-License-Identifier: MIT
 * test-verified.c - the verified amount (verified.c): deductions.
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

static void
deductions_verify(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	/* the domain's worked example: 800万 less 200万 equipment and 50万 raw
	 * materials is 550万, on the large track */
	exec_sealed(reg, "UPDATE contract SET total_amount_fen = 800000000, tech_amount_fen = 800000000 WHERE id = 1", 0, 0, 0);
	struct tcreg_decision d = { .deduct = (const char *const[]){ "equipment=2000000", "raw_material=50万元", NULL } };
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, &d, NULL), TCREG_ERR_INVALID); /* review first */
	struct tcreg_decision review = { .expert = "张明", .opinion = "同意" };
	tcreg_registry_set_operator(reg, "reviewer1");
	assert_int_equal(decide(reg, 1, TCREG_CERT_REVIEW, &review, NULL), TCREG_OK);
	/* who recorded the review does not also decide */
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, &d, NULL), TCREG_ERR_DENIED);
	tcreg_registry_set_operator(reg, "reviewer"); /* the certifier of this fixture */
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, &d, NULL), TCREG_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(reg->db, "SELECT verified_tech_amount_fen, track, (SELECT sum(amount_fen) FROM deduction WHERE contract_id = 1) FROM contract WHERE id = 1", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 550000000);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "large");
	assert_int_equal(sqlite3_column_int64(st, 2), 250000000);
	sqlite3_finalize(st);
	/* a change re-verifies: a new contract amount keeps the deductions */
	struct tcreg_decision change = { .set = (const char *const[]){ "total_amount=9000000", "tech_amount=8000000", NULL } };
	assert_int_equal(decide(reg, 1, TCREG_CERT_CHANGE, &change, NULL), TCREG_OK);
	sqlite3_prepare_v2(reg->db, "SELECT verified_tech_amount_fen, status FROM contract WHERE id = 1", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 650000000);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "changed");
	sqlite3_finalize(st);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deductions_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
