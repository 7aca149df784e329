/* SPDX-License-Identifier: MIT
 * out.c - values as the commands print them: display widths, 元 from fen,
 * CSV and HTML escaping, status words, GB18030 for Excel, and reading
 * values out of the library's trees.
 */
#include <iconv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cli.h"

int
cli_width(const char *s)
{
	int w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
		if (k <= 0) {
			p++;
			n--;
			w++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw < 0 ? 0 : cw;
		p += k;
		n -= k;
	}
	return w;
}

void
cli_pad(FILE *f, const char *s, int width)
{
	fputs(s, f);
	for (int w = cli_width(s); w < width; w++)
		fputc(' ', f);
}

/* The library's amount ("-1234567.89") with the thousands marked. */
char *
cli_yuan(long long fen, char *buf, size_t n)
{
	char plain[32], out[48];
	tcreg_amount_format(fen, plain, sizeof(plain));
	const char *digits = plain + (plain[0] == '-'), *dot = strchr(digits, '.');
	size_t len = (size_t)(dot - digits), k = 0;
	if (plain[0] == '-')
		out[k++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	snprintf(out + k, sizeof(out) - k, "%s", dot);
	snprintf(buf, n, "%s", out);
	return buf;
}

void
cli_csv_value(FILE *f, const char *v)
{
	if (!v)
		return;
	if (!strpbrk(v, ",\"\r\n")) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void
cli_html_escape(FILE *f, const char *t)
{
	for (; t && *t; t++) {
		switch (*t) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*t, f);
		}
	}
}

static const struct {
	const char *code, *word;
} status_words[] = {
	{ "submitted", N_("submitted (待认定)") },
	{ "needs_supplement", N_("returned for supplement (待补正)") },
	{ "registered", N_("registered (已登记)") },
	{ "rejected", N_("not registered (不予登记)") },
	{ "changed", N_("registered, changed (已变更)") },
	{ "cancelled", N_("cancelled (已注销)") },
	{ "revoked", N_("revoked (已撤销)") },
	{ "not_accepted", N_("not accepted (不予受理)") },
	{ "withdrawn", N_("withdrawn (已撤回)") },
	{ "external", N_("registered by another office (外地登记)") },
};

/* A status in words; JSON keeps the code. */
const char *
cli_status_word(const char *code)
{
	for (size_t i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (strcmp(status_words[i].code, code) == 0)
			return _(status_words[i].word);
	return code;
}

const char *
cli_status_zh(const char *code)
{
	/* the Chinese name in the English words' parentheses, whatever the
	 * language of messages */
	static char buf[sizeof(status_words) / sizeof(status_words[0])][48];
	for (size_t i = 0; code && i < sizeof(status_words) / sizeof(status_words[0]); i++) {
		if (strcmp(status_words[i].code, code) != 0)
			continue;
		const char *open = strrchr(status_words[i].word, '(');
		const char *close = open ? strchr(open, ')') : NULL;
		if (!close)
			return code;
		snprintf(buf[i], sizeof(buf[i]), "%.*s", (int)(close - open - 1), open + 1);
		return buf[i];
	}
	return code;
}

/* UTF-8 to GB18030 for Excel on Chinese Windows (malloc'd; NULL when a
 * character has no GB18030 form, which cannot happen for valid UTF-8) */
char *
cli_to_gb18030(const char *in, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 2 + 16, left = n, room = cap;
	char *out = malloc(cap), *src = (char *)in, *dst = out;
	if (out && iconv(cd, &src, &left, &dst, &room) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	if (out)
		*outlen = (size_t)(dst - out);
	return out;
}

bool
cli_recode_gb18030(char **buf, size_t *len)
{
	size_t n;
	char *g = cli_to_gb18030(*buf, *len, &n);
	if (!g)
		return false;
	free(*buf);
	*buf = g;
	*len = n;
	return true;
}

const char *
cli_jstr(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

long long
cli_jnum(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}
