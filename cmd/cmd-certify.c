/* SPDX-License-Identifier: MIT
 * cmd-certify.c - tcreg certify: the registration office's decisions on a
 * contract (accept, reject, supplement, resubmit, expert review, change,
 * cancel, revoke), the queue of what awaits a decision, and certificates.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

enum { O_QUEUE = 256, O_JSON, O_ACCEPT, O_REJECT, O_SUPPLEMENT, O_RESUBMIT, O_REVIEW,
       O_CHANGE, O_CANCEL, O_REVOKE, O_CERT, O_CATEGORY, O_DEDUCT, O_SET, O_REASON, O_NOTE,
       O_EXPERT, O_OPINION, O_REVIEW_DATE, O_NOT_ACCEPT, O_WITHDRAW, O_EXTERNAL, O_OBJECTION,
       O_RESOLVE, O_BY, O_AGENCY, O_REG_DATE, O_FORCE, O_LIMIT, O_POINT };

static const struct cli_option certify_options[] = {
	{ .name = "queue", .id = O_QUEUE, .help = N_("contracts awaiting a decision, most urgent first") },
	{ .name = "limit", .arg = N_("N"), .id = O_LIMIT,
	  .help = N_("with --queue: the first N (default 20, with --json all)") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("with --queue: that registration point's (default: the operator's\n"
		     "points, or all)") },
	{ .name = "accept", .id = O_ACCEPT,
	  .help = N_("recognise and register; prints the registration number") },
	{ .name = "deduct", .arg = N_("ITEM=AMOUNT"), .id = O_DEDUCT,
	  .help = N_("non-technical costs: equipment, instrument, parts,\n"
		     "raw_material, other (other=AMOUNT:NOTE)") },
	{ .name = "reject", .id = O_REJECT, .help = N_("不予登记, reason R01..R11") },
	{ .name = "supplement", .id = O_SUPPLEMENT, .help = N_("补正: ask for more material") },
	{ .name = "resubmit", .id = O_RESUBMIT, .help = N_("the material came back: the clock restarts") },
	{ .name = "review", .id = O_REVIEW, .help = N_("record the expert review a large contract needs") },
	{ .name = "change", .id = O_CHANGE, .help = N_("变更: fields as --set total_amount=3200000") },
	{ .name = "cancel", .id = O_CANCEL, .help = N_("注销, with the reason in words") },
	{ .name = "revoke", .id = O_REVOKE, .help = N_("撤销, reason V01..V04") },
	{ .name = "certificate", .id = O_CERT, .help = N_("登记证明 as text, HTML (A4) or JSON") },
	{ .name = "not-accept", .id = O_NOT_ACCEPT, .help = N_("不予受理 at intake, reason N01..N09") },
	{ .name = "withdraw", .id = O_WITHDRAW, .help = N_("撤回: the applicant withdraws before a decision") },
	{ .name = "external", .arg = "REGNO", .id = O_EXTERNAL,
	  .help = N_("registered by another office: recorded, never numbered here"), .flags = CLI_HELP_NOARG },
	{ .name = "objection", .id = O_OBJECTION,
	  .help = N_("异议 to a registration or refusal (--by the party or organ)") },
	{ .name = "resolve-objection", .arg = "uphold|dismiss", .id = O_RESOLVE,
	  .help = N_("uphold or dismiss the open objection"), .flags = CLI_HELP_NOARG },
	{ .name = "json", .id = O_JSON },
	{ .name = "category", .arg = "C", .id = O_CATEGORY },
	{ .name = "set", .arg = "FIELD=VALUE", .id = O_SET },
	{ .name = "reason", .arg = "CODE", .id = O_REASON },
	{ .name = "note", .arg = "TEXT", .id = O_NOTE },
	{ .name = "expert", .arg = "NAME", .id = O_EXPERT },
	{ .name = "opinion", .arg = "TEXT", .id = O_OPINION },
	{ .name = "review-date", .arg = "DATE", .id = O_REVIEW_DATE },
	{ .name = "by", .arg = "WHO", .id = O_BY },
	{ .name = "agency", .arg = "NAME", .id = O_AGENCY },
	{ .name = "reg-date", .arg = "DATE", .id = O_REG_DATE },
	{ .name = "force", .id = O_FORCE },
	{ .letter = 'O', .arg = "FORMAT", .id = 'O' },
	{ .letter = 'o', .arg = "FILE", .id = 'o' },
	{ 0 },
};

const struct cli_command cli_cmd_certify = {
	.name = "certify",
	.fn = cmd_certify,
	.summary = N_("recognise and register contracts; the queue; certificates"),
	.synopsis = N_("usage: tcreg certify --queue [--json] [--limit N]\n"
		      "   or: tcreg certify ID --accept [--category C] [--deduct ITEM=AMOUNT[:NOTE]]... [--note TEXT]\n"
		      "   or: tcreg certify ID --reject --reason CODE [--note TEXT]\n"
		      "   or: tcreg certify ID --supplement --note TEXT\n"
		      "   or: tcreg certify ID --resubmit [--note TEXT]\n"
		      "   or: tcreg certify ID --review --expert NAME --opinion TEXT [--review-date DATE]\n"
		      "   or: tcreg certify ID --change [--set FIELD=VALUE]... [--deduct ITEM=AMOUNT]... [--note TEXT]\n"
		      "   or: tcreg certify ID --cancel --reason TEXT\n"
		      "   or: tcreg certify ID --revoke --reason CODE [--note TEXT]\n"
		      "   or: tcreg certify ID --certificate [-O txt|html|json] [-o FILE]\n"
		      "   or: tcreg certify ID --not-accept --reason CODE [--note TEXT]\n"
		      "   or: tcreg certify ID --withdraw [--note TEXT]\n"
		      "   or: tcreg certify ID --external REGNO --agency NAME --reg-date DATE [--note TEXT]\n"
		      "   or: tcreg certify ID --objection --by WHO --note TEXT [--force]\n"
		      "   or: tcreg certify ID --resolve-objection uphold|dismiss --note TEXT\n"),
	.options = certify_options,
	.epilogue = N_("Example:\n"
		      "  tcreg certify HGD-2025-0520 --accept --deduct equipment=1700000\n"),
};

struct strv {
	const char **v;
	size_t n;
};

static bool
strv_push(struct strv *s, const char *x)
{
	const char **v = realloc(s->v, (s->n + 2) * sizeof(*v));
	if (!v)
		return false;
	s->v = v;
	v[s->n++] = x;
	v[s->n] = NULL;
	return true;
}

static void
print_diags(struct cli_ctx *ctx, const tcreg_diags *d)
{
	for (size_t i = 0; i < tcreg_diags_count(d); i++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, i);
		fprintf(stderr, "tcreg %s: %s: ", ctx->cmd,
			x->severity == TCREG_SEV_WARNING ? _("warning") : _("error"));
		cli_diag_body(stderr, x);
		fputc('\n', stderr);
	}
}

/* One entry as JSON_INDENT(2) writes it one level into an array: its own
 * lines each two spaces further in (a JSON string holds no raw newline). */
static tcreg_status
put_entry(FILE *f, const json_t *e)
{
	char *s = json_dumps(e, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		return TCREG_ERR_NOMEM;
	for (const char *p = s; *p; p++) {
		fputc(*p, f);
		if (*p == '\n')
			fputs("  ", f);
	}
	free(s);
	return TCREG_OK;
}

/* The queue as one JSON array, written entry by entry as jansson would
 * indent the whole (a queue of 400 000 is never held). */
static tcreg_status
queue_json(tcreg_queue *q)
{
	json_t *e;
	tcreg_status st;
	size_t n = 0;
	while ((st = tcreg_queue_next_tree(q, &e)) == TCREG_OK && e) {
		fputs(n++ ? ",\n  " : "[\n  ", stdout);
		st = put_entry(stdout, e);
		json_decref(e);
		if (st != TCREG_OK)
			break;
	}
	fputs(n ? "\n]\n" : "[]\n", stdout);
	return st;
}

static int
queue(struct cli_ctx *ctx, bool json, size_t limit)
{
	tcreg_queue *q;
	tcreg_status st = tcreg_queue_open(ctx->reg, limit, &q);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	size_t total = tcreg_queue_total(q);
	if (json) {
		st = queue_json(q);
		tcreg_queue_free(q);
		return st == TCREG_OK ? EXIT_OK : cli_fail(ctx, st, NULL);
	}
	/* the text aligns its columns: the entries shown (a screenful unless
	 * asked) are held */
	json_t *a = json_array(), *e;
	while ((st = tcreg_queue_next_tree(q, &e)) == TCREG_OK && e)
		json_array_append_new(a, e);
	tcreg_queue_free(q);
	if (st != TCREG_OK) {
		json_decref(a);
		return cli_fail(ctx, st, NULL);
	}
	size_t i;
	json_t *x;
	bool assumed = false;
	if (json_array_size(a) > 0) {
		const char *head[] = { _("Due"), _("Left"), _("ID"), _("Contract number"), _("Track"),
				       _("Accepted"), _("Project") };
		int w[] = { 10, 6, 4, 16, 6, 10, 0 };
		for (int k = 0; k < 7; k++)
			if (cli_width(head[k]) > w[k])
				w[k] = cli_width(head[k]);
		json_array_foreach(a, i, x) {
			int cw = cli_width(cli_jstr(x, "contract_no"));
			if (cw > w[3])
				w[3] = cw;
			long long l = json_integer_value(json_object_get(x, "working_days_left"));
			char left[32];
			snprintf(left, sizeof(left), l < 0 ? _("%lld overdue") : "%lld", l < 0 ? -l : l);
			if (cli_width(left) > w[1])
				w[1] = cli_width(left);
		}
		for (int k = 0; k < 7; k++) {
			cli_pad(stdout, head[k], k == 6 ? 0 : w[k]);
			fputs(k == 6 ? "\n" : "  ", stdout);
		}
		json_array_foreach(a, i, x) {
			char left[32], id[24];
			long long l = json_integer_value(json_object_get(x, "working_days_left"));
			if (l < 0)
				snprintf(left, sizeof(left), _("%lld overdue"), -l);
			else
				snprintf(left, sizeof(left), "%lld", l);
			snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(x, "id")));
			const char *cells[] = { cli_jstr(x, "due_date"), left, id, cli_jstr(x, "contract_no"),
						strcmp(cli_jstr(x, "track"), "large") == 0 ? _("large") : _("normal"),
						cli_jstr(x, "accept_date"), cli_jstr(x, "project_name") };
			for (int k = 0; k < 7; k++) {
				cli_pad(stdout, cells[k], k == 6 ? 0 : w[k]);
				fputs(k == 6 ? "" : "  ", stdout);
			}
			/* what tcreg audit risks flags about it */
			size_t j;
			json_t *r;
			json_array_foreach(json_object_get(x, "risks"), j, r)
				printf("%s%s", j ? ", " : _("  (!) "), risk_rule_name(json_string_value(r)));
			fputc('\n', stdout);
			assumed = assumed || json_is_true(json_object_get(x, "calendar_assumed"));
		}
	}
	if (total > json_array_size(a)) /* a screenful; the rest said, never dropped unsaid */
		printf(_("... and %zu more waiting; tcreg certify --queue --limit 0 lists them all\n"),
		       total - json_array_size(a));
	if (assumed)
		cli_warn(ctx, _("some deadlines fall in a year without a calendar file; Monday to Friday were counted"));
	cli_note(ctx, _("%zu contracts await a decision"), total);
	json_decref(a);
	return EXIT_OK;
}

/* ---- certificates ---- */


/* "2025-04-22" (or a time after it) as 2025年4月22日: the certificate's dates */
static const char *
cn_date(const char *iso, char buf[32])
{
	int y, m, d;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(buf, 32, "%s", iso ? iso : "");
		return buf;
	}
	snprintf(buf, 32, "%d年%d月%d日", y, m, d);
	return buf;
}

/* A field a change touched, as the certificate names it. */
static const char *
cert_field(const char *key)
{
	static const struct {
		const char *key, *label;
	} f[] = {
		{ "project_name", "项目名称" },	   { "category", "合同类别" },
		{ "subtype", "合同类别" },	   { "category_code", "合同类别" },
		{ "seller", "卖方" },		   { "buyer", "买方" },
		{ "total_amount_fen", "合同成交额" }, { "tech_amount_fen", "申报技术交易额" },
		{ "declared_non_tech_fen", "申报非技术性费用" },
		{ "verified_tech_amount_fen", "核定技术交易额" },
		{ "sign_date", "签订日期" },	   { "valid_from", "合同有效期" },
		{ "valid_to", "合同有效期" },	   { "tech_field", "技术领域" },
		{ "tech_field_code", "技术领域" }, { "ip_type", "知识产权类型" },
		{ "pay_method", "支付方式" },	   { "related_party", "关联交易" },
		{ "note", "备注" },		   { "contract_no", "合同编号" },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcmp(f[i].key, key) == 0)
			return f[i].label;
	return key;
}

/* "申报技术交易额、核定技术交易额": each field once */
static void
cert_fields(json_t *fields, char *out, size_t n)
{
	size_t k = 0, i;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(fields, i, v) {
		const char *label = cert_field(json_string_value(v));
		if (strstr(out, label))
			continue;
		int m = snprintf(out + k, n - k, "%s%s", k ? "、" : "", label);
		if (m < 0 || (size_t)m >= n - k) {
			out[k] = '\0'; /* whole names only */
			break;
		}
		k += (size_t)m;
	}
}

struct cert_line {
	const char *label;
	char value[512];
};

/* The certificate's lines, in Chinese: it is an official document, not a
 * message, so it is not translated. */
static size_t
cert_lines(json_t *c, struct cert_line *l, size_t max)
{
	size_t n = 0;
	char a[48], b[48], d1[32], d2[32];
#define LINE(lab, ...) do { if (n < max) { l[n].label = lab; snprintf(l[n].value, sizeof(l[n].value), __VA_ARGS__); n++; } } while (0)
	LINE("登记编号", "%s", cli_jstr(c, "reg_no"));
	LINE("合同编号", "%s", cli_jstr(c, "contract_no"));
	LINE("项目名称", "%s", cli_jstr(c, "project_name"));
	const char *sub = cli_jstr(c, "subtype");
	LINE("合同类别", "%s%s%s", cli_jstr(c, "category"), *sub ? " / " : "", sub);
	json_t *se = json_object_get(c, "seller"), *bu = json_object_get(c, "buyer");
	LINE("卖方", "%s%s%s%s", cli_jstr(se, "name"), *cli_jstr(se, "uscc") ? " (" : "", cli_jstr(se, "uscc"), *cli_jstr(se, "uscc") ? ")" : "");
	LINE("买方", "%s%s%s%s", cli_jstr(bu, "name"), *cli_jstr(bu, "uscc") ? " (" : "", cli_jstr(bu, "uscc"), *cli_jstr(bu, "uscc") ? ")" : "");
	LINE("签订日期", "%s", cn_date(cli_jstr(c, "sign_date"), d1));
	LINE("合同有效期", "%s 至 %s", cn_date(cli_jstr(c, "valid_from"), d1), cn_date(cli_jstr(c, "valid_to"), d2));
	LINE("合同成交额", "%s 元", cli_yuan(json_integer_value(json_object_get(c, "total_amount_fen")), a, sizeof(a)));
	LINE("申报技术交易额", "%s 元", cli_yuan(json_integer_value(json_object_get(c, "tech_amount_fen")), a, sizeof(a)));
	LINE("申报非技术性费用", "%s 元", cli_yuan(json_integer_value(json_object_get(c, "declared_non_tech_fen")), a, sizeof(a)));
	LINE("核定技术交易额", "%s 元", cli_yuan(json_integer_value(json_object_get(c, "verified_tech_amount_fen")), b, sizeof(b)));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(c, "deductions"), i, x) {
		const char *note = cli_jstr(x, "note");
		LINE(i == 0 ? "扣除非技术性费用" : "", "%s %s 元%s%s%s", cli_jstr(x, "name"),
		     cli_yuan(json_integer_value(json_object_get(x, "amount_fen")), a, sizeof(a)),
		     *note ? " (" : "", note, *note ? ")" : "");
	}
	LINE("登记日期", "%s", cn_date(cli_jstr(c, "reg_date"), d1));
	json_array_foreach(json_object_get(c, "changes"), i, x) {
		char fields[400];
		cert_fields(json_object_get(x, "fields"), fields, sizeof(fields));
		LINE(i == 0 ? "变更登记" : "", "%s%s%s", cn_date(cli_jstr(x, "date"), d1), *fields ? "：" : "", fields);
	}
	json_t *ag = json_object_get(c, "agency");
	if (json_is_object(ag))
		LINE("登记机构", "%s (%s-%s)", cli_jstr(ag, "name"), cli_jstr(ag, "region"), cli_jstr(ag, "point"));
	LINE("经办人", "%s", cli_jstr(c, "certified_by"));
	/* on paper the record and 16 digits of its hash: enough for
	 * audit verify --anchor, short enough to copy by hand */
	const char *rec = cli_jstr(c, "audit_record"), *colon = strchr(rec, ':');
	LINE("审计记录", "%.*s", colon ? (int)(colon - rec) + 17 : (int)strlen(rec), rec);
	if (json_is_string(json_object_get(c, "notice"))) {
		const char *r = cli_jstr(c, "reason"), *note = cli_jstr(c, "status_note");
		LINE(strcmp(cli_jstr(c, "status"), "revoked") == 0 ? "撤销原因" : "注销原因", "%s%s%s", r,
		     *r && *note ? "; " : "", note);
		LINE("处理日期", "%s", cn_date(cli_jstr(c, "decided_at"), d1));
	}
#undef LINE
	return n;
}

static void
cert_text(FILE *f, json_t *c)
{
	struct cert_line l[40];
	size_t n = cert_lines(c, l, 40);
	if (json_is_string(json_object_get(c, "notice")))
		fprintf(f, "【%s】%s\n", cli_jstr(c, "notice"), cli_jstr(c, "title"));
	else
		fprintf(f, "%s\n", cli_jstr(c, "title"));
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if (cli_width(l[i].label) > w)
			w = cli_width(l[i].label);
	for (size_t i = 0; i < n; i++) {
		cli_pad(f, l[i].label, w + 2);
		fprintf(f, "%s\n", l[i].value);
	}
}

static void
cert_html(FILE *f, json_t *c)
{
	struct cert_line l[40];
	size_t n = cert_lines(c, l, 40);
	bool void_ = json_is_string(json_object_get(c, "notice"));
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	cli_html_escape(f, cli_jstr(c, "title"));
	fputs(" ", f);
	cli_html_escape(f, cli_jstr(c, "reg_no"));
	fputs("</title>\n<style>\n"
	      "@page { size: A4; margin: 25mm 20mm; }\n"
	      "body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", SimSun, serif; "
	      "color: #000; max-width: 170mm; margin: 0 auto; }\n"
	      "h1 { text-align: center; font-size: 22pt; letter-spacing: 0.3em; margin: 0 0 8mm; }\n"
	      ".void { text-align: center; color: #b00; font-size: 16pt; font-weight: bold; "
	      "border: 2px solid #b00; padding: 2mm; margin-bottom: 6mm; }\n"
	      "table { width: 100%; border-collapse: collapse; font-size: 11pt; }\n"
	      "th, td { border: 1px solid #000; padding: 2.5mm 3mm; vertical-align: top; text-align: left; }\n"
	      "th { width: 32mm; white-space: nowrap; background: #f3f3f3; }\n"
	      ".sign { margin-top: 14mm; text-align: right; line-height: 2; }\n"
	      "</style>\n</head>\n<body>\n",
	      f);
	if (void_) {
		fputs("<div class=\"void\">", f);
		cli_html_escape(f, cli_jstr(c, "notice"));
		fputs("</div>\n", f);
	}
	fputs("<h1>", f);
	cli_html_escape(f, cli_jstr(c, "title"));
	fputs("</h1>\n<table>\n", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><th>", f);
		cli_html_escape(f, l[i].label);
		fputs("</th><td>", f);
		cli_html_escape(f, l[i].value);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<div class=\"sign\">", f);
	json_t *ag = json_object_get(c, "agency");
	cli_html_escape(f, json_is_object(ag) ? cli_jstr(ag, "name") : "");
	fputs("<br>（技术合同登记专用章）<br>", f);
	char day[32];
	cli_html_escape(f, cn_date(cli_jstr(c, "reg_date"), day));
	fputs("</div>\n</body>\n</html>\n", f);
}

/* Write to path atomically (a temporary file renamed over it), or stdout. */
static int
certificate(struct cli_ctx *ctx, int64_t id, const char *format, const char *out)
{
	json_t *c;
	tcreg_status st = tcreg_certificate_tree(ctx->reg, id, &c);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (!format && out) { /* html or json by the name; anything else is text */
		format = cli_format_of(out);
		if (format && strcmp(format, "html") != 0 && strcmp(format, "json") != 0)
			format = NULL;
	}
	if (!format)
		format = "txt";
	struct cli_out o;
	int code = cli_out_open(ctx, out, &o);
	if (code) {
		json_decref(c);
		return code;
	}
	FILE *f = o.f;
	if (strcmp(format, "json") == 0) {
		json_dumpf(c, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', f);
	} else if (strcmp(format, "html") == 0) {
		cert_html(f, c);
	} else {
		cert_text(f, c);
	}
	json_decref(c);
	return cli_out_close(ctx, &o, true);
}

/* What the command line asks: one action, and the options that go with it. */
struct certify_args {
	struct tcreg_decision d;
	struct strv deduct, set;
	int mode, modes;
	bool json;
	const char *format, *out, *limit, *point;
	size_t queue_limit;
};

/* An action's option (--accept, --external REGNO ...): true when c is one. */
static bool
take_action(struct certify_args *a, int c)
{
	switch (c) {
	case O_EXTERNAL: a->d.external_reg_no = optarg; break;
	case O_RESOLVE: a->d.outcome = optarg; break;
	case O_QUEUE: case O_ACCEPT: case O_REJECT: case O_SUPPLEMENT: case O_RESUBMIT:
	case O_REVIEW: case O_CHANGE: case O_CANCEL: case O_REVOKE: case O_CERT:
	case O_NOT_ACCEPT: case O_WITHDRAW: case O_OBJECTION: break;
	default: return false;
	}
	a->mode = c;
	a->modes++;
	return true;
}

/* The options; 0, or the exit code of a usage error (said). */
static int
parse_args(struct cli_ctx *ctx, int argc, char **argv, struct certify_args *a)
{
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_certify)) != -1) {
		if (take_action(a, c))
			continue;
		switch (c) {
		case O_BY: a->d.by = optarg; break;
		case O_AGENCY: a->d.external_agency = optarg; break;
		case O_REG_DATE: a->d.external_date = optarg; break;
		case O_FORCE: a->d.force = 1; break;
		case O_LIMIT: a->limit = optarg; break;
		case O_POINT: a->point = optarg; break;
		case O_JSON: a->json = true; break;
		case O_CATEGORY: a->d.category = optarg; break;
		case O_DEDUCT: strv_push(&a->deduct, optarg); break;
		case O_SET: strv_push(&a->set, optarg); break;
		case O_REASON: a->d.reason = optarg; break;
		case O_NOTE: a->d.note = optarg; break;
		case O_EXPERT: a->d.expert = optarg; break;
		case O_OPINION: a->d.opinion = optarg; break;
		case O_REVIEW_DATE: a->d.review_date = optarg; break;
		case 'O': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	return 0;
}

/* An option given with an action it does not go with: the msgid, or NULL. */
static const char *
misplaced(const struct certify_args *a)
{
	int m = a->mode;
	const struct tcreg_decision *d = &a->d;
	if (a->limit && m != O_QUEUE)
		return N_("--limit goes with --queue");
	if (a->point && m != O_QUEUE)
		return N_("--point goes with --queue");
	if ((a->format || a->out) && m != O_CERT)
		return N_("-O and -o go with --certificate");
	if ((a->deduct.n || d->category) && m != O_ACCEPT && m != O_CHANGE)
		return N_("--deduct and --category go with --accept or --change");
	if (a->set.n && m != O_CHANGE)
		return N_("--set goes with --change");
	if ((d->by || d->force) && m != O_OBJECTION)
		return N_("--by and --force go with --objection");
	if ((d->external_agency || d->external_date) && m != O_EXTERNAL)
		return N_("--agency and --reg-date go with --external");
	return NULL;
}

/* An option the action needs and did not get: the msgid, or NULL. */
static const char *
missing(const struct certify_args *a)
{
	int m = a->mode;
	const struct tcreg_decision *d = &a->d;
	if (m == O_EXTERNAL && (!d->external_agency || !d->external_date))
		return N_("--external REGNO needs --agency NAME and --reg-date DATE");
	if ((m == O_OBJECTION || m == O_RESOLVE) && !d->note)
		return N_("this action needs --note");
	if (m == O_OBJECTION && !d->by)
		return N_("--objection needs --by WHO: the party or organ that objects");
	if ((m == O_REJECT || m == O_REVOKE || m == O_CANCEL || m == O_NOT_ACCEPT) && !d->reason)
		return N_("this action needs --reason");
	if (m == O_SUPPLEMENT && !d->note)
		return N_("--supplement needs --note saying what is missing");
	if (m == O_REVIEW && (!d->expert || !d->opinion))
		return N_("--review needs --expert and --opinion");
	if (m == O_CHANGE && !a->set.n && !a->deduct.n && !d->category)
		return N_("--change needs --set FIELD=VALUE, --deduct or --category");
	return NULL;
}

/* The options together, and the ID; 0, or the exit code of a usage error. */
static int
validate(struct cli_ctx *ctx, struct certify_args *a, int nargs)
{
	if (a->modes != 1)
		return cli_usage_error(ctx, "%s", a->modes ? _("give one action at a time")
							  : _("what to do? --queue, or an ID with --accept, --reject, --supplement, --resubmit, --review, --change, --cancel, --revoke, --certificate, --not-accept, --withdraw, --external, --objection or --resolve-objection"));
	const char *f = a->format;
	if (f && strcmp(f, "txt") && strcmp(f, "html") && strcmp(f, "json"))
		return cli_usage_error(ctx, _("-O takes txt, html or json, not '%s'"), f);
	/* a screenful by default; --json lists all unless asked otherwise */
	a->queue_limit = a->json ? 0 : 20;
	if (a->limit) {
		char *end;
		long long n = strtoll(a->limit, &end, 10);
		if (*end || end == a->limit || n < 0)
			return cli_usage_error(ctx, _("--limit takes a whole number (0: no limit), not '%s'"), a->limit);
		a->queue_limit = (size_t)n;
	}
	const char *why = misplaced(a);
	if (!why)
		why = missing(a);
	if (why)
		return cli_usage_error(ctx, "%s", _(why));
	if (a->mode == O_QUEUE ? nargs != 0 : nargs != 1)
		return cli_usage_error(ctx, "%s", a->mode == O_QUEUE ? _("--queue takes no ID")
								   : _("give exactly one contract ID"));
	return 0;
}

/* A decision on the contract named by text (id); exit code. */
static int
decide(struct cli_ctx *ctx, struct certify_args *a, const char *text, int64_t id)
{
	static const struct {
		int opt;
		tcreg_cert_action action;
		const char *done;
	} map[] = {
		{ O_ACCEPT, TCREG_CERT_ACCEPT, N_("registered as %s") },
		{ O_REJECT, TCREG_CERT_REJECT, N_("not registered (不予登记)") },
		{ O_SUPPLEMENT, TCREG_CERT_SUPPLEMENT, N_("returned for supplement (补正)") },
		{ O_RESUBMIT, TCREG_CERT_RESUBMIT, N_("resubmitted; the review clock starts again today") },
		{ O_REVIEW, TCREG_CERT_REVIEW, N_("expert review recorded") },
		{ O_CHANGE, TCREG_CERT_CHANGE, N_("change registered (变更登记)") },
		{ O_CANCEL, TCREG_CERT_CANCEL, N_("registration cancelled (注销)") },
		{ O_REVOKE, TCREG_CERT_REVOKE, N_("registration revoked (撤销)") },
		{ O_NOT_ACCEPT, TCREG_CERT_NOT_ACCEPT, N_("not accepted (不予受理)") },
		{ O_WITHDRAW, TCREG_CERT_WITHDRAW, N_("withdrawn by the applicant (撤回)") },
		{ O_EXTERNAL, TCREG_CERT_EXTERNAL, N_("recorded as registered by another office") },
		{ O_OBJECTION, TCREG_CERT_OBJECTION, N_("objection recorded (异议); resolve it with --resolve-objection") },
		{ O_RESOLVE, TCREG_CERT_RESOLVE, N_("objection resolved") },
	};
	size_t k = 0;
	while (map[k].opt != a->mode)
		k++;
	a->d.deduct = a->deduct.v;
	a->d.set = a->set.v;
	tcreg_diags *diags = NULL;
	char *reg_no = NULL;
	tcreg_status st = tcreg_certify(ctx->reg, id, map[k].action, &a->d, &diags, &reg_no);
	print_diags(ctx, diags);
	tcreg_diags_free(diags);
	int code = EXIT_OK;
	if (st == TCREG_OK) {
		char what[160];
		snprintf(what, sizeof(what), _(map[k].done), reg_no ? reg_no : "");
		cli_note(ctx, "%s: %s", text, what);
		if (reg_no)
			printf("%s\n", reg_no);
	} else {
		code = st == TCREG_ERR_INVALID ? EXIT_DATAERR : cli_fail(ctx, st, NULL);
	}
	free(reg_no);
	return code;
}

/* After the checks: the queue, a certificate, or a decision. */
static int
act(struct cli_ctx *ctx, struct certify_args *a, const char *text)
{
	int code = cli_open(ctx, false, a->mode == O_QUEUE || a->mode == O_CERT);
	if (code)
		return code;
	if (a->mode == O_QUEUE)
		return (code = cli_set_view(ctx, a->point)) ? code : queue(ctx, a->json, a->queue_limit);
	int64_t id;
	if ((code = cli_find_contract(ctx, text, &id)) != 0)
		return code;
	if (a->mode == O_CERT)
		return certificate(ctx, id, a->format, a->out);
	return decide(ctx, a, text, id);
}

int
cmd_certify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct certify_args a = { 0 };
	int code = parse_args(ctx, argc, argv, &a);
	if (!code)
		code = validate(ctx, &a, argc - optind);
	if (!code)
		code = act(ctx, &a, argv[optind]);
	free(a.deduct.v);
	free(a.set.v);
	return code;
}
