/* SPDX-License-Identifier: MIT
 * regno.c - registration numbers (登记编号): a template over the year, the
 * agency's region and point, and a sequence per year that is taken inside the
 * registering transaction, so a rolled-back decision takes no number and no
 * number is ever issued twice or reused.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

tcreg_status
tcreg__regno_next(tcreg_registry *reg, int64_t point_id, const char *today, char **out)
{
	*out = NULL;
	char *name = NULL, *region = NULL, *point = NULL, *tmpl = NULL;
	tcreg_status st = tcreg__point_get(reg, point_id, &name, &region, &point);
	if (st == TCREG_ERR_NOT_FOUND)
		st = tcreg__set_err(reg, TCREG_ERR_CONFIG,
				    "no agency profile: set it with 'tcreg init --agency-name NAME "
				    "--region CODE4 --point NN' before registering");
	if (st == TCREG_OK)
		st = tcreg_config_get(reg, "reg_no_template", &tmpl);
	sqlite3_stmt *q = NULL;
	if (st == TCREG_OK)
		st = tcreg__prepare(reg, &q,
				    "INSERT INTO reg_sequence(point_id, year, last) VALUES (?, ?, 1) "
				    "ON CONFLICT(point_id, year) DO UPDATE SET last = last + 1 RETURNING last");
	int64_t seq = 0;
	if (st == TCREG_OK) {
		sqlite3_bind_int64(q, 1, point_id);
		sqlite3_bind_int(q, 2, atoi(today));
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			seq = sqlite3_column_int64(q, 0);
		else
			st = tcreg__db_err(reg, rc, "taking a registration number");
	}
	sqlite3_finalize(q);
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	for (const char *p = tmpl; st == TCREG_OK && *p;) {
		if (strncmp(p, "{year4}", 7) == 0) {
			tcreg__buf_append(&b, today, 4);
			p += 7;
		} else if (strncmp(p, "{year2}", 7) == 0) {
			tcreg__buf_append(&b, today + 2, 2);
			p += 7;
		} else if (strncmp(p, "{region4}", 9) == 0) {
			tcreg__buf_puts(&b, region);
			p += 9;
		} else if (strncmp(p, "{point2}", 8) == 0) {
			tcreg__buf_puts(&b, point);
			p += 8;
		} else if (strncmp(p, "{seq", 4) == 0 && p[4] >= '4' && p[4] <= '8' && p[5] == '}') {
			int width = p[4] - '0';
			int64_t max = 1;
			for (int i = 0; i < width; i++)
				max *= 10;
			if (seq >= max) {
				st = tcreg__set_err(reg, TCREG_ERR_CONFIG,
						    "registration numbers for %.4s are used up (%d digits); "
						    "widen {seq%d} in reg_no_template",
						    today, width, width);
				break;
			}
			tcreg__buf_printf(&b, "%0*lld", width, (long long)seq);
			p += 6;
		} else {
			tcreg__buf_append(&b, p, 1);
			p++;
		}
	}
	if (st == TCREG_OK) {
		*out = tcreg__buf_steal(&b);
		if (!*out)
			st = TCREG_ERR_NOMEM;
	} else {
		tcreg__buf_release(&b);
	}
	free(name);
	free(region);
	free(point);
	free(tmpl);
	return st;
}
