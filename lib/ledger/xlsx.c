/* SPDX-License-Identifier: MIT
 * xlsx.c - an Excel workbook (.xlsx, a ZIP of XML parts) opened for reading
 * one sheet: which sheet, the 1900 or 1904 date system, the shared strings
 * and which cell formats show dates.  Every part is streamed through expat
 * with a cap on its unpacked size, so a zip bomb fails early and clearly.
 */
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

#define CHUNK (64 * 1024)
#define MAX_SHEETS 4096

uint64_t tcreg__xlsx_max_part = 512u * 1024 * 1024;
uint64_t tcreg__xlsx_max_cells = 16u * 1024 * 1024;
uint64_t tcreg__xlsx_max_merges = 1000000;

bool
tcreg__xlsx_cells_over(struct tcreg__xlsx *x, uint64_t n, long row, struct tcreg__xlsx_err *e)
{
	x->cells += n;
	if (x->cells <= tcreg__xlsx_max_cells)
		return false;
	char max[24];
	snprintf(max, sizeof(max), "%llu", (unsigned long long)tcreg__xlsx_max_cells);
	e->line = row;
	tcreg__xlsx_fail(e, "E_XLSX_TOO_BIG",
			 N_("the sheet has more than %s cells: a zip bomb, or a sheet to split"), max);
	return true;
}

tcreg_status
tcreg__xlsx_fail(struct tcreg__xlsx_err *e, const char *code, const char *msgid, const char *arg)
{
	e->code = code;
	e->msgid = msgid;
	e->value[0] = '\0';
	/* a long detail is cut at a character, never inside one */
	size_t n = arg ? strlen(arg) : 0;
	if (n >= sizeof(e->arg)) {
		n = sizeof(e->arg) - 1;
		while (n > 0 && ((unsigned char)arg[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(e->arg, arg, n);
	e->arg[n] = '\0';
	return TCREG_ERR_INVALID;
}

const char *
tcreg__xlsx_local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

const char *
tcreg__xlsx_attr(const char **atts, const char *local)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(tcreg__xlsx_local(atts[i]), local) == 0)
			return atts[i + 1];
	return NULL;
}

void
tcreg__xlsx_abort(struct xlsx_xml *c, const char *code, const char *msgid, const char *arg)
{
	if (c->failed)
		return;
	c->failed = true;
	tcreg__xlsx_fail(c->e, code, msgid, arg);
	XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	   int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	struct xlsx_xml *c = ud;
	tcreg__xlsx_abort(c, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
			  "a part declares a DTD");
}

bool
tcreg__xlsx_parser(struct xlsx_xml *c)
{
	c->p = XML_ParserCreate("UTF-8");
	if (!c->p)
		return false;
	XML_SetUserData(c->p, c);
	XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
	return true;
}

tcreg_status
tcreg__xlsx_xml_error(struct xlsx_xml *c)
{
	if (c->nomem)
		return TCREG_ERR_NOMEM;
	if (c->failed)
		return TCREG_ERR_INVALID;
	char what[200];
	snprintf(what, sizeof(what), "%s, line %lu: %s", c->part,
		 (unsigned long)XML_GetCurrentLineNumber(c->p), XML_ErrorString(XML_GetErrorCode(c->p)));
	return tcreg__xlsx_fail(c->e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
				what);
}

tcreg_status
tcreg__xlsx_part_open(struct tcreg__xlsx *x, const char *name, zip_file_t **zf, uint64_t *size,
		      struct tcreg__xlsx_err *e)
{
	*zf = NULL;
	zip_int64_t i = zip_name_locate(x->zip, name, 0);
	zip_stat_t st;
	if (i < 0 || zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) != 0)
		return tcreg__xlsx_fail(e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
					name);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return tcreg__xlsx_fail(e, "E_XLSX_ENCRYPTED",
					N_("the workbook is encrypted: save it again without a password"), NULL);
	*size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	if (*size > tcreg__xlsx_max_part) {
		char what[300];
		snprintf(what, sizeof(what), "%s, %llu > %llu bytes", name, (unsigned long long)*size,
			 (unsigned long long)tcreg__xlsx_max_part);
		return tcreg__xlsx_fail(e, "E_XLSX_TOO_BIG",
					N_("a part of the workbook is too large when unpacked (%s): a zip bomb, or a sheet to split"),
					what);
	}
	*zf = zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
	if (!*zf) {
		int ze = zip_error_code_zip(zip_get_error(x->zip));
		if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP)
			return tcreg__xlsx_fail(e, "E_XLSX_ENCRYPTED",
						N_("the workbook is encrypted: save it again without a password"), NULL);
		char what[300];
		snprintf(what, sizeof(what), "%s: %s", name, zip_strerror(x->zip));
		return tcreg__xlsx_fail(e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
					what);
	}
	return TCREG_OK;
}

tcreg_status
tcreg__xlsx_part_feed(struct xlsx_xml *c, zip_file_t *zf, uint64_t *done, enum XML_Status *xs,
		      bool *final)
{
	void *buf = XML_GetBuffer(c->p, CHUNK);
	if (!buf)
		return TCREG_ERR_NOMEM;
	zip_int64_t n = zip_fread(zf, buf, CHUNK);
	if (n < 0) {
		char what[300];
		snprintf(what, sizeof(what), "%s: %s", c->part, zip_file_strerror(zf));
		return tcreg__xlsx_fail(c->e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
					what);
	}
	*done += (uint64_t)n;
	if (*done > tcreg__xlsx_max_part) {
		char what[300];
		snprintf(what, sizeof(what), "%s, > %llu bytes", c->part,
			 (unsigned long long)tcreg__xlsx_max_part);
		return tcreg__xlsx_fail(c->e, "E_XLSX_TOO_BIG",
					N_("a part of the workbook is too large when unpacked (%s): a zip bomb, or a sheet to split"),
					what);
	}
	*final = n == 0;
	*xs = XML_ParseBuffer(c->p, (int)n, *final);
	if (*xs == XML_STATUS_ERROR)
		return tcreg__xlsx_xml_error(c);
	return TCREG_OK;
}

/* Parse a whole part with the handlers c->p was given. */
static tcreg_status
parse_part(struct tcreg__xlsx *x, struct xlsx_xml *c, const char *name)
{
	zip_file_t *zf;
	uint64_t size, done = 0;
	c->part = name;
	tcreg_status st = tcreg__xlsx_part_open(x, name, &zf, &size, c->e);
	bool final = false;
	while (st == TCREG_OK && !final) {
		enum XML_Status xs;
		st = tcreg__xlsx_part_feed(c, zf, &done, &xs, &final);
	}
	if (zf)
		zip_fclose(zf);
	return st;
}

/* ---- workbook.xml and its relationships ---- */

struct sheet_ref {
	char *name, *rid;
	bool hidden;
};

struct wb_ctx {
	struct xlsx_xml c;
	struct tcreg__xlsx *x;
	struct sheet_ref *sheets;
	size_t n;
	/* from workbook.xml.rels: the chosen sheet's target, shared strings, styles */
	const char *want_rid;
	char target[512], type[256], sst[512], styles[512];
};

static void XMLCALL
wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct wb_ctx *w = ud;
	const char *name = tcreg__xlsx_local(el);
	if (strcmp(name, "workbookPr") == 0) {
		const char *v = tcreg__xlsx_attr(atts, "date1904");
		w->x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheet") == 0) {
		const char *n = tcreg__xlsx_attr(atts, "name"), *rid = tcreg__xlsx_attr(atts, "id");
		const char *state = tcreg__xlsx_attr(atts, "state");
		if (!n || !rid || w->n == MAX_SHEETS) {
			tcreg__xlsx_abort(&w->c, "E_XLSX_DAMAGED",
					  N_("the workbook is damaged or not from Excel: %s"),
					  "xl/workbook.xml: a sheet without a name or id, or too many sheets");
			return;
		}
		struct sheet_ref *v = realloc(w->sheets, (w->n + 1) * sizeof(*v));
		if (!v) {
			w->c.nomem = true;
			XML_StopParser(w->c.p, XML_FALSE);
			return;
		}
		w->sheets = v;
		v[w->n] = (struct sheet_ref){ tcreg__strdup(n), tcreg__strdup(rid),
					      state && strcmp(state, "visible") != 0 };
		w->n++;
		if (!v[w->n - 1].name || !v[w->n - 1].rid) {
			w->c.nomem = true;
			XML_StopParser(w->c.p, XML_FALSE);
		}
	}
}

/* A relationship's target as a part name: relative to xl/, or absolute. */
static void
resolve(const char *target, char *out, size_t n)
{
	if (target[0] == '/')
		snprintf(out, n, "%s", target + 1);
	else if (strncmp(target, "../", 3) == 0)
		snprintf(out, n, "%s", target + 3);
	else
		snprintf(out, n, "xl/%s", target);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void XMLCALL
rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct wb_ctx *w = ud;
	if (strcmp(tcreg__xlsx_local(el), "Relationship") != 0)
		return;
	const char *id = tcreg__xlsx_attr(atts, "Id"), *type = tcreg__xlsx_attr(atts, "Type");
	const char *target = tcreg__xlsx_attr(atts, "Target");
	if (!id || !type || !target)
		return;
	if (w->want_rid && strcmp(id, w->want_rid) == 0) {
		resolve(target, w->target, sizeof(w->target));
		snprintf(w->type, sizeof(w->type), "%s", type);
	} else if (ends_with(type, "/sharedStrings")) {
		resolve(target, w->sst, sizeof(w->sst));
	} else if (ends_with(type, "/styles")) {
		resolve(target, w->styles, sizeof(w->styles));
	}
}

/* The sheet asked for: by its name, else by its number in the workbook's
 * order; by default the first one not hidden. */
static tcreg_status
pick_sheet(struct wb_ctx *w, const char *want, size_t *k, struct tcreg__xlsx_err *e)
{
	if (w->n == 0)
		return tcreg__xlsx_fail(e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
					"xl/workbook.xml: no sheets");
	if (!want) {
		for (*k = 0; *k < w->n && w->sheets[*k].hidden; (*k)++)
			;
		if (*k == w->n)
			*k = 0;
		return TCREG_OK;
	}
	for (*k = 0; *k < w->n; (*k)++)
		if (strcmp(w->sheets[*k].name, want) == 0)
			return TCREG_OK;
	size_t len = strlen(want);
	if (len > 0 && len < 6 && strspn(want, "0123456789") == len) {
		long i = atol(want);
		if (i >= 1 && (size_t)i <= w->n) {
			*k = (size_t)i - 1;
			return TCREG_OK;
		}
	}
	/* the names there are, for the message */
	char list[256] = "";
	size_t at = 0;
	for (size_t i = 0; i < w->n && at < sizeof(list) - 1; i++) {
		int m = snprintf(list + at, sizeof(list) - at, "%s%s", i ? ", " : "", w->sheets[i].name);
		at += m > 0 ? (size_t)m : 0;
	}
	tcreg__xlsx_fail(e, "E_XLSX_SHEET", N_("no such sheet; the workbook has %s"), list);
	snprintf(e->value, sizeof(e->value), "%s", want);
	return TCREG_ERR_INVALID;
}

/* Sheet names end up in messages: no control characters there. */
static void
clean_name(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static tcreg_status
read_workbook(struct tcreg__xlsx *x, const char *want, struct tcreg__xlsx_err *e, char *sst,
	      char *styles)
{
	struct wb_ctx w = { .c.e = e, .x = x };
	tcreg_status st = TCREG_ERR_NOMEM;
	if (!tcreg__xlsx_parser(&w.c))
		return st;
	XML_SetStartElementHandler(w.c.p, wb_start);
	st = parse_part(x, &w.c, "xl/workbook.xml");
	XML_ParserFree(w.c.p);
	size_t k = 0;
	if (st == TCREG_OK)
		st = pick_sheet(&w, want, &k, e);
	if (st == TCREG_OK) {
		snprintf(x->sheet, sizeof(x->sheet), "%s", w.sheets[k].name);
		clean_name(x->sheet);
		w.want_rid = w.sheets[k].rid;
		snprintf(w.sst, sizeof(w.sst), "xl/sharedStrings.xml");
		snprintf(w.styles, sizeof(w.styles), "xl/styles.xml");
		w.c.failed = false;
		if (!tcreg__xlsx_parser(&w.c))
			st = TCREG_ERR_NOMEM;
	}
	if (st == TCREG_OK) {
		XML_SetStartElementHandler(w.c.p, rels_start);
		st = parse_part(x, &w.c, "xl/_rels/workbook.xml.rels");
		XML_ParserFree(w.c.p);
	}
	if (st == TCREG_OK && !w.target[0])
		st = tcreg__xlsx_fail(e, "E_XLSX_DAMAGED", N_("the workbook is damaged or not from Excel: %s"),
				      "xl/_rels/workbook.xml.rels: the sheet has no part");
	if (st == TCREG_OK && !ends_with(w.type, "/worksheet"))
		st = tcreg__xlsx_fail(e, "E_XLSX_NOT_TABLE",
				      N_("sheet '%s' holds a chart or a dialog, not a table"), x->sheet);
	if (st == TCREG_OK) {
		snprintf(x->sheet_part, sizeof(x->sheet_part), "%s", w.target);
		memcpy(sst, w.sst, sizeof(w.sst));
		memcpy(styles, w.styles, sizeof(w.styles));
	}
	for (size_t i = 0; i < w.n; i++) {
		free(w.sheets[i].name);
		free(w.sheets[i].rid);
	}
	free(w.sheets);
	return st;
}

/* ---- shared strings ---- */

struct sst_ctx {
	struct xlsx_xml c;
	struct tcreg__xlsx *x;
	struct tcreg__buf cur;
	size_t cap;
	int in_t, in_rph;
	bool in_si;
};

static void XMLCALL
sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	(void)atts;
	struct sst_ctx *s = ud;
	const char *n = tcreg__xlsx_local(el);
	if (strcmp(n, "si") == 0) {
		s->in_si = true;
		tcreg__buf_reset(&s->cur);
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph++; /* phonetic guide (furigana / pinyin): not the text */
	} else if (strcmp(n, "t") == 0 && s->in_si) {
		s->in_t++;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *el)
{
	struct sst_ctx *s = ud;
	struct tcreg__xlsx *x = s->x;
	const char *n = tcreg__xlsx_local(el);
	if (strcmp(n, "rPh") == 0 && s->in_rph) {
		s->in_rph--;
	} else if (strcmp(n, "t") == 0 && s->in_t) {
		s->in_t--;
	} else if (strcmp(n, "si") == 0 && s->in_si) {
		s->in_si = false;
		if (x->nsst == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 1024;
			size_t *v = realloc(x->sst, cap * sizeof(*v));
			if (!v) {
				s->c.nomem = true;
				XML_StopParser(s->c.p, XML_FALSE);
				return;
			}
			x->sst = v;
			s->cap = cap;
		}
		x->sst[x->nsst++] = x->sst_text.len;
		tcreg__buf_append(&x->sst_text, s->cur.data ? s->cur.data : "", s->cur.len + 1);
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst_ctx *s = ud;
	if (s->in_t && !s->in_rph)
		tcreg__buf_append(&s->cur, t, (size_t)len);
}

static tcreg_status
read_sst(struct tcreg__xlsx *x, const char *part, struct tcreg__xlsx_err *e)
{
	if (zip_name_locate(x->zip, part, 0) < 0)
		return TCREG_OK; /* a workbook of numbers only, or inline strings */
	struct sst_ctx s = { .c.e = e, .x = x };
	if (!tcreg__xlsx_parser(&s.c))
		return TCREG_ERR_NOMEM;
	XML_SetElementHandler(s.c.p, sst_start, sst_end);
	XML_SetCharacterDataHandler(s.c.p, sst_text);
	tcreg_status st = parse_part(x, &s.c, part);
	XML_ParserFree(s.c.p);
	if (st == TCREG_OK && (s.cur.failed || x->sst_text.failed))
		st = TCREG_ERR_NOMEM;
	tcreg__buf_release(&s.cur);
	/* the escapes are undone once here, not for every use */
	for (size_t i = 0; st == TCREG_OK && i < x->nsst; i++)
		tcreg__xlsx_unescape(x->sst_text.data + x->sst[i]);
	return st;
}

/* ---- styles: which cell formats are dates ---- */

struct styles_ctx {
	struct xlsx_xml c;
	struct tcreg__xlsx *x;
	/* custom number formats by id (ids past 65535 are never dates) */
	unsigned char *fmt; /* 0 none, 1 not a date, 2 a date */
	size_t cap;
	bool in_xfs;
};

static void XMLCALL
styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct styles_ctx *s = ud;
	const char *n = tcreg__xlsx_local(el);
	if (strcmp(n, "numFmt") == 0) {
		const char *id = tcreg__xlsx_attr(atts, "numFmtId");
		const char *code = tcreg__xlsx_attr(atts, "formatCode");
		unsigned long i = id ? strtoul(id, NULL, 10) : 65536;
		if (i < 65536 && code)
			s->fmt[i] = tcreg__xlsx_date_format((unsigned)i, code) ? 2 : 1;
	} else if (strcmp(n, "cellXfs") == 0) {
		s->in_xfs = true;
	} else if (strcmp(n, "xf") == 0 && s->in_xfs) {
		struct tcreg__xlsx *x = s->x;
		if (x->nxf == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			bool *v = realloc(x->xf_date, cap * sizeof(*v));
			if (!v) {
				s->c.nomem = true;
				XML_StopParser(s->c.p, XML_FALSE);
				return;
			}
			x->xf_date = v;
			s->cap = cap;
		}
		const char *id = tcreg__xlsx_attr(atts, "numFmtId");
		unsigned long i = id ? strtoul(id, NULL, 10) : 0;
		bool date = i < 65536 && (s->fmt[i] ? s->fmt[i] == 2
						    : tcreg__xlsx_date_format((unsigned)i, NULL));
		x->xf_date[x->nxf++] = date;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *el)
{
	struct styles_ctx *s = ud;
	if (strcmp(tcreg__xlsx_local(el), "cellXfs") == 0)
		s->in_xfs = false;
}

static tcreg_status
read_styles(struct tcreg__xlsx *x, const char *part, struct tcreg__xlsx_err *e)
{
	if (zip_name_locate(x->zip, part, 0) < 0)
		return TCREG_OK; /* no formats: no dates, numbers stay numbers */
	struct styles_ctx s = { .c.e = e, .x = x, .fmt = calloc(65536, 1) };
	if (!s.fmt || !tcreg__xlsx_parser(&s.c)) {
		free(s.fmt);
		return TCREG_ERR_NOMEM;
	}
	XML_SetElementHandler(s.c.p, styles_start, styles_end);
	tcreg_status st = parse_part(x, &s.c, part);
	XML_ParserFree(s.c.p);
	free(s.fmt);
	return st;
}

/* ---- open and close ---- */

tcreg_status
tcreg__xlsx_open(struct tcreg__xlsx **out, const char *path, const char *sheet,
		 struct tcreg__xlsx_err *e)
{
	*out = NULL;
	struct tcreg__xlsx *x = calloc(1, sizeof(*x));
	if (!x)
		return TCREG_ERR_NOMEM;
	tcreg__buf_init(&x->sst_text);
	int zerr = 0;
	x->zip = zip_open(path, ZIP_RDONLY, &zerr);
	tcreg_status st = TCREG_OK;
	if (!x->zip) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		st = tcreg__xlsx_fail(e, "E_XLSX_ZIP",
				      N_("not a readable ZIP archive, as an .xlsx workbook is: %s"),
				      zip_error_strerror(&ze));
		zip_error_fini(&ze);
	} else if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
		st = tcreg__xlsx_fail(e, "E_XLSX_NOT_WORKBOOK",
				      N_("a ZIP archive but not an Excel .xlsx workbook (it has no xl/workbook.xml): save it as .xlsx or CSV"),
				      NULL);
	}
	char sst[512], styles[512];
	if (st == TCREG_OK)
		st = read_workbook(x, sheet, e, sst, styles);
	if (st == TCREG_OK)
		st = read_sst(x, sst, e);
	if (st == TCREG_OK)
		st = read_styles(x, styles, e);
	if (st == TCREG_OK)
		st = tcreg__xlsx_sheet_start(x, e);
	if (st != TCREG_OK) {
		tcreg__xlsx_close(x);
		return st;
	}
	*out = x;
	return TCREG_OK;
}

void
tcreg__xlsx_close(struct tcreg__xlsx *x)
{
	if (!x)
		return;
	tcreg__xlsx_rows_free(x);
	tcreg__xlsx_sheet_free(x);
	if (x->zip)
		zip_discard(x->zip);
	tcreg__buf_release(&x->sst_text);
	free(x->sst);
	free(x->xf_date);
	free(x->merges);
	free(x);
}

const char *
tcreg__xlsx_sheet_name(const struct tcreg__xlsx *x)
{
	return x->sheet;
}
