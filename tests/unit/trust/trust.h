/* SPDX-License-Identifier: MIT
 * trust.h - a registry with a two-contract ledger imported, and the helpers of
 * the trust tests: one decision, audit verify's findings, an edit made
 * outside the library.
 */
#ifndef TEST_TRUST_TRUST_H
#define TEST_TRUST_TRUST_H

#include "helpers.h"

#define LEDGER                                                                                        \
	"合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域\n" \
	"A-1,除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,3000000,2500000,2025-03-05,2025-03-05,2026-03-04,新能源\n" \
	"A-2,灌溉系统,合作开发,东北农业大学,,2301,高等院校,北大荒农垦集团有限公司,,2301,企业法人,860000,860000,2025-03-17,2025-03-17,2027-03-16,农业\n"

/* a fresh registry (fresh_setup) with its agency and LEDGER imported */
static inline int
trust_setup(void **state)
{
	fresh_setup(state);
	struct fixture *f = *state;
	assert_int_equal(tcreg_agency_set(f->reg, "办公室", "2300", "01"), TCREG_OK);
	char *path = tmpfile_str(LEDGER, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv" };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	return 0;
}

static inline tcreg_status
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
static inline size_t
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

static inline void
edit_outside(const char *db, const char *sql)
{
	sqlite3 *other;
	assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
}

#endif
