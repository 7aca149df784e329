/* SPDX-License-Identifier: MIT
 * cmd-audit.c - tcreg audit verify: does the registry still say what tcreg
 * wrote?  Names every record and row changed outside tcreg, every
 * registration number missing, and proves the trail up to an anchor.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option audit_options[] = {
	{ .arg = N_("verify"),
	  .help = N_("exit status 0 when the registry is as tcreg wrote it; 1 naming each record\n"
		     "or row changed, added or removed outside tcreg and each missing number") },
	{ .name = "anchor", .arg = N_("HASH"), .id = 'a',
	  .help = N_("also prove the trail up to a chain head printed earlier (report, certificate)"),
	  .sub = "verify" },
	{ .name = "json", .id = 'j', .sub = "verify" },
	{ .arg = N_("risks"),
	  .help = N_("contracts worth a second look (split contracts, amounts bunched above a\n"
		     "threshold, circular trades, money round-tripped, ...); decides nothing") },
	{ .name = "year", .arg = "YYYY", .id = 'y', .sub = "risks" },
	{ .name = "point", .arg = "CODE", .id = 'p', .sub = "risks" },
	{ .letter = 'O', .arg = "FORMAT", .id = 'O', .sub = "risks" },
	{ .letter = 'o', .arg = "FILE", .id = 'o', .sub = "risks" },
	{ 0 },
};

const struct cli_command cli_cmd_audit = {
	.name = "audit",
	.fn = cmd_audit,
	.summary = N_("check the audit trail"),
	.synopsis = N_("usage: tcreg audit verify [--anchor HASH] [--json]\n"
		      "   or: tcreg audit risks [--year YYYY] [--point CODE] [-O txt|csv|json|html] [-o FILE]\n"),
	.options = audit_options,
};

static void
print_json(const tcreg_verify_result *r)
{
	json_t *o = json_object(), *a = json_array();
	json_object_set_new(o, "intact", json_boolean(r->n == 0 && r->more == 0));
	json_object_set_new(o, "records", json_integer(r->records));
	json_object_set_new(o, "rows", json_integer(r->rows));
	json_object_set_new(o, "head", json_string(r->head));
	if (r->anchor_id)
		json_object_set_new(o, "anchor_record", json_integer(r->anchor_id));
	for (size_t i = 0; i < r->n; i++) {
		const tcreg_finding *f = &r->findings[i];
		json_t *j = json_pack("{s:s}", "kind", f->kind);
		if (f->table[0])
			json_object_set_new(j, "table", json_string(f->table));
		if (f->key[0])
			json_object_set_new(j, "key", json_string(f->key));
		json_object_set_new(j, "detail", json_string(f->detail ? f->detail : ""));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "findings", a);
	json_object_set_new(o, "more_findings", json_integer((json_int_t)r->more));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

static void
print_text(struct cli_ctx *ctx, const tcreg_verify_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "tcreg: %s\n", r->findings[i].detail);
	if (r->more)
		fprintf(stderr, _("tcreg: and %zu more findings (--json lists the first 10000)\n"), r->more);
	if (r->n || r->more) {
		size_t n = r->n + r->more;
		printf(ngettext("audit verify: %zu finding in %lld records and %lld rows\n",
				"audit verify: %zu findings in %lld records and %lld rows\n", n),
		       n, (long long)r->records, (long long)r->rows);
		return;
	}
	if (ctx->verbosity >= 0) {
		printf(_("audit trail intact: %lld records; every one of %lld rows as tcreg wrote it\n"),
		       (long long)r->records, (long long)r->rows);
		if (r->anchor_id)
			printf(_("the trail up to the anchor (record %lld) is unchanged\n"), (long long)r->anchor_id);
		printf(_("chain head: %s\n"), r->head);
	}
}

static int
verify(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *anchor = NULL;
	bool json = false;
	int c;
	optind = 0; /* glibc: reinitialise */
	while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_audit, "verify")) != -1) {
		if (c == 'a')
			anchor = optarg;
		else if (c == 'j')
			json = true;
		else
			return EXIT_USAGE;
	}
	if (optind != argc)
		return cli_usage_error(ctx, _("usage: tcreg audit verify [--anchor HASH] [--json]"));
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	tcreg_verify_result *r;
	tcreg_status st = tcreg_registry_check_operator(ctx->reg, "auditor");
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	st = tcreg_registry_verify(ctx->reg, anchor, &r);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (json)
		print_json(r);
	else
		print_text(ctx, r);
	code = r->n || r->more ? EXIT_NO : EXIT_OK;
	tcreg_verify_result_free(r);
	return code;
}

int
cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "risks") == 0)
		return audit_risks(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify(ctx, argc - 1, argv + 1);
	return cli_usage_error(ctx, _("usage: tcreg audit verify [--anchor HASH] [--json]"));
}
