/* SPDX-License-Identifier: MIT
 * cmd-list.c - tcreg list: contracts, oldest first, as an aligned table,
 * JSON, re-importable CSV or an Excel workbook (list-xlsx.c).  Streams:
 * memory does not grow with the registry (the table's widths come from its
 * first rows).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"
#include "list-out.h"

enum { O_STATUS = 256, O_FROM, O_TO, O_JSON, O_CSV, O_SELLER, O_BUYER, O_CATEGORY, O_REG_FROM, O_REG_TO,
       O_TOTALS, O_BOM, O_ENCODING, O_HEADERS, O_POINT };

static const struct cli_option list_options[] = {
	{ .name = "status", .arg = N_("S"), .id = O_STATUS,
	  .help = N_("submitted, needs_supplement, registered, rejected,\n"
		     "changed, cancelled, revoked, not_accepted,\n"
		     "withdrawn or external; several: any of them") },
	{ .name = "from", .arg = N_("DATE"), .id = O_FROM, .help = N_("signed on or after DATE") },
	{ .name = "to", .arg = N_("DATE"), .id = O_TO, .help = N_("signed on or before DATE") },
	{ .name = "seller", .arg = N_("TEXT"), .id = O_SELLER,
	  .help = N_("seller's name contains TEXT, or its credit code is TEXT") },
	{ .name = "buyer", .arg = N_("TEXT"), .id = O_BUYER, .help = N_("the same for the buyer") },
	{ .name = "category", .arg = N_("C"), .id = O_CATEGORY,
	  .help = N_("code, name or sub-type (技术开发 = every development contract)") },
	{ .name = "registered-from", .arg = N_("DATE"), .id = O_REG_FROM, .flags = CLI_JOIN },
	{ .name = "registered-to", .arg = N_("DATE"), .id = O_REG_TO,
	  .help = N_("registered on or after / on or before DATE") },
	{ .name = "totals", .id = O_TOTALS,
	  .help = N_("a line of totals (with --json: {\"contracts\": [...], \"totals\": {...}})") },
	{ .name = "json", .id = O_JSON, .help = N_("one JSON array") },
	{ .name = "csv", .id = O_CSV, .help = N_("CSV with the ledger's columns (re-importable)") },
	{ .name = "format", .letter = 'O', .arg = N_("FORMAT"), .id = 'O',
	  .help = N_("txt, csv, json, or xlsx: an Excel workbook (needs -o)"), .flags = CLI_HELP_SHORT },
	{ .name = "output", .letter = 'o', .arg = N_("FILE"), .id = 'o',
	  .help = N_("write FILE atomically; .json, .csv or .xlsx choose the format"),
	  .flags = CLI_HELP_SHORT },
	{ .name = "bom", .id = O_BOM, .help = N_("CSV with a UTF-8 byte-order mark, for Excel") },
	{ .name = "encoding", .arg = N_("gb18030"), .id = O_ENCODING,
	  .help = N_("CSV in GB18030, for Excel on Chinese Windows") },
	{ .name = "headers", .arg = N_("zh"), .id = O_HEADERS,
	  .help = N_("CSV with the ledger's Chinese headers (importable again)") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("only the contracts filed at that registration point (an operator\n"
		     "limited to points sees theirs by default)") },
	{ 0 },
};

const struct cli_command cli_cmd_list = {
	.name = "list",
	.fn = cmd_list,
	.summary = N_("list contracts, oldest first"),
	.synopsis = N_("usage: tcreg list [--status S[,S...]]... [--from DATE] [--to DATE] [--seller TEXT] [--buyer TEXT] [--category C] [--registered-from DATE] [--registered-to DATE] [--totals] [--json|--csv|-O FORMAT] [-o FILE] [--bom] [--encoding gb18030] [--headers zh]\n"),
	.options = list_options,
};

#define WIDTH_ROWS 200 /* rows read ahead to size the table's columns */

/* where the listing goes: stdout, or the -o file being written; for
 * GB18030, a row at a time in memory, converted as it is flushed */
static FILE *out;
static char *gb_buf;
static size_t gb_len;

/* the rows written to memory since the last flush, as GB18030, to f */
static bool
flush_gb(FILE *f)
{
	if (fflush(out) != 0)
		return false;
	size_t n;
	char *g = cli_to_gb18030(gb_buf, gb_len, &n);
	bool ok = g && fwrite(g, 1, n, f) == n;
	free(g);
	rewind(out); /* the memory stream starts again, its buffer reused */
	return ok;
}

static void
csv_field(const char *v, bool last)
{
	cli_csv_value(out, v);
	fputs(last ? "\r\n" : ",", out);
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
	const char *sub = cli_jstr(c, "subtype");
	json_t *rel = json_object_get(c, "related_party");
	const char *v[] = {
		id, cli_jstr(c, "contract_no"), cli_jstr(c, "project_name"), *sub ? sub : cli_jstr(c, "category"),
		cli_jstr(se, "name"), cli_jstr(se, "uscc"), cli_jstr(se, "region"), cli_jstr(se, "nature"),
		cli_jstr(bu, "name"), cli_jstr(bu, "uscc"), cli_jstr(bu, "region"), cli_jstr(bu, "nature"),
		total, tech, cli_jstr(c, "sign_date"), cli_jstr(c, "valid_from"), cli_jstr(c, "valid_to"),
		cli_jstr(c, "tech_field"), cli_jstr(c, "ip_type"), cli_jstr(c, "pay_method"),
		json_is_boolean(rel) ? (json_is_true(rel) ? "是" : "否") : "", cli_jstr(c, "note"),
		cli_jstr(c, "status"), cli_jstr(c, "reg_no"), tf, tc, rf, cli_jstr(c, "served_contract"),
		cli_jstr(c, "plan_source"), cli_jstr(c, "objective"), cli_jstr(c, "foreign"), cli_jstr(c, "licence_mode"), ly,
		cli_jstr(c, "enterprise_type"),
	};
	size_t n = sizeof(v) / sizeof(v[0]);
	for (size_t i = 0; i < n; i++)
		csv_field(v[i], i + 1 == n);
}

#define NCOLS 8
/* A row of the table: each value as it is, never cut (a long one widens its
 * row); the texts point into the contract's JSON, which outlives the row. */
struct cells {
	const char *v[NCOLS];
	char id[24], amount[48];
};

static void
text_cells(json_t *c, struct cells *r)
{
	snprintf(r->id, sizeof(r->id), "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	cli_yuan(json_integer_value(json_object_get(c, "total_amount_fen")), r->amount, sizeof(r->amount));
	const char *sub = cli_jstr(c, "subtype");
	r->v[0] = r->id;
	r->v[1] = cli_jstr(c, "contract_no");
	r->v[2] = cli_jstr(c, "sign_date");
	r->v[3] = *sub ? sub : cli_jstr(c, "category");
	r->v[4] = cli_jstr(json_object_get(c, "seller"), "name");
	r->v[5] = cli_jstr(json_object_get(c, "buyer"), "name");
	r->v[6] = r->amount;
	r->v[7] = cli_status_word(cli_jstr(c, "status"));
}

static void
text_row(const char *const *cells, const int *w)
{
	for (int i = 0; i < NCOLS; i++) {
		if (i == 6) { /* amounts right-aligned */
			for (int k = cli_width(cells[i]); k < w[i]; k++)
				fputc(' ', out);
			fputs(cells[i], out);
		} else {
			cli_pad(out, cells[i], i == NCOLS - 1 ? 0 : w[i]);
		}
		fputs(i == NCOLS - 1 ? "\n" : "  ", out);
	}
}

/* Print the header and the rows read ahead; returns true. */
static bool
flush_ahead(json_t **ahead, size_t *nahead, const char *const *head, const int *w)
{
	text_row(head, w);
	for (size_t k = 0; k < *nahead; k++) {
		struct cells r;
		text_cells(ahead[k], &r);
		text_row(r.v, w);
		json_decref(ahead[k]);
	}
	*nahead = 0;
	return true;
}

static const char *const statuses[] = { "submitted", "needs_supplement", "registered", "rejected",  "changed",
					"cancelled", "revoked",		 "not_accepted", "withdrawn", "external",
					NULL };

/* "a,b" or a repeated --status into the comma-separated list, each checked */
static bool
add_statuses(struct cli_ctx *ctx, char *list, size_t size, const char *arg)
{
	char *copy = strdup(arg);
	bool ok = copy != NULL;
	for (char *save = NULL, *t = copy ? strtok_r(copy, ",", &save) : NULL; ok && t; t = strtok_r(NULL, ",", &save)) {
		bool known = false;
		for (const char *const *p = statuses; *p; p++)
			known = known || strcmp(*p, t) == 0;
		if (!known) {
			cli_usage_error(ctx, _("unknown status '%s'"), t);
			ok = false;
		} else if (strlen(list) + strlen(t) + 2 > size) {
			ok = false;
		} else {
			if (*list)
				strcat(list, ",");
			strcat(list, t);
		}
	}
	free(copy);
	return ok;
}

/* --category: a code ("11"), its start ("1"), or a name or alias
 * ("技术开发" = every 1x code, "委托开发" = 11); buf holds the prefix */
static int
resolve_category(struct cli_ctx *ctx, const char **category, char buf[8])
{
	const tcreg_codes *codes;
	const char *code;
	if (tcreg_registry_codes(ctx->reg, &codes) == TCREG_OK &&
	    tcreg_codes_resolve(codes, TCREG_TABLE_CATEGORY, *category, &code) == TCREG_OK) {
		/* a category's own code (10, 20, ...) stands for its sub-types too */
		size_t n = strlen(code);
		snprintf(buf, 8, "%.*s", (int)(n == 2 && code[1] == '0' ? 1 : n), code);
		*category = buf;
		return EXIT_OK;
	}
	for (const char *p = *category; *p; p++)
		if (*p < '0' || *p > '9')
			return cli_usage_error(ctx, _("unknown category '%s'"), *category);
	return EXIT_OK;
}

struct sums {
	int64_t total, tech, verified, received;
	bool overflow; /* a sum beyond int64: said, never wrapped */
};

static void
add_one(struct sums *s, int64_t *to, json_t *v)
{
	if (json_is_integer(v) && __builtin_add_overflow(*to, (int64_t)json_integer_value(v), to))
		s->overflow = true;
}

static void
add_sums(struct sums *s, json_t *c)
{
	add_one(s, &s->total, json_object_get(c, "total_amount_fen"));
	add_one(s, &s->tech, json_object_get(c, "tech_amount_fen"));
	add_one(s, &s->verified, json_object_get(c, "verified_tech_amount_fen"));
	add_one(s, &s->received, json_object_get(c, "received_fen"));
}

static json_t *
sums_json(const struct sums *s, size_t n)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "contracts", (json_int_t)n, "total_amount_fen",
			 (json_int_t)s->total, "tech_amount_fen", (json_int_t)s->tech, "verified_tech_amount_fen",
			 (json_int_t)s->verified, "received_fen", (json_int_t)s->received);
}

/* The listing as a workbook; frees cur. */
static int
list_workbook(struct cli_ctx *ctx, tcreg_cursor *cur, const char *path, bool totals)
{
	struct list_xlsx *x;
	int code = list_xlsx_open(ctx, path, &x);
	if (code) {
		tcreg_cursor_free(cur);
		return code;
	}
	struct sums sum = { 0 };
	json_t *r;
	tcreg_status st;
	while ((st = tcreg_cursor_next_tree(cur, &r)) == TCREG_OK && r) {
		add_sums(&sum, r);
		list_xlsx_row(x, r);
		json_decref(r);
	}
	tcreg_cursor_free(cur);
	if (st != TCREG_OK) {
		list_xlsx_close(ctx, x, false, false);
		return cli_fail(ctx, st, NULL);
	}
	if (totals && sum.overflow) {
		list_xlsx_close(ctx, x, false, false);
		return cli_error(ctx, EXIT_DATAERR, "%s", _("the totals exceed what 64 bits of fen can hold"));
	}
	return list_xlsx_close(ctx, x, true, totals);
}

/* What the command line asks for. */
struct list_args {
	struct tcreg_list_filter f;
	char from[11], to[11], reg_from[11], reg_to[11], status[256];
	const char *path, *format, *point;
	bool json, csv, xlsx, totals, bom, gb, zh;
};

/* --from, --to, --registered-from, --registered-to: a date; exit code. */
static int
date_option(struct cli_ctx *ctx, struct list_args *a, int c)
{
	char *d = c == O_FROM ? a->from : c == O_TO ? a->to : c == O_REG_FROM ? a->reg_from : a->reg_to;
	if (tcreg_date_parse(optarg, d, NULL, NULL) != TCREG_OK)
		return cli_usage_error(ctx, _("'%s' is not a date"), optarg);
	*(c == O_FROM ? &a->f.from : c == O_TO ? &a->f.to : c == O_REG_FROM ? &a->f.reg_from : &a->f.reg_to) = d;
	return 0;
}

/* An option with a value that is checked here; exit code. */
static int
checked_option(struct cli_ctx *ctx, struct list_args *a, int c)
{
	switch (c) {
	case O_STATUS: /* repeated, or comma-separated: any of them */
		if (!add_statuses(ctx, a->status, sizeof(a->status), optarg))
			return EXIT_USAGE;
		a->f.status = a->status;
		return 0;
	case O_ENCODING:
		return cli_encoding_option(ctx, optarg, &a->gb);
	case O_HEADERS:
		if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
			return cli_usage_error(ctx, _("--headers takes zh or en, not '%s'"), optarg);
		a->zh = strcmp(optarg, "zh") == 0;
		return 0;
	case O_FROM: case O_TO: case O_REG_FROM: case O_REG_TO:
		return date_option(ctx, a, c);
	default:
		return EXIT_USAGE;
	}
}

static int
parse_args(struct cli_ctx *ctx, int argc, char **argv, struct list_args *a)
{
	int c, code;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_list)) != -1) {
		switch (c) {
		case O_SELLER: a->f.seller = optarg; break;
		case O_POINT: a->point = optarg; break;
		case O_BUYER: a->f.buyer = optarg; break;
		case O_CATEGORY: a->f.category = optarg; break;
		case O_TOTALS: a->totals = true; break;
		case O_JSON: a->json = true; break;
		case O_CSV: a->csv = true; break;
		case 'o': a->path = optarg; break;
		case 'O': a->format = optarg; break;
		case O_BOM: a->bom = true; break;
		default:
			if ((code = checked_option(ctx, a, c)))
				return code;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

/* The output's format and the options that go with it; exit code. */
static int
validate(struct cli_ctx *ctx, struct list_args *a)
{
	const char *fmt = a->format;
	if (fmt && strcmp(fmt, "txt") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "xlsx") != 0)
		return cli_usage_error(ctx, _("-O takes txt, csv, json or xlsx, not '%s'"), fmt);
	if (fmt && (a->json || a->csv))
		return cli_usage_error(ctx, _("-O and --json or --csv cannot be used together"));
	if (!fmt && a->path && !a->json && !a->csv) /* the format follows the name */
		fmt = cli_format_of(a->path);
	a->json = a->json || (fmt && strcmp(fmt, "json") == 0);
	a->csv = a->csv || (fmt && strcmp(fmt, "csv") == 0);
	a->xlsx = fmt && strcmp(fmt, "xlsx") == 0;
	if (a->xlsx && !a->path)
		return cli_usage_error(ctx, _("a workbook needs a file: -o FILE.xlsx"));
	if ((a->bom || a->gb || a->zh) && !a->csv)
		return cli_usage_error(ctx, _("--bom, --encoding and --headers go with CSV"));
	if (a->totals && a->csv)
		return cli_usage_error(ctx, _("--totals goes with the table or --json: the CSV stays re-importable"));
	if (a->json && a->csv)
		return cli_usage_error(ctx, _("--json and --csv cannot be used together"));
	return 0;
}

/* The CSV's header (before the rows) and the JSON's opening. */
static tcreg_status
write_head(const struct list_args *a, FILE *file)
{
	if (a->csv && a->bom && !a->gb)
		fputs("\xef\xbb\xbf", file); /* so that Excel reads UTF-8 */
	if (a->csv) {
		fputs(a->zh ? "编号,合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,"
			      "买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,"
			      "有效期起,有效期止,技术领域,知识产权类型,支付方式,是否关联交易,备注,状态,登记编号,"
			      "合同成交额（分）,技术交易额（分）,已到账金额（分）,所服务合同,计划来源,社会经济目标,"
			      "涉外,许可方式,许可年限,企业登记注册类型\r\n"
			    : "id,contract_no,project_name,category,seller_name,seller_uscc,seller_region,"
			      "seller_nature,buyer_name,buyer_uscc,buyer_region,buyer_nature,total_amount,"
			      "tech_amount,sign_date,valid_from,valid_to,tech_field,ip_type,pay_method,"
			      "related_party,note,status,reg_no,total_amount_fen,tech_amount_fen,received_fen,"
			      "served_contract,plan_source,objective,foreign,licence_mode,licence_years,"
			      "enterprise_type\r\n",
		      out);
		if (a->gb && !flush_gb(file))
			return TCREG_ERR_IO;
	}
	if (a->json)
		fputs(a->totals ? "{\"contracts\": [" : "[", out);
	return TCREG_OK;
}

/* The table: the first rows read ahead to size its columns, then streamed. */
struct table {
	json_t *ahead[WIDTH_ROWS];
	size_t nahead;
	int w[NCOLS];
	const char *head[NCOLS];
	bool headed;
};

static void
table_init(struct table *t)
{
	const char *const head[NCOLS] = { _("ID"), _("Contract number"), _("Signed"), _("Category"),
					  _("Seller"), _("Buyer"), _("Amount (yuan)"), _("Status") };
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < NCOLS; i++) {
		t->head[i] = head[i];
		t->w[i] = cli_width(head[i]);
	}
}

static void
table_row(struct table *t, json_t *r)
{
	if (!t->headed && t->nahead == WIDTH_ROWS)
		t->headed = flush_ahead(t->ahead, &t->nahead, t->head, t->w);
	struct cells c;
	text_cells(r, &c);
	if (t->headed) {
		text_row(c.v, t->w);
		return;
	}
	t->ahead[t->nahead++] = json_incref(r);
	for (int i = 0; i < NCOLS; i++)
		if (cli_width(c.v[i]) > t->w[i])
			t->w[i] = cli_width(c.v[i]);
}

/* Every row, in the format asked for; how many in *n. */
static tcreg_status
write_rows(const struct list_args *a, tcreg_cursor *cur, FILE *file, struct sums *sum, size_t *n)
{
	struct table t;
	table_init(&t);
	json_t *r;
	tcreg_status st;
	while ((st = tcreg_cursor_next_tree(cur, &r)) == TCREG_OK && r) {
		add_sums(sum, r);
		if (a->json) {
			fputs(*n ? ",\n" : "\n", out);
			json_dumpf(r, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		} else if (a->csv) {
			csv_row(r);
			if (a->gb && !flush_gb(file))
				st = TCREG_ERR_IO;
		} else {
			table_row(&t, r);
		}
		json_decref(r);
		(*n)++;
		if (st != TCREG_OK)
			break;
	}
	if (!a->json && !a->csv && !t.headed && t.nahead > 0)
		flush_ahead(t.ahead, &t.nahead, t.head, t.w);
	return st;
}

/* The JSON's closing (with the totals), or the table's line of totals. */
static void
write_tail(const struct list_args *a, const struct sums *sum, size_t n)
{
	if (a->json && a->totals) {
		fputs(n ? "\n], \"totals\": " : "], \"totals\": ", out);
		json_t *t = sums_json(sum, n);
		json_dumpf(t, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(t);
		fputs("}\n", out);
	} else if (a->json) {
		fputs(n ? "\n]\n" : "]\n", out);
	} else if (a->totals && !a->csv) {
		char t[48], b[48], v[48], rv[48];
		fprintf(out, _("Total: %zu contracts; amount %s yuan, technology %s, verified %s, received %s\n"), n,
			cli_yuan(sum->total, t, sizeof(t)), cli_yuan(sum->tech, b, sizeof(b)),
			cli_yuan(sum->verified, v, sizeof(v)), cli_yuan(sum->received, rv, sizeof(rv)));
	}
}

/* The listing as text, CSV or JSON, to stdout or the -o file; exit code. */
static int
write_listing(struct cli_ctx *ctx, const struct list_args *a, tcreg_cursor *cur)
{
	struct cli_out o;
	int code = cli_out_open(ctx, a->path, &o);
	if (code) {
		tcreg_cursor_free(cur);
		return code;
	}
	out = o.f;
	if (a->gb && !(out = open_memstream(&gb_buf, &gb_len))) {
		cli_out_close(ctx, &o, false);
		tcreg_cursor_free(cur);
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	}
	struct sums sum = { 0 };
	size_t n = 0;
	tcreg_status st = write_head(a, o.f);
	if (st == TCREG_OK)
		st = write_rows(a, cur, o.f, &sum, &n);
	tcreg_cursor_free(cur);
	if (a->totals && sum.overflow) {
		cli_out_close(ctx, &o, false);
		return cli_error(ctx, EXIT_DATAERR, "%s", _("the totals exceed what 64 bits of fen can hold"));
	}
	write_tail(a, &sum, n);
	if (a->gb) {
		fclose(out);
		free(gb_buf);
		gb_buf = NULL;
		out = o.f;
	}
	if (st != TCREG_OK) {
		cli_out_close(ctx, &o, false);
		return cli_fail(ctx, st, NULL);
	}
	if ((code = cli_out_close(ctx, &o, true)))
		return code;
	if (!a->json && !a->csv)
		cli_note(ctx, _("%zu contracts"), n);
	return EXIT_OK;
}

int
cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct list_args a = { 0 };
	int code = parse_args(ctx, argc, argv, &a);
	if (code || (code = validate(ctx, &a)))
		return code;
	if ((code = cli_open(ctx, false, true)) || (code = cli_set_view(ctx, a.point)))
		return code;
	char cat[8];
	if (a.f.category && (code = resolve_category(ctx, &a.f.category, cat)))
		return code;
	tcreg_cursor *cur;
	tcreg_status st = tcreg_contract_list(ctx->reg, &a.f, &cur);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (a.xlsx)
		return list_workbook(ctx, cur, a.path, a.totals);
	return write_listing(ctx, &a, cur);
}
