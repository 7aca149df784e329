/* SPDX-License-Identifier: MIT
 * test-point.c - registration points (point.c): adding, naming (a unique
 * 2-digit code, region and code, ambiguous, unknown, disabled), the key a
 * station hands over, disabling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "points.h"

/* a station's Ed25519 private key and its public part as stored */
#define PRIVATE_PEM "-----BEGIN PRIVATE KEY-----\n" \
	"MC4CAQAwBQYDK2VwBCIEIHZwixprdTrUND9tYr2l8EnrgXLzK2YR5vTFo0fqRJBt\n" \
	"-----END PRIVATE KEY-----\n"
#define PUBLIC_PEM "-----BEGIN PUBLIC KEY-----\n" \
	"MCowBQYDK2VwAyEAVdh9KmpJQn+l18pLtNQaOHavm+7ry4khlJbMxLv5g3U=\n" \
	"-----END PUBLIC KEY-----\n"

static void
resolves_unique_code_and_six_digits(void **state)
{
	struct fixture *f = *state;
	int64_t id = -1;
	assert_int_equal(tcreg_point_resolve(f->reg, "02", TCREG_POINT_ENABLED, &id), TCREG_OK);
	assert_int_equal(id, 3);
	assert_int_equal(tcreg_point_resolve(f->reg, "230101", TCREG_POINT_ENABLED, &id), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_point_resolve(f->reg, "230001", 0, &id), TCREG_OK);
	assert_int_equal(id, 1);
	char *label = tcreg__point_label(f->reg, 3);
	assert_string_equal(label, "230202");
	free(label);
	assert_int_equal(tcreg__point_count(f->reg), 3);
}

/* what show needs: how many points, and a point's name by its label */
static void
name_by_label(void **state)
{
	struct fixture *f = *state;
	char *name = NULL;
	int64_t n = 0;
	assert_int_equal(tcreg_point_name(f->reg, "230202", &name, &n), TCREG_OK);
	assert_string_equal(name, "齐齐哈尔");
	assert_int_equal(n, 3);
	free(name);
	assert_int_equal(tcreg_point_name(f->reg, "239999", &name, &n), TCREG_OK);
	assert_null(name);
	assert_int_equal(n, 3);
}

static void
ambiguous_code_lists_the_candidates(void **state)
{
	struct fixture *f = *state;
	int64_t id = -1;
	assert_int_equal(tcreg_point_resolve(f->reg, "01", 0, &id), TCREG_ERR_USAGE);
	assert_int_equal(id, 0);
	const char *msg = tcreg_registry_errmsg(f->reg);
	assert_non_null(strstr(msg, "230001"));
	assert_non_null(strstr(msg, "230101"));
}

static void
unknown_and_malformed(void **state)
{
	struct fixture *f = *state;
	int64_t id = -1;
	assert_int_equal(tcreg_point_resolve(f->reg, "09", 0, &id), TCREG_ERR_NOT_FOUND);
	assert_int_equal(tcreg_point_resolve(f->reg, "230109", 0, &id), TCREG_ERR_NOT_FOUND);
	assert_int_equal(tcreg_point_resolve(f->reg, "2301", 0, &id), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_resolve(f->reg, "0a", 0, &id), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_resolve(f->reg, "", 0, &id), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_resolve(f->reg, NULL, 0, &id), TCREG_ERR_USAGE);
	assert_int_equal(id, 0);
}

static void
disabled_point_is_found_but_not_enabled(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(tcreg_point_disable(f->reg, "02"), TCREG_OK);
	int64_t id = -1;
	assert_int_equal(tcreg_point_resolve(f->reg, "02", 0, &id), TCREG_OK);
	assert_int_equal(id, 3);
	assert_int_equal(tcreg_point_resolve(f->reg, "02", TCREG_POINT_ENABLED, &id), TCREG_ERR_STATE);
	assert_int_equal(id, 0);
	/* disabling twice is refused, and nothing else changed */
	assert_int_equal(tcreg_point_disable(f->reg, "230202"), TCREG_ERR_STATE);
	assert_int_equal(tcreg_point_resolve(f->reg, "230101", TCREG_POINT_ENABLED, &id), TCREG_OK);
}

static void
add_refuses_bad_input_and_duplicates(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(tcreg_point_add(f->reg, "1", "x", "2301", NULL, NULL, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "03", "", "2301", NULL, NULL, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "03", "x", "23011", NULL, NULL, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "03", "x", "2399", NULL, NULL, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "03", "x", "2301", "99xx", NULL, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "01", "again", "2301", NULL, NULL, NULL), TCREG_ERR_STATE);
	/* the registry's own office by its region and code too */
	assert_int_equal(tcreg_point_add(f->reg, "01", "again", "2300", NULL, NULL, NULL), TCREG_ERR_STATE);
	assert_int_equal(tcreg__point_count(f->reg), 3);
}

static char *
point_key(tcreg_registry *reg, const char *label)
{
	sqlite3_stmt *st;
	assert_int_equal(tcreg__prepare(reg, &st, "SELECT key FROM point WHERE region || code = ?"), TCREG_OK);
	sqlite3_bind_text(st, 1, label, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *k = sqlite3_column_text(st, 0);
	char *out = k ? strdup((const char *)k) : NULL;
	sqlite3_finalize(st);
	return out;
}

static void
key_file_keeps_the_public_part(void **state)
{
	struct fixture *f = *state;
	char *priv = tmpfile_str(PRIVATE_PEM, ".pem"), *pub = tmpfile_str(PUBLIC_PEM, ".pem");
	char *junk = tmpfile_str("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", ".pem");
	assert_int_equal(tcreg_point_add(f->reg, "05", "牡丹江", "2310", NULL, priv, NULL), TCREG_OK);
	assert_int_equal(tcreg_point_add(f->reg, "06", "大庆", "2306", NULL, pub, NULL), TCREG_OK);
	assert_int_equal(tcreg_point_add(f->reg, "07", "x", "2307", NULL, junk, NULL), TCREG_ERR_USAGE);
	assert_int_equal(tcreg_point_add(f->reg, "07", "x", "2307", NULL, "/nonexistent/k.pem", NULL),
			 TCREG_ERR_NOINPUT);
	char *k1 = point_key(f->reg, "231005"), *k2 = point_key(f->reg, "230606");
	assert_string_equal(k1, PUBLIC_PEM);
	assert_string_equal(k2, PUBLIC_PEM);
	free(k1);
	free(k2);
	unlink(priv);
	unlink(pub);
	unlink(junk);
	free(priv);
	free(pub);
	free(junk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(resolves_unique_code_and_six_digits, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(name_by_label, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(ambiguous_code_lists_the_candidates, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(unknown_and_malformed, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(disabled_point_is_found_but_not_enabled, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(add_refuses_bad_input_and_duplicates, points_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(key_file_keeps_the_public_part, points_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
