/* SPDX-License-Identifier: MIT
 * schema-edit.c - a CHECK constraint's text edited in place (schema 12).
 *
 * SQLite evaluates "status IN ('a', 'b', 'c', ...)" in a CHECK by building a
 * temporary B-tree of the list for every row it writes: 2.8 us a row, a
 * tenth of a large import.  The same rule written as comparisons one after
 * another costs nothing measurable.  Nothing on disk depends on a CHECK's
 * text, so the table's CREATE text is edited in sqlite_schema, the way
 * SQLite documents for such changes ("Making Other Kinds Of Table Schema
 * Changes", lang_altertable.html), and the schema cookie moved so that
 * every connection reads the new text.  The text found must be exactly a
 * CHECK of the ten states (any order and spacing, nothing else in it): a
 * registry whose rule differs is not touched, and does not open.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static const char *const states[] = {
	"submitted", "needs_supplement", "registered", "rejected", "changed",
	"cancelled", "revoked", "not_accepted", "withdrawn", "external", NULL
};

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

#define NSTATES (sizeof(states) / sizeof(states[0]) - 1)

/* Which state the literal at p is ('submitted'), or -1. */
static int
state_at(const char *p)
{
	for (size_t i = 0; i < NSTATES; i++) {
		size_t n = strlen(states[i]);
		if (p[0] == '\'' && strncmp(p + 1, states[i], n) == 0 && p[n + 1] == '\'')
			return (int)i;
	}
	return -1;
}

/* The list at p ("'a', 'b', ...)"): each of the ten states once, in any
 * order, separated by single commas, up to its ")"; where it ends (after
 * the ")"), or NULL. */
static const char *
state_list(const char *p)
{
	bool seen[NSTATES] = { false };
	size_t k = 0;
	for (;;) {
		p = skip_space(p);
		int i = state_at(p);
		if (i < 0 || seen[i])
			return NULL;
		seen[i] = true;
		k++;
		p = skip_space(p + strlen(states[i]) + 2);
		if (*p == ')')
			return k == NSTATES ? p + 1 : NULL;
		if (*p++ != ',')
			return NULL;
	}
}

/* sql with "CHECK (status IN (...))" replaced by the comparisons; NULL
 * when the text is not a CHECK of exactly the ten states and nothing else
 * (*nomem: for want of memory). */
char *
tcreg__status_check_text(const char *sql, bool *nomem)
{
	*nomem = false;
	const char *at = sql ? strstr(sql, "CHECK (status IN") : NULL;
	if (!at)
		return NULL;
	const char *open = skip_space(at + strlen("CHECK (status IN"));
	const char *end = *open == '(' ? state_list(open + 1) : NULL;
	if (!end || *(end = skip_space(end)) != ')')
		return NULL;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "%.*s", (int)(at - sql), sql);
	tcreg__buf_puts(&b, "CHECK (");
	for (int i = 0; states[i]; i++)
		tcreg__buf_printf(&b, "%sstatus = '%s'", i ? " OR " : "", states[i]);
	tcreg__buf_puts(&b, end); /* the CHECK's own ")" and the rest */
	if (b.failed) {
		tcreg__buf_release(&b);
		*nomem = true;
		return NULL;
	}
	return b.data;
}

static tcreg_status
contract_sql(tcreg_registry *reg, char **sql)
{
	sqlite3_stmt *q;
	*sql = NULL;
	tcreg_status s = tcreg__prepare(reg, &q,
					"SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'contract'");
	if (s != TCREG_OK)
		return s;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_text(q, 0) &&
	    !(*sql = strdup((const char *)sqlite3_column_text(q, 0)))) {
		sqlite3_finalize(q);
		return TCREG_ERR_NOMEM;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading the registry's schema");
	return TCREG_OK;
}

static tcreg_status
bump_cookie(tcreg_registry *reg)
{
	sqlite3_stmt *q;
	tcreg_status s = tcreg__prepare(reg, &q, "PRAGMA main.schema_version");
	if (s != TCREG_OK)
		return s;
	int rc = sqlite3_step(q);
	long long v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return tcreg__db_err(reg, rc, "reading the registry's schema");
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA main.schema_version = %lld", v + 1);
	return tcreg__exec(reg, sql, TCREG_ERR_DB, N_("upgrading the registry"));
}

tcreg_status
tcreg__status_check_rewrite(tcreg_registry *reg)
{
	char *sql = NULL;
	tcreg_status s = contract_sql(reg, &sql);
	if (s != TCREG_OK)
		return s;
	bool nomem;
	char *edited = tcreg__status_check_text(sql, &nomem);
	free(sql);
	if (nomem)
		return TCREG_ERR_NOMEM;
	if (!edited)
		/* changed outside tcreg: a data error, as a file that is not a
		 * registry is */
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "the contract table's rule for its status is not the one schema 11 "
				      "had; the registry was left as it was");
	sqlite3_stmt *u = NULL;
	s = tcreg__exec(reg, "PRAGMA writable_schema = ON", TCREG_ERR_DB, N_("upgrading the registry"));
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &u, "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'contract'");
	if (s == TCREG_OK) {
		sqlite3_bind_text(u, 1, edited, -1, SQLITE_STATIC);
		int rc = sqlite3_step(u);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "upgrading the registry");
	}
	sqlite3_finalize(u);
	free(edited);
	/* back off, and the schema read anew, whatever happened above */
	tcreg_status r = tcreg__exec(reg, "PRAGMA writable_schema = RESET", TCREG_ERR_DB,
				     N_("upgrading the registry"));
	if (s == TCREG_OK)
		s = r;
	return s == TCREG_OK ? bump_cookie(reg) : s;
}
