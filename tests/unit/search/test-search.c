/* SPDX-License-Identifier: MIT
 * test-search.c - tcreg search: what it finds and in which order, and that
 * the search indexes kept transaction by transaction are exactly what a
 * rebuild from the tables makes, after random imports, updates, renames,
 * registrations, changes and failed or dry-run imports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "tcreg-private.h"
#include "helpers.h"

/* ---- what the indexes hold ---- */

static void
dump_query(sqlite3 *db, const char *sql, struct tcreg__buf *b)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			tcreg__buf_printf(b, "%s%s", i ? "|" : "", v ? v : "-");
		}
		tcreg__buf_puts(b, "\n");
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
}

/* Every term of every search index with where it is, in order; and the
 * names as registered kept as text. */
static char *
index_dump(tcreg_registry *reg)
{
	static const char *const idx[] = { "search_project", "search_party", "search_registered",
					   "search_contract_parties" };
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		char sql[256];
		snprintf(sql, sizeof(sql),
			 "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_%s USING fts5vocab(main, %s, 'instance')",
			 idx[i], idx[i]);
		assert_int_equal(exec_sealed(reg, sql, 0, 0, 0), SQLITE_OK);
		tcreg__buf_printf(&b, "[%s]\n", idx[i]);
		snprintf(sql, sizeof(sql), "SELECT term, doc, col, offset FROM temp.v_%s ORDER BY 1, 2, 3, 4", idx[i]);
		dump_query(reg->db, sql, &b);
	}
	dump_query(reg->db, "SELECT rowid, text FROM search_registered ORDER BY rowid", &b);
	assert_false(b.failed);
	return tcreg__buf_steal(&b);
}

/* The indexes equal what a rebuild from the tables makes (the rebuild
 * rolled back after the look). */
static void
assert_index_fresh(tcreg_registry *reg)
{
	char *live = index_dump(reg);
	assert_int_equal(tcreg__begin(reg), TCREG_OK);
	assert_int_equal(tcreg__search_rebuild(reg), TCREG_OK);
	char *rebuilt = index_dump(reg);
	tcreg__rollback(reg);
	assert_string_equal(live, rebuilt);
	/* a dump that is never empty could not tell a stale index */
	assert_non_null(strstr(live, "\n[search_party]\n"));
	free(live);
	free(rebuilt);
}

/* ---- random registries ---- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A valid 统一社会信用代码 ending in the number k. */
static void
uscc_of(unsigned k, char out[19])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	snprintf(out, 19, "91230100%09u", k);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(alphabet, out[i]) - alphabet) * weights[i];
	out[17] = alphabet[(31 - sum % 31) % 31];
	out[18] = '\0';
}

static const char *const words[] = { "除冰", "风电", "叶片", "灌溉", "水稻", "无损检测", "机器人", "石墨烯",
				     "传感", "涂层", "Sensor", "冰" };
#define NPARTIES 10
static char party_names[NPARTIES][64]; /* the first six have a credit code */

static void
party_cell(struct tcreg__buf *b, unsigned p)
{
	char code[19] = "";
	if (p < 6)
		uscc_of(p + 1, code);
	tcreg__buf_printf(b, "%s,%s,2301,企业法人,", party_names[p], code);
}

/* n rows of contracts RND-<k>, k below 40 (so that some are seen again). */
static char *
ledger(unsigned n)
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_puts(&b, HDR);
	for (unsigned i = 0; i < n; i++) {
		tcreg__buf_printf(&b, "RND-%u,", rnd(40));
		for (unsigned w = 0, nw = 1 + rnd(3); w < nw; w++)
			tcreg__buf_puts(&b, words[rnd(sizeof(words) / sizeof(words[0]))]);
		tcreg__buf_puts(&b, "研究,委托开发,");
		unsigned s = rnd(NPARTIES), y = (s + 1 + rnd(NPARTIES - 1)) % NPARTIES;
		party_cell(&b, s);
		party_cell(&b, y);
		unsigned yuan = 1000 + rnd(90000);
		tcreg__buf_printf(&b, "%u,%u,2025-03-05,2025-03-05,2026-03-04,农业\n", yuan, yuan);
	}
	return tcreg__buf_steal(&b);
}

static void
import_text(tcreg_registry *reg, const char *csv, unsigned flags)
{
	char *path = tmpfile_str(csv, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "r.csv", .flags = flags | TCREG_IMPORT_FORCE };
	struct tcreg_import_result *r = NULL;
	tcreg_registry_set_operator(reg, "clerk");
	tcreg_import(reg, &o, &r); /* rejected rows are part of the game */
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
}

static void
certify(tcreg_registry *reg, int64_t id, tcreg_cert_action a, const struct tcreg_decision *d)
{
	tcreg_diags *diags = NULL;
	char *no = NULL;
	tcreg_registry_set_operator(reg, "certifier");
	tcreg_certify(reg, id, a, d, &diags, &no); /* refused decisions too */
	tcreg_diags_free(diags);
	free(no);
}

static int64_t
some_contract(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db, "SELECT id FROM contract ORDER BY id LIMIT 1 OFFSET ?", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_int(st, 1, (int)rnd(20));
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_finalize(st);
	return id;
}

/* One random step: what clerks and certifiers do all day. */
static void
random_step(tcreg_registry *reg)
{
	char set1[128], set2[128];
	struct tcreg_decision change = { .set = (const char *const[]){ set1, set2, NULL } };
	char *csv;
	switch (rnd(7)) {
	case 0: /* a party renamed (credit code kept), in an update import */
		snprintf(party_names[rnd(6)], 64, "%s%s有限公司", words[rnd(12)], words[rnd(12)]);
		/* fall through */
	case 1:
		csv = ledger(1 + rnd(8));
		import_text(reg, csv, TCREG_IMPORT_UPDATE | TCREG_IMPORT_KEEP_GOING);
		free(csv);
		break;
	case 2: /* all or nothing: often nothing */
	case 3:
		csv = ledger(1 + rnd(8));
		import_text(reg, csv, rnd(2) ? TCREG_IMPORT_DRY_RUN : 0);
		free(csv);
		break;
	case 4:
	case 5:
		certify(reg, some_contract(reg), TCREG_CERT_ACCEPT, NULL);
		break;
	default: /* 变更 of a registered contract: its project and its buyer */
		snprintf(set1, sizeof(set1), "project_name=%s变更", words[rnd(12)]);
		unsigned p = rnd(NPARTIES);
		snprintf(set2, sizeof(set2), "buyer_name=%s", party_names[p]);
		certify(reg, some_contract(reg), TCREG_CERT_CHANGE, &change);
		break;
	}
}

static void
index_equals_a_rebuild(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	assert_int_equal(tcreg_agency_set(reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	for (unsigned p = 0; p < NPARTIES; p++)
		snprintf(party_names[p], 64, "%s%s%s", words[p % 12], p < 6 ? "集团" : "研究所", words[(p * 5) % 12]);
	char *csv = ledger(30);
	import_text(reg, csv, TCREG_IMPORT_KEEP_GOING);
	free(csv);
	assert_index_fresh(reg);
	for (int i = 0; i < 60; i++) {
		random_step(reg);
		assert_index_fresh(reg);
	}
	/* the steps did what they are for */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db,
					    "SELECT (SELECT count(*) FROM contract WHERE status = 'changed'), "
					    "(SELECT count(*) FROM audit WHERE entity = 'party' AND action = 'update'), "
					    "(SELECT count(*) FROM search_registered)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(sqlite3_column_int(st, 0) > 0);
	assert_true(sqlite3_column_int(st, 1) > 0);
	assert_true(sqlite3_column_int(st, 2) > 0);
	sqlite3_finalize(st);
	drop_registry(reg, path);
}

/* ---- what a search finds ---- */

/* The contract numbers found, best first, then "+N" (or "+N+": at least). */
static char *
found(tcreg_registry *reg, const char *text, size_t limit)
{
	tcreg_cursor *c;
	size_t more;
	int at_least;
	assert_int_equal(tcreg_contract_search(reg, text, limit, &c, &more, &at_least), TCREG_OK);
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	const char *row;
	while (tcreg_cursor_next(c, &row) == TCREG_OK && row) {
		json_t *o = json_loads(row, 0, NULL);
		tcreg__buf_printf(&b, "%s ", json_string_value(json_object_get(o, "contract_no")));
		json_decref(o);
	}
	tcreg_cursor_free(c);
	tcreg__buf_printf(&b, "+%zu%s", more, at_least ? "+" : "");
	return tcreg__buf_steal(&b);
}

#define FOUND(text, limit, want)                     \
	do {                                         \
		char *got_ = found(reg, text, limit); \
		assert_string_equal(got_, want);     \
		free(got_);                          \
	} while (0)

static tcreg_registry *
sample_registry(char **path)
{
	tcreg_registry *reg = fresh_registry(path);
	assert_int_equal(tcreg_agency_set(reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	char sample[512];
	snprintf(sample, sizeof(sample), "%s/ledger-sample.csv", getenv("TESTDATA"));
	struct tcreg_import_opts o = { .path = sample };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	return reg;
}

static void
finds_best_first(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = sample_registry(&path);
	/* two characters of a project; three; a whole project name */
	FOUND("除冰", 5, "HGD-2025-0301 +0");
	FOUND("叶片除冰", 5, "HGD-2025-0301 +0");
	/* a contract number whole, its beginning (either case), a credit code */
	FOUND("HGC-2025-011", 5, "HGC-2025-011 +0");
	FOUND("hgc-2025-01", 5, "HGC-2025-012 HGC-2025-011 +0");
	FOUND("91230600716617851J", 5, "HGC-2025-020 KXY-2025-051 +0");
	/* a party's whole name first, then the longer names holding it */
	FOUND("哈尔滨工业大学", 2, "HGD-2025-0801 HGC-2025-020 +2");
	/* a short form: 哈工大 is 哈尔滨工业大学 and 哈尔滨工程大学 alike */
	FOUND("哈工大", 20, "HGD-2025-0801 HGC-2025-020 HGD-2025-0520 HGC-2025-012 HGC-2025-011 HGD-2025-0301 +0");
	/* a whole number before its text elsewhere; one character; nothing */
	FOUND("冰", 5, "HGD-2025-0301 +0");
	FOUND("火星", 5, "+0");
	tcreg_cursor *c;
	size_t more;
	int at_least;
	assert_int_equal(tcreg_contract_search(reg, " \t", 5, &c, &more, &at_least), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_contract_search(reg, "\xff\xfe", 5, &c, &more, &at_least), TCREG_ERR_USAGE);
	drop_registry(reg, path);
}

/* What a search finds follows each change in its own transaction: a new
 * project name, a renamed party; a registered contract is still found by
 * its parties' names as registered. */
static void
follows_the_data(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = sample_registry(&path);
	certify(reg, 1, TCREG_CERT_ACCEPT, NULL);
	certify(reg, 10, TCREG_CERT_ACCEPT, NULL);
	struct tcreg_decision change = { .set = (const char *const[]){ "project_name=高寒风电叶片防冰技术开发", NULL } };
	certify(reg, 1, TCREG_CERT_CHANGE, &change);
	FOUND("除冰", 5, "+0");
	FOUND("叶片防冰", 5, "HGD-2025-0301 +0");
	/* the buyer of 10 (and of 6) renamed, by a change of 10 */
	struct tcreg_decision rename = { .set = (const char *const[]){ "buyer_name=大庆油田科技有限公司", NULL } };
	certify(reg, 10, TCREG_CERT_CHANGE, &rename);
	FOUND("大庆油田科技", 5, "HGC-2025-020 KXY-2025-051 +0");
	FOUND("大庆油田有限", 5, "+0");
	/* renamed again by an import: 10 keeps the name it was registered
	 * with, 6 (undecided) follows its party */
	import_text(reg,
		    HDR "KXY-2025-051,油田采出水处理工艺咨询,技术咨询,黑龙江省科学院技术物理研究所,"
			"12230000414002138T,2301,科研机构,大庆油田新名有限公司,91230600716617851J,230600,"
			"有限责任公司,\"260,000\",\"240,000\",2025-05-20,2025-05-20,2025-12-31,环境保护与资源综合利用\n",
		    TCREG_IMPORT_UPDATE);
	FOUND("大庆油田科技", 5, "HGC-2025-020 +0");
	FOUND("大庆油田新名", 5, "HGC-2025-020 KXY-2025-051 +0");
	assert_index_fresh(reg);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_best_first),
		cmocka_unit_test(follows_the_data),
		cmocka_unit_test(index_equals_a_rebuild),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
