/* SPDX-License-Identifier: MIT
 * cmd-init.c - tcreg init: create or upgrade the registry (idempotent) and
 * set the agency profile that goes into registration numbers.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { O_NAME = 256, O_REGION, O_POINT, O_AREA, O_FORCE };

static const struct cli_option init_options[] = {
	{ .name = "agency-name", .arg = N_("NAME"), .id = O_NAME,
	  .help = N_("name of the registration office") },
	{ .name = "region", .arg = N_("CODE4"), .id = O_REGION,
	  .help = N_("its 4-digit region code (e.g. 2301)") },
	{ .name = "point", .arg = N_("NN"), .id = O_POINT,
	  .help = N_("its 2-digit registration point number") },
	{ .name = "area", .arg = N_("LIST"), .id = O_AREA,
	  .help = N_("the area it serves: region codes separated by commas (2300\n"
		     "takes every city of 黑龙江), or all; default: its province") },
	{ .name = "force", .id = O_FORCE, .help = N_("change the region or point after numbers were issued") },
	{ 0 },
};

const struct cli_command cli_cmd_init = {
	.name = "init",
	.fn = cmd_init,
	.summary = N_("create or upgrade the registry and set the agency profile"),
	.synopsis = N_("usage: tcreg init [--agency-name NAME --region CODE4 --point NN] [--area LIST] [--force]\n"),
	.options = init_options,
};

int
cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *region = NULL, *point = NULL, *area = NULL;
	unsigned flags = 0;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_init)) != -1) {
		switch (c) {
		case O_NAME: name = optarg; break;
		case O_REGION: region = optarg; break;
		case O_POINT: point = optarg; break;
		case O_AREA: area = optarg; break;
		case O_FORCE: flags |= TCREG_AGENCY_FORCE; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	int code = cli_open(ctx, true, false);
	if (code)
		return code;

	char *oname = NULL, *oregion = NULL, *opoint = NULL;
	tcreg_status st = tcreg_agency_get(ctx->reg, &oname, &oregion, &opoint);
	if (st != TCREG_OK && st != TCREG_ERR_NOT_FOUND)
		return cli_fail(ctx, st, NULL);
	if (name || region || point || area) {
		/* what is not given keeps its registered value */
		const char *n = name ? name : oname, *r = region ? region : oregion,
			   *p = point ? point : opoint;
		if (!n || !r || !p) {
			free(oname);
			free(oregion);
			free(opoint);
			return cli_usage_error(ctx, _("a new agency profile needs --agency-name, --region and --point"));
		}
		st = tcreg_agency_update(ctx->reg, n, r, p, area, flags);
		free(oname);
		free(oregion);
		free(opoint);
		oname = oregion = opoint = NULL;
		if (st != TCREG_OK)
			return cli_fail(ctx, st, NULL);
		st = tcreg_agency_get(ctx->reg, &oname, &oregion, &opoint);
		if (st != TCREG_OK)
			return cli_fail(ctx, st, NULL);
	}
	cli_note(ctx, _("registry '%s' is ready (schema version %d)"), ctx->db_path,
		 tcreg_registry_schema_version(ctx->reg));
	char *oarea = NULL;
	if (oname && tcreg_agency_area(ctx->reg, &oarea) == TCREG_OK && oarea)
		cli_note(ctx, _("agency: %s (region %s, point %s, area %s)"), oname, oregion, opoint, oarea);
	else if (oname)
		cli_note(ctx, _("agency: %s (region %s, point %s)"), oname, oregion, opoint);
	else
		cli_note(ctx, _("no agency profile yet: set it with --agency-name, --region and --point"));
	free(oarea);
	free(oname);
	free(oregion);
	free(opoint);
	return EXIT_OK;
}
