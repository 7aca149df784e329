/* SPDX-License-Identifier: MIT
 * test-codes.c - the code tables (codes.c): names, English names, search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

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
		cmocka_unit_test(code_tables),
		cmocka_unit_test(code_tables_english),
		cmocka_unit_test(code_tables_without_english),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
