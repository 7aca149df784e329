/* SPDX-License-Identifier: MIT
 * fuzz-bundle.c - a libFuzzer target: any bytes as a station's bundle,
 * merged as a dry run into one provincial registry.  The reader must
 * answer with a verdict (merged, not a bundle or changed, not signed by the
 * point's key) and never change the registry.  Build with -DTCREG_FUZZ=ON
 * (clang); run
 *   build-fuzz/tests/fuzz-bundle -max_total_time=300 tests/fuzz/bundle-corpus
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcreg-private.h"

static tcreg_registry *reg;
static char path[256];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!reg) {
		char dir[] = "/tmp/tcreg-fuzz-XXXXXX";
		if (!mkdtemp(dir))
			abort();
		char db[300];
		snprintf(db, sizeof(db), "%s/r.db", dir);
		snprintf(path, sizeof(path), "%s/input.tcrx", dir);
		if (tcreg_registry_open(&reg, db, TCREG_OPEN_CREATE, NULL) != TCREG_OK)
			abort();
		tcreg_registry_set_now(reg, "2026-01-15");
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	tcreg_merge_result *r = NULL;
	tcreg_status st = tcreg_merge(reg, path, 1, &r);
	if (st != TCREG_OK && st != TCREG_ERR_INVALID && st != TCREG_ERR_DENIED)
		abort(); /* a reader answers with a verdict, never fails otherwise */
	tcreg_merge_result_free(r);
	unlink(path);
	return 0;
}
