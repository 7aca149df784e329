/* SPDX-License-Identifier: MIT
 * xlsx-build.h - a workbook made from given XML parts with libzip, for the
 * tests and the fuzz target: the parts a reader looks at, the others left
 * out.  A part given as NULL is left out; the defaults fill what is not
 * given.
 */
#ifndef TEST_XLSX_BUILD_H
#define TEST_XLSX_BUILD_H

#include <stdbool.h>
#include <string.h>
#include <zip.h>

#define XLSX_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char xlsx_default_workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<workbook " XLSX_NS "><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
	"</sheets></workbook>";

static const char xlsx_default_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
	"</Relationships>";

/* Styles: xf 0 General, 1 a built-in date (14), 2 a custom date, 3 a custom
 * number with 万元 in quotes, 4 a time of day. */
static const char xlsx_default_styles[] =
	"<styleSheet " XLSX_NS "><numFmts count=\"3\">"
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot;万元&quot;\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs></styleSheet>";

struct xlsx_part {
	const char *name, *data;
	size_t len; /* 0: strlen(data) */
};

/* Write a workbook of these parts to path, each stored or deflated (and
 * encrypted with AES when password is not NULL); the defaults add a
 * workbook, its relationships and styles unless given (a part with data
 * NULL is left out).  Returns false on failure. */
static inline bool
xlsx_write(const char *path, const struct xlsx_part *parts, size_t n, bool deflate,
	   const char *password)
{
	static const struct xlsx_part defaults[] = {
		{ "xl/workbook.xml", xlsx_default_workbook, 0 },
		{ "xl/_rels/workbook.xml.rels", xlsx_default_rels, 0 },
		{ "xl/styles.xml", xlsx_default_styles, 0 },
	};
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		return false;
	for (size_t k = 0; k < n + 3; k++) {
		const struct xlsx_part *p = k < n ? &parts[k] : &defaults[k - n];
		bool given = false;
		for (size_t j = 0; k >= n && j < n; j++)
			given |= strcmp(parts[j].name, p->name) == 0;
		if (given || !p->data)
			continue;
		size_t len = p->len ? p->len : strlen(p->data);
		zip_source_t *src = zip_source_buffer(z, p->data, len, 0);
		zip_int64_t i = src ? zip_file_add(z, p->name, src, ZIP_FL_ENC_UTF_8) : -1;
		if (i < 0) {
			zip_source_free(src);
			zip_discard(z);
			return false;
		}
		zip_set_file_compression(z, (zip_uint64_t)i, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
		if (password && zip_file_set_encryption(z, (zip_uint64_t)i, ZIP_EM_AES_256, password) != 0) {
			zip_discard(z);
			return false;
		}
	}
	return zip_close(z) == 0;
}

/* A workbook's parts from one text, the fuzz corpus' form: the sheet, then
 * the shared strings, the styles and the workbook, separated by lines of
 * "====="; an empty or missing one is left out (the defaults then stand).
 * The parts point into text.  Returns how many there are. */
static inline size_t
xlsx_parts_of(const char *text, size_t n, struct xlsx_part parts[4])
{
	static const char *const names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
					     "xl/styles.xml", "xl/workbook.xml" };
	static const char sep[] = "\n=====\n";
	size_t k = 0, at = 0;
	for (int i = 0; i < 4 && at <= n; i++) {
		const char *end = NULL;
		for (size_t j = at; j + sizeof(sep) - 1 <= n && !end; j++)
			if (memcmp(text + j, sep, sizeof(sep) - 1) == 0)
				end = text + j;
		size_t len = end ? (size_t)(end - (text + at)) : n - at;
		if (len > 0)
			parts[k++] = (struct xlsx_part){ names[i], text + at, len };
		if (!end)
			break;
		at = (size_t)(end - text) + sizeof(sep) - 1;
	}
	return k;
}

#endif
