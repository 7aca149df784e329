/* SPDX-License-Identifier: MIT
 * helpers.h - what the unit tests share: temporary files, a fresh registry
 * (and the fixture that opens one per test), counting rows, importing a
 * CSV text, the sample rows those imports use.  Included by every unit
 * test; a helper used by one folder only lives in that folder's header
 * (trust/trust.h, award/build.h ...).
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcreg-private.h"

/* SQL a test runs on its registry, standing for changes tcreg makes: the
 * seal triggers keep each row's MAC, and then the seal's state is written
 * as tcreg's commit writes it (when the SQL left no transaction open).  A
 * change made any other way is a change from outside tcreg, and the next
 * write refuses the registry (lib/trust/guard.c).  sqlite3_exec's
 * arguments but the db. */
static inline int
exec_sealed(tcreg_registry *reg, const char *sql, int (*each)(void *, int, char **, char **), void *ctx,
	    char **err)
{
	int rc = sqlite3_exec(reg->db, sql, each, ctx, err);
	if (rc == SQLITE_OK && reg->sealing && sqlite3_get_autocommit(reg->db) && tcreg__seal_state(reg) != TCREG_OK)
		rc = SQLITE_ERROR;
	return rc;
}

/* Write data to a new temporary file; returns its malloc'd path. */
static inline char *
tmpfile_with(const void *data, size_t n, const char *suffix)
{
	char tmpl[256];
	snprintf(tmpl, sizeof(tmpl), "%s/tcreg-test-XXXXXX%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 suffix);
	int fd = mkstemps(tmpl, (int)strlen(suffix));
	if (fd < 0)
		abort();
	if (write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return strdup(tmpl);
}

static inline char *
tmpfile_str(const char *s, const char *suffix)
{
	return tmpfile_with(s, strlen(s), suffix);
}

/* A fresh registry in a temporary file, with a fixed clock and operator. */
static inline tcreg_registry *
fresh_registry(char **path)
{
	char tmpl[256];
	snprintf(tmpl, sizeof(tmpl), "%s/tcreg-reg-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	char *dir = mkdtemp(tmpl);
	if (!dir)
		abort();
	char *p = malloc(strlen(dir) + 16);
	sprintf(p, "%s/r.db", dir);
	tcreg_registry *reg = NULL;
	if (tcreg_registry_open(&reg, p, TCREG_OPEN_CREATE, NULL) != TCREG_OK)
		abort();
	tcreg_registry_set_now(reg, "2026-01-15");
	tcreg_registry_set_operator(reg, "tester");
	*path = p;
	return reg;
}

static inline void
remove_registry(const char *path)
{
	char buf[512];
	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s.key", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s", path);
	char *slash = strrchr(buf, '/');
	if (slash) {
		*slash = '\0';
		rmdir(buf);
	}
}

/* The end of a test on a registry of its own: closed, its files removed,
 * its path freed. */
static inline void
drop_registry(tcreg_registry *reg, char *path)
{
	tcreg_registry_close(reg);
	remove_registry(path);
	free(path);
}

/* one fresh registry per test: cmocka_unit_test_setup_teardown(t, fresh_setup,
 * fresh_teardown), the test reading struct fixture from *state */
struct fixture {
	char *db;
	tcreg_registry *reg;
};

static inline int
fresh_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->reg = fresh_registry(&f->db);
	*state = f;
	return 0;
}

static inline int
fresh_teardown(void **state)
{
	struct fixture *f = *state;
	tcreg_registry_close(f->reg);
	remove_registry(f->db);
	free(f->db);
	free(f);
	return 0;
}

/* a ledger's header and rows: two good, one with bad fields */
#define HDR "合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域\n"
#define ROW1 "A-1,除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,\"3,000,000.00\",2500000,2025-03-05,2025-03-05,2026-03-04,新能源\n"
#define ROW2 "A-2,灌溉系统,合作开发,东北农业大学,,2301,高等院校,北大荒农垦集团有限公司,,黑龙江,企业法人,86万元,860000,2025/3/17,2025/3/17,2027/3/16,农业\n"
#define BAD3 "A-3,坏行,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,某公司,,2301,企业,\"12,3x\",100,2025-02-30,2025-03-01,2025-01-01,农业\n"

/* the one number a query gives */
static inline long
count(tcreg_registry *reg, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* import a CSV text from a temporary file */
static inline tcreg_status
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

static inline const struct tcreg_diag *
find_diag(const struct tcreg_import_result *r, const char *code)
{
	for (size_t i = 0; i < tcreg_diags_count(r->diags); i++)
		if (strcmp(tcreg_diags_get(r->diags, i)->code, code) == 0)
			return tcreg_diags_get(r->diags, i);
	return NULL;
}

static inline mode_t
mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode;
}

#endif
