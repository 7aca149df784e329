/* SPDX-License-Identifier: MIT
 * cand-index.c - a contract's place in the run, found by its id.
 *
 * The payments of a run arrive by date, each naming its contract by id, and
 * a run may read every payment ever made (technology parts depend on all of
 * them): ten million lookups on a registry of ten million contracts.  The
 * contracts stay in registration order, how they are listed, so the index
 * maps ids to places: one bit per id from the smallest to the largest, the
 * count of bits set before each 64-bit word, and the places in id order.
 * A lookup is a word, a count and a popcount, however sparse the ids (a
 * year's contracts among ten years' ids; an old contract registered late):
 * about 1/5 byte per id of the range and 4 bytes per contract, where a
 * direct array took 4 bytes per id and a binary search over a million
 * contracts took most of a ten-million-contract run.  Ids so far apart
 * that the bits would outweigh the contracts (ids written by hand, a
 * billion apart) get (id, place) pairs sorted by id and a binary search
 * instead: memory stays a few bytes a contract, whatever the ids.
 */
#include <stdlib.h>

#include "award-run.h"

static uint32_t
rank_of(const struct cand_index *x, uint64_t off)
{
	uint64_t w = x->bits[off >> 6], below = w & ((UINT64_C(1) << (off & 63)) - 1);
	return x->before[off >> 6] + (uint32_t)__builtin_popcountll(below);
}

static int
cmp_pair(const void *a, const void *b)
{
	int64_t x = ((const struct cand_pair *)a)->id, y = ((const struct cand_pair *)b)->id;
	return (x > y) - (x < y);
}

static bool
sorted_pairs(struct cand_index *x, const struct cand *c, size_t n)
{
	if (!(x->pairs = malloc(n * sizeof(*x->pairs))))
		return false;
	for (size_t i = 0; i < n; i++)
		x->pairs[i] = (struct cand_pair){ c[i].id, (uint32_t)i };
	qsort(x->pairs, n, sizeof(*x->pairs), cmp_pair);
	x->npairs = n;
	return true;
}

bool
tcreg__aw_cix_build(struct cand_index *x, const struct cand *c, size_t n)
{
	*x = (struct cand_index){ 0 };
	if (!n)
		return true;
	int64_t lo = c[0].id, hi = c[0].id;
	for (size_t i = 1; i < n; i++) {
		lo = c[i].id < lo ? c[i].id : lo;
		hi = c[i].id > hi ? c[i].id : hi;
	}
	uint64_t words = (((uint64_t)hi - (uint64_t)lo) >> 6) + 1;
	if (words > (uint64_t)n * 2 + 1024) /* more than 128 ids of range a contract */
		return sorted_pairs(x, c, n);
	x->bits = calloc((size_t)words, sizeof(*x->bits));
	x->before = malloc((size_t)words * sizeof(*x->before));
	x->at = malloc(n * sizeof(*x->at));
	if (!x->bits || !x->before || !x->at) {
		tcreg__aw_cix_free(x);
		return false;
	}
	x->min = lo;
	x->max = hi;
	for (size_t i = 0; i < n; i++) {
		uint64_t off = (uint64_t)c[i].id - (uint64_t)lo;
		x->bits[off >> 6] |= UINT64_C(1) << (off & 63);
	}
	uint32_t seen = 0;
	for (size_t w = 0; w < (size_t)words; w++) {
		x->before[w] = seen;
		seen += (uint32_t)__builtin_popcountll(x->bits[w]);
	}
	for (size_t i = 0; i < n; i++)
		x->at[rank_of(x, (uint64_t)c[i].id - (uint64_t)lo)] = (uint32_t)i;
	return true;
}

int64_t
tcreg__aw_cix_find(const struct cand_index *x, int64_t id)
{
	if (x->pairs) {
		size_t lo = 0, hi = x->npairs;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (x->pairs[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < x->npairs && x->pairs[lo].id == id ? (int64_t)x->pairs[lo].at : -1;
	}
	if (!x->bits || id < x->min || id > x->max)
		return -1;
	uint64_t off = (uint64_t)id - (uint64_t)x->min;
	if (!(x->bits[off >> 6] >> (off & 63) & 1))
		return -1;
	return x->at[rank_of(x, off)];
}

void
tcreg__aw_cix_free(struct cand_index *x)
{
	free(x->bits);
	free(x->before);
	free(x->at);
	free(x->pairs);
	*x = (struct cand_index){ 0 };
}
