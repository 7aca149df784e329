/* SPDX-License-Identifier: MIT
 * rejected-keys.c - the contracts of a ledger's rejected rows, by seller
 * and contract number, so that a later row naming the same contract is
 * reported as the file's duplicate in the same pass.  A rejected row is
 * not stored, so the registry cannot tell (a stored row's duplicate is
 * found by the store, store.c); without this, a clerk who fixed the first
 * row found the second had been imported, and --keep-going saved it.
 *
 * Keys are the cells as written (trimmed): a row whose seller or number
 * could not even be read has none.  Bounded: past MAX_KEYS rejected rows
 * (a file that is mostly wrong) no more are remembered.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

#define MAX_KEYS 100000

struct rejected_key {
	long line;
	char key[]; /* seller name, U+001F, contract number */
};

static bool
key_is(const void *ctx, uintptr_t val, const void *key)
{
	(void)ctx;
	return strcmp(((const struct rejected_key *)val)->key, key) == 0;
}

/* The key of the row's seller and contract number into buf; false when
 * either is missing or the key is too long to be one. */
static bool
key_of(const char *seller, const char *contract_no, char *buf, size_t size)
{
	if (!seller || !contract_no)
		return false;
	while (*seller == ' ' || *seller == '\t')
		seller++;
	while (*contract_no == ' ' || *contract_no == '\t')
		contract_no++;
	size_t ls = strlen(seller), lc = strlen(contract_no);
	while (ls && (seller[ls - 1] == ' ' || seller[ls - 1] == '\t'))
		ls--;
	while (lc && (contract_no[lc - 1] == ' ' || contract_no[lc - 1] == '\t'))
		lc--;
	if (!ls || !lc || ls + lc + 2 > size)
		return false;
	memcpy(buf, seller, ls);
	buf[ls] = '\x1f';
	memcpy(buf + ls + 1, contract_no, lc);
	buf[ls + 1 + lc] = '\0';
	return true;
}

void
tcreg__rejected_note(struct tcreg__hashtab *t, const char *seller, const char *contract_no, long line)
{
	char key[1200];
	if (t->n >= MAX_KEYS || !key_of(seller, contract_no, key, sizeof(key)))
		return;
	size_t n = strlen(key) + 1;
	struct rejected_key *k = malloc(sizeof(*k) + n);
	if (!k)
		return; /* not remembering is only a duplicate reported later */
	k->line = line;
	memcpy(k->key, key, n);
	bool fresh = false;
	if (!tcreg__ht_put(t, tcreg__hash(key), key_is, NULL, key, (uintptr_t)k, &fresh) || !fresh)
		free(k); /* the first line stays the one named */
}

long
tcreg__rejected_line(const struct tcreg__hashtab *t, const char *seller, const char *contract_no)
{
	char key[1200];
	if (!t->n || !key_of(seller, contract_no, key, sizeof(key)))
		return 0;
	const struct rejected_key *k =
		(const struct rejected_key *)tcreg__ht_find(t, tcreg__hash(key), key_is, NULL, key);
	return k ? k->line : 0;
}

void
tcreg__rejected_free(struct tcreg__hashtab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free((struct rejected_key *)t->slots[i].val);
	tcreg__ht_free(t);
}
