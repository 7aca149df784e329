/* SPDX-License-Identifier: MIT
 * award-compare.c - tcreg award --compare: several policies on the same
 * registry, side by side, as text, CSV, JSON, an HTML page with inline SVG
 * charts, or an Excel workbook.  Drawn from tcreg_award_compare_json.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "tcreg/tcreg-tree.h"
#include "xlsx-out.h"

/* The sections of the comparison: (JSON key, title msgid) */
static const struct {
	const char *key, *title;
} dists[] = {
	{ "by_city", N_("By the applicant's city") },
	{ "by_category", N_("By contract category") },
	{ "by_nature", N_("By the applicant's nature") },
	{ "by_size", N_("By award size") },
};

/* every key of a distribution over all the policies, in order of first use */
static json_t *
all_keys(json_t *policies, const char *dist)
{
	json_t *keys = json_array(), *seen = json_object();
	size_t i, j;
	json_t *p, *r;
	json_array_foreach(policies, i, p) json_array_foreach(json_object_get(p, dist), j, r) {
		if (!json_object_get(seen, cli_jstr(r, "key"))) {
			json_object_set_new(seen, cli_jstr(r, "key"), json_true());
			json_array_append_new(keys, json_string(cli_jstr(r, "key")));
		}
	}
	json_decref(seen);
	return keys;
}

static long long
dist_fen(json_t *p, const char *dist, const char *key, const char *field)
{
	size_t j;
	json_t *r;
	json_array_foreach(json_object_get(p, dist), j, r)
		if (strcmp(cli_jstr(r, "key"), key) == 0)
			return cli_jnum(r, field);
	return 0;
}

static void
years_label(json_t *c, char *buf, size_t n)
{
	if (cli_jnum(c, "year_from") == cli_jnum(c, "year_to"))
		snprintf(buf, n, "%lld", cli_jnum(c, "year_from"));
	else
		snprintf(buf, n, "%lld..%lld", cli_jnum(c, "year_from"), cli_jnum(c, "year_to"));
}

/* ---- text ---- */

static void
row_txt(FILE *f, const char *label, json_t *policies, long long (*value)(json_t *, const void *), const void *ud,
	bool money)
{
	cli_pad(f, label, 34);
	size_t i;
	json_t *p;
	json_array_foreach(policies, i, p) {
		char a[40];
		long long v = value(p, ud);
		if (money)
			cli_yuan(v, a, sizeof(a));
		else
			snprintf(a, sizeof(a), "%lld", v);
		fprintf(f, " %18s", a);
	}
	fputc('\n', f);
}

static long long
field_value(json_t *p, const void *ud)
{
	return cli_jnum(p, ud);
}

struct dk {
	const char *dist, *key;
};

static long long
dist_value(json_t *p, const void *ud)
{
	const struct dk *d = ud;
	return dist_fen(p, d->dist, d->key, "award_fen");
}

static void
compare_txt(FILE *f, json_t *c)
{
	json_t *policies = json_object_get(c, "policies");
	char years[32];
	years_label(c, years, sizeof(years));
	fprintf(f, _("what each policy would pay, %s (nothing committed)\n"), years);
	fputc('\n', f);
	cli_pad(f, "", 34);
	size_t i;
	json_t *p;
	json_array_foreach(policies, i, p)
		fprintf(f, " %18s", cli_jstr(p, "policy"));
	fputc('\n', f);
	row_txt(f, _("total awarded (元)"), policies, field_value, "total_award_fen", true);
	row_txt(f, _("awards"), policies, field_value, "awards", false);
	row_txt(f, _("applicants"), policies, field_value, "applicants", false);
	row_txt(f, _("contracts paid"), policies, field_value, "contracts", false);
	json_array_foreach(policies, i, p) {
		size_t j;
		json_t *y;
		json_array_foreach(json_object_get(p, "not_in_force"), j, y)
			fprintf(f, _("  %s is not in force in %lld\n"), cli_jstr(p, "policy"), (long long)json_integer_value(y));
	}
	for (size_t d = 0; d < sizeof(dists) / sizeof(dists[0]); d++) {
		fprintf(f, "\n%s (元)\n", _(dists[d].title));
		json_t *keys = all_keys(policies, dists[d].key), *k;
		size_t j;
		json_array_foreach(keys, j, k) {
			struct dk dk = { dists[d].key, json_string_value(k) };
			char label[80];
			snprintf(label, sizeof(label), "  %s", json_string_value(k));
			row_txt(f, label, policies, dist_value, &dk, true);
		}
		json_decref(keys);
	}
	json_t *ch = json_object_get(c, "changes");
	if (json_array_size(ch)) {
		fprintf(f, "\n%s\n", _("The applicants whose award changes most"));
		json_t *x;
		json_array_foreach(ch, i, x) {
			fprintf(f, "  %s\n", cli_jstr(x, "applicant"));
			size_t j;
			json_t *a;
			json_array_foreach(json_object_get(x, "award_fen"), j, a) {
				char y[40];
				json_t *b = json_array_get(json_object_get(x, "basis"), j);
				fprintf(f, "    %-16s %16s  ", cli_jstr(json_array_get(policies, j), "policy"),
					cli_yuan((long long)json_integer_value(a), y, sizeof(y)));
				if (json_is_object(b))
					award_print_basis(f, b);
				else
					fputs(_("nothing"), f);
				fputc('\n', f);
			}
		}
	}
	json_array_foreach(policies, i, p) {
		size_t j;
		json_t *b;
		json_array_foreach(json_object_get(p, "budget"), j, b) {
			char a[40], t[40], pd[40];
			fprintf(f, _("\nbudget %s 元 under %s, %lld (%s): awards %s 元, paid %s 元, %lld awards cut\n"),
				cli_yuan(cli_jnum(b, "budget_fen"), a, sizeof(a)), cli_jstr(p, "policy"), cli_jnum(b, "year"),
				strcmp(cli_jstr(b, "rule"), "first_come") == 0 ? _("first come") : _("pro rata"),
				cli_yuan(cli_jnum(b, "awards_fen"), t, sizeof(t)), cli_yuan(cli_jnum(b, "paid_fen"), pd, sizeof(pd)),
				cli_jnum(b, "cut_count"));
			size_t m;
			json_t *x;
			json_array_foreach(json_object_get(b, "cut"), m, x) {
				if (m >= 10)
					break;
				fprintf(f, "  %-30s %16s -> %16s\n", cli_jstr(x, "applicant"),
					cli_yuan(cli_jnum(x, "award_fen"), a, sizeof(a)), cli_yuan(cli_jnum(x, "paid_fen"), t, sizeof(t)));
			}
		}
	}
}

/* ---- CSV: one line per figure, in the long form a spreadsheet pivots ---- */

static void
compare_csv(FILE *f, json_t *c)
{
	json_t *policies = json_object_get(c, "policies");
	fputs("section,key,policy,awards,award_fen\r\n", f);
	size_t i;
	json_t *p;
	json_array_foreach(policies, i, p) {
		fprintf(f, "total,all,%s,%lld,%lld\r\n", cli_jstr(p, "policy"), cli_jnum(p, "awards"), cli_jnum(p, "total_award_fen"));
		for (size_t d = 0; d < sizeof(dists) / sizeof(dists[0]); d++) {
			size_t j;
			json_t *r;
			json_array_foreach(json_object_get(p, dists[d].key), j, r) {
				fprintf(f, "%s,", dists[d].key);
				cli_csv_value(f, cli_jstr(r, "key"));
				fprintf(f, ",%s,%lld,%lld\r\n", cli_jstr(p, "policy"), cli_jnum(r, "awards"), cli_jnum(r, "award_fen"));
			}
		}
	}
	json_t *x;
	json_array_foreach(json_object_get(c, "changes"), i, x) {
		size_t j;
		json_t *a;
		json_array_foreach(json_object_get(x, "award_fen"), j, a) {
			fputs("change,", f);
			cli_csv_value(f, cli_jstr(x, "applicant"));
			fprintf(f, ",%s,,%lld\r\n", cli_jstr(json_array_get(policies, j), "policy"),
				(long long)json_integer_value(a));
		}
	}
}

/* ---- HTML: one page, tables and inline SVG bars ---- */

static void
bars_svg(FILE *f, json_t *policies, const char *dist)
{
	json_t *keys = dist ? all_keys(policies, dist) : NULL;
	size_t nk = dist ? json_array_size(keys) : 1, np = json_array_size(policies);
	long long max = 1;
	for (size_t k = 0; k < nk; k++)
		for (size_t i = 0; i < np; i++) {
			json_t *p = json_array_get(policies, i);
			long long v = dist ? dist_fen(p, dist, json_string_value(json_array_get(keys, k)), "award_fen")
					   : cli_jnum(p, "total_award_fen");
			max = v > max ? v : max;
		}
	int row = 14, height = (int)(nk * (np * row + 10)) + 10;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"%d\" role=\"img\">\n", height);
	static const char *const colours[] = { "#1f5fa8", "#c8553d", "#2e8b57", "#8a5a9e", "#b8860b" };
	int y = 5;
	for (size_t k = 0; k < nk; k++) {
		const char *label = dist ? json_string_value(json_array_get(keys, k)) : "";
		for (size_t i = 0; i < np; i++) {
			json_t *p = json_array_get(policies, i);
			long long v = dist ? dist_fen(p, dist, label, "award_fen") : cli_jnum(p, "total_award_fen");
			int w = (int)(400.0 * (double)v / (double)max);
			fprintf(f, "<text x=\"0\" y=\"%d\" font-size=\"11\">", y + 11);
			cli_html_escape(f, i == 0 ? label : "");
			fprintf(f, "</text><rect x=\"170\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", y, w, row - 3,
				colours[i % 5]);
			char a[40];
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s %s</text>\n", 175 + w, y + 10, cli_jstr(p, "policy"),
				cli_yuan(v, a, sizeof(a)));
			y += row;
		}
		y += 10;
	}
	fputs("</svg>\n", f);
	json_decref(keys);
}

static void
compare_html(FILE *f, json_t *c)
{
	json_t *policies = json_object_get(c, "policies");
	char years[32];
	years_label(c, years, sizeof(years));
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>", f);
	fprintf(f, _("what each policy would pay, %s (nothing committed)\n"), years);
	fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
	      "td,th{border:1px solid #999;padding:2px 8px}td.n{text-align:right}"
	      "@page{size:A4;margin:15mm}</style></head><body>\n<h1>", f);
	fprintf(f, _("what each policy would pay, %s (nothing committed)\n"), years);
	fputs("</h1>\n<table><tr><th></th>", f);
	size_t i;
	json_t *p;
	json_array_foreach(policies, i, p) {
		fputs("<th>", f);
		cli_html_escape(f, cli_jstr(p, "policy"));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	static const struct {
		const char *field, *label;
		bool money;
	} rows[] = { { "total_award_fen", N_("total awarded (元)"), true }, { "awards", N_("awards"), false },
		     { "applicants", N_("applicants"), false },	       { "contracts", N_("contracts paid"), false } };
	for (size_t r = 0; r < 4; r++) {
		fprintf(f, "<tr><th>%s</th>", _(rows[r].label));
		json_array_foreach(policies, i, p) {
			char a[40];
			if (rows[r].money)
				cli_yuan(cli_jnum(p, rows[r].field), a, sizeof(a));
			else
				snprintf(a, sizeof(a), "%lld", cli_jnum(p, rows[r].field));
			fprintf(f, "<td class=\"n\">%s</td>", a);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	bars_svg(f, policies, NULL);
	for (size_t d = 0; d < sizeof(dists) / sizeof(dists[0]); d++) {
		fprintf(f, "<h2>%s (元)</h2>\n", _(dists[d].title));
		bars_svg(f, policies, dists[d].key);
	}
	json_t *ch = json_object_get(c, "changes");
	if (json_array_size(ch)) {
		fprintf(f, "<h2>%s</h2>\n<table>\n", _("The applicants whose award changes most"));
		json_t *x;
		json_array_foreach(ch, i, x) {
			fputs("<tr><th>", f);
			cli_html_escape(f, cli_jstr(x, "applicant"));
			fputs("</th>", f);
			size_t j;
			json_t *a;
			json_array_foreach(json_object_get(x, "award_fen"), j, a) {
				char y[40];
				const char *why = json_string_value(json_array_get(json_object_get(x, "reason"), j));
				fprintf(f, "<td class=\"n\">%s</td><td>", cli_yuan((long long)json_integer_value(a), y, sizeof(y)));
				/* the reason in the reader's language, escaped */
				char *text = NULL;
				size_t len = 0;
				FILE *m = open_memstream(&text, &len);
				json_t *b = json_array_get(json_object_get(x, "basis"), j);
				if (m && json_is_object(b))
					award_print_basis(m, b);
				else if (m)
					fputs(why ? why : "", m);
				if (m)
					fclose(m);
				cli_html_escape(f, text ? text : "");
				free(text);
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	fputs("</body></html>\n", f);
}

/* ---- Excel: a sheet per section, amounts in 元 as numbers ---- */

/* A sheet whose columns are the policies, in 元, after a first column. */
static lxw_worksheet *
policy_sheet(struct xlsx_out *x, const char *name, const char *first, json_t *policies, bool yuan)
{
	size_t n = json_array_size(policies) + 1;
	struct xlsx_col *cols = calloc(n, sizeof(*cols));
	char (*h)[96] = calloc(n, sizeof(*h));
	lxw_worksheet *ws = NULL;
	if (cols && h) {
		cols[0] = (struct xlsx_col){ first, 20 };
		for (size_t i = 1; i < n; i++) {
			snprintf(h[i], sizeof(h[i]), yuan ? "%s（元）" : "%s", cli_jstr(json_array_get(policies, i - 1), "policy"));
			cols[i] = (struct xlsx_col){ h[i], 18 };
		}
		ws = xlsx_sheet(x, name, cols, n, false);
		if (ws)
			worksheet_freeze_panes(ws, 1, 1);
	} else {
		x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	}
	free(cols);
	free(h);
	return ws;
}

static int
compare_xlsx(struct cli_ctx *ctx, const char *path, json_t *c)
{
	struct xlsx_out x;
	int code = xlsx_open(ctx, path, false, &x);
	if (code)
		return code;
	json_t *policies = json_object_get(c, "policies");
	lxw_worksheet *ws = policy_sheet(&x, "总览", "项目", policies, false);
	static const struct {
		const char *field, *label;
		bool money;
	} rows[] = { { "total_award_fen", "奖补总额（元）", true }, { "awards", "奖补笔数", false },
		     { "applicants", "申请单位数", false },	      { "contracts", "合同数", false } };
	size_t i;
	json_t *p;
	for (size_t r = 0; r < 4; r++) {
		lxw_row_t row = (lxw_row_t)(r + 1);
		xlsx_text(&x, ws, row, 0, rows[r].label, x.head);
		json_array_foreach(policies, i, p) {
			if (rows[r].money)
				xlsx_yuan(&x, ws, row, (lxw_col_t)(i + 1), cli_jnum(p, rows[r].field));
			else
				xlsx_whole(&x, ws, row, (lxw_col_t)(i + 1), cli_jnum(p, rows[r].field));
		}
	}
	static const char *const sheets[] = { "按城市", "按合同类别", "按申请单位性质", "按奖补金额" };
	for (size_t d = 0; d < sizeof(dists) / sizeof(dists[0]); d++) {
		ws = policy_sheet(&x, sheets[d], "项目", policies, true);
		json_t *keys = all_keys(policies, dists[d].key), *k;
		size_t j;
		json_array_foreach(keys, j, k) {
			xlsx_text(&x, ws, (lxw_row_t)(j + 1), 0, json_string_value(k), NULL);
			json_array_foreach(policies, i, p)
				xlsx_yuan(&x, ws, (lxw_row_t)(j + 1), (lxw_col_t)(i + 1),
					  dist_fen(p, dists[d].key, json_string_value(k), "award_fen"));
		}
		json_decref(keys);
	}
	ws = policy_sheet(&x, "变化最大", "申请单位", policies, true);
	json_t *ch;
	json_array_foreach(json_object_get(c, "changes"), i, ch) {
		xlsx_text(&x, ws, (lxw_row_t)(i + 1), 0, cli_jstr(ch, "applicant"), NULL);
		size_t j;
		json_t *a;
		json_array_foreach(json_object_get(ch, "award_fen"), j, a)
			xlsx_yuan(&x, ws, (lxw_row_t)(i + 1), (lxw_col_t)(j + 1), json_integer_value(a));
	}
	return xlsx_close(ctx, &x, true);
}

/* "2025" or "2023..2025" */
static bool
parse_years(const char *s, int *from, int *to)
{
	char *end;
	long a = strtol(s, &end, 10);
	long b = a;
	if (end == s + 4 && strncmp(end, "..", 2) == 0) {
		const char *t = end + 2;
		b = strtol(t, &end, 10);
		if (end != t + 4)
			return false;
	} else if (end != s + 4) {
		return false;
	}
	if (*end || a < 1900 || b < a || b - a > 50)
		return false;
	*from = (int)a;
	*to = (int)b;
	return true;
}

int
award_compare(struct cli_ctx *ctx, char **names, int n, const char *years, const char *budget, const char *facts,
	      const char *format, const char *out)
{
	struct tcreg_compare_opts o = { .npolicies = (size_t)n, .budget_fen = -1, .facts_path = facts };
	if (!years || !parse_years(years, &o.year_from, &o.year_to))
		return cli_usage_error(ctx, _("'%s' does not fit %s"), years ? years : "", "--year YYYY|YYYY..YYYY");
	if (n < 1)
		return cli_usage_error(ctx, _("name the policies to compare: --compare POLICY POLICY..."));
	if (budget && tcreg_amount_parse(budget, 0, &o.budget_fen, NULL, NULL) != TCREG_OK)
		return cli_usage_error(ctx, _("'%s' is not an amount (元, or with 万元)"), budget);
	if (strcmp(format, "xlsx") == 0 && !out)
		return cli_usage_error(ctx, _("a workbook needs a file: -o FILE.xlsx"));
	tcreg_policy **pv = calloc((size_t)n, sizeof(*pv));
	if (!pv)
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	int code = EXIT_OK;
	/* every policy is checked (and loaded) before anything runs */
	for (int i = 0; i < n && !code; i++)
		code = cli_load_policy(ctx, names[i], &pv[i]);
	if (!code)
		code = cli_open(ctx, false, true);
	json_t *c = NULL;
	tcreg_diags *d = NULL;
	if (!code) {
		o.policies = (const tcreg_policy *const *)pv;
		tcreg_status st = tcreg_award_compare_tree(ctx->reg, &o, &c, &d);
		if (st == TCREG_ERR_INVALID && d && tcreg_diags_count(d)) {
			cli_print_diags(ctx, facts, d);
			code = cli_error(ctx, EXIT_DATAERR, _("the facts file has errors; nothing was computed"));
		} else if (st != TCREG_OK) {
			code = cli_fail(ctx, st, NULL);
		}
	}
	tcreg_diags_free(d);
	if (!code && strcmp(format, "xlsx") == 0) {
		code = compare_xlsx(ctx, out, c);
	} else if (!code) {
		struct cli_out w;
		if (!(code = cli_out_open(ctx, out, &w))) {
			if (strcmp(format, "json") == 0) {
				json_dumpf(c, w.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
				fputc('\n', w.f);
			} else if (strcmp(format, "csv") == 0) {
				compare_csv(w.f, c);
			} else if (strcmp(format, "html") == 0) {
				compare_html(w.f, c);
			} else {
				compare_txt(w.f, c);
			}
			code = cli_out_close(ctx, &w, true);
		}
	}
	json_decref(c);
	for (int i = 0; i < n; i++)
		tcreg_policy_free(pv[i]);
	free(pv);
	return code ? code : cli_finish_stdout(ctx, EXIT_OK);
}
