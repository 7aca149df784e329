/* SPDX-License-Identifier: MIT
 * load.c - the registry as an award run reads it: its parties and the
 * contracts that can matter to the policy, in registration order, found by
 * id through a direct index.
 */
#include "award-run.h"

static void *
arena_alloc(struct arena *a, size_t n)
{
	if (a->size - a->used < n) {
		size_t sz = n > 65536 ? n : 65536;
		char **nb = realloc(a->blocks, (a->nblocks + 1) * sizeof(*nb));
		if (!nb)
			return NULL;
		a->blocks = nb;
		if (!(a->blocks[a->nblocks] = malloc(sz)))
			return NULL;
		a->nblocks++;
		a->used = 0;
		a->size = sz;
	}
	void *p = a->blocks[a->nblocks - 1] + a->used;
	a->used += n;
	return p;
}

/* room for a struct of 8-byte fields: after strings, aligned */
static void *
arena_alloc8(struct arena *a, size_t n)
{
	a->used = (a->used + 7) & ~(size_t)7;
	if (a->used > a->size)
		a->used = a->size;
	return arena_alloc(a, n);
}

static const char *
arena_str(struct run *R, const unsigned char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen((const char *)s) + 1;
	char *d = arena_alloc(&R->arena, n);
	if (!d) {
		R->st = TCREG_ERR_NOMEM;
		return NULL;
	}
	memcpy(d, s, n);
	return d;
}

void
tcreg__aw_arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
}

static int
cmp_party(const void *k, const void *e)
{
	int64_t id = *(const int64_t *)k, o = ((const struct party *)e)->id;
	return (id > o) - (id < o);
}


const struct party *
tcreg__aw_party_by_id(const struct run *R, int64_t id)
{
	if (R->party_at)
		return id > 0 && id <= R->max_party && R->party_at[id] ? &R->parties[R->party_at[id] - 1] : NULL;
	return R->nparties ? bsearch(&id, R->parties, R->nparties, sizeof(struct party), cmp_party) : NULL;
}

int64_t
tcreg__aw_cand_by_id(const struct run *R, int64_t id)
{
	return tcreg__aw_cix_find(&R->cix, id);
}

tcreg_status
tcreg__aw_load_parties(struct run *R)
{
	sqlite3_stmt *st;
	/* explaining one contract: the parties of its units alone */
	tcreg_status s = tcreg__aw_prepare(R, &st, "SELECT id, name, uscc, region, nature FROM party %s ORDER BY id",
					   "WHERE id IN (SELECT seller_id FROM contract WHERE id IN %s "
					   "UNION SELECT buyer_id FROM contract WHERE id IN %s)");
	if (s != TCREG_OK)
		return s;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && R->st == TCREG_OK) {
		if (!ROOM_FOR_ONE(R->parties, cap, R->nparties, 1024)) {
			R->st = TCREG_ERR_NOMEM;
			break;
		}
		struct party *p = &R->parties[R->nparties++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->name = arena_str(R, sqlite3_column_text(st, 1));
		p->uscc = arena_str(R, sqlite3_column_text(st, 2));
		snprintf(p->region, sizeof(p->region), "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(p->nature, sizeof(p->nature), "%s", (const char *)sqlite3_column_text(st, 4));
		p->group = tcreg_codes_extra(R->codes, TCREG_TABLE_NATURE, p->nature);
		if (!p->group)
			p->group = "";
		p->nature_name = tcreg_codes_name(R->codes, TCREG_TABLE_NATURE, p->nature);
	}
	sqlite3_finalize(st);
	if (R->st != TCREG_OK)
		return R->st;
	if (rc != SQLITE_DONE)
		return tcreg__db_err(R->reg, rc, "party");
	/* ids are dense (rowids); a direct index beats a search per contract */
	R->max_party = R->nparties ? R->parties[R->nparties - 1].id : 0;
	if (R->max_party > 0 && R->max_party <= (int64_t)R->nparties * 4 + 1024) {
		if (!(R->party_at = calloc((size_t)R->max_party + 1, sizeof(uint32_t))))
			return TCREG_ERR_NOMEM;
		for (size_t i = 0; i < R->nparties; i++)
			R->party_at[R->parties[i].id] = (uint32_t)i + 1;
	}
	return TCREG_OK;
}

/* The widest registration and payment windows of the rules for the year. */
void
tcreg__aw_union_window(const struct run *R, bool payments, char lo[11], char hi[11])
{
	strcpy(lo, "9999-12-31");
	strcpy(hi, "0000-01-01");
	for (size_t i = 0; i < R->p->nrules; i++) {
		const struct pol_window *w =
			payments ? &R->p->rules[i].payments : &R->p->rules[i].registered;
		if (!w->given)
			continue;
		char a[11], b[11];
		/* a growth rule reads the same window a year earlier too */
		tcreg__pol_date_shift(&w->from, R->year, R->p->rules[i].growth ? -1 : 0, a);
		tcreg__pol_date(&w->to, R->year, b);
		if (!a[0])
			strcpy(a, "0000-01-01");
		if (!b[0])
			strcpy(b, "9999-12-31");
		if (strcmp(a, lo) < 0)
			strcpy(lo, a);
		if (strcmp(b, hi) > 0)
			strcpy(hi, b);
	}
}

static bool
uses_base(const struct tcreg_policy *p, unsigned bit)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].base & bit)
			return true;
	return false;
}

/* Which contracts can matter to a policy with rules on money: those with
 * money in its payment windows, those registered in the award year (they
 * are listed when excluded), and those in the registration window of a
 * rule that does not count money (widened a year back for growth).  False
 * when every contract can matter (a growth rule on money). */
static bool
skip_window(const struct run *R, char lo[11], char hi[11])
{
	const struct tcreg_policy *p = R->p;
	bool money = false;
	snprintf(lo, 11, "%04d-01-01", R->year);
	snprintf(hi, 11, "%04d-12-31", R->year);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];
		if (r->base & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED)) {
			if (r->growth)
				return false;
			money = true;
			continue;
		}
		char a[11], b[11];
		tcreg__pol_date_shift(&r->registered.from, R->year, r->growth ? -1 : 0, a);
		tcreg__pol_date(&r->registered.to, R->year, b);
		if (!a[0] || strcmp(a, lo) < 0)
			snprintf(lo, 11, "%s", a[0] ? a : "0000-01-01");
		if (!b[0] || strcmp(b, hi) > 0)
			snprintf(hi, 11, "%s", b[0] ? b : "9999-12-31");
	}
	return money;
}

static bool
needs_projects(const struct tcreg_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].per == UNIT_PROJECT)
			return true;
		for (size_t j = 0; j < p->rules[i].ncaps; j++)
			if (p->rules[i].caps[j].per == UNIT_PROJECT)
				return true;
	}
	return false;
}

/* a short text column into a fixed buffer, cut to fit */
static void
copy_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

/* A contract's place in registration order, packed so that nearly every
 * comparison is of integers held together, not of strings behind pointers. */
struct reg_key {
	uint64_t no8[2];  /* the registration number's first 16 bytes, big-endian */
	uint32_t date;    /* yyyymmdd */
	uint32_t at;      /* its index in R->c */
	const char *no;
};

static int
cmp_reg_key(const void *a, const void *b)
{
	const struct reg_key *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	for (int i = 0; i < 2; i++)
		if (x->no8[i] != y->no8[i])
			return x->no8[i] < y->no8[i] ? -1 : 1;
	return strcmp(x->no, y->no);
}

static struct reg_key
reg_key_of(const struct cand *c, size_t at)
{
	struct reg_key k = { .at = (uint32_t)at, .no = c->reg_no ? c->reg_no : "" };
	for (int i = 0; i < 10; i++) /* "yyyy-mm-dd": the digits in order */
		if (c->reg_date[i] >= '0' && c->reg_date[i] <= '9')
			k.date = k.date * 10 + (uint32_t)(c->reg_date[i] - '0');
	size_t n = strlen(k.no);
	for (size_t i = 0; i < 16; i++) /* a shorter number sorts first, as strcmp has it */
		k.no8[i / 8] = k.no8[i / 8] << 8 | (i < n ? (unsigned char)k.no[i] : 0);
	return k;
}

/* yyyymmdd as a day count (31 to a month: only the order matters) */
static uint32_t
day_of(uint32_t yyyymmdd)
{
	return (yyyymmdd / 10000 * 12 + yyyymmdd / 100 % 100) * 31 + yyyymmdd % 100;
}

/* Sorted by day first, by counting (a registry spans some thousand days),
 * then each day's contracts by number: far fewer comparisons than one
 * sort of all. */
static void
sort_reg_keys(struct reg_key *k, size_t n)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t d = day_of(k[i].date);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	size_t days = n ? (size_t)(hi - lo) + 1 : 0;
	size_t *start = days && days <= (1u << 20) ? calloc(days + 1, sizeof(*start)) : NULL;
	struct reg_key *t = start ? malloc(n * sizeof(*t)) : NULL;
	if (!t) {
		free(start);
		qsort(k, n, sizeof(*k), cmp_reg_key);
		return;
	}
	for (size_t i = 0; i < n; i++)
		start[day_of(k[i].date) - lo + 1]++;
	for (size_t d = 0; d < days; d++)
		start[d + 1] += start[d];
	for (size_t i = 0; i < n; i++)
		t[start[day_of(k[i].date) - lo]++] = k[i];
	/* start[d] is now the end of day d */
	for (size_t d = 0, from = 0; d < days; from = start[d++])
		if (start[d] - from > 1)
			qsort(t + from, start[d] - from, sizeof(*t), cmp_reg_key);
	memcpy(k, t, n * sizeof(*k));
	free(t);
	free(start);
}

/* A table scan gives rowid order; contracts are worked in registration
 * order (date, then number), as the index gives them. */
static bool
sort_by_registration(struct run *R)
{
	struct reg_key *k = malloc(R->nc * sizeof(*k));
	struct cand *c = malloc(R->nc * sizeof(*c));
	if (!k || !c) {
		free(k);
		free(c);
		return false;
	}
	for (size_t i = 0; i < R->nc; i++)
		k[i] = reg_key_of(&R->c[i], i);
	sort_reg_keys(k, R->nc);
	for (size_t i = 0; i < R->nc; i++)
		c[i] = R->c[k[i].at];
	free(k);
	free(R->c);
	R->c = c;
	return true;
}

/* tcreg_aw_money(id) in SQL: whether the contract has money in the
 * windows, so that the many contracts of other years without any are
 * passed over inside sqlite, before their columns are read out. */
struct money_bits {
	const uint8_t *bits;
	int64_t max_id;
};

static void
sql_has_money(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	(void)argc;
	const struct money_bits *m = sqlite3_user_data(cx);
	int64_t id = sqlite3_value_int64(v[0]);
	sqlite3_result_int(cx, id > 0 && id <= m->max_id && (m->bits[id / 8] >> (id % 8) & 1));
}

/* The contract of the row st is on, appended to R->c (room made). */
static bool
read_row(struct run *R, sqlite3_stmt *st, bool projects, bool served)
{
	int served_col = projects ? 11 : 10;
	struct cand *c = &R->c[R->nc++];
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->reg_no = arena_str(R, sqlite3_column_text(st, 1));
	copy_text(c->reg_date, sizeof(c->reg_date), st, 2);
	const char *status = (const char *)sqlite3_column_text(st, 3);
	c->status = status[0] == 'c' && status[1] == 'a' ? 'c'
		    : status[0] == 'r' && status[2] == 'v' ? 'r'
		    : status[0] == 'e'			   ? 'e'
							   : 'a';
	copy_text(c->category, sizeof(c->category), st, 4);
	c->total = sqlite3_column_int64(st, 5);
	c->tech = sqlite3_column_int64(st, 6);
	c->related = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : (signed char)sqlite3_column_int(st, 7);
	int64_t seller = sqlite3_column_int64(st, 8), buyer = sqlite3_column_int64(st, 9);
	bool deal = served && sqlite3_column_type(st, served_col + 1) != SQLITE_NULL;
	if (projects || deal) {
		struct cand_extra *x = arena_alloc8(&R->arena, sizeof(*x));
		if (!x) {
			R->st = TCREG_ERR_NOMEM;
			return false;
		}
		*x = (struct cand_extra){ .project = projects ? arena_str(R, sqlite3_column_text(st, 10)) : NULL };
		if (deal) {
			x->served = sqlite3_column_int64(st, served_col);
			x->served_amount = sqlite3_column_int64(st, served_col + 1);
		}
		c->extra = x;
	}
	const struct party *sp = tcreg__aw_party_by_id(R, seller), *bp = tcreg__aw_party_by_id(R, buyer);
	if (!sp || !bp) { /* the foreign keys forbid it; a registry edited by hand */
		R->st = tcreg__set_err(R->reg, TCREG_ERR_DB, "contract %lld names a missing party",
				       (long long)c->id);
		return false;
	}
	c->sp = (uint32_t)(sp - R->parties);
	c->bp = (uint32_t)(bp - R->parties);
	return true;
}

/* The contracts with money (bits up to max_id) registered outside the range
 * read through the index, and the one explained: found by id, appended.
 * w: the registration window, then the range read. */
static tcreg_status
read_others(struct run *R, const char *sql, const char *const w[4], const uint8_t *bits, int64_t max_id,
	    bool target_read, bool projects, bool served, size_t *cap)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__aw_prepare(R, &st, sql, " AND id IN %s");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, w[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, w[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, w[2], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, w[3], -1, SQLITE_TRANSIENT);
	int rc = SQLITE_DONE;
	for (int64_t id = 1; id <= max_id + 1 && R->st == TCREG_OK; id++) {
		bool last = id == max_id + 1; /* the explained one, when not read yet */
		if (last ? target_read || R->target_cand <= 0 ||
				   (R->target_cand <= max_id && (bits[R->target_cand / 8] >> (R->target_cand % 8) & 1))
			 : !(bits[id / 8] >> (id % 8) & 1))
			continue;
		sqlite3_bind_int64(st, 3, last ? R->target_cand : id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			if (!ROOM_FOR_ONE(R->c, *cap, R->nc, 4096)) {
				R->st = TCREG_ERR_NOMEM;
				break;
			}
			if (!read_row(R, st, projects, served))
				break;
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (R->st != TCREG_OK)
		return R->st;
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(R->reg, rc, "contract");
}

/* The contracts from R->c[nrange] on, registered before or after the range
 * (from lo on) read in order, put in their places around it. */
static bool
place_others(struct run *R, size_t nrange, const char *lo)
{
	size_t n = R->nc - nrange, before = 0;
	struct cand *o = R->c + nrange;
	struct reg_key *k = malloc(n * sizeof(*k));
	struct cand *t = malloc(n * sizeof(*t));
	if (!k || !t) {
		free(k);
		free(t);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = reg_key_of(&o[i], i);
	sort_reg_keys(k, n);
	for (size_t i = 0; i < n; i++) {
		t[i] = o[k[i].at];
		before += strcmp(t[i].reg_date, lo) < 0;
	}
	free(k);
	memmove(R->c + before, R->c, nrange * sizeof(*R->c));
	memcpy(R->c, t, before * sizeof(*t));
	memcpy(R->c + before + nrange, t + before, (n - before) * sizeof(*t));
	free(t);
	return true;
}

/* Once no statement uses it: the function points into the loader's frame. */
static void
drop_money_function(struct run *R, uint8_t *money, bool registered)
{
	if (money && registered)
		sqlite3_create_function(R->reg->db, "tcreg_aw_money", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
					NULL, NULL);
	free(money);
}

tcreg_status
tcreg__aw_load_contracts(struct run *R)
{
	char lo[11], hi[11];
	tcreg__aw_union_window(R, false, lo, hi);
	bool projects = needs_projects(R->p);
	/* The reg_date index covers every column read here but the project
	 * name; with project names every row is a random lookup in the table,
	 * and when the window holds a good part of the registry reading the
	 * whole table in order is several times faster. */
	sqlite3_stmt *st;
	int64_t in_window = 0, all = 0;
	tcreg_status s;
	if (projects && !R->scope) { /* only then is there a choice to make */
		if ((s = tcreg__prepare(R->reg, &st,
					"SELECT (SELECT count(*) FROM contract WHERE reg_date >= ?1 AND reg_date <= ?2), "
					"(SELECT max(id) FROM contract)")) != TCREG_OK)
			return s;
		sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			in_window = sqlite3_column_int64(st, 0);
			all = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	bool scan = projects && in_window * 8 > all; /* in table order, sorted below */
	bool served = uses_base(R->p, BASE_SERVED);
	/* a contract of another year with no money in the windows, outside
	 * every other rule's registration window, can be neither paid nor
	 * listed, and is skipped */
	uint8_t *money = NULL;
	char year_from[11], year_to[11];
	struct money_bits mb = { 0 };
	if (skip_window(R, year_from, year_to)) {
		if ((s = tcreg__aw_with_money(R, &money, &mb.max_id)) != TCREG_OK) {
			free(money);
			return s;
		}
		mb.bits = money;
		if (scan && sqlite3_create_function(R->reg->db, "tcreg_aw_money", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &mb,
					    sql_has_money, NULL, NULL) != SQLITE_OK) {
			free(money);
			return tcreg__db_err(R->reg, sqlite3_errcode(R->reg->db), "tcreg_aw_money");
		}
	}
	/* Through the index: the range of the year (and the windows of the
	 * rules not on money) read in order, and the other contracts with money
	 * found by id, the few there are, put in their places after.  A scan
	 * of the table passes over the contracts without money instead. */
	bool split = money && !scan;
	if (split) {
		if (strcmp(year_from, lo) > 0)
			snprintf(lo, sizeof(lo), "%s", year_from);
		if (strcmp(year_to, hi) < 0)
			snprintf(hi, sizeof(hi), "%s", year_to);
	}
	char cols[512], sql[1024];
	snprintf(cols, sizeof(cols),
		 "SELECT id, reg_no, reg_date, status, category, total_amount_fen, "
		 "coalesce(verified_tech_amount_fen, tech_amount_fen), related_party, seller_id, buyer_id%s%s "
		 "FROM contract c",
		 projects ? ", project_name" : "",
		 served ? ", served_contract_id, (SELECT coalesce(x.verified_tech_amount_fen, x.tech_amount_fen) "
			  "FROM contract x WHERE x.id = c.served_contract_id AND x.status IN ('registered', 'changed'))"
			: "");
	snprintf(sql, sizeof(sql), "%s%s WHERE reg_date >= ?1 AND reg_date <= ?2%s%%s%s", cols,
		 /* a "+" on the column is not enough: the planner still walks the
		  * index, which covers the rest, and seeks each row's project */
		 scan ? " NOT INDEXED" : "",
		 money && !split ? " AND (+reg_date >= ?3 AND +reg_date <= ?4 OR id = ?5 OR tcreg_aw_money(id))" : "",
		 scan ? "" : " ORDER BY reg_date, reg_no");
	if ((s = tcreg__aw_prepare(R, &st, sql, " AND id IN %s")) != TCREG_OK) {
		drop_money_function(R, money, scan);
		return s;
	}
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	if (money && !split) {
		sqlite3_bind_text(st, 3, year_from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, year_to, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, R->target_cand);
	}
	size_t cap = in_window > 0 ? (size_t)in_window : 0;
	if (cap && !(R->c = malloc(cap * sizeof(*R->c))))
		cap = 0;
	int rc;
	bool target_read = false;
	size_t nrange;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && R->st == TCREG_OK) {
		if (!ROOM_FOR_ONE(R->c, cap, R->nc, 4096)) {
			R->st = TCREG_ERR_NOMEM;
			break;
		}
		if (!read_row(R, st, projects, served))
			break;
		int64_t id = R->c[R->nc - 1].id;
		if (money && id > 0 && id <= mb.max_id) /* read: not among the others */
			money[id / 8] &= (uint8_t)~(1u << (id % 8));
		target_read |= id == R->target_cand;
	}
	nrange = R->nc;
	sqlite3_finalize(st);
	if (split && rc == SQLITE_DONE && R->st == TCREG_OK) {
		char wide_lo[11], wide_hi[11];
		tcreg__aw_union_window(R, false, wide_lo, wide_hi);
		snprintf(sql, sizeof(sql), "%s WHERE id = ?3 AND reg_date >= ?1 AND reg_date <= ?2 "
			 "AND NOT (reg_date >= ?4 AND reg_date <= ?5)%%s", cols);
		const char *w[4] = { wide_lo, wide_hi, lo, hi };
		s = read_others(R, sql, w, money, mb.max_id, target_read, projects, served, &cap);
		if (s != TCREG_OK) {
			free(money);
			return s;
		}
	}
	drop_money_function(R, money, scan);
	if (R->st != TCREG_OK)
		return R->st;
	if (rc != SQLITE_DONE)
		return tcreg__db_err(R->reg, rc, "contract");
	if (R->nc > UINT32_MAX - 1)
		return tcreg__set_err(R->reg, TCREG_ERR_USAGE, "too many contracts in one run");
	if (scan && R->nc > 1 && !sort_by_registration(R))
		return TCREG_ERR_NOMEM;
	if (split && R->nc > nrange && !place_others(R, nrange, lo))
		return TCREG_ERR_NOMEM;
	struct cand *fit = R->nc ? realloc(R->c, R->nc * sizeof(*R->c)) : NULL; /* the doubling's slack */
	if (fit)
		R->c = fit;
	/* Contracts stay in registration order (date, then number: the index's
	 * order), which is how they are listed, however sparse their ids. */
	if (!tcreg__aw_cix_build(&R->cix, R->c, R->nc))
		return TCREG_ERR_NOMEM;
	return TCREG_OK;
}
