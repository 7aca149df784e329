/* SPDX-License-Identifier: MIT
 * test-files.c - the mode of registry files (files.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

/* A new registry, its WAL and SHM, and the directories made for it are
 * private whatever the umask (tcreg__data_mode). */
static void
registry_is_private(void **state)
{
	(void)state;
	mode_t old_mask = umask(0);
	char dir[] = "/tmp/tcreg-mode-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], buf[160];
	snprintf(path, sizeof(path), "%s/a/b/r.db", dir);
	tcreg_registry *reg;
	assert_int_equal(tcreg_registry_open(&reg, path, TCREG_OPEN_CREATE, NULL), TCREG_OK);
	assert_int_equal(tcreg_config_set(reg, "review_days", "10"), TCREG_OK); /* a write: the WAL */
	assert_int_equal(mode_of(path) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s-wal", path);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s-shm", path);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_mode());
	snprintf(buf, sizeof(buf), "%s/a", dir);
	assert_int_equal(mode_of(buf) & 0777, tcreg__data_dir_mode());
	assert_int_equal(tcreg__data_dir_mode(), 0700);
	tcreg_registry_close(reg);
	remove_registry(path);
	snprintf(buf, sizeof(buf), "%s/a", dir);
	rmdir(buf);
	rmdir(dir);
	umask(old_mask);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_is_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
