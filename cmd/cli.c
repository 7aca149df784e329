/* SPDX-License-Identifier: MIT
 * cli.c - what every subcommand shares: messages, exit codes, diagnostics,
 * output files written atomically and the opening of the registry (values
 * and escaping: out.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void
vmsg(struct cli_ctx *ctx, const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "tcreg%s%s: ", ctx && ctx->cmd ? " " : "", ctx && ctx->cmd ? ctx->cmd : "");
	if (kind)
		fprintf(stderr, "%s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
cli_error(struct cli_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(ctx, _("error"), fmt, ap);
	va_end(ap);
	return code;
}

void
cli_warn(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(ctx, _("warning"), fmt, ap);
	va_end(ap);
}

void
cli_note(struct cli_ctx *ctx, const char *fmt, ...)
{
	if (ctx->verbosity < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmsg(ctx, NULL, fmt, ap);
	va_end(ap);
}

int
cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(ctx, NULL, fmt, ap);
	va_end(ap);
	if (ctx && ctx->cmd)
		fprintf(stderr, _("Try 'tcreg %s --help' for more information.\n"), ctx->cmd);
	else
		fprintf(stderr, _("Try 'tcreg --help' for more information.\n"));
	return EXIT_USAGE;
}

int
cli_exit_code(tcreg_status st)
{
	switch (st) {
	case TCREG_OK: return EXIT_OK;
	case TCREG_ERR_NOMEM: return EXIT_SOFTWARE;
	case TCREG_ERR_IO: return EXIT_IOERR;
	case TCREG_ERR_NOINPUT: return EXIT_NOINPUT;
	case TCREG_ERR_CANTCREAT: return EXIT_CANTCREAT;
	case TCREG_ERR_INVALID:
	case TCREG_ERR_NOT_FOUND:
	case TCREG_ERR_AMBIGUOUS:
	case TCREG_ERR_STATE: return EXIT_DATAERR;
	case TCREG_ERR_BUSY: return EXIT_TEMPFAIL;
	case TCREG_ERR_DB: return EXIT_IOERR;
	case TCREG_ERR_TOO_NEW: return EXIT_CONFIG;
	case TCREG_ERR_USAGE: return EXIT_USAGE;
	case TCREG_ERR_DENIED: return EXIT_NOPERM;
	case TCREG_ERR_CONFIG: return EXIT_CONFIG;
	default: return EXIT_SOFTWARE;
	}
}

int
cli_fail(struct cli_ctx *ctx, tcreg_status st, const char *detail)
{
	if (!detail || !*detail)
		detail = ctx->reg ? tcreg_registry_errmsg(ctx->reg) : "";
	if (detail && *detail)
		return cli_error(ctx, cli_exit_code(st), "%s", detail);
	return cli_error(ctx, cli_exit_code(st), "%s", _(tcreg_strerror(st)));
}

int
cli_open(struct cli_ctx *ctx, bool create, bool readonly)
{
	char *err = NULL;
	/* a registry at a path someone typed is made by init alone: a typo in
	 * --db must not leave directories and an empty registry behind */
	if (ctx->db_given && strcmp(ctx->cmd ? ctx->cmd : "", "init") != 0)
		create = false;
	unsigned flags = (create ? TCREG_OPEN_CREATE : 0) | (readonly ? TCREG_OPEN_READONLY : 0);
	tcreg_status st = tcreg_registry_open(&ctx->reg, ctx->db_path, flags, &err);
	if (st != TCREG_OK) {
		int code = cli_fail(ctx, st, err);
		free(err);
		return code;
	}
	/* once the registry has operators, who acts is the login running
	 * tcreg: a name given otherwise is refused, a stranger too */
	tcreg_status who = ctx->operator_name ? tcreg_registry_set_operator(ctx->reg, ctx->operator_name)
					      : TCREG_OK;
	if (who == TCREG_OK)
		who = tcreg_registry_check_operator(ctx->reg, NULL);
	if (who != TCREG_OK)
		return cli_fail(ctx, who, NULL);
	const char *busy = getenv("TCREG_BUSY_TIMEOUT");
	if (busy && *busy)
		tcreg_registry_set_busy_timeout(ctx->reg, atoi(busy));
	if (ctx->data_dir)
		tcreg_registry_set_data_dir(ctx->reg, ctx->data_dir);
	if (ctx->now && tcreg_registry_set_now(ctx->reg, ctx->now) != TCREG_OK)
		return cli_error(ctx, EXIT_USAGE, _("TCREG_NOW: '%s' is not an ISO date or date-time"),
				 ctx->now);
	return 0;
}

char *
cli_diag_message(const struct tcreg_diag *x, bool translate)
{
	const char *fmt = x->msgid ? (translate ? dgettext(TCREG_DOMAIN, x->msgid) : x->msgid) : "";
	char *out = NULL;
	if (strstr(fmt, "%s")) {
		if (asprintf(&out, fmt, x->arg ? x->arg : "") < 0)
			out = NULL;
	} else {
		out = strdup(fmt);
	}
	return out;
}

struct group {
	size_t first;   /* index of the first diagnostic */
	size_t count;
	size_t *lines;  /* indices of the others */
};

static int
same(const struct tcreg_diag *a, const struct tcreg_diag *b)
{
#define S(x) ((x) ? (x) : "")
	return a->severity == b->severity && strcmp(S(a->code), S(b->code)) == 0 &&
	       strcmp(S(a->column), S(b->column)) == 0 && strcmp(S(a->msgid), S(b->msgid)) == 0 &&
	       strcmp(S(a->arg), S(b->arg)) == 0 && strcmp(S(a->value), S(b->value)) == 0 &&
	       a->line != 0 && b->line != 0;
#undef S
}

static unsigned
key_hash(const struct tcreg_diag *a)
{
	unsigned h = 5381;
	const char *parts[] = { a->code, a->column, a->arg, a->value };
	for (int i = 0; i < 4; i++)
		for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
			h = h * 33 + (unsigned char)*p;
	return h;
}

/* Bring a value to one printable line: a line break or tab is shown as
 * JSON writes it (\n, \r, \t), another control character as '?'; a long
 * value is cut after 200 bytes, never inside a character, and marked. */
static void
print_value(FILE *f, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	for (size_t n = 0; *p && (n < 200 || (*p & 0xc0) == 0x80); p++, n++) {
		const char *esc = *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" : NULL;
		if (esc)
			fputs(esc, f);
		else
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
	}
	if (*p)
		fputs("...", f);
}

void
cli_diag_body(FILE *f, const struct tcreg_diag *x)
{
	char *msg = cli_diag_message(x, true);
	if (x->column)
		fprintf(f, "%s: ", x->column);
	fputs(msg ? msg : "", f);
	if (x->value && *x->value) {
		fputs(" (", f);
		print_value(f, x->value);
		fputc(')', f);
	}
	free(msg);
}

char *
cli_cell_ref(const char *sheet, long line, long col, char *buf, size_t n)
{
	/* Excel quotes a sheet name unless it is letters, digits and _ */
	bool quote = false;
	for (const unsigned char *p = (const unsigned char *)sheet; *p; p++)
		quote |= *p < 0x80 && !isalnum(*p) && *p != '_';
	size_t k = 0;
	if (quote && k + 1 < n)
		buf[k++] = '\'';
	for (const char *p = sheet; *p && k + 2 < n; p++) {
		if (*p == '\'' && k + 3 < n)
			buf[k++] = '\'';
		buf[k++] = *p;
	}
	if (quote && k + 1 < n)
		buf[k++] = '\'';
	char cell[32], letters[8];
	int m = 0;
	for (long c = col; c > 0 && m < 7; c = (c - 1) / 26)
		letters[m++] = (char)('A' + (c - 1) % 26);
	int j = 0;
	while (m > 0)
		cell[j++] = letters[--m];
	if (col > 0)
		snprintf(cell + j, sizeof(cell) - (size_t)j, "%ld", line);
	else
		snprintf(cell, sizeof(cell), "%ld:%ld", line, line);
	snprintf(buf + k, n - k, "!%s", cell);
	return buf;
}

void
cli_print_diags(struct cli_ctx *ctx, const char *file, const tcreg_diags *d)
{
	cli_print_sheet_diags(ctx, file, NULL, d);
}

void
cli_print_sheet_diags(struct cli_ctx *ctx, const char *file, const char *sheet,
		      const tcreg_diags *d)
{
	size_t n = tcreg_diags_count(d);
	if (n == 0)
		return;
	fflush(stdout);
	/* group identical problems (same code, column, reason and value) */
	size_t nb = 1;
	while (nb < 2 * n)
		nb *= 2;
	long *bucket = malloc(nb * sizeof(*bucket));
	struct group *g = calloc(n, sizeof(*g));
	size_t ng = 0;
	if (!bucket || !g) {
		free(bucket);
		free(g);
		return;
	}
	for (size_t i = 0; i < nb; i++)
		bucket[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, i);
		size_t b = key_hash(x) & (nb - 1);
		while (bucket[b] >= 0 && !same(tcreg_diags_get(d, g[bucket[b]].first), x))
			b = (b + 1) & (nb - 1);
		if (bucket[b] < 0) {
			bucket[b] = (long)ng;
			g[ng].first = i;
			g[ng].count = 1;
			ng++;
		} else {
			struct group *gr = &g[bucket[b]];
			if (gr->count < 11) {
				size_t *l = realloc(gr->lines, gr->count * sizeof(*l));
				if (l) {
					gr->lines = l;
					l[gr->count - 1] = i;
				}
			}
			gr->count++;
		}
	}
	for (size_t k = 0; k < ng; k++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, g[k].first);
		fprintf(stderr, "%s", file);
		if (sheet && x->line) {
			char ref[600];
			fprintf(stderr, ":%s", cli_cell_ref(sheet, x->line, x->col, ref, sizeof(ref)));
		} else {
			if (x->line)
				fprintf(stderr, ":%ld", x->line);
			if (x->col)
				fprintf(stderr, ":%ld", x->col);
		}
		fputs(": ", stderr);
		if (x->severity == TCREG_SEV_WARNING)
			fprintf(stderr, "%s: ", _("warning"));
		cli_diag_body(stderr, x);
		if (g[k].count > 1) { /* the lines as one argument: "行" follows them in Chinese */
			char lines[160] = "";
			size_t shown = g[k].count - 1 < 10 ? g[k].count - 1 : 10, at = 0;
			for (size_t j = 0; j < shown && at < sizeof(lines); j++) {
				int m = snprintf(lines + at, sizeof(lines) - at, "%s%ld", j ? ", " : "",
						 tcreg_diags_get(d, g[k].lines[j])->line);
				at += m > 0 ? (size_t)m : 0;
			}
			if (g[k].count - 1 > shown)
				fprintf(stderr, _("; also on line %s and %zu more"), lines, g[k].count - 1 - shown);
			else
				fprintf(stderr, _("; also on line %s"), lines);
		}
		fputc('\n', stderr);
		free(g[k].lines);
	}
	if (tcreg_diags_dropped(d))
		cli_note(ctx, _("%zu more problems not shown"), tcreg_diags_dropped(d));
	free(bucket);
	free(g);
}

int
cli_finish_stdout(struct cli_ctx *ctx, int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;
		return cli_error(ctx, EXIT_IOERR, _("write error on standard output: %s"), strerror(e));
	}
	return code;
}

int
cli_find_contract(struct cli_ctx *ctx, const char *text, int64_t *id)
{
	char **cands = NULL;
	tcreg_status st = tcreg_contract_find(ctx->reg, text, id, &cands);
	if (st == TCREG_ERR_AMBIGUOUS) {
		cli_error(ctx, EXIT_DATAERR, _("'%s' names several contracts; give the internal id:"), text);
		for (char **k = cands; k && *k; k++)
			fprintf(stderr, "  %s\n", *k);
		tcreg_strv_free(cands);
		return EXIT_DATAERR;
	}
	if (st == TCREG_ERR_NOT_FOUND)
		return cli_error(ctx, EXIT_DATAERR, _("no contract '%s'"), text);
	/* an operator limited to points sees their points' contracts */
	if (st == TCREG_OK)
		st = tcreg_contract_in_view(ctx->reg, *id);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	return EXIT_OK;
}

int
cli_set_view(struct cli_ctx *ctx, const char *point)
{
	tcreg_status st = point ? tcreg_registry_set_view(ctx->reg, point) : TCREG_OK;
	return st == TCREG_OK ? 0 : cli_fail(ctx, st, NULL);
}

const char *
cli_format_of(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	static const char *const ext[][2] = { { ".txt", "txt" },   { ".csv", "csv" },   { ".json", "json" },
					      { ".md", "md" },     { ".html", "html" }, { ".htm", "html" },
					      { ".xlsx", "xlsx" } };
	for (size_t i = 0; dot && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcmp(dot, ext[i][0]) == 0)
			return ext[i][1];
	return NULL;
}

static mode_t
out_mode(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		return sb.st_mode & 07777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* An output being written: stdout, or a temporary file beside path that
 * replaces it only when complete. */
int
cli_out_open(struct cli_ctx *ctx, const char *path, struct cli_out *o)
{
	memset(o, 0, sizeof(*o));
	if (!path) {
		o->f = stdout;
		return EXIT_OK;
	}
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) /* a file cannot be made there */
		return cli_error(ctx, EXIT_CANTCREAT, _("cannot create '%s': %s"), path, strerror(EISDIR));
	if (asprintf(&o->tmp, "%s.tmp-XXXXXX", path) < 0)
		return EXIT_SOFTWARE;
	int fd = mkstemp(o->tmp);
	/* mkstemp makes 0600; the file gets the mode of the one it replaces,
	 * else what the umask gives a new file (0644 under the usual 022):
	 * a monthly report replaced by cron stays readable by whom it was */
	if (fd >= 0)
		(void)fchmod(fd, out_mode(path));
	if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return cli_error(ctx, EXIT_CANTCREAT, _("cannot create '%s': %s"), path, strerror(e));
	}
	/* reports and award years run to a hundred megabytes: fewer writes */
	setvbuf(o->f, NULL, _IOFBF, 256 * 1024);
	o->path = path;
	return EXIT_OK;
}

/* The temporary file renamed over the path when ok, else removed; a failure
 * is said when always, or when the system gave a reason (e, or the rename's). */
static int
settle(struct cli_ctx *ctx, struct cli_out *o, bool ok, int e, bool always)
{
	if (ok && rename(o->tmp, o->path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	if (!ok && (always || e))
		return cli_error(ctx, EXIT_IOERR, _("cannot write '%s': %s"), o->path, strerror(e ? e : EIO));
	return ok ? EXIT_OK : EXIT_IOERR;
}

/* Finish: ok says whether everything was written; the temporary file is
 * synced and renamed over path, or removed.  Returns an exit code. */
int
cli_out_close(struct cli_ctx *ctx, struct cli_out *o, bool ok)
{
	if (!o->tmp)
		return ok ? EXIT_OK : EXIT_IOERR;
	int e = ferror(o->f) ? errno : 0;
	ok = ok && fflush(o->f) == 0 && !ferror(o->f);
	if (ok && fsync(fileno(o->f)) != 0)
		ok = false;
	if (!ok && !e)
		e = errno;
	ok = fclose(o->f) == 0 && ok;
	return settle(ctx, o, ok, e, true);
}

/* For a library that writes a file by name (libxlsxwriter): the temporary
 * file made as cli_out_open makes it, closed, its name in o->tmp for the
 * library to write; then cli_out_commit_named renames it over path. */
int
cli_out_open_named(struct cli_ctx *ctx, const char *path, struct cli_out *o)
{
	int code = cli_out_open(ctx, path, o);
	if (code == EXIT_OK && o->f && o->f != stdout) {
		fclose(o->f);
		o->f = NULL;
	}
	return code;
}

int
cli_out_commit_named(struct cli_ctx *ctx, struct cli_out *o, bool ok)
{
	if (!o->tmp)
		return ok ? EXIT_OK : EXIT_IOERR;
	int e = 0;
	if (ok) { /* the library closed its file: make it durable before the rename */
		int fd = open(o->tmp, O_RDONLY);
		ok = fd >= 0 && fsync(fd) == 0;
		e = ok ? 0 : errno;
		if (fd >= 0)
			close(fd);
	}
	return settle(ctx, o, ok, e, false); /* a library's own failure was said by the caller */
}

/* Write data to stdout, or to path atomically (temp file, fsync, rename). */
int
cli_write_out(struct cli_ctx *ctx, const char *path, const char *data, size_t n)
{
	struct cli_out o;
	int code = cli_out_open(ctx, path, &o);
	if (code)
		return code;
	bool ok = fwrite(data, 1, n, o.f) == n;
	return cli_out_close(ctx, &o, ok);
}

int
cli_encoding_option(struct cli_ctx *ctx, const char *arg, bool *gb)
{
	tcreg_encoding e = tcreg_encoding_from_name(arg);
	if (e != TCREG_ENC_GB18030 && e != TCREG_ENC_UTF8)
		return cli_usage_error(ctx, _("--encoding takes utf-8 or gb18030, not '%s'"), arg);
	*gb = e == TCREG_ENC_GB18030;
	return 0;
}

int
cli_list_tree(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd, const char *usage,
	      tcreg_status (*get)(tcreg_registry *, json_t **), void (*row)(const json_t *), const char *empty)
{
	int json = cli_flag_only(ctx, argc, argv, cmd, "list", usage);
	if (json < 0)
		return EXIT_USAGE;
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	json_t *a;
	tcreg_status st = get(ctx->reg, &a);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (json) {
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		if (json_array_size(a) == 0)
			printf("%s\n", empty);
		size_t i;
		json_t *o;
		json_array_foreach (a, i, o)
			row(o);
	}
	json_decref(a);
	return cli_finish_stdout(ctx, EXIT_OK);
}
