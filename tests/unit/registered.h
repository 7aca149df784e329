/* SPDX-License-Identifier: MIT
 * registered.h - a registry with the sample ledger imported and a reviewer acting,
 * and one decision on it: what the certify, report and migration tests share.
 */
#ifndef TEST_REGISTERED_H
#define TEST_REGISTERED_H

#include "helpers.h"

static inline tcreg_registry *
registry_with_contracts(char **path)
{
	tcreg_registry *reg = fresh_registry(path);
	assert_int_equal(tcreg_agency_set(reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	char sample[512];
	snprintf(sample, sizeof(sample), "%s/ledger-sample.csv", getenv("TESTDATA"));
	struct tcreg_import_opts o = { .path = sample };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_import(reg, &o, &r), TCREG_OK);
	tcreg_import_result_free(r);
	tcreg_registry_set_operator(reg, "reviewer");
	return reg;
}

static inline tcreg_status
decide(tcreg_registry *reg, int64_t id, tcreg_cert_action a, const struct tcreg_decision *d,
       char **reg_no)
{
	tcreg_diags *diags;
	tcreg_status st = tcreg_certify(reg, id, a, d, &diags, reg_no);
	tcreg_diags_free(diags);
	return st;
}

#endif
