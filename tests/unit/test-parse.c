/* SPDX-License-Identifier: MIT
 * test-parse.c - the typed field parsers: amounts, dates, USCC, text helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static int64_t
amount_ok(const char *s, int wan)
{
	int64_t fen = -1;
	const char *code = NULL, *msg = NULL;
	assert_int_equal(tcreg_amount_parse(s, wan, &fen, &code, &msg), TCREG_OK);
	return fen;
}

static const char *
amount_bad(const char *s, int wan)
{
	int64_t fen = 0;
	const char *code = NULL, *msg = NULL;
	assert_int_equal(tcreg_amount_parse(s, wan, &fen, &code, &msg), TCREG_ERR_INVALID);
	assert_non_null(msg);
	return code;
}

static void
amounts_accepted(void **state)
{
	(void)state;
	assert_int_equal(amount_ok("1234.56", 0), 123456);
	assert_int_equal(amount_ok("1,234.56", 0), 123456);
	assert_int_equal(amount_ok("１，２３４．５６", 0), 123456);
	assert_int_equal(amount_ok("¥1,234.5", 0), 123450);
	assert_int_equal(amount_ok("￥ 1234", 0), 123400);
	assert_int_equal(amount_ok("1234元", 0), 123400);
	assert_int_equal(amount_ok(" 0 ", 0), 0);
	assert_int_equal(amount_ok("12.5", 1), 12500000);        /* 万元 column */
	assert_int_equal(amount_ok("0.000001", 1), 1);           /* one fen in 万元 */
	assert_int_equal(amount_ok("3万元", 0), 3000000);         /* unit in the cell wins */
	assert_int_equal(amount_ok("300元", 1), 30000);
	assert_int_equal(amount_ok("1,234,567.00", 0), 123456700);
	assert_int_equal(amount_ok("12.340", 0), 1234);          /* a trailing zero adds nothing */
	assert_int_equal(amount_ok("92233720368547758.07", 0), INT64_MAX);
}

static void
amounts_rejected(void **state)
{
	(void)state;
	assert_string_equal(amount_bad("1.234,56", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("12,34", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("1234,567.8", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad(",123", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("12.345", 0), "E_AMOUNT_DECIMALS");
	assert_string_equal(amount_bad("1.0000001", 1), "E_AMOUNT_DECIMALS");
	assert_string_equal(amount_bad("-5", 0), "E_AMOUNT_NEGATIVE");
	assert_string_equal(amount_bad("(5.00)", 0), "E_AMOUNT_NEGATIVE");
	assert_string_equal(amount_bad("92233720368547758.08", 0), "E_AMOUNT_OVERFLOW");
	assert_string_equal(amount_bad("99999999999999999999", 0), "E_AMOUNT_OVERFLOW");
	assert_string_equal(amount_bad("1.23E+07", 0), "E_EXCEL_SCI");
	assert_string_equal(amount_bad("12,3x", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("元", 0), "E_AMOUNT");
	assert_string_equal(amount_bad("1.2.3", 0), "E_AMOUNT_FORMAT");
	assert_string_equal(amount_bad("1 234", 0), "E_AMOUNT");
}

static void
amount_formatting(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(tcreg_amount_format(123456, b, sizeof(b)), "1234.56");
	assert_string_equal(tcreg_amount_format(5, b, sizeof(b)), "0.05");
	assert_string_equal(tcreg_amount_format(-5, b, sizeof(b)), "-0.05");
	assert_string_equal(tcreg_amount_format(INT64_MIN, b, sizeof(b)), "-92233720368547758.08");
	assert_string_equal(tcreg_amount_format_wan(12345000, b, sizeof(b)), "12.35"); /* half up */
	assert_string_equal(tcreg_amount_format_wan(12344999, b, sizeof(b)), "12.34");
	assert_string_equal(tcreg_amount_format_wan(0, b, sizeof(b)), "0.00");
}

static void
date_ok(const char *in, const char *want)
{
	char iso[11] = "";
	assert_int_equal(tcreg_date_parse(in, iso, NULL, NULL), TCREG_OK);
	assert_string_equal(iso, want);
}

static const char *
date_bad(const char *in)
{
	char iso[11];
	const char *code = NULL;
	assert_int_equal(tcreg_date_parse(in, iso, &code, NULL), TCREG_ERR_INVALID);
	return code;
}

static void
dates(void **state)
{
	(void)state;
	date_ok("2025-03-05", "2025-03-05");
	date_ok("2025/3/5", "2025-03-05");
	date_ok("2025.3.5", "2025-03-05");
	date_ok("2025年3月5日", "2025-03-05");
	date_ok("2025年03月05号", "2025-03-05");
	date_ok("20250305", "2025-03-05");
	date_ok("２０２５－０３－０５", "2025-03-05");
	date_ok("2025/3/5 0:00", "2025-03-05");
	date_ok("2024-02-29", "2024-02-29");
	date_ok("2000-02-29", "2000-02-29");
	assert_string_equal(date_bad("2025-02-30"), "E_DATE_INVALID");
	assert_string_equal(date_bad("2025-02-29"), "E_DATE_INVALID");
	assert_string_equal(date_bad("1900-02-28"), "E_DATE_RANGE");
	assert_string_equal(date_bad("2025-13-01"), "E_DATE_INVALID");
	assert_string_equal(date_bad("20250230"), "E_DATE_INVALID");
	assert_string_equal(date_bad("45296"), "E_DATE");
	assert_string_equal(date_bad("2025-3/5"), "E_DATE");
	assert_string_equal(date_bad("25-3-5"), "E_DATE");
	assert_string_equal(date_bad("2025/3/5 12:30"), "E_DATE");
	assert_string_equal(date_bad("2025-03-055"), "E_DATE");
	assert_string_equal(date_bad(""), "E_DATE");
}

static void
uscc(void **state)
{
	(void)state;
	char out[19];
	const char *code;
	assert_int_equal(tcreg_uscc_check("91230600716617851J", out, &code, NULL), TCREG_OK);
	assert_string_equal(out, "91230600716617851J");
	assert_int_equal(tcreg_uscc_check("91230600716617851j", out, &code, NULL), TCREG_OK);
	assert_string_equal(out, "91230600716617851J");
	assert_int_equal(tcreg_uscc_check("９１２３０６００７１６６１７８５１Ｊ", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("912301001275734603", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("91230600716617851K", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC_CHECK");
	assert_int_equal(tcreg_uscc_check("9123060071661785", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC");
	assert_int_equal(tcreg_uscc_check("91230600716617851I", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_USCC"); /* I is not in the alphabet */
	assert_int_equal(tcreg_uscc_check("9131609009974658E8", out, &code, NULL), TCREG_OK);
	assert_int_equal(tcreg_uscc_check("9.12306E+17", out, &code, NULL), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_EXCEL_SCI");
}

static void
text_helpers(void **state)
{
	(void)state;
	char a[64] = "\xe3\x80\x80 合同 \t";
	assert_string_equal(tcreg__trim(a), "合同");
	char b[64] = "（万元）ＡＢ１";
	tcreg__fold_width(b);
	assert_string_equal(b, "(万元)AB1");
	char *h = tcreg__header_norm("合同成交额（万元）");
	assert_string_equal(h, "合同成交额(万元)");
	free(h);
	h = tcreg__header_norm(" Total_Amount ");
	assert_string_equal(h, "totalamount");
	free(h);
	assert_true(tcreg__is_excel_sci("1.23E+17"));
	assert_true(tcreg__is_excel_sci("9E+17"));
	assert_false(tcreg__is_excel_sci("1E5"));
	assert_false(tcreg__is_excel_sci("914168630553E44730")); /* a real USCC */
	assert_false(tcreg__is_excel_sci("12.5E+3x"));
	assert_false(tcreg__is_excel_sci("HT-1E5"));
	assert_false(tcreg__is_excel_sci("123"));
	bool t;
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"ab\xe5\x90", 4, &t), 2);
	assert_true(t);
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"ab\xc0\x80", 4, &t), 2);
	assert_false(t); /* overlong */
	assert_int_equal(tcreg__utf8_valid_prefix((const unsigned char *)"\xed\xa0\x80", 3, &t), 0);
}

/* ---- the hash table (hashtab.c) ---- */

/* keys of the tests: value v stands for keys[v - 1] */
static bool
key_at(const void *ctx, uintptr_t val, const void *key)
{
	const char *const *keys = ctx;
	return strcmp(keys[val - 1], key) == 0;
}

static void
hashtab_insert_find(void **state)
{
	(void)state;
	const char *keys[] = { "甲", "乙", "丙" };
	struct tcreg__hashtab t;
	assert_true(tcreg__ht_init(&t, 3));
	bool fresh;
	for (uintptr_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg__ht_put(&t, tcreg__hash(keys[i]), key_at, keys, keys[i], i + 1, &fresh), i + 1);
		assert_true(fresh);
	}
	assert_int_equal(t.n, 3);
	for (uintptr_t i = 0; i < 3; i++)
		assert_int_equal(tcreg__ht_find(&t, tcreg__hash(keys[i]), key_at, keys, keys[i]), i + 1);
	assert_int_equal(tcreg__ht_find(&t, tcreg__hash("丁"), key_at, keys, "丁"), 0);
	/* a key put again keeps its first value */
	assert_int_equal(tcreg__ht_put(&t, tcreg__hash("乙"), key_at, keys, "乙", 3, &fresh), 2);
	assert_false(fresh);
	assert_int_equal(t.n, 3);
	tcreg__ht_clear(&t);
	assert_int_equal(t.n, 0);
	assert_int_equal(tcreg__ht_find(&t, tcreg__hash("甲"), key_at, keys, "甲"), 0);
	tcreg__ht_free(&t);
	/* a table never set up finds nothing */
	assert_int_equal(tcreg__ht_find(&t, 1, key_at, keys, "甲"), 0);
}

static void
hashtab_grows(void **state)
{
	(void)state;
	enum { N = 5000 };
	static char buf[N][8];
	const char *keys[N];
	struct tcreg__hashtab t = { 0 };
	bool fresh;
	for (size_t i = 0; i < N; i++) {
		snprintf(buf[i], sizeof(buf[i]), "k%zu", i);
		keys[i] = buf[i];
		size_t cap = t.cap;
		assert_int_equal(tcreg__ht_put(&t, tcreg__hash(keys[i]), key_at, keys, keys[i], i + 1, &fresh), i + 1);
		assert_true(fresh);
		assert_true(t.cap >= cap && t.n * 2 <= t.cap); /* grown, never over half full */
	}
	assert_int_equal(t.n, N);
	assert_true(t.cap >= 2 * N && (t.cap & (t.cap - 1)) == 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(tcreg__ht_find(&t, tcreg__hash(keys[i]), key_at, keys, keys[i]), i + 1);
	tcreg__ht_free(&t);
}

static void
hashtab_collisions(void **state)
{
	(void)state;
	/* every key of the same hash: found by the key, through the probe */
	const char *keys[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
	struct tcreg__hashtab t;
	assert_true(tcreg__ht_init(&t, 2));
	bool fresh;
	for (uintptr_t i = 0; i < 10; i++)
		assert_int_equal(tcreg__ht_put(&t, 42, key_at, keys, keys[i], i + 1, &fresh), i + 1);
	assert_int_equal(t.n, 10);
	for (uintptr_t i = 0; i < 10; i++)
		assert_int_equal(tcreg__ht_find(&t, 42, key_at, keys, keys[i]), i + 1);
	assert_int_equal(tcreg__ht_find(&t, 42, key_at, keys, "z"), 0);
	/* a hash that lands on the last slot wraps round to the first */
	uint64_t last = t.cap - 1;
	assert_int_equal(tcreg__ht_put(&t, last, key_at, keys, "a", 1, &fresh), 1);
	assert_true(fresh); /* another hash: another key as far as the table knows */
	assert_int_equal(tcreg__ht_put(&t, last, key_at, keys, "b", 2, &fresh), 2);
	assert_int_equal(tcreg__ht_find(&t, last, key_at, keys, "b"), 2);
	/* the slot of a key: its own, or the empty one where it would go */
	struct tcreg__hslot *s = tcreg__ht_slot(&t, 42, key_at, keys, "c");
	assert_int_equal(s->val, 3);
	s = tcreg__ht_slot(&t, 42, key_at, keys, "z");
	assert_int_equal(s->val, 0);
	tcreg__ht_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amounts_accepted), cmocka_unit_test(amounts_rejected),
		cmocka_unit_test(amount_formatting), cmocka_unit_test(dates),
		cmocka_unit_test(uscc), cmocka_unit_test(text_helpers),
		cmocka_unit_test(hashtab_insert_find), cmocka_unit_test(hashtab_grows),
		cmocka_unit_test(hashtab_collisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
