/* SPDX-License-Identifier: MIT
 * rejects.c - the rejects file: the rejected rows with the input's columns
 * plus _line, _code and _reason, in the input's encoding and delimiter, so a
 * clerk can fix them in Excel and import the file again.  It is written as
 * any output beside the registry (files.c) and put in place only when the
 * import is committed: a rolled-back or killed import leaves none.  A
 * caller's writer (tcreg_rejects_writer) may give the file another format:
 * it gets the same lines, and the file is made and put in place the same.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

struct tcreg__rejects {
	struct tcreg__outfile out;
	FILE *f;
	tcreg_encoding enc;
	char delim;
	size_t ncols;
	struct tcreg__buf line;
	bool failed;
	const struct tcreg_rejects_writer *w; /* NULL: CSV */
	bool w_open;                          /* w->close is still to come */
};

static void
put_field(struct tcreg__buf *b, const char *s, char delim)
{
	bool quote = *s == ' ' || (*s && s[strlen(s) - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == delim || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		tcreg__buf_puts(b, s);
		return;
	}
	tcreg__buf_append(b, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			tcreg__buf_append(b, "\"", 1);
		tcreg__buf_append(b, p, 1);
	}
	tcreg__buf_append(b, "\"", 1);
}

static tcreg_status
flush_line(struct tcreg__rejects *r)
{
	tcreg__buf_append(&r->line, "\r\n", 2);
	if (r->line.failed)
		return TCREG_ERR_NOMEM;
	size_t n;
	char *enc = tcreg__encode(r->line.data, r->line.len, r->enc, &n);
	tcreg__buf_reset(&r->line);
	if (!enc)
		return TCREG_ERR_NOMEM;
	bool ok = fwrite(enc, 1, n, r->f) == n;
	free(enc);
	if (!ok) {
		r->failed = true;
		return TCREG_ERR_IO;
	}
	return TCREG_OK;
}

/* One line of n values: to the writer, or as CSV. */
static tcreg_status
emit(struct tcreg__rejects *r, const char *const *v, size_t n)
{
	if (r->w) {
		if (r->w->row(r->w->ud, v, n) != 0) {
			r->failed = true;
			return TCREG_ERR_IO;
		}
		return TCREG_OK;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			tcreg__buf_append(&r->line, &r->delim, 1);
		put_field(&r->line, v[i], r->delim);
	}
	return flush_line(r);
}

/* The writer's file is the one made here: by the name it has while
 * written (a file without a name is reached through /proc). */
static tcreg_status
writer_open(struct tcreg__rejects *r)
{
	char proc[64];
	const char *name = r->out.tmp;
	if (r->out.anonymous) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", r->out.fd);
		name = proc;
	}
	r->w_open = true;
	return r->w->open(r->w->ud, name) == 0 ? TCREG_OK : TCREG_ERR_CANTCREAT;
}

/* The writer's last call: its file complete, or a failure. */
static void
writer_close(struct tcreg__rejects *r)
{
	if (r->w_open && r->w->close(r->w->ud) != 0)
		r->failed = true;
	r->w_open = false;
}

static void
put_bom(struct tcreg__rejects *r)
{
	/* a byte-order mark, so that Excel recognises UTF-8 and UTF-16 */
	static const char utf8_bom[] = "\xef\xbb\xbf", le_bom[] = "\xff\xfe", be_bom[] = "\xfe\xff";
	if (r->enc == TCREG_ENC_UTF8)
		fwrite(utf8_bom, 1, 3, r->f);
	else if (r->enc == TCREG_ENC_UTF16LE)
		fwrite(le_bom, 1, 2, r->f);
	else if (r->enc == TCREG_ENC_UTF16BE)
		fwrite(be_bom, 1, 2, r->f);
}

tcreg_status
tcreg__rejects_open(struct tcreg__rejects **out, const char *path, const struct tcreg_rejects_writer *w,
		    tcreg_encoding enc, char delim, const struct tcreg__row *header)
{
	*out = NULL;
	struct tcreg__rejects *r = calloc(1, sizeof(*r));
	if (!r)
		return TCREG_ERR_NOMEM;
	tcreg_status st = tcreg__outfile_open(&r->out, path);
	if (st != TCREG_OK) {
		free(r);
		return st;
	}
	r->f = r->out.f;
	r->w = w;
	r->enc = enc == TCREG_ENC_UTF16 ? TCREG_ENC_UTF16LE : enc;
	r->delim = delim;
	tcreg__buf_init(&r->line);
	r->ncols = header ? header->nfields : 0;
	const char **v = calloc(r->ncols + 3, sizeof(*v));
	if (!v)
		st = TCREG_ERR_NOMEM;
	else if (w)
		st = writer_open(r);
	else
		put_bom(r);
	if (st == TCREG_OK) {
		for (size_t i = 0; i < r->ncols; i++)
			v[i] = header->fields[i];
		v[r->ncols] = "_line";
		v[r->ncols + 1] = "_code";
		v[r->ncols + 2] = "_reason";
		st = emit(r, v, r->ncols + 3);
	}
	free(v);
	if (st != TCREG_OK) {
		tcreg__rejects_close(r, false, NULL);
		return st;
	}
	*out = r;
	return TCREG_OK;
}

/* The row with its _line, _code and _reason. */
static tcreg_status
write_row(struct tcreg__rejects *r, const struct tcreg__row *row, const char *code, const char *reason)
{
	/* the row's own fields, as many as the header has (a malformed row's
	 * text goes whole into the first), and any past them too */
	size_t n = r->ncols > row->nfields ? r->ncols : row->nfields;
	const char **v = calloc(n + 3, sizeof(*v));
	if (!v)
		return TCREG_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = i < row->nfields ? row->fields[i] : "";
	char line[24];
	snprintf(line, sizeof(line), "%ld", row->line);
	v[n] = line;
	v[n + 1] = code ? code : "";
	v[n + 2] = reason ? reason : "";
	tcreg_status st = emit(r, v, n + 3);
	free(v);
	return st;
}

/* One reason in the reader's words: "column: reason (value)". */
static void
put_reason(struct tcreg__buf *b, const char *column, const char *msgid, const char *arg, const char *value)
{
	if (column && *column) {
		tcreg__buf_puts(b, column);
		tcreg__buf_puts(b, ": ");
	}
	const char *fmt = msgid ? dgettext(TCREG_DOMAIN, msgid) : "";
	if (strstr(fmt, "%s"))
		tcreg__buf_printf(b, fmt, arg ? arg : "");
	else
		tcreg__buf_puts(b, fmt);
	if (value && *value)
		tcreg__buf_printf(b, " (%s)", value);
}

tcreg_status
tcreg__rejects_write(struct tcreg__rejects *r, const struct tcreg__row *row, const char *code,
		     const char *msgid, const char *arg)
{
	if (!r)
		return TCREG_OK;
	struct tcreg__buf reason;
	tcreg__buf_init(&reason);
	put_reason(&reason, NULL, msgid, arg, NULL);
	tcreg_status st = write_row(r, row, code, reason.data ? reason.data : "");
	tcreg__buf_release(&reason);
	return st;
}

/* word is one of the space-separated words of list */
static bool
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

tcreg_status
tcreg__rejects_write_all(struct tcreg__rejects *r, const struct tcreg__row *row, const tcreg_diags *d,
			 size_t from, size_t to, const char *code, const char *msgid, const char *arg)
{
	if (!r)
		return TCREG_OK;
	struct tcreg__buf codes, reasons;
	tcreg__buf_init(&codes);
	tcreg__buf_init(&reasons);
	size_t n = 0;
	for (size_t i = from; i < to && i < tcreg_diags_count(d); i++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, i);
		if (x->severity != TCREG_SEV_ERROR)
			continue;
		/* every reason of the row, so that one round of fixing is enough;
		 * each code once */
		if (n++)
			tcreg__buf_puts(&reasons, dgettext(TCREG_DOMAIN, "; "));
		put_reason(&reasons, x->column, x->msgid, x->arg, x->value);
		if (x->code && !has_word(codes.data, x->code)) {
			if (codes.len)
				tcreg__buf_puts(&codes, " ");
			tcreg__buf_puts(&codes, x->code);
		}
	}
	tcreg_status st = codes.failed || reasons.failed ? TCREG_ERR_NOMEM
			  : n ? write_row(r, row, codes.data, reasons.data)
			      : tcreg__rejects_write(r, row, code, msgid, arg);
	tcreg__buf_release(&codes);
	tcreg__buf_release(&reasons);
	return st;
}

tcreg_status
tcreg__rejects_sync(struct tcreg__rejects *r)
{
	if (!r)
		return TCREG_OK;
	writer_close(r);
	return r->failed ? TCREG_ERR_IO : tcreg__outfile_sync(&r->out);
}

tcreg_status
tcreg__rejects_close(struct tcreg__rejects *r, bool keep, int *err)
{
	if (!r)
		return TCREG_OK;
	writer_close(r); /* when the import stopped before the sync */
	tcreg_status st = tcreg__outfile_close(&r->out, keep && !r->failed);
	if (keep && r->failed)
		st = TCREG_ERR_IO;
	if (err)
		*err = r->out.err;
	tcreg__buf_release(&r->line);
	free(r);
	return st;
}
