/* SPDX-License-Identifier: MIT
 * xlsx.h - what the parts of the Excel workbook reader share: the workbook
 * and its tables (xlsx.c), the rows of one sheet (xlsx-sheet.c) and the
 * conversion of cell values to ledger text (xlsx-value.c).  Private to
 * libtcreg; ledger.c is the only user outside these files.
 */
#ifndef TCREG_XLSX_H
#define TCREG_XLSX_H

#include <expat.h>
#include <zip.h>

#include "tcreg-private.h"

/* Limits that keep a crafted workbook (a zip bomb) from exhausting memory
 * or time: each part's uncompressed size (512 MiB), and the cells of the
 * sheet (16 Mi, counted as the width of every row read, so sparse rows
 * count, plus the merged ranges looked through), and its merged ranges (a
 * million).  Variables, so that tests can lower them. */
extern uint64_t tcreg__xlsx_max_part, tcreg__xlsx_max_cells, tcreg__xlsx_max_merges;
#define TCREG__XLSX_MAX_TEXT (1024 * 1024) /* one cell's text */
#define TCREG__XLSX_MAX_ROW 1048576L        /* Excel's own limits */
#define TCREG__XLSX_MAX_COL 16384L

struct tcreg__xlsx_merge {
	long top, left, bottom, right;
	bool has_value; /* its first cell holds a value */
};

/* One row as the sheet holds it: fields[0..width) by column, "" where the
 * sheet has no cell; the notes say which cells could not be read. */
struct xlsx_raw {
	long row;
	size_t width;
	char **fields;
	struct tcreg__cell_note *notes;
	size_t nnotes;
};

struct tcreg__xlsx {
	zip_t *zip;
	char sheet[256];       /* the sheet read, as named in the workbook */
	char sheet_part[512];  /* its part name: xl/worksheets/sheet1.xml */
	bool date1904;
	/* shared strings: offsets into sst_text */
	struct tcreg__buf sst_text;
	size_t *sst, nsst;
	/* cell formats (cellXfs): is the number format a date? */
	bool *xf_date;
	size_t nxf;
	struct tcreg__xlsx_merge *merges;
	size_t nmerges;

	/* the sheet being read (xlsx-sheet.c), as records (xlsx-rows.c) */
	struct xlsx_stream *s;
	struct xlsx_rows *rows;
	uint64_t part_size, done;
	uint64_t cells;
};

/* A failure of the file as a whole, as a diagnostic. */
struct tcreg__xlsx_err {
	const char *code, *msgid; /* msgid has at most one %s, from arg */
	char arg[256];
	char value[128];          /* what was given, when it matters */
	long line, col;           /* a row and column of the sheet, when known */
};

/* What every expat handler's user data starts with. */
struct xlsx_xml {
	XML_Parser p;
	struct tcreg__xlsx_err *e;
	const char *part;
	bool failed; /* a handler stopped the parser; e says why */
	bool nomem;  /* ... for want of memory */
};

/* Add n to the cells read: true (with e set) when that is past the limit. */
bool tcreg__xlsx_cells_over(struct tcreg__xlsx *x, uint64_t n, long row, struct tcreg__xlsx_err *e);
/* Set e and return TCREG_ERR_INVALID. */
tcreg_status tcreg__xlsx_fail(struct tcreg__xlsx_err *e, const char *code, const char *msgid,
			      const char *arg);
/* Open a part for reading, refusing encrypted ones and ones declared larger
 * than tcreg__xlsx_max_part.  *size is the declared uncompressed size. */
tcreg_status tcreg__xlsx_part_open(struct tcreg__xlsx *x, const char *name, zip_file_t **zf,
				   uint64_t *size, struct tcreg__xlsx_err *e);
/* Feed the next chunk of an open part to an expat parser (final at the end);
 * *done counts the bytes read, which must stay under the limit. */
tcreg_status tcreg__xlsx_part_feed(struct xlsx_xml *c, zip_file_t *zf, uint64_t *done,
				   enum XML_Status *xs, bool *final);
/* A new expat parser for c (stored in c->p) that refuses DTDs: no entity
 * tricks in a workbook. */
bool tcreg__xlsx_parser(struct xlsx_xml *c);
/* Stop the parser from a handler with this error. */
void tcreg__xlsx_abort(struct xlsx_xml *c, const char *code, const char *msgid, const char *arg);
/* After XML_STATUS_ERROR: the handler's error, or expat's as damage. */
tcreg_status tcreg__xlsx_xml_error(struct xlsx_xml *c);
/* The local part of a (possibly prefixed) element or attribute name. */
const char *tcreg__xlsx_local(const char *name);
const char *tcreg__xlsx_attr(const char **atts, const char *local);

/* ---- the workbook (xlsx.c) ---- */
/* Open a workbook and its sheet named or numbered sheet (NULL: the first
 * one shown).  TCREG_ERR_INVALID says why in e. */
tcreg_status tcreg__xlsx_open(struct tcreg__xlsx **out, const char *path, const char *sheet,
			      struct tcreg__xlsx_err *e);
void tcreg__xlsx_close(struct tcreg__xlsx *x);
const char *tcreg__xlsx_sheet_name(const struct tcreg__xlsx *x);

/* ---- records (xlsx-rows.c) ---- */
/* The header first, then each data row; *row = NULL at the end.  The row is
 * borrowed until the next call. */
tcreg_status tcreg__xlsx_next(struct tcreg__xlsx *x, const struct tcreg__row **row,
			      struct tcreg__xlsx_err *e);
void tcreg__xlsx_rows_free(struct tcreg__xlsx *x);

/* ---- the sheet (xlsx-sheet.c) ---- */
/* Read the merged cells of the sheet (they follow its rows in the file)
 * and start reading its rows. */
tcreg_status tcreg__xlsx_sheet_start(struct tcreg__xlsx *x, struct tcreg__xlsx_err *e);
/* The next row that is in the file; *raw = NULL at the end. */
tcreg_status tcreg__xlsx_sheet_next(struct tcreg__xlsx *x, const struct xlsx_raw **raw,
				    struct tcreg__xlsx_err *e);
void tcreg__xlsx_sheet_free(struct tcreg__xlsx *x);

/* ---- values (xlsx-value.c) ---- */
/* "F7" -> column 6, row 7 (1-based).  Row 0 when want_row is false and
 * there are no digits. */
bool tcreg__xlsx_ref(const char *s, long *col, long *row);
/* "A1:C2" (or one cell) */
bool tcreg__xlsx_range(const char *s, struct tcreg__xlsx_merge *m);
/* Column letters of a column, "F7" of a cell (row 0: letters only). */
void tcreg__xlsx_cell_name(long col, long row, char out[16]);
/* A number as written in the file (1234.5, 1.5E+3, -2) as plain decimal
 * text, without floating point; a fraction with more than 15 significant
 * digits is rounded to 15, as Excel shows it (799111.8199999999 is
 * 799111.82).  False when it is not a number, or is a whole number with an
 * exponent and more than 15 significant digits (Excel rounded it). */
bool tcreg__xlsx_number(const char *v, char *out, size_t outsz);
/* An Excel serial day number as ISO text ("2025-03-05", with " hh:mm:ss"
 * when there is a time of day), as Excel shows it: serial 60 of the 1900
 * system is 1900-02-29, which never was.  False when Excel shows none. */
bool tcreg__xlsx_serial_date(const char *v, bool date1904, char out[32]);
/* An ISO 8601 date-time cell (t="d") as the same text. */
bool tcreg__xlsx_iso_date(const char *v, char out[32]);
/* Whether a number format shows a date: the built-in ids that do, or a
 * format code with a day or year (or a month without hours or seconds). */
bool tcreg__xlsx_date_format(unsigned id, const char *code);
/* Undo the _xHHHH_ escapes of OOXML strings, in place. */
void tcreg__xlsx_unescape(char *s);

#endif
