/* SPDX-License-Identifier: MIT
 * operator.c - who is acting, and what they may do.
 *
 * A registry without operators is a one-person office (and the tests): the
 * acting name is whatever the front end set.  Once one operator exists the
 * acting operator is the login of the real user running tcreg (getuid, the
 * password database), never a name typed or taken from the environment,
 * and each action needs its role: entering (clerk), deciding (certifier),
 * expert review (reviewer), settings and operators (admin), reading the
 * audit (auditor).  Names are compared exactly, whatever their length.
 */
#include <jansson.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

static const char *const role_names[] = { "clerk", "certifier", "reviewer", "admin", "auditor",
					  NULL };

const char *
tcreg__os_login(tcreg_registry *reg)
{
	if (!reg->os_login) {
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_name && *pw->pw_name)
			reg->os_login = tcreg__strdup(pw->pw_name);
		else if (asprintf(&reg->os_login, "uid%u", (unsigned)getuid()) < 0)
			reg->os_login = NULL;
	}
	return reg->os_login ? reg->os_login : "unknown";
}

bool
tcreg__has_operators(tcreg_registry *reg)
{
	if (reg->operators < 0) {
		sqlite3_stmt *st;
		reg->operators = 0;
		if (tcreg__prepare(reg, &st, "SELECT EXISTS (SELECT 1 FROM operator)") == TCREG_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				reg->operators = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
		}
	}
	return reg->operators > 0;
}

static bool
role_known(const char *r, size_t n)
{
	for (const char *const *k = role_names; *k; k++)
		if (strlen(*k) == n && strncmp(*k, r, n) == 0)
			return true;
	return false;
}

bool
tcreg__roles_have(const char *roles, const char *role)
{
	size_t n = strlen(role);
	for (const char *p = roles; p && *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && strncmp(p, role, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

char *
tcreg__acting_roles(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st,
			   "SELECT roles FROM operator WHERE login = ? AND disabled_at IS NULL") != TCREG_OK)
		return NULL;
	sqlite3_bind_text(st, 1, tcreg__os_login(reg), -1, SQLITE_STATIC);
	char *roles = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		roles = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return roles;
}

tcreg_status
tcreg__require_role(tcreg_registry *reg, const char *role)
{
	if (!tcreg__has_operators(reg))
		return TCREG_OK;
	char *roles = tcreg__acting_roles(reg);
	bool ok = roles && (tcreg__roles_have(roles, role) ||
			    /* an admin may read what an auditor reads */
			    (strcmp(role, "auditor") == 0 && tcreg__roles_have(roles, "admin")));
	free(roles);
	if (ok)
		return TCREG_OK;
	return tcreg__set_err(reg, TCREG_ERR_DENIED,
			      "%s is not an operator with the role %s in this registry; an admin "
			      "grants it with 'tcreg operator add'",
			      tcreg__os_login(reg), role);
}

/* "clerk,certifier" checked and written in the canonical order. */
static tcreg_status
canonical_roles(tcreg_registry *reg, const char *in, char out[64])
{
	out[0] = '\0';
	for (const char *p = in; p && *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (!role_known(p, k))
			return tcreg__set_err(reg, TCREG_ERR_USAGE,
					      "'%.*s' is not a role: clerk, certifier, reviewer, admin or auditor",
					      (int)k, p);
		p = e ? e + 1 : NULL;
	}
	for (const char *const *r = role_names; *r; r++)
		if (tcreg__roles_have(in, *r))
			snprintf(out + strlen(out), 64 - strlen(out), "%s%s", out[0] ? "," : "", *r);
	if (!out[0])
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "an operator needs at least one role");
	return TCREG_OK;
}

static tcreg_status
insert_operator(tcreg_registry *reg, const char *login, const char *name, const char *roles)
{
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		"INSERT INTO operator(login, name, roles, created_by, created_at) VALUES (?,?,?,?,?) "
		"ON CONFLICT(login) DO UPDATE SET name = excluded.name, roles = excluded.roles, "
		"disabled_at = NULL");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, roles, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tcreg__os_login(reg), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "saving an operator");
	json_t *j = json_pack("{s:s, s:s, s:s}", "login", login, "name", name, "roles", roles);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	s = text ? tcreg__audit(reg, "operator_add", "operator", 0, 0, NULL, text) : TCREG_ERR_NOMEM;
	free(text);
	reg->operators = 1;
	return s;
}

/* The first operator: whoever set the registry up (config owner, the login
 * that ran init), or root, and that person becomes its first admin. */
static tcreg_status
first_operator(tcreg_registry *reg)
{
	char *owner = NULL;
	tcreg_config_get(reg, "owner", &owner);
	const char *me = tcreg__os_login(reg);
	bool ok = getuid() == 0 || !owner || !*owner || strcmp(owner, me) == 0;
	tcreg_status s = TCREG_OK;
	if (!ok)
		s = tcreg__set_err(reg, TCREG_ERR_DENIED,
				   "only %s, who set this registry up, can add its first operator", owner);
	free(owner);
	if (s == TCREG_OK)
		s = insert_operator(reg, me, me, "admin");
	return s;
}

tcreg_status
tcreg_operator_add(tcreg_registry *reg, const char *login, const char *name, const char *roles)
{
	return tcreg_operator_add_at(reg, login, name, roles, NULL, 0);
}

tcreg_status
tcreg_operator_add_at(tcreg_registry *reg, const char *login, const char *name, const char *roles,
		      const char *const *points, size_t npoints)
{
	if (!login || !*login || !name || !*name)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "an operator needs a login and a name");
	char canon[64];
	tcreg_status s = canonical_roles(reg, roles, canon);
	if (s != TCREG_OK)
		return s;
	if (!getpwnam(login))
		return tcreg__set_err(reg, TCREG_ERR_USAGE,
				      "'%s' is not a login on this machine: operators are the machine's "
				      "users, so that who acts is known from the system",
				      login);
	int64_t *ids = NULL;
	if (points && (s = tcreg__resolve_points(reg, points, npoints, &ids)) != TCREG_OK)
		return s;
	if ((s = tcreg__begin(reg)) != TCREG_OK) {
		free(ids);
		return s;
	}
	reg->operators = -1;
	if (!tcreg__has_operators(reg)) {
		s = first_operator(reg);
		/* the first admin adding themselves keeps admin */
		char with_admin[80];
		snprintf(with_admin, sizeof(with_admin), "%s,admin", canon);
		if (s == TCREG_OK && strcmp(login, tcreg__os_login(reg)) == 0)
			s = canonical_roles(reg, with_admin, canon);
	} else
		s = tcreg__require_role(reg, "admin");
	if (s == TCREG_OK)
		s = insert_operator(reg, login, name, canon);
	if (s == TCREG_OK && points)
		s = tcreg__operator_points_replace(reg, login, ids, npoints);
	free(ids);
	if (s != TCREG_OK) {
		tcreg__rollback(reg);
		reg->operators = -1;
		return s;
	}
	return tcreg__commit(reg);
}

tcreg_status
tcreg_operator_disable(tcreg_registry *reg, const char *login)
{
	tcreg_status s = tcreg__begin(reg);
	if (s != TCREG_OK)
		return s;
	s = tcreg__require_role(reg, "admin");
	sqlite3_stmt *st = NULL;
	if (s == TCREG_OK && strcmp(login, tcreg__os_login(reg)) == 0)
		s = tcreg__set_err(reg, TCREG_ERR_USAGE,
				   "an admin cannot disable themselves: another admin must, so that "
				   "the registry never loses its last admin by mistake");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &st,
				   "UPDATE operator SET disabled_at = ? WHERE login = ? AND disabled_at IS NULL");
	if (s == TCREG_OK) {
		char now[20];
		tcreg__now(reg, now, NULL);
		sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "disabling an operator");
		else if (sqlite3_changes(reg->db) == 0)
			s = tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no enabled operator '%s'", login);
	}
	sqlite3_finalize(st);
	if (s == TCREG_OK) {
		json_t *j = json_pack("{s:s}", "login", login);
		char *text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		s = tcreg__audit(reg, "operator_disable", "operator", 0, 0, text, NULL);
		free(text);
	}
	if (s != TCREG_OK) {
		tcreg__rollback(reg);
		return s;
	}
	return tcreg__commit(reg);
}

tcreg_status
tcreg_operators_tree(tcreg_registry *reg, json_t **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT login, name, roles, disabled_at, created_by, created_at "
					"FROM operator ORDER BY login");
	if (s != TCREG_OK)
		return s;
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object(), *roles = json_array();
		const char *r = (const char *)sqlite3_column_text(st, 2);
		for (const char *const *k = role_names; *k; k++)
			if (tcreg__roles_have(r, *k))
				json_array_append_new(roles, json_string(*k));
		json_object_set_new(o, "login", json_string((const char *)sqlite3_column_text(st, 0)));
		json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(o, "roles", roles);
		json_object_set_new(o, "disabled_at",
				    sqlite3_column_type(st, 3) == SQLITE_NULL
					    ? json_null()
					    : json_string((const char *)sqlite3_column_text(st, 3)));
		json_object_set_new(o, "created_by", json_string((const char *)sqlite3_column_text(st, 4)));
		json_object_set_new(o, "created_at", json_string((const char *)sqlite3_column_text(st, 5)));
		json_object_set_new(o, "points", tcreg__operator_points_json(reg, (const char *)sqlite3_column_text(st, 0)));
		json_array_append_new(a, o);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return tcreg__db_err(reg, rc, "reading operators");
	}
	*out = a;
	return a ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_operators_json(tcreg_registry *reg, char **json)
{
	json_t *a;
	tcreg_status s = tcreg_operators_tree(reg, &a);
	return tcreg__tree_text(s, a, JSON_INDENT(2) | JSON_PRESERVE_ORDER, json);
}

tcreg_status
tcreg_registry_check_operator(tcreg_registry *reg, const char *role)
{
	if (role)
		return tcreg__require_role(reg, role);
	if (!tcreg__has_operators(reg))
		return TCREG_OK;
	char *roles = tcreg__acting_roles(reg);
	free(roles);
	if (roles)
		return TCREG_OK;
	return tcreg__set_err(reg, TCREG_ERR_DENIED,
			      "%s is not an operator of this registry; an admin adds operators with "
			      "'tcreg operator add'",
			      tcreg__os_login(reg));
}
