/* SPDX-License-Identifier: MIT
 * ledger.c - reading a CSV ledger as records, each with the physical line it
 * starts on.  libcsv reports no positions, so the decoded text is fed to it
 * one physical line at a time and the line count is kept here.  Memory stays
 * bounded: the file is streamed and one record is held at a time.
 *
 * An Excel workbook, known by its content, is read by xlsx*.c instead; its
 * records come out the same way, the sheet's row numbers for lines, so the
 * importer never needs to know which it was given.
 *
 * Memory is bounded as bytes arrive, not after: a line that grows past the
 * record limit without ending stops the reading there, and the first NUL
 * (a binary or damaged file, /dev/zero) stops it at once with its line and
 * column.
 *
 * Line ends: LF or CRLF; a file whose first line ends in a lone CR (Excel's
 * "CSV (Macintosh)", old Mac text) is read with CR line ends throughout, each
 * CR taken as LF, so its line numbers are those an editor shows.
 */
#include <csv.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tcreg-private.h"
#include "xlsx.h"

#define RAW_CHUNK (256 * 1024)
#define MAX_RECORD (1024 * 1024) /* longer means an unterminated quote */

struct tcreg__ledger {
	struct tcreg__xlsx *xlsx; /* a workbook: the rest but f and sha are unused */
	struct tcreg__xlsx_err xerr;
	FILE *f;
	bool regular; /* a file of known size (not a pipe or a device) */
	uint64_t size, bytes_read;
	EVP_MD_CTX *sha;
	char sha_hex[65];
	tcreg_encoding asked, enc;
	struct tcreg__decoder *dec;
	bool started, eof, fini_done, fatal;
	bool decode_failed; /* rows before the bad bytes are still read */
	bool nul;           /* ... and what failed was a NUL byte, at err_line:err_col */
	long err_line, err_col;
	char decode_err[64];

	char *raw;            /* undecoded bytes */
	size_t raw_len;
	uint64_t raw_offset;  /* file offset of raw[0] */
	struct tcreg__buf text; /* decoded, not yet fed */
	size_t text_pos;
	long line;            /* physical line number of the next line to feed */

	enum { EOL_UNKNOWN, EOL_LF, EOL_CR } eol;
	size_t cr_done; /* text up to here has had its CRs turned into LFs */

	struct csv_parser p;
	bool p_init;
	char delim;
	bool delim_known;

	/* the record being assembled */
	struct tcreg__buf arena;
	size_t *offsets;
	size_t nfields, cap;
	struct tcreg__buf rawrec;
	long rec_start;
	bool at_boundary, ready;
	const char *rec_err_code, *rec_err_msgid;

	char **fieldv;
	size_t fieldv_cap;
	struct tcreg__row row;
};

/* Only the CR of a CRLF counts as space: other white space is trimmed later,
 * by code that knows full-width spaces too. */
static int
is_space(unsigned char c)
{
	return c == '\r';
}

/* Records end at LF only, so a stray CR is kept and reported, not taken for
 * the end of a row. */
static int
is_term(unsigned char c)
{
	return c == '\n';
}

static void
on_field(void *s, size_t len, void *data)
{
	struct tcreg__ledger *l = data;
	if (l->nfields == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		size_t *o = realloc(l->offsets, cap * sizeof(*o));
		if (!o) {
			l->arena.failed = true;
			return;
		}
		l->offsets = o;
		l->cap = cap;
	}
	l->offsets[l->nfields++] = l->arena.len;
	const char *p = s ? s : ""; /* never a NUL: the reading stops at the first */
	/* CRLF (or a lone CR) inside a quoted field becomes LF */
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] != '\r')
			continue;
		tcreg__buf_append(&l->arena, p + start, i - start);
		if (i + 1 >= len || p[i + 1] != '\n')
			tcreg__buf_append(&l->arena, "\n", 1);
		start = i + 1;
	}
	tcreg__buf_append(&l->arena, p + start, len - start);
	tcreg__buf_append(&l->arena, "", 1); /* keep the NUL inside */
}

static void
on_record(int c, void *data)
{
	(void)c;
	struct tcreg__ledger *l = data;
	l->ready = true;
}

static void
begin_record(struct tcreg__ledger *l)
{
	tcreg__buf_reset(&l->arena);
	tcreg__buf_reset(&l->rawrec);
	l->nfields = 0;
	l->ready = false;
	l->rec_err_code = l->rec_err_msgid = NULL;
}

static tcreg_status
parser_init(struct tcreg__ledger *l)
{
	if (l->p_init)
		csv_free(&l->p);
	if (csv_init(&l->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return TCREG_ERR_NOMEM;
	l->p_init = true;
	csv_set_space_func(&l->p, is_space);
	csv_set_term_func(&l->p, is_term);
	if (l->delim_known)
		csv_set_delim(&l->p, (unsigned char)l->delim);
	return TCREG_OK;
}

static void
xlsx_diag(tcreg_diags *d, tcreg_severity sev, const struct tcreg__xlsx_err *e)
{
	if (d)
		tcreg__diags_add(d, sev, e->line, e->col, NULL, e->code, e->msgid, e->arg,
				 e->value[0] ? e->value : NULL);
}

/* What the first bytes say: a workbook, an Excel 97-2003 (or encrypted)
 * workbook, or text. */
static tcreg_status
sniff(struct tcreg__ledger *l, const char *path, tcreg_encoding enc, const char *sheet,
      tcreg_diags *d)
{
	unsigned char head[8] = { 0 };
	size_t n = fread(head, 1, sizeof(head), l->f);
	rewind(l->f);
	struct tcreg__xlsx_err *e = &l->xerr;
	if (n >= 4 && memcmp(head, "PK", 2) == 0 &&
	    ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
		tcreg_status st = tcreg__xlsx_open(&l->xlsx, path, sheet, e);
		if (st == TCREG_ERR_INVALID)
			xlsx_diag(d, TCREG_SEV_ERROR, e);
		if (st == TCREG_OK && enc != TCREG_ENC_AUTO) {
			struct tcreg__xlsx_err w = { .code = "W_ENCODING_IGNORED",
						     .msgid = N_("an Excel workbook has no text encoding: --encoding is ignored") };
			xlsx_diag(d, TCREG_SEV_WARNING, &w);
		}
		return st;
	}
	if (n == 8 && memcmp(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		tcreg__xlsx_fail(e, "E_XLSX_OLD",
				 N_("an Excel 97-2003 (.xls) workbook, or one with a password: save it as .xlsx without a password, or as CSV"),
				 NULL);
		xlsx_diag(d, TCREG_SEV_ERROR, e);
		return TCREG_ERR_INVALID;
	}
	if (sheet) {
		tcreg__xlsx_fail(e, "E_SHEET_CSV",
				 N_("--sheet is for Excel workbooks, and this file is text (CSV)"), NULL);
		xlsx_diag(d, TCREG_SEV_ERROR, e);
		return TCREG_ERR_INVALID;
	}
	return TCREG_OK;
}

tcreg_status
tcreg__ledger_open(struct tcreg__ledger **out, const char *path, tcreg_encoding enc, bool workbooks,
		   const char *sheet, tcreg_diags *diags, char *err, size_t errsz)
{
	*out = NULL;
	struct tcreg__ledger *l = calloc(1, sizeof(*l));
	if (!l)
		return TCREG_ERR_NOMEM;
	l->asked = enc;
	l->line = 1;
	l->at_boundary = true;
	tcreg__buf_init(&l->text);
	tcreg__buf_init(&l->arena);
	tcreg__buf_init(&l->rawrec);
	l->f = fopen(path, "rb");
	if (!l->f) {
		snprintf(err, errsz, "%s", strerror(errno));
		free(l);
		return TCREG_ERR_NOINPUT;
	}
	struct stat sb;
	if (fstat(fileno(l->f), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			snprintf(err, errsz, "%s", strerror(EISDIR));
			fclose(l->f);
			free(l);
			return TCREG_ERR_NOINPUT;
		}
		l->size = (uint64_t)sb.st_size;
		l->regular = S_ISREG(sb.st_mode);
	}
	l->raw = malloc(RAW_CHUNK);
	l->sha = EVP_MD_CTX_new();
	tcreg_status st = TCREG_ERR_NOMEM;
	if (l->raw && l->sha && EVP_DigestInit_ex(l->sha, EVP_sha256(), NULL))
		st = workbooks ? sniff(l, path, enc, sheet, diags) : TCREG_OK;
	if (st == TCREG_OK && !l->xlsx)
		st = parser_init(l);
	if (st != TCREG_OK) {
		tcreg__ledger_close(l);
		return st;
	}
	*out = l;
	return TCREG_OK;
}

void
tcreg__ledger_close(struct tcreg__ledger *l)
{
	if (!l)
		return;
	tcreg__xlsx_close(l->xlsx);
	if (l->f)
		fclose(l->f);
	if (l->p_init)
		csv_free(&l->p);
	EVP_MD_CTX_free(l->sha);
	tcreg__decoder_free(l->dec);
	free(l->raw);
	tcreg__buf_release(&l->text);
	tcreg__buf_release(&l->arena);
	tcreg__buf_release(&l->rawrec);
	free(l->offsets);
	free(l->fieldv);
	free(l);
}

/* In a file with CR line ends, the CRs decoded so far become LFs. */
static void
cr_to_lf(struct tcreg__ledger *l)
{
	if (l->eol != EOL_CR)
		return;
	for (size_t i = l->cr_done; i < l->text.len; i++)
		if (l->text.data[i] == '\r')
			l->text.data[i] = '\n';
	l->cr_done = l->text.len;
}

/* The line ends of the file, from its first: false while more text is
 * needed to tell (a CR at the very end of what is decoded). */
static bool
detect_eol(struct tcreg__ledger *l)
{
	const char *t = l->text.data ? l->text.data + l->text_pos : NULL;
	size_t n = l->text.len - l->text_pos;
	size_t i = t ? strcspn(t, "\r\n") : 0;
	if (i < n && t[i] == '\r' && i + 1 == n && !l->eof)
		return false;
	if (i < n && t[i] == '\r' && (i + 1 == n || t[i + 1] != '\n')) {
		l->eol = EOL_CR;
		l->cr_done = l->text_pos;
		cr_to_lf(l);
	} else if (i < n || l->eof || n > MAX_RECORD) { /* the last: too long, said below */
		l->eol = EOL_LF;
	} else {
		return false;
	}
	return true;
}

/* The first NUL in the text decoded from "from" on: no ledger holds one, so
 * the reading ends at the start of its line (the whole lines before it are
 * still read) and the error gives its line and column (in characters). */
static void
stop_at_nul(struct tcreg__ledger *l, size_t from)
{
	char *t = l->text.data;
	char *z = t && from < l->text.len ? memchr(t + from, '\0', l->text.len - from) : NULL;
	if (!z)
		return;
	size_t at = (size_t)(z - t), line_start = l->text_pos;
	long line = l->line, col = 1;
	for (size_t i = l->text_pos; i < at; i++)
		if (t[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	for (size_t i = line_start; i < at; i++)
		col += ((unsigned char)t[i] & 0xC0) != 0x80;
	l->err_line = line;
	l->err_col = col;
	l->nul = true;
	l->text.len = line_start;
	t[line_start] = '\0';
	l->decode_failed = true;
	l->eof = true;
}

/* Read more of the file and decode it onto l->text. */
static tcreg_status
fill(struct tcreg__ledger *l, char *err, size_t errsz)
{
	if (l->eof)
		return TCREG_OK;
	size_t k = fread(l->raw + l->raw_len, 1, RAW_CHUNK - l->raw_len, l->f);
	if (k == 0 && ferror(l->f)) {
		snprintf(err, errsz, "read error: %s", strerror(errno));
		return TCREG_ERR_IO;
	}
	EVP_DigestUpdate(l->sha, l->raw + l->raw_len, k);
	l->bytes_read += k;
	l->raw_len += k;
	bool final = k == 0 || feof(l->f);
	size_t skip = 0;
	if (!l->started) {
		l->started = true;
		l->enc = tcreg__detect_encoding((unsigned char *)l->raw, l->raw_len, l->asked, &skip);
		tcreg_status st = tcreg__decoder_new(&l->dec, l->enc);
		if (st != TCREG_OK)
			return st;
	}
	/* compact what was fed already */
	if (l->text_pos > 0) {
		memmove(l->text.data, l->text.data + l->text_pos, l->text.len - l->text_pos);
		l->text.len -= l->text_pos;
		l->text.data[l->text.len] = '\0';
		l->cr_done = l->cr_done > l->text_pos ? l->cr_done - l->text_pos : 0;
		l->text_pos = 0;
	}
	size_t consumed, bad, before = l->text.len;
	tcreg_status st = tcreg__decode(l->dec, l->raw + skip, l->raw_len - skip, final, &l->text,
					&consumed, &bad);
	cr_to_lf(l);
	stop_at_nul(l, before); /* before the bad bytes, if any: they come after it */
	if (st == TCREG_ERR_INVALID && !l->nul) {
		/* which line: the lines already decoded plus those in this text */
		long line = l->line;
		for (size_t i = l->text_pos; i < l->text.len; i++)
			line += l->text.data[i] == '\n';
		l->err_line = line;
		snprintf(l->decode_err, sizeof(l->decode_err), "%llu",
			 (unsigned long long)(l->raw_offset + skip + bad));
		/* keep the whole lines before the bad bytes; the partial one is not data */
		char *last_nl = NULL;
		for (size_t i = l->text.len; i > l->text_pos; i--)
			if (l->text.data[i - 1] == '\n') {
				last_nl = l->text.data + i;
				break;
			}
		l->text.len = last_nl ? (size_t)(last_nl - l->text.data) : l->text_pos;
		l->text.data[l->text.len] = '\0';
		l->decode_failed = true;
		l->eof = true;
		return TCREG_OK;
	}
	if (st == TCREG_ERR_INVALID || l->nul)
		return TCREG_OK;
	if (st != TCREG_OK)
		return st;
	consumed += skip;
	memmove(l->raw, l->raw + consumed, l->raw_len - consumed);
	l->raw_len -= consumed;
	l->raw_offset += consumed;
	if (final)
		l->eof = true;
	return TCREG_OK;
}

/* The delimiter of the file: a tab when the header line has more tabs than
 * commas outside quotes (Excel's "Unicode text"), else a comma. */
static void
detect_delim(struct tcreg__ledger *l, const char *line, size_t n)
{
	size_t tabs = 0, commas = 0;
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		if (line[i] == '"')
			q = !q;
		else if (!q && line[i] == '\t')
			tabs++;
		else if (!q && line[i] == ',')
			commas++;
	}
	l->delim = tabs > commas ? '\t' : ',';
	l->delim_known = true;
	csv_set_delim(&l->p, (unsigned char)l->delim);
}

static void
set_record_error(struct tcreg__ledger *l, const char *code, const char *msgid)
{
	l->rec_err_code = code;
	l->rec_err_msgid = msgid;
	l->ready = true;
}

/* Feed one physical line (with its newline, if any) to the parser. */
static tcreg_status
feed_line(struct tcreg__ledger *l, const char *line, size_t n)
{
	bool blank = (n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r' && line[1] == '\n');
	if (l->at_boundary && !blank) {
		l->rec_start = l->line;
		l->at_boundary = false;
	}
	if (!l->at_boundary)
		tcreg__buf_append(&l->rawrec, line, n);
	if (!l->delim_known && !blank)
		detect_delim(l, line, n);
	size_t used = csv_parse(&l->p, line, n, on_field, on_record, l);
	if (line[n - 1] == '\n')
		l->line++;
	if (used < n && csv_error(&l->p) == CSV_EPARSE) {
		/* the record is malformed: report it whole and resume on the next line */
		set_record_error(l, "E_CSV_QUOTE",
				 N_("malformed quoting: a quote inside an unquoted field, or text after a closing quote"));
		return parser_init(l);
	}
	if (used < n)
		return TCREG_ERR_NOMEM;
	if (l->arena.failed || l->rawrec.failed)
		return TCREG_ERR_NOMEM;
	if (!l->ready && csv_get_buffer_size(&l->p) + l->arena.len > MAX_RECORD) {
		l->fatal = true;
		set_record_error(l, "E_CSV_RECORD_TOO_LONG",
				 N_("record longer than 1 MiB: probably a quote that is never closed"));
	}
	return TCREG_OK;
}

/* A line past the record limit with no end in sight: the reading stops here,
 * before more of it is held; the row shows the line's beginning. */
static void
line_too_long(struct tcreg__ledger *l, const char *start, size_t avail)
{
	if (l->at_boundary) {
		l->rec_start = l->line;
		l->at_boundary = false;
	}
	size_t n = avail < 200 ? avail : 200;
	while (n > 0 && n < avail && ((unsigned char)start[n] & 0xC0) == 0x80)
		n--; /* whole characters only */
	tcreg__buf_append(&l->rawrec, start, n);
	l->fatal = true;
	set_record_error(l, "E_CSV_RECORD_TOO_LONG",
			 N_("a line longer than 1 MiB: not a ledger, or its line ends are missing"));
}

static void
build_row(struct tcreg__ledger *l)
{
	struct tcreg__row *r = &l->row;
	r->line = l->rec_start;
	r->end_line = l->line - 1 < l->rec_start ? l->rec_start : l->line - 1;
	r->error_code = l->rec_err_code;
	r->error_msgid = l->rec_err_msgid;
	if (r->error_code) {
		/* a malformed record cannot be split into columns: keep its text whole */
		struct tcreg__buf *raw = &l->rawrec;
		while (raw->len && (raw->data[raw->len - 1] == '\n' || raw->data[raw->len - 1] == '\r'))
			raw->data[--raw->len] = '\0';
		l->nfields = 1;
		tcreg__buf_reset(&l->arena);
		tcreg__buf_append(&l->arena, raw->data ? raw->data : "", raw->len);
		l->offsets[0] = 0;
	}
	r->nfields = l->nfields;
	for (size_t i = 0; i < l->nfields; i++)
		l->fieldv[i] = l->arena.data + l->offsets[i];
	r->fields = l->fieldv;
}

tcreg_status
tcreg__ledger_next(struct tcreg__ledger *l, const struct tcreg__row **row, char *err, size_t errsz)
{
	*row = NULL;
	if (l->xlsx) {
		tcreg_status st = tcreg__xlsx_next(l->xlsx, row, &l->xerr);
		if (st == TCREG_ERR_INVALID)
			snprintf(err, errsz, "%s", l->xerr.arg);
		return st;
	}
	if (l->fatal && l->fini_done)
		return TCREG_OK;
	begin_record(l);
	while (!l->ready) {
		if (l->fatal) {
			l->fini_done = true;
			return TCREG_OK;
		}
		if (l->eol == EOL_UNKNOWN && !detect_eol(l)) {
			tcreg_status st = fill(l, err, errsz);
			if (st != TCREG_OK)
				return st;
			continue;
		}
		char *start = l->text.data ? l->text.data + l->text_pos : NULL;
		size_t avail = l->text.len - l->text_pos;
		char *nl = avail ? memchr(start, '\n', avail) : NULL;
		if (!nl && avail > MAX_RECORD) {
			line_too_long(l, start, avail);
			break;
		}
		if (!nl && !l->eof) {
			tcreg_status st = fill(l, err, errsz);
			if (st != TCREG_OK)
				return st;
			continue;
		}
		if (nl || avail) {
			size_t n = nl ? (size_t)(nl - start) + 1 : avail;
			l->text_pos += n;
			tcreg_status st = feed_line(l, start, n);
			if (st != TCREG_OK)
				return st;
			continue;
		}
		/* end of input */
		if (l->decode_failed) {
			snprintf(err, errsz, "%s", l->decode_err);
			return TCREG_ERR_INVALID;
		}
		if (l->fini_done)
			return TCREG_OK;
		l->fini_done = true;
		if (csv_fini(&l->p, on_field, on_record, l) != 0) {
			set_record_error(l, "E_CSV_QUOTE_EOF",
					 N_("a quoted field is never closed before the end of the file"));
			break;
		}
		if (!l->ready)
			return TCREG_OK;
	}
	l->at_boundary = true;
	if (l->arena.failed)
		return TCREG_ERR_NOMEM;
	size_t need = l->nfields ? l->nfields : 1;
	if (need > l->fieldv_cap) {
		char **v = realloc(l->fieldv, need * sizeof(*v));
		if (!v)
			return TCREG_ERR_NOMEM;
		l->fieldv = v;
		l->fieldv_cap = need;
	}
	if (l->nfields == 0 && !l->offsets) {
		l->offsets = malloc(sizeof(*l->offsets));
		if (!l->offsets)
			return TCREG_ERR_NOMEM;
		l->cap = 1;
	}
	build_row(l);
	*row = &l->row;
	return TCREG_OK;
}

tcreg_encoding
tcreg__ledger_encoding(const struct tcreg__ledger *l)
{
	return l->xlsx ? TCREG_ENC_UTF8 : l->enc;
}

char
tcreg__ledger_delim(const struct tcreg__ledger *l)
{
	return l->delim_known ? l->delim : ',';
}

const char *
tcreg__ledger_sheet(const struct tcreg__ledger *l)
{
	return l->xlsx ? tcreg__xlsx_sheet_name(l->xlsx) : NULL;
}

void
tcreg__ledger_sha256(struct tcreg__ledger *l, char out[65])
{
	if (!l->sha_hex[0]) {
		/* hash what was not read (after a fatal error, or all of a
		 * workbook) so the digest is the file's; a pipe or a device
		 * (/dev/zero) may never end: what was read */
		char buf[65536];
		size_t k;
		while (l->regular && !feof(l->f) && (k = fread(buf, 1, sizeof(buf), l->f)) > 0)
			EVP_DigestUpdate(l->sha, buf, k);
		unsigned char d[32];
		unsigned int len = 0;
		EVP_DigestFinal_ex(l->sha, d, &len);
		for (int i = 0; i < 32; i++)
			snprintf(l->sha_hex + 2 * i, 3, "%02x", d[i]);
	}
	memcpy(out, l->sha_hex, 65);
}

uint64_t
tcreg__ledger_bytes_read(const struct tcreg__ledger *l)
{
	return l->xlsx ? l->xlsx->done : l->bytes_read;
}

uint64_t
tcreg__ledger_size(const struct tcreg__ledger *l)
{
	return l->xlsx ? l->xlsx->part_size : l->size;
}

long
tcreg__ledger_err_line(const struct tcreg__ledger *l)
{
	return l->xlsx ? l->xerr.line : l->err_line;
}

bool
tcreg__ledger_nul_diag(const struct tcreg__ledger *l, tcreg_diags *d)
{
	if (l->nul)
		tcreg__diags_add(d, TCREG_SEV_ERROR, l->err_line, l->err_col, NULL, "E_NUL_BYTE",
				 N_("a NUL byte: this is not a text ledger, or it is damaged"), NULL, NULL);
	return l->nul;
}

bool
tcreg__ledger_fatal(const struct tcreg__ledger *l)
{
	return l->fatal;
}

void
tcreg__ledger_invalid(const struct tcreg__ledger *l, const char *err, tcreg_diags *d)
{
	if (l->xlsx) {
		/* a damaged or oversized workbook: nothing after it can be read */
		xlsx_diag(d, TCREG_SEV_ERROR, &l->xerr);
		return;
	}
	/* a NUL, or bytes that are not valid in the file's encoding: nothing
	 * after them is trustworthy, so the whole file fails */
	if (tcreg__ledger_nul_diag(l, d))
		return;
	char where[300];
	snprintf(where, sizeof(where), "byte %s", err);
	tcreg__diags_add(d, TCREG_SEV_ERROR, l->err_line, 0, NULL, "E_ENCODING",
			 N_("not valid %s text; give the right --encoding"), tcreg_encoding_name(l->enc),
			 where);
}
