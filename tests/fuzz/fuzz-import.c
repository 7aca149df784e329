/* SPDX-License-Identifier: MIT
 * fuzz-import.c - a libFuzzer target: any bytes as a contract ledger, a
 * payment ledger and a YAML/JSON document, each imported as a dry run into
 * one registry.  Build with -DTCREG_FUZZ=ON (clang); run
 *   build-fuzz/tests/fuzz-import -max_total_time=300 testdata/ledgers
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
		snprintf(path, sizeof(path), "%s/input", dir);
		if (tcreg_registry_open(&reg, db, TCREG_OPEN_CREATE, NULL) != TCREG_OK)
			abort();
		tcreg_registry_set_now(reg, "2026-01-15");
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	for (int k = 0; k < 3; k++) {
		struct tcreg_import_opts o = { .kind = k == 1 ? TCREG_LEDGER_PAYMENTS : TCREG_LEDGER_CONTRACTS,
					       .path = path, .flags = TCREG_IMPORT_DRY_RUN, .max_diags = 20 };
		struct tcreg_import_result *r = NULL;
		tcreg_status st = k == 2 ? tcreg_register_document(reg, &o, &r) : tcreg_import(reg, &o, &r);
		if (st != TCREG_OK && st != TCREG_ERR_INVALID)
			abort(); /* a parser must answer with a verdict, never fail otherwise */
		if (r && r->committed)
			abort(); /* a dry run never writes */
		tcreg_import_result_free(r);
	}
	/* the same bytes as an award policy: a verdict, and a run when valid */
	tcreg_policy *p = NULL;
	tcreg_diags *d = NULL;
	tcreg_status st = tcreg_policy_load(&p, path, NULL, &d);
	if (st != TCREG_OK && st != TCREG_ERR_CONFIG)
		abort();
	tcreg_diags_free(d);
	if (p) {
		struct tcreg_award_opts o = { .policy = p, .year = 2025 };
		char *js = NULL;
		st = tcreg_award(reg, &o, &js, &d);
		if (st != TCREG_OK && st != TCREG_ERR_CONFIG)
			abort();
		free(js);
		tcreg_diags_free(d);
		tcreg_policy_free(p);
	}
	return 0;
}
