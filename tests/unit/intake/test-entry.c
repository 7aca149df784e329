/* SPDX-License-Identifier: MIT
 * test-entry.c - typed-in entry (entry.c): corrections, and failed registrations
 * that leave the connection as they found it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* The checks are on again, and no transaction is left open, however a
 * registration fails: its batch refused half-way through starting (after
 * the checks went off; here by a trigger on import_batch), a document with
 * a bad contract, an entry in conflict. */
static void
assert_connection_restored(struct fixture *f)
{
	assert_int_equal(count(f->reg, "PRAGMA foreign_keys"), 1);
	assert_int_not_equal(sqlite3_get_autocommit(f->reg->db), 0);
}

static tcreg_status
register_entry(struct fixture *f, const char *project)
{
	const char *const *keys = tcreg_field_keys();
	const char *given[][2] = {
		{ "contract_no", "F-1" }, { "project_name", project }, { "category", "委托开发" },
		{ "seller_name", "东北农业大学" }, { "seller_region", "2301" }, { "seller_nature", "高校" },
		{ "buyer_name", "某农场" }, { "buyer_region", "2300" }, { "buyer_nature", "企业" },
		{ "total_amount", "30000" }, { "tech_amount", "30000" }, { "sign_date", "2025-09-05" },
		{ "valid_from", "2025-09-05" }, { "valid_to", "2026-09-04" }, { "tech_field", "agriculture" },
	};
	const char *vals[64];
	size_t n = 0;
	for (; keys[n]; n++) {
		assert_true(n < 64);
		vals[n] = "";
		for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
			if (strcmp(keys[n], given[k][0]) == 0)
				vals[n] = given[k][1];
	}
	struct tcreg_import_result *r = NULL;
	tcreg_status st = tcreg_register_fields(f->reg, keys, vals, n, &r);
	tcreg_import_result_free(r);
	return st;
}

static void
failed_registrations_keep_foreign_keys(void **state)
{
	struct fixture *f = *state;
	const char *one = "{\"contract_no\": \"D-1\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"region\": \"2301\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 100, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\"}";
	char *path = tmpfile_str(one, ".json");
	struct tcreg_import_opts o = { .path = path };
	struct tcreg_import_result *r = NULL;
	assert_int_equal(sqlite3_exec(f->reg->db,
				      "CREATE TEMP TRIGGER no_batch BEFORE INSERT ON main.import_batch "
				      "BEGIN SELECT RAISE(ABORT, 'refused'); END",
				      0, 0, 0),
			 SQLITE_OK);
	assert_int_not_equal(tcreg_register_document(f->reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_connection_restored(f);
	assert_int_not_equal(register_entry(f, "寒地育种"), TCREG_OK);
	assert_connection_restored(f);
	assert_int_equal(sqlite3_exec(f->reg->db, "DROP TRIGGER temp.no_batch", 0, 0, 0), SQLITE_OK);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 0);

	/* failures of the rows, after the batch began */
	char *bad = tmpfile_str("[{\"contract_no\": \"D-2\", \"colour\": \"red\"}]", ".json");
	o.path = bad;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_connection_restored(f);
	assert_int_equal(register_entry(f, "寒地育种"), TCREG_OK);
	assert_connection_restored(f);
	assert_int_equal(register_entry(f, "寒地大豆育种"), TCREG_ERR_INVALID); /* a conflict */
	assert_connection_restored(f);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 1);
	unlink(path);
	unlink(bad);
	free(path);
	free(bad);
}

/* Interactive entry: the contracts that have a number, a stored contract's
 * values, and a correction saved as an update of the submitted contract. */
static void
entry_correction(void **state)
{
	struct fixture *f = *state;
	const char *const *keys = tcreg_field_keys();
	size_t n = 0;
	while (keys[n])
		n++;
	const char *vals[64] = { 0 };
	const char *given[][2] = {
		{ "contract_no", "E-1" }, { "project_name", "寒地育种" }, { "category", "委托开发" },
		{ "seller_name", "东北农业大学" }, { "seller_region", "harbin" }, { "seller_nature", "高校" },
		{ "buyer_name", "某农场" }, { "buyer_region", "2300" }, { "buyer_nature", "企业" },
		{ "total_amount", "3000000" }, { "tech_amount", "300万" }, { "sign_date", "2025-09-05" },
		{ "valid_from", "2025-09-05" }, { "valid_to", "2026-09-04" }, { "tech_field", "agriculture" },
	};
	for (size_t i = 0; i < n; i++) {
		vals[i] = "";
		for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
			if (strcmp(keys[i], given[k][0]) == 0)
				vals[i] = given[k][1];
	}
	char **rows;
	assert_int_equal(tcreg_contracts_numbered(f->reg, "E-1", &rows), TCREG_OK);
	assert_null(rows[0]);
	tcreg_strv_free(rows);
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_register_fields(f->reg, keys, vals, n, &r), TCREG_OK);
	int64_t id = r->contract_id;
	assert_true(id > 0);
	tcreg_import_result_free(r);
	assert_int_equal(tcreg_contracts_numbered(f->reg, "E-1", &rows), TCREG_OK);
	char want[64];
	snprintf(want, sizeof(want), "%lld\t东北农业大学\tsubmitted", (long long)id);
	assert_string_equal(rows[0], want);
	assert_null(rows[1]);
	tcreg_strv_free(rows);
	char **stored;
	assert_int_equal(tcreg_contract_fields(f->reg, id, &stored), TCREG_OK);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(keys[i], "seller_region") == 0)
			assert_string_equal(stored[i], "2301");
		if (strcmp(keys[i], "tech_amount") == 0)
			assert_string_equal(stored[i], "3000000.00");
		if (strcmp(keys[i], "note") == 0)
			assert_string_equal(stored[i], "");
	}
	assert_null(stored[n]);
	/* the same contract again, a field changed: a conflict, unless corrected */
	const char *fixed[64];
	for (size_t i = 0; i < n; i++)
		fixed[i] = strcmp(keys[i], "project_name") == 0 ? "寒地大豆育种" : stored[i];
	assert_int_equal(tcreg_register_fields(f->reg, keys, fixed, n, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_CONFLICT"));
	assert_int_equal(r->contract_id, 0);
	tcreg_import_result_free(r);
	assert_int_equal(tcreg_register_fields_ex(f->reg, keys, fixed, n, TCREG_IMPORT_UPDATE, &r), TCREG_OK);
	assert_int_equal(r->updated, 1);
	assert_int_equal(r->contract_id, id);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract WHERE project_name = '寒地大豆育种'"), 1);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 1);
	tcreg_strv_free(stored);
	assert_int_equal(tcreg_contract_fields(f->reg, id + 100, &stored), TCREG_ERR_NOT_FOUND);
	assert_null(stored);
	assert_int_equal(tcreg_field_table("seller_region"), TCREG_TABLE_REGION);
	assert_int_equal(tcreg_field_table("enterprise_type"), TCREG_TABLE_ENTERPRISE_TYPE);
	assert_int_equal(tcreg_field_table("note"), TCREG_TABLE_LAST);
	assert_int_equal(tcreg_field_table("nonsense"), TCREG_TABLE_LAST);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(failed_registrations_keep_foreign_keys, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(entry_correction, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
