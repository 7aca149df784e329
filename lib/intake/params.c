/* SPDX-License-Identifier: MIT
 * params.c - named parameters (":name") of the statements an import runs
 * once per row.  Numbers drift when a column is added; names do not.  The
 * names are looked up once, when the statement is prepared (per row that
 * would be a string search per value), and both ways are checked: a
 * parameter of the statement that is not in the caller's vocabulary fails
 * there, and binding a name the statement does not have makes the next
 * tcreg__params_check fail.  Either is TCREG_ERR_INTERNAL, never a value
 * silently left NULL.
 */
#include <string.h>

#include "tcreg-private.h"

tcreg_status
tcreg__params_init(tcreg_registry *reg, struct tcreg__params *p, sqlite3_stmt *st,
		   const char *const *names, int n)
{
	memset(p, 0, sizeof(*p));
	p->st = st;
	p->names = names;
	if (n > TCREG_PARAMS_MAX)
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "too many parameter names (%s)", names[0]);
	for (int i = 0; i < n; i++)
		p->idx[i] = sqlite3_bind_parameter_index(st, names[i]);
	for (int k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
		const char *name = sqlite3_bind_parameter_name(st, k);
		int i = 0;
		while (name && i < n && strcmp(names[i], name) != 0)
			i++;
		if (!name || i == n)
			return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "a statement has a parameter no caller names (%s)",
					      name ? name : "?");
	}
	return TCREG_OK;
}

/* The statement's index of the name, or 0 (recorded) when it has none. */
static int
index_of(struct tcreg__params *p, int name)
{
	int k = name >= 0 && name < TCREG_PARAMS_MAX ? p->idx[name] : 0;
	if (!k && !p->missing)
		p->missing = name >= 0 && name < TCREG_PARAMS_MAX ? p->names[name] : "?";
	return k;
}

void
tcreg__param_text(struct tcreg__params *p, int name, const char *v)
{
	int k = index_of(p, name);
	if (k)
		sqlite3_bind_text(p->st, k, v, -1, SQLITE_STATIC);
}

void
tcreg__param_text_or_null(struct tcreg__params *p, int name, const char *v)
{
	int k = index_of(p, name);
	if (k)
		tcreg__bind_text_or_null(p->st, k, v);
}

void
tcreg__param_null(struct tcreg__params *p, int name)
{
	int k = index_of(p, name);
	if (k)
		sqlite3_bind_null(p->st, k);
}

void
tcreg__param_int64(struct tcreg__params *p, int name, int64_t v)
{
	int k = index_of(p, name);
	if (k)
		sqlite3_bind_int64(p->st, k, v);
}

void
tcreg__param_id_or_null(struct tcreg__params *p, int name, int64_t id)
{
	int k = index_of(p, name);
	if (k && id)
		sqlite3_bind_int64(p->st, k, id);
	else if (k)
		sqlite3_bind_null(p->st, k);
}

tcreg_status
tcreg__params_check(tcreg_registry *reg, struct tcreg__params *p)
{
	if (!p->missing)
		return TCREG_OK;
	const char *name = p->missing;
	p->missing = NULL;
	sqlite3_clear_bindings(p->st); /* nothing half-bound runs later */
	return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "a statement has no parameter %s", name);
}
