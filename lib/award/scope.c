/* SPDX-License-Identifier: MIT
 * scope.c - what --explain of one contract has to read.
 *
 * When every rule of a policy pays per contract or per project (its base
 * and its caps), and none reaches other contracts through a deal served or
 * a year before, the awards that include a contract depend only on the
 * contracts of its units: itself and, for project units, the seller's
 * other contracts of the same project.  Exclusive groups look at the
 * contract's own marks, so they stay within the scope too.  The run then
 * reads those contracts, their parties, payments and committed rounds, and
 * nothing else, which answers in milliseconds on a registry of millions.
 */
#include "award-run.h"

/* Whether the awards that include a contract depend on its units alone. */
static bool
scopable(const struct tcreg_policy *p, bool *projects)
{
	*projects = false;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];
		if (r->growth || (r->base & BASE_SERVED) || pol_level(r->per) > 1)
			return false;
		*projects |= r->per == UNIT_PROJECT;
		for (size_t j = 0; j < r->ncaps; j++) {
			if (pol_level(r->caps[j].per) > 1)
				return false;
			*projects |= r->caps[j].per == UNIT_PROJECT;
		}
	}
	return true;
}

/* The ids a query gives, as an SQL list "(1,2,3)" in b. */
static tcreg_status
id_list(tcreg_registry *reg, sqlite3_stmt *st, struct tcreg__buf *b)
{
	int rc;
	tcreg__buf_puts(b, "(");
	for (size_t n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++)
		tcreg__buf_printf(b, "%s%lld", n ? "," : "", (long long)sqlite3_column_int64(st, 0));
	tcreg__buf_puts(b, ")");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "contract");
	return b->failed ? TCREG_ERR_NOMEM : TCREG_OK;
}

tcreg_status
tcreg__aw_scope(struct run *R)
{
	bool projects;
	if (R->target_cand <= 0 || !scopable(R->p, &projects))
		return TCREG_OK;
	/* the contract's units: itself, and its seller's contracts of the same
	 * project.  A registered contract always has its number (certify and
	 * an external registration set both at once), so the twin index, which
	 * holds numbered contracts by seller, finds them. */
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		R->reg, &st,
		projects ? "SELECT id FROM contract WHERE id = ?1 UNION "
			   "SELECT x.id FROM contract c JOIN contract x ON x.seller_id = c.seller_id "
			   "AND x.reg_no IS NOT NULL AND coalesce(x.project_name, '') = coalesce(c.project_name, '') "
			   "WHERE c.id = ?1"
			 : "SELECT id FROM contract WHERE id = ?1");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, R->target_cand);
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	if ((s = id_list(R->reg, st, &b)) != TCREG_OK) {
		tcreg__buf_release(&b);
		return s;
	}
	R->scope = tcreg__buf_steal(&b);
	tcreg__buf_release(&b);
	if (!R->scope)
		return TCREG_ERR_NOMEM;
	return TCREG_OK;
}

/* sql with its one "%s" replaced: by cond (each of its own, at most two,
 * "%s" the scope's id list) when the run is scoped, by nothing otherwise. */
tcreg_status
tcreg__aw_prepare(struct run *R, sqlite3_stmt **st, const char *sql, const char *cond)
{
	if (!R->scope)
		cond = "";
	size_t n = strlen(sql) + strlen(cond) + (R->scope ? 2 * strlen(R->scope) : 0) + 1;
	char *c = malloc(n), *q = malloc(n);
	if (!c || !q) {
		free(c);
		free(q);
		return TCREG_ERR_NOMEM;
	}
	snprintf(c, n, cond, R->scope ? R->scope : "", R->scope ? R->scope : "");
	snprintf(q, n, sql, c);
	tcreg_status s = tcreg__prepare(R->reg, st, q);
	free(c);
	free(q);
	return s;
}
