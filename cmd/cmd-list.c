/* SPDX-License-Identifier: MIT
 * cmd-list.c - tcreg list: contracts, oldest first, as an aligned table,
 * JSON or re-importable CSV.  Streams: memory does not grow with the
 * registry (the table's widths come from its first rows).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define WIDTH_ROWS 200 /* rows read ahead to size the table's columns */

static const char *
s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static void
csv_field(const char *v, bool last)
{
	cli_csv_value(stdout, v);
	fputs(last ? "\r\n" : ",", stdout);
}

static void
csv_row(json_t *c)
{
	json_t *se = json_object_get(c, "seller"), *bu = json_object_get(c, "buyer");
	char id[24], total[32], tech[32], tf[24], tc[24], rf[24];
	snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	long long t = json_integer_value(json_object_get(c, "total_amount_fen"));
	long long k = json_integer_value(json_object_get(c, "tech_amount_fen"));
	snprintf(total, sizeof(total), "%lld.%02lld", t / 100, t % 100);
	snprintf(tech, sizeof(tech), "%lld.%02lld", k / 100, k % 100);
	snprintf(tf, sizeof(tf), "%lld", t);
	snprintf(tc, sizeof(tc), "%lld", k);
	snprintf(rf, sizeof(rf), "%lld", (long long)json_integer_value(json_object_get(c, "received_fen")));
	char ly[24] = "";
	if (json_is_integer(json_object_get(c, "licence_years")))
		snprintf(ly, sizeof(ly), "%lld", (long long)json_integer_value(json_object_get(c, "licence_years")));
	const char *sub = s(c, "subtype");
	json_t *rel = json_object_get(c, "related_party");
	const char *v[] = {
		id, s(c, "contract_no"), s(c, "project_name"), *sub ? sub : s(c, "category"),
		s(se, "name"), s(se, "uscc"), s(se, "region"), s(se, "nature"),
		s(bu, "name"), s(bu, "uscc"), s(bu, "region"), s(bu, "nature"),
		total, tech, s(c, "sign_date"), s(c, "valid_from"), s(c, "valid_to"),
		s(c, "tech_field"), s(c, "ip_type"), s(c, "pay_method"),
		json_is_boolean(rel) ? (json_is_true(rel) ? "是" : "否") : "", s(c, "note"),
		s(c, "status"), s(c, "reg_no"), tf, tc, rf, s(c, "served_contract"),
		s(c, "plan_source"), s(c, "objective"), s(c, "foreign"), s(c, "licence_mode"), ly,
		s(c, "enterprise_type"),
	};
	size_t n = sizeof(v) / sizeof(v[0]);
	for (size_t i = 0; i < n; i++)
		csv_field(v[i], i + 1 == n);
}

#define NCOLS 8
static void
text_cells(json_t *c, char cells[NCOLS][160])
{
	char a[48];
	snprintf(cells[0], 160, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	snprintf(cells[1], 160, "%s", s(c, "contract_no"));
	snprintf(cells[2], 160, "%s", s(c, "sign_date"));
	const char *sub = s(c, "subtype");
	snprintf(cells[3], 160, "%s", *sub ? sub : s(c, "category"));
	snprintf(cells[4], 160, "%s", s(json_object_get(c, "seller"), "name"));
	snprintf(cells[5], 160, "%s", s(json_object_get(c, "buyer"), "name"));
	snprintf(cells[6], 160, "%s", cli_yuan(json_integer_value(json_object_get(c, "total_amount_fen")), a, sizeof(a)));
	snprintf(cells[7], 160, "%s", s(c, "status"));
}

static void
text_row(char cells[NCOLS][160], const int *w)
{
	for (int i = 0; i < NCOLS; i++) {
		if (i == 6) { /* amounts right-aligned */
			for (int k = cli_width(cells[i]); k < w[i]; k++)
				putchar(' ');
			fputs(cells[i], stdout);
		} else {
			cli_pad(stdout, cells[i], i == NCOLS - 1 ? 0 : w[i]);
		}
		fputs(i == NCOLS - 1 ? "\n" : "  ", stdout);
	}
}

/* Print the header and the rows read ahead; returns true. */
static bool
flush_ahead(json_t **ahead, size_t *nahead, const char *const *head, const int *w)
{
	char cells[NCOLS][160];
	for (int i = 0; i < NCOLS; i++)
		snprintf(cells[i], 160, "%s", head[i]);
	text_row(cells, w);
	for (size_t k = 0; k < *nahead; k++) {
		text_cells(ahead[k], cells);
		text_row(cells, w);
		json_decref(ahead[k]);
	}
	*nahead = 0;
	return true;
}

int
cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { O_STATUS = 256, O_FROM, O_TO, O_JSON, O_CSV };
	static const struct option opts[] = {
		{ "status", required_argument, NULL, O_STATUS },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "json", no_argument, NULL, O_JSON },
		{ "csv", no_argument, NULL, O_CSV },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const statuses[] = { "submitted", "needs_supplement", "registered",
						"rejected", "changed", "cancelled", "revoked",
						"not_accepted", "withdrawn", "external", NULL };
	struct tcreg_list_filter f = { 0 };
	char from[11], to[11];
	bool json = false, csv = false;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, "", opts)) != -1) {
		switch (c) {
		case O_STATUS: {
			bool ok = false;
			for (const char *const *p = statuses; *p; p++)
				ok = ok || strcmp(*p, optarg) == 0;
			if (!ok)
				return cli_usage_error(ctx, _("unknown status '%s'"), optarg);
			f.status = optarg;
			break;
		}
		case O_FROM:
		case O_TO: {
			char *d = c == O_FROM ? from : to;
			if (tcreg_date_parse(optarg, d, NULL, NULL) != TCREG_OK)
				return cli_usage_error(ctx, _("'%s' is not a date"), optarg);
			if (c == O_FROM)
				f.from = from;
			else
				f.to = to;
			break;
		}
		case O_JSON: json = true; break;
		case O_CSV: csv = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	if (json && csv)
		return cli_usage_error(ctx, _("--json and --csv cannot be used together"));
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	tcreg_cursor *cur;
	tcreg_status st = tcreg_contract_list(ctx->reg, &f, &cur);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);

	const char *row;
	size_t n = 0;
	if (csv)
		fputs("id,contract_no,project_name,category,seller_name,seller_uscc,seller_region,"
		      "seller_nature,buyer_name,buyer_uscc,buyer_region,buyer_nature,total_amount,"
		      "tech_amount,sign_date,valid_from,valid_to,tech_field,ip_type,pay_method,"
		      "related_party,note,status,reg_no,total_amount_fen,tech_amount_fen,received_fen,"
		      "served_contract,plan_source,objective,foreign,licence_mode,licence_years,"
		      "enterprise_type\r\n",
		      stdout);
	if (json)
		fputs("[", stdout);
	/* text: read ahead to size the columns, then stream the rest */
	json_t *ahead[WIDTH_ROWS];
	size_t nahead = 0;
	int w[NCOLS] = { 0 };
	const char *const head[NCOLS] = { _("ID"), _("Contract number"), _("Signed"), _("Category"),
				    _("Seller"), _("Buyer"), _("Amount (yuan)"), _("Status") };
	for (int i = 0; i < NCOLS; i++)
		w[i] = cli_width(head[i]);
	bool headed = false;
	while ((st = tcreg_cursor_next(cur, &row)) == TCREG_OK && row) {
		json_t *o = json_loads(row, 0, NULL);
		if (json) {
			fputs(n ? ",\n" : "\n", stdout);
			json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		} else if (csv) {
			csv_row(o);
		} else {
			if (!headed && nahead == WIDTH_ROWS)
				headed = flush_ahead(ahead, &nahead, head, w);
			char cells[NCOLS][160];
			text_cells(o, cells);
			if (headed) {
				text_row(cells, w);
			} else {
				ahead[nahead++] = json_incref(o);
				for (int i = 0; i < NCOLS; i++)
					if (cli_width(cells[i]) > w[i])
						w[i] = cli_width(cells[i]);
			}
		}
		json_decref(o);
		n++;
	}
	tcreg_cursor_free(cur);
	if (!json && !csv && !headed && nahead > 0)
		flush_ahead(ahead, &nahead, head, w);
	if (json)
		fputs(n ? "\n]\n" : "]\n", stdout);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (!json && !csv)
		cli_note(ctx, _("%zu contracts"), n);
	return EXIT_OK;
}
