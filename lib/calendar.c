/* SPDX-License-Identifier: MIT
 * calendar.c - working days (工作日) for review deadlines: Chinese holidays and
 * the weekend days worked in their place (调休) come from calendar-YYYY.csv
 * files; a year without one counts Monday to Friday, and says so.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

/* one year's exceptions: +1 a weekend day worked, -1 a weekday off */
struct year_cal {
	int year;
	bool known;
	signed char day[372]; /* by day of year */
};

static tcreg_status
load_year(tcreg_registry *reg, int year, struct year_cal *c)
{
	memset(c, 0, sizeof(*c));
	c->year = year;
	char name[32];
	snprintf(name, sizeof(name), "calendar-%04d.csv", year);
	char *text = tcreg__data_file(reg->data_dir, name, NULL);
	if (!text)
		return TCREG_OK; /* no calendar: Monday to Friday */
	c->known = true;
	char jan1[11];
	snprintf(jan1, sizeof(jan1), "%04d-01-01", year);
	int64_t base = tcreg__days(jan1);
	char *save = NULL;
	long lineno = 0;
	tcreg_status st = TCREG_OK;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[l - 1] = '\0';
		if (*line == '#' || *line == '\0' || strncmp(line, "date,", 5) == 0)
			continue;
		char iso[11];
		char *comma = strchr(line, ',');
		if (!comma) {
			st = tcreg__set_err(reg, TCREG_ERR_CONFIG, "%s:%ld: expected date,kind,name", name, lineno);
			break;
		}
		*comma = '\0';
		const char *kind = comma + 1;
		if (tcreg_date_parse(line, iso, NULL, NULL) != TCREG_OK || strncmp(iso, jan1, 4) != 0) {
			st = tcreg__set_err(reg, TCREG_ERR_CONFIG, "%s:%ld: '%s' is not a date of %d", name,
					    lineno, line, year);
			break;
		}
		int64_t doy = tcreg__days(iso) - base;
		if (strncmp(kind, "holiday", 7) == 0)
			c->day[doy] = -1;
		else if (strncmp(kind, "workday", 7) == 0)
			c->day[doy] = 1;
		else {
			st = tcreg__set_err(reg, TCREG_ERR_CONFIG, "%s:%ld: kind must be holiday or workday",
					    name, lineno);
			break;
		}
	}
	free(text);
	return st;
}

struct cal {
	struct year_cal y[2]; /* a small cache: deadlines rarely span more */
	int next;
	bool assumed;
};

static tcreg_status
is_workday(tcreg_registry *reg, struct cal *cal, int64_t days, bool *work)
{
	char iso[11];
	tcreg__date_of(days, iso);
	int year = atoi(iso);
	struct year_cal *c = NULL;
	for (int i = 0; i < 2; i++)
		if (cal->y[i].year == year)
			c = &cal->y[i];
	if (!c) {
		c = &cal->y[cal->next];
		cal->next = (cal->next + 1) % 2;
		tcreg_status st = load_year(reg, year, c);
		if (st != TCREG_OK)
			return st;
	}
	if (!c->known)
		cal->assumed = true;
	char jan1[11];
	snprintf(jan1, sizeof(jan1), "%04d-01-01", year);
	int64_t doy = days - tcreg__days(jan1);
	if (c->day[doy])
		*work = c->day[doy] > 0;
	else
		*work = tcreg__weekday(days) < 5;
	return TCREG_OK;
}

static bool
valid_iso(const char *s)
{
	char iso[11];
	return s && strlen(s) == 10 && tcreg_date_parse(s, iso, NULL, NULL) == TCREG_OK &&
	       strcmp(iso, s) == 0;
}

tcreg_status
tcreg_workdays_add(tcreg_registry *reg, const char *from, int n, char out[11], int *assumed)
{
	if (!reg || !valid_iso(from) || n < 0 || n > 3660)
		return TCREG_ERR_USAGE;
	struct cal cal = { 0 };
	int64_t d = tcreg__days(from);
	while (n > 0) {
		d++;
		bool work;
		tcreg_status st = is_workday(reg, &cal, d, &work);
		if (st != TCREG_OK)
			return st;
		n -= work;
	}
	tcreg__date_of(d, out);
	if (assumed)
		*assumed = cal.assumed;
	return TCREG_OK;
}

tcreg_status
tcreg_workdays_between(tcreg_registry *reg, const char *from, const char *to, int *n, int *assumed)
{
	if (!reg || !valid_iso(from) || !valid_iso(to))
		return TCREG_ERR_USAGE;
	struct cal cal = { 0 };
	int64_t a = tcreg__days(from), b = tcreg__days(to);
	int sign = 1;
	if (b < a) {
		int64_t t = a;
		a = b;
		b = t;
		sign = -1;
	}
	if (b - a > 36600)
		return TCREG_ERR_USAGE;
	int count = 0;
	for (int64_t d = a + 1; d <= b; d++) {
		bool work;
		tcreg_status st = is_workday(reg, &cal, d, &work);
		if (st != TCREG_OK)
			return st;
		count += work;
	}
	*n = sign * count;
	if (assumed)
		*assumed = cal.assumed;
	return TCREG_OK;
}
