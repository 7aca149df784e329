/* SPDX-License-Identifier: MIT
 * agency.c - the registering office's profile (name, region, point), which
 * later goes into every registration number: registration point 1 of the
 * registry (schema 8; other points: point.c).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static char *
profile_json(const char *name, const char *region, const char *point, const char *area)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "name", name, "region", region, "point", point);
	if (o && area)
		json_object_set_new(o, "area", json_string(area));
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return s;
}

tcreg_status
tcreg_agency_set(tcreg_registry *reg, const char *name, const char *region, const char *point)
{
	return tcreg_agency_update(reg, name, region, point, NULL, 0);
}

tcreg_status
tcreg_agency_area(tcreg_registry *reg, char **area)
{
	*area = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT area FROM point WHERE id = 1");
	if (s != TCREG_OK)
		return s;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*area = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return TCREG_OK;
}

/* "all", or region codes of the table separated by commas (spaces and
 * full-width commas allowed): normalised into *out. */
tcreg_status
tcreg__check_area(tcreg_registry *reg, const tcreg_codes *codes, const char *area, char **out)
{
	*out = NULL;
	if (strcmp(area, "all") == 0) {
		*out = tcreg__strdup("all");
		return *out ? TCREG_OK : TCREG_ERR_NOMEM;
	}
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	char *copy = tcreg__strdup(area), *save = NULL;
	tcreg_status s = copy ? TCREG_OK : TCREG_ERR_NOMEM;
	for (char *t = copy ? strtok_r(copy, ", ，", &save) : NULL; t && s == TCREG_OK; t = strtok_r(NULL, ", ，", &save)) {
		const char *code;
		if (strlen(t) != 4 || tcreg_codes_resolve(codes, TCREG_TABLE_REGION, t, &code) != TCREG_OK)
			s = tcreg__set_err(reg, TCREG_ERR_USAGE,
					   "area '%s': write all, or 4-digit region codes separated by commas", t);
		else
			tcreg__buf_printf(&b, "%s%s", b.len ? "," : "", code);
	}
	free(copy);
	if (s == TCREG_OK && b.len == 0)
		s = tcreg__set_err(reg, TCREG_ERR_USAGE, "an empty area: write all, or region codes");
	if (s == TCREG_OK)
		*out = tcreg__buf_steal(&b);
	else
		tcreg__buf_release(&b);
	return s == TCREG_OK && !*out ? TCREG_ERR_NOMEM : s;
}

static bool
numbers_issued(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT 1 FROM reg_sequence WHERE point_id = 1 LIMIT 1") != TCREG_OK)
		return true;
	bool any = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return any;
}

/* Another registration point (point.c) has this region and code. */
static bool
point_taken(tcreg_registry *reg, const char *region, const char *point)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT 1 FROM point WHERE region = ? AND code = ? AND id <> 1") != TCREG_OK)
		return false;
	sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, point, -1, SQLITE_STATIC);
	bool taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return taken;
}

tcreg_status
tcreg_agency_update(tcreg_registry *reg, const char *name, const char *region, const char *point,
		    const char *area_in, unsigned flags)
{
	if (!reg || !name || !*name || !region || !point)
		return TCREG_ERR_USAGE;
	if (strlen(region) != 4 || strspn(region, "0123456789") != 4)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "region '%s' is not a 4-digit code", region);
	if (strlen(point) != 2 || strspn(point, "0123456789") != 2)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "point '%s' is not a 2-digit number", point);
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s != TCREG_OK)
		return s;
	if (!tcreg_codes_name(codes, TCREG_TABLE_REGION, region))
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "region '%s' is not in the region table", region);

	char *area = NULL;
	if (area_in && *area_in && (s = tcreg__check_area(reg, codes, area_in, &area)) != TCREG_OK)
		return s;
	char *oname = NULL, *oregion = NULL, *opoint = NULL, *oarea = NULL, *old_json = NULL, *new_json = NULL;
	if ((s = tcreg__require_role(reg, "admin")) != TCREG_OK || (s = tcreg__begin(reg)) != TCREG_OK) {
		free(area);
		return s;
	}
	s = tcreg_agency_get(reg, &oname, &oregion, &opoint);
	if (s == TCREG_OK && (s = tcreg_agency_area(reg, &oarea)) == TCREG_OK) {
		if (!area_in && oarea)
			area = tcreg__strdup(oarea); /* kept */
		bool same_area = (!area && !oarea) || (area && oarea && strcmp(area, oarea) == 0);
		if (strcmp(oname, name) == 0 && strcmp(oregion, region) == 0 &&
		    strcmp(opoint, point) == 0 && same_area)
			goto done; /* nothing changes; nothing to audit */
		if ((strcmp(oregion, region) != 0 || strcmp(opoint, point) != 0) &&
		    !(flags & TCREG_AGENCY_FORCE) && numbers_issued(reg)) {
			s = tcreg__set_err(reg, TCREG_ERR_STATE,
					   "numbers have been issued under region %s, point %s: a new region or point "
					   "starts numbers under another code (certificates already issued keep "
					   "theirs); give --force if that is meant",
					   oregion, opoint);
			goto done;
		}
		old_json = profile_json(oname, oregion, opoint, oarea);
	} else if (s != TCREG_ERR_NOT_FOUND) {
		goto done;
	}
	if (point_taken(reg, region, point)) {
		s = tcreg__set_err(reg, TCREG_ERR_STATE, "registration point %s%s exists already ('tcreg point list')",
				   region, point);
		goto done;
	}
	new_json = profile_json(name, region, point, area);
	sqlite3_stmt *st;
	if ((s = tcreg__prepare(reg, &st,
				"INSERT INTO point(id, name, region, code, area, created_at) "
				"VALUES (1, ?, ?, ?, ?, ?) "
				"ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
				"region = excluded.region, code = excluded.code, area = excluded.area")) != TCREG_OK)
		goto done;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, point, -1, SQLITE_STATIC);
	tcreg__bind_text_or_null(st, 4, area);
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		s = tcreg__db_err(reg, rc, "saving the agency profile");
		goto done;
	}
	s = tcreg__audit(reg, "set", "agency", 1, 0, old_json, new_json);
done:
	if (s == TCREG_OK || s == TCREG_ERR_NOT_FOUND)
		s = tcreg__commit(reg);
	else
		tcreg__rollback(reg);
	free(oname);
	free(oregion);
	free(opoint);
	free(oarea);
	free(area);
	free(old_json);
	free(new_json);
	return s;
}

tcreg_status
tcreg_agency_get(tcreg_registry *reg, char **name, char **region, char **point)
{
	return tcreg__point_get(reg, 1, name, region, point);
}

/* A registration point's name, region and code. */
tcreg_status
tcreg__point_get(tcreg_registry *reg, int64_t id, char **name, char **region, char **point)
{
	*name = *region = *point = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT name, region, code FROM point WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*name = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
		*region = tcreg__strdup((const char *)sqlite3_column_text(st, 1));
		*point = tcreg__strdup((const char *)sqlite3_column_text(st, 2));
		s = *name && *region && *point ? TCREG_OK : TCREG_ERR_NOMEM;
	} else if (rc == SQLITE_DONE) {
		s = TCREG_ERR_NOT_FOUND;
	} else {
		s = tcreg__db_err(reg, rc, "reading the agency profile");
	}
	sqlite3_finalize(st);
	if (s != TCREG_OK) {
		free(*name);
		free(*region);
		free(*point);
		*name = *region = *point = NULL;
	}
	return s;
}
