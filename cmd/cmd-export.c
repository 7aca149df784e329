/* SPDX-License-Identifier: MIT
 * cmd-export.c - tcreg export [--since EXPORT_ID] [--key-file F] -o FILE:
 * a station's work since its last export, as one bundle for the province
 * (tcreg-bundle(5)).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option export_options[] = {
	{ .name = "since", .arg = N_("EXPORT_ID"), .id = 's',
	  .help = N_("start after that export (default: the last one; 0: from the start);\n"
		     "the exports after it are written again, as one") },
	{ .name = "key-file", .arg = N_("F"), .id = 'k',
	  .help = N_("sign with the station's Ed25519 private key (PEM)") },
	{ .name = "output", .letter = 'o', .arg = NC_("export", "FILE"), .id = 'o',
	  .help = N_("the bundle to write (never an existing file)") },
	{ 0 },
};

const struct cli_command cli_cmd_export = {
	.name = "export",
	.fn = cmd_export,
	.summary = N_("a station's work since its last export, as one file for the province"),
	.synopsis = N_("usage: tcreg export [--since EXPORT_ID] [--key-file F] -o FILE\n"),
	.options = export_options,
};

int
cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *key = NULL, *out = NULL;
	long long since = -1;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_export)) != -1) {
		char *end;
		switch (c) {
		case 's':
			since = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end || since < 0)
				return cli_usage_error(ctx, _("--since takes an export number (%s)"), optarg);
			break;
		case 'k': key = optarg; break;
		case 'o': out = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc || !out)
		return cli_usage_error(ctx, _("usage: tcreg export [--since EXPORT_ID] [--key-file F] -o FILE"));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_export_result r;
	tcreg_status st = tcreg_export(ctx->reg, since, key, out, &r);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, _("export %lld written to %s: %lld contracts, %lld parties, %lld payments, audit records %lld to %lld%s"),
		 (long long)r.seq, out, (long long)r.contracts, (long long)r.parties, (long long)r.payments,
		 (long long)r.audit_from + 1, (long long)r.audit_to, r.signed_ ? _(", signed") : "");
	cli_note(ctx, _("hash %s (follows %s)"), r.hash, r.prev_hash);
	return EXIT_OK;
}
