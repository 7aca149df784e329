/* SPDX-License-Identifier: MIT
 * cmd-show.c - tcreg show ID: one contract with its parties, amounts,
 * payments and history, as aligned text or as the stable JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

enum { O_JSON = 256, O_PARTY };

static const struct cli_option show_options[] = {
	{ .arg = NC_("show", "ID"), .help = N_("registration number, internal id or contract number") },
	{ .name = "party", .arg = N_("NAME|USCC"), .id = O_PARTY,
	  .help = N_("a party: its contracts as seller and as buyer, with totals,\n"
		     "and the awards committed to it") },
	{ .name = "json", .id = O_JSON, .help = N_("print the contract (or the party) as JSON") },
	{ 0 },
};

const struct cli_command cli_cmd_show = {
	.name = "show",
	.fn = cmd_show,
	.summary = N_("show one contract with its history and payments"),
	.synopsis = N_("usage: tcreg show [--json] ID\n"
		      "   or: tcreg show --party NAME|USCC [--json]\n"),
	.options = show_options,
};

/* Text that may hold line breaks (an Excel cell's Alt+Enter), its
 * continuation lines indented by indent columns, under its first. */
static void
put_lines(const char *s, int indent)
{
	for (const char *p = s; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1])
			printf("%*s", indent, "");
	}
}

/* A party of the contract changed its details: old -> new, and whether
 * this contract follows (undecided) or keeps those it was registered with. */
static void
party_change(json_t *c, json_t *h, json_t *next, int indent)
{
	json_t *o = json_object_get(h, "old"), *w = json_object_get(h, "new");
	fputs(_("party details changed:"), stdout);
	static const char *const keys[] = { "name", "uscc", "region", "nature" };
	for (size_t i = 0; i < 4; i++) {
		const char *a = cli_jstr(o, keys[i]), *b = cli_jstr(w, keys[i]);
		if (strcmp(a, b) == 0)
			continue;
		fputs(" ", stdout);
		put_lines(*a ? a : "-", indent);
		fputs(" → ", stdout);
		put_lines(*b ? b : "-", indent);
	}
	const char *reg = cli_jstr(c, "reg_date");
	/* made by a change of this very contract, which takes the new details */
	bool own = next && strcmp(cli_jstr(next, "entity"), "contract") == 0 && strcmp(cli_jstr(next, "action"), "change") == 0 &&
		   strcmp(cli_jstr(next, "at"), cli_jstr(h, "at")) == 0;
	if (own)
		fputs(_(" (by the change below)"), stdout);
	else if (*reg && strncmp(cli_jstr(h, "at"), reg, 10) >= 0)
		fputs(_(" (this registration keeps the details it was registered with)"), stdout);
}

/* 异议: who objected, when, and what became of it */
static void
objections_text(json_t *list)
{
	if (json_array_size(list) == 0)
		return;
	printf("%s\n", _("Objections"));
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		const char *outcome = cli_jstr(x, "outcome");
		printf("  %.10s  %s: %s\n", cli_jstr(x, "raised_at"), cli_jstr(x, "by"), cli_jstr(x, "note"));
		if (!*outcome)
			printf("    %s\n", _("open"));
		else
			printf("    %.10s  %s: %s\n", cli_jstr(x, "decided_at"),
			       strcmp(outcome, "upheld") == 0 ? _("upheld") : _("dismissed"), cli_jstr(x, "outcome_note"));
	}
}

/* 涉外 is a stable code in JSON; in words for people */
static const char *
foreign_word(const char *code)
{
	return strcmp(code, "no") == 0	   ? _("no")
	       : strcmp(code, "import") == 0 ? _("technology import")
	       : strcmp(code, "export") == 0 ? _("technology export")
	       : strcmp(code, "yes") == 0    ? _("yes")
					     : code;
}

static void
field(const char *label, const char *value)
{
	fputs("  ", stdout);
	cli_pad(stdout, label, 18);
	if (!value || !*value) {
		puts("-");
		return;
	}
	put_lines(value, 20); /* continuation lines stay in the value column */
	putchar('\n');
}

static void
amount(const char *label, json_t *v)
{
	char buf[48];
	if (!json_is_integer(v)) {
		field(label, NULL);
		return;
	}
	cli_yuan(json_integer_value(v), buf, sizeof(buf));
	char line[80];
	snprintf(line, sizeof(line), "%s %s", buf, _("yuan"));
	field(label, line);
}

static void
party_text(const char *title, json_t *p)
{
	printf("%s\n", title);
	field(_("Name"), cli_jstr(p, "name"));
	field(_("USCC"), cli_jstr(p, "uscc"));
	char region[128];
	snprintf(region, sizeof(region), "%s %s", cli_jstr(p, "region"), cli_jstr(p, "region_name"));
	field(_("Region"), region);
	field(_("Nature"), cli_jstr(p, "nature"));
}

/* The audit trail's action names, in words for the reader. */
static const char *
action_label(const char *action)
{
	static const struct {
		const char *action, *label;
	} a[] = {
		{ "accept", N_("registered (认定登记)") },
		{ "reject", N_("not registered (不予登记)") },
		{ "supplement", N_("returned for supplement (补正)") },
		{ "resubmit", N_("resubmitted") },
		{ "review", N_("expert review recorded") },
		{ "change", N_("change registered (变更登记)") },
		{ "cancel", N_("registration cancelled (注销)") },
		{ "revoke", N_("registration revoked (撤销)") },
		{ "update", N_("updated from a ledger (--update)") },
		{ "not_accept", N_("not accepted (不予受理)") },
		{ "withdraw", N_("withdrawn by the applicant (撤回)") },
		{ "external", N_("recorded as registered by another office") },
		{ "objection", N_("objection raised (异议)") },
		{ "resolve_objection", N_("objection resolved") },
		{ "correct", N_("verified amount corrected on upgrading (min of declared and verified)") },
	};
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (strcmp(a[i].action, action) == 0)
			return _(a[i].label);
	return action;
}

/* The decision: who, when, the reason with its words, the clerk's note. */
static void
decision_text(json_t *c)
{
	char buf[512];
	if (*cli_jstr(c, "reason_code")) {
		snprintf(buf, sizeof(buf), "%s %s", cli_jstr(c, "reason_code"), cli_jstr(c, "reason"));
		field(_("Reason"), buf);
	}
	if (*cli_jstr(c, "status_note"))
		field(_("Clerk's note"), cli_jstr(c, "status_note"));
	if (*cli_jstr(c, "certified_by")) {
		snprintf(buf, sizeof(buf), "%s, %s", cli_jstr(c, "certified_by"), cli_jstr(c, "decided_at"));
		field(_("Decided by"), buf);
	}
	if (strcmp(cli_jstr(c, "track"), "large") == 0)
		field(_("Track"), _("large contract: expert review"));
}

static void
deductions_text(json_t *a)
{
	if (json_array_size(a) == 0)
		return;
	printf("%s\n", _("Deductions"));
	size_t i;
	json_t *d;
	int64_t sum = 0;
	json_array_foreach(a, i, d) {
		char y[48];
		int64_t f = json_integer_value(json_object_get(d, "amount_fen"));
		sum += f; /* each below the contract amount: no overflow */
		cli_yuan(f, y, sizeof(y));
		printf("  %-18s%14s  %s\n", cli_jstr(d, "name"), y, cli_jstr(d, "note"));
	}
	char y[48];
	cli_yuan(sum, y, sizeof(y));
	printf("  %-18s%14s\n", _("Total"), y);
}

static void
reviews_text(json_t *a)
{
	if (json_array_size(a) == 0)
		return;
	printf("%s\n", _("Expert reviews"));
	size_t i;
	json_t *r;
	json_array_foreach(a, i, r)
		printf("  %s  %s: %s\n", cli_jstr(r, "review_date"), cli_jstr(r, "expert"), cli_jstr(r, "opinion"));
}

/* A value in words: amounts in fen as yuan, text as is, null as "-". */
static char *
value_words(const char *key, json_t *v)
{
	size_t n = strlen(key);
	if (json_is_integer(v) && n > 4 && strcmp(key + n - 4, "_fen") == 0) {
		char y[48];
		cli_yuan(json_integer_value(v), y, sizeof(y));
		return strdup(y);
	}
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_null(v))
		return strdup("-");
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* What a change touched: each field whose value differs, old → new; a
 * party's fields one by one (buyer.name).  Printed whole, however many and
 * however long: the audit view leaves nothing out.  Returns how many. */
/* The reader's word for a field of the contract's JSON, as the page above
 * the history labels it (a party's fields under the party's word); a key
 * without one is shown as it is. */
static const char *
field_word(const char *key)
{
	static const char *const words[][2] = {
		{ "contract_no", N_("Contract number") }, { "project_name", N_("Project") },
		{ "category", N_("Category") },		  { "subtype", N_("Subcategory") },
		{ "tech_field", N_("Technical field") },  { "ip_type", N_("IP type") },
		{ "pay_method", N_("Payment method") },	  { "related_party", N_("Related party") },
		{ "plan_source", N_("Plan source") },	  { "objective", N_("Objective") },
		{ "foreign", N_("Foreign trade") },	  { "licence_mode", N_("Licence") },
		{ "enterprise_type", N_("Enterprise type") }, { "note", N_("Note") },
		{ "status_note", N_("Clerk's note") },	  { "served_contract", N_("Deal served") },
		{ "sign_date", N_("Signed") },		  { "valid_from", N_("Valid from") },
		{ "valid_to", N_("Valid to") },		  { "total_amount_fen", N_("Contract amount") },
		{ "tech_amount_fen", N_("Tech amount") }, { "declared_non_tech_fen", N_("Declared non-tech") },
		{ "verified_tech_amount_fen", N_("Verified tech") }, { "seller", N_("Seller") },
		{ "buyer", N_("Buyer") },		  { "name", N_("Name") },
		{ "uscc", N_("USCC") },			  { "region", N_("Region") },
		{ "nature", N_("Nature") },		  { "batch_id", N_("Import batch") },
		{ "batch_line", N_("Line in the batch") },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i][0], key) == 0)
			return _(words[i][1]);
	return key;
}

static size_t
diff_fields(json_t *old, json_t *new, const char *prefix, int indent, size_t k)
{
	static const char *const skip[] = { "status", "decided_at", "certified_by", "decision", "received_fen",
					    "history", "payments", "region_name", "nature_code" };
	const char *key;
	json_t *v;
	json_object_foreach(new, key, v) {
		bool skipped = false;
		for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
			skipped = skipped || strcmp(skip[i], key) == 0;
		json_t *was = json_object_get(old, key);
		if (skipped || !was || json_equal(was, v))
			continue;
		if (json_is_object(was) && json_is_object(v)) {
			const char *w = field_word(key);
			size_t n = strlen(prefix) + strlen(w) + 2;
			char *sub = malloc(n);
			if (sub) {
				snprintf(sub, n, "%s%s ", prefix, w);
				k = diff_fields(was, v, sub, indent, k);
				free(sub);
			}
			continue;
		}
		char *a = value_words(key, was), *b = value_words(key, v);
		printf("%s%s%s ", k++ ? "; " : ": ", prefix, field_word(key));
		put_lines(a ? a : "", indent);
		fputs(" → ", stdout);
		put_lines(b ? b : "", indent);
		free(a);
		free(b);
	}
	return k;
}

/* One entry of the history after its time and operator; continuation lines
 * of a value indented by indent columns. */
static void
history_what(json_t *c, json_t *hist, size_t i, int indent)
{
	json_t *h = json_array_get(hist, i), *old = json_object_get(h, "old"), *new = json_object_get(h, "new");
	const char *action = cli_jstr(h, "action");
	if (strcmp(cli_jstr(h, "entity"), "batch") == 0) {
		printf(_("imported in batch %lld (%s)"), (long long)json_integer_value(json_object_get(h, "batch_id")),
		       cli_jstr(new, "file"));
	} else if (strcmp(cli_jstr(h, "entity"), "party") == 0) {
		party_change(c, h, json_array_get(hist, i + 1), indent);
	} else {
		fputs(action_label(action), stdout);
		if ((strcmp(action, "change") == 0 || strcmp(action, "update") == 0) && json_is_object(old) &&
		    json_is_object(new))
			diff_fields(old, new, "", indent, 0);
	}
	putchar('\n');
}

static void
history_text(json_t *c, json_t *hist)
{
	printf("%s\n", _("History"));
	for (size_t i = 0; i < json_array_size(hist); i++) {
		json_t *h = json_array_get(hist, i);
		const char *at = cli_jstr(h, "at"), *op = cli_jstr(h, "operator");
		printf("  %s  %-12s ", at, op);
		/* %-12s pads by bytes; the indent is in display columns */
		int pad = strlen(op) < 12 ? 12 - (int)strlen(op) : 0;
		history_what(c, hist, i, 2 + cli_width(at) + 2 + cli_width(op) + pad + 1);
	}
}

/* The money received, with each reversal's voucher and reason; a reason
 * of several lines keeps them under its first. */
static void
payments_text(json_t *c, json_t *pays)
{
	printf("%s\n", _("Payments"));
	if (json_array_size(pays) == 0)
		printf("  -\n");
	size_t i;
	json_t *p;
	json_array_foreach(pays, i, p) {
		char a[48];
		cli_yuan(json_integer_value(json_object_get(p, "amount_fen")), a, sizeof(a));
		const char *date = cli_jstr(p, "pay_date"), *voucher = cli_jstr(p, "voucher");
		const char *rev = cli_jstr(p, "reverses_voucher");
		printf("  %s  %14s  %s", date, a, voucher);
		if (*rev) { /* a reversal: what it reverses, and why */
			printf("  %s %s: ", _("reverses"), rev);
			int w = (int)strlen(a) > 14 ? (int)strlen(a) : 14;
			put_lines(cli_jstr(p, "note"), 2 + cli_width(date) + 2 + w + 2 + cli_width(voucher) + 2 +
							       cli_width(_("reverses")) + 1 + cli_width(rev) + 2);
		}
		printf("\n");
	}
	if (json_array_size(pays) > 0) {
		char a[48];
		cli_yuan(json_integer_value(json_object_get(c, "received_fen")), a, sizeof(a));
		printf("  %-10s  %14s\n", _("Total"), a);
	}
}

/* Where the contract is filed: said only in a registry of several points,
 * so that a single office's page reads as it always has. */
static void
point_text(struct cli_ctx *ctx, json_t *c)
{
	char *name = NULL;
	int64_t npoints = 0;
	if (tcreg_point_name(ctx->reg, cli_jstr(c, "point"), &name, &npoints) == TCREG_OK && npoints > 1 && name) {
		char buf[256];
		snprintf(buf, sizeof(buf), "%s %s", cli_jstr(c, "point"), name);
		field(_("Filed at"), buf);
	}
	free(name);
}

static void
print_text(struct cli_ctx *ctx, json_t *c)
{
	char buf[256];
	printf("%s\n", _("Contract"));
	snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	field(_("ID"), buf);
	field(_("Contract number"), cli_jstr(c, "contract_no"));
	field(_("Project"), cli_jstr(c, "project_name"));
	const char *sub = cli_jstr(c, "subtype");
	snprintf(buf, sizeof(buf), "%s%s%s", cli_jstr(c, "category"), *sub ? " / " : "", sub);
	field(_("Category"), buf);
	field(_("Technical field"), cli_jstr(c, "tech_field"));
	field(_("IP type"), cli_jstr(c, "ip_type"));
	field(_("Payment method"), cli_jstr(c, "pay_method"));
	json_t *rel = json_object_get(c, "related_party");
	field(_("Related party"), json_is_boolean(rel) ? (json_is_true(rel) ? _("yes") : _("no")) : NULL);
	field(_("Plan source"), cli_jstr(c, "plan_source"));
	field(_("Objective"), cli_jstr(c, "objective"));
	field(_("Foreign trade"), foreign_word(cli_jstr(c, "foreign")));
	if (json_is_integer(json_object_get(c, "licence_years")))
		snprintf(buf, sizeof(buf), _("%s, %lld years"), *cli_jstr(c, "licence_mode") ? cli_jstr(c, "licence_mode") : "-",
			 (long long)json_integer_value(json_object_get(c, "licence_years")));
	else
		snprintf(buf, sizeof(buf), "%s", cli_jstr(c, "licence_mode"));
	field(_("Licence"), buf);
	field(_("Enterprise type"), cli_jstr(c, "enterprise_type"));
	field(_("Status"), cli_status_word(cli_jstr(c, "status")));
	field(_("Registration no."), cli_jstr(c, "reg_no"));
	point_text(ctx, c);
	decision_text(c);
	if (*cli_jstr(c, "served_contract")) /* a 技术中介 contract */
		field(_("Deal served"), cli_jstr(c, "served_contract"));
	field(_("Note"), cli_jstr(c, "note"));
	party_text(_("Seller"), json_object_get(c, "seller"));
	party_text(_("Buyer"), json_object_get(c, "buyer"));
	printf("%s\n", _("Amounts"));
	amount(_("Contract amount"), json_object_get(c, "total_amount_fen"));
	amount(_("Tech amount"), json_object_get(c, "tech_amount_fen"));
	amount(_("Declared non-tech"), json_object_get(c, "declared_non_tech_fen"));
	amount(_("Verified tech"), json_object_get(c, "verified_tech_amount_fen"));
	amount(_("Received"), json_object_get(c, "received_fen"));
	deductions_text(json_object_get(c, "deductions"));
	reviews_text(json_object_get(c, "reviews"));
	printf("%s\n", _("Dates"));
	field(_("Signed"), cli_jstr(c, "sign_date"));
	snprintf(buf, sizeof(buf), "%s .. %s", cli_jstr(c, "valid_from"), cli_jstr(c, "valid_to"));
	field(_("Valid"), buf);
	field(_("Accepted"), cli_jstr(c, "accept_date"));
	field(_("Registered"), cli_jstr(c, "reg_date"));
	if (*cli_jstr(c, "external_agency"))
		field(_("Registered by"), cli_jstr(c, "external_agency"));
	objections_text(json_object_get(c, "objections"));

	payments_text(c, json_object_get(c, "payments"));
	history_text(c, json_object_get(c, "history"));
}

/* ---- a party: its contracts on either side, the money and the awards ---- */

struct side {
	json_t *list; /* contracts */
	int64_t total, received;
	bool overflow;
};

static bool
is_party(json_t *p, const char *who)
{
	return strcmp(cli_jstr(p, "name"), who) == 0 || (*cli_jstr(p, "uscc") && strcmp(cli_jstr(p, "uscc"), who) == 0);
}

/* The contracts with the party on one side: the list's filter takes part of
 * a name; the party is the one named or coded exactly. */
static tcreg_status
side_of(struct cli_ctx *ctx, const char *who, bool seller, struct side *sd, json_t **party, json_t *near)
{
	struct tcreg_list_filter f = { 0 };
	*(seller ? &f.seller : &f.buyer) = who;
	tcreg_cursor *cur;
	tcreg_status st = tcreg_contract_list(ctx->reg, &f, &cur);
	if (st != TCREG_OK)
		return st;
	json_t *c;
	while ((st = tcreg_cursor_next_tree(cur, &c)) == TCREG_OK && c) {
		json_t *p = json_object_get(c, seller ? "seller" : "buyer");
		if (c && is_party(p, who)) {
			if (!*party)
				*party = json_incref(p);
			sd->overflow |= __builtin_add_overflow(sd->total, json_integer_value(json_object_get(c, "total_amount_fen")),
							       &sd->total);
			sd->overflow |= __builtin_add_overflow(sd->received, json_integer_value(json_object_get(c, "received_fen")),
							       &sd->received);
			json_array_append(sd->list, c);
		} else if (c) {
			json_object_set_new(near, cli_jstr(p, "name"), json_true()); /* named in part: offered */
		}
		json_decref(c);
	}
	tcreg_cursor_free(cur);
	return st;
}

/* The awards committed to the party (applicants are recorded by name). */
static json_t *
awards_of(struct cli_ctx *ctx, const char *name, int64_t *total, bool *overflow)
{
	json_t *out = json_array();
	json_t *runs = NULL;
	if (tcreg_award_history_tree(ctx->reg, NULL, &runs) != TCREG_OK)
		return out;
	size_t i, j;
	json_t *r, *a;
	json_array_foreach(runs, i, r) json_array_foreach(json_object_get(r, "list"), j, a) {
		if (strcmp(cli_jstr(a, "applicant"), name) != 0)
			continue;
		*overflow |= __builtin_add_overflow(*total, json_integer_value(json_object_get(a, "award_fen")), total);
		json_array_append_new(out, json_pack("{s:s, s:O, s:s, s:s, s:O, s:O}", "policy", cli_jstr(r, "policy"), "year",
						     json_object_get(r, "year"), "rule", cli_jstr(a, "rule"), "committed_at",
						     cli_jstr(r, "committed_at"), "award_fen", json_object_get(a, "award_fen"),
						     "contracts", json_object_get(a, "contracts")));
	}
	json_decref(runs);
	return out;
}

static void
side_text(const char *title, const struct side *sd, bool seller)
{
	printf("%s\n", title);
	if (json_array_size(sd->list) == 0) {
		printf("  -\n");
		return;
	}
	size_t i;
	json_t *c;
	json_array_foreach(sd->list, i, c) {
		char y[48];
		cli_yuan(json_integer_value(json_object_get(c, "total_amount_fen")), y, sizeof(y));
		const char *sub = cli_jstr(c, "subtype");
		printf("  %-16s  %s  ", cli_jstr(c, "contract_no"), cli_jstr(c, "sign_date"));
		cli_pad(stdout, *sub ? sub : cli_jstr(c, "category"), 16); /* by display width: Chinese is two */
		printf("  %14s  ", y);
		fputs(cli_jstr(json_object_get(c, seller ? "buyer" : "seller"), "name"), stdout);
		printf("  %s\n", cli_status_word(cli_jstr(c, "status")));
	}
	char t[48], r[48];
	printf(_("  %zu contracts; amount %s yuan, received %s\n"), json_array_size(sd->list),
	       cli_yuan(sd->total, t, sizeof(t)), cli_yuan(sd->received, r, sizeof(r)));
}

static json_t *
side_json(const struct side *sd)
{
	return json_pack("{s:O, s:I, s:I, s:I}", "contracts", sd->list, "count", (json_int_t)json_array_size(sd->list),
			 "total_amount_fen", (json_int_t)sd->total, "received_fen", (json_int_t)sd->received);
}

static int
show_party(struct cli_ctx *ctx, const char *who, bool json)
{
	struct side as_seller = { .list = json_array() }, as_buyer = { .list = json_array() };
	json_t *party = NULL, *near = json_object();
	tcreg_status st = side_of(ctx, who, true, &as_seller, &party, near);
	if (st == TCREG_OK)
		st = side_of(ctx, who, false, &as_buyer, &party, near);
	int code = EXIT_OK;
	if (st != TCREG_OK) {
		code = cli_fail(ctx, st, NULL);
	} else if (!party) {
		/* not named exactly: the names it is part of, to choose from */
		char names[1024] = "";
		size_t k = 0;
		const char *n;
		json_t *v;
		json_object_foreach(near, n, v) {
			int m = snprintf(names + k, sizeof(names) - k, "%s%s", k ? ", " : "", n);
			if (m < 0 || (size_t)m >= sizeof(names) - k) {
				names[k] = '\0';
				break;
			}
			k += (size_t)m;
		}
		code = k ? cli_error(ctx, EXIT_DATAERR, _("no party is named '%s'; parties whose name contains it: %s"), who, names)
			 : cli_error(ctx, EXIT_DATAERR, _("no party is named or has the credit code '%s'"), who);
	} else {
		int64_t awarded = 0;
		bool overflow = as_seller.overflow || as_buyer.overflow;
		json_t *awards = awards_of(ctx, cli_jstr(party, "name"), &awarded, &overflow);
		if (overflow) {
			code = cli_error(ctx, EXIT_DATAERR, "%s", _("the totals exceed what 64 bits of fen can hold"));
		} else if (json) {
			json_t *o = json_pack("{s:O, s:o, s:o, s:O, s:I}", "party", party, "as_seller", side_json(&as_seller),
					      "as_buyer", side_json(&as_buyer), "awards", awards, "awarded_fen",
					      (json_int_t)awarded);
			json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(o);
		} else {
			party_text(_("Party"), party);
			side_text(_("As seller"), &as_seller, true);
			side_text(_("As buyer"), &as_buyer, false);
			printf("%s\n", _("Awards committed"));
			if (json_array_size(awards) == 0)
				printf("  -\n");
			size_t i;
			json_t *a;
			json_array_foreach(awards, i, a) {
				char y[48];
				cli_yuan(json_integer_value(json_object_get(a, "award_fen")), y, sizeof(y));
				printf("  %s %lld  %-12s  %14s  %s\n", cli_jstr(a, "policy"),
				       (long long)json_integer_value(json_object_get(a, "year")), cli_jstr(a, "rule"), y,
				       cli_jstr(a, "committed_at"));
			}
			char y[48];
			printf(_("  total %s yuan\n"), cli_yuan(awarded, y, sizeof(y)));
		}
		json_decref(awards);
	}
	json_decref(party);
	json_decref(near);
	json_decref(as_seller.list);
	json_decref(as_buyer.list);
	return code;
}

int
cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *party = NULL;
	int c;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_show)) != -1) {
		if (c == O_JSON)
			json = true;
		else if (c == O_PARTY)
			party = optarg;
		else
			return EXIT_USAGE;
	}
	if (party) {
		if (argc - optind != 0)
			return cli_usage_error(ctx, _("--party takes the place of a contract ID"));
		int code = cli_open(ctx, false, true);
		return code ? code : show_party(ctx, party, json);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, argc - optind ? _("give exactly one contract ID")
							  : _("which contract? give its ID"));
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	int64_t id;
	if ((code = cli_find_contract(ctx, argv[optind], &id)) != 0)
		return code;
	json_t *o;
	tcreg_status st = tcreg_contract_tree(ctx->reg, id, 1, &o);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (json)
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	else
		print_text(ctx, o);
	if (json)
		fputc('\n', stdout);
	json_decref(o);
	return EXIT_OK;
}
