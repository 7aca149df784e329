/* SPDX-License-Identifier: MIT
 * paid.c - what was paid before a rule looks at a contract: the contracts
 * this policy paid in committed runs (and which run), and the deals that
 * intermediary contracts served, so that one deal pays one intermediary.
 */
#include "award-run.h"

static size_t
rule_index(const struct tcreg_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

static int
cmp_served(const void *a, const void *b, void *ud)
{
	const struct cand *c = ud;
	int64_t x = cand_served(&c[*(const uint32_t *)a]), y = cand_served(&c[*(const uint32_t *)b]);
	return (x > y) - (x < y);
}

/* The intermediary contracts of the run by the deal they served, so that an
 * exclusive group keyed on the deal ("institution and broker of one deal
 * are not both paid") reaches every contract serving it. */
bool
tcreg__aw_index_served(struct run *R)
{
	size_t n = 0;
	for (size_t i = 0; i < R->nc; i++)
		n += cand_served(&R->c[i]) != 0;
	if (!n)
		return true;
	if (!(R->by_served = malloc(n * sizeof(*R->by_served))))
		return false;
	for (size_t i = 0; i < R->nc; i++)
		if (cand_served(&R->c[i]))
			R->by_served[R->nby_served++] = (uint32_t)i;
	qsort_r(R->by_served, R->nby_served, sizeof(uint32_t), cmp_served, R->c);
	return true;
}

/* Rules (mask) paid a contract serving a deal: every contract serving the
 * same deal learns it. */
static void
served_paid_id(struct run *R, int64_t served, uint32_t mask)
{
	if (!served || !R->nby_served)
		return;
	size_t lo = 0, hi = R->nby_served;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cand_served(&R->c[R->by_served[mid]]) < served)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < R->nby_served && cand_served(&R->c[R->by_served[lo]]) == served; lo++)
		R->c[R->by_served[lo]].served_mask |= mask;
}

void
tcreg__aw_served_paid(struct run *R, const struct cand *c, uint32_t mask)
{
	served_paid_id(R, cand_served(c), mask);
}

static int
cmp_paid_run(const void *a, const void *b)
{
	const struct paid_run *x = a, *y = b;
	if (x->cand != y->cand)
		return x->cand < y->cand ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The committed run that paid candidate ci: the last one read (0: none). */
int64_t
tcreg__aw_run_that_paid(const struct run *R, uint32_t ci)
{
	size_t lo = 0, hi = R->npaid_runs;
	while (lo < hi) { /* the first entry past ci */
		size_t mid = (lo + hi) / 2;
		if (R->paid_runs[mid].cand <= ci)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && R->paid_runs[lo - 1].cand == ci ? R->paid_runs[lo - 1].run : 0;
}

/* Contracts this policy has paid in committed runs, by rule. */
tcreg_status
tcreg__aw_load_committed(struct run *R)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st,
					   "SELECT ac.contract_id, ac.rule, a.run_id, c.served_contract_id "
					   "FROM award_contract ac JOIN award a ON a.id = ac.award_id "
					   "JOIN contract c ON c.id = ac.contract_id WHERE ac.policy = ?%s",
					   " AND ac.contract_id IN %s");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ci = tcreg__aw_cand_by_id(R, sqlite3_column_int64(st, 0));
		size_t ri = rule_index(R->p, (const char *)sqlite3_column_text(st, 1));
		/* the deal it served stays taken, whatever year the contract is of */
		served_paid_id(R, sqlite3_column_int64(st, 3), ri == SIZE_MAX ? UINT32_MAX : 1u << ri);
		if (ci < 0)
			continue;
		/* a rule renamed since: the contract stays paid for every rule */
		R->c[ci].paid_mask |= ri == SIZE_MAX ? UINT32_MAX : 1u << ri;
		if (!ROOM_FOR_ONE(R->paid_runs, R->cappaid_runs, R->npaid_runs, 64)) {
			sqlite3_finalize(st);
			return TCREG_ERR_NOMEM;
		}
		R->paid_runs[R->npaid_runs] = (struct paid_run){ (uint32_t)ci, (uint32_t)R->npaid_runs,
								 sqlite3_column_int64(st, 2) };
		R->npaid_runs++;
	}
	sqlite3_finalize(st);
	if (R->npaid_runs > 1) /* none: no array at all */
		qsort(R->paid_runs, R->npaid_runs, sizeof(*R->paid_runs), cmp_paid_run);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(R->reg, rc, "award_contract");
}
