/* SPDX-License-Identifier: MIT
 * test-schema-edit.c - the status rule of schema 11 rewritten as
 * comparisons (schema-edit.c): only a CHECK of exactly the ten states.
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

#define TEN_OR                                                                                                 \
	"CHECK (status = 'submitted' OR status = 'needs_supplement' OR status = 'registered' OR status = "    \
	"'rejected' OR status = 'changed' OR status = 'cancelled' OR status = 'revoked' OR status = "          \
	"'not_accepted' OR status = 'withdrawn' OR status = 'external')"

static char *
edit(const char *sql)
{
	bool nomem = true;
	char *r = tcreg__status_check_text(sql, &nomem);
	assert_false(nomem);
	return r;
}

/* Schema 11's text, and the same list reordered, spaced otherwise, with
 * CR LF: rewritten, and the rest of the table's text kept as it was. */
static void
the_ten_states(void **state)
{
	(void)state;
	const char *v11 = "CREATE TABLE contract(\n\tnote TEXT,\n\tstatus TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN\n"
			  "\t                 ('submitted', 'needs_supplement', 'registered', 'rejected',\n"
			  "\t                  'changed', 'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external')),\n"
			  "\treg_no TEXT) STRICT";
	char *r = edit(v11);
	assert_non_null(r);
	assert_string_equal(r, "CREATE TABLE contract(\n\tnote TEXT,\n\tstatus TEXT NOT NULL DEFAULT 'submitted' " TEN_OR
			       ",\n\treg_no TEXT) STRICT");
	free(r);
	r = edit("x CHECK (status IN\r\n('external','withdrawn' , 'not_accepted',\t'revoked','cancelled','changed',"
		 "'rejected','registered','needs_supplement','submitted' ) ), y");
	assert_non_null(r);
	assert_string_equal(r, "x " TEN_OR ", y");
	free(r);
}

/* Anything else is not rewritten: a state missing, one twice, an unknown
 * one, two literals with no comma (SQL reads one literal), a condition
 * after the list (rewriting would loosen it), no such CHECK. */
static void
anything_else(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"CHECK (status IN ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn'))",
		"CHECK (status IN ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external', 'external'))",
		"CHECK (status IN ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'bogus'))",
		"CHECK (status IN ('submitted''needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external'))",
		"CHECK (status IN ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external') AND note IS NULL)",
		"CHECK (status IN x ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external'))",
		"CHECK (status IN ('submitted', 'needs_supplement', 'registered', 'rejected', 'changed', "
		"'cancelled', 'revoked', 'not_accepted', 'withdrawn', 'external',))",
		TEN_OR,
		"",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *r = edit(texts[i]);
		if (r)
			fail_msg("rewritten: %s", texts[i]);
	}
	bool nomem = true;
	assert_null(tcreg__status_check_text(NULL, &nomem));
	assert_false(nomem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_ten_states),
		cmocka_unit_test(anything_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
