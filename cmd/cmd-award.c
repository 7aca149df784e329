/* SPDX-License-Identifier: MIT
 * cmd-award.c - tcreg award: the awards a policy pays for a year, as a
 * preview, committed (so never paid twice), explained step by step for one
 * contract or applicant, and the history of committed runs.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

enum { O_POLICY = 256, O_YEAR, O_COMMIT, O_EXPLAIN, O_HISTORY, O_FACTS, O_COMPARE, O_BUDGET, O_BOM,
       O_ENCODING, O_POINT };

static const struct cli_option award_options[] = {
	{ .name = "policy", .arg = N_("NAME|FILE"), .id = O_POLICY,
	  .help = N_("a policy by name (see tcreg policy list) or a .yaml file") },
	{ .name = "year", .arg = N_("YYYY"), .id = O_YEAR,
	  .help = N_("the year whose transactions are rewarded") },
	{ .letter = 'O', .arg = N_("FORMAT"), .id = 'O',
	  .help = N_("txt (default), csv, json or xlsx (needs -o)") },
	{ .letter = 'o', .arg = N_("FILE"), .id = 'o',
	  .help = N_("write FILE atomically; the format follows its extension") },
	{ .name = "bom", .id = O_BOM, .help = NC_("award", "CSV with a UTF-8 byte-order mark, for Excel") },
	{ .name = "encoding", .arg = N_("gb18030"), .id = O_ENCODING,
	  .help = NC_("award", "CSV in GB18030, for Excel on Chinese Windows") },
	{ .name = "facts", .arg = N_("FILE"), .id = O_FACTS,
	  .help = N_("CSV of applicant figures tcreg does not hold (invoiced, vat_paid)") },
	{ .name = "commit", .id = O_COMMIT,
	  .help = N_("record the run: the money it counted is never counted again") },
	{ .name = "explain", .arg = NC_("award", "ID"), .id = O_EXPLAIN,
	  .help = N_("every step for one contract (ID) or applicant (credit code or name)") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("a preview of one registration point's contracts only (default:\n"
		     "the whole province; a round is committed province-wide)") },
	{ .name = "history", .id = O_HISTORY, .help = N_("the committed runs") },
	{ .name = "compare", .id = O_COMPARE,
	  .help = N_("what each policy would pay, side by side; commits nothing") },
	{ .name = "budget", .arg = N_("AMOUNT"), .id = O_BUDGET,
	  .help = N_("with --compare: how a fixed budget would be shared") },
	{ 0 },
};

const struct cli_command cli_cmd_award = {
	.name = "award",
	.fn = cmd_award,
	.summary = N_("awards and subsidies under a policy, never paid twice"),
	.synopsis = N_("usage: tcreg award --policy NAME|FILE --year YYYY [-O txt|csv|json|xlsx] [-o FILE] [--bom] [--encoding gb18030] [--facts FILE] [--commit | --point CODE]\n"
		      "   or: tcreg award --policy NAME|FILE --year YYYY --explain ID [--point CODE] [-O txt|json]\n"
		      "   or: tcreg award --history [--policy NAME] [-O txt|csv|json|xlsx] [-o FILE]\n"
		      "   or: tcreg award --compare POLICY POLICY... --year YYYY[..YYYY] [--budget AMOUNT] [-O txt|csv|json|html|xlsx] [-o FILE]\n"),
	.options = award_options,
	.epilogue = N_("Example:\n"
		      "  tcreg award --policy hlj-2017 --year 2025 --explain 2025230001000001\n"),
};

/* An exclusion's reason in the reader's language: its code's sentence,
 * split at the %s where the detail goes. */
struct reason_words {
	const char *code, *head, *tail; /* head: up to the %s (length hlen); tail after it; NULL: none */
	int hlen;
};

static struct reason_words
reason_words(const char *code)
{
	const char *msgid = tcreg_award_reason(code), *m = msgid ? _(msgid) : NULL, *p = m ? strstr(m, "%s") : NULL;
	return (struct reason_words){ code, m, p ? p + 2 : NULL, p ? (int)(p - m) : -1 };
}

/* A line per exclusion, near a million of them: no fprintf. */
static void
print_words(FILE *f, const struct reason_words *w, const char *detail, const char *english)
{
	if (!w->head) {
		fputs(english ? english : "", f);
	} else if (w->tail) {
		fwrite(w->head, 1, (size_t)w->hlen, f);
		/* a state named in the detail, in the reader's words (the JSON
		 * keeps the code) */
		if (detail && strcmp(w->code, "X_STATUS") == 0)
			detail = strcmp(detail, "cancelled") == 0 ? cli_msg(NC_("contract status", "cancelled"))
				 : strcmp(detail, "revoked") == 0 ? cli_msg(NC_("contract status", "revoked"))
								  : detail;
		fputs(detail ? detail : "", f);
		fputs(w->tail, f);
	} else {
		fputs(w->head, f);
	}
}

void
award_print_reason(FILE *f, const char *code, const char *detail, const char *english)
{
	struct reason_words w = reason_words(code);
	print_words(f, &w, detail, english);
}

/* The same for a long list: the library's codes are a handful of static
 * strings, each looked up and translated once (half a million lines spent
 * a third of -O txt in gettext and the lookup). */
static void
print_reason_cached(FILE *f, struct reason_words *w, size_t nw, const struct tcreg_award_exclusion *e)
{
	size_t i = 0;
	while (i < nw && w[i].code && w[i].code != e->code)
		i++;
	if (i == nw) { /* more codes than room: the slow way */
		award_print_reason(f, e->code, e->detail, e->reason);
		return;
	}
	if (!w[i].code)
		w[i] = reason_words(e->code);
	print_words(f, &w[i], e->detail, e->reason);
}

static void
print_reason(FILE *f, const json_t *x)
{
	award_print_reason(f, cli_jstr(x, "code"), cli_jstr(x, "detail"), cli_jstr(x, "reason"));
}

/* An exact amount in fen ("90000000.5") as 元 with every digit kept
 * ("900,000.005"). */
static char *
exact_yuan(const char *fen, char *buf, size_t n)
{
	const char *dot = strchr(fen, '.');
	cli_yuan(strtoll(fen, NULL, 10), buf, n);
	if (dot && strlen(buf) + strlen(dot + 1) < n)
		strcat(buf, dot + 1);
	return buf;
}

/* Names of base kinds and units, for people. */
static const char *
word(const char *w)
{
	static const char *const names[][2] = {
		{ "received", N_("amount received") },
		{ "paid", N_("amount paid") },
		{ "contract_amount", N_("contract amount") },
		{ "tech_amount", N_("technology amount") },
		{ "tech_received", N_("technology amount received") },
		{ "invoiced", N_("invoiced amount") },
		{ "served_amount", N_("technology amount of the deal served") },
		{ "contract", N_("contract") },
		{ "project", N_("project") },
		{ "applicant_year", N_("applicant and year") },
		{ "person_year", N_("person and year") },
		{ "agency_year", N_("agency and year") },
		{ "vat_paid", N_("VAT paid") },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], w) == 0)
			return _(names[i][1]);
	return w;
}

/* A rounding's mode and unit, for people (the JSON keeps the policy's words). */
static const char *
rounding_word(const char *w)
{
	static const char *const names[][2] = {
		{ "down", NC_("rounding", "down") },	 { "half_up", NC_("rounding", "half up") },
		{ "up", NC_("rounding", "up") },	 { "fen", NC_("rounding", "fen") },
		{ "yuan", NC_("rounding", "yuan") },	 { "hundred", NC_("rounding", "hundred yuan") },
		{ "wan", NC_("rounding", "wan yuan") },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], w) == 0)
			return cli_msg(names[i][1]);
	return w;
}

/* Why an award is what it is, in the reader's language, from its typed
 * basis (declared here and in award-xlsx.c, which prints it too). */
void award_print_basis_of(FILE *f, const struct tcreg_award_info *x);
void award_print_shares(FILE *f, const struct tcreg_award_info *x);

/* The base kinds and what is done with them: "least of ...", "growth of ...". */
static void
basis_what(const struct tcreg_award_info *x, char *what, size_t n)
{
	char base[200] = "";
	size_t i;
	for (i = 0; x->base && x->base[i]; i++) {
		size_t k = strlen(base);
		snprintf(base + k, sizeof(base) - k, "%s%s", i ? "/" : "", word(x->base[i]));
	}
	if (i > 1)
		snprintf(what, n, _("least of %s"), base);
	else if (x->growth)
		snprintf(what, n, _("growth of the %s over the year before"), base);
	else
		snprintf(what, n, "%s", base);
}

void
award_print_basis_of(FILE *f, const struct tcreg_award_info *x)
{
	char what[256], a[40], c[40];
	basis_what(x, what, sizeof(what));
	const char *rate = x->rate ? x->rate : "", *pct = x->pct ? x->pct : "";
	if (strcmp(rate, "flat") == 0)
		fprintf(f, _("%s%% of the %s"), pct, what);
	else if (strcmp(rate, "band") == 0 && x->pct)
		fprintf(f, _("%s%% of the %s (the band from %s 元)"), pct, what,
			cli_yuan(x->band_from_fen, a, sizeof(a)));
	else if (strcmp(rate, "base_plus") == 0)
		fprintf(f, _("%s 元 plus %s%% of the %s above %s 元"), cli_yuan(x->plus_amount_fen, a, sizeof(a)),
			pct, what, cli_yuan(x->plus_above_fen, c, sizeof(c)));
	else
		fprintf(f, _("marginal tiers on the %s"), what);
	if (x->contracts_summed > 1)
		fprintf(f, _(", %lld contracts summed"), (long long)x->contracts_summed);
	if (x->cap_per) {
		const char *per = x->cap_per;
		cli_yuan(x->cap_fen, a, sizeof(a));
		if (strcmp(per, "vat_paid") == 0)
			fprintf(f, _("; capped at the VAT paid, %s 元"), a);
		else if (strcmp(per, "band") == 0)
			fprintf(f, _("; capped at the band's %s 元"), a);
		else
			fprintf(f, _("; capped at %s 元 per %s"), a, word(per));
		if (x->previous_fen > 0)
			fprintf(f, _(" less %s 元 paid before"), cli_yuan(x->previous_fen, c, sizeof(c)));
	}
}

/* The shares the allocation allows, a line each. */
void
award_print_shares(FILE *f, const struct tcreg_award_info *x)
{
	char a[40];
	for (size_t j = 0; j < x->nshares; j++) {
		const struct tcreg_award_share *s = &x->shares[j];
		if (s->max_fen >= 0)
			fprintf(f, _("    of which up to %s 元 may go to %s\n"), cli_yuan(s->max_fen, a, sizeof(a)), s->to);
		if (s->min_fen >= 0)
			fprintf(f, _("    of which at least %s 元 must go to %s\n"), cli_yuan(s->min_fen, a, sizeof(a)), s->to);
	}
}

/* The same from a basis as JSON ({"basis", "previous_fen"}; without
 * "basis", its "reason"): the comparison's and the explanation's. */
void
award_print_basis(FILE *f, const json_t *x)
{
	const json_t *b = json_object_get(x, "basis"), *k, *cap = json_object_get(b, "cap");
	if (!b) {
		fputs(cli_jstr(x, "reason"), f);
		return;
	}
	const char *base[8];
	size_t i, n = 0;
	json_array_foreach(json_object_get(b, "base"), i, k)
		if (n < 7)
			base[n++] = json_string_value(k);
	base[n] = NULL;
	struct tcreg_award_info t = {
		.base = base, .growth = json_is_true(json_object_get(b, "growth")), .rate = cli_jstr(b, "rate"),
		.pct = json_string_value(json_object_get(b, "pct")), .band_from_fen = cli_jnum(b, "band_from_fen"),
		.plus_amount_fen = cli_jnum(b, "amount_fen"), .plus_above_fen = cli_jnum(b, "above_fen"),
		.contracts_summed = (unsigned)cli_jnum(b, "contracts_summed"),
		.cap_per = json_is_object(cap) ? cli_jstr(cap, "per") : NULL, .cap_fen = cli_jnum(cap, "cap_fen"),
		.previous_fen = cli_jnum(x, "previous_fen"),
	};
	award_print_basis_of(f, &t);
}

static void
print_yuan_wan(FILE *f, long long fen)
{
	char a[40], w[40];
	fprintf(f, _("%s 元 (%s 万元)"), cli_yuan(fen, a, sizeof(a)), tcreg_amount_format_wan(fen, w, sizeof(w)));
}

static void
print_award_txt(FILE *f, const struct tcreg_award_info *x, int wr, int wn)
{
	char a[40], b[40];
	cli_pad(f, x->rule, wr);
	fputs("  ", f);
	cli_pad(f, x->applicant, wn);
	fprintf(f, "  %16s  %14s ", cli_yuan(x->base_fen, a, sizeof(a)), cli_yuan(x->award_fen, b, sizeof(b)));
	/* an agency's award covers every contract of the year: a screenful is enough */
	size_t shown = x->ncontracts > 12 ? 3 : x->ncontracts;
	for (size_t j = 0; j < shown; j++)
		fprintf(f, " %s", x->contracts[j]);
	if (shown < x->ncontracts)
		fprintf(f, _(" … (%zu contracts; all in -O csv or json)"), x->ncontracts);
	fputc('\n', f);
	fputs("    ", f);
	award_print_basis_of(f, x);
	fputc('\n', f);
	award_print_shares(f, x);
}

static void
print_checks(FILE *f, const json_t *head)
{
	const json_t *x;
	size_t i;
	bool header = false;
	json_array_foreach(json_object_get(head, "rules"), i, x) {
		const json_t *c;
		size_t j;
		json_array_foreach(json_object_get(x, "checks"), j, c) {
			if (!header)
				fprintf(f, "%s", _("\nto confirm before paying (tcreg cannot check these):\n"));
			header = true;
			fprintf(f, "  %s: %s\n", cli_jstr(x, "name"), json_string_value(c));
		}
	}
}

static void
awards_txt(FILE *f, const json_t *head, tcreg_award_result *res)
{
	fprintf(f, "%s  %s  %s\n", cli_jstr(head, "policy"), cli_jstr(head, "title"),
		json_is_true(json_object_get(head, "committed")) ? _("(committed)") : _("(preview)"));
	fprintf(f, _("source: %s\n"), cli_jstr(head, "source"));
	fprintf(f, _("year: %lld\n"), cli_jnum(head, "year"));
	size_t n = tcreg_award_result_count(res);
	struct tcreg_award_info x;
	int wn = cli_width(_("applicant")), wr = cli_width(_("rule"));
	for (size_t i = 0; i < n && tcreg_award_result_get_typed(res, i, &x) == TCREG_OK; i++) {
		int k = cli_width(x.applicant);
		wn = k > wn ? k : wn;
		k = cli_width(x.rule);
		wr = k > wr ? k : wr;
	}
	wn = wn > 40 ? 40 : wn;
	fputc('\n', f);
	if (!n) {
		fprintf(f, "%s\n", _("no awards"));
	} else {
		cli_pad(f, _("rule"), wr);
		fputs("  ", f);
		cli_pad(f, _("applicant"), wn);
		fputs("  ", f);
		cli_pad(f, _("base (元)"), 16);
		fputs("  ", f);
		cli_pad(f, _("award (元)"), 14);
		fprintf(f, "  %s\n", _("contracts"));
	}
	for (size_t i = 0; i < n && tcreg_award_result_get_typed(res, i, &x) == TCREG_OK; i++)
		print_award_txt(f, &x, wr, wn);
	fputc('\n', f);
	fprintf(f, _("total: %zu awards, "), n);
	print_yuan_wan(f, cli_jnum(head, "total_award_fen"));
	fputc('\n', f);
	size_t ne = tcreg_award_result_excluded(res);
	if (ne)
		fprintf(f, _("\nnot awarded (%zu):\n"), ne);
	struct tcreg_award_exclusion e;
	struct reason_words words[64] = { 0 };
	for (size_t i = 0; i < ne && tcreg_award_result_excluded_get(res, i, &e) == TCREG_OK; i++) {
		fputs("  ", f);
		fputs(e.contract ? e.contract : "", f);
		fputs("  ", f);
		fputs(e.rule, f);
		fputs(": ", f);
		print_reason_cached(f, words, sizeof(words) / sizeof(words[0]), &e);
		fputc('\n', f);
	}
	print_checks(f, head);
}

static void
awards_csv(FILE *f, tcreg_award_result *res)
{
	fputs("kind,rule,applicant,uscc,role,unit,contracts,base_fen,award_fen,capped,code,reason\r\n", f);
	struct tcreg_award_info x;
	for (size_t i = 0; tcreg_award_result_get_typed(res, i, &x) == TCREG_OK; i++) {
		fputs("award,", f);
		cli_csv_value(f, x.rule);
		fputc(',', f);
		cli_csv_value(f, x.applicant);
		fputc(',', f);
		cli_csv_value(f, x.uscc);
		fprintf(f, ",%s,%s,", x.role, x.unit);
		for (size_t j = 0; j < x.ncontracts; j++) {
			if (j)
				fputc(' ', f);
			cli_csv_value(f, x.contracts[j]);
		}
		fprintf(f, ",%lld,%lld,%s,,", (long long)x.base_fen, (long long)x.award_fen,
			x.capped ? "true" : "false");
		cli_csv_value(f, x.reason);
		fputs("\r\n", f);
	}
	struct tcreg_award_exclusion e;
	for (size_t i = 0; tcreg_award_result_excluded_get(res, i, &e) == TCREG_OK; i++) {
		fputs("excluded,", f);
		cli_csv_value(f, e.rule);
		fputs(",,,,,", f);
		cli_csv_value(f, e.contract);
		fputs(",,0,false,", f);
		fputs(e.code, f);
		fputc(',', f);
		cli_csv_value(f, e.reason);
		fputs("\r\n", f);
	}
}


/* One payment of --explain: in the window or not, a reversal, and the money
 * of it this round counts (its technology part, less what earlier rounds
 * counted). */
static void
explain_payment(FILE *f, const json_t *p)
{
	char a[40], b[40], c[40];
	fprintf(f, "    %s  %-16s %16s  ", cli_jstr(p, "date"), cli_jstr(p, "voucher"), cli_yuan(cli_jnum(p, "amount_fen"), a, sizeof(a)));
	if (*cli_jstr(p, "reverses_voucher"))
		fprintf(f, _("reverses %s"), cli_jstr(p, "reverses_voucher"));
	else if (!json_is_true(json_object_get(p, "counted")))
		fputs(_("outside the window"), f);
	else if (json_object_get(p, "tech_fen"))
		fprintf(f, _("counts %s (technology part %s, counted before %s)"),
			cli_yuan(cli_jnum(p, "counted_fen"), a, sizeof(a)), cli_yuan(cli_jnum(p, "tech_fen"), b, sizeof(b)),
			cli_yuan(cli_jnum(p, "counted_before_fen"), c, sizeof(c)));
	else
		fprintf(f, _("counts %s (counted before %s)"), cli_yuan(cli_jnum(p, "counted_fen"), a, sizeof(a)),
			cli_yuan(cli_jnum(p, "counted_before_fen"), c, sizeof(c)));
	fputc('\n', f);
}

static void
explain_txt(FILE *f, const json_t *r, const char *target)
{
	char a[40], b[40], c[40];
	fprintf(f, _("how %s fares under %s for %lld:\n"), target, cli_jstr(r, "policy"), cli_jnum(r, "year"));
	const json_t *s;
	size_t i;
	const char *last_rule = "";
	json_array_foreach(json_object_get(r, "explain"), i, s) {
		const char *k = cli_jstr(s, "step"), *rule = cli_jstr(s, "rule");
		/* steps of another rule than the one above start under its name */
		if (strcmp(k, "eligibility") != 0 && strcmp(rule, last_rule) != 0)
			fprintf(f, "\n[%s]\n", rule);
		last_rule = rule;
		if (strcmp(k, "eligibility") == 0) {
			fprintf(f, "\n[%s] %s  %s\n", rule, cli_jstr(s, "contract"), cli_jstr(s, "applicant"));
			if (json_is_true(json_object_get(s, "ok")))
				fprintf(f, "  %s\n", _("eligible"));
			else {
				fprintf(f, "  %s: ", _("not eligible"));
				print_reason(f, s);
				fputc('\n', f);
			}
		} else if (strcmp(k, "payments") == 0) {
			fprintf(f, _("  payments counted from %s to %s:\n"),
				*cli_jstr(s, "from") ? cli_jstr(s, "from") : _("the start"),
				*cli_jstr(s, "to") ? cli_jstr(s, "to") : _("now"));
			const json_t *p;
			size_t j;
			json_array_foreach(json_object_get(s, "payments"), j, p)
				explain_payment(f, p);
			if (json_object_get(s, "verified_left_fen")) /* a late payment with an earlier date */
				fprintf(f, _("    of the verified technology amount %s 元, earlier rounds left %s 元 to count\n"),
					cli_yuan(cli_jnum(s, "verified_tech_fen"), a, sizeof(a)),
					cli_yuan(cli_jnum(s, "verified_left_fen"), b, sizeof(b)));
			fprintf(f, strcmp(cli_jstr(s, "part"), "tech") == 0 ? _("    technology part received, not counted before: %s 元\n")
								       : _("    received, not counted before: %s 元\n"),
				cli_yuan(cli_jnum(s, "received_fen"), a, sizeof(a)));
		} else if (strcmp(k, "base") == 0) {
			fprintf(f, "  %s", _("base:"));
			if (*cli_jstr(s, "contract") && !json_object_get(s, "base_fen"))
				fprintf(f, " %s", cli_jstr(s, "contract"));
			else if (*cli_jstr(s, "contract"))
				fprintf(f, " %s:", cli_jstr(s, "contract"));
			const char *key;
			const json_t *v;
			json_object_foreach((json_t *)json_object_get(s, "components"), key, v)
				fprintf(f, " %s %s", word(key), cli_yuan((long long)json_integer_value(v), a, sizeof(a)));
			if (json_object_get(s, "base_fen"))
				fprintf(f, _(" -> base %s 元 (per %s)"), cli_yuan(cli_jnum(s, "base_fen"), a, sizeof(a)),
					word(cli_jstr(s, "per")));
			fputc('\n', f);
		} else if (strcmp(k, "threshold") == 0) {
			fprintf(f, _("  threshold: base %s 元"), cli_yuan(cli_jnum(s, "base_fen"), a, sizeof(a)));
			if (!json_is_null(json_object_get(s, "min_fen")))
				fprintf(f, json_is_true(json_object_get(s, "min_inclusive")) ? _(", at least %s") : _(", more than %s"),
					cli_yuan(cli_jnum(s, "min_fen"), b, sizeof(b)));
			if (!json_is_null(json_object_get(s, "max_fen")))
				fprintf(f, json_is_true(json_object_get(s, "max_inclusive")) ? _(", at most %s") : _(", less than %s"),
					cli_yuan(cli_jnum(s, "max_fen"), b, sizeof(b)));
			fprintf(f, ": %s\n", json_is_true(json_object_get(s, "ok")) ? _("met") : _("not met"));
		} else if (strcmp(k, "rate") == 0) {
			fprintf(f, _("  rate %s: %s 元\n"), cli_jstr(s, "rate"), exact_yuan(cli_jstr(s, "amount_fen"), a, sizeof(a)));
		} else if (strcmp(k, "cap") == 0) {
			const char *verdict = json_is_true(json_object_get(s, "applied")) ? _("applies") : _("not reached");
			if (strcmp(cli_jstr(s, "per"), "contract") == 0) /* a contract is paid once: nothing earlier */
				fprintf(f, _("  cap per %s: %s 元: %s"), word(cli_jstr(s, "per")),
					cli_yuan(cli_jnum(s, "cap_fen"), a, sizeof(a)), verdict);
			else
				fprintf(f, _("  cap per %s: %s 元, earlier awards %s 元: %s"), word(cli_jstr(s, "per")),
					cli_yuan(cli_jnum(s, "cap_fen"), a, sizeof(a)),
					cli_yuan(cli_jnum(s, "previous_fen"), b, sizeof(b)), verdict);
			fprintf(f, " (%s -> ", exact_yuan(cli_jstr(s, "before_fen"), a, sizeof(a)));
			fprintf(f, "%s)\n", exact_yuan(cli_jstr(s, "after_fen"), a, sizeof(a)));
		} else if (strcmp(k, "previous") == 0) {
			fprintf(f, _("  the year before: %s (registered %s):"), cli_jstr(s, "contract"), cli_jstr(s, "reg_date"));
			const char *key;
			const json_t *v;
			json_object_foreach((json_t *)json_object_get(s, "components"), key, v)
				fprintf(f, " %s %s", word(key), cli_yuan((long long)json_integer_value(v), a, sizeof(a)));
			fputc('\n', f);
		} else if (strcmp(k, "growth") == 0) {
			fprintf(f, _("  growth: %s 元 this year, %s 元 the year before: base %s 元\n"),
				cli_yuan(cli_jnum(s, "current_fen"), a, sizeof(a)), cli_yuan(cli_jnum(s, "previous_fen"), b, sizeof(b)),
				cli_yuan(cli_jnum(s, "base_fen"), c, sizeof(c)));
		} else if (strcmp(k, "fact") == 0) {
			fprintf(f, _("  the facts file gives no %s for this applicant\n"), word(cli_jstr(s, "fact")));
		} else if (strcmp(k, "rounding") == 0) {
			fprintf(f, _("  rounded %s to the %s: %s -> award %s 元\n"), rounding_word(cli_jstr(s, "mode")),
				rounding_word(cli_jstr(s, "to")),
				exact_yuan(cli_jstr(s, "exact_fen"), b, sizeof(b)), cli_yuan(cli_jnum(s, "award_fen"), c, sizeof(c)));
		}
	}
	const json_t *x;
	bool any = false;
	json_array_foreach(json_object_get(r, "awards"), i, x) {
		if (!any)
			fprintf(f, "\n%s\n", _("awards that include it:"));
		any = true;
		fprintf(f, "  [%s] %s: %s 元  ", cli_jstr(x, "rule"), cli_jstr(x, "applicant"),
			cli_yuan(cli_jnum(x, "award_fen"), a, sizeof(a)));
		award_print_basis(f, x);
		fputc('\n', f);
	}
	if (!any)
		fprintf(f, "\n%s\n", _("no award includes it"));
}

/* The explanation with only the awards and exclusions of the explained
 * contract or applicant (the contracts its steps name), and their total:
 * explaining a contract computes only its units, not the whole year. */
static json_t *
explained(tcreg_award_result *res)
{
	json_t *r = NULL;
	if (tcreg_award_result_head_tree(res, &r) != TCREG_OK)
		return NULL;
	json_t *steps = json_object_get(r, "explain"), *s;
	json_t *named = json_object(), *aw = json_array(), *ex = json_array();
	size_t i;
	json_array_foreach(steps, i, s)
		if (!strcmp(cli_jstr(s, "step"), "eligibility"))
			json_object_set_new(named, cli_jstr(s, "contract"), json_true());
	struct tcreg_award_info x;
	long long total = 0;
	for (i = 0; tcreg_award_result_get_typed(res, i, &x) == TCREG_OK; i++) {
		bool hit = false;
		for (size_t j = 0; j < x.ncontracts && !hit; j++)
			hit = json_object_get(named, x.contracts[j]) != NULL;
		json_t *t = NULL;
		if (hit) {
			tcreg_award_result_award_tree(res, i, &t); /* NULL when memory ran out: not appended */
			json_array_append_new(aw, t);
			total += x.award_fen; /* no overflow: the year's total did not */
		}
	}
	json_object_set_new(r, "total_award_fen", json_integer(total));
	struct tcreg_award_exclusion e;
	for (i = 0; tcreg_award_result_excluded_get(res, i, &e) == TCREG_OK; i++)
		if (json_object_get(named, e.contract))
			json_array_append_new(ex, json_pack("{s:s, s:s, s:s, s:s, s:s}", "contract", e.contract, "rule",
							    e.rule, "code", e.code, "detail", e.detail, "reason", e.reason));
	json_object_set_new(r, "awards", aw);
	json_object_set_new(r, "excluded", ex);
	json_decref(named);
	return r;
}

static int
history(struct cli_ctx *ctx, const char *policy, const char *format, const char *out)
{
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	json_t *runs = NULL;
	tcreg_status st = tcreg_award_history_tree(ctx->reg, policy, &runs);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (strcmp(format, "xlsx") == 0) {
		code = award_history_xlsx(ctx, out, runs);
		json_decref(runs);
		return code;
	}
	struct cli_out w;
	if ((code = cli_out_open(ctx, out, &w))) {
		json_decref(runs);
		return code;
	}
	FILE *m = w.f;
	const json_t *r, *x;
	size_t i, j;
	if (strcmp(format, "json") == 0) {
		json_dumpf(runs, m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', m);
	} else if (strcmp(format, "csv") == 0) {
		fputs("run_id,committed_at,operator,policy,policy_sha256,year,rule,applicant,role,contracts,base_fen,award_fen,capped,counted_fen,reversed_fen,revoked_contracts\r\n", m);
		json_array_foreach(runs, i, r) json_array_foreach(json_object_get(r, "list"), j, x) {
			fprintf(m, "%lld,%s,", cli_jnum(r, "run_id"), cli_jstr(r, "committed_at"));
			cli_csv_value(m, cli_jstr(r, "operator"));
			fprintf(m, ",%s,%s,%lld,%s,", cli_jstr(r, "policy"), cli_jstr(r, "policy_sha256"), cli_jnum(r, "year"), cli_jstr(x, "rule"));
			cli_csv_value(m, cli_jstr(x, "applicant"));
			fprintf(m, ",%s,", cli_jstr(x, "role"));
			const json_t *c;
			size_t k;
			json_array_foreach(json_object_get(x, "contracts"), k, c)
				fprintf(m, "%s%s", k ? " " : "", json_string_value(c));
			fprintf(m, ",%lld,%lld,%s,", cli_jnum(x, "base_fen"), cli_jnum(x, "award_fen"),
				json_is_true(json_object_get(x, "capped")) ? "true" : "false");
			if (json_object_get(x, "counted_fen")) /* awards on a base of money */
				fprintf(m, "%lld,%lld,", cli_jnum(x, "counted_fen"), cli_jnum(x, "reversed_fen"));
			else
				fputs(",,", m);
			json_array_foreach(json_object_get(x, "revoked_contracts"), k, c)
				fprintf(m, "%s%s", k ? " " : "", json_string_value(c));
			fputs("\r\n", m);
		}
	} else {
		if (!json_array_size(runs))
			fprintf(m, "%s\n", _("no award run has been committed"));
		json_array_foreach(runs, i, r) {
			char a[40];
			fprintf(m, _("run %lld  %s  %s  %s %lld  %lld awards  %s 元  (policy file %.12s)\n"), cli_jnum(r, "run_id"),
				cli_jstr(r, "committed_at"), cli_jstr(r, "operator"), cli_jstr(r, "policy"), cli_jnum(r, "year"),
				cli_jnum(r, "awards"), cli_yuan(cli_jnum(r, "total_award_fen"), a, sizeof(a)), cli_jstr(r, "policy_sha256"));
			json_array_foreach(json_object_get(r, "list"), j, x) {
				fprintf(m, "  [%s] ", cli_jstr(x, "rule"));
				cli_pad(m, cli_jstr(x, "applicant"), 30);
				fprintf(m, " %14s ", cli_yuan(cli_jnum(x, "award_fen"), a, sizeof(a)));
				const json_t *c, *all = json_object_get(x, "contracts");
				size_t k, n = json_array_size(all), shown = n > 12 ? 3 : n;
				json_array_foreach(all, k, c)
					if (k < shown)
						fprintf(m, " %s", json_string_value(c));
				if (shown < n)
					fprintf(m, _(" … (%zu contracts; all in -O csv or json)"), n);
				fputc('\n', m);
				if (cli_jnum(x, "reversed_fen") > 0)
					fprintf(m, _("    overpaid: %s 元 of the money it counted has been reversed since\n"),
						cli_yuan(cli_jnum(x, "reversed_fen"), a, sizeof(a)));
				json_array_foreach(json_object_get(x, "revoked_contracts"), k, c)
					fprintf(m, _("    overpaid: contract %s was revoked (撤销) after the award; recover it\n"),
						json_string_value(c));
			}
		}
	}
	json_decref(runs);
	code = cli_out_close(ctx, &w, true);
	return code ? code : cli_finish_stdout(ctx, EXIT_OK);
}

static int
write_file(void *f, const char *data, size_t n)
{
	return fwrite(data, 1, n, f) == n ? 0 : -1;
}

/* The CSV for Excel on Chinese Windows: a byte-order mark, or GB18030
 * (the same columns and values; only the bytes differ). */
static bool
excel_csv(FILE *f, tcreg_award_result *res, bool bom, bool gb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return false;
	if (bom)
		fputs("\xef\xbb\xbf", m);
	awards_csv(m, res);
	fclose(m);
	bool ok = (!gb || cli_recode_gb18030(&buf, &len)) && fwrite(buf, 1, len, f) == len;
	free(buf);
	return ok;
}

/* What the command line asks for. */
struct award_args {
	const char *policy, *format, *out, *explain, *facts, *years, *budget, *point;
	int year;
	bool commit, hist, compare, bom, gb, xlsx;
};

/* --year YYYY (or a range, for --compare); exit code. */
static int
year_option(struct cli_ctx *ctx, struct award_args *a, const char *arg)
{
	a->years = arg;
	if (a->compare || strstr(arg, ".."))
		return 0; /* a range, for --compare */
	char *end;
	long y = strtol(arg, &end, 10);
	if (*end || strlen(arg) != 4 || y < 1900)
		return cli_usage_error(ctx, _("'%s' does not fit %s"), arg, "--year YYYY");
	a->year = (int)y;
	return 0;
}

static int
parse_args(struct cli_ctx *ctx, int argc, char **argv, struct award_args *a)
{
	int c, code = 0;
	while (!code && (c = cli_getopt(ctx, argc, argv, &cli_cmd_award)) != -1) {
		switch (c) {
		case O_POLICY: a->policy = optarg; break;
		case O_COMPARE: a->compare = true; break;
		case O_BUDGET: a->budget = optarg; break;
		case O_YEAR: code = year_option(ctx, a, optarg); break;
		case O_COMMIT: a->commit = true; break;
		case O_EXPLAIN: a->explain = optarg; break;
		case O_HISTORY: a->hist = true; break;
		case O_FACTS: a->facts = optarg; break;
		case O_POINT: a->point = optarg; break;
		case O_BOM: a->bom = true; break;
		case O_ENCODING: code = cli_encoding_option(ctx, optarg, &a->gb); break;
		case 'O': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		default: code = EXIT_USAGE;
		}
	}
	return code;
}

/* --compare POLICY...: its options, then the comparison; exit code. */
static int
compare(struct cli_ctx *ctx, struct award_args *a, int n, char **names)
{
	if (a->policy || a->commit || a->explain || a->hist)
		return cli_usage_error(ctx, _("--compare takes the policies as arguments, with --year, --budget, --facts, -O and -o"));
	const char *f = a->format;
	if (!f && a->out && (!(f = cli_format_of(a->out)) || !strcmp(f, "md")))
		return cli_usage_error(ctx, _("cannot tell the format of '%s': name it .txt, .csv, .json, .html or .xlsx, or give -O"), a->out);
	if (!f)
		f = "txt";
	if (strcmp(f, "txt") && strcmp(f, "csv") && strcmp(f, "json") && strcmp(f, "html") && strcmp(f, "xlsx"))
		return cli_usage_error(ctx, _("-O takes txt, csv, json, html or xlsx, not '%s'"), f);
	return award_compare(ctx, names, n, a->years, a->budget, a->facts, f, a->out);
}

/* A round or --history: the format and the options together; exit code. */
static int
validate(struct cli_ctx *ctx, struct award_args *a, int nargs, const char *arg)
{
	if (a->budget)
		return cli_usage_error(ctx, _("--budget goes with --compare"));
	if (a->years && !a->year)
		return cli_usage_error(ctx, _("'%s' does not fit %s"), a->years, "--year YYYY");
	if (nargs > 0)
		return cli_usage_error(ctx, _("unexpected argument '%s'"), arg);
	const char *f = a->format;
	if (!f && a->out && (!(f = cli_format_of(a->out)) || !strcmp(f, "md") || !strcmp(f, "html")))
		return cli_usage_error(ctx, _("cannot tell the format of '%s': name it .txt, .csv, .json or .xlsx, or give -O"), a->out);
	a->format = f = f ? f : "txt";
	if (strcmp(f, "txt") && strcmp(f, "csv") && strcmp(f, "json") && strcmp(f, "xlsx"))
		return cli_usage_error(ctx, _("-O takes txt, csv, json or xlsx, not '%s'"), f);
	a->xlsx = strcmp(f, "xlsx") == 0;
	if (a->xlsx && !a->out)
		return cli_usage_error(ctx, _("a workbook needs a file: -o FILE.xlsx"));
	if ((a->bom || a->gb) && (strcmp(f, "csv") != 0 || a->hist || a->explain))
		return cli_usage_error(ctx, _("--bom and --encoding go with the CSV of a run"));
	if (a->hist)
		return a->commit || a->explain || a->year || a->facts
			       ? cli_usage_error(ctx, _("--history lists committed runs; it takes only --policy, -O and -o"))
			       : 0;
	if (!a->policy || !a->year)
		return cli_usage_error(ctx, _("give --policy NAME|FILE and --year YYYY"));
	if (a->commit && a->explain)
		return cli_usage_error(ctx, _("--explain shows a preview; commit without it"));
	if (a->explain && (strcmp(f, "csv") == 0 || a->xlsx))
		return cli_usage_error(ctx, _("--explain prints text or JSON"));
	return 0;
}

/* The round under policy p into *res; exit code. */
static int
compute(struct cli_ctx *ctx, const struct award_args *a, tcreg_policy *p, tcreg_award_result **res)
{
	int code = cli_open(ctx, false, !a->commit);
	if (code)
		return code;
	tcreg_status st = a->point ? tcreg_registry_set_view(ctx->reg, a->point) : TCREG_OK;
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	struct tcreg_award_opts o = { .policy = p, .year = a->year, .facts_path = a->facts,
				      .explain = a->explain, .commit = a->commit };
	tcreg_diags *d = NULL;
	st = tcreg_award_run(ctx->reg, &o, res, &d);
	if (st == TCREG_ERR_INVALID && d && tcreg_diags_count(d)) {
		cli_print_diags(ctx, a->facts, d);
		tcreg_diags_free(d);
		return cli_error(ctx, EXIT_DATAERR, _("the facts file has errors; nothing was computed"));
	}
	tcreg_diags_free(d);
	if (st == TCREG_ERR_CONFIG)
		return cli_error(ctx, EXIT_CONFIG, "%s", tcreg_registry_errmsg(ctx->reg));
	return st == TCREG_OK ? 0 : cli_fail(ctx, st, NULL);
}

/* The round in the format asked for, to stdout or the -o file; exit code. */
static int
write_round(struct cli_ctx *ctx, const struct award_args *a, const json_t *head, tcreg_award_result *res)
{
	if (a->xlsx)
		return award_xlsx(ctx, a->out, head, res);
	struct cli_out w = { 0 };
	int code = cli_out_open(ctx, a->out, &w);
	if (code)
		return code;
	bool ok = true;
	if (a->explain) {
		/* small: the steps and the awards that include the contract */
		json_t *r = explained(res);
		if (strcmp(a->format, "json") == 0) {
			ok = json_dumpf(r, w.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0;
			fputc('\n', w.f);
		} else {
			explain_txt(w.f, r, a->explain);
		}
		json_decref(r);
	} else if (strcmp(a->format, "json") == 0) {
		/* a year of a large registry is a hundred megabytes: streamed, on one line */
		ok = tcreg_award_result_write_json(res, write_file, w.f) == TCREG_OK;
		fputc('\n', w.f);
	} else if (strcmp(a->format, "csv") == 0 && (a->bom || a->gb)) {
		ok = excel_csv(w.f, res, a->bom, a->gb);
	} else if (strcmp(a->format, "csv") == 0) {
		awards_csv(w.f, res);
	} else {
		awards_txt(w.f, head, res);
	}
	return cli_out_close(ctx, &w, ok);
}

/* What was done: a preview, a committed run, or nothing to pay. */
static void
round_note(struct cli_ctx *ctx, const struct award_args *a, const json_t *head, tcreg_award_result *res)
{
	char yuan[40];
	size_t n = tcreg_award_result_count(res);
	cli_yuan(cli_jnum(head, "total_award_fen"), yuan, sizeof(yuan));
	if (a->commit && !json_is_true(json_object_get(head, "committed")))
		cli_note(ctx, _("nothing to pay; no run was recorded"));
	else if (a->commit)
		cli_note(ctx, _("run %lld committed: %zu awards, %s 元; the money they counted will not be counted again under %s"),
			 cli_jnum(head, "run_id"), n, yuan, cli_jstr(head, "policy"));
	else
		cli_note(ctx, _("preview: %zu awards, %s 元; nothing recorded (--commit records the run)"), n, yuan);
}

/* A round: computed, written, said; exit code. */
static int
round_run(struct cli_ctx *ctx, const struct award_args *a)
{
	tcreg_policy *p = NULL;
	int code = cli_load_policy(ctx, a->policy, &p);
	tcreg_award_result *res = NULL;
	if (!code)
		code = compute(ctx, a, p, &res);
	json_t *head = NULL;
	if (!code && tcreg_award_result_head_tree(res, &head) != TCREG_OK)
		code = cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	if (!code)
		code = write_round(ctx, a, head, res);
	if (!code && !a->explain)
		round_note(ctx, a, head, res);
	json_decref(head);
	tcreg_award_result_free(res);
	tcreg_policy_free(p); /* after the result, which borrows it */
	return code ? code : cli_finish_stdout(ctx, EXIT_OK);
}

int
cmd_award(struct cli_ctx *ctx, int argc, char **argv)
{
	struct award_args a = { 0 };
	int code = parse_args(ctx, argc, argv, &a);
	if (code)
		return code;
	/* a round is paid province-wide; one point's share is a preview */
	if (a.point && (a.commit || a.hist || a.compare))
		return cli_usage_error(ctx, _("--point previews one registration point's share; a round is committed, "
					      "listed and compared province-wide"));
	if (a.compare)
		return compare(ctx, &a, argc - optind, argv + optind);
	if ((code = validate(ctx, &a, argc - optind, argv[optind])))
		return code;
	return a.hist ? history(ctx, a.policy, a.format, a.out) : round_run(ctx, &a);
}
