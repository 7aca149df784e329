/* SPDX-License-Identifier: MIT
 * cmd-backup.c - tcreg backup FILE / tcreg restore FILE [--force]: an
 * online copy of the registry, verified before it is called a backup; and
 * the way back, verified before anything is replaced.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

const struct cli_command cli_cmd_backup = {
	.name = "backup",
	.fn = cmd_backup,
	.summary = N_("an online copy of the registry, verified"),
	.synopsis = N_("usage: tcreg backup FILE\n"),
	.epilogue = N_("A consistent copy taken while clerks work, verified with the registry's key, then\n"
		      "renamed into place. The key (REGISTRY.key) is not in it: back the key up once, apart.\n"
		      "\n"
		      "Example (crontab, nightly, a week of copies):\n"
		      "  30 2 * * * tcreg -q backup /srv/backup/tcreg-$(date +\\%a).db\n"),
};

static const struct cli_option restore_options[] = {
	{ .name = "force", .id = 'f',
	  .help = N_("restore even when the registry holds audit records the backup lacks") },
	{ 0 },
};

const struct cli_command cli_cmd_restore = {
	.name = "restore",
	.fn = cmd_restore,
	.summary = N_("put a verified backup back"),
	.synopsis = N_("usage: tcreg restore FILE [--force]\n"),
	.options = restore_options,
};

int
cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(ctx, _("usage: tcreg backup FILE"));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_registry_check_operator(ctx->reg, "admin");
	tcreg_verify_result *r = NULL;
	if (st == TCREG_OK)
		st = tcreg_backup(ctx->reg, argv[1], &r);
	if (st == TCREG_OK)
		cli_note(ctx, _("backup %s: %lld audit records, %lld rows, verified; chain head %s"), argv[1],
			 (long long)r->records, (long long)r->rows, r->head);
	tcreg_verify_result_free(r);
	return st == TCREG_OK ? EXIT_OK : cli_fail(ctx, st, NULL);
}

int
cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
	bool force = false;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_restore)) != -1) {
		if (c != 'f')
			return EXIT_USAGE;
		force = true;
	}
	if (optind != argc - 1)
		return cli_usage_error(ctx, _("usage: tcreg restore FILE [--force]"));
	const char *src = argv[optind];
	if (access(src, R_OK) != 0)
		return cli_error(ctx, EXIT_NOINPUT, _("cannot read the backup '%s'"), src);
	/* a registry lost with its disk comes back where it was, with the key
	 * that was backed up apart: without the key nothing can be verified */
	struct stat sb;
	bool fresh = stat(ctx->db_path, &sb) != 0;
	char *key = NULL;
	if (fresh && (asprintf(&key, "%s.key", ctx->db_path) < 0 || access(key, F_OK) != 0)) {
		int code = cli_error(ctx, EXIT_CONFIG,
				     _("no registry at '%s' and no key beside it: put the key that was backed up "
				       "with it at '%s' first"),
				     ctx->db_path, key ? key : "");
		free(key);
		return code;
	}
	free(key);
	int code = cli_open(ctx, fresh, false);
	if (code)
		return code;
	tcreg_status st = fresh ? TCREG_OK : tcreg_registry_check_operator(ctx->reg, "admin");
	tcreg_verify_result *r = NULL;
	if (st == TCREG_OK)
		st = tcreg_restore(ctx->reg, src, force || fresh, &r);
	if (st == TCREG_OK)
		cli_note(ctx, _("restored %s from %s: %lld audit records, %lld rows, verified"), ctx->db_path, src,
			 (long long)r->records, (long long)r->rows);
	tcreg_verify_result_free(r);
	return st == TCREG_OK ? EXIT_OK : cli_fail(ctx, st, NULL);
}
