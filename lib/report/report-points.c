/* SPDX-License-Identifier: MIT
 * report-points.c - the report of a province with several registration
 * points: its contracts by the point they were filed at (by_point) and by
 * that point's city (by_city), rows shaped as the report's other tables.
 * A registry of one office has neither (its report stays as it was); and
 * `report --point` reads one point's contracts through a temporary view
 * named contract, so that every query of the report sees only them.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

enum { CUR, PREV, YTD, NB };

struct prow {
	char key[160], sort[16];
	int64_t count[NB], total[NB], tech[NB];
};

/* a * 10000 / b rounded half away from zero (as report.c rounds shares) */
static json_t *
bp(int64_t a, int64_t b)
{
	if (b == 0)
		return json_null();
	__int128 n = (__int128)a * 10000, q = n / b, r = n % b;
	__int128 bb = b < 0 ? -(__int128)b : b;
	if (2 * (r < 0 ? -r : r) >= bb)
		q += ((n < 0) != (b < 0)) ? -1 : 1;
	return json_integer((json_int_t)q);
}

static json_t *
growth(int64_t cur, int64_t prev)
{
	return prev == 0 ? json_null() : bp(cur - prev, prev);
}

static json_t *
row_json(const struct prow *a, int64_t base)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(a->key));
	json_object_set_new(o, "level", json_integer(1));
	json_object_set_new(o, "count", json_integer(a->count[CUR]));
	json_object_set_new(o, "total_amount_fen", json_integer(a->total[CUR]));
	json_object_set_new(o, "tech_amount_fen", json_integer(a->tech[CUR]));
	json_object_set_new(o, "share_bp", bp(a->total[CUR], base));
	json_object_set_new(o, "prev_count", json_integer(a->count[PREV]));
	json_object_set_new(o, "prev_total_amount_fen", json_integer(a->total[PREV]));
	json_object_set_new(o, "prev_tech_amount_fen", json_integer(a->tech[PREV]));
	json_object_set_new(o, "growth_count_bp", growth(a->count[CUR], a->count[PREV]));
	json_object_set_new(o, "growth_total_bp", growth(a->total[CUR], a->total[PREV]));
	json_object_set_new(o, "growth_tech_bp", growth(a->tech[CUR], a->tech[PREV]));
	json_object_set_new(o, "ytd_count", json_integer(a->count[YTD]));
	json_object_set_new(o, "ytd_total_amount_fen", json_integer(a->total[YTD]));
	json_object_set_new(o, "ytd_tech_amount_fen", json_integer(a->tech[YTD]));
	return o;
}

/* One table: sql yields (key, sort, window, count, total, tech) rows in
 * sort order, ?1..?6 the windows' bounds. */
static tcreg_status
table(tcreg_registry *reg, const char *sql, const char *const w[NB][2], int64_t base, json_t **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, sql);
	if (s != TCREG_OK)
		return s;
	for (int b = 0; b < NB; b++) {
		sqlite3_bind_text(st, 2 * b + 1, w[b][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2 * b + 2, w[b][1], -1, SQLITE_STATIC);
	}
	json_t *a = json_array();
	struct prow r = { 0 };
	bool open = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		if (open && strcmp(r.key, key) != 0) {
			json_array_append_new(a, row_json(&r, base));
			open = false;
		}
		if (!open) {
			memset(&r, 0, sizeof(r));
			snprintf(r.key, sizeof(r.key), "%s", key);
			open = true;
		}
		int b = sqlite3_column_int(st, 2);
		r.count[b] = sqlite3_column_int64(st, 3);
		r.total[b] = sqlite3_column_int64(st, 4);
		r.tech[b] = sqlite3_column_int64(st, 5);
	}
	if (open)
		json_array_append_new(a, row_json(&r, base));
	bool over = (rc & 0xFF) == SQLITE_ERROR && strstr(sqlite3_errmsg(reg->db), "integer overflow");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return over ? tcreg__set_err(reg, TCREG_ERR_INVALID, "a sum in the report exceeds the largest amount")
			    : tcreg__db_err(reg, rc, "reading the report by point");
	}
	*out = a;
	return TCREG_OK;
}

/* the report's registered contracts (registered or changed; another
 * office's kept apart) of each window, with the point they were filed at */
#define IN_WINDOWS                                                                                      \
	"WITH w(b, lo, hi) AS (VALUES (0, ?1, ?2), (1, ?3, ?4), (2, ?5, ?6)), "                        \
	"x AS (SELECT w.b, c.total_amount_fen AS total, "                                               \
	"coalesce(c.verified_tech_amount_fen, c.tech_amount_fen) AS tech, p.region, p.code, p.name "    \
	"FROM w JOIN contract c ON c.reg_date BETWEEN w.lo AND w.hi "                                    \
	"AND +c.status IN ('registered', 'changed') JOIN point p ON p.id = c.point_id) "

tcreg_status
tcreg__report_points(tcreg_registry *reg, const char *const w[3][2], int64_t base, json_t *tables)
{
	if (tcreg__point_count(reg) < 2)
		return TCREG_OK;
	json_t *points = NULL, *cities = NULL;
	tcreg_status s = table(reg,
			       IN_WINDOWS "SELECT region || code || ' ' || name, region || code, b, count(*), "
					  "sum(total), sum(tech) FROM x GROUP BY 1, 2, 3 ORDER BY 2, 1, 3",
			       w, base, &points);
	if (s == TCREG_OK)
		s = table(reg,
			  IN_WINDOWS "SELECT region, region, b, count(*), sum(total), sum(tech) FROM x "
				     "GROUP BY 1, 3 ORDER BY 1, 3",
			  w, base, &cities);
	if (s != TCREG_OK) {
		json_decref(points);
		return s;
	}
	/* a city by its name (the region table's), the code when it has none */
	const tcreg_codes *codes = NULL;
	tcreg_registry_codes(reg, &codes);
	size_t i;
	json_t *row;
	json_array_foreach(cities, i, row) {
		const char *code = json_string_value(json_object_get(row, "key"));
		const char *name = codes ? tcreg_codes_name(codes, TCREG_TABLE_REGION, code) : NULL;
		if (name)
			json_object_set_new(row, "key", json_string(name));
	}
	/* replaces the table of the points as registered (one office: codes alone) */
	json_object_set_new(tables, "by_point", points);
	json_object_set_new(tables, "by_city", cities);
	return TCREG_OK;
}
