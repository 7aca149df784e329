/* SPDX-License-Identifier: MIT
 * test-import.c - batch import through the library (import.c, batch.c, store.c):
 * outcomes, all-or-nothing, --keep-going, --dry-run, --force, --update,
 * parties, payments, files with nothing to import, a batch that cannot start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
good_file_inserts_all(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_OK);
	assert_int_equal(r->rows, 2);
	assert_int_equal(r->inserted, 2);
	assert_true(r->committed);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 2);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM party"), 4);
	/* 86万元 in a 元 column: the cell's unit wins */
	assert_int_equal(count(f->reg, "SELECT total_amount_fen FROM contract WHERE contract_no='A-2'"), 86000000);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM audit WHERE action='import'"), 1);
	tcreg_import_result_free(r);
	/* the import keeps references whole itself, and turns the check back on */
	assert_int_equal(count(f->reg, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(count(f->reg, "PRAGMA foreign_keys"), 1);
}

static void
one_bad_row_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 BAD3 ROW2, 0, NULL, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 2);
	assert_int_equal(r->rejected, 1);
	assert_false(r->committed);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 0);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 0);
	/* every problem of the row, with its line */
	const struct tcreg_diag *d = find_diag(r, "E_AMOUNT");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_string_equal(d->column, "合同成交额");
	assert_string_equal(d->value, "12,3x");
	assert_non_null(find_diag(r, "E_DATE_INVALID"));
	assert_non_null(find_diag(r, "E_DATE_ORDER"));
	tcreg_import_result_free(r);
}

static void
keep_going_and_rejects(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	char *rej = tmpfile_str("", ".csv");
	assert_int_equal(import(f, HDR ROW1 BAD3 ROW2, TCREG_IMPORT_KEEP_GOING, rej, &r),
			 TCREG_ERR_INVALID);
	assert_true(r->committed);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 2);
	tcreg_import_result_free(r);
	FILE *fp = fopen(rej, "rb");
	char buf[4096] = "";
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	assert_memory_equal(buf, "\xef\xbb\xbf合同编号,", strlen("\xef\xbb\xbf合同编号,"));
	assert_non_null(strstr(buf, ",_line,_code,_reason\r\n"));
	assert_non_null(strstr(buf, "A-3,坏行,"));
	/* every reason of the row, each code once */
	assert_non_null(strstr(buf, ",3,E_AMOUNT E_DATE_INVALID E_DATE_ORDER,"));
	assert_non_null(strstr(buf, "合同成交额: "));
	assert_non_null(strstr(buf, "签订日期: "));
	assert_non_null(strstr(buf, "(2025-01-01)"));
	assert_null(strstr(buf, "A-1,"));
	unlink(rej);
	free(rej);
}

static void
dry_run_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 ROW2, TCREG_IMPORT_DRY_RUN, NULL, &r), TCREG_OK);
	assert_int_equal(r->inserted, 2);
	assert_false(r->committed);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 0);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM audit WHERE action='import'"), 0);
	tcreg_import_result_free(r);
}

static void
reimport_needs_force(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_ALREADY_IMPORTED"));
	assert_int_equal(r->unchanged, 2);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, HDR ROW1 ROW2, TCREG_IMPORT_FORCE, NULL, &r), TCREG_OK);
	assert_int_equal(r->unchanged, 2);
	assert_true(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 2);
}

static void
conflict_and_update(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	const char *changed = HDR "A-1,除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,3100000,2500000,2025-03-05,2025-03-05,2026-03-04,新能源\n";
	assert_int_equal(import(f, changed, 0, NULL, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->conflicts, 1);
	const struct tcreg_diag *d = find_diag(r, "E_CONFLICT");
	assert_non_null(d);
	assert_string_equal(d->arg, "合同成交额");
	tcreg_import_result_free(r);
	assert_int_equal(import(f, changed, TCREG_IMPORT_UPDATE, NULL, &r), TCREG_OK);
	assert_int_equal(r->updated, 1);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT total_amount_fen FROM contract"), 310000000);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM audit WHERE action='update' AND entity='contract' "
				       "AND json_extract(old_value,'$.total_amount_fen')=300000000"), 1);
	int64_t rows, bad;
	assert_int_equal(tcreg_audit_verify(f->reg, &rows, &bad), TCREG_OK);
}

static void
duplicate_in_file(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 ROW2 ROW1, 0, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_DUP_IN_FILE");
	assert_non_null(d);
	assert_int_equal(d->line, 4);
	assert_string_equal(d->arg, "2");
	tcreg_import_result_free(r);
}

/* The duplicate of a rejected row is reported in the same pass, and not
 * saved by --keep-going (it was, and the first row came back in the
 * rejects file to be imported again). */
static void
duplicate_of_rejected_row(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR BAD3 ROW1 " A-3 ,坏行,委托开发, 哈尔滨工业大学 ,12100000401751212M,2301,高等院校,某公司,,2301,企业,100,100,2025-02-03,2025-03-01,2025-12-01,农业\n",
			       TCREG_IMPORT_KEEP_GOING, NULL, &r),
			 TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_DUP_IN_FILE");
	assert_non_null(d);
	assert_int_equal(d->line, 4);
	assert_string_equal(d->arg, "2");
	assert_int_equal(r->inserted, 1);
	assert_int_equal(r->rejected, 2);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 1);
	/* a row the store rejects (its party registered with other details),
	 * then the same contract again: the duplicate is named too */
	const char *csv = HDR "A-9,项目,委托开发,哈尔滨工业大学,12100000401751212M,3100,高等院校,乙厂,,2301,企业,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n"
			      "A-9,项目,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,乙厂,,2301,企业,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	d = find_diag(r, "E_DUP_IN_FILE");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_string_equal(d->arg, "2");
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract WHERE contract_no = 'A-9'"), 0);
}

static void
party_conflict(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	/* the same USCC, now claimed to be in Shanghai */
	const char *csv = HDR "A-9,项目,委托开发,哈尔滨工业大学,12100000401751212M,3100,高等院校,乙厂,,2301,企业,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, 0, NULL, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->conflicts, 1);
	assert_non_null(find_diag(r, "E_PARTY_CONFLICT"));
	tcreg_import_result_free(r);
}

static void
payments(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	const char *pay = "卖方名称,合同编号,到账日期,到账金额,凭证号\n"
			  "哈尔滨工业大学,A-1,2025-04-01,\"1,000,000.00\",V001\n"
			  "哈尔滨工业大学,A-1,2025-06-01,500000,V002\n"
			  "东北农业大学,A-404,2025-06-01,1,V003\n";
	char *path = tmpfile_str(pay, ".csv");
	struct tcreg_import_opts o = { .kind = TCREG_LEDGER_PAYMENTS, .path = path,
				       .flags = TCREG_IMPORT_KEEP_GOING };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 2);
	assert_non_null(find_diag(r, "E_CONTRACT_NOT_FOUND"));
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT sum(amount_fen) FROM payment"), 150000000);
	/* again: nothing added twice */
	o.flags = TCREG_IMPORT_KEEP_GOING | TCREG_IMPORT_FORCE;
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->unchanged, 2);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM payment"), 2);
	char *json;
	int64_t id;
	assert_int_equal(tcreg_contract_find(f->reg, "A-1", &id, NULL), TCREG_OK);
	assert_int_equal(tcreg_contract_json(f->reg, id, 1, &json), TCREG_OK);
	assert_non_null(strstr(json, "\"received_fen\":150000000"));
	free(json);
	unlink(path);
	free(path);
}

/* A batch that cannot start (the registry locked by another writer) leaves
 * the connection's foreign-key checks on, as every other path does. */
static void
locked_batch_keeps_foreign_keys(void **state)
{
	struct fixture *f = *state;
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", 0, 0, 0), SQLITE_OK);
	tcreg_registry_set_busy_timeout(f->reg, 50);
	const char *one = "{\"contract_no\": \"D-1\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"region\": \"2301\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 100, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\"}";
	char *path = tmpfile_str(one, ".json");
	struct tcreg_import_opts o = { .path = path };
	struct tcreg_import_result *r = NULL;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_BUSY);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "PRAGMA foreign_keys"), 1);
	sqlite3_exec(other, "ROLLBACK", 0, 0, 0);
	sqlite3_close(other);
	unlink(path);
	free(path);
}

/* A file with nothing to import is an error, not a batch of nothing: empty,
 * blank lines only, a header alone; old Mac line ends are read. */
static void
nothing_to_import(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *nothing[] = { "", "\n\r\n\n", "\xef\xbb\xbf" };
	for (size_t i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
		assert_int_equal(import(f, nothing[i], TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
		const struct tcreg_diag *d = find_diag(r, "E_EMPTY");
		assert_non_null(d);
		assert_int_equal(d->line, 1);
		assert_false(r->committed);
		tcreg_import_result_free(r);
	}
	assert_int_equal(import(f, HDR, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_NO_ROWS");
	assert_non_null(d);
	assert_int_equal(d->line, 1);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, "\n" HDR "\n,,,\n", 0, NULL, &r), TCREG_ERR_INVALID);
	d = find_diag(r, "E_NO_ROWS");
	assert_non_null(d);
	assert_int_equal(d->line, 2); /* where the header is */
	tcreg_import_result_free(r);
	char *path = tmpfile_str("卖方名称,合同编号,到账日期,到账金额,凭证号\r\n", ".csv");
	struct tcreg_import_opts o = { .kind = TCREG_LEDGER_PAYMENTS, .path = path };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_NO_ROWS"));
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 0);
	/* CR line ends */
	char cr[4096];
	snprintf(cr, sizeof(cr), "%s%s%s", HDR, ROW1, ROW2);
	for (char *p = cr; *p; p++)
		if (*p == '\n')
			*p = '\r';
	assert_int_equal(import(f, cr, 0, NULL, &r), TCREG_OK);
	assert_int_equal(r->inserted, 2);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT batch_line FROM contract WHERE contract_no = 'A-2'"), 3);
	/* an empty list of contracts in a document */
	path = tmpfile_str("[]\n", ".json");
	o = (struct tcreg_import_opts){ .path = path };
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_EMPTY"));
	assert_false(r->committed);
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(good_file_inserts_all, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(one_bad_row_writes_nothing, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(keep_going_and_rejects, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(dry_run_rolls_back, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(reimport_needs_force, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(conflict_and_update, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(duplicate_in_file, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(duplicate_of_rejected_row, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(party_conflict, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(payments, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(locked_batch_keeps_foreign_keys, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(nothing_to_import, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
