/* SPDX-License-Identifier: MIT
 * audit-risks.c - tcreg audit risks: contracts worth a second look, as text
 * (in the reader's language), CSV, JSON or an HTML page.  Drawn from
 * tcreg_risks_json; the reasons are worded here from each flag's detail.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

/* A rule's name for people */
const char *
risk_rule_name(const char *rule)
{
	static const struct {
		const char *rule, *name;
	} n[] = {
		{ "splitting", N_("split contracts") },
		{ "clustering", N_("amounts just above a threshold") },
		{ "circular", N_("circular trade") },
		{ "round_trip", N_("money round-tripped") },
		{ "awarded_then_cancelled", N_("awarded, then cancelled") },
		{ "resold_development", N_("one development sold to several buyers") },
	};
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		if (strcmp(n[i].rule, rule) == 0)
			return _(n[i].name);
	return rule;
}

/* Why, in the reader's language, from the flag's detail. */
void
risk_reason(FILE *f, const json_t *x)
{
	const char *rule = cli_jstr(x, "rule");
	const json_t *d = json_object_get(x, "detail");
	char a[40], b[40];
	size_t n = json_array_size(json_object_get(x, "contracts"));
	if (strcmp(rule, "splitting") == 0)
		fprintf(f,
			strcmp(cli_jstr(d, "side"), "under") == 0
				? _("%zu contracts of the same parties within %lld days, each just under %s 元 (together %s 元): one deal split to stay under a threshold?")
				: _("%zu contracts of the same parties within %lld days, each just over the award threshold %s 元 (together %s 元): one deal split to draw more than one award?"),
			n, cli_jnum(d, "window_days"), cli_yuan(cli_jnum(d, "threshold_fen"), a, sizeof(a)),
			cli_yuan(cli_jnum(d, "sum_fen"), b, sizeof(b)));
	else if (strcmp(rule, "clustering") == 0)
		fprintf(f, _("%s: %lld of %lld contracts near the award threshold %s 元 lie just above it (%lld %%), where the amounts around would put %lld %% there"),
			strcmp(cli_jstr(d, "who"), "the office") == 0 ? _("the office") : cli_jstr(d, "who"), cli_jnum(d, "above"),
			cli_jnum(d, "above") + cli_jnum(d, "below"), cli_yuan(cli_jnum(d, "threshold_fen"), a, sizeof(a)), cli_jnum(d, "share_pct"),
			cli_jnum(d, "expected_pct"));
	else if (strcmp(rule, "circular") == 0)
		fputs(cli_jnum(d, "parties") == 3 ? _("three parties sell to each other in a ring within a year at similar amounts")
					     : _("two parties sell to each other within a year at similar amounts"),
		      f);
	else if (strcmp(rule, "round_trip") == 0)
		fprintf(f, strcmp(cli_jstr(d, "kind"), "year_end") == 0
				   ? _("money that arrived in the last %lld days of the year and was reversed after it")
				   : _("money an award was committed on has been reversed since"),
			cli_jnum(d, "cutoff_days"));
	else if (strcmp(rule, "awarded_then_cancelled") == 0)
		fputs(_("awarded, then cancelled or revoked"), f);
	else if (strcmp(rule, "resold_development") == 0)
		fprintf(f, _("the same project (%s) sold as 技术开发 to several buyers: a development is made once, to order"),
			cli_jstr(d, "project"));
	else
		fputs(cli_jstr(x, "reason"), f);
}

static void
contracts_of(FILE *f, const json_t *x, const char *sep)
{
	size_t j;
	json_t *c;
	json_array_foreach(json_object_get(x, "contracts"), j, c)
		fprintf(f, "%s%s", j ? sep : "", json_string_value(c));
}

static void
risks_txt(FILE *f, json_t *r)
{
	json_t *flags = json_object_get(r, "flags");
	fprintf(f, _("contracts worth a second look, %lld: %zu flags (none decides anything)\n"), cli_jnum(r, "year"),
		json_array_size(flags));
	size_t i;
	json_t *x;
	json_array_foreach(flags, i, x) {
		fprintf(f, "\n%3lld  %s: ", cli_jnum(x, "score"), risk_rule_name(cli_jstr(x, "rule")));
		contracts_of(f, x, " ");
		fputs("\n     ", f);
		risk_reason(f, x);
		fputc('\n', f);
	}
}

static void
risks_csv(FILE *f, json_t *r)
{
	fputs("score,rule,contracts,reason\r\n", f);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "flags"), i, x) {
		fprintf(f, "%lld,%s,", cli_jnum(x, "score"), cli_jstr(x, "rule"));
		char *list = NULL, *why = NULL;
		size_t n;
		FILE *m = open_memstream(&list, &n);
		if (m) {
			contracts_of(m, x, " ");
			fclose(m);
		}
		cli_csv_value(f, list ? list : "");
		fputc(',', f);
		m = open_memstream(&why, &n);
		if (m) {
			risk_reason(m, x);
			fclose(m);
		}
		cli_csv_value(f, why ? why : "");
		fputs("\r\n", f);
		free(list);
		free(why);
	}
}

static void
risks_html(FILE *f, json_t *r)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>");
	fprintf(f, _("contracts worth a second look, %lld: %zu flags (none decides anything)\n"), cli_jnum(r, "year"),
		json_array_size(json_object_get(r, "flags")));
	fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
	      "td,th{border:1px solid #999;padding:2px 8px;vertical-align:top}@page{size:A4;margin:15mm}"
	      "</style></head><body>\n<table>\n", f);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "flags"), i, x) {
		char *why = NULL, *list = NULL;
		size_t n;
		FILE *m = open_memstream(&why, &n);
		if (m) {
			risk_reason(m, x);
			fclose(m);
		}
		m = open_memstream(&list, &n);
		if (m) {
			contracts_of(m, x, " ");
			fclose(m);
		}
		fprintf(f, "<tr><td>%lld</td><td>", cli_jnum(x, "score"));
		cli_html_escape(f, risk_rule_name(cli_jstr(x, "rule")));
		fputs("</td><td>", f);
		cli_html_escape(f, list ? list : "");
		fputs("</td><td>", f);
		cli_html_escape(f, why ? why : "");
		fputs("</td></tr>\n", f);
		free(why);
		free(list);
	}
	fputs("</table>\n</body></html>\n", f);
}

int
audit_risks(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *out = NULL, *point = NULL;
	long year = 0;
	int c;
	while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_audit, "risks")) != -1) {
		switch (c) {
		case 'y': {
			char *end;
			year = strtol(optarg, &end, 10);
			if (*end || strlen(optarg) != 4 || year < 1950)
				return cli_usage_error(ctx, _("'%s' does not fit %s"), optarg, "--year YYYY");
			break;
		}
		case 'p': point = optarg; break;
		case 'O': format = optarg; break;
		case 'o': out = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if (!format && out && (!(format = cli_format_of(out)) || !strcmp(format, "md") || !strcmp(format, "xlsx")))
		return cli_usage_error(ctx, _("cannot tell the format of '%s': name it .txt, .csv, .json or .html, or give -O"), out);
	if (!format)
		format = "txt";
	if (strcmp(format, "txt") && strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "html"))
		return cli_usage_error(ctx, _("-O takes txt, csv, json or html, not '%s'"), format);
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	tcreg_status who = tcreg_registry_check_operator(ctx->reg, "auditor");
	if (who != TCREG_OK)
		return cli_fail(ctx, who, NULL);
	if (!year) { /* this year, by the registry's clock */
		const char *now = cli_getenv("TCREG_NOW");
		year = now && strlen(now) >= 4 ? strtol(now, NULL, 10) : 0;
		if (!year) {
			time_t t = time(NULL);
			struct tm tm;
			localtime_r(&t, &tm);
			year = tm.tm_year + 1900;
		}
	}
	json_t *r;
	tcreg_status st = tcreg_risks_tree(ctx->reg, (int)year, 0, point, &r);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	struct cli_out w;
	if ((code = cli_out_open(ctx, out, &w))) {
		json_decref(r);
		return code;
	}
	if (strcmp(format, "json") == 0) {
		json_dumpf(r, w.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', w.f);
	} else if (strcmp(format, "csv") == 0) {
		risks_csv(w.f, r);
	} else if (strcmp(format, "html") == 0) {
		risks_html(w.f, r);
	} else {
		risks_txt(w.f, r);
	}
	json_decref(r);
	code = cli_out_close(ctx, &w, true);
	return code ? code : cli_finish_stdout(ctx, EXIT_OK);
}
