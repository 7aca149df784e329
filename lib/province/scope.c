/* SPDX-License-Identifier: MIT
 * scope.c - who works at which registration point.
 *
 * An operator without points works province-wide; one with points works at
 * them only: contracts they enter are filed there, what they see defaults to
 * them, and a certifier decides only contracts filed at one of them.  The
 * admin and auditor roles see everything, and so does everyone in a
 * registry without operators (a one-person office works as it always did).
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

tcreg_status
tcreg__resolve_points(tcreg_registry *reg, const char *const *points, size_t n, int64_t **ids)
{
	*ids = calloc(n ? n : 1, sizeof(**ids));
	if (!*ids)
		return TCREG_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		tcreg_status s = tcreg_point_resolve(reg, points[i], 0, &(*ids)[i]);
		if (s != TCREG_OK) {
			free(*ids);
			*ids = NULL;
			return s;
		}
	}
	return TCREG_OK;
}

/* The points as the audit record names them. */
static json_t *
labels_of(tcreg_registry *reg, const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char *l = tcreg__point_label(reg, ids[i]);
		json_array_append_new(a, l ? json_string(l) : json_integer(ids[i]));
		free(l);
	}
	return a;
}

tcreg_status
tcreg__operator_points_replace(tcreg_registry *reg, const char *login, const int64_t *ids, size_t n)
{
	sqlite3_stmt *del, *ins;
	tcreg_status s = tcreg__prepare(reg, &del, "DELETE FROM operator_point WHERE login = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(del, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(del);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "changing an operator's points");
	if ((s = tcreg__prepare(reg, &ins, "INSERT OR IGNORE INTO operator_point(login, point_id) VALUES (?, ?)")) != TCREG_OK)
		return s;
	for (size_t i = 0; i < n && s == TCREG_OK; i++) {
		sqlite3_bind_text(ins, 1, login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, ids[i]);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "changing an operator's points");
	}
	sqlite3_finalize(ins);
	json_t *j = s == TCREG_OK ? json_pack("{s:s, s:o}", "login", login, "points", labels_of(reg, ids, n)) : NULL;
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (s == TCREG_OK)
		s = text ? tcreg__audit(reg, "operator_points", "operator", 0, 0, NULL, text) : TCREG_ERR_NOMEM;
	json_decref(j);
	free(text);
	return s;
}

tcreg_status
tcreg_operator_set_points(tcreg_registry *reg, const char *login, const char *const *points, size_t n)
{
	int64_t *ids = NULL;
	tcreg_status s = tcreg__require_role(reg, "admin");
	if (s == TCREG_OK)
		s = tcreg__resolve_points(reg, points, n, &ids);
	if (s != TCREG_OK || (s = tcreg__begin(reg)) != TCREG_OK) {
		free(ids);
		return s;
	}
	sqlite3_stmt *st;
	if ((s = tcreg__prepare(reg, &st, "SELECT 1 FROM operator WHERE login = ?")) == TCREG_OK) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			s = tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no operator '%s'", login);
		sqlite3_finalize(st);
	}
	if (s == TCREG_OK)
		s = tcreg__operator_points_replace(reg, login, ids, n);
	free(ids);
	if (s != TCREG_OK) {
		tcreg__rollback(reg);
		return s;
	}
	return tcreg__commit(reg);
}

json_t *
tcreg__operator_points_json(tcreg_registry *reg, const char *login)
{
	json_t *a = json_array();
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st,
			   "SELECT p.region || p.code FROM operator_point o JOIN point p ON p.id = o.point_id "
			   "WHERE o.login = ? ORDER BY p.id") != TCREG_OK)
		return a;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	return a;
}

/* The acting operator's points, in *ids (malloc'd; *n 0 and *ids NULL when
 * they work province-wide: no operators, admin or auditor, or no points). */
tcreg_status
tcreg__acting_points(tcreg_registry *reg, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (!tcreg__has_operators(reg))
		return TCREG_OK;
	char *roles = tcreg__acting_roles(reg);
	bool wide = !roles || tcreg__roles_have(roles, "admin") || tcreg__roles_have(roles, "auditor");
	free(roles);
	if (wide)
		return TCREG_OK; /* a stranger is stopped at the door, not here */
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT point_id FROM operator_point WHERE login = ? ORDER BY point_id");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, tcreg__os_login(reg), -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			int64_t *m = realloc(*ids, cap * sizeof(**ids));
			if (!m) {
				rc = SQLITE_NOMEM;
				break;
			}
			*ids = m;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc == SQLITE_NOMEM ? TCREG_ERR_NOMEM : tcreg__db_err(reg, rc, "reading an operator's points");
	}
	return TCREG_OK;
}

static bool
among(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Whether the point is disabled: STATE with the reason, else OK. */
static tcreg_status
point_enabled(tcreg_registry *reg, int64_t point_id)
{
	char *label = tcreg__point_label(reg, point_id);
	tcreg_status s = label ? tcreg_point_resolve(reg, label, TCREG_POINT_ENABLED, &(int64_t){ 0 }) : TCREG_OK;
	free(label);
	return s;
}

tcreg_status
tcreg__may_act_at(tcreg_registry *reg, int64_t point_id)
{
	int64_t *ids;
	size_t n;
	tcreg_status s = tcreg__acting_points(reg, &ids, &n);
	if (s == TCREG_OK && n && !among(ids, n, point_id)) {
		char *label = tcreg__point_label(reg, point_id);
		s = tcreg__set_err(reg, TCREG_ERR_DENIED,
				   "%s works at other registration points: this contract is filed at point %s",
				   tcreg__os_login(reg), label ? label : "?");
		free(label);
	}
	free(ids);
	if (s == TCREG_OK)
		s = point_enabled(reg, point_id);
	return s;
}

tcreg_status
tcreg_registry_set_point(tcreg_registry *reg, const char *point)
{
	free(reg->filing_point);
	reg->filing_point = NULL;
	if (!point)
		return TCREG_OK;
	int64_t id;
	tcreg_status s = tcreg_point_resolve(reg, point, TCREG_POINT_ENABLED, &id);
	if (s == TCREG_OK)
		s = tcreg__may_act_at(reg, id); /* said now, not after a contract is typed in */
	if (s == TCREG_OK && !(reg->filing_point = tcreg__strdup(point)))
		s = TCREG_ERR_NOMEM;
	return s;
}

tcreg_status
tcreg__filing_point(tcreg_registry *reg, int64_t *id)
{
	*id = 1;
	tcreg_status s = TCREG_OK;
	int64_t *ids;
	size_t n;
	if (reg->filing_point)
		s = tcreg_point_resolve(reg, reg->filing_point, TCREG_POINT_ENABLED, id);
	else if ((s = tcreg__acting_points(reg, &ids, &n)) == TCREG_OK) {
		if (n == 1)
			*id = ids[0];
		free(ids);
	}
	return s == TCREG_OK ? tcreg__may_act_at(reg, *id) : s;
}

char *
tcreg__scope_sql(tcreg_registry *reg, const char *column)
{
	int64_t *ids;
	size_t n;
	if (tcreg__acting_points(reg, &ids, &n) != TCREG_OK || n == 0)
		return NULL;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "%s IN (", column);
	for (size_t i = 0; i < n; i++)
		tcreg__buf_printf(&b, "%s%" PRId64, i ? "," : "", ids[i]);
	tcreg__buf_puts(&b, ")");
	free(ids);
	return tcreg__buf_steal(&b);
}

tcreg_status
tcreg_registry_set_view(tcreg_registry *reg, const char *point)
{
	reg->view_point = 0;
	if (!point)
		return TCREG_OK;
	int64_t id, *ids;
	size_t n;
	tcreg_status s = tcreg_point_resolve(reg, point, 0, &id);
	if (s == TCREG_OK)
		s = tcreg__acting_points(reg, &ids, &n);
	if (s != TCREG_OK)
		return s;
	if (n && !among(ids, n, id))
		s = tcreg__set_err(reg, TCREG_ERR_DENIED, "%s does not work at registration point %s",
				   tcreg__os_login(reg), point);
	free(ids);
	if (s == TCREG_OK)
		reg->view_point = id;
	return s;
}

char *
tcreg__view_sql(tcreg_registry *reg, const char *column)
{
	if (!reg->view_point)
		return tcreg__scope_sql(reg, column);
	char *out = NULL;
	if (asprintf(&out, "%s = %" PRId64, column, reg->view_point) < 0)
		return NULL;
	return out;
}

tcreg_status
tcreg_contract_in_view(tcreg_registry *reg, int64_t id)
{
	char *where = tcreg__view_sql(reg, "point_id");
	if (!where)
		return TCREG_OK;
	char *sql = NULL;
	tcreg_status s = asprintf(&sql, "SELECT %s, (SELECT region || code FROM point p WHERE p.id = point_id) "
				  "FROM contract WHERE id = ?", where) < 0 ? TCREG_ERR_NOMEM : TCREG_OK;
	free(where);
	sqlite3_stmt *st;
	if (s == TCREG_OK && (s = tcreg__prepare(reg, &st, sql)) == TCREG_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0)
			s = tcreg__set_err(reg, TCREG_ERR_DENIED,
					   "%s works at other registration points: this contract is filed at point %s",
					   tcreg__os_login(reg), (const char *)sqlite3_column_text(st, 1));
		sqlite3_finalize(st);
	}
	free(sql);
	return s;
}

tcreg_status
tcreg__view_stmt(tcreg_registry *reg, sqlite3_stmt **st)
{
	*st = NULL;
	char *where = tcreg__view_sql(reg, "point_id"), *sql = NULL;
	if (!where)
		return TCREG_OK;
	tcreg_status s = asprintf(&sql, "SELECT %s FROM contract WHERE id = ?", where) < 0 ? TCREG_ERR_NOMEM
											   : TCREG_OK;
	free(where);
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, st, sql);
	free(sql);
	return s;
}

bool
tcreg__view_has(sqlite3_stmt *st, int64_t id)
{
	if (!st)
		return true;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	return sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
}

/* What a report or an award run of one point reads (report --point, award
 * --point): while it lasts, temporary views named like the tables put that
 * point's contracts, and the rollups summed from them, in front of the whole
 * registry's, so the same SQL serves a point and the province. */
tcreg_status
tcreg__point_view_begin(tcreg_registry *reg, bool *made)
{
	*made = false;
	if (!reg->view_point)
		return TCREG_OK;
	/* the contracts and the rollups summed from them, of that point */
	char sql[320];
	snprintf(sql, sizeof(sql),
		 "CREATE TEMP VIEW contract AS SELECT * FROM main.contract WHERE point_id = %" PRId64 "; "
		 "CREATE TEMP VIEW report_rollup AS SELECT * FROM main.report_rollup WHERE point_id = %" PRId64,
		 reg->view_point, reg->view_point);
	int rc = sqlite3_exec(reg->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		tcreg__point_view_end(reg, true);
		return tcreg__db_err(reg, rc, "limiting the reading to a point");
	}
	*made = true;
	return TCREG_OK;
}

void
tcreg__point_view_end(tcreg_registry *reg, bool made)
{
	if (made)
		sqlite3_exec(reg->db, "DROP VIEW IF EXISTS temp.contract; DROP VIEW IF EXISTS temp.report_rollup",
			     NULL, NULL, NULL);
}
