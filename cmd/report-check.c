/* SPDX-License-Identifier: MIT
 * report-check.c - tcreg report --check and --rebuild: the report's
 * rollups summed again from the contracts, each difference named; and
 * made anew.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"
#include "report-out.h"

/* "count 3, amount 1234.00 元, technology 1000.00 元", or "none" */
static void
sums_text(json_t *s, char *out, size_t size)
{
	if (!json_is_object(s)) {
		snprintf(out, size, "%s", _("none"));
		return;
	}
	char total[48], tech[48];
	tcreg_amount_format(json_integer_value(json_object_get(s, "total_amount_fen")), total, sizeof(total));
	tcreg_amount_format(json_integer_value(json_object_get(s, "tech_amount_fen")), tech, sizeof(tech));
	snprintf(out, size, _("count %lld, amount %s 元, technology %s 元"),
		 (long long)json_integer_value(json_object_get(s, "count")), total, tech);
}

/* a key as people read it: the U+001F between a point and its name a space */
static void
key_text(const char *key, char *out, size_t size)
{
	snprintf(out, size, "%s", key);
	for (char *p = strchr(out, '\x1f'); p; p = strchr(p, '\x1f'))
		*p = ' ';
}

int
report_check(struct cli_ctx *ctx, bool json)
{
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	json_t *drift;
	tcreg_status st = tcreg_report_check_tree(ctx->reg, &drift);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	size_t i, n = json_array_size(drift);
	json_t *d;
	if (json) {
		json_dumpf(drift, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		json_array_foreach(drift, i, d) {
			char key[256], want[160], found[160];
			key_text(json_string_value(json_object_get(d, "key")), key, sizeof(key));
			sums_text(json_object_get(d, "expected"), want, sizeof(want));
			sums_text(json_object_get(d, "found"), found, sizeof(found));
			printf(_("%s point %lld %s '%s': the contracts add up to %s; the rollup holds %s\n"),
			       json_string_value(json_object_get(d, "month")),
			       (long long)json_integer_value(json_object_get(d, "point_id")),
			       json_string_value(json_object_get(d, "dim")), key, want, found);
		}
	}
	json_decref(drift);
	if (n) {
		cli_error(ctx, EXIT_NO, _("%zu rollup rows differ from the contracts; make them anew with 'tcreg report --rebuild'"), n);
		return cli_finish_stdout(ctx, EXIT_NO);
	}
	cli_note(ctx, "%s", _("the report rollups agree with the contracts"));
	return cli_finish_stdout(ctx, EXIT_OK);
}

int
report_rebuild(struct cli_ctx *ctx)
{
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_report_rebuild(ctx->reg);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, "%s", _("the report rollups are summed anew from the contracts"));
	return EXIT_OK;
}
