/* SPDX-License-Identifier: MIT
 * xlsx-rows.c - a sheet's rows as ledger records, the shape a CSV ledger
 * has: blank rows and a title above the header are passed over; a header
 * of two or more rows joined by merged cells becomes one (卖方 over 名称
 * gives 卖方名称); data rows are as wide as the header at least.  A data
 * cell covered by merged cells whose value sits in another cell is an
 * error there, since its row would silently lose that value.
 */
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

#define MAX_HEADER_ROWS 4

struct xlsx_rows {
	bool started;
	const struct xlsx_raw *pending; /* read while looking for the header's end */
	long hdr_top, hdr_bottom;
	size_t m0, m1; /* the merged ranges that start in the header */
	size_t hdr_w;
	char **hdr[MAX_HEADER_ROWS]; /* the header's rows, copied */
	size_t hdr_n[MAX_HEADER_ROWS];
	struct tcreg__buf names;
	char **hdr_fields;

	size_t next_merge, *active, nactive, cap_active;
	struct tcreg__cell_note *notes;
	size_t cap_notes;
	char **fieldv;
	size_t cap_fieldv;
	char empty[1];
	struct tcreg__row row;
};

/* Only white space (as tcreg__trim takes it: ASCII and U+3000); the text
 * is left as it is, for the checks to see it whole. */
static bool
blank(const char *f)
{
	for (const unsigned char *p = (const unsigned char *)f; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else
			return false;
	}
	return true;
}

static const char *
field(const struct xlsx_raw *raw, long col)
{
	return col >= 1 && (size_t)col <= raw->width ? raw->fields[col - 1] : "";
}

/* Follow the merged cells down the sheet: those covering this row are
 * active; a range's value is known when its first row goes by. */
static tcreg_status
track(struct tcreg__xlsx *x, struct xlsx_rows *r, const struct xlsx_raw *raw,
      struct tcreg__xlsx_err *e)
{
	size_t k = 0;
	for (size_t i = 0; i < r->nactive; i++)
		if (x->merges[r->active[i]].bottom >= raw->row)
			r->active[k++] = r->active[i];
	r->nactive = k;
	for (; r->next_merge < x->nmerges && x->merges[r->next_merge].top <= raw->row; r->next_merge++) {
		struct tcreg__xlsx_merge *m = &x->merges[r->next_merge];
		if (m->top == raw->row)
			m->has_value = !blank(field(raw, m->left));
		if (m->bottom < raw->row)
			continue;
		if (r->nactive == r->cap_active) {
			size_t cap = r->cap_active ? r->cap_active * 2 : 16;
			size_t *v = realloc(r->active, cap * sizeof(*v));
			if (!v)
				return TCREG_ERR_NOMEM;
			r->active = v;
			r->cap_active = cap;
		}
		r->active[r->nactive++] = r->next_merge;
	}
	/* overlapping ranges cost time too */
	return tcreg__xlsx_cells_over(x, r->nactive, raw->row, e) ? TCREG_ERR_INVALID : TCREG_OK;
}

/* A title: one value alone on its row, in merged cells across columns. */
static bool
is_title(struct tcreg__xlsx *x, const struct xlsx_rows *r, const struct xlsx_raw *raw)
{
	long only = 0;
	for (size_t i = 0; i < raw->width; i++) {
		if (blank(raw->fields[i]))
			continue;
		if (only)
			return false;
		only = (long)i + 1;
	}
	for (size_t i = 0; only && i < r->nactive; i++) {
		const struct tcreg__xlsx_merge *m = &x->merges[r->active[i]];
		if (m->top == raw->row && m->left == only && m->right > m->left)
			return true;
	}
	return false;
}

static tcreg_status
copy_header_row(struct xlsx_rows *r, const struct xlsx_raw *raw)
{
	size_t k = (size_t)(raw->row - r->hdr_top);
	r->hdr[k] = calloc(raw->width ? raw->width : 1, sizeof(char *));
	if (!r->hdr[k])
		return TCREG_ERR_NOMEM;
	r->hdr_n[k] = raw->width;
	for (size_t i = 0; i < raw->width; i++)
		if (!(r->hdr[k][i] = tcreg__strdup(raw->fields[i])))
			return TCREG_ERR_NOMEM;
	return TCREG_OK;
}

/* The header's text at a cell: a merged range's value fills all of it. */
static const char *
header_cell(struct tcreg__xlsx *x, struct xlsx_rows *r, long row, long col)
{
	for (size_t i = r->m0; i < r->m1; i++) {
		const struct tcreg__xlsx_merge *m = &x->merges[i];
		if (row >= m->top && row <= m->bottom && col >= m->left && col <= m->right) {
			row = m->top;
			col = m->left;
			break;
		}
	}
	size_t k = (size_t)(row - r->hdr_top);
	return r->hdr[k] && (size_t)col <= r->hdr_n[k] ? r->hdr[k][col - 1] : "";
}

/* One name per column: the texts down the header's rows, each once. */
static tcreg_status
join_header(struct tcreg__xlsx *x, struct xlsx_rows *r, struct tcreg__xlsx_err *e)
{
	size_t width = 0;
	for (int k = 0; k < MAX_HEADER_ROWS; k++)
		if (r->hdr_n[k] > width)
			width = r->hdr_n[k];
	for (size_t i = r->m0; i < r->m1; i++)
		if ((size_t)x->merges[i].right > width)
			width = (size_t)x->merges[i].right;
	/* every cell of the header looks through its merged ranges */
	if (tcreg__xlsx_cells_over(x, width * (r->m1 - r->m0) * (size_t)(r->hdr_bottom - r->hdr_top + 1),
				   r->hdr_top, e))
		return TCREG_ERR_INVALID;
	size_t *offs = calloc(width ? width : 1, sizeof(*offs));
	if (!offs)
		return TCREG_ERR_NOMEM;
	tcreg__buf_append(&r->names, "", 1);
	r->hdr_w = 0;
	for (size_t c = 1; c <= width; c++) {
		offs[c - 1] = r->names.len;
		const char *last = NULL;
		for (long row = r->hdr_top; row <= r->hdr_bottom; row++) {
			const char *t = header_cell(x, r, row, (long)c);
			if (*t && (!last || strcmp(t, last) != 0))
				tcreg__buf_puts(&r->names, t);
			if (*t)
				last = t;
		}
		if (r->names.len > offs[c - 1])
			r->hdr_w = c;
		tcreg__buf_append(&r->names, "", 1);
	}
	r->hdr_fields = calloc(r->hdr_w ? r->hdr_w : 1, sizeof(char *));
	if (!r->hdr_fields || r->names.failed) {
		free(offs);
		return TCREG_ERR_NOMEM;
	}
	for (size_t c = 0; c < r->hdr_w; c++)
		r->hdr_fields[c] = r->names.data + offs[c];
	free(offs);
	r->row = (struct tcreg__row){ .line = r->hdr_top, .end_line = r->hdr_bottom,
				      .nfields = r->hdr_w, .fields = r->hdr_fields };
	return TCREG_OK;
}

static bool
blank_raw(const struct xlsx_raw *raw)
{
	for (size_t i = 0; i < raw->width; i++)
		if (!blank(raw->fields[i]))
			return false;
	return true;
}

/* A title that gives the amounts a unit (单位：万元) must not be passed
 * over: the amounts would be read in 元, ten thousand times too small. */
static tcreg_status
title_unit(const struct xlsx_raw *raw, struct tcreg__xlsx_err *e)
{
	for (size_t i = 0; i < raw->width; i++) {
		const char *t = raw->fields[i];
		if (strstr(t, "万元") || strstr(t, "千元") || (strstr(t, "单位") && strstr(t, "万"))) {
			tcreg__xlsx_fail(e, "E_XLSX_TITLE_UNIT",
					 N_("the title gives the amounts a unit: give it in each amount column's header instead, as 合同成交额（万元）"),
					 NULL);
			snprintf(e->value, sizeof(e->value), "%s", t);
			e->line = raw->row;
			e->col = (long)i + 1;
			return TCREG_ERR_INVALID;
		}
	}
	return TCREG_OK;
}

/* Find the header: the first row that is neither blank nor a title, with
 * the rows below it that merged cells starting in it reach down to. */
static tcreg_status
read_header(struct tcreg__xlsx *x, struct xlsx_rows *r, struct tcreg__xlsx_err *e,
	    const struct tcreg__row **row)
{
	const struct xlsx_raw *raw;
	tcreg_status st;
	for (;;) {
		st = tcreg__xlsx_sheet_next(x, &raw, e);
		if (st != TCREG_OK || !raw)
			return st;
		if ((st = track(x, r, raw, e)) != TCREG_OK)
			return st;
		if (!(blank_raw(raw) && raw->nnotes == 0) && !is_title(x, r, raw))
			break;
		if ((st = title_unit(raw, e)) != TCREG_OK)
			return st;
	}
	r->hdr_top = r->hdr_bottom = raw->row;
	for (size_t i = 0; i < x->nmerges; i++)
		if (x->merges[i].top == raw->row && x->merges[i].bottom > r->hdr_bottom)
			r->hdr_bottom = x->merges[i].bottom;
	if (r->hdr_bottom >= r->hdr_top + MAX_HEADER_ROWS)
		r->hdr_bottom = r->hdr_top + MAX_HEADER_ROWS - 1;
	/* the ranges that start in the header (sorted by their first row) */
	for (r->m0 = 0; r->m0 < x->nmerges && x->merges[r->m0].top < r->hdr_top; r->m0++)
		;
	for (r->m1 = r->m0; r->m1 < x->nmerges && x->merges[r->m1].top <= r->hdr_bottom; r->m1++)
		;
	if ((st = copy_header_row(r, raw)) != TCREG_OK)
		return st;
	while (r->hdr_bottom > r->hdr_top) {
		st = tcreg__xlsx_sheet_next(x, &raw, e);
		if (st != TCREG_OK)
			return st;
		if (!raw)
			break;
		if ((st = track(x, r, raw, e)) != TCREG_OK)
			return st;
		if (raw->row > r->hdr_bottom) {
			r->pending = raw;
			break;
		}
		if ((st = copy_header_row(r, raw)) != TCREG_OK)
			return st;
	}
	st = join_header(x, r, e);
	if (st == TCREG_OK)
		*row = &r->row;
	return st;
}

/* Notes for the cells of this row that merged cells cover but whose value
 * is elsewhere: the first such cell of each range, within the header. */
static tcreg_status
merge_notes(struct tcreg__xlsx *x, struct xlsx_rows *r, const struct xlsx_raw *raw, size_t *n)
{
	for (size_t i = 0; i < r->nactive; i++) {
		const struct tcreg__xlsx_merge *m = &x->merges[r->active[i]];
		long col = m->top == raw->row ? m->left + 1 : m->left;
		if (!m->has_value || col > m->right || (size_t)col > r->hdr_w || m->top <= r->hdr_bottom)
			continue;
		if (*n == r->cap_notes) {
			size_t cap = r->cap_notes * 2 + 8;
			struct tcreg__cell_note *v = realloc(r->notes, cap * sizeof(*v));
			if (!v)
				return TCREG_ERR_NOMEM;
			r->notes = v;
			r->cap_notes = cap;
		}
		struct tcreg__cell_note *note = &r->notes[(*n)++];
		memset(note, 0, sizeof(*note));
		note->col = col;
		note->code = "E_XLSX_MERGED";
		note->msgid = N_("part of the merged cells %s, whose value is in their first cell only: unmerge them and fill in every cell");
		char a[16], b[16];
		tcreg__xlsx_cell_name(m->left, m->top, a);
		tcreg__xlsx_cell_name(m->right, m->bottom, b);
		snprintf(note->arg, sizeof(note->arg), "%s:%s", a, b);
	}
	return TCREG_OK;
}

static tcreg_status
data_row(struct tcreg__xlsx *x, struct xlsx_rows *r, const struct xlsx_raw *raw,
	 const struct tcreg__row **row)
{
	size_t width = raw->width > r->hdr_w ? raw->width : r->hdr_w;
	if (width > r->cap_fieldv) {
		char **f = realloc(r->fieldv, width * sizeof(*f));
		if (!f)
			return TCREG_ERR_NOMEM;
		r->fieldv = f;
		r->cap_fieldv = width;
	}
	for (size_t i = 0; i < width; i++)
		r->fieldv[i] = i < raw->width ? raw->fields[i] : r->empty;
	size_t n = 0;
	if (raw->nnotes > r->cap_notes) {
		struct tcreg__cell_note *v = realloc(r->notes, raw->nnotes * sizeof(*v));
		if (!v)
			return TCREG_ERR_NOMEM;
		r->notes = v;
		r->cap_notes = raw->nnotes;
	}
	for (; n < raw->nnotes; n++)
		r->notes[n] = raw->notes[n];
	/* a row with nothing of its own is blank, merged cells or not */
	tcreg_status st = blank_raw(raw) && n == 0 ? TCREG_OK : merge_notes(x, r, raw, &n);
	if (st != TCREG_OK)
		return st;
	r->row = (struct tcreg__row){ .line = raw->row, .end_line = raw->row, .nfields = width,
				      .fields = r->fieldv, .notes = r->notes, .nnotes = n };
	*row = &r->row;
	return TCREG_OK;
}

tcreg_status
tcreg__xlsx_next(struct tcreg__xlsx *x, const struct tcreg__row **row, struct tcreg__xlsx_err *e)
{
	*row = NULL;
	if (!x->rows && !(x->rows = calloc(1, sizeof(*x->rows))))
		return TCREG_ERR_NOMEM;
	struct xlsx_rows *r = x->rows;
	if (!r->started) {
		r->started = true;
		return read_header(x, r, e, row);
	}
	const struct xlsx_raw *raw = r->pending;
	r->pending = NULL;
	if (!raw) {
		tcreg_status st = tcreg__xlsx_sheet_next(x, &raw, e);
		if (st == TCREG_OK && raw)
			st = track(x, r, raw, e);
		if (st != TCREG_OK || !raw)
			return st;
	}
	return data_row(x, r, raw, row);
}

void
tcreg__xlsx_rows_free(struct tcreg__xlsx *x)
{
	struct xlsx_rows *r = x->rows;
	if (!r)
		return;
	for (int k = 0; k < MAX_HEADER_ROWS; k++) {
		for (size_t i = 0; r->hdr[k] && i < r->hdr_n[k]; i++)
			free(r->hdr[k][i]);
		free(r->hdr[k]);
	}
	tcreg__buf_release(&r->names);
	free(r->hdr_fields);
	free(r->active);
	free(r->notes);
	free(r->fieldv);
	free(r);
	x->rows = NULL;
}
