/* SPDX-License-Identifier: MIT
 * helpers.h - small helpers shared by the unit tests: temporary files and
 * registries.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write data to a new temporary file; returns its malloc'd path. */
static inline char *
tmpfile_with(const void *data, size_t n, const char *suffix)
{
	char tmpl[256];
	snprintf(tmpl, sizeof(tmpl), "%s/tcreg-test-XXXXXX%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 suffix);
	int fd = mkstemps(tmpl, (int)strlen(suffix));
	if (fd < 0)
		abort();
	if (write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return strdup(tmpl);
}

static inline char *
tmpfile_str(const char *s, const char *suffix)
{
	return tmpfile_with(s, strlen(s), suffix);
}

/* A fresh registry in a temporary file, with a fixed clock and operator. */
static inline tcreg_registry *
fresh_registry(char **path)
{
	char tmpl[256];
	snprintf(tmpl, sizeof(tmpl), "%s/tcreg-reg-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	char *dir = mkdtemp(tmpl);
	if (!dir)
		abort();
	char *p = malloc(strlen(dir) + 16);
	sprintf(p, "%s/r.db", dir);
	tcreg_registry *reg = NULL;
	if (tcreg_registry_open(&reg, p, TCREG_OPEN_CREATE, NULL) != TCREG_OK)
		abort();
	tcreg_registry_set_now(reg, "2026-01-15");
	tcreg_registry_set_operator(reg, "tester");
	*path = p;
	return reg;
}

static inline void
remove_registry(const char *path)
{
	char buf[512];
	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s.key", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s", path);
	char *slash = strrchr(buf, '/');
	if (slash) {
		*slash = '\0';
		rmdir(buf);
	}
}

#endif
