/* SPDX-License-Identifier: MIT
 * tcreg.c - main(): global options, the command table and dispatch.
 */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef TCREG_LOCALEDIR
#define TCREG_LOCALEDIR "/usr/share/locale"
#endif

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, N_("create or upgrade the registry and set the agency profile"),
	  N_("usage: tcreg init [--agency-name NAME --region CODE4 --point NN] [--area LIST] [--force]\n"
	     "\n"
	     "  --agency-name NAME  name of the registration office\n"
	     "  --region CODE4      its 4-digit region code (e.g. 2301)\n"
	     "  --point NN          its 2-digit registration point number\n"
	     "  --area LIST         the area it serves: region codes separated by commas (2300\n"
	     "                      takes every city of 黑龙江), or all; default: its province\n"
	     "  --force             change the region or point after numbers were issued\n") },
	{ "register", cmd_register, N_("register contracts from documents or import a ledger"),
	  N_("usage: tcreg register [options] FILE.yaml|FILE.json...\n"
	     "   or: tcreg register --csv LEDGER.csv|LEDGER.xlsx [options]\n"
	     "   or: tcreg register --payments PAYMENTS.csv|PAYMENTS.xlsx [options]\n"
	     "   or: tcreg register\n"
	     "\n"
	     "  (no file)           type contracts in, one field at a time\n"
	     "  --csv FILE          import a contract ledger (CSV, or an Excel .xlsx workbook)\n"
	     "  --payments FILE     import money actually received (实际到账)\n"
	     "  --sheet NAME|N      the workbook's sheet, by name or number (default: first)\n"
	     "  --encoding ENC      auto (default), utf-8, gb18030, utf-16\n"
	     "  -n, --dry-run       check everything, then write nothing\n"
	     "  --keep-going        write the good rows even when some are rejected\n"
	     "  --rejects FILE      write rejected rows there, with _line,_code,_reason\n"
	     "                      (FILE.xlsx: an Excel workbook)\n"
	     "  -f, --force         import a file whose content was imported before\n"
	     "  --update            let a changed row replace a submitted contract\n"
	     "  --json              print the outcome as JSON on stdout\n"
	     "  --point CODE        file the contracts at that registration point (default: the\n"
	     "                      operator's one point, else the registry's own office)\n"
	     "\n"
	     "Example:\n"
	     "  tcreg register --csv 台账.csv --keep-going --rejects 退回.csv\n") },
	{ "show", cmd_show, N_("show one contract with its history and payments"),
	  N_("usage: tcreg show [--json] ID\n"
	     "   or: tcreg show --party NAME|USCC [--json]\n"
	     "\n"
	     "  ID                  registration number, internal id or contract number\n"
	     "  --party NAME|USCC   a party: its contracts as seller and as buyer, with totals,\n"
	     "                      and the awards committed to it\n"
	     "  --json              print the contract (or the party) as JSON\n") },
	{ "search", cmd_search, N_("find contracts by a part of a number, a project or a party"),
	  N_("usage: tcreg search [--limit N] [--json] TEXT\n"
	     "   or: tcreg search --rebuild\n"
	     "\n"
	     "  TEXT                a contract or registration number or a credit code, whole\n"
	     "                      or its beginning; or a part of a project's or a party's\n"
	     "                      name, one character or more; or a short form of a\n"
	     "                      party's name (哈工大)\n"
	     "  --limit N           at most N contracts, best first (default 20)\n"
	     "  --json              {\"text\", \"contracts\": [...], \"more\", \"more_at_least\"}\n"
	     "  --rebuild           build the indexes anew (rows added outside tcreg, a damaged index)\n"
	     "  --point CODE        only the contracts filed at that registration point\n") },
	{ "list", cmd_list, N_("list contracts, oldest first"),
	  N_("usage: tcreg list [--status S[,S...]]... [--from DATE] [--to DATE] [--seller TEXT] [--buyer TEXT] "
	     "[--category C] [--registered-from DATE] [--registered-to DATE] [--totals] [--json|--csv|-O FORMAT] [-o FILE] "
	     "[--bom] [--encoding gb18030] [--headers zh]\n"
	     "\n"
	     "  --status S          submitted, needs_supplement, registered, rejected,\n"
	     "                      changed, cancelled, revoked, not_accepted,\n"
	     "                      withdrawn or external; several: any of them\n"
	     "  --from DATE         signed on or after DATE\n"
	     "  --to DATE           signed on or before DATE\n"
	     "  --seller TEXT       seller's name contains TEXT, or its credit code is TEXT\n"
	     "  --buyer TEXT        the same for the buyer\n"
	     "  --category C        code, name or sub-type (技术开发 = every development contract)\n"
	     "  --registered-from DATE, --registered-to DATE\n"
	     "                      registered on or after / on or before DATE\n"
	     "  --totals            a line of totals (with --json: {\"contracts\": [...], \"totals\": {...}})\n"
	     "  --json              one JSON array\n"
	     "  --csv               CSV with the ledger's columns (re-importable)\n"
	     "  -O FORMAT           txt, csv, json, or xlsx: an Excel workbook (needs -o)\n"
	     "  -o FILE             write FILE atomically; .json, .csv or .xlsx choose the format\n"
	     "  --bom               CSV with a UTF-8 byte-order mark, for Excel\n"
	     "  --encoding gb18030  CSV in GB18030, for Excel on Chinese Windows\n"
	     "  --headers zh        CSV with the ledger's Chinese headers (importable again)\n"
	     "  --point CODE        only the contracts filed at that registration point (an operator\n"
	     "                      limited to points sees theirs by default)\n") },
	{ "certify", cmd_certify, N_("recognise and register contracts; the queue; certificates"),
	  N_("usage: tcreg certify --queue [--json] [--limit N]\n"
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
	     "   or: tcreg certify ID --resolve-objection uphold|dismiss --note TEXT\n"
	     "\n"
	     "  --queue             contracts awaiting a decision, most urgent first\n"
	     "  --limit N           with --queue: the first N (default 20, with --json all)\n"
	     "  --point CODE        with --queue: that registration point's (default: the operator's\n"
	     "                      points, or all)\n"
	     "  --accept            recognise and register; prints the registration number\n"
	     "  --deduct ITEM=AMOUNT  non-technical costs: equipment, instrument, parts,\n"
	     "                      raw_material, other (other=AMOUNT:NOTE)\n"
	     "  --reject            不予登记, reason R01..R11\n"
	     "  --supplement        补正: ask for more material\n"
	     "  --resubmit          the material came back: the clock restarts\n"
	     "  --review            record the expert review a large contract needs\n"
	     "  --change            变更: fields as --set total_amount=3200000\n"
	     "  --cancel            注销, with the reason in words\n"
	     "  --revoke            撤销, reason V01..V04\n"
	     "  --certificate       登记证明 as text, HTML (A4) or JSON\n"
	     "  --not-accept        不予受理 at intake, reason N01..N09\n"
	     "  --withdraw          撤回: the applicant withdraws before a decision\n"
	     "  --external          registered by another office: recorded, never numbered here\n"
	     "  --objection         异议 to a registration or refusal (--by the party or organ)\n"
	     "  --resolve-objection uphold or dismiss the open objection\n"
	     "\n"
	     "Example:\n"
	     "  tcreg certify HGD-2025-0520 --accept --deduct equipment=1700000\n") },
	{ "config", cmd_config, N_("show or change the office's settings"),
	  N_("usage: tcreg config [KEY [VALUE]]\n"
	     "\n"
	     "  large_threshold     元 from which the expert-review track applies (5000000)\n"
	     "  review_days         working days to decide (15)\n"
	     "  review_days_large   on the large track (30)\n"
	     "  allow_single_clerk  may the clerk who entered a contract decide on it (no)\n"
	     "  reg_no_template     {year4}{region4}{point2}{seq6}\n"
	     "  amount_ceiling      元 above which no amount is plausible (10000000000)\n") },
	{ "report", cmd_report, N_("technology-market statistics of a month, quarter or year"),
	  N_("usage: tcreg report (--month YYYY-MM|--quarter YYYY-Qn|--year YYYY|--month last) [-O txt|csv|json|md|html|xlsx] [-o FILE] [--bom] [--encoding gb18030] [--point CODE]\n"
	     "   or: tcreg report --check [-O txt|json]\n"
	     "   or: tcreg report --rebuild\n"
	     "\n"
	     "  --month last        the month before today (for cron)\n"
	     "  -O FORMAT           txt (default), csv, json, md, html or xlsx (needs -o)\n"
	     "  -o FILE             write FILE atomically; the format follows its extension\n"
	     "  --bom               CSV with a UTF-8 byte-order mark, for Excel\n"
	     "  --encoding gb18030  CSV in GB18030, for Excel on Chinese Windows\n"
	     "  --point CODE        only the contracts filed at that registration point (default: all;\n"
	     "                      with several points, tables by point and by city)\n"
	     "  --check             sum the rollups again from the contracts; exit 1 on a difference\n"
	     "  --rebuild           sum the rollups anew (contracts changed outside tcreg)\n"
	     "\n"
	     "Example (crontab, the 1st of each month at 06:00):\n"
	     "  0 6 1 * * tcreg --db /srv/tcreg/registry.db report --month last -o /srv/reports/$(date +\\%Y-\\%m).html\n") },
	{ "award", cmd_award, N_("awards and subsidies under a policy, never paid twice"),
	  N_("usage: tcreg award --policy NAME|FILE --year YYYY [-O txt|csv|json|xlsx] [-o FILE] [--bom] [--encoding gb18030] [--facts FILE] [--commit | --point CODE]\n"
	     "   or: tcreg award --policy NAME|FILE --year YYYY --explain ID [--point CODE] [-O txt|json]\n"
	     "   or: tcreg award --history [--policy NAME] [-O txt|csv|json|xlsx] [-o FILE]\n"
	     "   or: tcreg award --compare POLICY POLICY... --year YYYY[..YYYY] [--budget AMOUNT] [-O txt|csv|json|html|xlsx] [-o FILE]\n"
	     "\n"
	     "  --policy NAME|FILE  a policy by name (see tcreg policy list) or a .yaml file\n"
	     "  --year YYYY         the year whose transactions are rewarded\n"
	     "  -O FORMAT           txt (default), csv, json or xlsx (needs -o)\n"
	     "  -o FILE             write FILE atomically; the format follows its extension\n"
	     "  --bom               CSV with a UTF-8 byte-order mark, for Excel\n"
	     "  --encoding gb18030  CSV in GB18030, for Excel on Chinese Windows\n"
	     "  --facts FILE        CSV of applicant figures tcreg does not hold (invoiced, vat_paid)\n"
	     "  --commit            record the run: the money it counted is never counted again\n"
	     "  --explain ID        every step for one contract (ID) or applicant (credit code or name)\n"
	     "  --point CODE        a preview of one registration point's contracts only (default:\n"
	     "                      the whole province; a round is committed province-wide)\n"
	     "  --history           the committed runs\n"
	     "  --compare           what each policy would pay, side by side; commits nothing\n"
	     "  --budget AMOUNT     with --compare: how a fixed budget would be shared\n"
	     "\n"
	     "Example:\n"
	     "  tcreg award --policy hlj-2017 --year 2025 --explain 2025230001000001\n") },
	{ "policy", cmd_policy, N_("check, list and show award policy files"),
	  N_("usage: tcreg policy check FILE...\n"
	     "   or: tcreg policy list [--json]\n"
	     "   or: tcreg policy show NAME|FILE\n"
	     "\n"
	     "  check               validate policy files; exit status 1 when any has errors\n"
	     "  list                the policies found: --policy-dir, ~/.config/tcreg/policies,\n"
	     "                      the installed ones\n"
	     "  show                a policy's name, source, dates and rules as JSON\n") },
	{ "operator", cmd_operator, N_("who may act on the registry, and as what"),
	  N_("usage: tcreg operator add LOGIN --name NAME --role ROLE [--role ROLE]... [--point CODE]...\n"
	     "   or: tcreg operator list [--json]\n"
	     "   or: tcreg operator disable LOGIN\n"
	     "   or: tcreg operator set-points LOGIN [--point CODE]...\n"
	     "\n"
	     "  ROLE                clerk (enters), certifier (decides), reviewer (expert review),\n"
	     "                      admin (settings, operators), auditor (audit verify, risks)\n"
	     "  --point CODE        the registration points they work at (repeatable; none:\n"
	     "                      province-wide); set-points replaces them\n"
	     "\n"
	     "Once a registry has an operator, who acts is the login running tcreg: --operator and\n"
	     "TCREG_OPERATOR are refused. The first operator is added by whoever ran init, and\n"
	     "becomes its first admin.\n") },
	{ "point", cmd_point, N_("registration points: the offices that file and number contracts"),
	  N_("usage: tcreg point add CODE --name NAME --region CODE4 [--area CODES] [--key-file FILE]\n"
	     "   or: tcreg point list [--json]\n"
	     "   or: tcreg point disable CODE\n"
	     "\n"
	     "  CODE                a point's 2-digit code when no other point has it, else its\n"
	     "                      region and code (6 digits, e.g. 230101)\n"
	     "  --area CODES        the regions it serves (default: the province of its region)\n"
	     "  --key-file FILE     the station's Ed25519 key (PEM, public or private): its exports\n"
	     "                      must be signed with it\n"
	     "\n"
	     "Point 1, the registry's own office, is set with 'tcreg init --agency-name --region --point'.\n") },
	{ "backup", cmd_backup, N_("an online copy of the registry, verified"),
	  N_("usage: tcreg backup FILE\n"
	     "\n"
	     "A consistent copy taken while clerks work, verified with the registry's key, then\n"
	     "renamed into place. The key (REGISTRY.key) is not in it: back the key up once, apart.\n"
	     "\n"
	     "Example (crontab, nightly, a week of copies):\n"
	     "  30 2 * * * tcreg -q backup /srv/backup/tcreg-$(date +\\%a).db\n") },
	{ "restore", cmd_restore, N_("put a verified backup back"),
	  N_("usage: tcreg restore FILE [--force]\n"
	     "\n"
	     "  --force             restore even when the registry holds audit records the backup lacks\n") },
	{ "export", cmd_export, N_("a station's work since its last export, as one file for the province"),
	  N_("usage: tcreg export [--since EXPORT_ID] [--key-file F] -o FILE\n"
	     "\n"
	     "  --since EXPORT_ID   start after that export (default: the last one; 0: from the start);\n"
	     "                      the exports after it are written again, as one\n"
	     "  --key-file F        sign with the station's Ed25519 private key (PEM)\n"
	     "  -o, --output FILE   the bundle to write (never an existing file)\n") },
	{ "merge", cmd_merge, N_("take a station's export into the provincial registry"),
	  N_("usage: tcreg merge FILE [--dry-run] [--json]\n"
	     "   or: tcreg merge --conflicts [--all] [--json]\n"
	     "   or: tcreg merge --resolve ID --revoke|--keep --note TEXT\n"
	     "\n"
	     "  --dry-run           check and count, change nothing\n"
	     "  --conflicts         contracts filed at two points (one registration only), open ones\n"
	     "                      unless --all\n"
	     "  --resolve ID        decide one: --revoke the later filing (V03), or --keep both\n") },
	{ "audit", cmd_audit, N_("check the audit trail"),
	  N_("usage: tcreg audit verify [--anchor HASH] [--json]\n"
	     "   or: tcreg audit risks [--year YYYY] [--point CODE] [-O txt|csv|json|html] [-o FILE]\n"
	     "\n"
	     "  verify              exit status 0 when the registry is as tcreg wrote it; 1 naming each record\n"
	     "                      or row changed, added or removed outside tcreg and each missing number\n"
	     "  --anchor HASH       also prove the trail up to a chain head printed earlier (report, certificate)\n"
	     "  risks               contracts worth a second look (split contracts, amounts bunched above a\n"
	     "                      threshold, circular trades, money round-tripped, ...); decides nothing\n") },
	{ "help", cmd_help, N_("show the manual page of a command"),
	  N_("usage: tcreg help [COMMAND]\n") },
	{ NULL, NULL, NULL, NULL },
};

const struct cli_command *
cli_command_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Width of a UTF-8 character at p (CJK: 2), and its length in bytes. */
static int
char_width(const char *p, size_t *len)
{
	unsigned char c = (unsigned char)*p;
	*len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	char one[8] = { 0 };
	memcpy(one, p, *len);
	return cli_width(one);
}

/* Print help text wrapped to $COLUMNS (80 by default) by display width,
 * breaking at spaces; a continued line is indented under its first word. */
void
cli_print_wrapped(FILE *f, const char *text)
{
	const char *cols = getenv("COLUMNS");
	int width = cols && atoi(cols) >= 40 ? atoi(cols) : 80;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		const char *p = text, *end = text + n;
		int indent = 0;
		while (p < end && *p == ' ')
			p++, indent++;
		bool first = true;
		p = text;
		while (p < end) {
			int w = first ? 0 : indent + 6;
			if (!first)
				fprintf(f, "%*s", indent + 6, "");
			const char *brk = NULL, *q = p;
			while (q < end) {
				size_t len;
				int cw = char_width(q, &len);
				if (w + cw > width && brk)
					break;
				if (*q == ' ' && q > p)
					brk = q;
				w += cw;
				q += len;
			}
			if (q >= end)
				brk = end;
			fwrite(p, 1, (size_t)(brk - p), f);
			fputc('\n', f);
			p = brk;
			while (p < end && *p == ' ')
				p++;
			first = false;
		}
		if (n == 0)
			fputc('\n', f);
		text = nl ? nl + 1 : end;
	}
}

void
cli_print_help(FILE *f, const struct cli_command *c)
{
	cli_print_wrapped(f, _(c->usage));
}

static void
main_usage(FILE *f)
{
	cli_print_wrapped(f, _("usage: tcreg [--db PATH] [--operator NAME] [--lang zh|en] [-q|-v] COMMAND [ARGS]\n"
			       "\n"
			       "Technology-contract registration (技术合同认定登记).\n"
			       "\n"
			       "Commands:\n"));
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		fputs("  ", f);
		cli_pad(f, c->name, 12);
		fprintf(f, "%s\n", _(c->summary));
	}
	cli_print_wrapped(f, _("\n"
		"Global options:\n"
		"  --db PATH           the registry (TCREG_DB)\n"
		"  --policy-dir DIR    award policies (TCREG_POLICY_DIR)\n"
		"  --operator NAME     who makes the changes (TCREG_OPERATOR)\n"
		"  --lang zh|en        language of messages (TCREG_LANG)\n"
		"  --no-input          never prompt\n"
		"  -q, --quiet         fewer messages\n"
		"  -v, --verbose       more messages\n"
		"  --version           print the version\n"
		"\n"
		"Run 'tcreg COMMAND --help' for a command's options, 'tcreg help COMMAND' for its manual.\n"));
}

static char *
default_db(void)
{
	if (cli_privileged()) /* the shared deployment */
		return cli_shared_default_db();
	const char *x = cli_getenv("XDG_DATA_HOME");
	const char *home = cli_getenv("HOME");
	char *p = NULL;
	if (x && *x) {
		if (asprintf(&p, "%s/tcreg/registry.db", x) < 0)
			p = NULL;
	} else if (home && *home) {
		if (asprintf(&p, "%s/.local/share/tcreg/registry.db", home) < 0)
			p = NULL;
	}
	return p ? p : strdup("registry.db");
}

static char *
default_operator(void)
{
	const char *e = cli_getenv("TCREG_OPERATOR");
	if (e && *e)
		return strdup(e);
	struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return strdup(pw->pw_name);
	const char *u = getenv("USER");
	return strdup(u && *u ? u : "unknown");
}

/* The catalogues: TCREG_LOCALEDIR, else next to an uninstalled binary
 * (build/cmd/tcreg -> build/locale), else where they are installed. */
static const char *
locale_dir(char *buf, size_t n)
{
	const char *dir = cli_getenv("TCREG_LOCALEDIR");
	if (dir && *dir)
		return dir;
	ssize_t k = readlink("/proc/self/exe", buf, n - 32);
	if (k > 0) {
		buf[k] = '\0';
		char *slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash, "/../locale/zh_CN/LC_MESSAGES/tcreg.mo");
			if (access(buf, R_OK) == 0) {
				strcpy(slash, "/../locale");
				return buf;
			}
		}
	}
	return TCREG_LOCALEDIR;
}

/* Messages: --lang, then TCREG_LANG, then the environment (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG).  gettext ignores LANGUAGE in the C locale and a zh_CN
 * locale is often not installed, so a UTF-8 locale is set when none is and
 * Chinese is asked for through LANGUAGE. */
/* zh, zh_CN, zh-CN (any region or encoding after it), en, en_US, en-GB... */
static bool
known_language(const char *lang)
{
	for (int i = 0; i < 2; i++) {
		const char *l = i ? "en" : "zh";
		if (strncmp(lang, l, 2) == 0 && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-' || lang[2] == '.'))
			return true;
	}
	return false;
}

static void
setup_language(const char *lang)
{
	if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
	if (!lang || !*lang)
		lang = getenv("TCREG_LANG");
	if (!lang || !*lang) {
		static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
		for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && (!lang || !*lang); i++)
			lang = getenv(vars[i]);
		if (lang && strncmp(lang, "zh", 2) != 0)
			lang = NULL; /* other languages: gettext decides as usual */
	}
	if (lang && *lang) {
		if (strncmp(lang, "zh", 2) == 0)
			setenv("LANGUAGE", "zh_CN", 1);
		else
			setenv("LANGUAGE", "en", 1);
	}
	char buf[4096];
	bindtextdomain("tcreg", locale_dir(buf, sizeof(buf)));
	bind_textdomain_codeset("tcreg", "UTF-8");
	textdomain("tcreg");
}

static void
free_ctx(struct cli_ctx *ctx)
{
	tcreg_registry_close(ctx->reg);
	free(ctx->db_path);
	free(ctx->policy_dir);
	free(ctx->operator_name);
	free(ctx->data_dir);
	free(ctx->now);
}

static char *
env_dup(const char *name)
{
	const char *v = cli_getenv(name);
	return v && *v ? strdup(v) : NULL;
}

/* The nearest command name, for "did you mean". */
static const char *
nearest(const char *s)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		size_t n = strlen(s), m = strlen(c->name);
		size_t d[32][32];
		if (n >= 31 || m >= 31)
			continue;
		for (size_t i = 0; i <= n; i++)
			d[i][0] = i;
		for (size_t j = 0; j <= m; j++)
			d[0][j] = j;
		for (size_t i = 1; i <= n; i++)
			for (size_t j = 1; j <= m; j++) {
				size_t a = d[i - 1][j] + 1, b = d[i][j - 1] + 1,
				       cst = d[i - 1][j - 1] + (s[i - 1] != c->name[j - 1]);
				d[i][j] = a < b ? (a < cst ? a : cst) : (b < cst ? b : cst);
			}
		if (d[n][m] < best_d || (strncmp(s, c->name, n) == 0 && n >= 2)) {
			best_d = d[n][m];
			best = c->name;
		}
	}
	return best;
}

int
main(int argc, char **argv)
{
	/* A round over a million contracts allocates and frees arrays of a
	 * hundred megabytes, policy after policy; glibc would map each afresh
	 * and fault in every page again.  The process is short-lived or (the
	 * terminal) small, so keeping freed memory for reuse costs nothing. */
	mallopt(M_MMAP_THRESHOLD, 1 << 30);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	/* the language first, so that every message below is in it: the
	 * global options before the subcommand, stepping over their values
	 * (--operator NAME --lang en) */
	const char *lang = NULL;
	static const char *const valued[] = { "--db", "--policy-dir", "--operator", "--lang" };
	for (int i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
		for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
			if (strcmp(argv[i], valued[k]) == 0 && i + 1 < argc) {
				if (k == 3)
					lang = argv[i + 1];
				i++;
				break;
			}
	}
	setup_language(lang);

	struct cli_ctx ctx = { 0 };
	ctx.db_path = env_dup("TCREG_DB");
	ctx.db_given = ctx.db_path != NULL;
	ctx.policy_dir = env_dup("TCREG_POLICY_DIR");
	ctx.data_dir = env_dup("TCREG_DATA_DIR");
	ctx.now = env_dup("TCREG_NOW");
	ctx.operator_name = default_operator();

	enum { O_DB = 256, O_POLICY, O_OPERATOR, O_LANG, O_NOINPUT, O_VERSION, O_HELP };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "policy-dir", required_argument, NULL, O_POLICY },
		{ "operator", required_argument, NULL, O_OPERATOR },
		{ "lang", required_argument, NULL, O_LANG },
		{ "no-input", no_argument, NULL, O_NOINPUT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, O_VERSION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	int c, code = 0;
	while ((c = cli_getopt(&ctx, argc, argv, "+qvh", opts)) != -1) {
		switch (c) {
		case O_DB:
			free(ctx.db_path);
			ctx.db_path = strdup(optarg);
			ctx.db_given = true;
			break;
		case O_POLICY:
			free(ctx.policy_dir);
			ctx.policy_dir = strdup(optarg);
			break;
		case O_OPERATOR:
			free(ctx.operator_name);
			ctx.operator_name = strdup(optarg);
			break;
		case O_LANG:
			if (!known_language(optarg)) {
				code = cli_usage_error(&ctx, _("--lang takes zh or en (zh_CN, zh-CN, en_US too), not '%s'"),
						       optarg);
				goto out;
			}
			break;
		case O_NOINPUT:
			ctx.no_input = true;
			break;
		case 'q':
			ctx.verbosity = -1;
			break;
		case 'v':
			ctx.verbosity = 1;
			break;
		case O_VERSION:
			printf("tcreg %s\n", TCREG_VERSION);
			code = cli_finish_stdout(&ctx, 0);
			goto out;
		case 'h':
			main_usage(stdout);
			code = cli_finish_stdout(&ctx, 0);
			goto out;
		default:
			code = EXIT_USAGE;
			goto out;
		}
	}
	if (optind >= argc) {
		main_usage(stderr);
		code = EXIT_USAGE;
		goto out;
	}
	if (!ctx.db_path)
		ctx.db_path = default_db();
	if ((code = cli_shared_guard(&ctx)) != 0)
		goto out;
	const char *name = argv[optind];
	const struct cli_command *cmd = cli_command_find(name);
	if (!cmd) {
		const char *near = nearest(name);
		if (near)
			code = cli_usage_error(&ctx, _("'%s' is not a tcreg command; did you mean '%s'?"),
					       name, near);
		else
			code = cli_usage_error(&ctx, _("'%s' is not a tcreg command"), name);
		goto out;
	}
	ctx.cmd = cmd->name;
	for (int i = optind + 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cli_print_help(stdout, cmd);
			code = cli_finish_stdout(&ctx, 0);
			goto out;
		}
	}
	/* -q and -v are global, but people write them after the command too
	 * ("tcreg report --month last -o r.html -q" in a crontab) */
	int w = optind + 1;
	for (int i = optind + 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[w++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			ctx.verbosity = -1;
		else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			ctx.verbosity = 1;
		else
			argv[w++] = argv[i];
	}
	argc = w;
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	optind = 0; /* glibc: reinitialise for the command's own options */
	code = cmd->fn(&ctx, sub_argc, sub_argv);
	code = cli_finish_stdout(&ctx, code);
out:
	free_ctx(&ctx);
	return code;
}
