/* SPDX-License-Identifier: MIT
 * agency.c - the registering office's profile (name, region, point), which
 * later goes into every registration number.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static char *
profile_json(const char *name, const char *region, const char *point)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "name", name, "region", region, "point", point);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return s;
}

tcreg_status
tcreg_agency_set(tcreg_registry *reg, const char *name, const char *region, const char *point)
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

	char *oname = NULL, *oregion = NULL, *opoint = NULL, *old_json = NULL, *new_json = NULL;
	if ((s = tcreg__begin(reg)) != TCREG_OK)
		return s;
	s = tcreg_agency_get(reg, &oname, &oregion, &opoint);
	if (s == TCREG_OK) {
		if (strcmp(oname, name) == 0 && strcmp(oregion, region) == 0 &&
		    strcmp(opoint, point) == 0)
			goto done; /* nothing changes; nothing to audit */
		old_json = profile_json(oname, oregion, opoint);
	} else if (s != TCREG_ERR_NOT_FOUND) {
		goto done;
	}
	new_json = profile_json(name, region, point);
	sqlite3_stmt *st;
	if ((s = tcreg__prepare(reg, &st,
				"INSERT INTO agency(id, name, region, point) VALUES (1, ?, ?, ?) "
				"ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
				"region = excluded.region, point = excluded.point")) != TCREG_OK)
		goto done;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, point, -1, SQLITE_STATIC);
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
	free(old_json);
	free(new_json);
	return s;
}

tcreg_status
tcreg_agency_get(tcreg_registry *reg, char **name, char **region, char **point)
{
	*name = *region = *point = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT name, region, point FROM agency WHERE id = 1");
	if (s != TCREG_OK)
		return s;
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
