/* SPDX-License-Identifier: MIT
 * test-point.c - registration points (point.c): adding, naming (a unique
 * 2-digit code, region and code, ambiguous, unknown, disabled), the key a
 * station hands over, disabling; operators limited to their points
 * (scope.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* a station's Ed25519 private key and its public part as stored */
#define PRIVATE_PEM "-----BEGIN PRIVATE KEY-----\n" \
	"MC4CAQAwBQYDK2VwBCIEIHZwixprdTrUND9tYr2l8EnrgXLzK2YR5vTFo0fqRJBt\n" \
	"-----END PRIVATE KEY-----\n"
#define PUBLIC_PEM "-----BEGIN PUBLIC KEY-----\n" \
	"MCowBQYDK2VwAyEAVdh9KmpJQn+l18pLtNQaOHavm+7ry4khlJbMxLv5g3U=\n" \
	"-----END PUBLIC KEY-----\n"

struct fixture {
	char *db;
	tcreg_registry *reg;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->reg = fresh_registry(&f->db);
	assert_int_equal(tcreg_agency_set(f->reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	int64_t id;
	assert_int_equal(tcreg_point_add(f->reg, "01", "哈尔滨", "2301", NULL, NULL, &id), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_point_add(f->reg, "02", "齐齐哈尔", "2302", "2302", NULL, &id), TCREG_OK);
	assert_int_equal(id, 3);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	tcreg_registry_close(f->reg);
	remove_registry(f->db);
	free(f->db);
	free(f);
	return 0;
}

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

/* Acting as another login: identity is the OS login once operators exist;
 * the test sets it, as getuid would (daemon and bin are on every Debian). */
static void
act_as(tcreg_registry *reg, const char *login)
{
	free(reg->os_login);
	reg->os_login = strdup(login);
}

static void
operators_work_at_their_points(void **state)
{
	struct fixture *f = *state;
	/* whoever created the registry adds the first operator and becomes admin */
	char *admin = strdup(tcreg__os_login(f->reg));
	const char *harbin[] = { "230101" }, *qiqihar[] = { "02" }, *bad[] = { "01" };
	assert_int_equal(tcreg_operator_add_at(f->reg, "daemon", "王强", "certifier", harbin, 1), TCREG_OK);
	assert_int_equal(tcreg_operator_add_at(f->reg, "bin", "李娜", "clerk", qiqihar, 1), TCREG_OK);
	/* an ambiguous point adds nothing */
	assert_int_equal(tcreg_operator_add_at(f->reg, "sys", "x", "clerk", bad, 1), TCREG_ERR_USAGE);
	int64_t *ids, id;
	size_t n;
	/* the admin works province-wide */
	assert_int_equal(tcreg__acting_points(f->reg, &ids, &n), TCREG_OK);
	assert_int_equal(n, 0);
	assert_null(tcreg__view_sql(f->reg, "point_id"));
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_OK);

	act_as(f->reg, "daemon");
	assert_int_equal(tcreg__acting_points(f->reg, &ids, &n), TCREG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 2);
	free(ids);
	char *where = tcreg__view_sql(f->reg, "point_id");
	assert_string_equal(where, "point_id IN (2)");
	free(where);
	assert_int_equal(tcreg__may_act_at(f->reg, 2), TCREG_OK);
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_ERR_DENIED);
	assert_int_equal(tcreg__may_act_at(f->reg, 1), TCREG_ERR_DENIED);
	/* files at their one point by default, nowhere else */
	assert_int_equal(tcreg__filing_point(f->reg, &id), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_registry_set_point(f->reg, "02"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_set_view(f->reg, "230202"), TCREG_ERR_DENIED);
	assert_int_equal(tcreg_registry_set_view(f->reg, "230101"), TCREG_OK);
	where = tcreg__view_sql(f->reg, "point_id");
	assert_string_equal(where, "point_id = 2");
	free(where);

	/* moved to province-wide by the admin */
	act_as(f->reg, admin);
	assert_int_equal(tcreg_operator_set_points(f->reg, "daemon", NULL, 0), TCREG_OK);
	assert_int_equal(tcreg_operator_set_points(f->reg, "nosuchlogin", NULL, 0), TCREG_ERR_NOT_FOUND);
	act_as(f->reg, "daemon");
	assert_int_equal(tcreg_registry_set_view(f->reg, NULL), TCREG_OK);
	assert_null(tcreg__view_sql(f->reg, "point_id"));
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_OK);
	/* only an admin sets points */
	assert_int_equal(tcreg_operator_set_points(f->reg, "bin", NULL, 0), TCREG_ERR_DENIED);
	/* a disabled point decides nothing */
	act_as(f->reg, admin);
	assert_int_equal(tcreg_point_disable(f->reg, "02"), TCREG_OK);
	assert_int_equal(tcreg__may_act_at(f->reg, 3), TCREG_ERR_STATE);
	assert_int_equal(tcreg_registry_set_point(f->reg, "02"), TCREG_ERR_STATE);
	free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(resolves_unique_code_and_six_digits, setup, teardown),
		cmocka_unit_test_setup_teardown(ambiguous_code_lists_the_candidates, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_and_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(disabled_point_is_found_but_not_enabled, setup, teardown),
		cmocka_unit_test_setup_teardown(add_refuses_bad_input_and_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(key_file_keeps_the_public_part, setup, teardown),
		cmocka_unit_test_setup_teardown(operators_work_at_their_points, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
