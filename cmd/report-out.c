/* SPDX-License-Identifier: MIT
 * report-out.c - the statistics report drawn from its JSON: aligned text,
 * CSV, Markdown, and one self-contained HTML page with inline SVG charts
 * (no script, no network; prints on A4).  Amounts are shown in 万元 with two
 * decimals, percentages from basis points.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report-out.h"

static const struct {
	const char *name, *title; /* msgid */
} sections[] = {
	{ "overview", N_("Overview") },
	{ "by_category", N_("By contract category") },
	{ "by_tech_field", N_("By technical field") },
	{ "by_seller_nature", N_("Technology output by seller (输出)") },
	{ "by_buyer_nature", N_("Technology absorbed by buyer (吸纳)") },
	{ "by_region_flow", N_("Flows by region") },
	{ "by_ip_type", N_("By intellectual property") },
	{ "by_plan_source", N_("By plan source (计划来源)") },
	{ "by_objective", N_("By socio-economic objective (社会经济目标)") },
	{ "by_point", N_("By registration point") },
	{ "by_seller_city", N_("By the seller's city") },
	{ "by_city", N_("By city of the registration point") },
	{ "tax_linked", N_("Tax-linked (涉税)") },
	{ "by_province_flow", N_("Flows by province") },
	{ "inflow_registered_elsewhere", N_("Inflow registered by other offices (吸纳, kept apart)") },
	{ "quality", N_("Quality flags") },
};

static const char *
key_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} k[] = {
		{ "total", N_("All registered contracts") },
		{ "related_party", N_("Related-party contracts") },
		{ "cancelled_or_revoked", N_("Registered in the period, since cancelled or revoked") },
		{ "changes_in_period", N_("Changes registered (变更)") },
		{ "cancellations_in_period", N_("Cancellations (注销)") },
		{ "revocations_in_period", N_("Revocations (撤销)") },
		{ "vat_exemption_eligible", N_("技术开发, 转让 and 许可: open to VAT exemption") },
		{ "income_tax_relief_eligible", N_("转让, and 许可 of 5 years or more: open to income-tax relief") },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(k[i].key, key) == 0)
			return _(k[i].label);
	return key;
}

static long long
ival(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

/* fen as 万元 with two decimals, rounded half away from zero */
static char *
wan(long long fen, char *buf, size_t n)
{
	return tcreg_amount_format_wan(fen, buf, n);
}

static char *
pct(json_t *v, char *buf, size_t n, const char *none)
{
	if (!json_is_integer(v)) {
		snprintf(buf, n, "%s", none);
		return buf;
	}
	long long bp = json_integer_value(v);
	unsigned long long a = bp < 0 ? 0ULL - (unsigned long long)bp : (unsigned long long)bp;
	snprintf(buf, n, "%s%llu.%02llu", bp < 0 ? "-" : "", a / 100, a % 100);
	return buf;
}

#define NCOL 9
static const char *const col_head[NCOL] = {
	N_("Item"), N_("Count"), N_("Amount (万元)"), N_("Tech (万元)"), N_("Share %"),
	N_("YoY count %"), N_("YoY amount %"), N_("YTD count"), N_("YTD amount (万元)"),
};

static void
row_cells(json_t *r, char cells[NCOL][128], const char *none)
{
	const char *key = json_string_value(json_object_get(r, "key"));
	int level = (int)ival(r, "level");
	const char *label = key_label(key);
	if (level == 2 && strchr(label, '/'))
		snprintf(cells[0], 128, "  %s", strchr(label, '/') + 1);
	else
		snprintf(cells[0], 128, "%s", label);
	snprintf(cells[1], 128, "%lld", ival(r, "count"));
	wan(ival(r, "total_amount_fen"), cells[2], 128);
	wan(ival(r, "tech_amount_fen"), cells[3], 128);
	pct(json_object_get(r, "share_bp"), cells[4], 128, none);
	pct(json_object_get(r, "growth_count_bp"), cells[5], 128, none);
	pct(json_object_get(r, "growth_total_bp"), cells[6], 128, none);
	snprintf(cells[7], 128, "%lld", ival(r, "ytd_count"));
	wan(ival(r, "ytd_total_amount_fen"), cells[8], 128);
}

static void
header_lines(FILE *f, json_t *rep, const char *prefix)
{
	json_t *ag = json_object_get(rep, "agency");
	fprintf(f, "%s%s %s (%s .. %s)\n", prefix, _("Technology contract statistics"),
		json_string_value(json_object_get(rep, "period")),
		json_string_value(json_object_get(rep, "from")),
		json_string_value(json_object_get(rep, "to")));
	if (json_is_object(ag))
		fprintf(f, "%s%s\n", *prefix ? "" : "", json_string_value(json_object_get(ag, "name")));
	json_t *prev = json_object_get(rep, "previous"), *ytd = json_object_get(rep, "ytd");
	fprintf(f, _("Year on year: against %s .. %s; year to date: %s .. %s\n"),
		json_string_value(json_object_get(prev, "from")),
		json_string_value(json_object_get(prev, "to")),
		json_string_value(json_object_get(ytd, "from")),
		json_string_value(json_object_get(ytd, "to")));
}

/* One large contract in a line of the given shape (number, category,
 * seller, buyer, project, amount, technology amount, unit). */
static void
large_line(FILE *f, json_t *r, const char *shape)
{
	char a[32], b[32];
	fprintf(f, shape, json_string_value(json_object_get(r, "reg_no")),
		json_string_value(json_object_get(r, "category")),
		json_string_value(json_object_get(r, "seller")),
		json_string_value(json_object_get(r, "buyer")),
		json_string_value(json_object_get(r, "project_name")),
		wan(ival(r, "total_amount_fen"), a, sizeof(a)),
		wan(ival(r, "tech_amount_fen"), b, sizeof(b)), _("万元"));
}

void
report_txt(FILE *f, json_t *rep)
{
	header_lines(f, rep, "");
	json_t *tables = json_object_get(rep, "tables");
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		json_t *t = json_object_get(tables, sections[s].name);
		if (!t)
			continue; /* by_city: only with several registration points */
		fprintf(f, "\n%s\n", _(sections[s].title));
		if (json_array_size(t) == 0) {
			fprintf(f, "  %s\n", _("(none)"));
			continue;
		}
		int w[NCOL];
		for (int c = 0; c < NCOL; c++)
			w[c] = cli_width(_(col_head[c]));
		size_t i;
		json_t *r;
		char cells[NCOL][128];
		json_array_foreach(t, i, r) {
			row_cells(r, cells, "-");
			for (int c = 0; c < NCOL; c++)
				if (cli_width(cells[c]) > w[c])
					w[c] = cli_width(cells[c]);
		}
		for (int c = 0; c < NCOL; c++) {
			if (c)
				fputs("  ", f);
			if (c == 0)
				cli_pad(f, _(col_head[c]), w[c]);
			else {
				for (int k = cli_width(_(col_head[c])); k < w[c]; k++)
					fputc(' ', f);
				fputs(_(col_head[c]), f);
			}
		}
		fputc('\n', f);
		json_array_foreach(t, i, r) {
			row_cells(r, cells, "-");
			for (int c = 0; c < NCOL; c++) {
				if (c)
					fputs("  ", f);
				if (c == 0)
					cli_pad(f, cells[c], w[c]);
				else {
					for (int k = cli_width(cells[c]); k < w[c]; k++)
						fputc(' ', f);
					fputs(cells[c], f);
				}
			}
			fputc('\n', f);
		}
		if (strcmp(sections[s].name, "overview") == 0) {
			json_t *o = json_array_get(t, 0);
			char a[32];
			if (json_is_integer(json_object_get(o, "average_fen")))
				fprintf(f, "  %s %s\n", _("Average per contract (万元):"),
					wan(ival(o, "average_fen"), a, sizeof(a)));
		}
	}
	json_t *large = json_object_get(tables, "large_contracts");
	fprintf(f, "\n%s\n", _("Large contracts"));
	if (json_array_size(large) == 0)
		fprintf(f, "  %s\n", _("(none)"));
	size_t i;
	json_t *r;
	json_array_foreach(large, i, r)
		large_line(f, r, "  %s  %s  %s -> %s  %s  %s / %s %s\n");
	fprintf(f, "\n%s\n", _("Trend (13 months)"));
	json_array_foreach(json_object_get(tables, "trend"), i, r) {
		char a[32];
		fprintf(f, "  %s  %6lld  %14s\n", json_string_value(json_object_get(r, "month")),
			ival(r, "count"), wan(ival(r, "total_amount_fen"), a, sizeof(a)));
	}
	fprintf(f, "\n%s %s\n", _("Audit chain head (tcreg audit verify --anchor):"), cli_jstr(rep, "audit_head"));
}

static void
csv_field(FILE *f, const char *v, bool last)
{
	cli_csv_value(f, v);
	fputs(last ? "\r\n" : ",", f);
}

void
report_csv(FILE *f, json_t *rep)
{
	/* machine columns: stable English names, 万元 for people and fen for programs */
	static const char *const head[] = { "period", "table", "key", "level", "count",
					    "total_amount_wan", "tech_amount_wan", "share_pct",
					    "prev_count", "prev_total_amount_wan", "growth_count_pct",
					    "growth_total_pct", "growth_tech_pct", "ytd_count",
					    "ytd_total_amount_wan", "ytd_tech_amount_wan",
					    "total_amount_fen", "tech_amount_fen" };
	size_t nh = sizeof(head) / sizeof(head[0]);
	for (size_t i = 0; i < nh; i++)
		csv_field(f, head[i], i + 1 == nh);
	const char *period = json_string_value(json_object_get(rep, "period"));
	json_t *tables = json_object_get(rep, "tables");
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(tables, sections[s].name), i, r) {
			char v[18][64];
			snprintf(v[0], 64, "%s", period);
			snprintf(v[1], 64, "%s", sections[s].name);
			snprintf(v[3], 64, "%lld", ival(r, "level"));
			snprintf(v[4], 64, "%lld", ival(r, "count"));
			wan(ival(r, "total_amount_fen"), v[5], 64);
			wan(ival(r, "tech_amount_fen"), v[6], 64);
			pct(json_object_get(r, "share_bp"), v[7], 64, "");
			snprintf(v[8], 64, "%lld", ival(r, "prev_count"));
			wan(ival(r, "prev_total_amount_fen"), v[9], 64);
			pct(json_object_get(r, "growth_count_bp"), v[10], 64, "");
			pct(json_object_get(r, "growth_total_bp"), v[11], 64, "");
			pct(json_object_get(r, "growth_tech_bp"), v[12], 64, "");
			snprintf(v[13], 64, "%lld", ival(r, "ytd_count"));
			wan(ival(r, "ytd_total_amount_fen"), v[14], 64);
			wan(ival(r, "ytd_tech_amount_fen"), v[15], 64);
			snprintf(v[16], 64, "%lld", ival(r, "total_amount_fen"));
			snprintf(v[17], 64, "%lld", ival(r, "tech_amount_fen"));
			for (size_t c = 0; c < nh; c++)
				csv_field(f, c == 2 ? json_string_value(json_object_get(r, "key")) : v[c],
					  c + 1 == nh);
		}
	}
}

void
report_md(FILE *f, json_t *rep)
{
	header_lines(f, rep, "# ");
	json_t *tables = json_object_get(rep, "tables");
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		json_t *t = json_object_get(tables, sections[s].name);
		if (!t)
			continue;
		fprintf(f, "\n## %s\n\n", _(sections[s].title));
		if (json_array_size(t) == 0) {
			fprintf(f, "%s\n", _("(none)"));
			continue;
		}
		for (int c = 0; c < NCOL; c++)
			fprintf(f, "| %s ", _(col_head[c]));
		fputs("|\n", f);
		for (int c = 0; c < NCOL; c++)
			fputs(c ? "| ---: " : "| --- ", f);
		fputs("|\n", f);
		size_t i;
		json_t *r;
		json_array_foreach(t, i, r) {
			char cells[NCOL][128];
			row_cells(r, cells, "—");
			for (int c = 0; c < NCOL; c++) {
				fputs("| ", f);
				for (const char *p = cells[c]; *p; p++)
					fputs(*p == '|' ? "\\|" : (char[2]){ *p, 0 }, f);
				fputc(' ', f);
			}
			fputs("|\n", f);
		}
	}
	fprintf(f, "\n## %s\n\n", _("Large contracts"));
	json_t *large = json_object_get(tables, "large_contracts");
	if (json_array_size(large) == 0)
		fprintf(f, "%s\n", _("(none)"));
	size_t i;
	json_t *r;
	json_array_foreach(large, i, r)
		large_line(f, r, "- %s %s: %s → %s, %s (%s / %s %s)\n");
	fprintf(f, "\n%s `%s`\n", _("Audit chain head (tcreg audit verify --anchor):"), cli_jstr(rep, "audit_head"));
}

/* ---- HTML ---- */

/* Horizontal bars of the period's amount per row (level-1 rows only). */
static void
svg_bars(FILE *f, json_t *t, const char *id, const char *title)
{
	size_t n = 0, i;
	json_t *r;
	long long max = 0;
	json_array_foreach(t, i, r) {
		if (ival(r, "level") != 1)
			continue;
		n++;
		if (ival(r, "total_amount_fen") > max)
			max = ival(r, "total_amount_fen");
	}
	int rowh = 22, left = 190, width = 640, barw = 330;
	fprintf(f, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		   "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" role=\"img\">\n<title>",
		id, width, n * rowh + 30, width, n * rowh + 30);
	cli_html_escape(f, title);
	fputs("</title>\n", f);
	size_t k = 0;
	json_array_foreach(t, i, r) {
		if (ival(r, "level") != 1)
			continue;
		long long v = ival(r, "total_amount_fen");
		long long w = max > 0 ? v * barw / max : 0;
		char a[32];
		int y = (int)(k * rowh) + 10;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">", left - 8, y + 14);
		cli_html_escape(f, key_label(json_string_value(json_object_get(r, "key"))));
		fprintf(f, "</text>\n<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%lld\" height=\"%d\" "
			   "fill=\"#3b6ea5\"><title>",
			left, y + 2, w > 0 ? w : (v > 0 ? 1 : 0), rowh - 6);
		cli_html_escape(f, key_label(json_string_value(json_object_get(r, "key"))));
		fprintf(f, ": %s %s</title></rect>\n", wan(v, a, sizeof(a)), _("万元"));
		fprintf(f, "<text x=\"%lld\" y=\"%d\" font-size=\"11\">%s</text>\n", left + w + 6, y + 14,
			a);
		k++;
	}
	fputs("</svg>\n", f);
}

/* The 13-month trend: bars for the count, a line for the amount. */
static void
svg_trend(FILE *f, json_t *trend)
{
	int width = 640, height = 240, left = 50, right = 70, top = 20, bottom = 40;
	int plotw = width - left - right, ploth = height - top - bottom;
	long long maxc = 0, maxa = 0;
	size_t i, n = json_array_size(trend);
	json_t *r;
	json_array_foreach(trend, i, r) {
		if (ival(r, "count") > maxc)
			maxc = ival(r, "count");
		if (ival(r, "total_amount_fen") > maxa)
			maxa = ival(r, "total_amount_fen");
	}
	fprintf(f, "<svg id=\"trend\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		   "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n<title>%s</title>\n",
		width, height, width, height, _("Trend (13 months)"));
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", left, top + ploth,
		left + plotw, top + ploth);
	int slot = n ? plotw / (int)n : plotw;
	fputs("<polyline class=\"amount\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"", f);
	json_array_foreach(trend, i, r) {
		long long y = maxa ? ival(r, "total_amount_fen") * ploth / maxa : 0;
		fprintf(f, "%s%d,%lld", i ? " " : "", left + (int)i * slot + slot / 2, top + ploth - y);
	}
	fputs("\"/>\n", f);
	json_array_foreach(trend, i, r) {
		long long h = maxc ? ival(r, "count") * ploth / maxc : 0;
		char a[32];
		int x = left + (int)i * slot;
		fprintf(f, "<rect class=\"bar\" x=\"%d\" y=\"%lld\" width=\"%d\" height=\"%lld\" "
			   "fill=\"#3b6ea5\" fill-opacity=\"0.6\"><title>%s: %lld, %s %s</title></rect>\n",
			x + 3, top + ploth - h, slot - 6, h, json_string_value(json_object_get(r, "month")),
			ival(r, "count"), wan(ival(r, "total_amount_fen"), a, sizeof(a)), _("万元"));
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n",
			x + slot / 2, top + ploth + 14, json_string_value(json_object_get(r, "month")) + 2);
	}
	char a[32];
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s: %lld</text>\n", 4, top - 6,
		_("Count"), maxc);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#c0392b\" text-anchor=\"end\">%s %s</text>\n",
		width - 4, top - 6, wan(maxa, a, sizeof(a)), _("万元"));
	fputs("</svg>\n", f);
}

void
report_html(FILE *f, json_t *rep)
{
	json_t *tables = json_object_get(rep, "tables");
	const char *period = json_string_value(json_object_get(rep, "period"));
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
	cli_html_escape(f, _("Technology contract statistics"));
	fprintf(f, " %s</title>\n<style>\n"
		   "@page { size: A4; margin: 15mm; }\n"
		   "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", sans-serif; "
		   "font-size: 10pt; color: #111; max-width: 180mm; margin: 0 auto; }\n"
		   "h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 8mm; border-bottom: 1px solid #999; }\n"
		   "table { border-collapse: collapse; width: 100%%; page-break-inside: avoid; }\n"
		   "th, td { border: 1px solid #bbb; padding: 1mm 2mm; } td.n { text-align: right; }\n"
		   "th { background: #eef2f7; } .chart { display: block; margin: 3mm 0; max-width: 100%%; }\n"
		   "section { page-break-inside: avoid; }\n"
		   "</style>\n</head>\n<body>\n<h1>",
		period);
	cli_html_escape(f, _("Technology contract statistics"));
	fprintf(f, " %s</h1>\n<p>", period);
	json_t *ag = json_object_get(rep, "agency");
	if (json_is_object(ag)) {
		cli_html_escape(f, json_string_value(json_object_get(ag, "name")));
		fputs("<br/>", f);
	}
	fprintf(f, "%s .. %s</p>\n", json_string_value(json_object_get(rep, "from")),
		json_string_value(json_object_get(rep, "to")));
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		json_t *t = json_object_get(tables, sections[s].name);
		if (!t)
			continue;
		fprintf(f, "<section id=\"%s\">\n<h2>", sections[s].name);
		cli_html_escape(f, _(sections[s].title));
		fputs("</h2>\n", f);
		if (strcmp(sections[s].name, "by_category") == 0)
			svg_bars(f, t, "chart-category", _(sections[s].title));
		if (strcmp(sections[s].name, "by_tech_field") == 0)
			svg_bars(f, t, "chart-field", _(sections[s].title));
		fputs("<table>\n<tr>", f);
		for (int c = 0; c < NCOL; c++) {
			fputs("<th>", f);
			cli_html_escape(f, _(col_head[c]));
			fputs("</th>", f);
		}
		fputs("</tr>\n", f);
		size_t i;
		json_t *r;
		json_array_foreach(t, i, r) {
			char cells[NCOL][128];
			row_cells(r, cells, "—");
			fputs("<tr>", f);
			for (int c = 0; c < NCOL; c++) {
				fputs(c ? "<td class=\"n\">" : "<td>", f);
				cli_html_escape(f, cells[c]);
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</table>\n</section>\n", f);
	}
	fputs("<section id=\"large\">\n<h2>", f);
	cli_html_escape(f, _("Large contracts"));
	fputs("</h2>\n<table>\n", f);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(tables, "large_contracts"), i, r) {
		char a[32], b[32];
		fputs("<tr><td>", f);
		cli_html_escape(f, json_string_value(json_object_get(r, "reg_no")));
		fputs("</td><td>", f);
		cli_html_escape(f, json_string_value(json_object_get(r, "project_name")));
		fputs("</td><td>", f);
		cli_html_escape(f, json_string_value(json_object_get(r, "seller")));
		fputs("</td><td>", f);
		cli_html_escape(f, json_string_value(json_object_get(r, "buyer")));
		fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			wan(ival(r, "total_amount_fen"), a, sizeof(a)),
			wan(ival(r, "tech_amount_fen"), b, sizeof(b)));
	}
	fputs("</table>\n</section>\n<section id=\"trend-section\">\n<h2>", f);
	cli_html_escape(f, _("Trend (13 months)"));
	fputs("</h2>\n", f);
	svg_trend(f, json_object_get(tables, "trend"));
	fputs("</section>\n<footer><small>", f);
	cli_html_escape(f, _("Audit chain head (tcreg audit verify --anchor):"));
	fputs(" <code>", f);
	cli_html_escape(f, cli_jstr(rep, "audit_head"));
	fputs("</code></small></footer>\n</body>\n</html>\n", f);
}
