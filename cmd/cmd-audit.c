/* SPDX-License-Identifier: MIT
 * cmd-audit.c - tcreg audit verify: check that the audit trail's hash chain
 * is whole, so an edited or deleted record is noticed.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "risks") == 0)
		return audit_risks(ctx, argc - 1, argv + 1);
	if (argc != 2 || strcmp(argv[1], "verify") != 0)
		return cli_usage_error(ctx, _("usage: tcreg audit verify"));
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	int64_t rows, bad;
	tcreg_status st = tcreg_audit_verify(ctx->reg, &rows, &bad);
	if (st == TCREG_ERR_INVALID) {
		cli_error(ctx, EXIT_NO, "%s", tcreg_registry_errmsg(ctx->reg));
		return EXIT_NO;
	}
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	printf(_("audit trail intact: %lld records\n"), (long long)rows);
	return EXIT_OK;
}
