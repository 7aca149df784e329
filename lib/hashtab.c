/* SPDX-License-Identifier: MIT
 * hashtab.c - the one open-addressing hash table of libtcreg (declared in
 * tcreg-private.h): the code tables' index, the import's party cache and
 * the award's units all look keys up through it.  It holds hashes and
 * values, never keys, so that each caller keeps its keys where they already
 * live (an entry, a record, a row) and the slots stay 16 bytes.
 */
#include <stdlib.h>

#include "tcreg-private.h"

#define HT_MIN 16

bool
tcreg__ht_init(struct tcreg__hashtab *t, size_t n)
{
	size_t cap = HT_MIN;
	while (cap / 2 < n)
		cap *= 2;
	*t = (struct tcreg__hashtab){ .slots = calloc(cap, sizeof(*t->slots)), .cap = cap };
	if (!t->slots)
		t->cap = 0;
	return t->slots != NULL;
}

void
tcreg__ht_free(struct tcreg__hashtab *t)
{
	free(t->slots);
	*t = (struct tcreg__hashtab){ 0 };
}

void
tcreg__ht_clear(struct tcreg__hashtab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		t->slots[i] = (struct tcreg__hslot){ 0 };
	t->n = 0;
}

bool
tcreg__ht_full(const struct tcreg__hashtab *t)
{
	return (t->n + 1) * 2 > t->cap;
}

bool
tcreg__ht_grow(struct tcreg__hashtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : HT_MIN;
	struct tcreg__hslot *s = calloc(cap, sizeof(*s));
	if (!s)
		return false;
	/* every value moves to where its hash now leads; no key is compared,
	 * as no two values of the table stand for the same key */
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].val) {
			size_t j = t->slots[i].hash & (cap - 1);
			while (s[j].val)
				j = (j + 1) & (cap - 1);
			s[j] = t->slots[i];
		}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
	return true;
}

struct tcreg__hslot *
tcreg__ht_slot(struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx, const void *key)
{
	if (!t->cap)
		return NULL;
	size_t j = hash & (t->cap - 1);
	/* the table is never full, so an empty slot ends every probe */
	while (t->slots[j].val && !(t->slots[j].hash == hash && eq(ctx, t->slots[j].val, key)))
		j = (j + 1) & (t->cap - 1);
	return &t->slots[j];
}

uintptr_t
tcreg__ht_find(const struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx,
	       const void *key)
{
	const struct tcreg__hslot *s = tcreg__ht_slot((struct tcreg__hashtab *)t, hash, eq, ctx, key);
	return s ? s->val : 0;
}

uintptr_t
tcreg__ht_put(struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx, const void *key,
	      uintptr_t val, bool *fresh)
{
	struct tcreg__hslot *s = tcreg__ht_slot(t, hash, eq, ctx, key);
	*fresh = false;
	if (s && s->val)
		return s->val;
	if (tcreg__ht_full(t)) {
		if (!tcreg__ht_grow(t))
			return 0;
		s = tcreg__ht_slot(t, hash, eq, ctx, key);
	}
	*s = (struct tcreg__hslot){ hash, val };
	t->n++;
	*fresh = true;
	return val;
}
