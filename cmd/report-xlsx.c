/* SPDX-License-Identifier: MIT
 * report-xlsx.c - the statistics report as an Excel workbook: a sheet per
 * table of the report's JSON, Chinese headers and sheet names whatever the
 * language of messages, amounts in 元 (exact to the fen, where the text
 * report rounds to 万元), shares and growth as percentages, months and
 * dates as dates.  The same registry and period give the same bytes: the
 * workbook says it was made on the last day of the period.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "report-out.h"
#include "xlsx-out.h"

/* The tables of rows, in the order of the text report, with their sheets'
 * names (at most 31 characters, none of []:*?/\ as Excel wants). */
static const struct {
	const char *key, *sheet;
} tables[] = {
	{ "overview", "总览" },
	{ "by_category", "按合同类别" },
	{ "by_tech_field", "按技术领域" },
	{ "by_seller_nature", "技术输出（按卖方性质）" },
	{ "by_buyer_nature", "技术吸纳（按买方性质）" },
	{ "by_region_flow", "按地区流向" },
	{ "by_ip_type", "按知识产权类型" },
	{ "by_plan_source", "按计划来源" },
	{ "by_objective", "按社会经济目标" },
	{ "by_point", "按登记点" },
	{ "by_seller_city", "按卖方所在城市" },
	{ "by_city", "按登记点所在城市" },
	{ "tax_linked", "涉税合同" },
	{ "by_province_flow", "按省份流向" },
	{ "inflow_registered_elsewhere", "其他机构登记的吸纳合同" },
	{ "quality", "质量标记" },
};

enum { AMOUNT, COUNT, BP };

/* The columns of a table's row: header, JSON key, kind. */
static const struct {
	struct xlsx_col col;
	const char *key;
	int kind;
} row_cols[] = {
	{ { "合同数", 8 }, "count", COUNT },
	{ { "成交额（元）", 18 }, "total_amount_fen", AMOUNT },
	{ { "技术交易额（元）", 18 }, "tech_amount_fen", AMOUNT },
	{ { "成交额占比", 10 }, "share_bp", BP },
	{ { "上年同期合同数", 8 }, "prev_count", COUNT },
	{ { "上年同期成交额（元）", 18 }, "prev_total_amount_fen", AMOUNT },
	{ { "上年同期技术交易额（元）", 18 }, "prev_tech_amount_fen", AMOUNT },
	{ { "合同数同比", 10 }, "growth_count_bp", BP },
	{ { "成交额同比", 10 }, "growth_total_bp", BP },
	{ { "技术交易额同比", 10 }, "growth_tech_bp", BP },
	{ { "本年累计合同数", 8 }, "ytd_count", COUNT },
	{ { "本年累计成交额（元）", 18 }, "ytd_total_amount_fen", AMOUNT },
	{ { "本年累计技术交易额（元）", 18 }, "ytd_tech_amount_fen", AMOUNT },
	{ { "平均每份成交额（元）", 18 }, "average_fen", AMOUNT }, /* the overview's alone */
};
#define NROW_COLS (sizeof(row_cols) / sizeof(row_cols[0]))

/* The rows the report names by a code, in Chinese. */
static const char *
label_zh(const char *key)
{
	static const char *const k[][2] = {
		{ "total", "全部登记合同" },
		{ "related_party", "关联交易合同" },
		{ "cancelled_or_revoked", "本期登记、后已注销或撤销" },
		{ "changes_in_period", "变更登记" },
		{ "cancellations_in_period", "注销登记" },
		{ "revocations_in_period", "撤销登记" },
		{ "vat_exemption_eligible", "技术开发、转让和许可：可申请免征增值税" },
		{ "income_tax_relief_eligible", "技术转让及 5 年以上许可：可申请所得税减免" },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(k[i][0], key) == 0)
			return k[i][1];
	return key;
}

static void
row_sheet(struct xlsx_out *x, const char *sheet, json_t *rows, bool overview)
{
	struct xlsx_col cols[NROW_COLS + 1] = { { "项目", 28 } };
	size_t n = overview ? NROW_COLS : NROW_COLS - 1;
	for (size_t c = 0; c < n; c++)
		cols[c + 1] = row_cols[c].col;
	lxw_worksheet *ws = xlsx_sheet(x, sheet, cols, n + 1, false);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *label = label_zh(cli_jstr(r, "key")), *slash = strchr(label, '/');
		/* a sub-type under its category: its own name, indented */
		bool sub = cli_jnum(r, "level") == 2 && slash;
		xlsx_text(x, ws, row, 0, sub ? slash + 1 : label, sub ? x->indent : NULL);
		for (size_t c = 0; c < n; c++) {
			json_t *v = json_object_get(r, row_cols[c].key);
			lxw_col_t col = (lxw_col_t)(c + 1);
			if (!json_is_integer(v))
				continue; /* nothing to compare with: an empty cell */
			if (row_cols[c].kind == AMOUNT)
				xlsx_yuan(x, ws, row, col, json_integer_value(v));
			else if (row_cols[c].kind == BP)
				xlsx_bp(x, ws, row, col, json_integer_value(v));
			else
				xlsx_whole(x, ws, row, col, json_integer_value(v));
		}
	}
}

static void
large_sheet(struct xlsx_out *x, json_t *rows)
{
	static const struct xlsx_col cols[] = {
		{ "登记编号", 18 }, { "登记日期", 11 },	  { "合同类别", 14 },	    { "卖方", 28 },
		{ "买方", 28 },	   { "项目名称", 32 }, { "成交额（元）", 18 }, { "技术交易额（元）", 18 },
	};
	lxw_worksheet *ws = xlsx_sheet(x, "大额合同", cols, sizeof(cols) / sizeof(cols[0]), false);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		xlsx_text(x, ws, row, 0, cli_jstr(r, "reg_no"), NULL);
		xlsx_date(x, ws, row, 1, cli_jstr(r, "reg_date"));
		xlsx_text(x, ws, row, 2, cli_jstr(r, "category"), NULL);
		xlsx_text(x, ws, row, 3, cli_jstr(r, "seller"), NULL);
		xlsx_text(x, ws, row, 4, cli_jstr(r, "buyer"), NULL);
		xlsx_text(x, ws, row, 5, cli_jstr(r, "project_name"), NULL);
		xlsx_yuan(x, ws, row, 6, cli_jnum(r, "total_amount_fen"));
		xlsx_yuan(x, ws, row, 7, cli_jnum(r, "tech_amount_fen"));
	}
}

static void
trend_sheet(struct xlsx_out *x, json_t *rows)
{
	static const struct xlsx_col cols[] = {
		{ "月份", 10 }, { "合同数", 8 }, { "成交额（元）", 18 }, { "技术交易额（元）", 18 }
	};
	lxw_worksheet *ws = xlsx_sheet(x, "近13个月走势", cols, 4, false);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		xlsx_date(x, ws, row, 0, cli_jstr(r, "month"));
		xlsx_whole(x, ws, row, 1, cli_jnum(r, "count"));
		xlsx_yuan(x, ws, row, 2, cli_jnum(r, "total_amount_fen"));
		xlsx_yuan(x, ws, row, 3, cli_jnum(r, "tech_amount_fen"));
	}
}

/* What the text report says above its tables. */
static void
about_sheet(struct xlsx_out *x, json_t *rep)
{
	static const struct xlsx_col cols[] = { { "项目", 16 }, { "内容", 40 } };
	lxw_worksheet *ws = xlsx_sheet(x, "报告信息", cols, 2, false);
	json_t *prev = json_object_get(rep, "previous"), *ytd = json_object_get(rep, "ytd");
	json_t *ag = json_object_get(rep, "agency");
	const struct {
		const char *label, *value;
		bool date;
	} rows[] = {
		{ "统计期", cli_jstr(rep, "period"), false },
		{ "起始日期", cli_jstr(rep, "from"), true },
		{ "截止日期", cli_jstr(rep, "to"), true },
		{ "上年同期起", cli_jstr(prev, "from"), true },
		{ "上年同期止", cli_jstr(prev, "to"), true },
		{ "本年累计起", cli_jstr(ytd, "from"), true },
		{ "本年累计止", cli_jstr(ytd, "to"), true },
		{ "登记机构", cli_jstr(ag, "name"), false },
		{ "审计链头", cli_jstr(rep, "audit_head"), false },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		xlsx_text(x, ws, row, 0, rows[i].label, NULL);
		if (rows[i].date)
			xlsx_date(x, ws, row, 1, rows[i].value);
		else
			xlsx_text(x, ws, row, 1, rows[i].value, NULL);
	}
}

/* The last day of the period, midnight UTC: the workbook's date. */
static time_t
made_on(json_t *rep)
{
	const char *to = cli_jstr(rep, "to");
	struct tm tm = { 0 };
	if (strlen(to) != 10 || sscanf(to, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

int
report_xlsx(struct cli_ctx *ctx, const char *path, json_t *rep)
{
	struct xlsx_out x;
	int code = xlsx_open(ctx, path, false, &x);
	if (code)
		return code;
	char title[64];
	snprintf(title, sizeof(title), "技术合同统计 %s", cli_jstr(rep, "period"));
	lxw_doc_properties props = { .title = title, .created = made_on(rep) };
	workbook_set_properties(x.wb, &props);
	json_t *t = json_object_get(rep, "tables");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (json_object_get(t, tables[i].key)) /* by_city: several points only */
			row_sheet(&x, tables[i].sheet, json_object_get(t, tables[i].key), i == 0);
	large_sheet(&x, json_object_get(t, "large_contracts"));
	trend_sheet(&x, json_object_get(t, "trend"));
	about_sheet(&x, rep);
	return xlsx_close(ctx, &x, true);
}
