/* SPDX-License-Identifier: MIT
 * cmd-point.c - tcreg point add|list|disable: the registration points
 * (合同登记点) of one registry.  Point 1, the registry's own office, is set
 * with init; the province's other points are added here.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

static const struct cli_option point_options[] = {
	{ .arg = N_("CODE"),
	  .help = N_("a point's 2-digit code when no other point has it, else its\n"
		     "region and code (6 digits, e.g. 230101)") },
	{ .name = "name", .arg = "NAME", .id = 'n', .sub = "add" },
	{ .name = "region", .arg = "CODE4", .id = 'r', .sub = "add" },
	{ .name = "area", .arg = N_("CODES"), .id = 'a',
	  .help = N_("the regions it serves (default: the province of its region)"), .sub = "add" },
	{ .name = "key-file", .arg = NC_("point", "FILE"), .id = 'k',
	  .help = N_("the station's Ed25519 key (PEM, public or private): its exports\n"
		     "must be signed with it"), .sub = "add" },
	{ .name = "json", .id = 'j', .sub = "list" },
	{ 0 },
};

const struct cli_command cli_cmd_point = {
	.name = "point",
	.fn = cmd_point,
	.summary = N_("registration points: the offices that file and number contracts"),
	.synopsis = N_("usage: tcreg point add CODE --name NAME --region CODE4 [--area CODES] [--key-file FILE]\n"
		      "   or: tcreg point list [--json]\n"
		      "   or: tcreg point disable CODE\n"),
	.options = point_options,
	.epilogue = N_("Point 1, the registry's own office, is set with 'tcreg init --agency-name --region --point'.\n"),
};

static int
add(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *region = NULL, *area = NULL, *key = NULL;
	int c;
	optind = 0; /* glibc: reinitialise */
	while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_point, "add")) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'r')
			region = optarg;
		else if (c == 'a')
			area = optarg;
		else if (c == 'k')
			key = optarg;
		else
			return EXIT_USAGE;
	}
	if (optind != argc - 1 || !name || !region)
		return cli_usage_error(ctx, _("usage: tcreg point add CODE --name NAME --region CODE4 [--area CODES] [--key-file FILE]"));
	const char *code = argv[optind];
	int rc = cli_open(ctx, false, false);
	if (rc)
		return rc;
	tcreg_status st = tcreg_point_add(ctx->reg, code, name, region, area, key, NULL);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, _("registration point %s%s (%s) added: its numbers start at 1 each year"), region, code,
		 name);
	return EXIT_OK;
}

static void
print_point(const json_t *o)
{
	printf("%-8s %s", cli_jstr(o, "point"), cli_jstr(o, "name"));
	if (json_is_string(json_object_get(o, "region_name")))
		printf("  %s", cli_jstr(o, "region_name"));
	if (cli_jnum(o, "id") == 1)
		printf("  %s", _("(the registry's own office)"));
	printf("  ");
	printf(_("contracts %lld, registered %lld"), cli_jnum(o, "contracts"), cli_jnum(o, "registered"));
	if (json_is_string(json_object_get(o, "area")))
		printf(_("  area %s"), cli_jstr(o, "area"));
	if (json_is_string(json_object_get(o, "key")))
		printf("  %s", _("(signed exports)"));
	if (json_is_string(json_object_get(o, "disabled_at")))
		printf(_("  (disabled %s)"), cli_jstr(o, "disabled_at"));
	putchar('\n');
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_list_tree(ctx, argc, argv, &cli_cmd_point, _("usage: tcreg point list [--json]"),
			     tcreg_points_tree, print_point,
			     _("no registration points: set the registry's own office with 'tcreg init "
			       "--agency-name NAME --region CODE --point NN'"));
}

static int
disable(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(ctx, _("usage: tcreg point disable CODE"));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_point_disable(ctx->reg, argv[1]);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, _("registration point %s disabled: it files and decides nothing new; its contracts "
			"and numbers stay"),
		 argv[1]);
	return EXIT_OK;
}

int
cmd_point(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "disable") == 0)
		return disable(ctx, argc - 1, argv + 1);
	return cli_usage_error(ctx, _("usage: tcreg point add|list|disable ..."));
}
