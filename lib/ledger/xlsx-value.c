/* SPDX-License-Identifier: MIT
 * xlsx-value.c - cell values of a workbook as ledger text: references,
 * numbers kept as the decimal text the file holds, to Excel's 15
 * significant digits and never through a double (so 1234.5 stays 123450
 * fen), serial day numbers as dates, and which number formats show a date.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

bool
tcreg__xlsx_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	const char *p = s;
	while (*p >= 'A' && *p <= 'Z' && c <= TCREG__XLSX_MAX_COL)
		c = c * 26 + (*p++ - 'A' + 1);
	const char *digits = p;
	while (*p >= '0' && *p <= '9' && r <= TCREG__XLSX_MAX_ROW)
		r = r * 10 + (*p++ - '0');
	if (*p || c < 1 || c > TCREG__XLSX_MAX_COL || r > TCREG__XLSX_MAX_ROW ||
	    (p > digits && (*digits == '0' || r < 1)))
		return false;
	*col = c;
	*row = r;
	return true;
}

bool
tcreg__xlsx_range(const char *s, struct tcreg__xlsx_merge *m)
{
	char a[32];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	if (n == 0 || n >= sizeof(a))
		return false;
	memcpy(a, s, n);
	a[n] = '\0';
	if (!tcreg__xlsx_ref(a, &m->left, &m->top) || m->top < 1)
		return false;
	m->right = m->left;
	m->bottom = m->top;
	if (colon && (!tcreg__xlsx_ref(colon + 1, &m->right, &m->bottom) || m->bottom < 1))
		return false;
	return m->right >= m->left && m->bottom >= m->top;
}

void
tcreg__xlsx_cell_name(long col, long row, char out[16])
{
	char letters[8];
	int n = 0;
	for (long c = col; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int k = 0;
	while (n > 0)
		out[k++] = letters[--n];
	out[k] = '\0';
	if (row > 0 && row <= TCREG__XLSX_MAX_ROW)
		snprintf(out + k, 16 - (size_t)k, "%d", (int)row);
}

/* Round the digits [first, last) to 15 significant digits, half away from
 * zero, in decimal: digits[0] is a spare '0' for the carry. */
static void
round15(char *digits, int *first, int *last)
{
	int cut = *first + 15;
	bool up = digits[cut] >= '5';
	for (int i = cut - 1; up && i >= 0; i--) {
		up = digits[i] == '9';
		digits[i] = up ? '0' : (char)(digits[i] + 1);
	}
	*last = cut;
	while (*first > 0 && digits[*first - 1] != '0')
		(*first)--; /* the carry reached the spare digit */
	while (*last > *first && digits[*last - 1] == '0')
		(*last)--;
}

bool
tcreg__xlsx_number(const char *v, char *out, size_t outsz)
{
	const char *p = v;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	char digits[64] = "0"; /* digits[0]: room for a carry */
	int nd = 1, point = -1; /* digits before the decimal point */
	for (; isdigit((unsigned char)*p) || (*p == '.' && point < 0); p++) {
		if (*p == '.')
			point = nd;
		else if (nd < (int)sizeof(digits) - 1)
			digits[nd++] = *p;
		else
			return false;
	}
	if (nd == 1)
		return false;
	if (point < 0)
		point = nd;
	bool has_exp = *p == 'E' || *p == 'e';
	if (has_exp) {
		p++;
		bool eneg = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		long e = 0;
		while (isdigit((unsigned char)*p) && e < 1000)
			e = e * 10 + (*p++ - '0');
		point += (int)(eneg ? -e : e);
	}
	if (*p)
		return false;
	/* significant digits: the written digits without zeros at either end */
	int first = 0, last = nd;
	while (first < nd && digits[first] == '0')
		first++;
	while (last > first && digits[last - 1] == '0')
		last--;
	if (first == last) {
		snprintf(out, outsz, "0");
		return outsz > 1;
	}
	/* Excel keeps 15 significant digits and shows a number so; the file
	 * may hold 17 (799111.8199999999 for 799111.82, as Excel 2007 and
	 * openpyxl write it).  A fraction is read as Excel shows it; a whole
	 * number is kept as written, unless an exponent says Excel has already
	 * rounded it (1.2345678901234568E+17), which stays as it is. */
	if (last - first > 15) {
		if (last > point)
			round15(digits, &first, &last);
		else if (has_exp)
			return false;
	}
	if (point > 40 || point < -40)
		return false;
	/* digit i of the number is digits[i] for 0 <= i < nd, else 0; the
	 * integer part is digits [min(first, point) .. point) */
	size_t k = 0;
	char buf[128];
	if (neg)
		buf[k++] = '-';
	int from = first < point ? first : point;
	if (from >= point)
		buf[k++] = '0';
	for (int i = from; i < point; i++)
		buf[k++] = i < nd ? digits[i] : '0';
	if (last > point) {
		buf[k++] = '.';
		for (int i = point; i < last; i++)
			buf[k++] = i >= 0 && i < nd ? digits[i] : '0';
	}
	buf[k] = '\0';
	if (k + 1 > outsz)
		return false;
	memcpy(out, buf, k + 1);
	return true;
}

/* Days since 1970-01-01 of an Excel serial day in the 1900 date system.
 * Excel counts 1900-02-29 (serial 60), a day that never was, as Lotus 1-2-3
 * did; serials before it are one day later than their count suggests. */
static int64_t
days_1900(long serial)
{
	return tcreg__days("1899-12-30") + serial + (serial < 60 ? 1 : 0);
}

bool
tcreg__xlsx_serial_date(const char *v, bool date1904, char out[32])
{
	char num[96];
	if (!tcreg__xlsx_number(v, num, sizeof(num)) || num[0] == '-')
		return false;
	char *dot = strchr(num, '.');
	if (dot)
		*dot = '\0';
	if (strlen(num) > 7)
		return false;
	long serial = atol(num);
	/* the time of day: whole seconds, rounded, from up to 12 fraction digits */
	int64_t frac = 0, scale = 1;
	for (const char *f = dot ? dot + 1 : ""; *f && scale < 1000000000000LL; f++) {
		frac = frac * 10 + (*f - '0');
		scale *= 10;
	}
	int64_t secs = (frac * 86400 + scale / 2) / scale;
	if (secs >= 86400) {
		serial++;
		secs -= 86400;
	}
	if (serial > 2958465) /* after 9999-12-31 */
		return false;
	char iso[11];
	if (date1904)
		tcreg__date_of(tcreg__days("1904-01-01") + serial, iso);
	else if (serial == 0)
		snprintf(iso, sizeof(iso), "1900-01-00");
	else if (serial == 60)
		snprintf(iso, sizeof(iso), "1900-02-29");
	else
		tcreg__date_of(days_1900(serial), iso);
	if (secs)
		snprintf(out, 32, "%s %02d:%02d:%02d", iso, (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	else
		snprintf(out, 32, "%s", iso);
	return true;
}

bool
tcreg__xlsx_iso_date(const char *v, char out[32])
{
	/* 2025-03-05, or 2025-03-05T14:30:00 with optional fraction or zone */
	size_t n = strlen(v);
	if (n < 10 || v[4] != '-' || v[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)v[i]))
			return false;
	if (n == 10 || (n >= 19 && v[10] == 'T' && strncmp(v + 11, "00:00:00", 8) == 0 &&
			strspn(v + 19, ".0") == strlen(v + 19))) {
		snprintf(out, 32, "%.10s", v);
		return true;
	}
	if (n >= 19 && v[10] == 'T') {
		snprintf(out, 32, "%.10s %.8s", v, v + 11);
		return true;
	}
	return false;
}

static bool
builtin_date(unsigned id)
{
	/* 14-17 and 22 everywhere; 27-31, 36, 50-54, 57, 58 are the dates of
	 * the Chinese, Japanese and Korean built-in formats (年月日) */
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
	       (id >= 50 && id <= 54) || id == 57 || id == 58;
}

bool
tcreg__xlsx_date_format(unsigned id, const char *code)
{
	if (!code)
		return builtin_date(id);
	bool day_or_year = false, month = false, time = false;
	/* only the first section counts (the one for positive numbers); text in
	 * quotes, escaped characters and [colours] or [$-804] say nothing */
	for (const char *p = code; *p && *p != ';'; p++) {
		switch (*p) {
		case '"':
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '\\': case '_': case '*':
			if (p[1])
				p++;
			break;
		case '[':
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
			    p[1] == 'S')
				time = true; /* [h]:mm elapsed time */
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			break;
		case 'y': case 'Y': case 'd': case 'D':
			day_or_year = true;
			break;
		case 'm': case 'M':
			month = true;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = true;
			break;
		default:
			break;
		}
	}
	return day_or_year || (month && !time);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
tcreg__xlsx_unescape(char *s)
{
	char *w = s;
	for (const char *p = s; *p;) {
		unsigned cp = 0;
		bool esc = p[0] == '_' && p[1] == 'x';
		for (int i = 2; esc && i < 6; i++) { /* stops at the NUL: never reads past it */
			int h = hexval(p[i]);
			esc = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		esc = esc && p[6] == '_';
		if (!esc || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*w++ = *p++;
			continue;
		}
		p += 7;
		if (cp < 0x80) {
			*w++ = (char)cp;
		} else if (cp < 0x800) {
			*w++ = (char)(0xC0 | cp >> 6);
			*w++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*w++ = (char)(0xE0 | cp >> 12);
			*w++ = (char)(0x80 | (cp >> 6 & 0x3F));
			*w++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	*w = '\0';
}
