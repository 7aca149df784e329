/* SPDX-License-Identifier: MIT
 * test-certify.c - working days over the 2026 holidays, registration
 * numbers, the life cycle at the library level, certificates across
 * migrations (the migrations themselves: test-registry.c).
 */
#include <jansson.h>
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

static void
day_arithmetic(void **state)
{
	(void)state;
	char iso[11];
	assert_int_equal(tcreg__days("1970-01-01"), 0);
	assert_int_equal(tcreg__weekday(tcreg__days("2026-11-23")), 0); /* a Monday */
	assert_int_equal(tcreg__days("2024-03-01") - tcreg__days("2024-02-28"), 2);
	for (int64_t d = tcreg__days("1999-12-25"); d < tcreg__days("2031-01-10"); d += 7) {
		tcreg__date_of(d, iso);
		assert_int_equal(tcreg__days(iso), d);
	}
}

static tcreg_registry *
registry_with_contracts(char **path)
{
	tcreg_registry *reg = fresh_registry(path);
	assert_int_equal(tcreg_agency_set(reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	char sample[512];
	snprintf(sample, sizeof(sample), "%s/ledger-sample.csv", getenv("TESTDATA"));
	struct tcreg_import_opts o = { .path = sample };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	tcreg_registry_set_operator(reg, "reviewer");
	return reg;
}

static tcreg_status
decide(tcreg_registry *reg, int64_t id, tcreg_cert_action a, const struct tcreg_decision *d,
       char **reg_no)
{
	tcreg_diags *diags;
	tcreg_status st = tcreg_certify(reg, id, a, d, &diags, reg_no);
	tcreg_diags_free(diags);
	return st;
}

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
	sqlite3_exec(reg->db, "UPDATE contract SET entered_by = 'clerk' WHERE id = 5", 0, 0, 0);
	assert_int_equal(decide(reg, 5, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_config_set(reg, "allow_single_clerk", "yes"), TCREG_OK);
	assert_int_equal(decide(reg, 5, TCREG_CERT_ACCEPT, NULL, NULL), TCREG_OK);
	int64_t rows, bad;
	assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

static void
deductions_verify(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	/* the domain's worked example: 800万 less 200万 equipment and 50万 raw
	 * materials is 550万, on the large track */
	sqlite3_exec(reg->db, "UPDATE contract SET total_amount_fen = 800000000, tech_amount_fen = 800000000 WHERE id = 1", 0, 0, 0);
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

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
	sqlite3_exec(reg->db, "UPDATE contract SET total_amount_fen = 9223372036854775807, "
			      "tech_amount_fen = 9223372036854775807, verified_tech_amount_fen = NULL WHERE id IN (3, 4)",
		     0, 0, 0);
	assert_int_equal(tcreg_report_json(reg, "2026", &json), TCREG_ERR_INVALID);
	assert_null(json);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "more than tcreg can count"));
	/* the month-by-month trend (SQL sums) says the same */
	assert_int_equal(tcreg_report_json(reg, "2026-01", &json), TCREG_ERR_INVALID);
	assert_non_null(strstr(tcreg_registry_errmsg(reg), "more than tcreg can count"));
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

/* The queue: most urgent first (the deadline, then the id) whatever the
 * order of acceptance, the large track's longer deadline included; a limit
 * gives the first entries and the total still counts all. */
static void
queue_order_and_limit(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	/* ids 1..12: accepted over two months, every third on the large track */
	sqlite3_exec(reg->db, "UPDATE contract SET accept_date = date('2026-03-02', '+' || ((id * 5) % 12 * 3) || ' days'), "
			      "track = CASE WHEN id % 3 = 0 THEN 'large' ELSE 'normal' END, tech_amount_fen = 100",
		     0, 0, 0);
	tcreg_queue *q;
	assert_int_equal(tcreg_queue_open(reg, 0, &q), TCREG_OK);
	assert_int_equal(tcreg_queue_total(q), 12);
	const char *e;
	char prev_due[11] = "";
	long long prev_id = 0;
	int n = 0;
	while (tcreg_queue_next(q, &e) == TCREG_OK && e) {
		json_t *x = json_loads(e, 0, NULL);
		const char *due = json_string_value(json_object_get(x, "due_date"));
		long long id = json_integer_value(json_object_get(x, "id"));
		int c = strcmp(prev_due, due);
		assert_true(c < 0 || (c == 0 && prev_id < id));
		/* each deadline is the one working-day arithmetic gives */
		char want[11];
		bool large = strcmp(json_string_value(json_object_get(x, "track")), "large") == 0;
		assert_int_equal(tcreg_workdays_add(reg, json_string_value(json_object_get(x, "accept_date")),
						    large ? 30 : 15, want, NULL), TCREG_OK);
		assert_string_equal(due, want);
		assert_non_null(json_object_get(x, "risks")); /* a queue a person reads */
		snprintf(prev_due, sizeof(prev_due), "%s", due);
		prev_id = id;
		json_decref(x);
		n++;
	}
	assert_int_equal(n, 12);
	tcreg_queue_free(q);
	/* a limit: the first ones of the same order */
	assert_int_equal(tcreg_queue_open(reg, 5, &q), TCREG_OK);
	assert_int_equal(tcreg_queue_total(q), 12);
	n = 0;
	while (tcreg_queue_next(q, &e) == TCREG_OK && e)
		n++;
	assert_int_equal(n, 5);
	tcreg_queue_free(q);
	char *all;
	assert_int_equal(tcreg_queue_json(reg, &all), TCREG_OK);
	json_t *a = json_loads(all, 0, NULL);
	assert_int_equal(json_array_size(a), 12);
	json_decref(a);
	free(all);
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
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
			assert_int_equal(sqlite3_exec(reg->db, sql, 0, 0, 0), SQLITE_OK);
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
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

/* Schema 5 gave registered contracts their parties and agency as
 * registered.  A contract of an older registry has none: it shows the live
 * party and agency, as earlier versions did; the migration copies them in,
 * and the certificate stays byte-identical through it (and through later
 * changes of the party and the agency). */
static void
certificate_survives_migration(void **state)
{
	(void)state;
	char *path, *no = NULL;
	tcreg_registry *reg = registry_with_contracts(&path);
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, NULL, &no), TCREG_OK);
	free(no);
	char *a, *b, *c, *d;
	assert_int_equal(tcreg_certificate_json(reg, 1, &a), TCREG_OK);
	/* as an older registry holds it */
	assert_int_equal(sqlite3_exec(reg->db, "UPDATE contract SET seller_name_reg = NULL, seller_uscc_reg = NULL, "
				       "seller_region_reg = NULL, seller_nature_reg = NULL, buyer_name_reg = NULL, "
				       "buyer_uscc_reg = NULL, buyer_region_reg = NULL, buyer_nature_reg = NULL, "
				       "agency_name_reg = NULL, agency_region_reg = NULL, agency_point_reg = NULL", 0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(tcreg_certificate_json(reg, 1, &b), TCREG_OK);
	assert_string_equal(a, b);
	/* the migration's copy (the statement of migrate-5.sql, which ran
	 * when point 1 was still the table agency) */
	assert_int_equal(sqlite3_exec(reg->db, "CREATE TEMP VIEW agency AS SELECT id, name, region, "
				       "code AS point, area FROM point", 0, 0, 0),
			 SQLITE_OK);
	const char *mig = tcreg__embedded("migrate-5.sql", NULL);
	const char *from = strstr(mig, "UPDATE contract SET\n\tseller_name_reg");
	const char *to = from ? strstr(from, "WHERE reg_no IS NOT NULL;") : NULL;
	assert_non_null(to);
	char *copy = tcreg__strdup(from);
	copy[to - from + strlen("WHERE reg_no IS NOT NULL;")] = '\0';
	assert_int_equal(sqlite3_exec(reg->db, copy, 0, 0, 0), SQLITE_OK);
	free(copy);
	assert_int_equal(tcreg_certificate_json(reg, 1, &c), TCREG_OK);
	assert_string_equal(a, c);
	/* the party and the agency change; the certificate does not */
	assert_int_equal(sqlite3_exec(reg->db, "UPDATE party SET name = name || '（更名）', region = '2306'", 0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(tcreg_agency_update(reg, "新的名称", "2301", "02", NULL, TCREG_AGENCY_FORCE), TCREG_OK);
	assert_int_equal(tcreg_certificate_json(reg, 1, &d), TCREG_OK);
	assert_string_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(working_days), cmocka_unit_test(day_arithmetic),
		cmocka_unit_test(numbers_and_states), cmocka_unit_test(deductions_verify),
		cmocka_unit_test(every_action_from_every_state), cmocka_unit_test(certificate_survives_migration),
		cmocka_unit_test(sums_never_wrap), cmocka_unit_test(queue_order_and_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
