/* SPDX-License-Identifier: MIT
 * fuzz-xlsx.c - a libFuzzer target for the Excel workbook reader: the input
 * is a workbook's XML parts (the sheet, shared strings, styles, workbook,
 * separated by lines of "====="), packed into a workbook with libzip and
 * imported as a dry run, as contracts and as payments, by default and by
 * sheet number.  The XML is what is fuzzed; the ZIP layer is libzip's.
 * Build with -DTCREG_FUZZ=ON (clang); run
 *   build-fuzz/tests/fuzz-xlsx -max_total_time=300 tests/fuzz/xlsx-corpus
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcreg-private.h"
#include "../unit/xlsx-build.h"

static tcreg_registry *reg;
static char path[256];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!reg) {
		char dir[] = "/tmp/tcreg-fuzz-xlsx-XXXXXX";
		if (!mkdtemp(dir))
			abort();
		char db[300];
		snprintf(db, sizeof(db), "%s/r.db", dir);
		snprintf(path, sizeof(path), "%s/input.xlsx", dir);
		if (tcreg_registry_open(&reg, db, TCREG_OPEN_CREATE, NULL) != TCREG_OK)
			abort();
		tcreg_registry_set_now(reg, "2026-01-15");
	}
	struct xlsx_part parts[4];
	size_t n = xlsx_parts_of((const char *)data, size, parts);
	if (!xlsx_write(path, parts, n, false, NULL))
		return 0; /* libzip refused the parts: nothing to read */
	for (int k = 0; k < 3; k++) {
		struct tcreg_import_opts o = { .kind = k == 1 ? TCREG_LEDGER_PAYMENTS : TCREG_LEDGER_CONTRACTS,
					       .path = path, .flags = TCREG_IMPORT_DRY_RUN, .max_diags = 20,
					       .sheet = k == 2 ? "1" : NULL };
		struct tcreg_import_result *r = NULL;
		tcreg_status st = tcreg_import(reg, &o, &r);
		if (st != TCREG_OK && st != TCREG_ERR_INVALID)
			abort(); /* a reader must answer with a verdict, never fail otherwise */
		if (r && r->committed)
			abort(); /* a dry run never writes */
		tcreg_import_result_free(r);
	}
	return 0;
}
