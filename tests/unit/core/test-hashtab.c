/* SPDX-License-Identifier: MIT
 * test-hashtab.c - the open-addressing hash table (hashtab.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* ---- the hash table (hashtab.c) ---- */

/* keys of the tests: value v stands for keys[v - 1] */
static bool
key_at(const void *ctx, uintptr_t val, const void *key)
{
	const char *const *keys = ctx;
	return strcmp(keys[val - 1], key) == 0;
}

static void
hashtab_insert_find(void **state)
{
	(void)state;
	const char *keys[] = { "甲", "乙", "丙" };
	struct tcreg__hashtab t;
	assert_true(tcreg__ht_init(&t, 3));
	bool fresh;
	for (uintptr_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg__ht_put(&t, tcreg__hash(keys[i]), key_at, keys, keys[i], i + 1, &fresh), i + 1);
		assert_true(fresh);
	}
	assert_int_equal(t.n, 3);
	for (uintptr_t i = 0; i < 3; i++)
		assert_int_equal(tcreg__ht_find(&t, tcreg__hash(keys[i]), key_at, keys, keys[i]), i + 1);
	assert_int_equal(tcreg__ht_find(&t, tcreg__hash("丁"), key_at, keys, "丁"), 0);
	/* a key put again keeps its first value */
	assert_int_equal(tcreg__ht_put(&t, tcreg__hash("乙"), key_at, keys, "乙", 3, &fresh), 2);
	assert_false(fresh);
	assert_int_equal(t.n, 3);
	tcreg__ht_clear(&t);
	assert_int_equal(t.n, 0);
	assert_int_equal(tcreg__ht_find(&t, tcreg__hash("甲"), key_at, keys, "甲"), 0);
	tcreg__ht_free(&t);
	/* a table never set up finds nothing */
	assert_int_equal(tcreg__ht_find(&t, 1, key_at, keys, "甲"), 0);
}

static void
hashtab_grows(void **state)
{
	(void)state;
	enum { N = 5000 };
	static char buf[N][8];
	const char *keys[N];
	struct tcreg__hashtab t = { 0 };
	bool fresh;
	for (size_t i = 0; i < N; i++) {
		snprintf(buf[i], sizeof(buf[i]), "k%zu", i);
		keys[i] = buf[i];
		size_t cap = t.cap;
		assert_int_equal(tcreg__ht_put(&t, tcreg__hash(keys[i]), key_at, keys, keys[i], i + 1, &fresh), i + 1);
		assert_true(fresh);
		assert_true(t.cap >= cap && t.n * 2 <= t.cap); /* grown, never over half full */
	}
	assert_int_equal(t.n, N);
	assert_true(t.cap >= 2 * N && (t.cap & (t.cap - 1)) == 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(tcreg__ht_find(&t, tcreg__hash(keys[i]), key_at, keys, keys[i]), i + 1);
	tcreg__ht_free(&t);
}

static void
hashtab_collisions(void **state)
{
	(void)state;
	/* every key of the same hash: found by the key, through the probe */
	const char *keys[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
	struct tcreg__hashtab t;
	assert_true(tcreg__ht_init(&t, 2));
	bool fresh;
	for (uintptr_t i = 0; i < 10; i++)
		assert_int_equal(tcreg__ht_put(&t, 42, key_at, keys, keys[i], i + 1, &fresh), i + 1);
	assert_int_equal(t.n, 10);
	for (uintptr_t i = 0; i < 10; i++)
		assert_int_equal(tcreg__ht_find(&t, 42, key_at, keys, keys[i]), i + 1);
	assert_int_equal(tcreg__ht_find(&t, 42, key_at, keys, "z"), 0);
	/* a hash that lands on the last slot wraps round to the first */
	uint64_t last = t.cap - 1;
	assert_int_equal(tcreg__ht_put(&t, last, key_at, keys, "a", 1, &fresh), 1);
	assert_true(fresh); /* another hash: another key as far as the table knows */
	assert_int_equal(tcreg__ht_put(&t, last, key_at, keys, "b", 2, &fresh), 2);
	assert_int_equal(tcreg__ht_find(&t, last, key_at, keys, "b"), 2);
	/* the slot of a key: its own, or the empty one where it would go */
	struct tcreg__hslot *s = tcreg__ht_slot(&t, 42, key_at, keys, "c");
	assert_int_equal(s->val, 3);
	s = tcreg__ht_slot(&t, 42, key_at, keys, "z");
	assert_int_equal(s->val, 0);
	tcreg__ht_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hashtab_insert_find),
		cmocka_unit_test(hashtab_grows),
		cmocka_unit_test(hashtab_collisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
