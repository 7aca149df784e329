/* SPDX-License-Identifier: MIT
 * cmd-config.c - tcreg config: the office's settings kept in the registry
 * (large-contract threshold, review days, single-clerk offices, the
 * registration number template).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option config_options[] = {
	{ .arg = N_("large_threshold"), .help = N_("元 from which the expert-review track applies (5000000)") },
	{ .arg = N_("review_days"), .help = N_("working days to decide (15)") },
	{ .arg = N_("review_days_large"), .help = N_("on the large track (30)") },
	{ .arg = N_("allow_single_clerk"),
	  .help = N_("may the clerk who entered a contract decide on it (no)") },
	{ .arg = N_("reg_no_template"), .help = N_("{year4}{region4}{point2}{seq6}") },
	{ .arg = N_("amount_ceiling"), .help = N_("元 above which no amount is plausible (10000000000)") },
	{ 0 },
};

const struct cli_command cli_cmd_config = {
	.name = "config",
	.fn = cmd_config,
	.summary = N_("show or change the office's settings"),
	.synopsis = N_("usage: tcreg config [KEY [VALUE]]\n"),
	.options = config_options,
};

int
cmd_config(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 3)
		return cli_usage_error(ctx, _("usage: tcreg config [KEY [VALUE]]"));
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return cli_usage_error(ctx, _("unknown option '%s'"), argv[i]);
	int code = cli_open(ctx, argc == 3, argc < 3);
	if (code)
		return code;
	if (argc == 3) {
		tcreg_status st = tcreg_config_set(ctx->reg, argv[1], argv[2]);
		if (st != TCREG_OK)
			return cli_fail(ctx, st, NULL);
		char *v = NULL;
		tcreg_config_get(ctx->reg, argv[1], &v);
		cli_note(ctx, _("%s set to %s"), argv[1], v ? v : argv[2]);
		free(v);
		return EXIT_OK;
	}
	for (const char *const *k = tcreg_config_keys(); *k; k++) {
		if (argc == 2 && strcmp(argv[1], *k) != 0)
			continue;
		char *v = NULL;
		tcreg_status st = tcreg_config_get(ctx->reg, *k, &v);
		if (st != TCREG_OK)
			return cli_fail(ctx, st, NULL);
		if (argc == 2)
			printf("%s\n", v);
		else
			printf("%s=%s\n", *k, v);
		free(v);
		if (argc == 2)
			return EXIT_OK;
	}
	if (argc == 2)
		return cli_usage_error(ctx, _("unknown setting '%s'"), argv[1]);
	return EXIT_OK;
}
