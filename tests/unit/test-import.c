/* SPDX-License-Identifier: MIT
 * test-import.c - batch import through the library: outcomes, all-or-nothing,
 * --keep-going, --dry-run, --force, --update, rejects file (and a caller's
 * writer of it), payments, documents, the seal after each way an import
 * ends, and schema versions (the audit chain itself: test-trust.c).
 */
#include <dirent.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

#define HDR "合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域\n"
#define ROW1 "A-1,除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,\"3,000,000.00\",2500000,2025-03-05,2025-03-05,2026-03-04,新能源\n"
#define ROW2 "A-2,灌溉系统,合作开发,东北农业大学,,2301,高等院校,北大荒农垦集团有限公司,,黑龙江,企业法人,86万元,860000,2025/3/17,2025/3/17,2027/3/16,农业\n"
#define BAD3 "A-3,坏行,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,某公司,,2301,企业,\"12,3x\",100,2025-02-30,2025-03-01,2025-01-01,农业\n"

struct fixture {
	char *db;
	tcreg_registry *reg;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->reg = fresh_registry(&f->db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	tcreg_registry_close(f->reg);
	remove_registry(f->db);
	free(f->db);
	free(f);
	return 0;
}

static long
count(tcreg_registry *reg, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static tcreg_status
import(struct fixture *f, const char *csv, unsigned flags, const char *rejects,
       struct tcreg_import_result **r)
{
	char *path = tmpfile_str(csv, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv", .flags = flags,
				       .rejects_path = rejects };
	tcreg_status st = tcreg_import(f->reg, &o, r);
	unlink(path);
	free(path);
	return st;
}

static const struct tcreg_diag *
find_diag(const struct tcreg_import_result *r, const char *code)
{
	for (size_t i = 0; i < tcreg_diags_count(r->diags); i++)
		if (strcmp(tcreg_diags_get(r->diags, i)->code, code) == 0)
			return tcreg_diags_get(r->diags, i);
	return NULL;
}

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

static void
header_problems_stop_before_rows(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv = "合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,签订日期,有效期起,有效期止,技术领域,颜色\n1,2,3\n";
	assert_int_equal(import(f, csv, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_HEADER_MISSING");
	assert_non_null(d);
	assert_string_equal(d->column, "技术交易额");
	assert_non_null(find_diag(r, "W_UNKNOWN_COLUMN"));
	assert_int_equal(r->rows, 0);
	tcreg_import_result_free(r);
}

static void
wan_header_and_rules(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv =
		"合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额（万元）,技术交易额(万元),签订日期,有效期起,有效期止,技术领域\n"
		"W-1,项目,技术服务,甲所,2301,科研机构,乙厂,2301,企业,12.5,12.5,2025-01-01,2025-01-01,2025-12-31,农业\n"
		"W-2,项目,技术服务,甲所,2301,科研机构,乙厂,2301,企业,1,2,2027-01-01,2025-01-01,2025-12-31,农业\n"
		"W-3,项目,技术服务,甲所,2301,科研机构,甲所,2301,科研机构,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, TCREG_IMPORT_KEEP_GOING, NULL, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 1);
	assert_non_null(find_diag(r, "E_TECH_GT_TOTAL"));
	assert_non_null(find_diag(r, "E_DATE_FUTURE"));
	assert_non_null(find_diag(r, "E_SAME_PARTY"));
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT total_amount_fen FROM contract"), 12500000);
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

static void
documents(void **state)
{
	struct fixture *f = *state;
	const char *yaml = "- 合同编号: D-1\n"
			   "  project_name: 文档登记\n"
			   "  category: 技术咨询\n"
			   "  seller: {name: 甲所, region: '2301', nature: 科研机构}\n"
			   "  buyer: {name: 乙厂, region: 哈尔滨, nature: 企业}\n"
			   "  total_amount_fen: 1000000\n"
			   "  tech_amount: 10000\n"
			   "  sign_date: 2025-05-05\n"
			   "  valid_from: 2025-05-05\n"
			   "  valid_to: 2025-06-05\n"
			   "  tech_field: 农业\n"
			   "- contract_no: D-2\n"
			   "  colour: red\n";
	char *path = tmpfile_str(yaml, ".yaml");
	struct tcreg_import_opts o = { .path = path, .display_name = "c.yaml" };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 1);
	assert_int_equal(r->rejected, 1);
	const struct tcreg_diag *d = find_diag(r, "E_UNKNOWN_KEY");
	assert_non_null(d);
	assert_int_equal(d->line, 13);
	assert_int_equal(d->col, 3);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 0);
	/* the shown JSON registers as it is (into another registry) */
	const char *one = "{\"contract_no\": \"D-1\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"uscc\": null, \"region\": \"2301\", \"region_name\": \"哈尔滨市\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 100, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\", "
			  "\"status\": \"submitted\", \"id\": 7}";
	char *jpath = tmpfile_str(one, ".json");
	o.path = jpath;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_OK);
	assert_int_equal(r->inserted, 1);
	tcreg_import_result_free(r);
	unlink(path);
	unlink(jpath);
	free(path);
	free(jpath);
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

static void
registry_versions(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	assert_int_equal(tcreg_registry_schema_version(reg), 10);
	assert_int_equal(sqlite3_exec(reg->db, "PRAGMA user_version = 99", 0, 0, 0), SQLITE_OK);
	tcreg_registry_close(reg);
	char *err = NULL;
	assert_int_equal(tcreg_registry_open(&reg, path, 0, &err), TCREG_ERR_TOO_NEW);
	assert_null(reg);
	assert_non_null(strstr(err, "newer"));
	free(err);
	remove_registry(path);
	free(path);
	/* not a registry: a data error (exit 65), whatever the flags; never
	 * an I/O error (74) */
	char *junk = tmpfile_str("this is not sqlite, just text that is long enough to matter......", ".db");
	unsigned flags[] = { 0, TCREG_OPEN_READONLY, TCREG_OPEN_CREATE };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "not a tcreg registry"));
		free(err);
	}
	unlink(junk);
	/* an SQLite database of something else, read or written */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(junk, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "not a tcreg registry"));
		free(err);
	}
	unlink(junk);
	/* a directory */
	char *slash = strrchr(junk, '/');
	*slash = '\0';
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "is a directory"));
		free(err);
	}
	free(junk);
}

static void
find_ids(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *csv = HDR ROW1 "A-1,同号不同卖方,委托开发,东北农业大学,,2301,高等院校,乙厂,,2301,企业,1,1,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, csv, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	int64_t id;
	char **cands = NULL;
	assert_int_equal(tcreg_contract_find(f->reg, "A-1", &id, &cands), TCREG_ERR_AMBIGUOUS);
	assert_non_null(cands);
	assert_non_null(cands[0]);
	assert_non_null(cands[1]);
	assert_null(cands[2]);
	tcreg_strv_free(cands);
	assert_int_equal(tcreg_contract_find(f->reg, "2", &id, NULL), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_contract_find(f->reg, "nope", &id, NULL), TCREG_ERR_NOT_FOUND);
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

/* Statements bound by name (params.c): a name the statement does not have
 * is an internal error when it is run, and so is a parameter of the
 * statement the caller has no name for; neither binds silently. */
static void
named_parameters_are_checked(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { ":a", ":b" };
	sqlite3_stmt *q;
	struct tcreg__params p;
	assert_int_equal(sqlite3_prepare_v2(f->reg->db, "SELECT :a * 2", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(tcreg__params_init(f->reg, &p, q, names, 2), TCREG_OK);
	tcreg__param_int64(&p, 0, 21);
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 42);
	sqlite3_reset(q);
	tcreg__param_int64(&p, 1, 5); /* :b is not the statement's */
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_ERR_INTERNAL);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), ":b"));
	/* what was bound is cleared: nothing half-bound runs later */
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(q, 0), SQLITE_NULL);
	assert_int_equal(tcreg__params_check(f->reg, &p), TCREG_OK);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(f->reg->db, "SELECT :a, :c", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(tcreg__params_init(f->reg, &p, q, names, 2), TCREG_ERR_INTERNAL);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), ":c"));
	sqlite3_finalize(q);
}

/* An amount above the office's ceiling is refused wherever it enters: the
 * ledger, payments, documents, interactive entry (and certify --change, in
 * test-certify).  92,233,720,368,547,758.07 元 fits in int64 fen, and two of
 * them once made every report of their period fail. */
static void
amount_ceiling(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	const char *huge = HDR "A-9,巨额,委托开发,哈尔滨工业大学,,2301,高等院校,乙厂,,2301,企业,"
			       "\"92,233,720,368,547,758.07\",100,2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, huge, 0, NULL, &r), TCREG_ERR_INVALID);
	const struct tcreg_diag *d = find_diag(r, "E_AMOUNT_CEILING");
	assert_non_null(d);
	assert_int_equal(d->line, 2);
	assert_string_equal(d->column, "合同成交额");
	assert_string_equal(d->value, "92,233,720,368,547,758.07");
	assert_string_equal(d->arg, "10,000,000,000"); /* the default: 100亿元 */
	assert_int_equal(r->rejected, 1);
	tcreg_import_result_free(r);
	/* at the ceiling is allowed; a lower ceiling refuses what it used to take */
	const char *at = HDR "A-8,上限,委托开发,哈尔滨工业大学,,2301,高等院校,乙厂,,2301,企业,10000000000,1,"
			     "2025-01-01,2025-01-01,2025-12-31,农业\n";
	assert_int_equal(import(f, at, 0, NULL, &r), TCREG_OK);
	tcreg_import_result_free(r);
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "2000000"), TCREG_OK);
	assert_int_equal(import(f, HDR ROW1 ROW2, 0, NULL, &r), TCREG_ERR_INVALID);
	d = find_diag(r, "E_AMOUNT_CEILING");
	assert_non_null(d);
	assert_int_equal(d->line, 2); /* 3,000,000.00 */
	assert_string_equal(d->arg, "2,000,000");
	assert_int_equal(r->rejected, 1);
	tcreg_import_result_free(r);
	/* a payment */
	const char *pay = "卖方名称,合同编号,到账日期,到账金额,凭证号\n"
			  "哈尔滨工业大学,A-8,2025-04-01,2000000.01,V001\n";
	char *path = tmpfile_str(pay, ".csv");
	struct tcreg_import_opts o = { .kind = TCREG_LEDGER_PAYMENTS, .path = path };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_AMOUNT_CEILING"));
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	/* a document, in whole fen */
	const char *doc = "{\"contract_no\": \"D-9\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"region\": \"2301\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 900000000000000000, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\"}";
	path = tmpfile_str(doc, ".json");
	o = (struct tcreg_import_opts){ .path = path };
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_non_null(find_diag(r, "E_AMOUNT_CEILING"));
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	/* interactive entry checks each answer the same way */
	char *shown = NULL;
	tcreg_diags *dg = NULL;
	assert_int_equal(tcreg_field_check(f->reg, "total_amount", "2000000.01", &shown, &dg), TCREG_ERR_INVALID);
	assert_string_equal(tcreg_diags_get(dg, 0)->code, "E_AMOUNT_CEILING");
	tcreg_diags_free(dg);
	free(shown);
	assert_int_equal(tcreg_field_check(f->reg, "total_amount", "2000000", &shown, &dg), TCREG_OK);
	tcreg_diags_free(dg);
	free(shown);
	/* the setting itself is a whole, positive number of 元 */
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "0"), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_config_set(f->reg, "amount_ceiling", "1.5"), TCREG_ERR_USAGE);
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

static mode_t
mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode;
}

static char *
slurp_text(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Names in dir other than . and .. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The rejects file is written the way -o is: beside its destination,
 * private, put in place only when the import is committed (a symlink there
 * is replaced, never followed), removed otherwise; no temporary file stays. */
static void
rejects_file_is_safe(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	mode_t old_mask = umask(022);
	char dir[] = "/tmp/tcreg-rej-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char rej[128], target[128];
	snprintf(rej, sizeof(rej), "%s/rejects.csv", dir);
	snprintf(target, sizeof(target), "%s/target", dir);
	FILE *fp = fopen(target, "w");
	fputs("not to be overwritten\n", fp);
	fclose(fp);
	assert_int_equal(symlink("target", rej), 0);
	/* not committed (a rejected row, no --keep-going; a dry run): no file,
	 * and what was at the path stays */
	assert_int_equal(import(f, HDR ROW1 BAD3, 0, rej, &r), TCREG_ERR_INVALID);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING | TCREG_IMPORT_DRY_RUN, rej, &r),
			 TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_true(S_ISLNK(mode_of(rej)));
	assert_int_equal(entries(dir), 2);
	/* committed: a regular file replaces the link; the target is untouched */
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING, rej, &r), TCREG_ERR_INVALID);
	assert_true(r->committed);
	tcreg_import_result_free(r);
	assert_true(S_ISREG(mode_of(rej)));
	assert_int_equal(mode_of(rej) & 0777, 0600);
	assert_string_equal(slurp_text(target), "not to be overwritten\n");
	assert_non_null(strstr(slurp_text(rej), "A-3,坏行,"));
	assert_int_equal(entries(dir), 2);
	/* a file it replaces keeps its mode (a clerk opened it to the group) */
	chmod(rej, 0640);
	assert_int_equal(import(f, HDR ROW2 BAD3, TCREG_IMPORT_KEEP_GOING, rej, &r), TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_int_equal(mode_of(rej) & 0777, 0640);
	/* a directory cannot be made a file */
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING | TCREG_IMPORT_FORCE, dir, &r),
			 TCREG_ERR_CANTCREAT);
	tcreg_import_result_free(r);
	unlink(rej);
	unlink(target);
	rmdir(dir);
	umask(old_mask);
}

/* A caller's rejects writer gets the header and the rejected rows, each
 * ending in _line, _code and _reason, writes the file under the name it is
 * given, and is closed once, inside the batch's transaction: the library
 * puts the file in place only after the commit, and a writer that fails
 * saves nothing. */
struct recording_writer {
	tcreg_registry *reg;
	char *path;
	char lines[4096];
	int opens, closes, in_transaction, fail_close;
};

static int
recording_open(void *ud, const char *path)
{
	struct recording_writer *w = ud;
	w->opens++;
	w->path = strdup(path);
	return 0;
}

static int
recording_row(void *ud, const char *const *v, size_t n)
{
	struct recording_writer *w = ud;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w->lines);
		snprintf(w->lines + len, sizeof(w->lines) - len, "%s%s", v[i], i + 1 < n ? "|" : "\n");
	}
	return 0;
}

static int
recording_close(void *ud)
{
	struct recording_writer *w = ud;
	w->closes++;
	w->in_transaction = !sqlite3_get_autocommit(w->reg->db);
	FILE *fp = fopen(w->path, "wb"); /* as libxlsxwriter writes: by the name */
	fputs("written by the writer\n", fp);
	fclose(fp);
	free(w->path);
	return w->fail_close;
}

static void
rejects_writer(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	char dir[] = "/tmp/tcreg-rejw-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char rej[128];
	snprintf(rej, sizeof(rej), "%s/rejects.xlsx", dir);
	struct recording_writer w = { .reg = f->reg };
	struct tcreg_rejects_writer rw = { &w, recording_open, recording_row, recording_close };
	char *path = tmpfile_str(HDR ROW1 BAD3, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv", .flags = TCREG_IMPORT_KEEP_GOING,
				       .rejects_path = rej, .rejects_writer = &rw };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_true(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(w.opens, 1);
	assert_int_equal(w.closes, 1);
	assert_true(w.in_transaction);
	assert_non_null(strstr(w.lines, "|技术领域|_line|_code|_reason\n"));
	assert_non_null(strstr(w.lines, "\nA-3|坏行|委托开发|"));
	assert_non_null(strstr(w.lines, "|农业|3|E_AMOUNT E_DATE_INVALID E_DATE_ORDER|合同成交额: "));
	assert_null(strstr(w.lines, "A-1|"));
	assert_string_equal(slurp_text(rej), "written by the writer\n");
	assert_int_equal(mode_of(rej) & 0777, 0600);
	unlink(rej);
	/* a writer that fails: nothing saved, no file */
	w = (struct recording_writer){ .reg = f->reg, .fail_close = 1 };
	o.flags |= TCREG_IMPORT_FORCE;
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_IO);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(w.closes, 1);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 1);
	assert_int_equal(entries(dir), 0);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* A new registry, its WAL and SHM, and the directories made for it are
 * private whatever the umask (tcreg__data_mode). */
static void
registry_is_private(void **state)
{
	(void)state;
	mode_t old_mask = umask(0);
	char dir[] = "/tmp/tcreg-mode-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], buf[160];
	snprintf(path, sizeof(path), "%s/a/b/r.db", dir);
	tcreg_registry *reg;
	assert_int_equal(tcreg_registry_open(&reg, path, TCREG_OPEN_CREATE, NULL), TCREG_OK);
	assert_int_equal(tcreg_config_set(reg, "review_days", "10"), TCREG_OK); /* a write: the WAL */
	assert_int_equal(mode_of(path) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s-wal", path);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s-shm", path);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s/a", dir);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_dir_mode());
	assert_int_equal(tcreg__data_dir_mode(), 0700);
	tcreg_registry_close(reg);
	remove_registry(path);
	snprintf(buf, sizeof(buf), "%s/a", dir);
	rmdir(buf);
	rmdir(dir);
	umask(old_mask);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(good_file_inserts_all, setup, teardown),
		cmocka_unit_test_setup_teardown(one_bad_row_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(keep_going_and_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_run_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_needs_force, setup, teardown),
		cmocka_unit_test_setup_teardown(conflict_and_update, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(header_problems_stop_before_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(wan_header_and_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(party_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(payments, setup, teardown),
		cmocka_unit_test_setup_teardown(documents, setup, teardown),
		cmocka_unit_test_setup_teardown(seal_after_every_import, setup, teardown),
		cmocka_unit_test_setup_teardown(find_ids, setup, teardown),
		cmocka_unit_test(registry_versions),
		cmocka_unit_test_setup_teardown(locked_batch_keeps_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_registrations_keep_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(named_parameters_are_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(amount_ceiling, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_import, setup, teardown),
		cmocka_unit_test_setup_teardown(entry_correction, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_file_is_safe, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_writer, setup, teardown),
		cmocka_unit_test(registry_is_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
