/* SPDX-License-Identifier: MIT
 * test-document.c - YAML and JSON documents (document.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"

static void
documents(void **state)
{
	struct fixture *f = *state;
	const char *yaml = "- 合同编号: D-1\n"
			   "  project_name: 文档登记\n"
			   "  category: 技术咨询\n"
			   "  seller: {name: 甲所, region: '2301', nature: 科研机构}\n"
			   "  buyer: {name: 乙厂, region: 哈尔滨, nature: 企业}\n"
			   "  total_amount_fen: 1000000\n"
			   "  tech_amount: 10000\n"
			   "  sign_date: 2025-05-05\n"
			   "  valid_from: 2025-05-05\n"
			   "  valid_to: 2025-06-05\n"
			   "  tech_field: 农业\n"
			   "- contract_no: D-2\n"
			   "  colour: red\n";
	char *path = tmpfile_str(yaml, ".yaml");
	struct tcreg_import_opts o = { .path = path, .display_name = "c.yaml" };
	struct tcreg_import_result *r;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_ERR_INVALID);
	assert_int_equal(r->inserted, 1);
	assert_int_equal(r->rejected, 1);
	const struct tcreg_diag *d = find_diag(r, "E_UNKNOWN_KEY");
	assert_non_null(d);
	assert_int_equal(d->line, 13);
	assert_int_equal(d->col, 3);
	tcreg_import_result_free(r);
	assert_int_equal(count(f->reg, "SELECT count(*) FROM contract"), 0);
	/* the shown JSON registers as it is (into another registry) */
	const char *one = "{\"contract_no\": \"D-1\", \"project_name\": \"x\", \"category\": \"技术咨询\", "
			  "\"seller\": {\"name\": \"甲所\", \"uscc\": null, \"region\": \"2301\", \"region_name\": \"哈尔滨市\", \"nature\": \"科研机构\"}, "
			  "\"buyer\": {\"name\": \"乙厂\", \"region\": \"2301\", \"nature\": \"企业法人\"}, "
			  "\"total_amount_fen\": 100, \"tech_amount_fen\": 100, \"sign_date\": \"2025-05-05\", "
			  "\"valid_from\": \"2025-05-05\", \"valid_to\": \"2025-06-05\", \"tech_field\": \"农业\", "
			  "\"status\": \"submitted\", \"id\": 7}";
	char *jpath = tmpfile_str(one, ".json");
	o.path = jpath;
	assert_int_equal(tcreg_register_document(f->reg, &o, &r), TCREG_OK);
	assert_int_equal(r->inserted, 1);
	tcreg_import_result_free(r);
	unlink(path);
	unlink(jpath);
	free(path);
	free(jpath);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(documents, fresh_setup, fresh_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
