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

#include "policy.h"
#include "tcreg-private.h"

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
	json_object_set_new(e, "award_fen", json_integer(json_integer_value(json_object_get(e, "award_fen")) + fen));
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

struct policy_sums {
	json_t *out;                            /* the policy's JSON */
	json_t *city, *category, *nature, *size; /* distributions */
	json_t *applicants;                     /* a set */
	char **contracts;                       /* every contract paid, repeats included */
	size_t ncontracts, capcontracts;
	int64_t total;
	long awards;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many different contracts were paid (a contract may be in several
 * awards, under several rules): sorted, then counted once each. */
static size_t
distinct_contracts(struct policy_sums *ps)
{
	if (ps->ncontracts > 1)
		qsort(ps->contracts, ps->ncontracts, sizeof(char *), cmp_str);
	size_t n = 0;
	for (size_t i = 0; i < ps->ncontracts; i++)
		n += i == 0 || strcmp(ps->contracts[i], ps->contracts[i - 1]) != 0;
	for (size_t i = 0; i < ps->ncontracts; i++)
		free(ps->contracts[i]);
	free(ps->contracts);
	return n;
}

static void
add_award(const tcreg_codes *codes, struct policy_sums *ps, const struct tcreg_award_info *a, json_t *people,
	  size_t k, size_t npolicies)
{
	ps->total += a->award_fen;
	ps->awards++;
	char key[64];
	snprintf(key, sizeof(key), "%lld", (long long)a->party_id);
	json_object_set_new(ps->applicants, key, json_true());
	for (size_t i = 0; i < a->ncontracts; i++) {
		if (ps->ncontracts == ps->capcontracts) {
			size_t want = ps->capcontracts ? ps->capcontracts * 2 : 1024;
			char **v = realloc(ps->contracts, want * sizeof(*v));
			if (!v)
				break; /* the count is then short; the money is not */
			ps->contracts = v;
			ps->capcontracts = want;
		}
		ps->contracts[ps->ncontracts++] = tcreg__strdup(a->contracts[i]);
	}
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
	/* the applicant, across policies */
	json_t *p = json_object_get(people, key);
	if (!p) {
		json_t *fen = json_array(), *why = json_array();
		for (size_t i = 0; i < npolicies; i++) {
			json_array_append_new(fen, json_integer(0));
			json_array_append_new(why, json_null());
		}
		json_t *basis = json_array();
		for (size_t i = 0; i < npolicies; i++)
			json_array_append_new(basis, json_null());
		p = json_pack("{s:s, s:s?, s:o, s:o, s:o}", "applicant", a->applicant, "uscc", a->uscc, "award_fen",
			      fen, "reason", why, "basis", basis);
		json_object_set_new(people, key, p);
	}
	json_t *fen = json_object_get(p, "award_fen");
	json_array_set_new(fen, k, json_integer(json_integer_value(json_array_get(fen, k)) + a->award_fen));
	if (json_is_null(json_array_get(json_object_get(p, "reason"), k))) {
		/* the first award's reason: English, and its parts for any language */
		json_array_set_new(json_object_get(p, "reason"), k, json_string(a->reason));
		json_t *why = a->basis_json ? json_loads(a->basis_json, 0, NULL) : NULL;
		if (why)
			json_object_set_new(why, "previous_fen", json_integer(a->previous_fen));
		json_array_set_new(json_object_get(p, "basis"), k, why ? why : json_null());
	}
}

static int
cmp_spread(const void *a, const void *b)
{
	int64_t x = json_integer_value(json_object_get(*(json_t *const *)a, "spread_fen"));
	int64_t y = json_integer_value(json_object_get(*(json_t *const *)b, "spread_fen"));
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "applicant")),
		      json_string_value(json_object_get(*(json_t *const *)b, "applicant")));
}

/* The applicants whose award differs most between the policies. */
static json_t *
changes(json_t *people, size_t limit)
{
	size_t n = json_object_size(people), i = 0;
	json_t **v = malloc((n + 1) * sizeof(*v));
	if (!v)
		return json_array();
	const char *k;
	json_t *p;
	json_object_foreach(people, k, p) {
		int64_t lo = INT64_MAX, hi = 0;
		size_t j;
		json_t *x;
		json_array_foreach(json_object_get(p, "award_fen"), j, x) {
			int64_t f = json_integer_value(x);
			lo = f < lo ? f : lo;
			hi = f > hi ? f : hi;
		}
		json_object_set_new(p, "spread_fen", json_integer(hi - lo));
		v[i++] = p;
	}
	qsort(v, n, sizeof(*v), cmp_spread);
	json_t *a = json_array();
	for (i = 0; i < n && i < limit; i++)
		if (json_integer_value(json_object_get(v[i], "spread_fen")) > 0)
			json_array_append(a, v[i]);
	free(v);
	return a;
}

static tcreg_status
run_year(tcreg_registry *reg, const struct tcreg_compare_opts *o, size_t k, int year, const tcreg_codes *codes,
	 struct policy_sums *ps, json_t *people, tcreg_diags **diags)
{
	struct tcreg_award_opts ao = { .policy = o->policies[k], .year = year, .facts_path = o->facts_path };
	tcreg_award_result *res = NULL;
	tcreg_diags *d = NULL;
	tcreg_status s = tcreg_award_run(reg, &ao, &res, &d);
	if (s != TCREG_OK) {
		tcreg_diags_free(*diags);
		*diags = d;
		return s;
	}
	tcreg_diags_free(d);
	size_t n = tcreg_award_result_count(res);
	struct entry *v = calloc(n + 1, sizeof(*v));
	int64_t total = 0;
	for (size_t i = 0; s == TCREG_OK && i < n; i++) {
		struct tcreg_award_info a;
		if ((s = tcreg_award_result_get(res, i, &a)) != TCREG_OK)
			break;
		add_award(codes, ps, &a, people, k, o->npolicies);
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
	if (s == TCREG_OK && v && o->budget_fen >= 0)
		json_array_append_new(json_object_get(ps->out, "budget"),
				      share_budget(v, n, total, o->budget_fen, o->policies[k]->budget_first_come, year));
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].order);
		free(v[i].applicant);
	}
	free(v);
	tcreg_award_result_free(res);
	return v || n == 0 ? s : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_award_compare_json(tcreg_registry *reg, const struct tcreg_compare_opts *o, char **json, tcreg_diags **diags)
{
	*json = NULL;
	*diags = NULL;
	if (!reg || !o || o->npolicies == 0 || o->year_from > o->year_to || o->year_to - o->year_from > 50)
		return TCREG_ERR_USAGE;
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s != TCREG_OK)
		return s;
	json_t *root = json_pack("{s:i, s:i, s:o}", "year_from", o->year_from, "year_to", o->year_to, "budget_fen",
				 o->budget_fen >= 0 ? json_integer(o->budget_fen) : json_null());
	json_t *list = json_array(), *people = json_object();
	for (size_t k = 0; s == TCREG_OK && k < o->npolicies; k++) {
		const struct tcreg_policy *p = o->policies[k];
		struct policy_sums ps = {
			.out = json_pack("{s:s, s:s?, s:s, s:[], s:[], s:[]}", "policy", p->name, "title", p->title,
					 "policy_sha256", p->sha256, "by_year", "not_in_force", "budget"),
			.city = json_object(), .category = json_object(), .nature = json_object(), .size = json_object(),
			.applicants = json_object(),
		};
		for (int y = o->year_from; s == TCREG_OK && y <= o->year_to; y++) {
			char year_end[11], year_start[11];
			snprintf(year_end, sizeof(year_end), "%04d-12-31", y);
			snprintf(year_start, sizeof(year_start), "%04d-01-01", y);
			/* a year the policy was not in force in is said, not an error */
			if ((p->in_force_from[0] && strcmp(p->in_force_from, year_end) > 0) ||
			    (p->in_force_to[0] && strcmp(p->in_force_to, year_start) < 0)) {
				json_array_append_new(json_object_get(ps.out, "not_in_force"), json_integer(y));
				continue;
			}
			s = run_year(reg, o, k, y, codes, &ps, people, diags);
		}
		json_object_set_new(ps.out, "total_award_fen", json_integer(ps.total));
		json_object_set_new(ps.out, "awards", json_integer(ps.awards));
		json_object_set_new(ps.out, "applicants", json_integer((json_int_t)json_object_size(ps.applicants)));
		json_object_set_new(ps.out, "contracts", json_integer((json_int_t)distinct_contracts(&ps)));
		json_object_set_new(ps.out, "by_city", as_rows(ps.city));
		json_object_set_new(ps.out, "by_category", as_rows(ps.category));
		json_object_set_new(ps.out, "by_nature", as_rows(ps.nature));
		json_object_set_new(ps.out, "by_size", as_rows(ps.size));
		json_array_append_new(list, ps.out);
		json_decref(ps.city);
		json_decref(ps.category);
		json_decref(ps.nature);
		json_decref(ps.size);
		json_decref(ps.applicants);
	}
	json_object_set_new(root, "policies", list);
	json_object_set_new(root, "changes", changes(people, 20));
	json_decref(people);
	if (s == TCREG_OK)
		*json = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s != TCREG_OK ? s : *json ? TCREG_OK : TCREG_ERR_NOMEM;
}
