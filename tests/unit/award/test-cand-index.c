/* SPDX-License-Identifier: MIT
 * test-cand-index.c - a contract's place in the run by its id
 * (cand-index.c), whatever the spread of the ids.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "award/award-run.h"

/* Ids in registration order, not id order, across word boundaries and far
 * apart: each is found at its place; ids between, below and above are not. */
static void
sparse_ids(void **state)
{
	(void)state;
	static const int64_t ids[] = { 70, 5, 64, 63, 60000, 1, 65, 128, 59999 };
	size_t n = sizeof(ids) / sizeof(ids[0]);
	struct cand *c = calloc(n, sizeof(*c));
	assert_non_null(c);
	for (size_t i = 0; i < n; i++)
		c[i].id = ids[i];
	struct cand_index x;
	assert_true(tcreg__aw_cix_build(&x, c, n));
	assert_non_null(x.bits); /* 938 words for 9 contracts: still bits */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tcreg__aw_cix_find(&x, ids[i]), (int64_t)i);
	static const int64_t absent[] = { 0, -3, 2, 62, 66, 127, 129, 59998, 60001, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_int_equal(tcreg__aw_cix_find(&x, absent[i]), -1);
	tcreg__aw_cix_free(&x);
	assert_int_equal(tcreg__aw_cix_find(&x, 5), -1); /* freed: empty */
	free(c);
}

/* Ids a world apart (written by hand, the largest rowid there is): found
 * all the same, by sorted pairs, with memory a few bytes a contract. */
static void
ids_far_apart(void **state)
{
	(void)state;
	static const int64_t ids[] = { INT64_MAX, 7, 1000000000000, 1, 999999999999 };
	size_t n = sizeof(ids) / sizeof(ids[0]);
	struct cand *c = calloc(n, sizeof(*c));
	assert_non_null(c);
	for (size_t i = 0; i < n; i++)
		c[i].id = ids[i];
	struct cand_index x;
	assert_true(tcreg__aw_cix_build(&x, c, n));
	assert_null(x.bits); /* no bitmap of 2^63 ids */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tcreg__aw_cix_find(&x, ids[i]), (int64_t)i);
	static const int64_t absent[] = { 0, 2, 8, 1000000000001, INT64_MAX - 1, INT64_MIN };
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_int_equal(tcreg__aw_cix_find(&x, absent[i]), -1);
	tcreg__aw_cix_free(&x);
	free(c);
}

static void
no_contracts(void **state)
{
	(void)state;
	struct cand_index x;
	assert_true(tcreg__aw_cix_build(&x, NULL, 0));
	assert_int_equal(tcreg__aw_cix_find(&x, 1), -1);
	tcreg__aw_cix_free(&x);
}

/* Against a plain search, over random sets of ids dense and sparse (a
 * property test: 200 sets). */
static void
matches_a_search(void **state)
{
	(void)state;
	srand(16);
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + (size_t)(rand() % 2000);
		/* dense, sparse (bits), too sparse for bits (pairs) */
		int64_t spread = round % 3 == 0 ? (int64_t)n + 10 : round % 3 == 1 ? (int64_t)n * 100 : (int64_t)n * 5000;
		struct cand *c = calloc(n, sizeof(*c));
		assert_non_null(c);
		for (size_t i = 0; i < n;) { /* distinct ids, as rowids are */
			int64_t id = 1 + ((int64_t)rand() * 65536 + rand()) % spread;
			bool dup = false;
			for (size_t j = 0; j < i && !dup; j++)
				dup = c[j].id == id;
			if (!dup)
				c[i++].id = id;
		}
		struct cand_index x;
		assert_true(tcreg__aw_cix_build(&x, c, n));
		for (int64_t id = 0; id <= spread + 1; id += 1 + spread / 3000) {
			int64_t want = -1;
			for (size_t j = 0; j < n; j++)
				if (c[j].id == id)
					want = (int64_t)j;
			assert_int_equal(tcreg__aw_cix_find(&x, id), want);
		}
		for (size_t j = 0; j < n; j++)
			assert_int_equal(tcreg__aw_cix_find(&x, c[j].id), (int64_t)j);
		tcreg__aw_cix_free(&x);
		free(c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sparse_ids),
		cmocka_unit_test(ids_far_apart),
		cmocka_unit_test(no_contracts),
		cmocka_unit_test(matches_a_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
