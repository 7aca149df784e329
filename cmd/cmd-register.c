/* SPDX-License-Identifier: MIT
 * cmd-register.c - tcreg register: contracts from YAML/JSON documents, or a
 * batch import of a contract or payment ledger.  Prints every problem as
 * file:line: column: reason (value), one summary line on stderr, and with
 * --json the outcome on stdout.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { O_CSV = 256, O_PAYMENTS, O_ENCODING, O_KEEP, O_REJECTS, O_UPDATE, O_JSON, O_SHEET, O_POINT };

static const struct cli_option register_options[] = {
	{ .arg = N_("(no file)"), .help = N_("type contracts in, one field at a time") },
	{ .name = "csv", .arg = N_("FILE"), .id = O_CSV,
	  .help = N_("import a contract ledger (CSV, or an Excel .xlsx workbook)") },
	{ .name = "payments", .arg = N_("FILE"), .id = O_PAYMENTS,
	  .help = N_("import money actually received (实际到账)") },
	{ .name = "sheet", .arg = N_("NAME|N"), .id = O_SHEET,
	  .help = N_("the workbook's sheet, by name or number (default: first)") },
	{ .name = "encoding", .arg = N_("ENC"), .id = O_ENCODING,
	  .help = N_("auto (default), utf-8, gb18030, utf-16") },
	{ .name = "dry-run", .letter = 'n', .id = 'n', .help = N_("check everything, then write nothing") },
	{ .name = "keep-going", .id = O_KEEP, .help = N_("write the good rows even when some are rejected") },
	{ .name = "rejects", .arg = N_("FILE"), .id = O_REJECTS,
	  .help = N_("write rejected rows there, with _line,_code,_reason\n"
		     "(FILE.xlsx: an Excel workbook)") },
	{ .name = "force", .letter = 'f', .id = 'f',
	  .help = N_("import a file whose content was imported before") },
	{ .name = "update", .id = O_UPDATE, .help = N_("let a changed row replace a submitted contract") },
	{ .name = "json", .id = O_JSON, .help = N_("print the outcome as JSON on stdout") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("file the contracts at that registration point (default: the\n"
		     "operator's one point, else the registry's own office)") },
	{ 0 },
};

const struct cli_command cli_cmd_register = {
	.name = "register",
	.fn = cmd_register,
	.summary = N_("register contracts from documents or import a ledger"),
	.synopsis = N_("usage: tcreg register [options] FILE.yaml|FILE.json...\n"
		      "   or: tcreg register --csv LEDGER.csv|LEDGER.xlsx [options]\n"
		      "   or: tcreg register --payments PAYMENTS.csv|PAYMENTS.xlsx [options]\n"
		      "   or: tcreg register\n"),
	.options = register_options,
	.epilogue = N_("Example:\n"
		      "  tcreg register --csv 台账.csv --keep-going --rejects 退回.csv\n"),
};

struct progress {
	bool on;
	struct timespec last;
	bool drawn;
};

static void
draw_progress(void *ud, uint64_t done, uint64_t total)
{
	struct progress *p = ud;
	if (!p->on || total == 0)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
	if (p->drawn && ms < 100 && done < total)
		return; /* at most ten times a second */
	p->last = now;
	int pct = (int)(done * 100 / total);
	int fill = pct * 30 / 100;
	fprintf(stderr, "\r[");
	for (int i = 0; i < 30; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%  %.1f/%.1f MB\033[K", pct, done / 1e6, total / 1e6);
	p->drawn = true;
}

static void
clear_progress(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = false;
}

static json_t *
diag_json(const struct tcreg_diag *x, const char *sheet)
{
	char *msg = cli_diag_message(x, false);
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(x->line));
	if (x->col)
		json_object_set_new(o, "col", json_integer(x->col));
	if (sheet && x->line) { /* a workbook's row and cell, as Excel names them */
		char ref[600];
		json_object_set_new(o, "cell", json_string(cli_cell_ref(sheet, x->line, x->col, ref,
									 sizeof(ref))));
	}
	json_object_set_new(o, "column", x->column ? json_string(x->column) : json_null());
	json_object_set_new(o, "code", json_string(x->code ? x->code : ""));
	json_object_set_new(o, "message", json_string(msg ? msg : ""));
	json_object_set_new(o, "value", x->value ? json_string(x->value) : json_null());
	free(msg);
	return o;
}

static void
print_json(const struct tcreg_import_result *r, unsigned flags)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(r->file));
	json_object_set_new(o, "encoding", json_string(tcreg_encoding_name(r->encoding)));
	json_object_set_new(o, "format", json_string(r->sheet ? "xlsx" : "csv"));
	if (r->sheet)
		json_object_set_new(o, "sheet", json_string(r->sheet));
	json_object_set_new(o, "sha256", json_string(r->sha256));
	json_object_set_new(o, "rows", json_integer(r->rows));
	json_object_set_new(o, "inserted", json_integer(r->inserted));
	json_object_set_new(o, "updated", json_integer(r->updated));
	json_object_set_new(o, "unchanged", json_integer(r->unchanged));
	json_object_set_new(o, "conflicts", json_integer(r->conflicts));
	json_object_set_new(o, "rejected", json_integer(r->rejected));
	json_object_set_new(o, "parties_updated", json_integer(r->parties_updated));
	json_object_set_new(o, "committed", json_boolean(r->committed));
	json_object_set_new(o, "dry_run", json_boolean(flags & TCREG_IMPORT_DRY_RUN));
	json_object_set_new(o, "batch_id", r->batch_id ? json_integer(r->batch_id) : json_null());
	json_t *errs = json_array(), *warns = json_array();
	for (size_t i = 0; i < tcreg_diags_count(r->diags); i++) {
		const struct tcreg_diag *x = tcreg_diags_get(r->diags, i);
		json_array_append_new(x->severity == TCREG_SEV_ERROR ? errs : warns, diag_json(x, r->sheet));
	}
	json_object_set_new(o, "errors", errs);
	json_object_set_new(o, "warnings", warns);
	json_object_set_new(o, "errors_not_listed", json_integer((json_int_t)tcreg_diags_dropped(r->diags)));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(o);
}

static void
summary(struct cli_ctx *ctx, const struct tcreg_import_result *r, unsigned flags, bool documents)
{
	if (ctx->verbosity < 0 && r->committed)
		return;
	char outcome[256];
	if (r->committed && r->parties_updated)
		snprintf(outcome, sizeof(outcome), _("saved as batch %lld; %ld parties changed their details (registered contracts keep theirs)"),
			 (long long)r->batch_id, r->parties_updated);
	else if (r->committed)
		snprintf(outcome, sizeof(outcome), _("saved as batch %lld"), (long long)r->batch_id);
	else if (flags & TCREG_IMPORT_DRY_RUN)
		snprintf(outcome, sizeof(outcome), "%s", _("dry run: nothing written"));
	else if (r->previous_batch > 0) /* the real cause, whatever the rows say */
		snprintf(outcome, sizeof(outcome), _("nothing written: imported before as batch %ld (use --force)"),
			 r->previous_batch);
	else if (r->rejected + r->conflicts > 0 && r->rows > 0 && (flags & TCREG_IMPORT_KEEP_GOING))
		snprintf(outcome, sizeof(outcome), "%s", _("nothing written: no row could be saved"));
	else if (r->rejected + r->conflicts > 0 && r->rows > 0)
		snprintf(outcome, sizeof(outcome), "%s",
			 _("nothing written (use --keep-going to save the good rows)"));
	else
		snprintf(outcome, sizeof(outcome), "%s", _("nothing written"));
	fflush(stdout);
	fprintf(stderr, "tcreg %s: ", ctx->cmd);
	if (documents)
		fprintf(stderr, _("%s: %ld contracts: %ld inserted, %ld updated, %ld unchanged, "
				  "%ld conflicts, %ld rejected; %s\n"),
			r->file, r->rows, r->inserted, r->updated, r->unchanged, r->conflicts,
			r->rejected, outcome);
	else if (r->encoding == TCREG_ENC_AUTO) /* refused before a byte of it was read */
		fprintf(stderr, _("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged, "
				  "%ld conflicts, %ld rejected; %s\n"),
			r->file, r->rows, r->inserted, r->updated, r->unchanged, r->conflicts,
			r->rejected, outcome);
	else if (r->sheet)
		fprintf(stderr, _("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged, "
				  "%ld conflicts, %ld rejected; sheet '%s'; %s\n"),
			r->file, r->rows, r->inserted, r->updated, r->unchanged, r->conflicts,
			r->rejected, r->sheet, outcome);
	else
		fprintf(stderr, _("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged, "
				  "%ld conflicts, %ld rejected; encoding %s; %s\n"),
			r->file, r->rows, r->inserted, r->updated, r->unchanged, r->conflicts,
			r->rejected, tcreg_encoding_name(r->encoding), outcome);
}

static int
run_one(struct cli_ctx *ctx, struct tcreg_import_opts *o, bool json, bool documents)
{
	struct progress pr = { .on = !documents && !json && ctx->verbosity >= 0 && isatty(2) };
	o->progress = draw_progress;
	o->progress_ud = &pr;
	struct tcreg_import_result *r = NULL;
	tcreg_status st = documents ? tcreg_register_document(ctx->reg, o, &r)
				    : tcreg_import(ctx->reg, o, &r);
	clear_progress(&pr);
	int code = cli_exit_code(st);
	if (!r)
		return cli_fail(ctx, st, NULL);
	if (st != TCREG_OK && st != TCREG_ERR_INVALID) {
		/* the import stopped: say why; counts mean nothing here */
		cli_print_sheet_diags(ctx, r->file, r->sheet, r->diags);
		code = cli_fail(ctx, st, NULL);
		tcreg_import_result_free(r);
		return code;
	}
	cli_print_sheet_diags(ctx, r->file, r->sheet, r->diags);
	if (json)
		print_json(r, o->flags);
	summary(ctx, r, o->flags, documents);
	/* the rejects file describes a saved batch: there is none otherwise */
	if (o->rejects_path && !documents && r->committed && (r->rejected + r->conflicts) > 0)
		cli_note(ctx, _("rejected rows are in '%s'"), o->rejects_path);
	else if (o->rejects_path && !documents && (r->rejected + r->conflicts) > 0)
		cli_note(ctx, _("'%s' was not written: a rejects file goes with a saved batch"), o->rejects_path);
	tcreg_import_result_free(r);
	return code;
}

int
cmd_register(struct cli_ctx *ctx, int argc, char **argv)
{
	struct tcreg_import_opts o = { 0 };
	const char *csv = NULL, *payments = NULL, *point = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_register)) != -1) {
		switch (c) {
		case O_CSV: csv = optarg; break;
		case O_PAYMENTS: payments = optarg; break;
		case O_ENCODING: {
			int e = tcreg_encoding_from_name(optarg);
			if (e < 0)
				return cli_usage_error(ctx, _("unknown encoding '%s' (auto, utf-8, gb18030, utf-16)"),
						       optarg);
			o.encoding = (tcreg_encoding)e;
			break;
		}
		case 'n': o.flags |= TCREG_IMPORT_DRY_RUN; break;
		case O_KEEP: o.flags |= TCREG_IMPORT_KEEP_GOING; break;
		case O_REJECTS: o.rejects_path = optarg; break;
		case 'f': o.flags |= TCREG_IMPORT_FORCE; break;
		case O_UPDATE: o.flags |= TCREG_IMPORT_UPDATE; break;
		case O_JSON: json = true; break;
		case O_SHEET: o.sheet = optarg; break;
		case O_POINT: point = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	int nfiles = argc - optind;
	if (csv && payments)
		return cli_usage_error(ctx, _("--csv and --payments cannot be used together"));
	if ((csv || payments) && nfiles > 0)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if (!csv && !payments && o.sheet)
		return cli_usage_error(ctx, _("--sheet goes with --csv or --payments"));
	if (!csv && !payments && nfiles == 0) {
		if (o.flags || o.rejects_path || o.encoding || json)
			return cli_usage_error(ctx, _("these options go with --csv, --payments or files"));
		if (ctx->no_input)
			return cli_usage_error(ctx, _("nothing to register, and --no-input forbids asking: give FILE.yaml, --csv LEDGER or --payments FILE"));
		int code = cli_open(ctx, true, false);
		tcreg_status st = code || !point ? TCREG_OK : tcreg_registry_set_point(ctx->reg, point);
		if (st != TCREG_OK)
			return cli_fail(ctx, st, NULL);
		return code ? code : cli_enter(ctx);
	}
	if (!csv && !payments && o.rejects_path)
		return cli_usage_error(ctx, _("--rejects goes with --csv or --payments"));
	int code = cli_open(ctx, true, false);
	if (code)
		return code;
	/* where the contracts are filed */
	tcreg_status pst = point ? tcreg_registry_set_point(ctx->reg, point) : TCREG_OK;
	if (pst != TCREG_OK)
		return cli_fail(ctx, pst, NULL);

	if (csv || payments) {
		o.kind = payments ? TCREG_LEDGER_PAYMENTS : TCREG_LEDGER_CONTRACTS;
		o.path = csv ? csv : payments;
		/* --rejects FILE.xlsx: a workbook the library has us fill */
		const char *rf = cli_format_of(o.rejects_path);
		struct rejects_xlsx *rx = rf && strcmp(rf, "xlsx") == 0 ? rejects_xlsx_new() : NULL;
		if (rf && strcmp(rf, "xlsx") == 0 && !rx)
			return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
		o.rejects_writer = rx ? rejects_xlsx_writer(rx) : NULL;
		code = run_one(ctx, &o, json, false);
		int wcode = rejects_xlsx_free(ctx, rx, o.rejects_path);
		return wcode > code ? wcode : code;
	}
	int worst = EXIT_OK;
	for (int i = optind; i < argc; i++) {
		o.path = argv[i];
		code = run_one(ctx, &o, json, true);
		if (code > worst)
			worst = code;
		if (code != EXIT_OK && code != EXIT_DATAERR)
			break; /* the registry itself failed: stop */
	}
	return worst;
}
