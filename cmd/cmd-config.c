/* SPDX-License-Identifier: MIT
 * cmd-config.c - tcreg config: the office's settings kept in the registry
 * (large-contract threshold, review days, single-clerk offices, the
 * registration number template).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
