/* SPDX-License-Identifier: MIT
 * cmd-merge.c - tcreg merge FILE [--dry-run] [--json]: a station's bundle
 * taken into the provincial registry; tcreg merge --conflicts [--all]
 * [--json] lists contracts filed at two points; tcreg merge --resolve ID
 * --revoke|--keep --note TEXT decides one.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option merge_options[] = {
	{ .name = "dry-run", .id = 'n', .help = N_("check and count, change nothing") },
	{ .name = "conflicts", .id = 'c',
	  .help = N_("contracts filed at two points (one registration only), open ones\n"
		     "unless --all") },
	{ .name = "resolve", .arg = N_("ID"), .id = 'r',
	  .help = N_("decide one: --revoke the later filing (V03), or --keep both") },
	{ .name = "json", .id = 'j' },
	{ .name = "all", .id = 'a' },
	{ .name = "revoke", .id = 'R' },
	{ .name = "keep", .id = 'K' },
	{ .name = "note", .arg = "TEXT", .id = 'N' },
	{ 0 },
};

const struct cli_command cli_cmd_merge = {
	.name = "merge",
	.fn = cmd_merge,
	.summary = N_("take a station's export into the provincial registry"),
	.synopsis = N_("usage: tcreg merge FILE [--dry-run] [--json]\n"
		      "   or: tcreg merge --conflicts [--all] [--json]\n"
		      "   or: tcreg merge --resolve ID --revoke|--keep --note TEXT\n"),
	.options = merge_options,
};

static json_t *
conflicts_json(const tcreg_merge_result *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->n_conflicts; i++) {
		const tcreg_merge_conflict *k = &r->conflicts[i];
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s, s:b, s:s?}", "id",
						   (json_int_t)k->id, "rule", k->rule, "station", k->station,
						   "contract_no", k->contract_no, "reg_no", k->reg_no, "twin_reg_no",
						   k->twin_reg_no, "twin_point", k->twin_point, "merged", k->merged_id != 0,
						   "outcome", k->outcome));
	}
	return a;
}

static int
print_json(struct cli_ctx *ctx, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (!text)
		return cli_fail(ctx, TCREG_ERR_NOMEM, NULL);
	printf("%s\n", text);
	free(text);
	return cli_finish_stdout(ctx, EXIT_OK);
}

static const char *
state_of(const tcreg_merge_conflict *k)
{
	if (k->outcome)
		return strcmp(k->outcome, "revoked") == 0 ? _("revoked (V03)") : _("both kept");
	return k->merged_id ? _("taken in, waiting for a decision") : _("held out, waiting for a decision");
}

static void
print_conflicts(const tcreg_merge_result *r)
{
	for (size_t i = 0; i < r->n_conflicts; i++) {
		const tcreg_merge_conflict *k = &r->conflicts[i];
		printf(_("conflict %lld (%s): contract %s (%s) of %s is filed at %s already (%s): %s\n"),
		       (long long)k->id,
		       strcmp(k->rule, "same_number") == 0 ? _("same seller and number")
							   : _("same parties, project, date and amount"),
		       k->contract_no, k->reg_no ? k->reg_no : "-", k->station, k->twin_point,
		       k->twin_reg_no ? k->twin_reg_no : "-", state_of(k));
	}
}

static int
report_json(struct cli_ctx *ctx, const tcreg_merge_result *r, bool dry)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:b, s:b, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:o}", "station",
			      r->station, "name", r->station_name ? r->station_name : "", "seq", (json_int_t)r->seq,
			      "hash", r->hash, "dry_run", dry, "nothing_new", r->nothing_new, "point_created",
			      r->point_created, "signature_checked", r->signature_checked, "contracts_new",
			      (json_int_t)r->contracts_new, "contracts_updated", (json_int_t)r->contracts_updated,
			      "parties_new", (json_int_t)r->parties_new, "payments_new", (json_int_t)r->payments_new,
			      "audit_records", (json_int_t)r->audit_records, "conflicts", conflicts_json(r));
	return print_json(ctx, j);
}

static int
report(struct cli_ctx *ctx, const tcreg_merge_result *r, bool dry, bool json)
{
	if (json)
		return report_json(ctx, r, dry);
	if (r->nothing_new) {
		printf(_("export %lld of station %s was merged already: nothing new\n"), (long long)r->seq, r->station);
		return cli_finish_stdout(ctx, EXIT_OK);
	}
	if (r->point_created)
		printf(dry ? _("new point %s (%s) would be added\n") : _("new point %s (%s) added\n"), r->station,
		       r->station_name);
	printf(dry ? _("export %lld of station %s would merge: %lld contracts new, %lld updated, %lld parties new, "
		       "%lld payments new, %lld audit records%s\n")
		   : _("export %lld of station %s merged: %lld contracts new, %lld updated, %lld parties new, "
		       "%lld payments new, %lld audit records%s\n"),
	       (long long)r->seq, r->station, (long long)r->contracts_new, (long long)r->contracts_updated,
	       (long long)r->parties_new, (long long)r->payments_new, (long long)r->audit_records,
	       r->signature_checked ? _("; signature checked") : "");
	print_conflicts(r);
	return cli_finish_stdout(ctx, EXIT_OK);
}

static int
list_conflicts(struct cli_ctx *ctx, bool all, bool json)
{
	tcreg_merge_result *r = NULL;
	tcreg_status st = tcreg_merge_conflicts(ctx->reg, all, &r);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	int code;
	if (json) {
		code = print_json(ctx, conflicts_json(r));
	} else {
		if (r->n_conflicts == 0)
			printf("%s\n", all ? _("no conflicts") : _("no open conflicts"));
		print_conflicts(r);
		code = cli_finish_stdout(ctx, EXIT_OK);
	}
	tcreg_merge_result_free(r);
	return code;
}

struct merge_opts {
	bool dry, json, conflicts, all;
	const char *resolve, *outcome, *note;
};

static int
parse(struct cli_ctx *ctx, int argc, char **argv, struct merge_opts *o)
{
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_merge)) != -1) {
		switch (c) {
		case 'n': o->dry = true; break;
		case 'j': o->json = true; break;
		case 'c': o->conflicts = true; break;
		case 'a': o->all = true; break;
		case 'r': o->resolve = optarg; break;
		case 'R': o->outcome = "revoke"; break;
		case 'K': o->outcome = "keep"; break;
		case 'N': o->note = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	return 0;
}

static int
resolve(struct cli_ctx *ctx, const struct merge_opts *o)
{
	char *end;
	long long id = strtoll(o->resolve, &end, 10);
	if (*end || id <= 0)
		return cli_usage_error(ctx, _("--resolve takes a conflict number (%s)"), o->resolve);
	tcreg_status st = tcreg_merge_resolve(ctx->reg, id, o->outcome, o->note);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, strcmp(o->outcome, "revoke") == 0 ? _("conflict %lld: the later filing is revoked (V03)")
							: _("conflict %lld: both filings are kept"),
		 id);
	return EXIT_OK;
}

int
cmd_merge(struct cli_ctx *ctx, int argc, char **argv)
{
	struct merge_opts o = { 0 };
	int code = parse(ctx, argc, argv, &o);
	if (code)
		return code;
	bool file = optind == argc - 1 && !o.conflicts && !o.resolve && !o.all;
	bool list = optind == argc && o.conflicts && !o.resolve && !o.dry;
	bool decide = optind == argc && o.resolve && !o.conflicts && !o.dry && !o.json && !o.all;
	if (!file && !list && !decide)
		return cli_usage_error(ctx, _("usage: tcreg merge FILE [--dry-run] [--json]\n"
					      "   or: tcreg merge --conflicts [--all] [--json]\n"
					      "   or: tcreg merge --resolve ID --revoke|--keep --note TEXT"));
	if (decide && (!o.outcome || !o.note))
		return cli_usage_error(ctx, _("--resolve needs --revoke or --keep, and --note"));
	if ((code = cli_open(ctx, false, false)))
		return code;
	if (list)
		return list_conflicts(ctx, o.all, o.json);
	if (decide)
		return resolve(ctx, &o);
	tcreg_merge_result *r = NULL;
	tcreg_status st = tcreg_merge(ctx->reg, argv[optind], o.dry, &r);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	code = report(ctx, r, o.dry, o.json);
	tcreg_merge_result_free(r);
	return code;
}
