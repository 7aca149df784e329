/* SPDX-License-Identifier: MIT
 * test-ledger.c - the CSV reader: physical line numbers, encodings, quoting,
 * malformed records; and the code tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

struct got {
	long line[16];
	size_t nfields[16];
	char first[16][64];
	char last[16][64];
	const char *err[16];
	int n;
	tcreg_encoding enc;
	char delim;
};

static tcreg_status
read_all(const void *data, size_t len, tcreg_encoding enc, struct got *g)
{
	memset(g, 0, sizeof(*g));
	char *path = tmpfile_with(data, len, ".csv");
	struct tcreg__ledger *l;
	char err[256];
	tcreg_status st = tcreg__ledger_open(&l, path, enc, false, NULL, NULL, err, sizeof(err));
	assert_int_equal(st, TCREG_OK);
	const struct tcreg__row *row;
	while ((st = tcreg__ledger_next(l, &row, err, sizeof(err))) == TCREG_OK && row && g->n < 16) {
		g->line[g->n] = row->line;
		g->nfields[g->n] = row->nfields;
		snprintf(g->first[g->n], 64, "%s", row->nfields ? row->fields[0] : "");
		snprintf(g->last[g->n], 64, "%s", row->nfields ? row->fields[row->nfields - 1] : "");
		g->err[g->n] = row->error_code;
		g->n++;
	}
	g->enc = tcreg__ledger_encoding(l);
	g->delim = tcreg__ledger_delim(l);
	tcreg__ledger_close(l);
	unlink(path);
	free(path);
	return st;
}

static void
lines_and_quotes(void **state)
{
	(void)state;
	const char *csv = "a,b\r\n"
			  "1,\"x\r\ny\"\r\n"  /* record on lines 2-3 */
			  "\r\n"              /* blank line 4 */
			  "2,\"q\"\"q\"\r\n"  /* line 5 */
			  "3,last";           /* line 6, no newline */
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.line[0], 1);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.last[1], "x\ny"); /* CRLF inside quotes folded to LF */
	assert_int_equal(g.line[2], 5);
	assert_string_equal(g.last[2], "q\"q");
	assert_int_equal(g.line[3], 6);
	assert_string_equal(g.last[3], "last");
	assert_int_equal(g.enc, TCREG_ENC_UTF8);
	assert_int_equal(g.delim, ',');
}

static void
bad_quote_recovers(void **state)
{
	(void)state;
	const char *csv = "a,b\n1,2\"5\n3,4\n\"x\"y,5\n6,7\n";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.err[1], "E_CSV_QUOTE");
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.first[1], "1,2\"5"); /* the record's text kept whole */
	assert_null(g.err[2]);
	assert_int_equal(g.line[2], 3);
	assert_string_equal(g.err[3], "E_CSV_QUOTE");
	assert_int_equal(g.line[4], 5);
	assert_string_equal(g.first[4], "6");
}

static void
unclosed_quote_at_end(void **state)
{
	(void)state;
	const char *csv = "a,b\n1,2\n3,\"never closed\n4,5\n";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.err[2], "E_CSV_QUOTE_EOF");
	assert_int_equal(g.line[2], 3);
}

static void
encodings(void **state)
{
	(void)state;
	struct got g;
	/* GB18030 of "编号,金额\r\n一,1\r\n" */
	const char gb[] = "\xb1\xe0\xba\xc5,\xbd\xf0\xb6\xee\r\n\xd2\xbb,1\r\n";
	assert_int_equal(read_all(gb, sizeof(gb) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_GB18030);
	assert_string_equal(g.first[0], "编号");
	assert_string_equal(g.first[1], "一");
	/* CP936's euro byte 0x80 */
	const char euro[] = "\xb1\xe0\xba\xc5\r\n\x80\r\n";
	assert_int_equal(read_all(euro, sizeof(euro) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_string_equal(g.first[1], "€");
	/* UTF-16LE with BOM, tab-separated (Excel "Unicode text") */
	const char u16[] = "\xff\xfe" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\x16\x4e\r\0\n\0";
	assert_int_equal(read_all(u16, sizeof(u16) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_UTF16LE);
	assert_int_equal(g.delim, '\t');
	assert_int_equal(g.nfields[1], 2);
	assert_string_equal(g.last[1], "世");
	/* UTF-8 BOM stripped from the first header */
	const char bom[] = "\xef\xbb\xbf" "合同编号,x\n1,2\n";
	assert_int_equal(read_all(bom, sizeof(bom) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_string_equal(g.first[0], "合同编号");
	/* GB18030 BOM */
	const char gbbom[] = "\x84\x31\x95\x33" "\xb1\xe0\xba\xc5\n";
	assert_int_equal(read_all(gbbom, sizeof(gbbom) - 1, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.enc, TCREG_ENC_GB18030);
	assert_string_equal(g.first[0], "编号");
}

static void
mixed_encoding_is_an_error(void **state)
{
	(void)state;
	/* UTF-8 header, then a GB18030 row on line 3 */
	const char mixed[] = "合同编号,x\n1,2\n\xd6\xd0,3\n";
	struct got g;
	assert_int_equal(read_all(mixed, sizeof(mixed) - 1, TCREG_ENC_AUTO, &g), TCREG_ERR_INVALID);
	assert_int_equal(g.n, 2);
}

/* Read data through the ledger until it stops; *bytes: how much of the file
 * was read when it did, *rows: the rows it gave. */
static tcreg_status
read_until_stop(const void *data, size_t len, tcreg_encoding enc, uint64_t *bytes, int *rows,
		const char **last_err, tcreg_diags *d)
{
	char *path = tmpfile_with(data, len, ".csv");
	struct tcreg__ledger *l;
	char err[256];
	assert_int_equal(tcreg__ledger_open(&l, path, enc, false, NULL, NULL, err, sizeof(err)), TCREG_OK);
	const struct tcreg__row *row;
	tcreg_status st;
	*rows = 0;
	*last_err = NULL;
	while ((st = tcreg__ledger_next(l, &row, err, sizeof(err))) == TCREG_OK && row) {
		(*rows)++;
		*last_err = row->error_code;
	}
	*bytes = tcreg__ledger_bytes_read(l);
	if (st == TCREG_ERR_INVALID)
		assert_true(tcreg__ledger_nul_diag(l, d));
	tcreg__ledger_close(l);
	unlink(path);
	free(path);
	return st;
}

/* The first NUL stops the reading: its line and column (characters), the
 * whole lines before it still read; in UTF-16 too. */
static void
nul_byte(void **state)
{
	(void)state;
	tcreg_diags *d = tcreg__diags_new(10);
	uint64_t bytes;
	int rows;
	const char *last;
	const char csv[] = "a,b\n中文,x\0y\n2,z\n";
	assert_int_equal(read_until_stop(csv, sizeof(csv) - 1, TCREG_ENC_AUTO, &bytes, &rows, &last, d),
			 TCREG_ERR_INVALID);
	assert_int_equal(rows, 1);
	assert_int_equal(tcreg_diags_count(d), 1);
	assert_string_equal(tcreg_diags_get(d, 0)->code, "E_NUL_BYTE");
	assert_int_equal(tcreg_diags_get(d, 0)->line, 2);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 5);
	const char u16[] = "\xff\xfe" "a\0\n\0" "b\0\0\0";
	tcreg__diags_reset(d);
	assert_int_equal(read_until_stop(u16, sizeof(u16) - 1, TCREG_ENC_AUTO, &bytes, &rows, &last, d),
			 TCREG_ERR_INVALID);
	assert_int_equal(tcreg_diags_get(d, 0)->line, 2);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 2);
	tcreg__diags_free(d);
}

/* Memory stays bounded as bytes arrive: 8 MiB of NUL bytes stop at the
 * first block, 8 MiB without a line end at the record limit (1 MiB). */
static void
reading_stops_early(void **state)
{
	(void)state;
	size_t n = 8u << 20;
	char *big = calloc(1, n);
	tcreg_diags *d = tcreg__diags_new(10);
	uint64_t bytes;
	int rows;
	const char *last;
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_ERR_INVALID);
	assert_int_equal(rows, 0);
	assert_int_equal(tcreg_diags_get(d, 0)->line, 1);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 1);
	assert_true(bytes <= 256 * 1024);
	memset(big, 'a', n);
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_OK);
	assert_int_equal(rows, 1);
	assert_string_equal(last, "E_CSV_RECORD_TOO_LONG");
	assert_true(bytes <= (1u << 20) + 2 * 256 * 1024);
	/* the same after a header, in the middle of the file */
	memcpy(big, "a,b\n1,2\n", 8);
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_OK);
	assert_int_equal(rows, 3);
	assert_string_equal(last, "E_CSV_RECORD_TOO_LONG");
	assert_true(bytes <= (1u << 20) + 2 * 256 * 1024);
	tcreg__diags_free(d);
	free(big);
}

/* Old Mac line ends: a lone CR ends each line, quoted line breaks included;
 * the line numbers are those an editor shows. */
static void
cr_line_ends(void **state)
{
	(void)state;
	const char *csv = "a,b\r1,\"x\ry\"\r\r2,z\r3,last";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.nfields[0], 2);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.last[1], "x\ny");
	assert_int_equal(g.line[2], 5); /* after a blank line */
	assert_string_equal(g.last[2], "z");
	assert_int_equal(g.line[3], 6);
	assert_string_equal(g.last[3], "last");
	assert_null(g.err[3]);
	/* a CRLF file keeps a stray CR inside a line as data, a break within
	 * the field (refused later but in a note), not the end of the row */
	csv = "a,b\r\n1,x\ry\r\n";
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.last[1], "x\ny");
	/* the first CR falls on the end of the first block read: the next byte decides */
	size_t big = 256 * 1024 - 1;
	char *long_hdr = malloc(big + 8);
	memset(long_hdr, 'h', big);
	memcpy(long_hdr + big, "\rb\r", 4);
	assert_int_equal(read_all(long_hdr, big + 3, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.first[1], "b");
	memcpy(long_hdr + big, "\r\nb\r\n", 6);
	assert_int_equal(read_all(long_hdr, big + 5, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.line[1], 2);
	free(long_hdr);
}

static void
code_tables(void **state)
{
	(void)state;
	tcreg_codes *c;
	assert_int_equal(tcreg_codes_load(&c, NULL, NULL), TCREG_OK);
	const char *code;
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_CATEGORY, "委托开发", &code), TCREG_OK);
	assert_string_equal(code, "11");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_CATEGORY, "技术开发（委托开发）", &code), TCREG_OK);
	assert_string_equal(code, "11");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_CATEGORY, "技术开发", &code), TCREG_OK);
	assert_string_equal(code, "10");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_CATEGORY, "31", &code), TCREG_OK);
	assert_string_equal(tcreg_codes_name(c, TCREG_TABLE_CATEGORY, "31"), "技术许可");
	assert_string_equal(tcreg_codes_extra(c, TCREG_TABLE_CATEGORY, "31"), "专利实施许可");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "230103", &code), TCREG_OK);
	assert_string_equal(code, "2301"); /* a Harbin district: the city is in the table */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "230600", &code), TCREG_OK);
	assert_string_equal(code, "2306"); /* Daqing, never the province */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "239900", &code), TCREG_ERR_NOT_FOUND);
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "110105", &code), TCREG_OK);
	assert_string_equal(code, "1100"); /* a district of Beijing: the municipality */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "429004", &code), TCREG_OK);
	assert_string_equal(code, "4200"); /* 仙桃, governed by Hubei directly */
	const char *const heilongjiang[][2] = {
		{ "大庆", "2306" }, { "大庆市", "2306" }, { "黑龙江省哈尔滨市", "2301" }, { "黑龙江大庆", "2306" },
		{ "2311", "2311" }, { "黑河", "2311" }, { "大兴安岭", "2327" }, { "231200", "2312" },
		{ "吉林", "2200" }, { "吉林市", "2202" },
	};
	for (size_t i = 0; i < sizeof(heilongjiang) / sizeof(heilongjiang[0]); i++) {
		assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, heilongjiang[i][0], &code), TCREG_OK);
		assert_string_equal(code, heilongjiang[i][1]);
	}
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "哈尔滨", &code), TCREG_OK);
	assert_string_equal(code, "2301");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "990000", &code), TCREG_ERR_NOT_FOUND);
	/* 8000 其它 is tcreg's own code: a typed 800000 is no administrative code */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "800000", &code), TCREG_ERR_NOT_FOUND);
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "8000", &code), TCREG_OK);
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "810000", &code), TCREG_OK);
	assert_string_equal(code, "7100"); /* 香港: 港澳台 */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_REGION, "820000", &code), TCREG_OK);
	assert_string_equal(code, "7100"); /* 澳门 */
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_NATURE, "高校", &code), TCREG_OK);
	assert_string_equal(code, "022");
	assert_string_equal(tcreg_codes_extra(c, TCREG_TABLE_NATURE, "160"), "企业法人");
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_TECH_FIELD, "电子信息技术", &code), TCREG_OK);
	assert_string_equal(code, "01");
	assert_int_equal(tcreg_codes_count(c, TCREG_TABLE_TECH_FIELD), 11);
	assert_int_equal(tcreg_codes_count(c, TCREG_TABLE_REGION), 366); /* 31 provinces, 333 cities, 港澳台, 其它 */
	const char *hits[8];
	assert_int_equal(tcreg_codes_search(c, TCREG_TABLE_REGION, "哈尔滨", hits, 8), 1);
	assert_true(tcreg_codes_search(c, TCREG_TABLE_CATEGORY, "许可", hits, 8) >= 3);
	tcreg_codes_free(c);
}

/* English names (the tables' name_en column) are names like the Chinese
 * ones: typed in any case or spacing, and searched. */
static void
code_tables_english(void **state)
{
	(void)state;
	tcreg_codes *c;
	assert_int_equal(tcreg_codes_load(&c, NULL, NULL), TCREG_OK);
	const char *code;
	const struct {
		tcreg_table t;
		const char *text, *code;
	} en[] = {
		{ TCREG_TABLE_REGION, "harbin", "2301" },       { TCREG_TABLE_REGION, "Heilongjiang", "2300" },
		{ TCREG_TABLE_REGION, "Inner Mongolia", "1500" }, { TCREG_TABLE_IP_TYPE, "patent", "01" },
		{ TCREG_TABLE_IP_TYPE, "Patent application right", "02" },
		{ TCREG_TABLE_CATEGORY, "patent licensing", "31" },
		{ TCREG_TABLE_CATEGORY, "commissioned-development", "11" },
		{ TCREG_TABLE_TECH_FIELD, "agriculture", "09" }, { TCREG_TABLE_PAY_METHOD, "Instalments", "2" },
		{ TCREG_TABLE_NATURE, "research institute", "021" },
		/* an alias that was there first keeps its entry */
		{ TCREG_TABLE_CATEGORY, "development", "10" },
	};
	for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++) {
		assert_int_equal(tcreg_codes_resolve(c, en[i].t, en[i].text, &code), TCREG_OK);
		assert_string_equal(code, en[i].code);
	}
	assert_string_equal(tcreg_codes_name_en(c, TCREG_TABLE_REGION, "2301"), "Harbin");
	assert_string_equal(tcreg_codes_name_en(c, TCREG_TABLE_CATEGORY, "11"), "Commissioned development");
	assert_null(tcreg_codes_name_en(c, TCREG_TABLE_REGION, "1302")); /* 唐山: none given */
	assert_null(tcreg_codes_name_en(c, TCREG_TABLE_REGION, "9999"));
	const char *hits[8];
	assert_int_equal(tcreg_codes_search(c, TCREG_TABLE_REGION, "harb", hits, 8), 1);
	assert_string_equal(hits[0], "2301");
	/* the registering authority's area of a 统一社会信用代码 */
	assert_int_equal(tcreg_codes_region_of_uscc(c, "91230103MA1B2C3D4L", &code), TCREG_OK);
	assert_string_equal(code, "2301"); /* a Harbin district */
	assert_int_equal(tcreg_codes_region_of_uscc(c, "12230000414000572L", &code), TCREG_OK);
	assert_string_equal(code, "2300");
	assert_int_equal(tcreg_codes_region_of_uscc(c, "91810000MA1B2C3D44", &code), TCREG_OK);
	assert_string_equal(code, "7100"); /* 香港 */
	assert_int_equal(tcreg_codes_region_of_uscc(c, "91800000MA1B2C3D40", &code), TCREG_ERR_NOT_FOUND);
	assert_int_equal(tcreg_codes_region_of_uscc(c, "91100000100000001Q", &code), TCREG_ERR_NOT_FOUND);
	assert_null(code);
	assert_int_equal(tcreg_codes_region_of_uscc(c, "9123", &code), TCREG_ERR_USAGE);
	tcreg_codes_free(c);
}

/* A table an office keeps in its data directory, written before name_en
 * existed, still loads: the columns are read by position. */
static void
code_tables_without_english(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/tcreg-data-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	char path[300];
	snprintf(path, sizeof(path), "%s/ip-type.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("code,name,aliases\n01,专利,专利权|patent\n77,本所自定,own\n", f);
	fclose(f);
	tcreg_codes *c;
	assert_int_equal(tcreg_codes_load(&c, dir, NULL), TCREG_OK);
	const char *code;
	assert_int_equal(tcreg_codes_resolve(c, TCREG_TABLE_IP_TYPE, "own", &code), TCREG_OK);
	assert_string_equal(code, "77");
	assert_null(tcreg_codes_name_en(c, TCREG_TABLE_IP_TYPE, "01"));
	assert_int_equal(tcreg_codes_count(c, TCREG_TABLE_IP_TYPE), 2);
	tcreg_codes_free(c);
	/* with the column, by the header's names, in any order */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("code,aliases,name_en,name\n01,专利权,Patent,专利\n", f);
	fclose(f);
	assert_int_equal(tcreg_codes_load(&c, dir, NULL), TCREG_OK);
	assert_string_equal(tcreg_codes_name(c, TCREG_TABLE_IP_TYPE, "01"), "专利");
	assert_string_equal(tcreg_codes_name_en(c, TCREG_TABLE_IP_TYPE, "01"), "Patent");
	tcreg_codes_free(c);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_and_quotes), cmocka_unit_test(bad_quote_recovers),
		cmocka_unit_test(unclosed_quote_at_end), cmocka_unit_test(encodings),
		cmocka_unit_test(mixed_encoding_is_an_error), cmocka_unit_test(nul_byte),
		cmocka_unit_test(code_tables), cmocka_unit_test(code_tables_english),
		cmocka_unit_test(code_tables_without_english), cmocka_unit_test(cr_line_ends),
		cmocka_unit_test(reading_stops_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
