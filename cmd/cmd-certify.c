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
		char *msg = cli_diag_message(x, true);
		fprintf(stderr, "tcreg %s: %s: ", ctx->cmd,
			x->severity == TCREG_SEV_WARNING ? _("warning") : _("error"));
		if (x->column)
			fprintf(stderr, "%s: ", x->column);
		fputs(msg ? msg : "", stderr);
		if (x->value && *x->value)
			fprintf(stderr, " (%s)", x->value);
		fputc('\n', stderr);
		free(msg);
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

int
cmd_certify(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { O_QUEUE = 256, O_JSON, O_ACCEPT, O_REJECT, O_SUPPLEMENT, O_RESUBMIT, O_REVIEW,
	       O_CHANGE, O_CANCEL, O_REVOKE, O_CERT, O_CATEGORY, O_DEDUCT, O_SET, O_REASON, O_NOTE,
	       O_EXPERT, O_OPINION, O_REVIEW_DATE, O_NOT_ACCEPT, O_WITHDRAW, O_EXTERNAL, O_OBJECTION,
	       O_RESOLVE, O_BY, O_AGENCY, O_REG_DATE, O_FORCE, O_LIMIT, O_POINT };
	static const struct option opts[] = {
		{ "queue", no_argument, NULL, O_QUEUE },
		{ "json", no_argument, NULL, O_JSON },
		{ "accept", no_argument, NULL, O_ACCEPT },
		{ "reject", no_argument, NULL, O_REJECT },
		{ "supplement", no_argument, NULL, O_SUPPLEMENT },
		{ "resubmit", no_argument, NULL, O_RESUBMIT },
		{ "review", no_argument, NULL, O_REVIEW },
		{ "change", no_argument, NULL, O_CHANGE },
		{ "cancel", no_argument, NULL, O_CANCEL },
		{ "revoke", no_argument, NULL, O_REVOKE },
		{ "certificate", no_argument, NULL, O_CERT },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "deduct", required_argument, NULL, O_DEDUCT },
		{ "set", required_argument, NULL, O_SET },
		{ "reason", required_argument, NULL, O_REASON },
		{ "note", required_argument, NULL, O_NOTE },
		{ "expert", required_argument, NULL, O_EXPERT },
		{ "opinion", required_argument, NULL, O_OPINION },
		{ "review-date", required_argument, NULL, O_REVIEW_DATE },
		{ "not-accept", no_argument, NULL, O_NOT_ACCEPT },
		{ "withdraw", no_argument, NULL, O_WITHDRAW },
		{ "external", required_argument, NULL, O_EXTERNAL },
		{ "objection", no_argument, NULL, O_OBJECTION },
		{ "resolve-objection", required_argument, NULL, O_RESOLVE },
		{ "by", required_argument, NULL, O_BY },
		{ "agency", required_argument, NULL, O_AGENCY },
		{ "reg-date", required_argument, NULL, O_REG_DATE },
		{ "force", no_argument, NULL, O_FORCE },
		{ "limit", required_argument, NULL, O_LIMIT },
		{ "point", required_argument, NULL, O_POINT },
		{ NULL, 0, NULL, 0 },
	};
	struct tcreg_decision d = { 0 };
	struct strv deduct = { 0 }, set = { 0 };
	int mode = 0, modes = 0;
	bool json = false;
	const char *format = NULL, *out = NULL, *limit = NULL, *point = NULL;
	int c, code = EXIT_OK;
	while ((c = cli_getopt(ctx, argc, argv, "O:o:", opts)) != -1) {
		switch (c) {
		case O_QUEUE: case O_ACCEPT: case O_REJECT: case O_SUPPLEMENT: case O_RESUBMIT:
		case O_REVIEW: case O_CHANGE: case O_CANCEL: case O_REVOKE: case O_CERT:
		case O_NOT_ACCEPT: case O_WITHDRAW: case O_OBJECTION:
			mode = c;
			modes++;
			break;
		case O_EXTERNAL:
			mode = c;
			modes++;
			d.external_reg_no = optarg;
			break;
		case O_RESOLVE:
			mode = c;
			modes++;
			d.outcome = optarg;
			break;
		case O_BY: d.by = optarg; break;
		case O_AGENCY: d.external_agency = optarg; break;
		case O_REG_DATE: d.external_date = optarg; break;
		case O_FORCE: d.force = 1; break;
		case O_LIMIT: limit = optarg; break;
		case O_POINT: point = optarg; break;
		case O_JSON: json = true; break;
		case O_CATEGORY: d.category = optarg; break;
		case O_DEDUCT: strv_push(&deduct, optarg); break;
		case O_SET: strv_push(&set, optarg); break;
		case O_REASON: d.reason = optarg; break;
		case O_NOTE: d.note = optarg; break;
		case O_EXPERT: d.expert = optarg; break;
		case O_OPINION: d.opinion = optarg; break;
		case O_REVIEW_DATE: d.review_date = optarg; break;
		case 'O': format = optarg; break;
		case 'o': out = optarg; break;
		default: code = EXIT_USAGE; goto done;
		}
	}
	if (modes != 1) {
		code = cli_usage_error(ctx, modes ? _("give one action at a time")
						  : _("what to do? --queue, or an ID with --accept, --reject, --supplement, --resubmit, --review, --change, --cancel, --revoke, --certificate, --not-accept, --withdraw, --external, --objection or --resolve-objection"));
		goto done;
	}
	if (format && strcmp(format, "txt") && strcmp(format, "html") && strcmp(format, "json")) {
		code = cli_usage_error(ctx, _("-O takes txt, html or json, not '%s'"), format);
		goto done;
	}
	/* a screenful by default; --json lists all unless asked otherwise */
	size_t queue_limit = json ? 0 : 20;
	if (limit) {
		char *end;
		long long n = strtoll(limit, &end, 10);
		if (*end || end == limit || n < 0) {
			code = cli_usage_error(ctx, _("--limit takes a whole number (0: no limit), not '%s'"), limit);
			goto done;
		}
		queue_limit = (size_t)n;
	}
	if (limit && mode != O_QUEUE) {
		code = cli_usage_error(ctx, _("--limit goes with --queue"));
		goto done;
	}
	if (point && mode != O_QUEUE) {
		code = cli_usage_error(ctx, _("--point goes with --queue"));
		goto done;
	}
	if ((format || out) && mode != O_CERT) {
		code = cli_usage_error(ctx, _("-O and -o go with --certificate"));
		goto done;
	}
	if ((deduct.n || d.category) && mode != O_ACCEPT && mode != O_CHANGE) {
		code = cli_usage_error(ctx, _("--deduct and --category go with --accept or --change"));
		goto done;
	}
	if (set.n && mode != O_CHANGE) {
		code = cli_usage_error(ctx, _("--set goes with --change"));
		goto done;
	}
	if ((d.by || d.force) && mode != O_OBJECTION) {
		code = cli_usage_error(ctx, _("--by and --force go with --objection"));
		goto done;
	}
	if ((d.external_agency || d.external_date) && mode != O_EXTERNAL) {
		code = cli_usage_error(ctx, _("--agency and --reg-date go with --external"));
		goto done;
	}
	if (mode == O_EXTERNAL && (!d.external_agency || !d.external_date)) {
		code = cli_usage_error(ctx, _("--external REGNO needs --agency NAME and --reg-date DATE"));
		goto done;
	}
	if ((mode == O_OBJECTION || mode == O_RESOLVE) && !d.note) {
		code = cli_usage_error(ctx, _("this action needs --note"));
		goto done;
	}
	if (mode == O_OBJECTION && !d.by) {
		code = cli_usage_error(ctx, _("--objection needs --by WHO: the party or organ that objects"));
		goto done;
	}
	if ((mode == O_REJECT || mode == O_REVOKE || mode == O_CANCEL || mode == O_NOT_ACCEPT) && !d.reason) {
		code = cli_usage_error(ctx, _("this action needs --reason"));
		goto done;
	}
	if (mode == O_SUPPLEMENT && !d.note) {
		code = cli_usage_error(ctx, _("--supplement needs --note saying what is missing"));
		goto done;
	}
	if (mode == O_REVIEW && (!d.expert || !d.opinion)) {
		code = cli_usage_error(ctx, _("--review needs --expert and --opinion"));
		goto done;
	}
	if (mode == O_CHANGE && !set.n && !deduct.n && !d.category) {
		code = cli_usage_error(ctx, _("--change needs --set FIELD=VALUE, --deduct or --category"));
		goto done;
	}
	int nargs = argc - optind;
	if (mode == O_QUEUE ? nargs != 0 : nargs != 1) {
		code = cli_usage_error(ctx, mode == O_QUEUE ? _("--queue takes no ID")
							    : _("give exactly one contract ID"));
		goto done;
	}
	bool reads = mode == O_QUEUE || mode == O_CERT;
	if ((code = cli_open(ctx, false, reads)) != 0)
		goto done;
	if (mode == O_QUEUE) {
		code = cli_set_view(ctx, point);
		if (!code)
			code = queue(ctx, json, queue_limit);
		goto done;
	}
	int64_t id;
	if ((code = cli_find_contract(ctx, argv[optind], &id)) != 0)
		goto done;
	tcreg_status st;
	if (mode == O_CERT) {
		code = certificate(ctx, id, format, out);
		goto done;
	}
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
	while (map[k].opt != mode)
		k++;
	d.deduct = deduct.v;
	d.set = set.v;
	tcreg_diags *diags = NULL;
	char *reg_no = NULL;
	st = tcreg_certify(ctx->reg, id, map[k].action, &d, &diags, &reg_no);
	print_diags(ctx, diags);
	tcreg_diags_free(diags);
	if (st == TCREG_OK) {
		char what[160];
		snprintf(what, sizeof(what), _(map[k].done), reg_no ? reg_no : "");
		cli_note(ctx, "%s: %s", argv[optind], what);
		if (reg_no)
			printf("%s\n", reg_no);
	} else if (st != TCREG_ERR_INVALID) {
		code = cli_fail(ctx, st, NULL);
	} else {
		code = EXIT_DATAERR;
	}
	free(reg_no);
done:
	free(deduct.v);
	free(set.v);
	return code;
}
