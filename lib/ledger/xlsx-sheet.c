/* SPDX-License-Identifier: MIT
 * xlsx-sheet.c - the rows of one worksheet, streamed: expat is suspended at
 * the end of each <row>, so one row is held at a time whatever the sheet's
 * size.  Cells the file skips (sparse rows, r="F7") are empty fields; each
 * value becomes ledger text here (shared and inline strings, rich text
 * runs, numbers as written, dates from date-formatted serials, cached
 * results of formulas).  The merged cells follow the rows in the file, so
 * a first pass reads them alone.
 */
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

struct xlsx_stream {
	struct xlsx_xml c;
	struct tcreg__xlsx *x;
	zip_file_t *zf;
	bool final, ended, suspended, ready;

	bool in_data, in_row, in_c, in_is, collecting;
	int in_rph;
	long row, col, prev_col;
	char type[12];
	bool date, has_v, has_f;
	struct tcreg__buf text; /* the cell's character data */
	uint64_t c_elems;       /* <c> elements in this row */

	/* the row: texts in arena (offset 0 is an empty string), cells by column */
	struct tcreg__buf arena;
	long *ccol;
	size_t *coff, ncells, cap;
	struct tcreg__cell_note *notes;
	size_t nnotes, cap_notes;
	char **fieldv;
	size_t cap_fieldv;
	struct xlsx_raw raw;
};

/* ---- the merged cells, read first ---- */

struct merge_ctx {
	struct xlsx_xml c;
	struct tcreg__xlsx *x;
	size_t cap;
};

static void XMLCALL
merge_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct merge_ctx *m = ud;
	struct tcreg__xlsx *x = m->x;
	if (strcmp(tcreg__xlsx_local(el), "mergeCell") != 0)
		return;
	const char *ref = tcreg__xlsx_attr(atts, "ref");
	struct tcreg__xlsx_merge r = { 0 };
	if (!ref || !tcreg__xlsx_range(ref, &r)) {
		char what[96];
		snprintf(what, sizeof(what), "merged cells '%.40s'", ref ? ref : "");
		tcreg__xlsx_abort(&m->c, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
				  what);
		return;
	}
	if (x->nmerges >= tcreg__xlsx_max_merges) {
		char n[24];
		snprintf(n, sizeof(n), "%llu", (unsigned long long)tcreg__xlsx_max_merges);
		tcreg__xlsx_abort(&m->c, "E_XLSX_TOO_BIG",
				  N_("the sheet has more than %s merged ranges: a zip bomb, or a sheet to split"), n);
		return;
	}
	if (x->nmerges == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct tcreg__xlsx_merge *v = realloc(x->merges, cap * sizeof(*v));
		if (!v) {
			m->c.nomem = true;
			XML_StopParser(m->c.p, XML_FALSE);
			return;
		}
		x->merges = v;
		m->cap = cap;
	}
	x->merges[x->nmerges++] = r;
}

static int
by_top(const void *a, const void *b)
{
	const struct tcreg__xlsx_merge *p = a, *q = b;
	return p->top != q->top ? (p->top < q->top ? -1 : 1) : (p->left > q->left) - (p->left < q->left);
}

/* Reading the whole part also checks its size limit and its CRC before any
 * row is used. */
static tcreg_status
read_merges(struct tcreg__xlsx *x, struct tcreg__xlsx_err *e)
{
	struct merge_ctx m = { .c.e = e, .c.part = x->sheet_part, .x = x };
	if (!tcreg__xlsx_parser(&m.c))
		return TCREG_ERR_NOMEM;
	XML_SetStartElementHandler(m.c.p, merge_start);
	zip_file_t *zf;
	uint64_t done = 0;
	tcreg_status st = tcreg__xlsx_part_open(x, x->sheet_part, &zf, &x->part_size, e);
	bool final = false;
	while (st == TCREG_OK && !final) {
		enum XML_Status xs;
		st = tcreg__xlsx_part_feed(&m.c, zf, &done, &xs, &final);
	}
	if (zf)
		zip_fclose(zf);
	XML_ParserFree(m.c.p);
	if (st == TCREG_OK && x->nmerges)
		qsort(x->merges, x->nmerges, sizeof(*x->merges), by_top);
	x->part_size = done; /* the true size, for progress */
	return st;
}

/* ---- cells ---- */

static void
damaged(struct xlsx_stream *s, const char *what)
{
	char buf[160], cell[24];
	tcreg__xlsx_cell_name(s->col, s->row, cell);
	snprintf(buf, sizeof(buf), "%s, %s", s->c.part, what);
	s->c.e->line = s->row;
	s->c.e->col = s->in_c ? s->col : 0;
	tcreg__xlsx_abort(&s->c, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
			  buf);
}

static void
add_note(struct xlsx_stream *s, const char *code, const char *msgid, const char *value)
{
	if (s->nnotes == s->cap_notes) {
		size_t cap = s->cap_notes ? s->cap_notes * 2 : 8;
		struct tcreg__cell_note *v = realloc(s->notes, cap * sizeof(*v));
		if (!v) {
			s->arena.failed = true;
			return;
		}
		s->notes = v;
		s->cap_notes = cap;
	}
	struct tcreg__cell_note *n = &s->notes[s->nnotes++];
	memset(n, 0, sizeof(*n));
	n->col = s->col;
	n->code = code;
	n->msgid = msgid;
	snprintf(n->value, sizeof(n->value), "%s", value ? value : "");
}

/* Keep a cell's text (CR LF and lone CRs become LF, as in a CSV field). */
static void
keep(struct xlsx_stream *s, const char *t)
{
	if (!*t)
		return;
	if (s->ncells == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		long *c = realloc(s->ccol, cap * sizeof(*c));
		size_t *o = c ? realloc(s->coff, cap * sizeof(*o)) : NULL;
		if (c)
			s->ccol = c;
		if (!o) {
			s->arena.failed = true;
			return;
		}
		s->coff = o;
		s->cap = cap;
	}
	s->ccol[s->ncells] = s->col;
	s->coff[s->ncells++] = s->arena.len;
	for (const char *p = t; *p; p++) {
		if (*p != '\r')
			tcreg__buf_append(&s->arena, p, 1);
		else if (p[1] != '\n')
			tcreg__buf_append(&s->arena, "\n", 1);
	}
	tcreg__buf_append(&s->arena, "", 1);
}

static void
finish_cell(struct xlsx_stream *s)
{
	struct tcreg__xlsx *x = s->x;
	char *v = s->text.data ? s->text.data : (char *)"";
	const char *t = s->type;
	char out[128];
	/* a formula's saved result: none at all, or an empty one where only a
	 * text result may be empty (openpyxl writes <v></v> for formulas) */
	bool text = strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0;
	if (s->has_f && (!s->has_v || (!*v && !text))) {
		add_note(s, "E_XLSX_FORMULA",
			 N_("a formula whose result was never saved: open the workbook in Excel and save it"),
			 NULL);
	} else if (!s->has_v) {
		return; /* a formatted empty cell */
	} else if (strcmp(t, "s") == 0) {
		size_t n = strlen(v);
		unsigned long i = n > 0 && n < 11 && strspn(v, "0123456789") == n ? strtoul(v, NULL, 10) : ~0ul;
		if (i >= x->nsst) {
			damaged(s, "a shared string that is not there");
			return;
		}
		keep(s, x->sst_text.data + x->sst[i]);
	} else if (text) {
		tcreg__xlsx_unescape(v);
		keep(s, v);
	} else if (strcmp(t, "b") == 0) {
		keep(s, strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v);
	} else if (strcmp(t, "e") == 0) {
		add_note(s, "E_XLSX_ERROR", N_("the cell holds an Excel error, not a value"), v);
	} else if (strcmp(t, "d") == 0) {
		keep(s, tcreg__xlsx_iso_date(v, out) ? out : v);
	} else if (s->date && tcreg__xlsx_serial_date(v, x->date1904, out)) {
		keep(s, out);
	} else {
		keep(s, tcreg__xlsx_number(v, out, sizeof(out)) ? out : v);
	}
}

static void
start_cell(struct xlsx_stream *s, const char **atts)
{
	const char *r = tcreg__xlsx_attr(atts, "r"), *t = tcreg__xlsx_attr(atts, "t");
	const char *sty = tcreg__xlsx_attr(atts, "s");
	long col = s->prev_col + 1, row = s->row;
	if (r && !tcreg__xlsx_ref(r, &col, &row)) {
		damaged(s, "a cell reference that is not one");
		return;
	}
	s->col = col;
	if (row != s->row || col <= s->prev_col || col > TCREG__XLSX_MAX_COL) {
		damaged(s, "cells out of order");
		return;
	}
	s->prev_col = col;
	s->in_c = true;
	s->has_v = s->has_f = false;
	snprintf(s->type, sizeof(s->type), "%s", t ? t : "n");
	unsigned long xf = sty ? strtoul(sty, NULL, 10) : 0;
	s->date = xf < s->x->nxf && s->x->xf_date[xf];
	tcreg__buf_reset(&s->text);
	s->c_elems++;
}

static void
start_row(struct xlsx_stream *s, const char **atts)
{
	const char *r = tcreg__xlsx_attr(atts, "r");
	long row = s->row + 1;
	if (r) {
		size_t n = strlen(r);
		row = n > 0 && n < 8 && strspn(r, "0123456789") == n ? atol(r) : 0;
	}
	if (row <= s->row || row > TCREG__XLSX_MAX_ROW) {
		damaged(s, "rows out of order");
		return;
	}
	s->row = row;
	s->in_row = true;
	s->prev_col = 0;
	s->ncells = s->nnotes = 0;
	s->c_elems = 0;
	tcreg__buf_reset(&s->arena);
	tcreg__buf_append(&s->arena, "", 1);
}

static void XMLCALL
on_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx_stream *s = ud;
	const char *n = tcreg__xlsx_local(el);
	if (strcmp(n, "sheetData") == 0) {
		s->in_data = true;
	} else if (!s->in_data) {
		return;
	} else if (strcmp(n, "row") == 0 && !s->in_row) {
		start_row(s, atts);
	} else if (strcmp(n, "c") == 0 && s->in_row && !s->in_c) {
		start_cell(s, atts);
	} else if (!s->in_c) {
		return;
	} else if (strcmp(n, "v") == 0) {
		tcreg__buf_reset(&s->text);
		s->collecting = true;
	} else if (strcmp(n, "f") == 0) {
		s->has_f = true;
	} else if (strcmp(n, "is") == 0) {
		s->in_is = true;
		tcreg__buf_reset(&s->text);
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(n, "t") == 0 && s->in_is && !s->in_rph) {
		s->collecting = true;
	}
}

static void
finish_row(struct xlsx_stream *s)
{
	struct xlsx_raw *raw = &s->raw;
	size_t width = 0;
	for (size_t i = 0; i < s->ncells; i++)
		width = (size_t)s->ccol[i];
	for (size_t i = 0; i < s->nnotes; i++)
		if ((size_t)s->notes[i].col > width)
			width = (size_t)s->notes[i].col;
	if (tcreg__xlsx_cells_over(s->x, width > s->c_elems ? width : s->c_elems, s->row, s->c.e)) {
		s->c.failed = true;
		XML_StopParser(s->c.p, XML_FALSE);
		return;
	}
	if (width > s->cap_fieldv) {
		char **f = realloc(s->fieldv, width * sizeof(*f));
		if (!f) {
			s->c.nomem = true;
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		s->fieldv = f;
		s->cap_fieldv = width;
	}
	for (size_t i = 0; i < width; i++)
		s->fieldv[i] = s->arena.data; /* the empty string at offset 0 */
	for (size_t i = 0; i < s->ncells; i++)
		s->fieldv[s->ccol[i] - 1] = s->arena.data + s->coff[i];
	*raw = (struct xlsx_raw){ .row = s->row, .width = width, .fields = s->fieldv,
				  .notes = s->notes, .nnotes = s->nnotes };
	s->ready = true;
	XML_StopParser(s->c.p, XML_TRUE); /* hand the row over; resumed by the next call */
}

static void XMLCALL
on_end(void *ud, const XML_Char *el)
{
	struct xlsx_stream *s = ud;
	if (!s->in_data)
		return;
	const char *n = tcreg__xlsx_local(el);
	if (strcmp(n, "sheetData") == 0) {
		s->in_data = false;
	} else if (strcmp(n, "row") == 0 && s->in_row) {
		s->in_row = false;
		if (s->arena.failed || s->text.failed) {
			s->c.nomem = true;
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		finish_row(s);
	} else if (!s->in_c) {
		return;
	} else if (strcmp(n, "c") == 0) {
		s->collecting = s->in_is = false;
		s->in_rph = 0;
		finish_cell(s);
		s->in_c = false;
	} else if (strcmp(n, "v") == 0) {
		s->collecting = false;
		s->has_v = true;
	} else if (strcmp(n, "is") == 0) {
		s->in_is = false;
		s->has_v = true;
	} else if (strcmp(n, "rPh") == 0 && s->in_rph) {
		s->in_rph--;
	} else if (strcmp(n, "t") == 0) {
		s->collecting = false;
	}
}

static void XMLCALL
on_text(void *ud, const XML_Char *t, int len)
{
	struct xlsx_stream *s = ud;
	if (!s->collecting)
		return;
	if (s->text.len + (size_t)len > TCREG__XLSX_MAX_TEXT) {
		s->collecting = false;
		damaged(s, "a cell longer than 1 MiB");
		return;
	}
	tcreg__buf_append(&s->text, t, (size_t)len);
}

tcreg_status
tcreg__xlsx_sheet_start(struct tcreg__xlsx *x, struct tcreg__xlsx_err *e)
{
	tcreg_status st = read_merges(x, e);
	if (st != TCREG_OK)
		return st;
	struct xlsx_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return TCREG_ERR_NOMEM;
	x->s = s;
	s->x = x;
	s->c.e = e;
	s->c.part = x->sheet_part;
	tcreg__buf_init(&s->text);
	tcreg__buf_init(&s->arena);
	if (!tcreg__xlsx_parser(&s->c))
		return TCREG_ERR_NOMEM;
	XML_SetElementHandler(s->c.p, on_start, on_end);
	XML_SetCharacterDataHandler(s->c.p, on_text);
	uint64_t size;
	return tcreg__xlsx_part_open(x, x->sheet_part, &s->zf, &size, e);
}

tcreg_status
tcreg__xlsx_sheet_next(struct tcreg__xlsx *x, const struct xlsx_raw **raw, struct tcreg__xlsx_err *e)
{
	struct xlsx_stream *s = x->s;
	*raw = NULL;
	s->c.e = e;
	s->ready = false;
	while (!s->ready && !s->ended) {
		enum XML_Status xs;
		tcreg_status st = TCREG_OK;
		if (s->suspended) {
			s->suspended = false;
			xs = XML_ResumeParser(s->c.p);
			if (xs == XML_STATUS_ERROR)
				st = tcreg__xlsx_xml_error(&s->c);
		} else {
			st = tcreg__xlsx_part_feed(&s->c, s->zf, &x->done, &xs, &s->final);
		}
		if (st != TCREG_OK) {
			if (!e->line)
				e->line = s->row;
			s->ended = true;
			return st;
		}
		if (xs == XML_STATUS_SUSPENDED)
			s->suspended = true;
		else if (s->final)
			s->ended = true;
	}
	if (s->ready)
		*raw = &s->raw;
	return TCREG_OK;
}

void
tcreg__xlsx_sheet_free(struct tcreg__xlsx *x)
{
	struct xlsx_stream *s = x->s;
	if (!s)
		return;
	if (s->zf)
		zip_fclose(s->zf);
	if (s->c.p)
		XML_ParserFree(s->c.p);
	tcreg__buf_release(&s->text);
	tcreg__buf_release(&s->arena);
	free(s->ccol);
	free(s->coff);
	free(s->notes);
	free(s->fieldv);
	free(s);
	x->s = NULL;
}
