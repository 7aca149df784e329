/* SPDX-License-Identifier: MIT
 * xlsx-out.c - the Excel workbooks of tcreg (list, report, award, the
 * rejects file): one way to make them, so that they all look alike and
 * none is put in place half written.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx-out.h"

static void
fail(struct xlsx_out *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = e;
}

static lxw_format *
number_format(lxw_workbook *wb, const char *shape)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, shape);
	return f;
}

void
xlsx_start(struct xlsx_out *x, const char *filename, bool big)
{
	x->err = LXW_NO_ERROR;
	lxw_workbook_options opt = { .constant_memory = big ? LXW_TRUE : LXW_FALSE };
	x->wb = workbook_new_opt(filename, &opt);
	if (!x->wb) {
		x->err = LXW_ERROR_CREATING_XLSX_FILE;
		return;
	}
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	x->yuan = number_format(x->wb, "#,##0.00");
	x->date = number_format(x->wb, "yyyy-mm-dd");
	x->month = number_format(x->wb, "yyyy-mm");
	x->stamp = number_format(x->wb, "yyyy-mm-dd hh:mm:ss");
	x->pct = number_format(x->wb, "0.00%");
	x->text = number_format(x->wb, "@");
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	x->indent = workbook_add_format(x->wb);
	format_set_indent(x->indent, 1);
}

int
xlsx_open(struct cli_ctx *ctx, const char *path, bool big, struct xlsx_out *x)
{
	memset(x, 0, sizeof(*x));
	int code = cli_out_open_named(ctx, path, &x->o); /* whole or not at all */
	if (code)
		return code;
	x->path = path;
	xlsx_start(x, x->o.tmp, big);
	if (!x->wb) {
		cli_out_commit_named(ctx, &x->o, false);
		return cli_error(ctx, EXIT_CANTCREAT, _("cannot create '%s'"), path);
	}
	return EXIT_OK;
}

lxw_worksheet *
xlsx_sheet(struct xlsx_out *x, const char *name, const struct xlsx_col *cols, size_t n, bool text)
{
	lxw_worksheet *ws = x->wb ? workbook_add_worksheet(x->wb, name) : NULL;
	if (!ws) { /* a name Excel refuses, or no memory */
		lxw_error e = x->wb ? workbook_validate_sheet_name(x->wb, name) : LXW_NO_ERROR;
		fail(x, e != LXW_NO_ERROR ? e : LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		lxw_col_t c = (lxw_col_t)i;
		fail(x, worksheet_set_column(ws, c, c, cols[i].width, text ? x->text : NULL));
		fail(x, worksheet_write_string(ws, 0, c, cols[i].head, x->head));
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

void
xlsx_text(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (ws && s && *s)
		fail(x, worksheet_write_string(ws, r, c, s, f));
}

void
xlsx_yuan(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t fen)
{
	if (ws)
		fail(x, worksheet_write_number(ws, r, c, (double)fen / 100.0, x->yuan));
}

void
xlsx_whole(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long n)
{
	if (ws)
		fail(x, worksheet_write_number(ws, r, c, (double)n, NULL));
}

void
xlsx_bp(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long bp)
{
	if (ws)
		fail(x, worksheet_write_number(ws, r, c, (double)bp / 10000.0, x->pct));
}

/* n digits at s */
static bool
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

void
xlsx_date(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso)
{
	if (!ws || !iso || !*iso)
		return;
	size_t n = strlen(iso);
	bool day = n >= 10 && iso[7] == '-' && digits(iso + 8, 2);
	bool time = n == 19 && day && iso[10] == 'T' && digits(iso + 11, 2) && iso[13] == ':' &&
		    digits(iso + 14, 2) && iso[16] == ':' && digits(iso + 17, 2);
	bool month = n >= 7 && digits(iso, 4) && iso[4] == '-' && digits(iso + 5, 2);
	if (!month || !(n == 7 || (n == 10 && day) || time)) {
		xlsx_text(x, ws, r, c, iso, NULL); /* not a date: kept as it is */
		return;
	}
	lxw_datetime dt = { .year = atoi(iso), .month = atoi(iso + 5), .day = day ? atoi(iso + 8) : 1 };
	if (time) {
		dt.hour = atoi(iso + 11);
		dt.min = atoi(iso + 14);
		dt.sec = atoi(iso + 17);
	}
	fail(x, worksheet_write_datetime(ws, r, c, &dt, time ? x->stamp : day ? x->date : x->month));
}

void
xlsx_finish(struct xlsx_out *x)
{
	if (x->wb)
		fail(x, workbook_close(x->wb));
	x->wb = NULL;
}

int
xlsx_close(struct cli_ctx *ctx, struct xlsx_out *x, bool ok)
{
	xlsx_finish(x);
	if (ok && x->err != LXW_NO_ERROR) {
		cli_out_commit_named(ctx, &x->o, false);
		return cli_error(ctx, EXIT_IOERR, _("cannot write '%s': %s"), x->path, lxw_strerror(x->err));
	}
	return cli_out_commit_named(ctx, &x->o, ok);
}
