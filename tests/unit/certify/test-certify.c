/* SPDX-License-Identifier: MIT
 * test-certify.c - the life cycle at the library level (certify.c, states.c,
 * regno.c): registration numbers and states, every action from every state.
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
numbers_and_states(void **state)
{
	(void)state;
	char *path, *no = NULL;
	tcreg_registry *reg = registry_with_contracts(&path);
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, NULL, &no), TCREG_OK);
	assert_string_equal(no, "2026230001000001");
	free(no);
	/* a decision that fails takes no number */
	struct tcreg_decision too_much = { .deduct = (const char *const[]){ "equipment=99999999", NULL } };
	assert_int_equal(decide(reg, 2, TCREG_CERT_ACCEPT, &too_much, &no), TCREG_ERR_INVALID);
	assert_null(no);
	assert_int_equal(decide(reg, 2, TCREG_CERT_ACCEPT, NULL, &no), TCREG_OK);
	assert_string_equal(no, "2026230001000002");
	free(no);
	/* revoking keeps the number; the next one is new */
	struct tcreg_decision revoke = { .reason = "V03" };
	assert_int_equal(decide(reg, 2, TCREG_CERT_REVOKE, &revoke, NULL), TCREG_OK);
	assert_int_equal(decide(reg, 3, TCREG_CERT_ACCEPT, NULL, &no), TCREG_OK);
	assert_string_equal(no, "2026230001000003");
	free(no);
	char *json;
	assert_int_equal(tcreg_contract_json(reg, 2, 0, &json), TCREG_OK);
	assert_non_null(strstr(json, "\"status\":\"revoked\""));
	assert_non_null(strstr(json, "\"reg_no\":\"2026230001000002\""));
	free(json);
	/* states */
	assert_int_equal(decide(reg, 2, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_ERR_STATE);
	assert_int_equal(decide(reg, 4, TCREG_CERT_CHANGE, NULL, NULL), TCREG_ERR_STATE);
	struct tcreg_decision note = { .note = "缺少附件" };
	assert_int_equal(decide(reg, 4, TCREG_CERT_SUPPLEMENT, &note, NULL), TCREG_OK);
	assert_int_equal(decide(reg, 4, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_ERR_STATE);
	assert_int_equal(decide(reg, 4, TCREG_CERT_RESUBMIT, NULL, NULL), TCREG_OK);
	/* separation of duties */
	tcreg_registry_set_operator(reg, "clerk");
	exec_sealed(reg, "UPDATE contract SET entered_by = 'clerk' WHERE id = 5", 0, 0, 0);
	assert_int_equal(decide(reg, 5, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_config_set(reg, "allow_single_clerk", "yes"), TCREG_OK);
	assert_int_equal(decide(reg, 5, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_OK);
	int64_t rows, bad;
	assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
	drop_registry(reg, path);
}

/* The state machine of tcreg-certify(1), whole: every action from every
 * state is either allowed (and then does not fail on the state) or refused
 * with TCREG_ERR_STATE, exactly as the table below says, and a refusal
 * changes nothing. */
static void
every_action_from_every_state(void **state)
{
	(void)state;
	static const char *const states[] = { "submitted", "needs_supplement", "registered", "rejected",
					      "changed", "cancelled", "revoked", "not_accepted",
					      "withdrawn", "external" };
	static const struct {
		tcreg_cert_action a;
		const char *from; /* the states it is allowed from, space-separated */
	} rules[] = {
		{ TCREG_CERT_ACCEPT, "submitted" },
		{ TCREG_CERT_REJECT, "submitted" },
		{ TCREG_CERT_SUPPLEMENT, "submitted" },
		{ TCREG_CERT_RESUBMIT, "needs_supplement" },
		{ TCREG_CERT_REVIEW, "submitted" },
		{ TCREG_CERT_CHANGE, "registered changed" },
		{ TCREG_CERT_CANCEL, "registered changed" },
		{ TCREG_CERT_REVOKE, "registered changed" },
		{ TCREG_CERT_NOT_ACCEPT, "submitted" },
		{ TCREG_CERT_WITHDRAW, "submitted needs_supplement" },
		{ TCREG_CERT_OBJECTION, "registered changed rejected" },
		{ TCREG_CERT_RESOLVE, "registered changed rejected" },
		{ TCREG_CERT_EXTERNAL, "submitted needs_supplement" },
	};
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	struct tcreg_decision d = { .reason = "R01", .note = "n", .expert = "e", .opinion = "o", .by = "b",
				    .outcome = "dismiss", .external_reg_no = "2025110001000123",
				    .external_agency = "a", .external_date = "2025-03-20",
				    .set = (const char *const[]){ "note=x", NULL } };
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
		for (size_t k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
			char sql[160];
			snprintf(sql, sizeof(sql), "UPDATE contract SET status = '%s', reg_no = NULL WHERE id = 1",
				 states[k]);
			assert_int_equal(exec_sealed(reg, sql, 0, 0, 0), SQLITE_OK);
			char want[64];
			snprintf(want, sizeof(want), " %s ", states[k]);
			char from[64];
			snprintf(from, sizeof(from), " %s ", rules[r].from);
			bool allowed = strstr(from, want) != NULL;
			tcreg_status st = decide(reg, 1, rules[r].a, &d, NULL);
			if (allowed && st == TCREG_ERR_STATE)
				fail_msg("action %d refused from %s", (int)rules[r].a, states[k]);
			if (!allowed && st != TCREG_ERR_STATE)
				fail_msg("action %d not refused from %s (%d)", (int)rules[r].a, states[k], (int)st);
			if (!allowed) {
				sqlite3_stmt *q;
				assert_int_equal(sqlite3_prepare_v2(reg->db, "SELECT status FROM contract WHERE id = 1",
								    -1, &q, NULL), SQLITE_OK);
				assert_int_equal(sqlite3_step(q), SQLITE_ROW);
				assert_string_equal((const char *)sqlite3_column_text(q, 0), states[k]);
				sqlite3_finalize(q);
			}
		}
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_and_states),
		cmocka_unit_test(every_action_from_every_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
