/* SPDX-License-Identifier: MIT
 * test-guard.c - a write begins only on a registry as tcreg left it
 * (guard.c), and audit verify names what in the schema was changed: a
 * trigger planted with sqlite3 never runs inside tcreg's transaction, a
 * seal edited by hand is not made good by the next commit, and a changed
 * rule, default or index is found.  Each edit is made on another
 * connection, as sqlite3(1) would.  Fails on a tcreg that writes first and
 * checks never (the edits below were all sealed in, or verified intact).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "trust.h"

static int64_t
amount_of(struct fixture *f, int64_t id)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->reg->db, "SELECT total_amount_fen FROM contract WHERE id = ?", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The kind and table (the object's name) of each finding, "kind:table;..." */
static void
findings_of(struct fixture *f, char *out, size_t n)
{
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(f->reg, NULL, &v), TCREG_OK);
	out[0] = '\0';
	for (size_t i = 0; i < v->n; i++) {
		size_t used = strlen(out);
		snprintf(out + used, n - used, "%s:%s;", v->findings[i].kind, v->findings[i].table);
	}
	tcreg_verify_result_free(v);
}

static void
planted_trigger_never_runs(void **state)
{
	struct fixture *f = *state;
	int64_t before = amount_of(f, 1);
	edit_outside(f->db, "CREATE TRIGGER audit_follow AFTER INSERT ON audit BEGIN "
			    "UPDATE contract SET total_amount_fen = total_amount_fen * 100 WHERE id = 1; END");
	char found[512];
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "schema:audit_follow;");
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 2, TCREG_CERT_ACCEPT), TCREG_ERR_DB);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), "outside tcreg"));
	assert_int_equal(amount_of(f, 1), before);
	/* taken away again, the registry is as tcreg left it: nothing was sealed in */
	edit_outside(f->db, "DROP TRIGGER audit_follow");
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "");
	assert_int_equal(decide(f->reg, 2, TCREG_CERT_ACCEPT), TCREG_OK);
	assert_int_equal(amount_of(f, 1), before);
}

static void
schema_changes_are_named(void **state)
{
	struct fixture *f = *state;
	char found[512];
	/* a default changed in the table's text: no object to name, the text differs */
	edit_outside(f->db, "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, "
			    "'DEFAULT ''submitted''', 'DEFAULT ''registered''') WHERE name = 'contract'; "
			    "PRAGMA writable_schema = RESET");
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "schema:sqlite_schema;");
	struct tcreg_import_result *r;
	char *path = tmpfile_str(LEDGER, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv", .flags = TCREG_IMPORT_FORCE };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_DB);
	tcreg_import_result_free(r);
	unlink(path);
	free(path);
	/* objects added or dropped are named */
	edit_outside(f->db, "DROP INDEX contract_reg_no; CREATE TABLE evil(x)");
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "schema:evil;schema:contract_reg_no;");
}

/* The seal's count and XOR need no key: a row taken out and the seal
 * mended to match, by hand.  Only seal_state, keyed, tells; the next write
 * must not write it anew from the mended seal. */
static void
mended_seal_is_not_made_good(void **state)
{
	struct fixture *f = *state;
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(other,
					    "SELECT s.x, c.mac FROM seal s, contract c WHERE s.tbl = 'contract' AND c.id = 2",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	unsigned char x[TCREG_MAC_BYTES];
	assert_int_equal(sqlite3_column_bytes(st, 0), TCREG_MAC_BYTES);
	assert_int_equal(sqlite3_column_bytes(st, 1), TCREG_MAC_BYTES);
	memcpy(x, sqlite3_column_blob(st, 0), TCREG_MAC_BYTES);
	const unsigned char *mac = sqlite3_column_blob(st, 1);
	for (int i = 0; i < TCREG_MAC_BYTES; i++)
		x[i] ^= mac[i];
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(other, "DELETE FROM contract WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(other, "UPDATE seal SET n = n - 1, x = ? WHERE tbl = 'contract'", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(st, 1, x, TCREG_MAC_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(other);
	char found[512], after[512];
	findings_of(f, found, sizeof(found));
	assert_non_null(strstr(found, "seal:seal;"));
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_ERR_DB);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), "seal"));
	findings_of(f, after, sizeof(after));
	assert_string_equal(after, found);
}

/* A registry made before the schema was sealed gets its seal at its first
 * change, and is intact after it. */
static void
older_registry_sealed_at_first_write(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(exec_sealed(f->reg, "DELETE FROM config WHERE key = 'schema_mac'", NULL, NULL, NULL),
			 SQLITE_OK);
	char found[512];
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "");
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 1, TCREG_CERT_ACCEPT), TCREG_OK);
	bool matches = false, sealed = false;
	assert_int_equal(tcreg__schema_matches(f->reg, &matches, &sealed), TCREG_OK);
	assert_true(sealed && matches);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM audit WHERE action = 'seal_schema'"), 1);
	findings_of(f, found, sizeof(found));
	assert_string_equal(found, "");
}

/* The schema's mark blanked or removed by hand, with a trigger planted: not
 * taken for a registry that never had one (which gets its mark at its
 * first write), so the trigger never runs. */
static void
planted_with(struct fixture *f, const char *edit)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "%s; CREATE TRIGGER follow AFTER INSERT ON audit BEGIN "
				   "UPDATE contract SET total_amount_fen = total_amount_fen * 100 WHERE id = 1; END",
		 edit);
	int64_t before = amount_of(f, 1);
	edit_outside(f->db, sql);
	tcreg_registry_set_operator(f->reg, "clerk2");
	assert_int_equal(decide(f->reg, 2, TCREG_CERT_ACCEPT), TCREG_ERR_DB);
	assert_non_null(strstr(tcreg_registry_errmsg(f->reg), "settings"));
	assert_int_equal(amount_of(f, 1), before);
}

static void
blanked_mark_is_not_a_missing_one(void **state)
{
	planted_with(*state, "UPDATE config SET value = '' WHERE key = 'schema_mac'");
}

static void
removed_mark_is_not_a_missing_one(void **state)
{
	planted_with(*state, "DELETE FROM config WHERE key = 'schema_mac'");
}

/* Another registry's key: verify says so once (not every record and row
 * "changed"), and a write is refused. */
static void
another_key_is_named(void **state)
{
	struct fixture *f = *state;
	char key[600], saved[600];
	snprintf(key, sizeof(key), "%s.key", f->db);
	snprintf(saved, sizeof(saved), "%s.key.saved", f->db);
	assert_int_equal(rename(key, saved), 0);
	FILE *k = fopen(key, "w");
	assert_non_null(k);
	fputs("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", k);
	fclose(k);
	assert_int_equal(chmod(key, 0600), 0);
	tcreg_registry *other;
	assert_int_equal(tcreg_registry_open(&other, f->db, 0, NULL), TCREG_OK);
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(other, NULL, &v), TCREG_OK);
	assert_int_equal(v->n, 1);
	assert_string_equal(v->findings[0].kind, "key");
	tcreg_verify_result_free(v);
	tcreg_registry_set_operator(other, "clerk2");
	assert_int_equal(decide(other, 1, TCREG_CERT_ACCEPT), TCREG_ERR_DB);
	assert_non_null(strstr(tcreg_registry_errmsg(other), "not this registry's"));
	tcreg_registry_close(other);
	assert_int_equal(rename(saved, key), 0);
}

/* A key mark forged by hand does not hide the other findings: the chain
 * holds under the key, so the mark's row is what was changed. */
static void
forged_mark_hides_nothing(void **state)
{
	struct fixture *f = *state;
	edit_outside(f->db, "UPDATE config SET value = 'ff' WHERE key = 'key_mark'; "
			    "UPDATE contract SET note = 'x' WHERE id = 2");
	char found[512];
	findings_of(f, found, sizeof(found));
	assert_null(strstr(found, "key:"));
	assert_non_null(strstr(found, "row:config;"));
	assert_non_null(strstr(found, "row:contract;"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(planted_trigger_never_runs, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(schema_changes_are_named, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(mended_seal_is_not_made_good, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(older_registry_sealed_at_first_write, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(another_key_is_named, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(blanked_mark_is_not_a_missing_one, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(removed_mark_is_not_a_missing_one, trust_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(forged_mark_hides_nothing, trust_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
