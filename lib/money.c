/* SPDX-License-Identifier: MIT
 * money.c - amounts as int64 fen (分).  Parsing is strict: a ledger value that
 * could mean two things is rejected rather than guessed.
 */
#include <ctype.h>
#include <string.h>

#include "tcreg-private.h"

static bool
strip_prefix(char **s, const char *p)
{
	size_t n = strlen(p);
	if (strncmp(*s, p, n) != 0)
		return false;
	*s += n;
	return true;
}

static bool
strip_suffix(char *s, const char *p)
{
	size_t n = strlen(s), k = strlen(p);
	if (n < k || strcmp(s + n - k, p) != 0)
		return false;
	s[n - k] = '\0';
	return true;
}

#define FAIL(c, m)                                                                             \
	do {                                                                                   \
		*code = (c);                                                                   \
		*msgid = (m);                                                                  \
		return TCREG_ERR_INVALID;                                                      \
	} while (0)

tcreg_status
tcreg_amount_parse(const char *text, int unit_wan, int64_t *fen, const char **code,
		   const char **msgid)
{
	const char *dummy_c, *dummy_m;
	if (!code)
		code = &dummy_c;
	if (!msgid)
		msgid = &dummy_m;
	char buf[96];
	if (!text || strlen(text) >= sizeof(buf))
		FAIL("E_AMOUNT", N_("not an amount"));
	strcpy(buf, text);
	tcreg__fold_width(buf);
	char *s = tcreg__trim(buf);
	if (*s == '\0')
		FAIL("E_AMOUNT", N_("not an amount"));

	/* currency marks */
	if (strip_prefix(&s, "\xef\xbf\xa5") || strip_prefix(&s, "\xc2\xa5") ||
	    strip_prefix(&s, "RMB") || strip_prefix(&s, "\xe4\xba\xba\xe6\xb0\x91\xe5\xb8\x81"))
		while (*s == ' ')
			s++;
	if (strip_suffix(s, "\xe4\xb8\x87\xe5\x85\x83") || strip_suffix(s, "\xe4\xb8\x87"))
		unit_wan = 1; /* 万元 / 万 written in the cell */
	else if (strip_suffix(s, "\xe5\x85\x83"))
		unit_wan = 0; /* 元 written in the cell */
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';

	if (*s == '-' || *s == '(' || strncmp(s, "\xe2\x88\x92", 3) == 0)
		FAIL("E_AMOUNT_NEGATIVE", N_("negative amount"));
	if (tcreg__is_excel_sci(s))
		FAIL("E_EXCEL_SCI",
		     N_("scientific notation: Excel changed this number; format the column as a number with 2 decimals"));

	const char *dot = strchr(s, '.');
	const char *comma = strchr(s, ',');
	if (comma && dot && comma > dot)
		FAIL("E_AMOUNT_FORMAT", N_("decimal comma is not accepted; write 1234.56"));
	if (dot && strchr(dot + 1, '.'))
		FAIL("E_AMOUNT_FORMAT", N_("not an amount"));

	/* integer part with optional thousands separators */
	int64_t whole = 0;
	int digits = 0, group = -1;
	const char *p = s;
	for (; *p && *p != '.'; p++) {
		if (*p == ',') {
			if (digits == 0 || (group == -1 && digits > 3) || (group >= 0 && group != 3))
				FAIL("E_AMOUNT_FORMAT", N_("misplaced thousands separator"));
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			FAIL("E_AMOUNT", N_("not an amount"));
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, *p - '0', &whole))
			FAIL("E_AMOUNT_OVERFLOW", N_("amount too large"));
		digits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		FAIL("E_AMOUNT_FORMAT", N_("misplaced thousands separator"));
	if (digits == 0)
		FAIL("E_AMOUNT", N_("not an amount"));

	/* fraction: at most 2 places in 元, 6 in 万元 (both are whole fen) */
	int max_places = unit_wan ? 6 : 2;
	int64_t frac = 0;
	int places = 0;
	if (*p == '.') {
		for (p++; *p; p++) {
			if (!isdigit((unsigned char)*p))
				FAIL("E_AMOUNT", N_("not an amount"));
			if (places == max_places) {
				/* trailing zeros beyond the limit change nothing */
				if (*p != '0')
					FAIL("E_AMOUNT_DECIMALS",
					     unit_wan ? N_("more than 6 decimals in 万元 (smaller than 1 fen)")
						      : N_("more than 2 decimals in 元"));
				continue;
			}
			frac = frac * 10 + (*p - '0');
			places++;
		}
	}
	while (places < max_places) {
		frac *= 10;
		places++;
	}
	int64_t scale = unit_wan ? 1000000 : 100;
	int64_t v;
	if (__builtin_mul_overflow(whole, scale, &v) || __builtin_add_overflow(v, frac, &v))
		FAIL("E_AMOUNT_OVERFLOW", N_("amount too large"));
	*fen = v;
	return TCREG_OK;
}

/* Digits by hand: an award year writes a million amounts, and snprintf
 * was a tenth of it.  Truncated to size like snprintf. */
char *
tcreg_amount_format(int64_t fen, char *buf, size_t size)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char t[24], *p = t + sizeof(t);
	*--p = (char)('0' + a % 10);
	*--p = (char)('0' + a / 10 % 10);
	*--p = '.';
	a /= 100;
	do
		*--p = (char)('0' + a % 10);
	while ((a /= 10) != 0);
	if (fen < 0)
		*--p = '-';
	size_t n = (size_t)(t + sizeof(t) - p);
	if (size) {
		n = n < size - 1 ? n : size - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
	return buf;
}

char *
tcreg_amount_format_wan(int64_t fen, char *buf, size_t size)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t hundredths = a / 10000 + (a % 10000 >= 5000); /* half away from zero */
	snprintf(buf, size, "%s%llu.%02llu", fen < 0 && hundredths ? "-" : "",
		 (unsigned long long)(hundredths / 100), (unsigned long long)(hundredths % 100));
	return buf;
}
