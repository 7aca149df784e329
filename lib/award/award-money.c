/* SPDX-License-Identifier: MIT
 * award-money.c - the money an award counts.
 *
 * "Never paid twice" applies to money, not to contracts (domain.md §0.3):
 * a committed run records which payments, and how much of each, every
 * award counted (award_payment), and a later round of the same policy
 * counts only what no earlier round of the same rule counted.  So a
 * contract registered in one year and paid in the next is supported in the
 * round of the year its money arrived.
 *
 * The technology part of money received (tech_received) is worked out
 * payment by payment in date order: each counts up to what remains of the
 * verified technology amount (domain.md §f.1: 实际成交额 is the 技术交易额
 * actually received), so a contract's non-technical money never earns an
 * award.  A payment is taken net of every reversal recorded for it.
 */
#include "award-run.h"

bool
tcreg__aw_counts_tech(const struct pol_rule *r)
{
	return (r->base & BASE_TECH_RECEIVED) != 0;
}

/* Reversals, summed per payment they reverse (ids ascending). */
struct reversal {
	int64_t id, fen;
};

static tcreg_status
load_reversals(struct run *R, struct reversal **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st,
					   "SELECT reverses_id, -sum(amount_fen) FROM payment "
					   "WHERE reverses_id IS NOT NULL%s GROUP BY reverses_id ORDER BY reverses_id",
					   " AND reverses_id IN (SELECT id FROM payment WHERE contract_id IN %s)");
	if (s != TCREG_OK)
		return s;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!ROOM_FOR_ONE(*out, cap, *n, 64)) {
			sqlite3_finalize(st);
			return TCREG_ERR_NOMEM;
		}
		(*out)[(*n)++] = (struct reversal){ sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1) };
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(R->reg, rc, "payment");
}

static int64_t
reversed(const struct reversal *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].id == id ? v[lo].fen : 0;
}

static int
cmp_pay_date(const void *a, const void *b)
{
	const struct pay *x = a, *y = b;
	int d = strcmp(x->date, y->date);
	return d ? d : (x->id > y->id) - (x->id < y->id);
}

/* Each candidate's payments in date order (then by id, as --explain lists
 * them): the technology parts are split in that order, and the order the
 * query returns them in depends on the plan (a run of one contract for
 * --explain reads them by contract, not by date). */
static void
date_order(struct run *R, struct pay *v)
{
	for (size_t i = 0; i < R->nc; i++) {
		struct pay *s = v + R->c[i].pay_first;
		uint32_t n = R->c[i].pay_n, k = 1;
		while (k < n && cmp_pay_date(&s[k - 1], &s[k]) <= 0)
			k++;
		if (k < n)
			qsort(s, n, sizeof(*s), cmp_pay_date);
	}
}

/* Read the positive payments of the candidates up to the end of the
 * windows (from the first payment on when a rule needs technology parts:
 * they depend on every earlier payment), grouped by candidate in date
 * order with a counting sort. */
static tcreg_status
read_payments(struct run *R, const struct reversal *rv, size_t nrv, bool history)
{
	char lo[11], hi[11];
	tcreg__aw_union_window(R, true, lo, hi);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st,
					   "SELECT id, contract_id, pay_date, amount_fen FROM payment "
					   "WHERE pay_date >= ?1 AND pay_date <= ?2 AND amount_fen > 0%s",
					   " AND contract_id IN %s");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, history ? "0000-01-01" : lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	struct pay *raw = NULL;
	size_t n = 0, cap = 0;
	int rc;
	int64_t last_id = -1, ci = -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 1);
		if (cid != last_id) {
			ci = tcreg__aw_cand_by_id(R, cid);
			last_id = cid;
		}
		if (ci < 0)
			continue;
		if (!ROOM_FOR_ONE(raw, cap, n, 4096)) {
			free(raw);
			sqlite3_finalize(st);
			return TCREG_ERR_NOMEM;
		}
		struct pay *p = &raw[n++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->cand = (uint32_t)ci;
		const unsigned char *d = sqlite3_column_text(st, 2);
		size_t dn = d ? strlen((const char *)d) : 0;
		dn = dn < sizeof(p->date) - 1 ? dn : sizeof(p->date) - 1;
		memcpy(p->date, d ? (const char *)d : "", dn);
		p->date[dn] = '\0';
		int64_t net = sqlite3_column_int64(st, 3) - (nrv ? reversed(rv, nrv, p->id) : 0);
		p->net = net > 0 ? net : 0;
		R->c[ci].pay_n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(raw);
		return tcreg__db_err(R->reg, rc, "payment");
	}
	/* grouped in place, through the place each goes to: a second copy of
	 * a million payments would double the memory they take */
	uint32_t *to = malloc((n + 1) * sizeof(*to));
	if (!to) {
		free(raw);
		return TCREG_ERR_NOMEM;
	}
	uint32_t off = 0;
	for (size_t i = 0; i < R->nc; i++) {
		R->c[i].pay_first = off;
		off += R->c[i].pay_n;
		R->c[i].pay_n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct cand *c = &R->c[raw[i].cand];
		to[i] = c->pay_first + c->pay_n++;
	}
	for (size_t i = 0; i < n; i++)
		while (to[i] != i) { /* each swap puts one payment in its place */
			uint32_t j = to[i];
			struct pay t = raw[j];
			raw[j] = raw[i];
			raw[i] = t;
			to[i] = to[j];
			to[j] = j;
		}
	free(to);
	date_order(R, raw);
	struct pay *fit = raw ? realloc(raw, (n + 1) * sizeof(*raw)) : NULL; /* the doubling's slack */
	R->pays = fit ? fit : raw ? raw : calloc(1, sizeof(*R->pays));
	R->npays = n;
	return R->pays ? TCREG_OK : TCREG_ERR_NOMEM;
}

/* The most a rule counting technology money counted of a payment in
 * committed rounds. */
static int64_t
counted_most(const struct run *R, const struct pay *p)
{
	int64_t most = 0;
	for (uint32_t k = 0; k < p->counted_n; k++) {
		const struct counted *e = &R->counted[p->counted_first + k];
		bool tech = e->rule == COUNTED_ALL || tcreg__aw_counts_tech(&R->p->rules[e->rule]);
		if (tech && e->fen > most)
			most = e->fen;
	}
	return most;
}

/* Each payment, in date order, counts up to what remains of the verified
 * technology amount.  Money a committed round counted keeps its place
 * against the verified amount even when it has been reversed since: the
 * reversal is reported as an overpayment (award --history), and a later
 * payment that replaces the reversed money is not counted a second time, so
 * the technology money ever counted never exceeds the verified amount. */
static void
technology_parts(struct run *R)
{
	for (size_t i = 0; i < R->nc; i++) {
		const struct cand *c = &R->c[i];
		int64_t left = c->tech;
		for (uint32_t k = 0; k < c->pay_n; k++) {
			struct pay *p = &R->pays[c->pay_first + k];
			p->tech = p->net < left ? p->net : left;
			int64_t done = p->counted_n ? counted_most(R, p) : 0;
			left -= p->tech > done ? p->tech : done;
			if (left < 0)
				left = 0;
		}
	}
}

static int
cmp_pay_id(const void *a, const void *b, void *ud)
{
	const struct pay *v = ud;
	int64_t x = v[*(const uint32_t *)a].id, y = v[*(const uint32_t *)b].id;
	return (x > y) - (x < y);
}

/* The run's payments by id: a direct table when the ids are dense (rowids
 * usually are), else the payments sorted by id, searched. */
struct pay_index {
	uint32_t *at; /* dense: at[id - min] (UINT32_MAX: none); sparse: by id */
	int64_t min;
	size_t n;
	bool dense, ready;
};

static tcreg_status
pay_index_make(const struct run *R, struct pay_index *ix)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < R->npays; i++) {
		lo = R->pays[i].id < lo ? R->pays[i].id : lo;
		hi = R->pays[i].id > hi ? R->pays[i].id : hi;
	}
	ix->min = lo;
	ix->dense = (uint64_t)(hi - lo) < 4 * (uint64_t)R->npays;
	ix->n = ix->dense ? (size_t)(hi - lo) + 1 : R->npays;
	if (!(ix->at = malloc(ix->n * sizeof(*ix->at))))
		return TCREG_ERR_NOMEM;
	if (ix->dense) {
		memset(ix->at, 0xff, ix->n * sizeof(*ix->at));
		for (size_t i = 0; i < R->npays; i++)
			ix->at[R->pays[i].id - lo] = (uint32_t)i;
	} else {
		for (size_t i = 0; i < R->npays; i++)
			ix->at[i] = (uint32_t)i;
		qsort_r(ix->at, R->npays, sizeof(*ix->at), cmp_pay_id, R->pays);
	}
	ix->ready = true;
	return TCREG_OK;
}

static struct pay *
pay_index_find(struct run *R, const struct pay_index *ix, int64_t id)
{
	if (ix->dense) {
		if (id < ix->min || (uint64_t)(id - ix->min) >= ix->n || ix->at[id - ix->min] == UINT32_MAX)
			return NULL;
		return &R->pays[ix->at[id - ix->min]];
	}
	size_t a = 0, b = ix->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (R->pays[ix->at[m]].id < id)
			a = m + 1;
		else
			b = m;
	}
	return a < ix->n && R->pays[ix->at[a]].id == id ? &R->pays[ix->at[a]] : NULL;
}

static uint32_t
rule_number(const struct tcreg_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (name && strcmp(p->rules[i].name, name) == 0)
			return (uint32_t)i;
	return COUNTED_ALL;
}

/* Money counted of a payment of a candidate the run did not read: kept by
 * contract, for what remains of its verified technology amount. */
static bool
count_off(struct run *R, int64_t contract, uint32_t rule, int64_t fen)
{
	if (tcreg__aw_cand_by_id(R, contract) < 0)
		return true; /* a contract outside this run */
	if (!ROOM_FOR_ONE(R->counted_off, R->capcounted_off, R->ncounted_off, 16))
		return false;
	R->counted_off[R->ncounted_off++] = (struct counted_off){ contract, rule, fen };
	return true;
}

static int
cmp_off(const void *a, const void *b)
{
	int64_t x = ((const struct counted_off *)a)->contract, y = ((const struct counted_off *)b)->contract;
	return (x > y) - (x < y);
}

/* What committed rounds of this policy counted of each payment, by rule;
 * attached to the payments through a walk of both in id order.  What they
 * counted of the candidates' payments the run did not read is kept by
 * contract (count_off). */
static tcreg_status
load_counted(struct run *R)
{
	if (R->npays == 0)
		return TCREG_OK;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st,
					   "SELECT ap.payment_id, ap.rule, sum(ap.counted_fen), p.contract_id, "
					   "sum(CASE WHEN r.year = ?2 THEN ap.counted_fen ELSE 0 END) "
					   "FROM award_payment ap JOIN payment p ON p.id = ap.payment_id "
					   "JOIN award a ON a.id = ap.award_id JOIN award_run r ON r.id = a.run_id "
					   "WHERE ap.policy = ?1%s GROUP BY ap.payment_id, ap.rule "
					   "ORDER BY ap.payment_id, ap.rule",
					   " AND p.contract_id IN %s");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, R->year);
	struct pay_index ix = { 0 };
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* made at the first row: a policy never committed needs none */
		if (!ix.ready && (s = pay_index_make(R, &ix)) != TCREG_OK)
			break;
		struct pay *p = pay_index_find(R, &ix, sqlite3_column_int64(st, 0));
		uint32_t rule = rule_number(R->p, (const char *)sqlite3_column_text(st, 1));
		int64_t fen = sqlite3_column_int64(st, 2);
		if (!p) {
			if (!count_off(R, sqlite3_column_int64(st, 3), rule, fen)) {
				s = TCREG_ERR_NOMEM;
				break;
			}
			continue;
		}
		if (!ROOM_FOR_ONE(R->counted, cap, R->ncounted, 256)) {
			s = TCREG_ERR_NOMEM;
			break;
		}
		if (p->counted_n == 0)
			p->counted_first = (uint32_t)R->ncounted;
		p->counted_n++;
		R->counted[R->ncounted++] = (struct counted){ rule, fen, sqlite3_column_int64(st, 4) };
	}
	sqlite3_finalize(st);
	free(ix.at);
	if (s == TCREG_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		s = tcreg__db_err(R->reg, rc, "award_payment");
	if (R->ncounted_off > 1)
		qsort(R->counted_off, R->ncounted_off, sizeof(*R->counted_off), cmp_off);
	return s;
}

tcreg_status
tcreg__aw_with_money(struct run *R, uint8_t **bits, int64_t *max_id)
{
	*bits = NULL;
	*max_id = 0;
	char lo[11], hi[11];
	tcreg__aw_union_window(R, true, lo, hi);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(R->reg, &st, "SELECT max(id) FROM contract");
	if (s != TCREG_OK)
		return s;
	if (sqlite3_step(st) == SQLITE_ROW)
		*max_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!(*bits = calloc((size_t)(*max_id / 8) + 1, 1)))
		return TCREG_ERR_NOMEM;
	if ((s = tcreg__aw_prepare(R, &st,
				   "SELECT contract_id FROM payment WHERE pay_date >= ?1 AND pay_date <= ?2 "
				   "AND amount_fen > 0%s", " AND contract_id IN %s")) != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && id <= *max_id)
			(*bits)[id / 8] |= (uint8_t)(1u << (id % 8));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(R->reg, rc, "payment");
}

static unsigned
bases_used(const struct run *R)
{
	unsigned uses = 0;
	for (size_t i = 0; i < R->p->nrules; i++)
		uses |= R->p->rules[i].base;
	return uses;
}

tcreg_status
tcreg__aw_read_payments(struct run *R)
{
	unsigned uses = bases_used(R);
	if (!(uses & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED)) || R->nc == 0)
		return TCREG_OK;
	struct reversal *rv;
	size_t nrv;
	tcreg_status s = load_reversals(R, &rv, &nrv);
	if (s == TCREG_OK)
		s = read_payments(R, rv, nrv, (uses & BASE_TECH_RECEIVED) != 0);
	free(rv);
	return s;
}

tcreg_status
tcreg__aw_attach_counted(struct run *R)
{
	if (!R->pays)
		return TCREG_OK;
	tcreg_status s = load_counted(R);
	if (s == TCREG_OK)
		technology_parts(R);
	return s;
}

tcreg_status
tcreg__aw_load_payments(struct run *R)
{
	tcreg_status s = tcreg__aw_read_payments(R);
	return s == TCREG_OK ? tcreg__aw_attach_counted(R) : s;
}

/* What committed rounds counted of p under the rule: all of them, or only
 * those of this run's year. */
static int64_t
counted_sum(const struct run *R, const struct pay *p, size_t rule, bool this_year)
{
	int64_t sum = 0;
	for (uint32_t k = 0; k < p->counted_n; k++) {
		const struct counted *e = &R->counted[p->counted_first + k];
		if (e->rule == rule || e->rule == COUNTED_ALL)
			sum += this_year ? e->year_fen : e->fen;
	}
	return sum;
}

int64_t
tcreg__aw_counted(const struct run *R, const struct pay *p, size_t rule)
{
	return counted_sum(R, p, rule, false);
}

int64_t
tcreg__aw_counted_this_year(const struct run *R, const struct pay *p, size_t rule)
{
	return counted_sum(R, p, rule, true);
}

static bool
in_window(const char *date, const char *from, const char *to)
{
	return (!from[0] || strcmp(date, from) >= 0) && (!to[0] || strcmp(date, to) <= 0);
}

/* What committed rounds counted under the rule of the contract's payments
 * the run did not read. */
static int64_t
counted_off(const struct run *R, size_t rule, int64_t contract)
{
	size_t lo = 0, hi = R->ncounted_off;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (R->counted_off[mid].contract < contract)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t sum = 0;
	for (; lo < R->ncounted_off && R->counted_off[lo].contract == contract; lo++)
		if (R->counted_off[lo].rule == rule || R->counted_off[lo].rule == COUNTED_ALL)
			sum += R->counted_off[lo].fen;
	return sum;
}

/* What remains of the contract's verified technology amount for a rule
 * counting technology money, once every committed round of the rule has
 * taken what it counted of any of the contract's payments, whatever their
 * dates; for a rule counting all money, no limit.
 *
 * The technology parts of the payments are split again at every run, so a
 * payment entered late with an earlier date takes technology money that a
 * later payment held when a round counted it: that money was counted, and
 * is not counted again on the earlier payment.  The bound is the
 * contract's, not a payment's: what a rule counts of a contract, over all
 * committed rounds and this run, never exceeds its verified technology
 * amount (domain.md §0.3). */
int64_t
tcreg__aw_tech_room(const struct run *R, size_t rule, const struct cand *c)
{
	if (!tcreg__aw_counts_tech(&R->p->rules[rule]))
		return INT64_MAX;
	int64_t done = R->ncounted_off ? counted_off(R, rule, c->id) : 0;
	for (uint32_t i = 0; i < c->pay_n; i++) {
		const struct pay *p = &R->pays[c->pay_first + i];
		done += p->counted_n ? tcreg__aw_counted(R, p, rule) : 0;
	}
	return c->tech > done ? c->tech - done : 0;
}

/* What the rule counts now of payment p: its part not counted before, up
 * to the room left (taken from it). */
static int64_t
count_now(const struct run *R, size_t rule, const struct pay *p, int64_t *room)
{
	int64_t part = tcreg__aw_counts_tech(&R->p->rules[rule]) ? p->tech : p->net;
	int64_t done = p->counted_n ? tcreg__aw_counted(R, p, rule) : 0;
	int64_t now = part > done ? part - done : 0;
	now = now < *room ? now : *room;
	*room -= now;
	return now;
}

int64_t
tcreg__aw_counts_now(const struct run *R, size_t rule, const struct cand *c, const char *from, const char *to,
		     const struct pay *p)
{
	int64_t room = tcreg__aw_tech_room(R, rule, c);
	for (uint32_t i = 0; i < c->pay_n; i++) {
		const struct pay *q = &R->pays[c->pay_first + i];
		if (!in_window(q->date, from, to))
			continue;
		int64_t now = count_now(R, rule, q, &room);
		if (q == p)
			return now;
	}
	return 0;
}

struct money
tcreg__aw_money(const struct run *R, size_t rule, const struct cand *c, const char *from, const char *to)
{
	struct money m = { 0 };
	bool tech = tcreg__aw_counts_tech(&R->p->rules[rule]);
	int64_t room = tcreg__aw_tech_room(R, rule, c);
	/* sums of payments each at most a contract amount, itself far below
	 * INT64_MAX / 2^20: no overflow */
	for (uint32_t i = 0; i < c->pay_n; i++) {
		const struct pay *p = &R->pays[c->pay_first + i];
		if (!in_window(p->date, from, to))
			continue;
		int64_t done = p->counted_n ? tcreg__aw_counted(R, p, rule) : 0;
		m.gross_net += p->net;
		m.gross_tech += p->tech;
		/* what earlier rounds of this year counted, as they counted it: a
		 * reversal or a re-split since does not make it less (the
		 * reversal is an overpayment to recover, award --history); a
		 * round of another year, where windows overlap, is not this
		 * year's money */
		int64_t this_year = p->counted_n ? tcreg__aw_counted_this_year(R, p, rule) : 0;
		m.before_net += this_year;
		m.before_tech += this_year;
		if (tech) { /* the money counted is the technology part */
			m.net += p->net > done ? p->net - done : 0;
			m.tech += count_now(R, rule, p, &room);
		} else {
			m.net += count_now(R, rule, p, &room);
			m.tech += p->tech > done ? p->tech - done : 0;
		}
	}
	return m;
}

tcreg_status
tcreg__aw_record_money(struct run *R, sqlite3_stmt *ins, size_t rule, const char *from, const char *to,
		       const struct cand *c, int64_t award_id)
{
	const struct pol_rule *r = &R->p->rules[rule];
	int64_t room = tcreg__aw_tech_room(R, rule, c);
	for (uint32_t i = 0; i < c->pay_n; i++) {
		const struct pay *p = &R->pays[c->pay_first + i];
		if (!in_window(p->date, from, to))
			continue;
		int64_t now = count_now(R, rule, p, &room);
		if (now == 0)
			continue;
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, R->p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, p->id);
		sqlite3_bind_int64(ins, 4, award_id);
		sqlite3_bind_int64(ins, 5, now);
		int rc = sqlite3_step(ins);
		if (rc != SQLITE_DONE)
			return tcreg__db_err(R->reg, rc, "award_payment");
	}
	return TCREG_OK;
}
