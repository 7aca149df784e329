/* SPDX-License-Identifier: MIT
 * cli-opts.c - the option tables at work: getopt's tables built from a
 * command's rows, the global options taken out wherever they stand, --help's
 * option lines and the machine listing (tcreg help --options).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { G_DB = 0x1000, G_POLICY, G_OPERATOR, G_LANG, G_NOINPUT, G_QUIET, G_VERBOSE, G_VERSION, G_HELP };

static const struct cli_option global_rows[] = {
	{ .name = "db", .arg = N_("PATH"), .id = G_DB, .help = N_("the registry (TCREG_DB)") },
	{ .name = "policy-dir", .arg = N_("DIR"), .id = G_POLICY,
	  .help = N_("award policies (TCREG_POLICY_DIR)") },
	{ .name = "operator", .arg = N_("NAME"), .id = G_OPERATOR,
	  .help = N_("who makes the changes (TCREG_OPERATOR)") },
	{ .name = "lang", .arg = N_("zh|en"), .id = G_LANG, .help = N_("language of messages (TCREG_LANG)") },
	{ .name = "no-input", .id = G_NOINPUT, .help = N_("never prompt") },
	{ .name = "quiet", .letter = 'q', .id = G_QUIET, .help = N_("fewer messages") },
	{ .name = "verbose", .letter = 'v', .id = G_VERBOSE, .help = N_("more messages") },
	{ .name = "version", .id = G_VERSION, .help = N_("print the version") },
	{ .name = "help", .letter = 'h', .id = G_HELP },
	{ 0 },
};

const char *
cli_msg(const char *msgid)
{
	const char *t = gettext(msgid);
	const char *eot = strchr(t, '\004'); /* untranslated: the context is still in front */
	return eot ? eot + 1 : t;
}

/* Not yet the table's closing empty row (a NULL table has none). */
static bool
more(const struct cli_option *r)
{
	return r && (r->name || r->letter || r->arg);
}

static bool
is_option(const struct cli_option *r)
{
	return r->name || r->letter;
}

/* The rows of sub (NULL: the command's own; "*": every subcommand's); a
 * row's sub may name several, separated by spaces. */
static bool
in_sub(const struct cli_option *r, const char *sub)
{
	if (!r->sub || (sub && strcmp(sub, "*") == 0))
		return true;
	size_t n = sub ? strlen(sub) : 0;
	for (const char *p = r->sub; sub && (p = strstr(p, sub)); p += n)
		if ((p == r->sub || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

#define MAX_ROWS 64
#define LONG_BASE 0x10000 /* getopt's value of a long option: LONG_BASE + its row */
struct table {
	struct option longs[MAX_ROWS + 1];
	const struct cli_option *rows[MAX_ROWS];
	char shorts[3 * MAX_ROWS + 3];
	size_t n, nlong;
};

static void
add_rows(struct table *t, const struct cli_option *rows, const char *sub)
{
	for (const struct cli_option *r = rows; more(r); r++) {
		if (!is_option(r) || !in_sub(r, sub))
			continue;
		if (t->n >= MAX_ROWS) { /* a table written too long: never dropped silently */
			fprintf(stderr, "tcreg: more than %d options in one table\n", MAX_ROWS);
			abort();
		}
		int has = r->arg ? required_argument : no_argument;
		if (r->name)
			t->longs[t->nlong++] = (struct option){ r->name, has, NULL, LONG_BASE + (int)t->n };
		if (r->letter) {
			size_t k = strlen(t->shorts);
			t->shorts[k++] = (char)r->letter;
			if (r->arg)
				t->shorts[k++] = ':';
			t->shorts[k] = '\0';
		}
		t->rows[t->n++] = r;
	}
}

/* getopt's tables: mode is the first character of the short options ("+",
 * "-" or ""), followed by ':' so that a missing argument is told apart. */
static void
build(struct table *t, const char *mode, const struct cli_option *a, const char *sub,
      const struct cli_option *b)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->shorts, sizeof(t->shorts), "%s:", mode);
	add_rows(t, a, sub);
	add_rows(t, b, "*");
}

/* The row behind what getopt returned (a long option's value, a letter). */
static const struct cli_option *
row_of(const struct table *t, int c)
{
	if (c >= LONG_BASE && (size_t)(c - LONG_BASE) < t->n)
		return t->rows[c - LONG_BASE];
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i]->letter && t->rows[i]->letter == c)
			return t->rows[i];
	return NULL;
}

/* An unknown option or a missing argument (c is ':'), said our way. */
static void
option_error(struct cli_ctx *ctx, int argc, char **argv, int c)
{
	/* getopt has moved past the offending argument */
	const char *arg = argv[optind > 0 && optind <= argc ? optind - 1 : 0];
	if (optopt && optopt < 256 && c == ':')
		cli_usage_error(ctx, _("option '-%c' needs an argument"), optopt);
	else if (optopt && optopt < 256)
		cli_usage_error(ctx, _("unknown option '-%c'"), optopt);
	else if (arg && strncmp(arg, "--", 2) == 0) {
		const char *eq = strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		if (c == ':')
			cli_usage_error(ctx, _("option '%.*s' needs an argument"), (int)n, arg);
		else
			cli_usage_error(ctx, _("unknown option '%.*s'"), (int)n, arg);
	} else
		cli_usage_error(ctx, _("unknown option '%s'"), arg ? arg : "?");
}

int
cli_getopt_sub(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd, const char *sub)
{
	struct table t;
	build(&t, cmd->ordered ? "+" : "", cmd->options, sub, NULL);
	opterr = 0;
	int c = getopt_long(argc, argv, t.shorts, t.longs, NULL);
	if (c == -1)
		return -1;
	const struct cli_option *r = c == '?' || c == ':' ? NULL : row_of(&t, c);
	if (!r) {
		option_error(ctx, argc, argv, c);
		return '?';
	}
	return r->id;
}

int
cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd)
{
	return cli_getopt_sub(ctx, argc, argv, cmd, NULL);
}

int
cli_flag_only(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd, const char *sub,
	      const char *usage)
{
	int c, flag = 0;
	optind = 0;
	while ((c = cli_getopt_sub(ctx, argc, argv, cmd, sub)) != -1)
		if (c == '?')
			return -1;
		else
			flag = 1;
	if (optind != argc) {
		cli_usage_error(ctx, "%s", usage);
		return -1;
	}
	return flag;
}

/* One global option's effect; false: it ends the scan (--help, --version). */
static bool
apply_global(struct cli_globals *g, int id, const char *arg)
{
	switch (id) {
	case G_DB: g->db = arg; break;
	case G_POLICY: g->policy_dir = arg; break;
	case G_OPERATOR: g->operator_name = arg; break;
	case G_LANG: g->lang = arg; break;
	case G_NOINPUT: g->no_input = true; break;
	case G_QUIET: g->verbosity = -1; break;
	case G_VERBOSE: g->verbosity = 1; break;
	case G_VERSION: g->version = true; return false;
	case G_HELP: g->help = true; return false;
	}
	return true;
}

static bool
is_global(const struct cli_option *r)
{
	return r && r->id >= G_DB && r->id <= G_HELP;
}

/* A wrong global option before the command (where every option is one),
 * or a global one missing its argument after it. */
static void
note_bad(struct cli_globals *g, int argc, char **argv, int c)
{
	const char *arg = argv[optind > 0 && optind <= argc ? optind - 1 : 0];
	g->bad_missing = c == ':';
	if (optopt && optopt < 256)
		snprintf(g->bad, sizeof(g->bad), "-%c", optopt);
	else
		snprintf(g->bad, sizeof(g->bad), "%.*s", (int)strcspn(arg, "="), arg);
}

/* getopt found arg ambiguous ("--no": --note or --no-input?); the command
 * decides, so when its own options read it as one that takes a value, the
 * next word is that value, not an option. */
static bool
own_value(const struct table *t, const char *arg)
{
	if (strncmp(arg, "--", 2) != 0 || strchr(arg, '='))
		return false;
	size_t n = strlen(arg + 2), hits = 0;
	bool has = false;
	for (size_t i = 0; i < t->n; i++) {
		const struct cli_option *r = t->rows[i];
		if (is_global(r) || !r->name || strncmp(r->name, arg + 2, n) != 0)
			continue;
		if (strlen(r->name) == n)
			return r->arg != NULL;
		hits++;
		has = r->arg != NULL;
	}
	return hits == 1 && has;
}

int
cli_take_globals(int argc, char **argv, const struct cli_command *cmd, struct cli_globals *g)
{
	struct table t;
	/* before the command: stop at its name; after it: words in order */
	build(&t, cmd ? "-" : "+", cmd ? cmd->options : NULL, "*", global_rows);
	char *mark = calloc((size_t)argc + 1, 1); /* 'g' a global's, 'k' kept */
	if (!mark)
		return -1;
	opterr = 0;
	optind = 0;
	int c, at = 1;
	while ((c = getopt_long(argc, argv, t.shorts, t.longs, NULL)) != -1) {
		int end = optind > at ? optind : at + 1; /* a cluster ends when optind moves */
		const struct cli_option *r = row_of(&t, c == ':' ? optopt : c);
		bool global = c != '?' && is_global(r);
		if ((c == '?' || c == ':') && (!cmd || global)) {
			note_bad(g, argc, argv, c);
			break;
		}
		for (int i = at; i < end && i < argc; i++)
			mark[i] = mark[i] == 'k' || !global ? 'k' : 'g';
		if (c == '?' && optind > at && optind < argc && own_value(&t, argv[at]))
			mark[optind++] = 'k';
		if (optind > at)
			at = optind;
		if (global && c != ':' && !apply_global(g, r->id, optarg))
			break;
	}
	int w = 1;
	if (cmd) { /* keep the command's words, "--" and what follows it */
		for (int i = 1; i < argc; i++)
			if (mark[i] != 'g')
				argv[w++] = argv[i];
		argv[w] = NULL;
	}
	int first = optind;
	free(mark);
	optind = 0;
	return cmd ? w : first;
}

/* "-o, --output FILE" as --help shows it. */
static void
label(char *buf, size_t n, const struct cli_option *r)
{
	size_t k = strlen(buf);
	if (!is_option(r)) {
		snprintf(buf + k, n - k, "%s", cli_msg(r->arg));
		return;
	}
	bool long_shown = r->name && !(r->flags & CLI_HELP_SHORT);
	if (r->letter)
		k += (size_t)snprintf(buf + k, n - k, "-%c%s", r->letter, long_shown ? ", " : "");
	if (long_shown && k < n)
		k += (size_t)snprintf(buf + k, n - k, "--%s", r->name);
	if (r->arg && !(r->flags & CLI_HELP_NOARG) && k < n)
		snprintf(buf + k, n - k, " %s", cli_msg(r->arg));
}

/* The option lines of --help: the label padded to column 22 (two spaces
 * after a longer one, the text on the next line after a very long one), the
 * text's further lines indented under its first. */
static void
print_rows(FILE *f, const struct cli_option *rows)
{
	char lab[256] = "";
	for (const struct cli_option *r = rows; more(r); r++) {
		if (!r->help && !(r->flags & CLI_JOIN))
			continue;
		label(lab, sizeof(lab), r);
		if (r->flags & CLI_JOIN) {
			strncat(lab, ", ", sizeof(lab) - strlen(lab) - 1);
			continue;
		}
		int w = cli_width(lab);
		fprintf(f, "  %s", lab);
		if (w < 20)
			fprintf(f, "%*s", 20 - w, "");
		else if (w <= 24)
			fputs("  ", f);
		else
			fprintf(f, "\n%22s", "");
		for (const char *p = cli_msg(r->help); *p; p++) {
			fputc(*p, f);
			if (*p == '\n')
				fprintf(f, "%22s", "");
		}
		fputc('\n', f);
		lab[0] = '\0';
	}
}

static bool
has_help_rows(const struct cli_option *rows)
{
	for (const struct cli_option *r = rows; more(r); r++)
		if (r->help)
			return true;
	return false;
}

void
cli_print_help(FILE *f, const struct cli_command *c)
{
	/* assembled first, then wrapped to the terminal as one text */
	char *text = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	if (!m)
		return;
	fputs(cli_msg(c->synopsis), m);
	if (has_help_rows(c->options)) {
		fputc('\n', m);
		print_rows(m, c->options);
	}
	if (c->epilogue)
		fprintf(m, "\n%s", cli_msg(c->epilogue));
	fclose(m);
	cli_print_wrapped(f, text);
	free(text);
}

void
cli_print_global_options(FILE *f)
{
	char *text = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	if (!m)
		return;
	print_rows(m, global_rows);
	fclose(m);
	cli_print_wrapped(f, text);
	free(text);
}

/* One line a row and subcommand: "point add<TAB>--name<TAB><TAB>NAME". */
static void
list_row(FILE *f, const char *cmd, const char *sub, int sub_len, const struct cli_option *r)
{
	fprintf(f, "%s%s%.*s\t", cmd, sub_len ? " " : "", sub_len, sub);
	fprintf(f, "%s%s\t", r->name ? "--" : "", r->name ? r->name : "");
	if (r->letter)
		fprintf(f, "-%c", r->letter);
	const char *arg = r->arg ? strchr(r->arg, '\004') : NULL;
	fprintf(f, "\t%s\n", arg ? arg + 1 : r->arg ? r->arg : "");
}

static void
list_rows(FILE *f, const char *cmd, const struct cli_option *rows)
{
	for (const struct cli_option *r = rows; more(r); r++) {
		if (!is_option(r))
			continue;
		if (!r->sub)
			list_row(f, cmd, "", 0, r);
		for (const char *s = r->sub; s && *s; s += strspn(s, " ")) {
			int n = (int)strcspn(s, " ");
			list_row(f, cmd, s, n, r);
			s += n;
		}
	}
}

void
cli_print_option_list(FILE *f)
{
	list_rows(f, "tcreg", global_rows);
	for (const struct cli_command *const *c = cli_commands; *c; c++)
		list_rows(f, (*c)->name, (*c)->options);
}
