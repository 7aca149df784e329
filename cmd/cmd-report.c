/* SPDX-License-Identifier: MIT
 * cmd-report.c - tcreg report: the statistics of a month, quarter or year,
 * for people and for cron.  With -o the file is written atomically and
 * nothing goes to stdout; the same registry and period give the same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"
#include "report-out.h"

enum { O_MONTH = 256, O_QUARTER, O_YEAR, O_BOM, O_ENCODING, O_CHECK, O_REBUILD, O_POINT };

static const struct cli_option report_options[] = {
	{ .name = "month", .arg = "YYYY-MM", .id = O_MONTH },
	{ .arg = N_("--month last"), .help = N_("the month before today (for cron)") },
	{ .letter = 'O', .arg = N_("FORMAT"), .id = 'O',
	  .help = N_("txt (default), csv, json, md, html or xlsx (needs -o)") },
	{ .letter = 'o', .arg = N_("FILE"), .id = 'o',
	  .help = N_("write FILE atomically; the format follows its extension") },
	{ .name = "bom", .id = O_BOM, .help = NC_("report", "CSV with a UTF-8 byte-order mark, for Excel") },
	{ .name = "encoding", .arg = N_("gb18030"), .id = O_ENCODING,
	  .help = NC_("report", "CSV in GB18030, for Excel on Chinese Windows") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("only the contracts filed at that registration point (default: all;\n"
		     "with several points, tables by point and by city)") },
	{ .name = "check", .id = O_CHECK,
	  .help = N_("sum the rollups again from the contracts; exit 1 on a difference") },
	{ .name = "rebuild", .id = O_REBUILD,
	  .help = N_("sum the rollups anew (contracts changed outside tcreg)") },
	{ .name = "quarter", .arg = "YYYY-Qn", .id = O_QUARTER },
	{ .name = "year", .arg = "YYYY", .id = O_YEAR },
	{ 0 },
};

const struct cli_command cli_cmd_report = {
	.name = "report",
	.fn = cmd_report,
	.summary = N_("technology-market statistics of a month, quarter or year"),
	.synopsis = N_("usage: tcreg report (--month YYYY-MM|--quarter YYYY-Qn|--year YYYY|--month last) [-O txt|csv|json|md|html|xlsx] [-o FILE] [--bom] [--encoding gb18030] [--point CODE]\n"
		      "   or: tcreg report --check [-O txt|json]\n"
		      "   or: tcreg report --rebuild\n"),
	.options = report_options,
	.epilogue = N_("Example (crontab, the 1st of each month at 06:00):\n"
		      "  0 6 1 * * tcreg --db /srv/tcreg/registry.db report --month last -o /srv/reports/$(date +\\%Y-\\%m).html\n"),
};

/* path with every "{period}" replaced by the period (malloc'd) */
static char *
with_period(const char *path, const char *period)
{
	static const char key[] = "{period}";
	size_t n = 0, klen = sizeof(key) - 1, plen = period ? strlen(period) : 0;
	for (const char *p = strstr(path, key); p; p = strstr(p + klen, key))
		n++;
	char *out = malloc(strlen(path) + n * plen + 1), *d = out;
	if (!out)
		return NULL;
	for (const char *p = path, *q; *p; p = q + klen) {
		if (!(q = strstr(p, key))) {
			strcpy(d, p);
			return out;
		}
		memcpy(d, p, (size_t)(q - p));
		d += q - p;
		if (plen)
			memcpy(d, period, plen);
		d += plen;
	}
	*d = '\0';
	return out;
}

/* The report as text of the format, to out (NULL: stdout); an exit code. */
static int
write_text(struct cli_ctx *ctx, json_t *rep, const char *format, bool bom, bool gb, const char *out)
{
	char *buf = NULL;
	size_t len = 0;
	if (strcmp(format, "json") == 0 && !bom && !gb) {
		/* printed whole, then written at once: jansson's json_dumpf
		 * makes one stdio call a token, a tenth of a yearly report's
		 * time; and not copied again through a memory stream */
		buf = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!buf)
			return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
		len = strlen(buf);
		buf[len] = '\n'; /* over the NUL: the length says where it ends */
		int code = cli_write_out(ctx, out, buf, len + 1);
		free(buf);
		return code;
	}
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	if (bom)
		fputs("\xef\xbb\xbf", m);
	if (strcmp(format, "json") == 0) {
		/* with a BOM: the same text behind it */
		char *text = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text) {
			fclose(m);
			free(buf);
			return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
		}
		fputs(text, m);
		fputc('\n', m);
		free(text);
	} else if (strcmp(format, "csv") == 0) {
		report_csv(m, rep);
	} else if (strcmp(format, "md") == 0) {
		report_md(m, rep);
	} else if (strcmp(format, "html") == 0) {
		report_html(m, rep);
	} else {
		report_txt(m, rep);
	}
	fclose(m);
	if (gb && !cli_recode_gb18030(&buf, &len)) {
		free(buf);
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("cannot convert the report to GB18030"));
	}
	int code = cli_write_out(ctx, out, buf, len);
	free(buf);
	return code;
}

int
cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *period = NULL, *format = NULL, *out = NULL, *point = NULL;
	int periods = 0;
	bool bom = false, gb = false, check = false, rebuild = false;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_report)) != -1) {
		switch (c) {
		case O_MONTH: case O_QUARTER: case O_YEAR:
			period = optarg;
			periods++;
			if ((c == O_QUARTER && !strchr(optarg, 'Q')) ||
			    (c == O_YEAR && strlen(optarg) != 4) ||
			    (c == O_MONTH && strcmp(optarg, "last") != 0 && strlen(optarg) != 7))
				return cli_usage_error(ctx, _("'%s' does not fit %s"), optarg, argv[optind - 2]);
			break;
		case 'O': format = optarg; break;
		case 'o': out = optarg; break;
		case O_BOM: bom = true; break;
		case O_CHECK: check = true; break;
		case O_REBUILD: rebuild = true; break;
		case O_POINT: point = optarg; break;
		case O_ENCODING:
		{
			int e = cli_encoding_option(ctx, optarg, &gb);
			if (e)
				return e;
			break;
		}
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if (check || rebuild) {
		if (periods || out || bom || gb || (check && rebuild) || (rebuild && format) ||
		    (format && strcmp(format, "json") && strcmp(format, "txt")))
			return cli_usage_error(ctx, "%s", _("--check takes only -O txt or json, --rebuild nothing: "
							    "neither makes a report"));
		return check ? report_check(ctx, format && strcmp(format, "json") == 0) : report_rebuild(ctx);
	}
	if (periods != 1)
		return cli_usage_error(ctx, _("give one period: --month YYYY-MM, --quarter YYYY-Qn, --year YYYY or --month last"));
	if (!format && out) {
		format = cli_format_of(out);
		if (!format)
			return cli_usage_error(ctx, _("cannot tell the format of '%s': name it .txt, .csv, .json, .md, .html or .xlsx, or give -O"), out);
	}
	if (!format)
		format = "txt";
	if (strcmp(format, "txt") && strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "xlsx"))
		return cli_usage_error(ctx, _("-O takes txt, csv, json, md, html or xlsx, not '%s'"), format);
	if ((bom || gb) && strcmp(format, "csv") != 0)
		return cli_usage_error(ctx, _("--bom and --encoding go with CSV"));
	bool xlsx = strcmp(format, "xlsx") == 0;
	if (xlsx && !out)
		return cli_usage_error(ctx, _("a workbook needs a file: -o FILE.xlsx"));
	int code = cli_open(ctx, false, true);
	if (code || (code = cli_set_view(ctx, point)))
		return code;
	json_t *rep;
	tcreg_status st = tcreg_report_tree(ctx->reg, period, &rep);
	if (st == TCREG_ERR_USAGE)
		return cli_usage_error(ctx, "%s", tcreg_registry_errmsg(ctx->reg));
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	/* -o report-{period}.html: named for the period reported, which for
	 * --month last is not the month the cron job runs in */
	char *named = out && rep ? with_period(out, json_string_value(json_object_get(rep, "period"))) : NULL;
	if (!rep || (out && !named)) {
		json_decref(rep);
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	}
	if (named)
		out = named;
	code = xlsx ? report_xlsx(ctx, out, rep) : write_text(ctx, rep, format, bom, gb, out);
	if (code == EXIT_OK) {
		json_t *ov = json_array_get(json_object_get(json_object_get(rep, "tables"), "overview"), 0);
		char a[32];
		tcreg_amount_format_wan(json_integer_value(json_object_get(ov, "total_amount_fen")), a, sizeof(a));
		if (out)
			cli_note(ctx, _("%s: %lld contracts, %s 万元; written to %s"),
				 json_string_value(json_object_get(rep, "period")),
				 (long long)json_integer_value(json_object_get(ov, "count")), a, out);
		else
			cli_note(ctx, _("%s: %lld contracts, %s 万元"),
				 json_string_value(json_object_get(rep, "period")),
				 (long long)json_integer_value(json_object_get(ov, "count")), a);
	}
	json_decref(rep);
	free(named);
	return code;
}
