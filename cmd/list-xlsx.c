/* SPDX-License-Identifier: MIT
 * list-xlsx.c - tcreg list as an Excel workbook: one sheet, the ledger's
 * Chinese headers (so the workbook is a ledger tcreg reads back), amounts
 * in 元 as numbers shown "#,##0.00", dates as date cells, the header row
 * frozen (xlsx-out.c).  libxlsxwriter's constant-memory mode writes row by
 * row, so a large registry costs no more memory than a small one.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "list-out.h"
#include "xlsx-out.h"

enum kind { TEXT, AMOUNT, DATE, WHOLE };

/* A column: its header, what it holds, where it is in a contract's JSON
 * (a second key looks inside the first's object). */
static const struct column {
	const char *head;
	enum kind kind;
	const char *key, *sub;
	double width;
} columns[] = {
	{ "编号", WHOLE, "id", NULL, 6 },
	{ "合同编号", TEXT, "contract_no", NULL, 16 },
	{ "项目名称", TEXT, "project_name", NULL, 32 },
	{ "合同类别", TEXT, "category", NULL, 14 },
	{ "卖方名称", TEXT, "seller", "name", 28 },
	{ "卖方统一社会信用代码", TEXT, "seller", "uscc", 20 },
	{ "卖方地区", TEXT, "seller", "region", 8 },
	{ "卖方性质", TEXT, "seller", "nature", 12 },
	{ "买方名称", TEXT, "buyer", "name", 28 },
	{ "买方统一社会信用代码", TEXT, "buyer", "uscc", 20 },
	{ "买方地区", TEXT, "buyer", "region", 8 },
	{ "买方性质", TEXT, "buyer", "nature", 12 },
	{ "合同成交额（元）", AMOUNT, "total_amount_fen", NULL, 16 },
	{ "技术交易额（元）", AMOUNT, "tech_amount_fen", NULL, 16 },
	{ "签订日期", DATE, "sign_date", NULL, 11 },
	{ "有效期起", DATE, "valid_from", NULL, 11 },
	{ "有效期止", DATE, "valid_to", NULL, 11 },
	{ "技术领域", TEXT, "tech_field", NULL, 16 },
	{ "知识产权类型", TEXT, "ip_type", NULL, 14 },
	{ "支付方式", TEXT, "pay_method", NULL, 10 },
	{ "是否关联交易", TEXT, "related_party", NULL, 8 },
	{ "备注", TEXT, "note", NULL, 24 },
	{ "状态", TEXT, "status", NULL, 10 },
	{ "登记编号", TEXT, "reg_no", NULL, 18 },
	{ "登记日期", DATE, "reg_date", NULL, 11 },
	{ "核定技术交易额（元）", AMOUNT, "verified_tech_amount_fen", NULL, 16 },
	{ "已到账金额（元）", AMOUNT, "received_fen", NULL, 16 },
	{ "所服务合同", TEXT, "served_contract", NULL, 18 },
	{ "计划来源", TEXT, "plan_source", NULL, 10 },
	{ "社会经济目标", TEXT, "objective", NULL, 10 },
	{ "涉外", TEXT, "foreign", NULL, 8 },
	{ "许可方式", TEXT, "licence_mode", NULL, 8 },
	{ "许可年限", WHOLE, "licence_years", NULL, 8 },
	{ "企业登记注册类型", TEXT, "enterprise_type", NULL, 10 },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

struct list_xlsx {
	struct xlsx_out x;
	lxw_worksheet *ws;
	lxw_row_t row;
	int64_t sum[NCOLUMNS]; /* fen, for the totals row */
};

int
list_xlsx_open(struct cli_ctx *ctx, const char *path, struct list_xlsx **out)
{
	struct list_xlsx *l = calloc(1, sizeof(*l));
	if (!l)
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	int code = xlsx_open(ctx, path, true, &l->x);
	if (code) {
		free(l);
		return code;
	}
	struct xlsx_col heads[NCOLUMNS];
	for (size_t i = 0; i < NCOLUMNS; i++)
		heads[i] = (struct xlsx_col){ columns[i].head, columns[i].width };
	l->ws = xlsx_sheet(&l->x, "合同", heads, NCOLUMNS, false);
	l->row = 1;
	*out = l;
	return EXIT_OK;
}

/* The text of a text column: a sub-type rather than its category, 是/否,
 * a status in Chinese; NULL when there is none. */
static const char *
text_of(const struct column *col, json_t *c, json_t *v)
{
	if (strcmp(col->key, "category") == 0) {
		const char *sub = cli_jstr(c, "subtype");
		return *sub ? sub : json_string_value(v);
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	if (strcmp(col->key, "status") == 0)
		return cli_status_zh(json_string_value(v));
	return json_string_value(v);
}

static void
put(struct list_xlsx *l, lxw_col_t i, json_t *c)
{
	const struct column *col = &columns[i];
	json_t *v = json_object_get(c, col->key);
	if (col->sub)
		v = json_object_get(v, col->sub);
	if (col->kind == AMOUNT && json_is_integer(v)) {
		int64_t fen = json_integer_value(v);
		/* past int64 the listing stops with its own error before the totals */
		(void)__builtin_add_overflow(l->sum[i], fen, &l->sum[i]);
		xlsx_yuan(&l->x, l->ws, l->row, i, fen);
	} else if (col->kind == WHOLE && json_is_integer(v)) {
		xlsx_whole(&l->x, l->ws, l->row, i, json_integer_value(v));
	} else if (col->kind == DATE) {
		xlsx_date(&l->x, l->ws, l->row, i, json_string_value(v));
	} else if (col->kind == TEXT) {
		xlsx_text(&l->x, l->ws, l->row, i, text_of(col, c, v), NULL);
	}
}

void
list_xlsx_row(struct list_xlsx *l, json_t *c)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		put(l, (lxw_col_t)i, c);
	l->row++;
}

int
list_xlsx_close(struct cli_ctx *ctx, struct list_xlsx *l, bool ok, bool totals)
{
	if (ok && totals) { /* from the sums in fen, never the sums of the cells' doubles */
		xlsx_text(&l->x, l->ws, l->row, 0, "合计", l->x.head);
		for (size_t i = 0; i < NCOLUMNS; i++)
			if (columns[i].kind == AMOUNT)
				xlsx_yuan(&l->x, l->ws, l->row, (lxw_col_t)i, l->sum[i]);
	}
	int code = xlsx_close(ctx, &l->x, ok);
	free(l);
	return code;
}
