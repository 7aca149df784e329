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
 * every connection reads the new text.  The list found is compared with
 * the ten states first: a registry whose rule differs is not touched.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static const char *const states[] = {
	"submitted", "needs_supplement", "registered", "rejected", "changed",
	"cancelled", "revoked", "not_accepted", "withdrawn", "external", NULL
};

/* Whether the list between open and close ("'a', 'b'") is states, in order. */
static bool
is_state_list(const char *open, const char *close)
{
	const char *p = open;
	for (int i = 0; states[i]; i++) {
		while (p < close && (*p == ' ' || *p == '\t' || *p == '\n' || *p == ','))
			p++;
		size_t n = strlen(states[i]);
		if (p + n + 2 > close || p[0] != '\'' || strncmp(p + 1, states[i], n) != 0 || p[n + 1] != '\'')
			return false;
		p += n + 2;
	}
	while (p < close && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	return p == close;
}

/* sql with "status IN (...)" replaced by the comparisons; NULL when the
 * text is not the one expected. */
static char *
rewritten(const char *sql)
{
	const char *at = sql ? strstr(sql, "CHECK (status IN") : NULL;
	if (!at)
		return NULL;
	const char *in = at + strlen("CHECK (");
	const char *open = strchr(in, '(');
	const char *close = open ? strchr(open, ')') : NULL;
	if (!close || !is_state_list(open + 1, close))
		return NULL;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_printf(&b, "%.*s", (int)(in - sql), sql);
	for (int i = 0; states[i]; i++)
		tcreg__buf_printf(&b, "%sstatus = '%s'", i ? " OR " : "", states[i]);
	tcreg__buf_puts(&b, close + 1);
	if (b.failed) {
		tcreg__buf_release(&b);
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
	if (rc == SQLITE_ROW && sqlite3_column_text(q, 0))
		*sql = strdup((const char *)sqlite3_column_text(q, 0));
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
	char *edited = rewritten(sql);
	free(sql);
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
