/* SPDX-License-Identifier: MIT
 * test-xlsx.c - the Excel workbook reader: values (numbers kept exact,
 * serial dates in both date systems), cells (shared, inline and rich
 * strings, sparse rows, formulas, errors), the header (titles, merged
 * headers of two rows), broken and hostile workbooks, and an import whose
 * problems are placed at their cells.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "ledger/xlsx.h"
#include "helpers.h"
#include "xlsx-build.h"

#define SHEET(rows, tail) "<worksheet " XLSX_NS "><sheetData>" rows "</sheetData>" tail "</worksheet>"

/* ---- values ---- */

static void
numbers(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "1234.5", "1234.5" },   { "1234.50", "1234.5" }, { "3000000", "3000000" },
		{ "1.5E+3", "1500" },     { "1.5e3", "1500" },     { "1E-3", "0.001" },
		{ "0.1", "0.1" },         { "-2", "-2" },          { "0", "0" },
		{ "007.0", "7" },         { "1e+16", "10000000000000000" },
		{ "123456.78", "123456.78" },
		/* a fraction past Excel's 15 digits is read as Excel shows it */
		{ "799111.8199999999", "799111.82" },  { "65607.32000000001", "65607.32" },
		{ "2.2000000000000002", "2.2" },       { "0.30000000000000004", "0.3" },
		{ "9.9999999999999999", "10" },        { "-0.99999999999999999", "-1" },
		{ "1.2345678901234567E-5", "0.0000123456789012346" },
		{ "100.125", "100.125" },
		/* a whole number is kept as written */
		{ "123456789012345678", "123456789012345678" },
	};
	char out[128];
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_true(tcreg__xlsx_number(ok[i].in, out, sizeof(out)));
		assert_string_equal(out, ok[i].out);
	}
	/* no longer what was typed, or not numbers at all */
	static const char *bad[] = { "1.2345678901234568E+17", "abc", "", "1E", "NaN", "1.2.3", "1E+99" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(tcreg__xlsx_number(bad[i], out, sizeof(out)));
	/* exact fen through the ledger's own amount rule */
	int64_t fen;
	assert_true(tcreg__xlsx_number("1234.5", out, sizeof(out)));
	assert_int_equal(tcreg_amount_parse(out, 0, &fen, NULL, NULL), TCREG_OK);
	assert_int_equal(fen, 123450);
	assert_true(tcreg__xlsx_number("799111.8199999999", out, sizeof(out)));
	assert_int_equal(tcreg_amount_parse(out, 0, &fen, NULL, NULL), TCREG_OK);
	assert_int_equal(fen, 79911182);
	assert_true(tcreg__xlsx_number("100.125", out, sizeof(out)));
	assert_int_not_equal(tcreg_amount_parse(out, 0, &fen, NULL, NULL), TCREG_OK);
}

static void
serial_dates(void **state)
{
	(void)state;
	static const struct {
		const char *serial;
		bool d1904;
		const char *iso;
	} cases[] = {
		{ "1", false, "1900-01-01" },     { "59", false, "1900-02-28" },
		{ "60", false, "1900-02-29" },    /* Excel's day that never was */
		{ "61", false, "1900-03-01" },    { "45721", false, "2025-03-05" },
		{ "45721.5", false, "2025-03-05 12:00:00" },
		{ "45721.999999999", false, "2025-03-06" }, /* rounds to midnight */
		{ "0", false, "1900-01-00" },     { "0", true, "1904-01-01" },
		{ "44259", true, "2025-03-05" },  { "4.5721E+4", false, "2025-03-05" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(tcreg__xlsx_serial_date(cases[i].serial, cases[i].d1904, out));
		assert_string_equal(out, cases[i].iso);
	}
	assert_false(tcreg__xlsx_serial_date("-1", false, out));
	assert_false(tcreg__xlsx_serial_date("2958466", false, out));
	assert_false(tcreg__xlsx_serial_date("x", false, out));
	/* what the ledger makes of them */
	char iso[11];
	assert_int_not_equal(tcreg_date_parse("1900-02-29", iso, NULL, NULL), TCREG_OK);
	assert_true(tcreg__xlsx_iso_date("2025-03-05T00:00:00", out));
	assert_string_equal(out, "2025-03-05");
	assert_true(tcreg__xlsx_iso_date("2025-03-05T08:30:00", out));
	assert_string_equal(out, "2025-03-05 08:30:00");
}

static void
date_formats(void **state)
{
	(void)state;
	assert_true(tcreg__xlsx_date_format(14, NULL));
	assert_true(tcreg__xlsx_date_format(31, NULL)); /* yyyy"年"m"月"d"日" */
	assert_true(tcreg__xlsx_date_format(57, NULL));
	assert_false(tcreg__xlsx_date_format(0, NULL));
	assert_false(tcreg__xlsx_date_format(4, NULL));  /* #,##0.00 */
	assert_false(tcreg__xlsx_date_format(20, NULL)); /* h:mm */
	assert_false(tcreg__xlsx_date_format(32, NULL)); /* h"时"mm"分" */
	assert_true(tcreg__xlsx_date_format(164, "yyyy-mm-dd"));
	assert_true(tcreg__xlsx_date_format(164, "[$-804]yyyy\"年\"m\"月\"d\"日\";@"));
	assert_true(tcreg__xlsx_date_format(164, "mmm-yy"));
	assert_true(tcreg__xlsx_date_format(164, "mmmm"));
	assert_false(tcreg__xlsx_date_format(164, "h:mm:ss"));
	assert_false(tcreg__xlsx_date_format(164, "[h]:mm"));
	assert_false(tcreg__xlsx_date_format(164, "General"));
	assert_false(tcreg__xlsx_date_format(164, "#,##0.00\"万元\";[Red]-#,##0.00"));
	assert_false(tcreg__xlsx_date_format(164, "0.00E+00"));
	assert_false(tcreg__xlsx_date_format(164, "\"day\" 0")); /* quoted text */
}

static void
references(void **state)
{
	(void)state;
	long c, r;
	assert_true(tcreg__xlsx_ref("F7", &c, &r));
	assert_int_equal(c, 6);
	assert_int_equal(r, 7);
	assert_true(tcreg__xlsx_ref("XFD1048576", &c, &r));
	assert_int_equal(c, 16384);
	assert_false(tcreg__xlsx_ref("XFE1", &c, &r));
	assert_false(tcreg__xlsx_ref("A0", &c, &r));
	assert_false(tcreg__xlsx_ref("A01", &c, &r));
	assert_false(tcreg__xlsx_ref("A1048577", &c, &r));
	assert_false(tcreg__xlsx_ref("a1", &c, &r));
	char name[16];
	tcreg__xlsx_cell_name(28, 100, name);
	assert_string_equal(name, "AB100");
	struct tcreg__xlsx_merge m;
	assert_true(tcreg__xlsx_range("D2:G2", &m));
	assert_int_equal(m.left, 4);
	assert_int_equal(m.right, 7);
	assert_false(tcreg__xlsx_range("G2:D2", &m));
	char s[] = "a_x000D__x000A_b_x005F_x0041_c_x4E2D_";
	tcreg__xlsx_unescape(s);
	assert_string_equal(s, "a\r\nb_x0041_c中");
	char t[] = "tail_x00";
	tcreg__xlsx_unescape(t);
	assert_string_equal(t, "tail_x00");
}

/* ---- reading workbooks ---- */

struct rows {
	int n;
	long line[16];
	size_t nfields[16];
	char f[16][24][64];
	size_t nnotes[16];
	char note[16][64]; /* "col:code" of the first note */
};

static char *
workbook(const struct xlsx_part *parts, size_t n)
{
	char *path = tmpfile_str("", ".xlsx");
	assert_true(xlsx_write(path, parts, n, true, NULL));
	return path;
}

/* Open path as a ledger and read every record; returns the status of the
 * open or of the first failing read, with diags' first code in *code. */
static tcreg_status
read_book(const char *path, const char *sheet, struct rows *g, char code[64])
{
	memset(g, 0, sizeof(*g));
	tcreg_diags *d = tcreg__diags_new(0);
	struct tcreg__ledger *l = NULL;
	char err[256];
	code[0] = '\0';
	tcreg_status st = tcreg__ledger_open(&l, path, TCREG_ENC_AUTO, true, sheet, d, err, sizeof(err));
	const struct tcreg__row *row;
	while (st == TCREG_OK && (st = tcreg__ledger_next(l, &row, err, sizeof(err))) == TCREG_OK && row &&
	       g->n < 16) {
		g->line[g->n] = row->line;
		g->nfields[g->n] = row->nfields;
		for (size_t i = 0; i < row->nfields && i < 24; i++)
			snprintf(g->f[g->n][i], 64, "%s", row->fields[i]);
		g->nnotes[g->n] = row->nnotes;
		if (row->nnotes)
			snprintf(g->note[g->n], 64, "%ld:%s", row->notes[0].col, row->notes[0].code);
		g->n++;
	}
	if (st == TCREG_ERR_INVALID && l)
		tcreg__ledger_invalid(l, err, d);
	if (tcreg_diags_count(d))
		snprintf(code, 64, "%s", tcreg_diags_get(d, 0)->code);
	tcreg__ledger_close(l);
	tcreg__diags_free(d);
	return st;
}

static void
cells(void **state)
{
	(void)state;
	static const char sst[] =
		"<sst " XLSX_NS " count=\"4\" uniqueCount=\"4\">"
		"<si><t>合同编号</t></si>"
		"<si><r><rPr><b/></rPr><t>合同</t></r><r><t xml:space=\"preserve\">成交额</t></r>"
		"<rPh sb=\"0\" eb=\"2\"><t>ごうどう</t></rPh></si>"
		"<si><t>1234.50</t></si>"
		"<si><t>第一行_x000D__x000A_第二行</t></si></sst>";
	static const char sheet[] = SHEET(
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" t=\"inlineStr\"><is><r><t>签订</t></r><r><t>日期</t></r></is></c></row>"
		/* a row without r, cells without r, and a gap (E, F skipped) */
		"<row><c t=\"inlineStr\"><is><t>HT-1</t></is></c><c><v>1234.5</v></c>"
		"<c s=\"1\"><v>45721</v></c><c t=\"b\"><v>1</v></c><c r=\"G2\" t=\"s\"><v>3</v></c></row>"
		/* numbers as text, exponents, a custom date, a cached formula, a time */
		"<row r=\"5\"><c r=\"A5\" t=\"s\"><v>2</v></c><c r=\"B5\"><v>1.5E+3</v></c>"
		"<c r=\"C5\" s=\"2\"><v>45721</v></c><c r=\"D5\"><f>B5*2</f><v>3000</v></c>"
		"<c r=\"E5\" t=\"str\"><f>A5&amp;\"x\"</f><v>1234.50x</v></c><c r=\"F5\" s=\"4\"><v>0.5</v></c>"
		"<c r=\"H5\" s=\"3\"><v>12.5</v></c></row>"
		/* an error value and a formula never calculated */
		"<row r=\"6\"><c r=\"A6\" t=\"e\"><v>#DIV/0!</v></c><c r=\"B6\"><f>SUM(B2:B5)</f></c></row>"
		/* a formatted empty row, and empty formatted cells past the data */
		"<row r=\"7\"><c r=\"A7\" s=\"1\"/><c r=\"Z7\" s=\"1\"/></row>",
		"");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", sheet, 0 },
				     { "xl/sharedStrings.xml", sst, 0 } };
	char *path = workbook(parts, 2);
	struct rows g;
	char code[64];
	assert_int_equal(read_book(path, NULL, &g, code), TCREG_OK);
	assert_int_equal(g.n, 5);
	/* the header: rich text joined, the phonetic guide left out */
	assert_int_equal(g.line[0], 1);
	assert_int_equal(g.nfields[0], 3);
	assert_string_equal(g.f[0][1], "合同成交额");
	assert_string_equal(g.f[0][2], "签订日期");
	assert_int_equal(g.line[1], 2);
	assert_int_equal(g.nfields[1], 7);
	assert_string_equal(g.f[1][0], "HT-1");
	assert_string_equal(g.f[1][1], "1234.5");
	assert_string_equal(g.f[1][2], "2025-03-05");
	assert_string_equal(g.f[1][3], "TRUE");
	assert_string_equal(g.f[1][4], "");
	assert_string_equal(g.f[1][6], "第一行\n第二行");
	assert_int_equal(g.line[2], 5);
	assert_string_equal(g.f[2][0], "1234.50");
	assert_string_equal(g.f[2][1], "1500");
	assert_string_equal(g.f[2][2], "2025-03-05");
	assert_string_equal(g.f[2][3], "3000");
	assert_string_equal(g.f[2][4], "1234.50x");
	assert_string_equal(g.f[2][5], "0.5"); /* a time of day is no date */
	assert_string_equal(g.f[2][7], "12.5");
	assert_int_equal(g.line[3], 6);
	assert_int_equal(g.nnotes[3], 2);
	assert_string_equal(g.note[3], "1:E_XLSX_ERROR");
	/* the empty row is as wide as the header, and blank */
	assert_int_equal(g.line[4], 7);
	assert_int_equal(g.nfields[4], 3);
	unlink(path);
	free(path);
}

static void
date1904(void **state)
{
	(void)state;
	static const char wb[] = "<workbook " XLSX_NS "><workbookPr date1904=\"1\"/><sheets>"
				 "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char sheet[] = SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>签订日期</t></is></c></row>"
					  "<row r=\"2\"><c s=\"1\"><v>44259</v></c></row>",
					  "");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", sheet, 0 }, { "xl/workbook.xml", wb, 0 } };
	char *path = workbook(parts, 2);
	struct rows g;
	char code[64];
	assert_int_equal(read_book(path, NULL, &g, code), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.f[1][0], "2025-03-05");
	unlink(path);
	free(path);
}

static void
merged_header(void **state)
{
	(void)state;
	/* a title over the columns, then 合同编号 and 备注 merged down two
	 * rows, 卖方 merged across three columns over 名称, 地区, 性质 */
	static const char sheet[] = SHEET(
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>2025年台账</t></is></c></row>"
		"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>合同编号</t></is></c>"
		"<c r=\"B3\" t=\"inlineStr\"><is><t>卖方</t></is></c>"
		"<c r=\"E3\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
		"<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>名称</t></is></c>"
		"<c r=\"C4\" t=\"inlineStr\"><is><t>地区</t></is></c>"
		"<c r=\"D4\" t=\"inlineStr\"><is><t>性质</t></is></c></row>"
		"<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>HT-1</t></is></c>"
		"<c r=\"B5\" t=\"inlineStr\"><is><t>哈工大</t></is></c><c r=\"C5\"><v>2301</v></c></row>"
		/* B6:B7 merged: its value only in B6; row 8 is blank but for it */
		"<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>HT-2</t></is></c>"
		"<c r=\"B6\" t=\"inlineStr\"><is><t>东农</t></is></c></row>"
		"<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>HT-3</t></is></c></row>"
		"<row r=\"8\"><c r=\"D8\" t=\"inlineStr\"><is><t> </t></is></c></row>",
		"<mergeCells count=\"5\"><mergeCell ref=\"A2:E2\"/><mergeCell ref=\"A3:A4\"/>"
		"<mergeCell ref=\"B3:D3\"/><mergeCell ref=\"E3:E4\"/><mergeCell ref=\"B6:B8\"/></mergeCells>");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", sheet, 0 } };
	char *path = workbook(parts, 1);
	struct rows g;
	char code[64];
	assert_int_equal(read_book(path, NULL, &g, code), TCREG_OK);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.line[0], 3);
	assert_int_equal(g.nfields[0], 5);
	assert_string_equal(g.f[0][0], "合同编号");
	assert_string_equal(g.f[0][1], "卖方名称");
	assert_string_equal(g.f[0][2], "卖方地区");
	assert_string_equal(g.f[0][3], "卖方性质");
	assert_string_equal(g.f[0][4], "备注");
	assert_int_equal(g.line[1], 5);
	assert_int_equal(g.nfields[1], 5);
	assert_string_equal(g.f[1][2], "2301");
	assert_int_equal(g.nnotes[1], 0);
	assert_int_equal(g.nnotes[2], 0); /* B6 holds the value */
	assert_int_equal(g.line[3], 7);
	assert_string_equal(g.note[3], "2:E_XLSX_MERGED");
	assert_int_equal(g.line[4], 8);
	assert_int_equal(g.nnotes[4], 0); /* nothing of its own: a blank row */
	unlink(path);
	free(path);
}

static void
title_with_unit(void **state)
{
	(void)state;
	/* a subtitle 单位：万元 over a header without units is refused */
	static const char sheet[] = SHEET(
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>2025年台账</t></is></c></row>"
		"<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>单位：万元</t></is></c></row>"
		"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>合同编号</t></is></c>"
		"<c r=\"B3\" t=\"inlineStr\"><is><t>合同成交额</t></is></c></row>",
		"<mergeCells><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"C2:D2\"/></mergeCells>");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", sheet, 0 } };
	char *path = workbook(parts, 1);
	struct rows g;
	char code[64];
	assert_int_equal(read_book(path, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_TITLE_UNIT");
	unlink(path);
	free(path);
}

static void
sheets(void **state)
{
	(void)state;
	static const char wb[] =
		"<workbook " XLSX_NS "><sheets><sheet name=\"说明\" sheetId=\"3\" state=\"hidden\" r:id=\"rId2\"/>"
		"<sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"2024\" sheetId=\"2\" r:id=\"rId2\"/>"
		"<sheet name=\"图\" sheetId=\"4\" r:id=\"rId5\"/></sheets></workbook>";
	static const char s1[] = SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>one</t></is></c></row>", "");
	static const char s2[] = SHEET("<row r=\"1\"><c t=\"inlineStr\"><is><t>two</t></is></c></row>", "");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", s1, 0 },
				     { "xl/worksheets/sheet2.xml", s2, 0 },
				     { "xl/workbook.xml", wb, 0 } };
	char *path = workbook(parts, 3);
	struct rows g;
	char code[64];
	/* the first sheet shown; by name; by number counting the hidden one;
	 * a name that is all digits is a name first */
	const struct {
		const char *sheet, *first;
	} cases[] = { { NULL, "one" }, { "台账", "one" }, { "1", "two" }, { "2", "one" }, { "2024", "two" } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(read_book(path, cases[i].sheet, &g, code), TCREG_OK);
		assert_string_equal(g.f[0][0], cases[i].first);
	}
	assert_int_equal(read_book(path, "汇总", &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_SHEET");
	assert_int_equal(read_book(path, "9", &g, code), TCREG_ERR_INVALID);
	assert_int_equal(read_book(path, "图", &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_NOT_TABLE");
	unlink(path);
	free(path);
	/* --sheet on a CSV file */
	char *csv = tmpfile_str("a,b\n1,2\n", ".csv");
	assert_int_equal(read_book(csv, "1", &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_SHEET_CSV");
	assert_int_equal(read_book(csv, NULL, &g, code), TCREG_OK);
	unlink(csv);
	free(csv);
}

static void
broken(void **state)
{
	(void)state;
	struct rows g;
	char code[64];
	/* not a ZIP after its magic; a ZIP of something else; an old .xls */
	const struct {
		const char *data;
		size_t len;
		const char *code;
	} files[] = {
		{ "PK\3\4garbage that is no archive", 30, "E_XLSX_ZIP" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", 12, "E_XLSX_OLD" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = tmpfile_with(files[i].data, files[i].len, ".xlsx");
		assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
		assert_string_equal(code, files[i].code);
		unlink(p);
		free(p);
	}
	struct xlsx_part other[] = { { "word/document.xml", "<w/>", 0 }, { "xl/workbook.xml", NULL, 0 } };
	char *p = workbook(other, 2);
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_NOT_WORKBOOK");
	unlink(p);
	free(p);
	/* a password on the parts */
	static const char one[] = SHEET("<row r=\"1\"><c><v>1</v></c></row>", "");
	struct xlsx_part enc[] = { { "xl/worksheets/sheet1.xml", one, 0 } };
	p = tmpfile_str("", ".xlsx");
	assert_true(xlsx_write(p, enc, 1, true, "secret"));
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_ENCRYPTED");
	unlink(p);
	free(p);
	/* damage inside the sheet: the rows before it are read, then it stops */
	static const char *sheets[] = {
		SHEET("<row r=\"1\"><c><v>1</v></c></row><row r=\"1\"><c><v>2</v></c></row>", ""),
		SHEET("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", ""),
		SHEET("<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>", ""),
		SHEET("<row r=\"1\"><c t=\"s\"><v>7</v></c></row>", ""),
		SHEET("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</c></row>", ""),
		"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet><sheetData/></worksheet>",
		SHEET("<row r=\"1\"><c><v>1</v></c></row>", "<mergeCells><mergeCell ref=\"B2:A1\"/></mergeCells>"),
	};
	for (size_t i = 0; i < sizeof(sheets) / sizeof(sheets[0]); i++) {
		struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", sheets[i], 0 } };
		p = workbook(parts, 1);
		assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
		assert_string_equal(code, "E_XLSX_DAMAGED");
		unlink(p);
		free(p);
	}
}

static void
hostile(void **state)
{
	(void)state;
	struct rows g;
	char code[64];
	uint64_t part = tcreg__xlsx_max_part, cells = tcreg__xlsx_max_cells, merges = tcreg__xlsx_max_merges;
	/* a part bigger unpacked than allowed (deflated, it is small) */
	size_t n = 200000;
	char *big = malloc(n + 200);
	int k = snprintf(big, 200, "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>");
	memset(big + k, 'a', n);
	strcpy(big + k + n, "</t></is></c></row></sheetData></worksheet>");
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", big, 0 } };
	char *p = workbook(parts, 1);
	tcreg__xlsx_max_part = 100000;
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_TOO_BIG");
	tcreg__xlsx_max_part = part;
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_OK);
	unlink(p);
	free(p);
	free(big);
	/* cells past the limit, sparse cells counting as the row's width */
	static const char sparse[] = SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
					   "<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>", "");
	struct xlsx_part sp[] = { { "xl/worksheets/sheet1.xml", sparse, 0 } };
	p = workbook(sp, 1);
	tcreg__xlsx_max_cells = 10000;
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_TOO_BIG");
	tcreg__xlsx_max_cells = cells;
	unlink(p);
	free(p);
	static const char many[] = SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
					 "<mergeCells><mergeCell ref=\"A5:B5\"/><mergeCell ref=\"A6:B6\"/>"
					 "<mergeCell ref=\"A7:B7\"/></mergeCells>");
	struct xlsx_part mp[] = { { "xl/worksheets/sheet1.xml", many, 0 } };
	p = workbook(mp, 1);
	tcreg__xlsx_max_merges = 2;
	assert_int_equal(read_book(p, NULL, &g, code), TCREG_ERR_INVALID);
	assert_string_equal(code, "E_XLSX_TOO_BIG");
	tcreg__xlsx_max_merges = merges;
	unlink(p);
	free(p);
}

/* ---- an import: problems at their cells ---- */

static const char ledger_header[] =
	"<row r=\"1\"><c t=\"inlineStr\"><is><t>合同编号</t></is></c><c t=\"inlineStr\"><is><t>到账日期</t></is></c>"
	"<c t=\"inlineStr\"><is><t>到账金额</t></is></c><c t=\"inlineStr\"><is><t>凭证号</t></is></c>"
	"<c t=\"inlineStr\"><is><t>卖方名称</t></is></c></row>";

static void
import_places(void **state)
{
	(void)state;
	static const char sheet[] = SHEET(
		"%s"
		/* an amount with three decimals at C2; a date that is no date at B3 */
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>HT-1</t></is></c><c r=\"B2\" s=\"1\"><v>45721</v></c>"
		"<c r=\"C2\"><v>100.125</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>V1</t></is></c>"
		"<c r=\"E2\" t=\"inlineStr\"><is><t>哈工大</t></is></c></row>"
		"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>HT-1</t></is></c><c r=\"B3\" s=\"1\"><v>60</v></c>"
		"<c r=\"C3\"><v>5</v></c><c r=\"D3\" t=\"inlineStr\"><is><t>V2</t></is></c>"
		"<c r=\"E3\" t=\"inlineStr\"><is><t>哈工大</t></is></c></row>"
		/* an error where the voucher is: reported once, there */
		"<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>HT-1</t></is></c><c r=\"B4\" s=\"1\"><v>45721</v></c>"
		"<c r=\"C4\"><v>5</v></c><c r=\"D4\" t=\"e\"><v>#REF!</v></c>"
		"<c r=\"E4\" t=\"inlineStr\"><is><t>哈工大</t></is></c><c r=\"G4\"><v>9</v></c></row>",
		"");
	char xml[4096];
	snprintf(xml, sizeof(xml), sheet, ledger_header);
	struct xlsx_part parts[] = { { "xl/worksheets/sheet1.xml", xml, 0 } };
	char *path = workbook(parts, 1);
	char *db;
	tcreg_registry *reg = fresh_registry(&db);
	struct tcreg_import_opts o = { .kind = TCREG_LEDGER_PAYMENTS, .path = path, .display_name = "p.xlsx" };
	struct tcreg_import_result *r = NULL;
	assert_int_equal(tcreg_import(reg, &o, &r), TCREG_ERR_INVALID);
	assert_string_equal(r->sheet, "Sheet1");
	const struct {
		long line, col;
		const char *code;
	} want[] = { { 2, 3, "E_AMOUNT_DECIMALS" }, { 3, 2, "E_DATE_RANGE" }, { 4, 4, "E_XLSX_ERROR" },
		     { 4, 7, "E_COLUMNS" } };
	size_t n = tcreg_diags_count(r->diags);
	for (size_t i = 0; i < n; i++) {
		const struct tcreg_diag *x = tcreg_diags_get(r->diags, i);
		print_message("%ld:%ld %s\n", x->line, x->col, x->code);
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		const struct tcreg_diag *x = tcreg_diags_get(r->diags, i);
		assert_int_equal(x->line, want[i].line);
		assert_int_equal(x->col, want[i].col);
		assert_string_equal(x->code, want[i].code);
	}
	tcreg_import_result_free(r);
	drop_registry(reg, db);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),	 cmocka_unit_test(serial_dates),
		cmocka_unit_test(date_formats),	 cmocka_unit_test(references),
		cmocka_unit_test(cells),	 cmocka_unit_test(date1904),
		cmocka_unit_test(merged_header), cmocka_unit_test(title_with_unit),
		cmocka_unit_test(sheets),
		cmocka_unit_test(broken),	 cmocka_unit_test(hostile),
		cmocka_unit_test(import_places),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
