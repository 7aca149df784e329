/* SPDX-License-Identifier: MIT
 * test-trust.c - the audit chain (audit.c), operators and roles
 * (operator.c), the seal and the keyed chain (key.c, seal.c), audit verify
 * (verify.c), backup and restore (backup.c), at the library level.  The
 * acting login here is the test's own (tcreg__os_login): the roles given
 * to it decide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

#define LEDGER                                                                                        \
	"合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域\n" \
	"A-1,除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,3000000,2500000,2025-03-05,2025-03-05,2026-03-04,新能源\n" \
	"A-2,灌溉系统,合作开发,东北农业大学,,2301,高等院校,北大荒农垦集团有限公司,,2301,企业法人,860000,860000,2025-03-17,2025-03-17,2027-03-16,农业\n"

struct fixture {
	char *db;
	tcreg_registry *reg;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->reg = fresh_registry(&f->db);
	assert_int_equal(tcreg_agency_set(f->reg, "办公室", "2300", "01"), TCREG_OK);
	char *path = tmpfile_str(LEDGER, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv" };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
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

static tcreg_status
decide(tcreg_registry *reg, int64_t id, tcreg_cert_action a)
{
	struct tcreg_decision d = { 0 };
	tcreg_diags *diags = NULL;
	char *no = NULL;
	tcreg_status st = tcreg_certify(reg, id, a, &d, &diags, &no);
	tcreg_diags_free(diags);
	free(no);
	return st;
}

/* findings of audit verify, and the kind of the first */
static size_t
verify(tcreg_registry *reg, const char *anchor, char kind[16], char table[24])
{
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(reg, anchor, &v), TCREG_OK);
	size_t n = v->n;
	for (size_t i = 0; i < n && i < 3; i++)
		print_message("finding: %s\n", v->findings[i].detail);
	if (kind)
		snprintf(kind, 16, "%s", n ? v->findings[0].kind : "");
	if (table)
		snprintf(table, 24, "%s", n ? v->findings[0].table : "");
	tcreg_verify_result_free(v);
	return n;
}

static void
edit_outside(const char *db, const char *sql)
{
	sqlite3 *other;
	assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
}

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
		cmocka_unit_test_setup_teardown(audit_tamper_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_truncation_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(roles_gate_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(edits_outside_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(keyed_chain_and_anchor, setup, teardown),
		cmocka_unit_test_setup_teardown(numbers_never_lost_silently, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
