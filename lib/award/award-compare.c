/* SPDX-License-Identifier: MIT
 * award-compare.c - what each of several policies would pay on the same
 * registry, side by side, nothing committed: totals, the distribution by
 * city, category, applicant nature and award size, the applicants whose
 * award changes most between the policies, and how a fixed budget would be
 * shared (pro rata, or first come in registration order, as each policy
 * says).  Every figure is a sum of the awards a preview of that policy
 * computes, so a compared total equals the policy run alone.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "award-run.h"
#include "compare-people.h"

/* Award size bands, in fen: [from, to) */
static const struct {
	int64_t to;
	const char *key;
} bands[] = {
	{ 1000000, "< 1万" },       { 10000000, "1万–10万" },   { 50000000, "10万–50万" },
	{ 100000000, "50万–100万" }, { INT64_MAX, "≥ 100万" },
};

/* dist[key] += one award of fen */
static void
tally(json_t *dist, const char *key, int64_t fen)
{
	json_t *e = json_object_get(dist, key);
	if (!e) {
		e = json_pack("{s:I, s:I}", "awards", (json_int_t)0, "award_fen", (json_int_t)0);
		json_object_set_new(dist, key, e);
	}
	json_object_set_new(e, "awards", json_integer(json_integer_value(json_object_get(e, "awards")) + 1));
	int64_t sum;
	if (__builtin_add_overflow((int64_t)json_integer_value(json_object_get(e, "award_fen")), fen, &sum))
		sum = INT64_MAX; /* the policy's total overflowed too: the run fails */
	json_object_set_new(e, "award_fen", json_integer(sum));
}

/* {"key": {...}} -> [{"key": key, ...}] in the keys' order of first use */
static json_t *
as_rows(json_t *dist)
{
	json_t *a = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(dist, k, v) {
		json_t *r = json_deep_copy(v);
		json_object_set_new(r, "key", json_string(k));
		json_array_append_new(a, r);
	}
	return a;
}

struct entry {
	int64_t fen;
	char *order;     /* first contract's registration number */
	char *applicant;
};

static int
cmp_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return strcmp(x->order ? x->order : "", y->order ? y->order : "");
}

/* How a budget is shared among one round's awards. */
static json_t *
share_budget(struct entry *v, size_t n, int64_t total, int64_t budget, bool first_come, int year)
{
	json_t *o = json_pack("{s:i, s:s, s:I, s:I, s:b}", "year", year, "rule", first_come ? "first_come" : "pro_rata",
			      "budget_fen", (json_int_t)budget, "awards_fen", (json_int_t)total, "exhausted",
			      total > budget);
	json_t *cut = json_array();
	int64_t paid_total = 0, left = budget;
	size_t ncut = 0;
	if (first_come)
		qsort(v, n, sizeof(*v), cmp_order);
	for (size_t i = 0; i < n; i++) {
		int64_t paid;
		if (total <= budget)
			paid = v[i].fen;
		else if (first_come)
			paid = v[i].fen < left ? v[i].fen : left;
		else /* pro rata, rounded down to the fen: exact in 128 bits */
			paid = (int64_t)((__int128)v[i].fen * budget / total);
		left -= paid;
		paid_total += paid;
		if (paid < v[i].fen) {
			ncut++;
			if (json_array_size(cut) < 50)
				json_array_append_new(cut, json_pack("{s:s, s:s?, s:I, s:I}", "applicant", v[i].applicant,
								     "first_contract", v[i].order, "award_fen",
								     (json_int_t)v[i].fen, "paid_fen", (json_int_t)paid));
		}
	}
	json_object_set_new(o, "paid_fen", json_integer(paid_total));
	json_object_set_new(o, "cut_count", json_integer((json_int_t)ncut));
	json_object_set_new(o, "cut", cut);
	return o;
}

/* A set of registry ids (rowids, small and dense): one bit each. */
struct idset {
	uint8_t *bits;
	size_t nbytes, count;
};

/* false only when out of memory */
static bool
idset_add(struct idset *s, int64_t id)
{
	if (id < 0)
		return true; /* none is negative: a rowid */
	size_t at = (size_t)id / 8;
	if (at >= s->nbytes) {
		size_t want = s->nbytes ? s->nbytes : 4096;
		while (want <= at)
			want *= 2;
		uint8_t *b = realloc(s->bits, want);
		if (!b)
			return false;
		memset(b + s->nbytes, 0, want - s->nbytes);
		s->bits = b;
		s->nbytes = want;
	}
	uint8_t m = (uint8_t)(1u << (id % 8));
	s->count += !(s->bits[at] & m);
	s->bits[at] |= m;
	return true;
}

struct policy_sums {
	json_t *out;                            /* the policy's JSON */
	json_t *city, *category, *nature, *size; /* distributions */
	struct idset applicants, contracts;     /* those paid, each once */
	int64_t total;
	long awards;
	bool overflow; /* the years' awards past int64 fen: said, never wrapped */
};

/* The award's contracts into the set; false when out of memory. */
static bool
add_contracts(struct idset *set, const tcreg_award_result *res, size_t i)
{
	int64_t few[16], *ids = few;
	size_t n = tcreg__award_result_contract_ids(res, i, few, 16);
	if (n > 16) { /* a sum over many contracts */
		if (!(ids = malloc(n * sizeof(*ids))))
			return false;
		tcreg__award_result_contract_ids(res, i, ids, n);
	}
	bool ok = true;
	for (size_t j = 0; ok && j < n; j++)
		ok = idset_add(set, ids[j]);
	if (ids != few)
		free(ids);
	return ok;
}

/* Adds the award to the policy's sums. */
static void
add_award(const tcreg_codes *codes, struct policy_sums *ps, const struct tcreg_award_info *a)
{
	/* each year's total is checked by its run; over many years it may not fit */
	ps->overflow |= __builtin_add_overflow(ps->total, a->award_fen, &ps->total);
	ps->awards++;
	const char *city = a->region ? tcreg_codes_name(codes, TCREG_TABLE_REGION, a->region) : "登记机构";
	tally(ps->city, city ? city : a->region, a->award_fen);
	const char *cat = a->category ? tcreg_codes_name(codes, TCREG_TABLE_CATEGORY, a->category) : "多类合同合并计算";
	tally(ps->category, cat ? cat : a->category, a->award_fen);
	const char *group = a->nature ? tcreg_codes_extra(codes, TCREG_TABLE_NATURE, a->nature) : "登记机构";
	tally(ps->nature, group ? group : "其他组织", a->award_fen);
	size_t b = 0;
	while (a->award_fen >= bands[b].to)
		b++;
	tally(ps->size, bands[b].key, a->award_fen);
}

/* One policy's round of one year, on the year's shared load. */
static tcreg_status
run_year(struct tcreg__award_base *base, const struct tcreg_compare_opts *o, size_t k, int year,
	 const tcreg_codes *codes, struct policy_sums *ps, struct cmp_people *people, tcreg_diags **diags)
{
	struct tcreg_award_opts ao = { .policy = o->policies[k], .year = year, .facts_path = o->facts_path };
	tcreg_award_result *res = NULL;
	tcreg_diags *d = NULL;
	tcreg_status s = tcreg__award_run_on(base, &ao, &res, &d);
	if (s != TCREG_OK) {
		tcreg_diags_free(*diags);
		*diags = d;
		return s;
	}
	tcreg_diags_free(d);
	size_t n = tcreg_award_result_count(res);
	/* each award's order and applicant, only when a budget is shared */
	struct entry *v = o->budget_fen >= 0 ? calloc(n + 1, sizeof(*v)) : NULL;
	int64_t total = 0;
	for (size_t i = 0; s == TCREG_OK && i < n; i++) {
		struct tcreg_award_info a;
		if ((s = tcreg__award_result_get_lean(res, i, &a)) != TCREG_OK)
			break;
		add_award(codes, ps, &a);
		bool wants = false;
		if (!add_contracts(&ps->contracts, res, i) || !idset_add(&ps->applicants, a.party_id) ||
		    !tcreg__people_add(people, k, &a, &wants))
			s = TCREG_ERR_NOMEM;
		else if (wants && (s = tcreg_award_result_get_typed(res, i, &a)) == TCREG_OK) {
			struct aw_basis b = tcreg__aw_basis_of(&res->R, &res->R.rows[res->awards[i]]);
			if (!tcreg__people_reason(people, k, &a, &b))
				s = TCREG_ERR_NOMEM;
		}
		total += a.award_fen;
		if (v) {
			v[i].fen = a.award_fen;
			v[i].order = a.first_reg_no ? tcreg__strdup(a.first_reg_no) : NULL;
			v[i].applicant = tcreg__strdup(a.applicant);
		}
	}
	json_array_append_new(json_object_get(ps->out, "by_year"),
			      json_pack("{s:i, s:I, s:I}", "year", year, "total_award_fen", (json_int_t)total,
					"awards", (json_int_t)n));
	if (s == TCREG_OK && v)
		json_array_append_new(json_object_get(ps->out, "budget"),
				      share_budget(v, n, total, o->budget_fen, o->policies[k]->budget_first_come, year));
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].order);
		free(v[i].applicant);
	}
	free(v);
	tcreg_award_result_free(res);
	return v || n == 0 || o->budget_fen < 0 ? s : TCREG_ERR_NOMEM;
}

static bool
in_force_in(const struct tcreg_policy *p, int y)
{
	char year_end[11], year_start[11];
	snprintf(year_end, sizeof(year_end), "%04d-12-31", y);
	snprintf(year_start, sizeof(year_start), "%04d-01-01", y);
	return !(p->in_force_from[0] && strcmp(p->in_force_from, year_end) > 0) &&
	       !(p->in_force_to[0] && strcmp(p->in_force_to, year_start) < 0);
}

/* A year: the registry loaded once for every policy in force, then each
 * policy's round on that load (a comparison of three costs little more
 * than one policy alone). */
static tcreg_status
compare_year(tcreg_registry *reg, const struct tcreg_compare_opts *o, int y, const tcreg_codes *codes,
	      struct policy_sums *ps, struct cmp_people *people, tcreg_diags **diags)
{
	const tcreg_policy **live = calloc(o->npolicies + 1, sizeof(*live));
	if (!live)
		return TCREG_ERR_NOMEM;
	size_t m = 0;
	for (size_t k = 0; k < o->npolicies; k++) {
		if (in_force_in(o->policies[k], y))
			live[m++] = o->policies[k];
		else /* a year the policy was not in force in is said, not an error */
			json_array_append_new(json_object_get(ps[k].out, "not_in_force"), json_integer(y));
	}
	tcreg_status s = TCREG_OK;
	struct tcreg__award_base *base = NULL;
	if (m && (s = tcreg__award_base_load(reg, live, m, y, &base)) == TCREG_OK) {
		for (size_t k = 0; s == TCREG_OK && k < o->npolicies; k++)
			if (in_force_in(o->policies[k], y))
				s = run_year(base, o, k, y, codes, &ps[k], people, diags);
		tcreg__award_base_free(base);
	}
	free(live);
	return s;
}

tcreg_status
tcreg_award_compare_tree(tcreg_registry *reg, const struct tcreg_compare_opts *o, json_t **out, tcreg_diags **diags)
{
	*out = NULL;
	*diags = NULL;
	if (!reg || !o || o->npolicies == 0 || o->year_from > o->year_to || o->year_to - o->year_from > 50)
		return TCREG_ERR_USAGE;
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s != TCREG_OK)
		return s;
	json_t *root = json_pack("{s:i, s:i, s:o}", "year_from", o->year_from, "year_to", o->year_to, "budget_fen",
				 o->budget_fen >= 0 ? json_integer(o->budget_fen) : json_null());
	json_t *list = json_array();
	struct cmp_people *people = tcreg__people_new(o->npolicies);
	struct policy_sums *ps = calloc(o->npolicies, sizeof(*ps));
	if (!ps || !people) {
		free(ps);
		json_decref(root);
		json_decref(list);
		tcreg__people_free(people);
		return TCREG_ERR_NOMEM;
	}
	for (size_t k = 0; k < o->npolicies; k++) {
		const struct tcreg_policy *p = o->policies[k];
		ps[k] = (struct policy_sums){
			.out = json_pack("{s:s, s:s?, s:s, s:[], s:[], s:[]}", "policy", p->name, "title", p->title,
					 "policy_sha256", p->sha256, "by_year", "not_in_force", "budget"),
			.city = json_object(), .category = json_object(), .nature = json_object(), .size = json_object(),
		};
	}
	/* one read of one registry state for the whole comparison */
	bool own = sqlite3_get_autocommit(reg->db);
	if (own)
		sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
	for (int y = o->year_from; s == TCREG_OK && y <= o->year_to; y++)
		s = compare_year(reg, o, y, codes, ps, people, diags);
	if (own)
		sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
	for (size_t k = 0; s == TCREG_OK && k < o->npolicies; k++)
		if (ps[k].overflow)
			s = tcreg__set_err(reg, TCREG_ERR_INVALID,
					   "the awards of policy %s over these years add up to more than tcreg can count",
					   o->policies[k]->name);
	for (size_t k = 0; k < o->npolicies; k++) {
		json_object_set_new(ps[k].out, "total_award_fen", json_integer(ps[k].total));
		json_object_set_new(ps[k].out, "awards", json_integer(ps[k].awards));
		json_object_set_new(ps[k].out, "applicants", json_integer((json_int_t)ps[k].applicants.count));
		json_object_set_new(ps[k].out, "contracts", json_integer((json_int_t)ps[k].contracts.count));
		json_object_set_new(ps[k].out, "by_city", as_rows(ps[k].city));
		json_object_set_new(ps[k].out, "by_category", as_rows(ps[k].category));
		json_object_set_new(ps[k].out, "by_nature", as_rows(ps[k].nature));
		json_object_set_new(ps[k].out, "by_size", as_rows(ps[k].size));
		json_array_append_new(list, ps[k].out);
		json_decref(ps[k].city);
		json_decref(ps[k].category);
		json_decref(ps[k].nature);
		json_decref(ps[k].size);
		free(ps[k].applicants.bits);
		free(ps[k].contracts.bits);
	}
	free(ps);
	json_object_set_new(root, "policies", list);
	json_object_set_new(root, "changes", tcreg__people_changes(people, 20));
	tcreg__people_free(people);
	if (s != TCREG_OK)
		json_decref(root);
	else
		*out = root;
	return s != TCREG_OK ? s : root ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_award_compare_json(tcreg_registry *reg, const struct tcreg_compare_opts *o, char **json, tcreg_diags **diags)
{
	json_t *root;
	tcreg_status s = tcreg_award_compare_tree(reg, o, &root, diags);
	return tcreg__tree_text(s, root, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
