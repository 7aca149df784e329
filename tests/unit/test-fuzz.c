/* SPDX-License-Identifier: MIT
 * test-fuzz.c - a deterministic mutation fuzzer over the parsers: ledgers in
 * every encoding, YAML documents and single fields, mutated by flipping,
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
	tcreg_registry_close(reg);
	remove_registry(db);
	free(db);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fuzz_utf8), cmocka_unit_test(fuzz_gb18030),
		cmocka_unit_test(fuzz_utf16), cmocka_unit_test(fuzz_yaml), cmocka_unit_test(fuzz_payments),
		cmocka_unit_test(fuzz_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
