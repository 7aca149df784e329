/* SPDX-License-Identifier: MIT
 * xlsx-out.h - what tcreg's Excel workbooks share (xlsx-out.c): the file
 * written atomically, bold frozen header rows, amounts in 元 as numbers
 * shown "#,##0.00", dates as date cells, and the first failure kept so
 * that a workbook that went wrong is never put in place.
 */
#ifndef TCREG_XLSX_OUT_H
#define TCREG_XLSX_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <xlsxwriter.h>

#include "cli.h"

struct xlsx_out {
	struct cli_out o; /* the temporary file, when xlsx_open made it */
	const char *path;
	lxw_workbook *wb;
	lxw_format *head, *yuan, *date, *month, *stamp, *pct, *text, *wrap, *indent;
	lxw_error err; /* the first failure, LXW_NO_ERROR while none */
};

/* A column of a sheet: its Chinese header and width in characters. */
struct xlsx_col {
	const char *head;
	double width;
};

/* Start the workbook that will replace path when complete (big: rows go
 * to disk as they are written, for sheets of any length; then each sheet
 * must be written row by row, in order).  Prints why not and returns the
 * exit code, else 0. */
int xlsx_open(struct cli_ctx *ctx, const char *path, bool big, struct xlsx_out *x);
/* The same at a name another part manages (the rejects file, which the
 * library puts in place); the failure is in x->err. */
void xlsx_start(struct xlsx_out *x, const char *filename, bool big);
/* A sheet with its header row, bold and frozen; NULL (x->err set) when it
 * cannot be made.  text: the columns take text as typed (format "@"). */
lxw_worksheet *xlsx_sheet(struct xlsx_out *x, const char *name, const struct xlsx_col *cols, size_t n,
			  bool text);

/* Cells; each does nothing on a NULL sheet and keeps the first failure.
 * Text: nothing for NULL or "".  Amounts: fen / 100 as the cell's number,
 * the double nearest the amount, which Excel shows to the fen up to 15
 * digits (10^13 元).  Dates: "YYYY-MM-DD" as a date, "YYYY-MM" as the
 * month's first day shown yyyy-mm, "YYYY-MM-DDTHH:MM:SS" as a date and
 * time; anything else stays text.  Percentages:
 * basis points as a fraction shown 0.00%. */
void xlsx_text(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
	       lxw_format *f);
void xlsx_yuan(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t fen);
void xlsx_whole(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long n);
void xlsx_date(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso);
void xlsx_bp(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long bp);

/* Finish a workbook of xlsx_start: written out (x->err says how). */
void xlsx_finish(struct xlsx_out *x);
/* Finish a workbook of xlsx_open: with ok and no failure it is put in
 * place, else removed.  Returns the exit code (a failure is said). */
int xlsx_close(struct cli_ctx *ctx, struct xlsx_out *x, bool ok);

#endif
