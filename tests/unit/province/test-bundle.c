/* SPDX-License-Identifier: MIT
 * test-bundle.c - a station's export and the province's merge, through the
 * library: the chain of exports, idempotence, a station's key, and the
 * bundle reader under mutated files (a deterministic fuzzer: every answer
 * is a verdict, the province's registry never changes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tcreg-private.h"
#include "helpers.h"

struct two {
	tcreg_registry *station, *province;
	char *spath, *ppath;
	char dir[64];
	int n; /* bundles written */
};

static int
setup(void **state)
{
	struct two *t = calloc(1, sizeof(*t));
	t->station = fresh_registry(&t->spath);
	t->province = fresh_registry(&t->ppath);
	assert_int_equal(tcreg_agency_set(t->station, "哈尔滨市技术合同登记站", "2301", "01"), TCREG_OK);
	assert_int_equal(tcreg_agency_set(t->province, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	char path[512];
	snprintf(path, sizeof(path), "%s/ledger-sample.csv", getenv("TESTDATA"));
	struct tcreg_import_opts o = { .path = path, .flags = TCREG_IMPORT_KEEP_GOING };
	struct tcreg_import_result *r = NULL;
	tcreg_status st = tcreg_import(t->station, &o, &r);
	assert_true(st == TCREG_OK || st == TCREG_ERR_INVALID);
	assert_true(r->inserted > 0);
	tcreg_import_result_free(r);
	strcpy(t->dir, "/tmp/tcreg-bundle-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct two *t = *state;
	tcreg_registry_close(t->station);
	tcreg_registry_close(t->province);
	remove_registry(t->spath);
	remove_registry(t->ppath);
	free(t->spath);
	free(t->ppath);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* Export the station's work into a new file; its path (static buffer). */
static const char *
export(struct two *t, int64_t since, const char *key, tcreg_export_result *r)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/b%d.tcrx", t->dir, ++t->n);
	assert_int_equal(tcreg_export(t->station, since, key, path, r), TCREG_OK);
	return path;
}

static tcreg_status
merge(struct two *t, const char *path, int dry, tcreg_merge_result **r)
{
	*r = NULL;
	return tcreg_merge(t->province, path, dry, r);
}

static void
chain_and_idempotence(void **state)
{
	struct two *t = *state;
	tcreg_export_result e;
	char first[128];
	snprintf(first, sizeof(first), "%s", export(t, -1, NULL, &e));
	int64_t contracts = count(t->station, "SELECT count(*) FROM contract");
	assert_int_equal(e.seq, 1);
	assert_int_equal(e.contracts, contracts);
	assert_string_equal(e.prev_hash, TCREG_GENESIS);
	tcreg_merge_result *r;
	/* a dry run counts and changes nothing */
	int64_t audit = count(t->province, "SELECT count(*) FROM audit");
	assert_int_equal(merge(t, first, 1, &r), TCREG_OK);
	assert_int_equal(r->contracts_new, contracts);
	assert_true(r->point_created);
	tcreg_merge_result_free(r);
	assert_int_equal(count(t->province, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(count(t->province, "SELECT count(*) FROM point"), 1);
	assert_int_equal(merge(t, first, 0, &r), TCREG_OK);
	assert_int_equal(r->contracts_new, contracts);
	assert_string_equal(r->station, "230101");
	tcreg_merge_result_free(r);
	assert_int_equal(count(t->province, "SELECT count(*) FROM contract WHERE point_id = 2"), contracts);
	/* again: nothing new, nothing written */
	audit = count(t->province, "SELECT count(*) FROM audit");
	assert_int_equal(merge(t, first, 0, &r), TCREG_OK);
	assert_true(r->nothing_new);
	tcreg_merge_result_free(r);
	assert_int_equal(count(t->province, "SELECT count(*) FROM audit"), audit);
	/* the next export carries the first one's record, and no contract */
	char second[128], third[128];
	snprintf(second, sizeof(second), "%s", export(t, -1, NULL, &e));
	assert_int_equal(e.seq, 2);
	assert_int_equal(e.contracts, 0);
	snprintf(third, sizeof(third), "%s", export(t, -1, NULL, &e));
	assert_int_equal(e.seq, 3);
	/* 3 before 2: refused, naming 2 */
	assert_int_equal(merge(t, third, 0, &r), TCREG_ERR_INVALID);
	assert_non_null(strstr(tcreg_registry_errmsg(t->province), "export 2 of station 230101 is missing"));
	assert_int_equal(merge(t, second, 0, &r), TCREG_OK);
	tcreg_merge_result_free(r);
	assert_int_equal(merge(t, third, 0, &r), TCREG_OK);
	assert_int_equal(r->audit_records, 1);
	tcreg_merge_result_free(r);
	assert_int_equal(count(t->province, "SELECT count(*) FROM station_audit"), e.audit_to);
	tcreg_verify_result *v = NULL;
	assert_int_equal(tcreg_registry_verify(t->province, NULL, &v), TCREG_OK);
	assert_int_equal(v->n, 0);
	tcreg_verify_result_free(v);
}

static char *
write_key(struct two *t, const char *name, char **pub)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	assert_non_null(k);
	char *path = malloc(256);
	snprintf(path, 256, "%s/%s.pem", t->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	BIO *b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
	char *p;
	long n = BIO_get_mem_data(b, &p);
	*pub = strndup(p, (size_t)n);
	BIO_free(b);
	EVP_PKEY_free(k);
	return path;
}

static void
keyed_point(void **state)
{
	struct two *t = *state;
	char *pub, *other_pub;
	char *key = write_key(t, "station", &pub);
	char *other = write_key(t, "other", &other_pub);
	/* the province knows the station with its key (a point row written
	 * here, as point add --key-file does, through the sealing connection) */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(t->province->db, "INSERT INTO point(code, name, region, key) "
							     "VALUES ('01', '哈尔滨市技术合同登记站', '2301', ?)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, pub, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(tcreg__seal_state(t->province), TCREG_OK); /* as tcreg's commit would */
	tcreg_export_result e;
	tcreg_merge_result *r;
	char path[128];
	snprintf(path, sizeof(path), "%s", export(t, -1, NULL, &e));
	assert_int_equal(merge(t, path, 0, &r), TCREG_ERR_DENIED);
	assert_non_null(strstr(tcreg_registry_errmsg(t->province), "is not signed"));
	snprintf(path, sizeof(path), "%s", export(t, 0, other, &e));
	assert_true(e.signed_);
	assert_int_equal(merge(t, path, 0, &r), TCREG_ERR_DENIED);
	assert_non_null(strstr(tcreg_registry_errmsg(t->province), "not signed by the key"));
	assert_int_equal(count(t->province, "SELECT count(*) FROM contract"), 0);
	snprintf(path, sizeof(path), "%s", export(t, 0, key, &e));
	assert_int_equal(merge(t, path, 0, &r), TCREG_OK);
	assert_true(r->signature_checked);
	assert_false(r->point_created);
	tcreg_merge_result_free(r);
	assert_int_equal(count(t->province, "SELECT count(*) FROM merge_log WHERE signed = 1"), 1);
	free(key);
	free(other);
	free(pub);
	free(other_pub);
}

static uint64_t seed = 0x9e3779b97f4a7c15u;
static uint64_t
next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static void
fuzz_reader(void **state)
{
	struct two *t = *state;
	tcreg_export_result e;
	char path[128];
	snprintf(path, sizeof(path), "%s", export(t, -1, NULL, &e));
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static unsigned char orig[1 << 20], buf[1 << 20];
	size_t n = fread(orig, 1, sizeof(orig), f);
	fclose(f);
	assert_true(n > 0 && n < sizeof(orig));
	int64_t audit = count(t->province, "SELECT count(*) FROM audit");
	const char *r_env = getenv("TCREG_FUZZ_ROUNDS");
	int rounds = r_env && atoi(r_env) > 0 ? atoi(r_env) : 300;
	char mutated[160];
	snprintf(mutated, sizeof(mutated), "%s/m.tcrx", t->dir);
	int merged = 0;
	for (int i = 0; i < rounds; i++) {
		memcpy(buf, orig, n);
		size_t len = n;
		/* SQLite pages stay where they are: bytes changed in place,
		 * sometimes the file cut short */
		for (int k = 1 + (int)(next() % 8); k > 0; k--)
			buf[next() % len] ^= (unsigned char)(1 + next() % 255);
		if (next() % 10 == 0)
			len = next() % len;
		f = fopen(mutated, "wb");
		assert_non_null(f);
		fwrite(buf, 1, len, f);
		fclose(f);
		tcreg_merge_result *r = NULL;
		tcreg_status st = tcreg_merge(t->province, mutated, 1, &r);
		if (st != TCREG_OK && st != TCREG_ERR_INVALID && st != TCREG_ERR_DENIED)
			fail_msg("round %d: status %d: %s", i, st, tcreg_registry_errmsg(t->province));
		merged += st == TCREG_OK;
		tcreg_merge_result_free(r);
	}
	/* the original still merges; nothing before it changed anything */
	assert_int_equal(count(t->province, "SELECT count(*) FROM audit"), audit);
	tcreg_merge_result *r = NULL;
	assert_int_equal(tcreg_merge(t->province, path, 0, &r), TCREG_OK);
	tcreg_merge_result_free(r);
	print_message("%d of %d mutated bundles passed the checks (a byte outside the content)\n", merged, rounds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(chain_and_idempotence, setup, teardown),
		cmocka_unit_test_setup_teardown(keyed_point, setup, teardown),
		cmocka_unit_test_setup_teardown(fuzz_reader, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
