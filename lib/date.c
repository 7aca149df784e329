/* SPDX-License-Identifier: MIT
 * date.c - dates as written in Chinese ledgers, normalised to ISO 8601.
 */
#include <ctype.h>
#include <string.h>

#include "tcreg-private.h"

#define FAIL(c, m)                                                                             \
	do {                                                                                   \
		*code = (c);                                                                   \
		*msgid = (m);                                                                  \
		return TCREG_ERR_INVALID;                                                      \
	} while (0)

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
read_num(const char **p, int min_digits, int max_digits)
{
	int v = 0, n = 0;
	while (isdigit((unsigned char)**p) && n < max_digits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min_digits || isdigit((unsigned char)**p))
		return -1;
	return v;
}

/* Excel appends a midnight time to dates it exported from date cells. */
static void
strip_midnight(char *s)
{
	char *sp = strchr(s, ' ');
	if (!sp)
		return;
	const char *t = sp + 1;
	if (strcmp(t, "0:00") == 0 || strcmp(t, "00:00") == 0 || strcmp(t, "0:00:00") == 0 ||
	    strcmp(t, "00:00:00") == 0)
		*sp = '\0';
}

/* By hand: this runs three times for every ledger row. */
static void
format_iso(int y, int m, int d, char iso[11])
{
	iso[0] = (char)('0' + y / 1000 % 10);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10 % 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10 % 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
}

tcreg_status
tcreg_date_parse(const char *text, char iso[11], const char **code, const char **msgid)
{
	const char *dummy_c, *dummy_m;
	if (!code)
		code = &dummy_c;
	if (!msgid)
		msgid = &dummy_m;
	char buf[64];
	if (!text || strlen(text) >= sizeof(buf))
		FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
	strcpy(buf, text);
	tcreg__fold_width(buf);
	char *s = tcreg__trim(buf);
	strip_midnight(s);

	int y, m, d;
	const char *p = s;
	size_t n = strlen(s);
	bool all_digits = n > 0 && strspn(s, "0123456789") == n;
	if (all_digits && n == 8) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
	} else if (all_digits && n >= 4 && n <= 5) {
		FAIL("E_DATE", N_("looks like an Excel serial date; format the column as a date"));
	} else {
		y = read_num(&p, 4, 4);
		if (y < 0)
			FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
		if (strncmp(p, "\xe5\xb9\xb4", 3) == 0) { /* 年 */
			p += 3;
			m = read_num(&p, 1, 2);
			if (m < 0 || strncmp(p, "\xe6\x9c\x88", 3) != 0) /* 月 */
				FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
			p += 3;
			d = read_num(&p, 1, 2);
			if (d < 0 || (strncmp(p, "\xe6\x97\xa5", 3) != 0 && strncmp(p, "\xe5\x8f\xb7", 3) != 0))
				FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
			p += 3;
		} else if (*p == '-' || *p == '/' || *p == '.') {
			char sep = *p++;
			m = read_num(&p, 1, 2);
			if (m < 0 || *p != sep)
				FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
			p++;
			d = read_num(&p, 1, 2);
		} else {
			FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
		}
		if (d < 0 || *p != '\0')
			FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
	}
	if (y < 0 || m < 0 || d < 0)
		FAIL("E_DATE", N_("not a date (write 2025-03-05)"));
	if (y < 1950 || y > 2199)
		FAIL("E_DATE_RANGE", N_("year out of range"));
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		FAIL("E_DATE_INVALID", N_("no such date"));
	format_iso(y, m, d, iso);
	return TCREG_OK;
}

/* Civil-from-days and days-from-civil (proleptic Gregorian), after the
 * well-known algorithms by Howard Hinnant. */
int64_t
tcreg__days(const char *iso)
{
	int64_t y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
	int64_t m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int64_t d = (iso[8] - '0') * 10 + (iso[9] - '0');
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
tcreg__date_of(int64_t z, char iso[11])
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	format_iso((int)y, (int)m, (int)d, iso);
}

int
tcreg__weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}
