/* SPDX-License-Identifier: MIT
 * build.h - building registries directly for the award tests, loading a
 * policy, running it.
 */
#ifndef TEST_AWARD_BUILD_H
#define TEST_AWARD_BUILD_H

#include <jansson.h>

#include "award/policy.h"
#include "helpers.h"

/* ---- building registries directly ---- */

static inline void
sql(tcreg_registry *reg, const char *fmt, ...)
{
	char *q;
	va_list ap;
	va_start(ap, fmt);
	assert_true(vasprintf(&q, fmt, ap) > 0);
	va_end(ap);
	char *err = NULL;
	int rc = exec_sealed(reg, q, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", q, err);
	free(q);
}

static inline int64_t
party(tcreg_registry *reg, const char *name, const char *region, const char *nature)
{
	sql(reg, "INSERT INTO party(name, region, nature) VALUES ('%s', '%s', '%s')", name, region, nature);
	return sqlite3_last_insert_rowid(reg->db);
}

static inline int64_t
contract(tcreg_registry *reg, const char *no, int64_t seller, int64_t buyer, const char *cat,
	 int64_t fen, const char *reg_date, int related)
{
	sql(reg,
	    "INSERT INTO contract(contract_no, seller_id, buyer_id, project_name, category, total_amount_fen, "
	    "tech_amount_fen, verified_tech_amount_fen, sign_date, valid_from, valid_to, tech_field, related_party, "
	    "status, reg_no, reg_date, accept_date, entered_by, created_at) VALUES ('%s', %lld, %lld, 'P-%s', '%s', "
	    "%lld, %lld, %lld, '%s', '%s', '%s', '01', %d, 'registered', 'R-%s', '%s', '%s', 'x', '%sT00:00:00')",
	    no, (long long)seller, (long long)buyer, no, cat, (long long)fen, (long long)fen, (long long)fen, reg_date,
	    reg_date, reg_date, related, no, reg_date, reg_date, reg_date);
	return sqlite3_last_insert_rowid(reg->db);
}

static inline void
pay(tcreg_registry *reg, int64_t cid, const char *date, int64_t fen)
{
	static int voucher;
	sql(reg, "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at) "
		 "VALUES (%lld, '%s', %lld, 'V%d', 'x', '2026-01-01T00:00:00')",
	    (long long)cid, date, (long long)fen, ++voucher);
}

static inline tcreg_policy *
policy(const char *yaml)
{
	char *path = tmpfile_str(yaml, ".yaml");
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	tcreg_status st = tcreg_policy_load(&p, path, NULL, &d);
	for (size_t i = 0; st != TCREG_OK && i < tcreg_diags_count(d); i++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, i);
		print_error("%ld:%ld: %s %s (%s)\n", x->line, x->col, x->column ? x->column : "", x->msgid,
			    x->value ? x->value : "");
	}
	assert_int_equal(st, TCREG_OK);
	tcreg_diags_free(d);
	unlink(path);
	free(path);
	return p;
}

static inline json_t *
run(tcreg_registry *reg, const tcreg_policy *p, int year, int commit)
{
	struct tcreg_award_opts o = { .policy = p, .year = year, .commit = commit };
	char *js = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_award(reg, &o, &js, &d), TCREG_OK);
	tcreg_diags_free(d);
	json_t *r = json_loads(js, 0, NULL);
	assert_non_null(r);
	free(js);
	return r;
}

static inline long long
total(const json_t *r)
{
	return (long long)json_integer_value(json_object_get(r, "total_award_fen"));
}

/* the head of every policy written here */
#define HEAD                                                                                        \
	"policy: t\ntitle: t\nsource: {document: test}\nin_force: {from: 2020-01-01, to: open}\n" \
	"unit: yuan\n"

#endif
