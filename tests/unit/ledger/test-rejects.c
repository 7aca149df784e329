/* SPDX-License-Identifier: MIT
 * test-rejects.c - the rejects file (rejects.c): never over another file, and a
 * caller's writer of it.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static char *
slurp_text(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Names in dir other than . and .. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The rejects file is written the way -o is: beside its destination,
 * private, put in place only when the import is committed (a symlink there
 * is replaced, never followed), removed otherwise; no temporary file stays. */
static void
rejects_file_is_safe(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	mode_t old_mask = umask(022);
	char dir[] = "/tmp/tcreg-rej-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char rej[128], target[128];
	snprintf(rej, sizeof(rej), "%s/rejects.csv", dir);
	snprintf(target, sizeof(target), "%s/target", dir);
	FILE *fp = fopen(target, "w");
	fputs("not to be overwritten\n", fp);
	fclose(fp);
	assert_int_equal(symlink("target", rej), 0);
	/* not committed (a rejected row, no --keep-going; a dry run): no file,
	 * and what was at the path stays */
	assert_int_equal(import(f, HDR ROW1 BAD3, 0, rej, &r), TCREG_ERR_INVALID);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING | TCREG_IMPORT_DRY_RUN, rej, &r),
			 TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_true(S_ISLNK(mode_of(rej)));
	assert_int_equal(entries(dir), 2);
	/* committed: a regular file replaces the link; the target is untouched */
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING, rej, &r), TCREG_ERR_INVALID);
	assert_true(r->committed);
	tcreg_import_result_free(r);
	assert_true(S_ISREG(mode_of(rej)));
	assert_int_equal(mode_of(rej) & 0777, 0600);
	assert_string_equal(slurp_text(target), "not to be overwritten\n");
	assert_non_null(strstr(slurp_text(rej), "A-3,坏行,"));
	assert_int_equal(entries(dir), 2);
	/* a file it replaces keeps its mode (a clerk opened it to the group) */
	chmod(rej, 0640);
	assert_int_equal(import(f, HDR ROW2 BAD3, TCREG_IMPORT_KEEP_GOING, rej, &r), TCREG_ERR_INVALID);
	tcreg_import_result_free(r);
	assert_int_equal(mode_of(rej) & 0777, 0640);
	/* a directory cannot be made a file */
	assert_int_equal(import(f, HDR ROW1 BAD3, TCREG_IMPORT_KEEP_GOING | TCREG_IMPORT_FORCE, dir, &r),
			 TCREG_ERR_CANTCREAT);
	tcreg_import_result_free(r);
	unlink(rej);
	unlink(target);
	rmdir(dir);
	umask(old_mask);
}

/* A caller's rejects writer gets the header and the rejected rows, each
 * ending in _line, _code and _reason, writes the file under the name it is
 * given, and is closed once, inside the batch's transaction: the library
 * puts the file in place only after the commit, and a writer that fails
 * saves nothing. */
struct recording_writer {
	tcreg_registry *reg;
	char *path;
	char lines[4096];
	int opens, closes, in_transaction, fail_close;
};

static int
recording_open(void *ud, const char *path)
{
	struct recording_writer *w = ud;
	w->opens++;
	w->path = strdup(path);
	return 0;
}

static int
recording_row(void *ud, const char *const *v, size_t n)
{
	struct recording_writer *w = ud;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w->lines);
		snprintf(w->lines + len, sizeof(w->lines) - len, "%s%s", v[i], i + 1 < n ? "|" : "\n");
	}
	return 0;
}

static int
recording_close(void *ud)
{
	struct recording_writer *w = ud;
	w->closes++;
	w->in_transaction = !sqlite3_get_autocommit(w->reg->db);
	FILE *fp = fopen(w->path, "wb"); /* as libxlsxwriter writes: by the name */
	fputs("written by the writer\n", fp);
	fclose(fp);
	free(w->path);
	return w->fail_close;
}

static void
rejects_writer(void **state)
{
	struct fixture *f = *state;
	struct tcreg_import_result *r;
	char dir[] = "/tmp/tcreg-rejw-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char rej[128];
	snprintf(rej, sizeof(rej), "%s/rejects.xlsx", dir);
	struct recording_writer w = { .reg = f->reg };
	struct tcreg_rejects_writer rw = { &w, recording_open, recording_row, recording_close };
	char *path = tmpfile_str(HDR ROW1 BAD3, ".csv");
	struct tcreg_import_opts o = { .path = path, .display_name = "t.csv", .flags = TCREG_IMPORT_KEEP_GOING,
				       .rejects_path = rej, .rejects_writer = &rw };
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_true(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(w.opens, 1);
	assert_int_equal(w.closes, 1);
	assert_true(w.in_transaction);
	assert_non_null(strstr(w.lines, "|技术领域|_line|_code|_reason\n"));
	assert_non_null(strstr(w.lines, "\nA-3|坏行|委托开发|"));
	assert_non_null(strstr(w.lines, "|农业|3|E_AMOUNT E_DATE_INVALID E_DATE_ORDER|合同成交额: "));
	assert_null(strstr(w.lines, "A-1|"));
	assert_string_equal(slurp_text(rej), "written by the writer\n");
	assert_int_equal(mode_of(rej) & 0777, 0600);
	unlink(rej);
	/* a writer that fails: nothing saved, no file */
	w = (struct recording_writer){ .reg = f->reg, .fail_close = 1 };
	o.flags |= TCREG_IMPORT_FORCE;
	assert_int_equal(tcreg_import(f->reg, &o, &r), TCREG_ERR_IO);
	assert_false(r->committed);
	tcreg_import_result_free(r);
	assert_int_equal(w.closes, 1);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM import_batch"), 1);
	assert_int_equal(entries(dir), 0);
	unlink(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rejects_file_is_safe, fresh_setup, fresh_teardown),
		cmocka_unit_test_setup_teardown(rejects_writer, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
