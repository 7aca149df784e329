/* SPDX-License-Identifier: MIT
 * compare-people.c - the applicants of a comparison of policies.  A jansson object per
 * applicant cost a gigabyte and a third of the time on a million
 * contracts; here they are rows of arrays, found by their party id, and
 * JSON is made only for the few that are listed. */
#include "compare-people.h"

#include <stdlib.h>
#include <string.h>

#include "award-run.h"
#include "tcreg-private.h"

struct person {
	char *applicant, *uscc;
	int64_t spread;
};

struct cmp_people {
	size_t npol;
	uint32_t *slot; /* party id -> index + 1 */
	size_t nslot;
	struct person *v;
	int64_t *fen;   /* n × npol */
	char **reason;  /* n × npol: English, or NULL */
	struct aw_basis *basis; /* n × npol: what the basis is made of (.r NULL: none) */
	int64_t *prev;  /* n × npol: what earlier rounds paid */
	size_t n, cap;
	size_t last;    /* the index the last add found */
};

struct cmp_people *
tcreg__people_new(size_t npolicies)
{
	struct cmp_people *pp = calloc(1, sizeof(*pp));
	if (pp)
		pp->npol = npolicies;
	return pp;
}

void
tcreg__people_free(struct cmp_people *pp)
{
	if (!pp)
		return;
	for (size_t i = 0; i < pp->n; i++) {
		free(pp->v[i].applicant);
		free(pp->v[i].uscc);
	}
	for (size_t i = 0; i < pp->n * pp->npol; i++) {
		free(pp->reason[i]);
	}
	free(pp->slot);
	free(pp->v);
	free(pp->fen);
	free(pp->reason);
	free(pp->basis);
	free(pp->prev);
	free(pp);
}

static bool
grow_arrays(struct cmp_people *pp)
{
	size_t want = pp->cap ? pp->cap * 2 : 1024, m = pp->npol;
	struct person *v = realloc(pp->v, want * sizeof(*v));
	if (v)
		pp->v = v;
	int64_t *fen = realloc(pp->fen, want * m * sizeof(*fen));
	if (fen)
		pp->fen = fen;
	char **reason = realloc(pp->reason, want * m * sizeof(*reason));
	if (reason)
		pp->reason = reason;
	struct aw_basis *basis = realloc(pp->basis, want * m * sizeof(*basis));
	if (basis)
		pp->basis = basis;
	int64_t *prev = realloc(pp->prev, want * m * sizeof(*prev));
	if (prev)
		pp->prev = prev;
	if (!v || !fen || !reason || !basis || !prev)
		return false;
	pp->cap = want;
	return true;
}

/* The applicant's index, made on first sight; SIZE_MAX when out of memory. */
static size_t
find(struct cmp_people *pp, const struct tcreg_award_info *a)
{
	if (a->party_id < 0)
		return SIZE_MAX;
	size_t id = (size_t)a->party_id;
	if (id >= pp->nslot) {
		size_t want = pp->nslot ? pp->nslot : 4096;
		while (want <= id)
			want *= 2;
		uint32_t *s = realloc(pp->slot, want * sizeof(*s));
		if (!s)
			return SIZE_MAX;
		memset(s + pp->nslot, 0, (want - pp->nslot) * sizeof(*s));
		pp->slot = s;
		pp->nslot = want;
	}
	if (pp->slot[id])
		return pp->slot[id] - 1;
	if (pp->n == pp->cap && !grow_arrays(pp))
		return SIZE_MAX;
	size_t i = pp->n;
	pp->v[i] = (struct person){ .applicant = tcreg__strdup(a->applicant ? a->applicant : ""),
				    .uscc = a->uscc ? tcreg__strdup(a->uscc) : NULL };
	if (!pp->v[i].applicant || (a->uscc && !pp->v[i].uscc)) {
		free(pp->v[i].applicant);
		free(pp->v[i].uscc);
		return SIZE_MAX;
	}
	for (size_t k = 0; k < pp->npol; k++) {
		pp->fen[i * pp->npol + k] = 0;
		pp->prev[i * pp->npol + k] = 0;
		pp->reason[i * pp->npol + k] = NULL;
		pp->basis[i * pp->npol + k] = (struct aw_basis){ 0 };
	}
	pp->n++;
	pp->slot[id] = (uint32_t)pp->n;
	return i;
}

bool
tcreg__people_add(struct cmp_people *pp, size_t k, const struct tcreg_award_info *a, bool *wants_reason)
{
	size_t i = find(pp, a);
	*wants_reason = false;
	if (i == SIZE_MAX)
		return false;
	pp->last = i;
	pp->fen[i * pp->npol + k] += a->award_fen;
	*wants_reason = !pp->reason[i * pp->npol + k];
	return true;
}

bool
tcreg__people_reason(struct cmp_people *pp, size_t k, const struct tcreg_award_info *a, const struct aw_basis *b)
{
	size_t at = pp->last * pp->npol + k;
	if (pp->reason[at])
		return true;
	pp->reason[at] = tcreg__strdup(a->reason ? a->reason : "");
	pp->basis[at] = *b;
	pp->prev[at] = a->previous_fen;
	return pp->reason[at] != NULL;
}

static int
cmp_spread(const void *a, const void *b)
{
	const struct person *x = *(const struct person *const *)a, *y = *(const struct person *const *)b;
	if (x->spread != y->spread)
		return x->spread > y->spread ? -1 : 1;
	return strcmp(x->applicant, y->applicant);
}

/* One applicant as the comparison lists it. */
static json_t *
person_json(const struct cmp_people *pp, size_t i)
{
	json_t *fen = json_array(), *why = json_array(), *basis = json_array();
	for (size_t k = 0; k < pp->npol; k++) {
		size_t at = i * pp->npol + k;
		json_array_append_new(fen, json_integer(pp->fen[at]));
		json_array_append_new(why, pp->reason[at] ? json_string(pp->reason[at]) : json_null());
		/* the reason's parts, for any language */
		json_t *b = pp->basis[at].r ? tcreg__aw_basis_tree(&pp->basis[at]) : NULL;
		if (b)
			json_object_set_new(b, "previous_fen", json_integer(pp->prev[at]));
		json_array_append_new(basis, b ? b : json_null());
	}
	return json_pack("{s:s, s:s?, s:o, s:o, s:o, s:I}", "applicant", pp->v[i].applicant, "uscc", pp->v[i].uscc,
			 "award_fen", fen, "reason", why, "basis", basis, "spread_fen", (json_int_t)pp->v[i].spread);
}

json_t *
tcreg__people_changes(struct cmp_people *pp, size_t limit)
{
	json_t *a = json_array();
	const struct person **v = malloc((pp->n + 1) * sizeof(*v));
	if (!v)
		return a;
	size_t m = 0;
	for (size_t i = 0; i < pp->n; i++) {
		int64_t lo = INT64_MAX, hi = 0;
		for (size_t k = 0; k < pp->npol; k++) {
			int64_t f = pp->fen[i * pp->npol + k];
			lo = f < lo ? f : lo;
			hi = f > hi ? f : hi;
		}
		pp->v[i].spread = hi - lo;
		if (pp->v[i].spread > 0) /* only those that differ are listed */
			v[m++] = &pp->v[i];
	}
	qsort(v, m, sizeof(*v), cmp_spread);
	for (size_t j = 0; j < m && j < limit; j++)
		json_array_append_new(a, person_json(pp, (size_t)(v[j] - pp->v)));
	free(v);
	return a;
}
