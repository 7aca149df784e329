/* SPDX-License-Identifier: MIT
 * test-registry.c - opening and migrating registries (registry.c and the
 * schemas/migrate-N.sql files): a schema-1 and a schema-3 registry brought
 * to the latest schema, with exactly a fresh registry's schema, their rows
 * sealed and their trail verifying; the schema version of each; certificates
 * across migrations.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "registered.h"

static char *schema_of(sqlite3 *db);

/* A description of a registry's schema: every table's columns (name, type,
 * not-null, default, key position) and foreign keys, every index's columns, every trigger
 * and every virtual table's definition, sorted, so that two schemas
 * compare as text. */
static char *
schema_of(sqlite3 *db)
{
	static const char sql[] =
		"SELECT group_concat(line, char(10)) FROM (SELECT line FROM ("
		" SELECT 'table ' || m.name || ': ' || p.cid || ' ' || p.name || ' ' || p.type || ' ' ||"
		"  p.\"notnull\" || ' ' || coalesce(p.dflt_value, '-') || ' ' || p.pk AS line"
		"  FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table'"
		" UNION ALL SELECT 'index ' || m.name || ' on ' || m.tbl_name || ': ' || i.seqno || ' ' ||"
		"  coalesce(i.name, '(rowid)') FROM sqlite_schema m, pragma_index_info(m.name) i"
		"  WHERE m.type = 'index'"
		" UNION ALL SELECT 'index ' || m.name || ' partial: ' || (m.sql LIKE '%WHERE%')"
		"  FROM sqlite_schema m WHERE m.type = 'index' AND m.sql IS NOT NULL"
		" UNION ALL SELECT 'foreign key ' || m.name || '.' || k.\"from\" || ' -> ' || k.\"table\" ||"
		"  '.' || coalesce(k.\"to\", '(key)') || ' on delete ' || k.on_delete || ' on update ' ||"
		"  k.on_update FROM sqlite_schema m, pragma_foreign_key_list(m.name) k WHERE m.type = 'table'"
		" UNION ALL SELECT 'trigger ' || name || ' on ' || tbl_name FROM sqlite_schema"
		"  WHERE type = 'trigger'"
		/* a virtual table's options (contentless, tokenizer) are in its text */
		" UNION ALL SELECT 'virtual ' || sql FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'"
		") ORDER BY line)";
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *out = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* reg has exactly the schema of a registry made fresh (in dir, removed
 * after). */
static void
assert_schema_of_fresh(tcreg_registry *reg, const char *dir)
{
	char fresh[128];
	snprintf(fresh, sizeof(fresh), "%s/fresh.db", dir);
	tcreg_registry *f2;
	assert_int_equal(tcreg_registry_open(&f2, fresh, TCREG_OPEN_CREATE, NULL), TCREG_OK);
	char *want = schema_of(f2->db), *got = schema_of(reg->db);
	assert_string_equal(got, want);
	free(want);
	free(got);
	tcreg_registry_close(f2);
	unlink(fresh);
	char key[140];
	snprintf(key, sizeof(key), "%s.key", fresh);
	unlink(key);
}

/* A schema-1 registry (testdata/registry-v1.sql) at dir/r.db, made in the
 * mkdtemp template dir; path[64] receives its path. */
static sqlite3 *
v1_registry(char *dir, char path[64])
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, 64, "%s/r.db", dir);
	char sql[512];
	snprintf(sql, sizeof(sql), "%s/registry-v1.sql", getenv("TESTDATA"));
	FILE *f = fopen(sql, "rb");
	assert_non_null(f);
	static char text[65536];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, text, 0, 0, 0), SQLITE_OK);
	return db;
}

static void
migration_from_v1(void **state)
{
	(void)state;
	char dir[] = "/tmp/tcreg-mig-XXXXXX", path[64];
	sqlite3 *db = v1_registry(dir, path);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO party(id, name, region, nature) VALUES (1, 'a', '2301', '022'), (2, 'b', '2301', '190');"
				       "INSERT INTO contract(contract_no, seller_id, buyer_id, project_name, category, total_amount_fen, tech_amount_fen, sign_date, valid_from, valid_to, tech_field, accept_date, entered_by, created_at) "
				       "VALUES ('OLD-1', 1, 2, 'p', '41', 100, 100, '2025-01-01', '2025-01-01', '2025-12-31', '09', '2025-02-01', 'x', '2025-02-01T00:00:00')", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	tcreg_registry *reg;
	/* read-only opening does not migrate, and says so */
	char *err = NULL;
	assert_int_equal(tcreg_registry_open(&reg, path, TCREG_OPEN_READONLY, &err), TCREG_ERR_DB);
	assert_non_null(strstr(err, "tcreg init"));
	free(err);
	assert_int_equal(tcreg_registry_open(&reg, path, 0, NULL), TCREG_OK);
	assert_int_equal(tcreg_registry_schema_version(reg), 12);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(reg->db, "SELECT track, contract_no FROM contract", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "normal");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "OLD-1");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(reg->db, "SELECT count(*) FROM audit WHERE action = 'migrate'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	/* eleven migrations later (to schema 12), exactly the schema of a fresh registry */
	assert_schema_of_fresh(reg, dir);
	tcreg_registry_close(reg);
	remove_registry(path);
}

static int64_t
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A registry of schema 3 with what earlier versions got wrong: a verified
 * amount above the declared one, and a committed award run that recorded
 * contracts, not money.  Opening it migrates to 4: the amount is corrected
 * with an audit record, the run's money is marked counted, the audit trail
 * verifies, and the schema is exactly that of a fresh registry. */
static void
migration_from_v3(void **state)
{
	(void)state;
	char dir[] = "/tmp/tcreg-mig3-XXXXXX", path[64];
	sqlite3 *db = v1_registry(dir, path);
	assert_int_equal(sqlite3_exec(db, tcreg__embedded("migrate-2.sql", NULL), 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, tcreg__embedded("migrate-3.sql", NULL), 0, 0, 0), SQLITE_OK);
	assert_int_equal(scalar(db, "PRAGMA user_version"), 3);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO party(id, name, region, nature) VALUES (1, 'a', '2301', '022'), (2, 'b', '2301', '190');"
		"INSERT INTO contract(id, contract_no, seller_id, buyer_id, project_name, category, total_amount_fen, "
		" tech_amount_fen, verified_tech_amount_fen, sign_date, valid_from, valid_to, tech_field, accept_date, "
		" entered_by, created_at, status, reg_no, reg_date) VALUES "
		" (1, 'OLD-1', 1, 2, 'p', '41', 30000000, 25500000, 30000000, '2025-01-01', '2025-01-01', '2025-12-31', "
		"  '09', '2025-02-01', 'x', '2025-02-01T00:00:00', 'registered', '2025230001000001', '2025-02-10'),"
		" (2, 'OLD-2', 1, 2, 'q', '11', 30000000, 30000000, 20000000, '2025-01-01', '2025-01-01', '2025-12-31', "
		"  '09', '2025-02-01', 'x', '2025-02-01T00:00:00', 'registered', '2025230001000002', '2025-02-10');"
		"INSERT INTO payment(id, contract_id, pay_date, amount_fen, voucher, entered_by, created_at) VALUES "
		" (1, 2, '2025-03-01', 10000000, 'V1', 'x', '2025-03-01T00:00:00'),"
		" (2, 2, '2026-05-01', 10000000, 'V2', 'x', '2026-05-01T00:00:00');"
		"INSERT INTO award_run VALUES (1, 'hlj-2017', '" "0000000000000000000000000000000000000000000000000000000000000000"
		"', 2025, 'x', '2026-02-01T10:00:00', 1, 3000000);"
		"INSERT INTO award VALUES (1, 1, 'hlj-2017', 'seller', 2025, 'seller', 1, 'a', 'contract', NULL, "
		" 10000000, 3000000, 0);"
		"INSERT INTO award_contract VALUES ('hlj-2017', 'seller', 2, 1);", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);

	tcreg_registry *reg;
	assert_int_equal(tcreg_registry_open(&reg, path, 0, NULL), TCREG_OK);
	assert_int_equal(tcreg_registry_schema_version(reg), 12);
	/* min(declared 25.5万, 30万 - nothing deducted) */
	assert_int_equal(scalar(reg->db, "SELECT verified_tech_amount_fen FROM contract WHERE id = 1"), 25500000);
	assert_int_equal(scalar(reg->db, "SELECT verified_tech_amount_fen FROM contract WHERE id = 2"), 20000000);
	assert_int_equal(scalar(reg->db, "SELECT count(*) FROM audit WHERE action = 'correct' AND entity_id = 1"), 1);
	assert_int_equal(scalar(reg->db, "SELECT count(*) FROM audit WHERE action = 'correct'"), 1);
	/* the money the old run may have counted, and only that */
	assert_int_equal(scalar(reg->db, "SELECT count(*) FROM award_payment WHERE payment_id = 1 AND counted_fen = 10000000"), 1);
	assert_int_equal(scalar(reg->db, "SELECT count(*) FROM award_payment"), 1);
	/* registered contracts keep the parties as they were (schema 5) */
	assert_int_equal(scalar(reg->db, "SELECT count(*) FROM contract WHERE seller_name_reg = 'a' "
					 "AND buyer_nature_reg = '190' AND seller_region_reg = '2301'"), 2);
	int64_t rows = 0, bad = 0;
	assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
	assert_int_equal(bad, 0);
	/* every row sealed as found: audit verify finds nothing */
	tcreg_verify_result *v;
	assert_int_equal(tcreg_registry_verify(reg, NULL, &v), TCREG_OK);
	for (size_t i = 0; i < v->n; i++)
		print_message("finding: %s\n", v->findings[i].detail);
	assert_int_equal(v->n, 0);
	assert_true(v->rows > 0);
	tcreg_verify_result_free(v);

	assert_schema_of_fresh(reg, dir);
	tcreg_registry_close(reg);
	remove_registry(path);
}

static const char *const ten_states[] = { "submitted", "needs_supplement", "registered", "rejected", "changed",
					  "cancelled", "revoked", "not_accepted", "withdrawn", "external" };

/* The contract table at path takes exactly the ten states, and its text
 * checks them by comparisons, not by an IN list (schema 12). */
static void
assert_status_rule(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 'contract'", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *sql = (const char *)sqlite3_column_text(st, 0);
	assert_null(strstr(sql, "status IN"));
	assert_non_null(strstr(sql, "status = 'external')"));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO party(id, name, region, nature) VALUES (901, 'x', '2301', '022');"
				       "INSERT INTO contract(id, contract_no, seller_id, buyer_id, project_name, category, total_amount_fen, tech_amount_fen, sign_date, valid_from, valid_to, tech_field, accept_date, entered_by, created_at) "
				       "VALUES (901, 'RULE-1', 901, 901, 'p', '41', 100, 100, '2025-01-01', '2025-01-01', '2025-12-31', '09', '2025-02-01', 'x', '2025-02-01T00:00:00')",
				       0, 0, 0),
			 SQLITE_OK);
	for (size_t i = 0; i < sizeof(ten_states) / sizeof(ten_states[0]); i++) {
		char sql_u[128];
		snprintf(sql_u, sizeof(sql_u), "UPDATE contract SET status = '%s' WHERE id = 901", ten_states[i]);
		assert_int_equal(sqlite3_exec(db, sql_u, 0, 0, 0), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(db, "UPDATE contract SET status = 'Registered' WHERE id = 901", 0, 0, 0),
			 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE contract SET status = '' WHERE id = 901", 0, 0, 0), SQLITE_CONSTRAINT);
	sqlite3_close(db);
}

/* Schema 12 rewrites the status rule of schema 11 in the table's text; the
 * same ten states before and after, in a fresh registry and a migrated
 * one; a registry whose rule is not schema 11's is left as it was. */
/* A keyed registry is migrated only as tcreg left it: the migration seals
 * what it finds, so a seal edited by hand (counts and XORs need no key)
 * would otherwise be made good by it.  Refused, the file left at its
 * schema; mended back, it migrates. */
static void
migration_checks_the_seal_first(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	tcreg_registry_close(reg);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* schema 11 as it was: the status rule as an IN list */
	assert_int_equal(sqlite3_exec(db, "PRAGMA writable_schema = ON;"
				       "UPDATE sqlite_schema SET sql = substr(sql, 1, instr(sql, 'CHECK (status = ''submitted'' OR') - 1)"
				       " || 'CHECK (status IN (''submitted'', ''needs_supplement'', ''registered'', ''rejected'', "
				       "''changed'', ''cancelled'', ''revoked'', ''not_accepted'', ''withdrawn'', ''external''))' || "
				       "substr(sql, instr(sql, 'status = ''external'')') + length('status = ''external'')')) "
				       "WHERE name = 'contract'; PRAGMA writable_schema = RESET; PRAGMA user_version = 11;"
				       "UPDATE seal SET n = n + 1 WHERE tbl = 'party'",
				       0, 0, 0),
			 SQLITE_OK);
	sqlite3_close(db);
	char *err = NULL;
	assert_int_equal(tcreg_registry_open(&reg, path, 0, &err), TCREG_ERR_DB);
	assert_non_null(strstr(err, "seal"));
	free(err);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(scalar(db, "PRAGMA user_version"), 11);
	assert_int_equal(sqlite3_exec(db, "UPDATE seal SET n = n - 1 WHERE tbl = 'party'", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(tcreg_registry_open(&reg, path, 0, NULL), TCREG_OK);
	assert_int_equal(tcreg_registry_schema_version(reg), 12);
	int64_t rows, bad;
	assert_int_equal(tcreg_audit_verify(reg, &rows, &bad), TCREG_OK);
	drop_registry(reg, path);
}

static void
status_rule(void **state)
{
	(void)state;
	char dir[] = "/tmp/tcreg-mig-XXXXXX", path[64];
	sqlite3 *db = v1_registry(dir, path);
	sqlite3_close(db);
	tcreg_registry *reg;
	assert_int_equal(tcreg_registry_open(&reg, path, 0, NULL), TCREG_OK);
	tcreg_registry_close(reg);
	assert_status_rule(path);
	remove_registry(path);
	rmdir(dir);

	char *fresh;
	reg = fresh_registry(&fresh);
	tcreg_registry_close(reg);
	assert_status_rule(fresh);
	/* a schema-11 registry whose list lacks a state: not rewritten */
	assert_int_equal(sqlite3_open(fresh, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA writable_schema = ON;"
				       "UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status = ''submitted'' OR', "
				       "'CHECK (status IN (''submitted'', ''registered'')) CHECK (status = ''submitted'' OR') "
				       "WHERE name = 'contract';"
				       "PRAGMA writable_schema = RESET; PRAGMA user_version = 11",
				       0, 0, 0),
			 SQLITE_OK);
	sqlite3_close(db);
	char *err = NULL;
	assert_int_equal(tcreg_registry_open(&reg, fresh, 0, &err), TCREG_ERR_INVALID);
	assert_non_null(strstr(err, "left as it was"));
	free(err);
	assert_int_equal(sqlite3_open(fresh, &db), SQLITE_OK);
	assert_int_equal(scalar(db, "PRAGMA user_version"), 11);
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'contract' AND sql LIKE "
				    "'%status IN (''submitted'', ''registered'')%'"),
			 1);
	sqlite3_close(db);
	remove_registry(fresh);
	free(fresh);
}

static void
registry_versions(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = fresh_registry(&path);
	assert_int_equal(tcreg_registry_schema_version(reg), 12);
	assert_int_equal(sqlite3_exec(reg->db, "PRAGMA user_version = 99", 0, 0, 0), SQLITE_OK);
	tcreg_registry_close(reg);
	char *err = NULL;
	assert_int_equal(tcreg_registry_open(&reg, path, 0, &err), TCREG_ERR_TOO_NEW);
	assert_null(reg);
	assert_non_null(strstr(err, "newer"));
	free(err);
	remove_registry(path);
	free(path);
	/* not a registry: a data error (exit 65), whatever the flags; never
	 * an I/O error (74) */
	char *junk = tmpfile_str("this is not sqlite, just text that is long enough to matter......", ".db");
	unsigned flags[] = { 0, TCREG_OPEN_READONLY, TCREG_OPEN_CREATE };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "not a tcreg registry"));
		free(err);
	}
	unlink(junk);
	/* an SQLite database of something else, read or written */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(junk, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "not a tcreg registry"));
		free(err);
	}
	unlink(junk);
	/* a directory */
	char *slash = strrchr(junk, '/');
	*slash = '\0';
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tcreg_registry_open(&reg, junk, flags[i], &err), TCREG_ERR_INVALID);
		assert_non_null(strstr(err, "is a directory"));
		free(err);
	}
	free(junk);
}

/* Schema 5 gave registered contracts their parties and agency as
 * registered.  A contract of an older registry has none: it shows the live
 * party and agency, as earlier versions did; the migration copies them in,
 * and the certificate stays byte-identical through it (and through later
 * changes of the party and the agency). */
static void
certificate_survives_migration(void **state)
{
	(void)state;
	char *path, *no = NULL;
	tcreg_registry *reg = registry_with_contracts(&path);
	assert_int_equal(decide(reg, 1, TCREG_CERT_ACCEPT, NULL, &no), TCREG_OK);
	free(no);
	char *a, *b, *c, *d;
	assert_int_equal(tcreg_certificate_json(reg, 1, &a), TCREG_OK);
	/* as an older registry holds it */
	assert_int_equal(exec_sealed(reg, "UPDATE contract SET seller_name_reg = NULL, seller_uscc_reg = NULL, "
				       "seller_region_reg = NULL, seller_nature_reg = NULL, buyer_name_reg = NULL, "
				       "buyer_uscc_reg = NULL, buyer_region_reg = NULL, buyer_nature_reg = NULL, "
				       "agency_name_reg = NULL, agency_region_reg = NULL, agency_point_reg = NULL", 0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(tcreg_certificate_json(reg, 1, &b), TCREG_OK);
	assert_string_equal(a, b);
	/* the migration's copy (the statement of migrate-5.sql, which ran
	 * when point 1 was still the table agency) */
	assert_int_equal(sqlite3_exec(reg->db, "CREATE TEMP VIEW agency AS SELECT id, name, region, "
				       "code AS point, area FROM point", 0, 0, 0),
			 SQLITE_OK);
	const char *mig = tcreg__embedded("migrate-5.sql", NULL);
	const char *from = strstr(mig, "UPDATE contract SET\n\tseller_name_reg");
	const char *to = from ? strstr(from, "WHERE reg_no IS NOT NULL;") : NULL;
	assert_non_null(to);
	char *copy = tcreg__strdup(from);
	copy[to - from + strlen("WHERE reg_no IS NOT NULL;")] = '\0';
	assert_int_equal(exec_sealed(reg, copy, 0, 0, 0), SQLITE_OK);
	free(copy);
	assert_int_equal(tcreg_certificate_json(reg, 1, &c), TCREG_OK);
	assert_string_equal(a, c);
	/* the party and the agency change; the certificate does not */
	assert_int_equal(exec_sealed(reg, "UPDATE party SET name = name || '（更名）', region = '2306'", 0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(tcreg_agency_update(reg, "新的名称", "2301", "02", NULL, TCREG_AGENCY_FORCE), TCREG_OK);
	assert_int_equal(tcreg_certificate_json(reg, 1, &d), TCREG_OK);
	assert_string_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migration_from_v1),
		cmocka_unit_test(migration_from_v3),
		cmocka_unit_test(status_rule),
		cmocka_unit_test(migration_checks_the_seal_first),
		cmocka_unit_test(registry_versions),
		cmocka_unit_test(certificate_survives_migration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
