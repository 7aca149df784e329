/* SPDX-License-Identifier: MIT
 * award-xlsx.c - the awards of a run, and the committed runs, as Excel
 * workbooks: Chinese headers, amounts in 元 as numbers, one row per award
 * and, on a sheet of their own, one per contract an award pays (an
 * agency's award covers a year of contracts, more than a cell holds).
 * Why an award is what it is, and why a contract gets none, are in the
 * reader's language, as on the screen.  Written row by row: a year of a
 * large registry costs no more memory than a small one.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"
#include "xlsx-out.h"

/* The applicant's side and the unit an award is counted per, in Chinese
 * (the JSON and CSV keep the codes). */
static const char *
zh(const char *code)
{
	static const char *const w[][2] = {
		{ "buyer", "买方" },
		{ "seller", "卖方" },
		{ "agency", "登记机构" },
		{ "contract", "每份合同" },
		{ "project", "每个项目" },
		{ "applicant_year", "每个申请方每年" },
		{ "person_year", "每人每年" },
		{ "agency_year", "每个机构每年" },
	};
	for (size_t i = 0; code && i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(w[i][0], code) == 0)
			return w[i][1];
	return code;
}

/* Text printed by a function of the text output, as one cell: lines
 * without their indentation (malloc'd). */
static char *
printed(void (*print)(FILE *, const void *), const void *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	print(m, what);
	fclose(m);
	char *d = text;
	bool start = true; /* of a line */
	for (const char *p = text; p && *p; p++) {
		if (start && *p == ' ')
			continue;
		start = *p == '\n';
		*d++ = *p;
	}
	while (d && d > text && d[-1] == '\n')
		d--;
	if (d)
		*d = '\0';
	return text;
}

/* cmd-award.c: an award's typed basis and the shares its allocation
 * allows, as the text output words them (not in cli.h: only the award
 * writers use them). */
void award_print_basis_of(FILE *f, const struct tcreg_award_info *x);
void award_print_shares(FILE *f, const struct tcreg_award_info *x);

static void
print_basis(FILE *f, const void *what)
{
	award_print_basis_of(f, what);
	fputc('\n', f);
	award_print_shares(f, what);
}

static void
print_exclusion(FILE *f, const void *what)
{
	const struct tcreg_award_exclusion *e = what;
	award_print_reason(f, e->code, e->detail, e->reason);
}

static const struct xlsx_col award_cols[] = {
	{ "序号", 6 },	      { "规则", 12 },	      { "申请单位", 30 },	   { "统一社会信用代码", 20 },
	{ "申请方", 8 },    { "计奖单位", 14 },     { "项目", 20 },		   { "合同数", 8 },
	{ "计奖基数（元）", 18 }, { "奖补金额（元）", 18 }, { "此前已奖补（元）", 18 }, { "是否封顶", 8 },
	{ "计算依据", 60 },
};

static void
award_row(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t row, const struct tcreg_award_info *a)
{
	xlsx_whole(x, ws, row, 0, (long long)row);
	xlsx_text(x, ws, row, 1, a->rule, NULL);
	xlsx_text(x, ws, row, 2, a->applicant, NULL);
	xlsx_text(x, ws, row, 3, a->uscc, NULL);
	xlsx_text(x, ws, row, 4, zh(a->role), NULL);
	xlsx_text(x, ws, row, 5, zh(a->unit), NULL);
	xlsx_text(x, ws, row, 6, a->project, NULL);
	xlsx_whole(x, ws, row, 7, (long long)a->ncontracts);
	xlsx_yuan(x, ws, row, 8, a->base_fen);
	xlsx_yuan(x, ws, row, 9, a->award_fen);
	xlsx_yuan(x, ws, row, 10, a->previous_fen);
	xlsx_text(x, ws, row, 11, a->capped ? "是" : "否", NULL);
	char *why = printed(print_basis, a);
	if (!why)
		x->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	xlsx_text(x, ws, row, 12, why, x->wrap);
	free(why);
}

/* The run: what it is, what it pays, what the policy asks to check
 * (row by row, as a sheet written to disk must be). */
static void
about_sheet(struct xlsx_out *x, const json_t *head, size_t n)
{
	static const struct xlsx_col cols[] = { { "项目", 18 }, { "内容", 60 } };
	lxw_worksheet *ws = xlsx_sheet(x, "说明", cols, 2, false);
	bool committed = json_is_true(json_object_get(head, "committed"));
	const struct {
		const char *label, *text;
		long long whole;
	} rows[] = {
		{ "政策", cli_jstr(head, "policy"), 0 },
		{ "名称", cli_jstr(head, "title"), 0 },
		{ "依据", cli_jstr(head, "source"), 0 },
		{ "政策文件 SHA-256", cli_jstr(head, "policy_sha256"), 0 },
		{ "年度", NULL, cli_jnum(head, "year") },
		{ "状态", committed ? "已提交" : "预览（未记录）", 0 },
		{ "批次", committed ? NULL : "", cli_jnum(head, "run_id") }, /* none in a preview */
		{ "奖补笔数", NULL, (long long)n },
	};
	lxw_row_t row = 1;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++, row++) {
		xlsx_text(x, ws, row, 0, rows[i].label, NULL);
		if (rows[i].text)
			xlsx_text(x, ws, row, 1, rows[i].text, NULL);
		else
			xlsx_whole(x, ws, row, 1, rows[i].whole);
	}
	xlsx_text(x, ws, row, 0, "奖补总额（元）", NULL);
	xlsx_yuan(x, ws, row++, 1, cli_jnum(head, "total_award_fen"));
	const json_t *r, *c;
	size_t i, j;
	json_array_foreach(json_object_get(head, "rules"), i, r) json_array_foreach(json_object_get(r, "checks"), j, c) {
		char what[200];
		snprintf(what, sizeof(what), "付款前确认（%s）", cli_jstr(r, "name"));
		xlsx_text(x, ws, row, 0, what, NULL);
		xlsx_text(x, ws, row++, 1, json_string_value(c), NULL);
	}
}

int
award_xlsx(struct cli_ctx *ctx, const char *path, const json_t *head, tcreg_award_result *res)
{
	struct xlsx_out x;
	int code = xlsx_open(ctx, path, true, &x);
	if (code)
		return code;
	lxw_worksheet *ws = xlsx_sheet(&x, "奖补", award_cols, sizeof(award_cols) / sizeof(award_cols[0]), false);
	static const struct xlsx_col ccols[] = { { "序号", 6 }, { "规则", 12 }, { "申请单位", 30 }, { "登记编号", 18 } };
	lxw_worksheet *cs = xlsx_sheet(&x, "奖补合同", ccols, 4, false);
	struct tcreg_award_info a;
	lxw_row_t crow = 1;
	size_t n = 0;
	for (; tcreg_award_result_get_typed(res, n, &a) == TCREG_OK; n++) {
		lxw_row_t row = (lxw_row_t)(n + 1);
		award_row(&x, ws, row, &a);
		for (size_t j = 0; j < a.ncontracts; j++, crow++) {
			xlsx_whole(&x, cs, crow, 0, (long long)row);
			xlsx_text(&x, cs, crow, 1, a.rule, NULL);
			xlsx_text(&x, cs, crow, 2, a.applicant, NULL);
			xlsx_text(&x, cs, crow, 3, a.contracts[j], NULL);
		}
	}
	/* the total from the run's fen, never the sum of the cells' doubles */
	xlsx_text(&x, ws, (lxw_row_t)(n + 1), 0, "合计", x.head);
	xlsx_yuan(&x, ws, (lxw_row_t)(n + 1), 9, cli_jnum(head, "total_award_fen"));
	static const struct xlsx_col ecols[] = { { "登记编号", 18 }, { "规则", 12 }, { "原因代码", 16 }, { "原因", 60 } };
	ws = xlsx_sheet(&x, "未获奖补", ecols, 4, false);
	struct tcreg_award_exclusion e;
	for (size_t i = 0; tcreg_award_result_excluded_get(res, i, &e) == TCREG_OK; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		char *why = printed(print_exclusion, &e);
		if (!why)
			x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
		xlsx_text(&x, ws, row, 0, e.contract, NULL);
		xlsx_text(&x, ws, row, 1, e.rule, NULL);
		xlsx_text(&x, ws, row, 2, e.code, NULL);
		xlsx_text(&x, ws, row, 3, why, NULL);
		free(why);
	}
	about_sheet(&x, head, n);
	return xlsx_close(ctx, &x, true);
}

static const struct xlsx_col history_cols[] = {
	{ "序号", 6 },	   { "批次", 6 },	   { "提交时间", 20 },	     { "操作员", 10 },	      { "政策", 14 },
	{ "政策文件 SHA-256", 20 }, { "年度", 6 },	     { "规则", 12 },	      { "申请单位", 30 },
	{ "申请方", 8 },   { "合同数", 8 },	     { "计奖基数（元）", 18 }, { "奖补金额（元）", 18 },
	{ "是否封顶", 8 }, { "计入到账（元）", 18 }, { "已冲销（元）", 18 }, { "多付", 6 },
};

static void
history_row(struct xlsx_out *x, lxw_worksheet *ws, lxw_row_t row, const json_t *r, const json_t *a)
{
	xlsx_whole(x, ws, row, 0, (long long)row);
	xlsx_whole(x, ws, row, 1, cli_jnum(r, "run_id"));
	xlsx_date(x, ws, row, 2, cli_jstr(r, "committed_at"));
	xlsx_text(x, ws, row, 3, cli_jstr(r, "operator"), NULL);
	xlsx_text(x, ws, row, 4, cli_jstr(r, "policy"), NULL);
	xlsx_text(x, ws, row, 5, cli_jstr(r, "policy_sha256"), NULL);
	xlsx_whole(x, ws, row, 6, cli_jnum(r, "year"));
	xlsx_text(x, ws, row, 7, cli_jstr(a, "rule"), NULL);
	xlsx_text(x, ws, row, 8, cli_jstr(a, "applicant"), NULL);
	xlsx_text(x, ws, row, 9, zh(cli_jstr(a, "role")), NULL);
	xlsx_whole(x, ws, row, 10, (long long)json_array_size(json_object_get(a, "contracts")));
	xlsx_yuan(x, ws, row, 11, cli_jnum(a, "base_fen"));
	xlsx_yuan(x, ws, row, 12, cli_jnum(a, "award_fen"));
	xlsx_text(x, ws, row, 13, json_is_true(json_object_get(a, "capped")) ? "是" : "否", NULL);
	if (json_object_get(a, "counted_fen")) { /* awards on a base of money */
		xlsx_yuan(x, ws, row, 14, cli_jnum(a, "counted_fen"));
		xlsx_yuan(x, ws, row, 15, cli_jnum(a, "reversed_fen"));
		xlsx_text(x, ws, row, 16, json_is_true(json_object_get(a, "overpaid")) ? "是" : "否", NULL);
	}
}

int
award_history_xlsx(struct cli_ctx *ctx, const char *path, const json_t *runs)
{
	struct xlsx_out x;
	int code = xlsx_open(ctx, path, true, &x);
	if (code)
		return code;
	lxw_worksheet *ws = xlsx_sheet(&x, "已提交的奖补", history_cols, sizeof(history_cols) / sizeof(history_cols[0]), false);
	static const struct xlsx_col ccols[] = { { "序号", 6 }, { "批次", 6 }, { "申请单位", 30 }, { "登记编号", 18 } };
	lxw_worksheet *cs = xlsx_sheet(&x, "奖补合同", ccols, 4, false);
	lxw_row_t row = 1, crow = 1;
	const json_t *r, *a, *c;
	size_t i, j, k;
	json_array_foreach(runs, i, r) json_array_foreach(json_object_get(r, "list"), j, a) {
		history_row(&x, ws, row, r, a);
		json_array_foreach(json_object_get(a, "contracts"), k, c) {
			xlsx_whole(&x, cs, crow, 0, (long long)row);
			xlsx_whole(&x, cs, crow, 1, cli_jnum(r, "run_id"));
			xlsx_text(&x, cs, crow, 2, cli_jstr(a, "applicant"), NULL);
			xlsx_text(&x, cs, crow++, 3, json_string_value(c), NULL);
		}
		row++;
	}
	return xlsx_close(ctx, &x, true);
}
