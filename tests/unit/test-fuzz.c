/* SPDX-License-Identifier: MIT
 * test-fuzz.c - a deterministic mutation fuzzer over the parsers: ledgers in
 * every encoding, Excel workbooks (their XML parts, and their ZIP bytes),
 * YAML documents and single fields, mutated by flipping,
 * inserting, deleting and duplicating bytes.  Each input must end in a
 * status, never a crash (ASan and UBSan watch it in CI), and a dry run must
 * leave the registry empty.  TCREG_FUZZ_ROUNDS raises the count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "xlsx-build.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)len + 1);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

static const char interesting[] = "\",\r\n\t\0\x80\xff\xfe\xef\xbb\xbf\xe3\x80\x80:-{}[]#&*!|>'%@`";

static size_t
mutate(const char *in, size_t n, char *out, size_t cap)
{
	size_t len = n < cap ? n : cap;
	memcpy(out, in, len);
	int edits = 1 + (int)(next() % 8);
	for (int e = 0; e < edits; e++) {
		size_t pos = len ? next() % len : 0;
		switch (next() % 5) {
		case 0: /* flip */
			if (len)
				out[pos] ^= (char)(1u << (next() % 8));
			break;
		case 1: /* insert an interesting byte */
			if (len < cap) {
				memmove(out + pos + 1, out + pos, len - pos);
				out[pos] = interesting[next() % (sizeof(interesting) - 1)];
				len++;
			}
			break;
		case 2: /* delete a run */
			if (len) {
				size_t k = 1 + next() % 16;
				if (k > len - pos)
					k = len - pos;
				memmove(out + pos, out + pos + k, len - pos - k);
				len -= k;
			}
			break;
		case 3: /* duplicate a run */
			if (len) {
				size_t k = 1 + next() % 64;
				if (k > len - pos)
					k = len - pos;
				if (len + k <= cap) {
					memmove(out + pos + k, out + pos, len - pos);
					len += k;
				}
			}
			break;
		default: /* truncate */
			len = pos;
			break;
		}
	}
	return len;
}

static int
rounds(void)
{
	const char *r = getenv("TCREG_FUZZ_ROUNDS");
	return r && atoi(r) > 0 ? atoi(r) : 150;
}

static void
fuzz_file_kind(const char *seed_name, bool document, tcreg_ledger_kind kind)
{
	char seed_path[512];
	snprintf(seed_path, sizeof(seed_path), "%s/%s", getenv("TESTDATA"), seed_name);
	size_t n;
	char *seed = slurp(seed_path, &n);
	char *db;
	tcreg_registry *reg = fresh_registry(&db);
	size_t cap = n * 2 + 64;
	char *buf = malloc(cap);
	for (int i = 0; i < rounds(); i++) {
		size_t len = mutate(seed, n, buf, cap);
		char *path = tmpfile_with(buf, len, document ? ".yaml" : ".csv");
		struct tcreg_import_opts o = { .kind = kind, .path = path, .flags = TCREG_IMPORT_DRY_RUN,
					       .max_diags = 50 };
		struct tcreg_import_result *r = NULL;
		tcreg_status st = document ? tcreg_register_document(reg, &o, &r) : tcreg_import(reg, &o, &r);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
		assert_non_null(r);
		assert_false(r->committed);
		tcreg_import_result_free(r);
		unlink(path);
		free(path);
	}
	sqlite3_stmt *q;
	sqlite3_prepare_v2(reg->db, "SELECT (SELECT count(*) FROM contract) + (SELECT count(*) FROM party)", -1, &q, NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	free(buf);
	free(seed);
	drop_registry(reg, db);
}

static void
fuzz_file(const char *seed_name, bool document)
{
	fuzz_file_kind(seed_name, document, TCREG_LEDGER_CONTRACTS);
}

static void fuzz_utf8(void **s) { (void)s; fuzz_file("ledger-sample.csv", false); }
static void fuzz_payments(void **s) { (void)s; fuzz_file_kind("ledgers/payments.csv", false, TCREG_LEDGER_PAYMENTS); }
static void fuzz_gb18030(void **s) { (void)s; fuzz_file("ledgers/sample-gb18030-crlf.csv", false); }
static void fuzz_utf16(void **s) { (void)s; fuzz_file("ledgers/sample-utf16le-tab.txt", false); }
static void fuzz_yaml(void **s) { (void)s; fuzz_file("contracts/two.yaml", true); }

/* Import a workbook as a dry run, both kinds: a verdict, never a failure,
 * never a write. */
static void
import_xlsx(tcreg_registry *reg, const char *path)
{
	for (int k = 0; k < 2; k++) {
		struct tcreg_import_opts o = { .kind = k ? TCREG_LEDGER_PAYMENTS : TCREG_LEDGER_CONTRACTS,
					       .path = path, .flags = TCREG_IMPORT_DRY_RUN, .max_diags = 50 };
		struct tcreg_import_result *r = NULL;
		tcreg_status st = tcreg_import(reg, &o, &r);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
		assert_non_null(r);
		assert_false(r->committed);
		tcreg_import_result_free(r);
	}
}

/* Workbooks from mutated XML parts (the libFuzzer corpus of fuzz-xlsx), and
 * the same workbooks with their ZIP bytes mutated. */
static void
fuzz_xlsx(void **state)
{
	(void)state;
	const char *seeds[] = { "ledger-shared-strings.txt", "merged-header.txt", "payments-1904.txt" };
	char *db;
	tcreg_registry *reg = fresh_registry(&db);
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		char seed_path[512];
		snprintf(seed_path, sizeof(seed_path), "%s/../tests/fuzz/xlsx-corpus/%s", getenv("TESTDATA"),
			 seeds[s]);
		size_t n;
		char *seed = slurp(seed_path, &n);
		size_t cap = n * 2 + 64;
		char *buf = malloc(cap);
		for (int i = 0; i < rounds() / 3 + 1; i++) {
			size_t len = mutate(seed, n, buf, cap);
			struct xlsx_part parts[4];
			size_t k = xlsx_parts_of(buf, len, parts);
			char *path = tmpfile_str("", ".xlsx");
			assert_true(xlsx_write(path, parts, k, i % 2, NULL));
			import_xlsx(reg, path);
			/* the archive itself damaged */
			size_t zn;
			char *zip = slurp(path, &zn);
			char *zbuf = malloc(zn * 2 + 64);
			size_t zlen = mutate(zip, zn, zbuf, zn * 2 + 64);
			char *zpath = tmpfile_with(zbuf, zlen, ".xlsx");
			import_xlsx(reg, zpath);
			unlink(zpath);
			free(zpath);
			free(zbuf);
			free(zip);
			unlink(path);
			free(path);
		}
		free(buf);
		free(seed);
	}
	sqlite3_stmt *q;
	sqlite3_prepare_v2(reg->db, "SELECT (SELECT count(*) FROM contract) + (SELECT count(*) FROM party)", -1, &q, NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	drop_registry(reg, db);
}

static void
fuzz_fields(void **state)
{
	(void)state;
	const char *seeds[] = { "1,234.56", "¥12万元", "2025年3月5日", "20250305", "91230600716617851J",
				"１，２３４．５６", "(5)", "1.23E+17" };
	char buf[64], iso[11], out[19];
	for (int i = 0; i < rounds() * 20; i++) {
		const char *s = seeds[next() % (sizeof(seeds) / sizeof(seeds[0]))];
		size_t len = mutate(s, strlen(s), buf, sizeof(buf) - 1);
		buf[len] = '\0';
		int64_t fen;
		tcreg_status st = tcreg_amount_parse(buf, (int)(next() % 2), &fen, NULL, NULL);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
		if (st == TCREG_OK)
			assert_true(fen >= 0);
		st = tcreg_date_parse(buf, iso, NULL, NULL);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
		st = tcreg_uscc_check(buf, out, NULL, NULL);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
	}
}

/* A registry with the hlj-2017 fixture registered and paid, for policies
 * and facts files to be run against. */
static tcreg_registry *
award_registry(char **db)
{
	tcreg_registry *reg = fresh_registry(db);
	char path[512];
	const char *files[] = { "award/hlj-2017.csv", "award/shenzhen.csv", "award/hlj-2017-payments.csv",
				"award/shenzhen-payments.csv" };
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", getenv("TESTDATA"), files[i]);
		struct tcreg_import_opts o = { .kind = i < 2 ? TCREG_LEDGER_CONTRACTS : TCREG_LEDGER_PAYMENTS, .path = path };
		struct tcreg_import_result *r = NULL;
		assert_int_equal(tcreg_import(reg, &o, &r), TCREG_OK);
		tcreg_import_result_free(r);
		if (i == 1)
			assert_int_equal(exec_sealed(reg,
						      "UPDATE contract SET status = 'registered', reg_date = substr(sign_date, 1, 4) || '-06-30', "
						      "reg_no = 'R' || id, verified_tech_amount_fen = tech_amount_fen",
						      NULL, NULL, NULL), SQLITE_OK);
	}
	return reg;
}

/* Mutated policies load or are refused with positions; the ones that load
 * run without failing; mutated facts files are checked, never trusted. */
static void
fuzz_policy(void **state)
{
	(void)state;
	const char *seeds[] = { "hlj-2017", "shenzhen", "fuqing", "shanghai-2016", "ningxia-2023" };
	char *db;
	tcreg_registry *reg = award_registry(&db);
	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		char seed_path[512];
		snprintf(seed_path, sizeof(seed_path), "%s/../schemas/policies/%s.yaml", getenv("TESTDATA"), seeds[k]);
		size_t n;
		char *seed = slurp(seed_path, &n);
		size_t cap = n * 2 + 64;
		char *buf = malloc(cap);
		for (int i = 0; i < rounds(); i++) {
			size_t len = mutate(seed, n, buf, cap);
			char *path = tmpfile_with(buf, len, ".yaml");
			tcreg_policy *p = NULL;
			tcreg_diags *d = NULL;
			tcreg_status st = tcreg_policy_load(&p, path, NULL, &d);
			assert_true(st == TCREG_OK || st == TCREG_ERR_CONFIG);
			assert_true(st == TCREG_OK ? p != NULL : tcreg_diags_count(d) > 0);
			tcreg_diags_free(d);
			if (p) {
				struct tcreg_award_opts o = { .policy = p, .year = 2025 };
				char *js = NULL;
				st = tcreg_award(reg, &o, &js, &d);
				assert_true(st == TCREG_OK || st == TCREG_ERR_CONFIG || st == TCREG_ERR_INVALID);
				free(js);
				tcreg_diags_free(d);
			}
			tcreg_policy_free(p);
			unlink(path);
			free(path);
		}
		free(buf);
		free(seed);
	}
	/* facts files */
	char seed_path[512];
	snprintf(seed_path, sizeof(seed_path), "%s/award/shenzhen-facts.csv", getenv("TESTDATA"));
	size_t n;
	char *seed = slurp(seed_path, &n);
	snprintf(seed_path, sizeof(seed_path), "%s/../schemas/policies/shenzhen.yaml", getenv("TESTDATA"));
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	assert_int_equal(tcreg_policy_load(&p, seed_path, NULL, &d), TCREG_OK);
	tcreg_diags_free(d);
	char *buf = malloc(n * 2 + 64);
	for (int i = 0; i < rounds(); i++) {
		size_t len = mutate(seed, n, buf, n * 2 + 64);
		char *path = tmpfile_with(buf, len, ".csv");
		struct tcreg_award_opts o = { .policy = p, .year = 2020, .facts_path = path };
		char *js = NULL;
		tcreg_status st = tcreg_award(reg, &o, &js, &d);
		assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
		assert_true(st == TCREG_OK ? js != NULL : tcreg_diags_count(d) > 0);
		free(js);
		tcreg_diags_free(d);
		unlink(path);
		free(path);
	}
	free(buf);
	free(seed);
	tcreg_policy_free(p);
	drop_registry(reg, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fuzz_utf8), cmocka_unit_test(fuzz_gb18030),
		cmocka_unit_test(fuzz_utf16), cmocka_unit_test(fuzz_yaml), cmocka_unit_test(fuzz_payments),
		cmocka_unit_test(fuzz_fields), cmocka_unit_test(fuzz_policy), cmocka_unit_test(fuzz_xlsx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
