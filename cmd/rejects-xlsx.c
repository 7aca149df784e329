/* SPDX-License-Identifier: MIT
 * rejects-xlsx.c - register --rejects FILE.xlsx: the rejected rows as an
 * Excel workbook, through the library's rejects writer.  The library makes
 * the file and puts it in place only once the batch is saved, as it does
 * the CSV one; this fills it.  Every value is a text cell formatted as text
 * ("@"), as the ledger had it, so that a code a clerk retypes stays a code
 * and not 9.12301E+17; _line is a number.  The workbook is read back as a
 * ledger like the CSV (tcreg's own columns are expected there).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "xlsx-out.h"

struct rejects_xlsx {
	struct tcreg_rejects_writer w;
	struct xlsx_out x;
	lxw_worksheet *ws;
	lxw_row_t row;
};

static int
open_book(void *ud, const char *name)
{
	struct rejects_xlsx *r = ud;
	xlsx_start(&r->x, name, true);
	return r->x.err != LXW_NO_ERROR;
}

/* The header makes the sheet; _reason gets room to be read. */
static void
header(struct rejects_xlsx *r, const char *const *v, size_t n)
{
	struct xlsx_col *cols = calloc(n, sizeof(*cols));
	if (!cols) {
		r->x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	for (size_t i = 0; i < n; i++)
		cols[i] = (struct xlsx_col){ v[i], i + 1 == n ? 60 : 14 };
	r->ws = xlsx_sheet(&r->x, "退回的行", cols, n, true);
	if (r->ws && n >= 3) /* _line is a number */
		worksheet_set_column(r->ws, (lxw_col_t)(n - 3), (lxw_col_t)(n - 3), 8, NULL);
	free(cols);
}

static int
put_row(void *ud, const char *const *v, size_t n)
{
	struct rejects_xlsx *r = ud;
	if (r->row == 0) {
		header(r, v, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			char *end;
			long line = strtol(v[i], &end, 10);
			if (i + 3 == n && *v[i] && !*end) /* _line */
				xlsx_whole(&r->x, r->ws, r->row, (lxw_col_t)i, line);
			else
				xlsx_text(&r->x, r->ws, r->row, (lxw_col_t)i, v[i], r->x.text);
		}
	}
	r->row++;
	return r->x.err != LXW_NO_ERROR;
}

static int
close_book(void *ud)
{
	struct rejects_xlsx *r = ud;
	xlsx_finish(&r->x);
	return r->x.err != LXW_NO_ERROR;
}

struct rejects_xlsx *
rejects_xlsx_new(void)
{
	struct rejects_xlsx *r = calloc(1, sizeof(*r));
	if (r)
		r->w = (struct tcreg_rejects_writer){ r, open_book, put_row, close_book };
	return r;
}

const struct tcreg_rejects_writer *
rejects_xlsx_writer(struct rejects_xlsx *r)
{
	return &r->w;
}

int
rejects_xlsx_free(struct cli_ctx *ctx, struct rejects_xlsx *r, const char *path)
{
	int code = EXIT_OK;
	if (r && r->x.err != LXW_NO_ERROR) /* what the library cannot know */
		code = cli_error(ctx, EXIT_IOERR, _("cannot write '%s': %s"), path, lxw_strerror(r->x.err));
	if (r)
		xlsx_finish(&r->x); /* nothing left when the library closed it */
	free(r);
	return code;
}
