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

/* The commands in the order tcreg --help lists them; each is described
 * (options, help) in its own cmd-*.c. */
const struct cli_command *const cli_commands[] = {
	&cli_cmd_init,  &cli_cmd_register, &cli_cmd_show,   &cli_cmd_search,  &cli_cmd_list,     &cli_cmd_certify,
	&cli_cmd_config, &cli_cmd_report,  &cli_cmd_award,  &cli_cmd_policy,  &cli_cmd_operator, &cli_cmd_point,
	&cli_cmd_backup, &cli_cmd_restore, &cli_cmd_export, &cli_cmd_merge,   &cli_cmd_audit,    &cli_cmd_help,
	NULL,
};

const struct cli_command *
cli_command_find(const char *name)
{
	for (const struct cli_command *const *c = cli_commands; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
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

static void
main_usage(FILE *f)
{
	cli_print_wrapped(f, _("usage: tcreg [--db PATH] [--operator NAME] [--lang zh|en] [-q|-v] COMMAND [ARGS]\n"
			       "\n"
			       "Technology-contract registration (技术合同认定登记).\n"
			       "\n"
			       "Commands:\n"));
	for (const struct cli_command *const *c = cli_commands; *c; c++) {
		fputs("  ", f);
		cli_pad(f, (*c)->name, 12);
		fprintf(f, "%s\n", _((*c)->summary));
	}
	cli_print_wrapped(f, _("\nGlobal options:\n"));
	cli_print_global_options(f);
	cli_print_wrapped(f, _("\nRun 'tcreg COMMAND --help' for a command's options, 'tcreg help COMMAND' for its manual.\n"));
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
	for (const struct cli_command *const *k = cli_commands; *k; k++) {
		const struct cli_command *c = *k;
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

/* The global options into the context; 0, or the exit code of a usage
 * error (said in the language just set up). */
static int
apply_globals(struct cli_ctx *ctx, const struct cli_globals *g)
{
	if (*g->bad && g->bad_missing)
		return cli_usage_error(ctx, _("option '%.*s' needs an argument"), (int)strlen(g->bad), g->bad);
	if (*g->bad)
		return cli_usage_error(ctx, _("unknown option '%.*s'"), (int)strlen(g->bad), g->bad);
	if (g->lang && !known_language(g->lang))
		return cli_usage_error(ctx, _("--lang takes zh or en (zh_CN, zh-CN, en_US too), not '%s'"), g->lang);
	const char *const *from[] = { &g->db, &g->policy_dir, &g->operator_name };
	char **to[] = { &ctx->db_path, &ctx->policy_dir, &ctx->operator_name };
	for (size_t i = 0; i < 3; i++)
		if (*from[i]) {
			free(*to[i]);
			*to[i] = strdup(*from[i]);
		}
	ctx->db_given = ctx->db_given || g->db;
	ctx->no_input = ctx->no_input || g->no_input;
	if (g->verbosity)
		ctx->verbosity = g->verbosity;
	return 0;
}

static void
init_ctx(struct cli_ctx *ctx)
{
	ctx->db_path = env_dup("TCREG_DB");
	ctx->db_given = ctx->db_path != NULL;
	ctx->policy_dir = env_dup("TCREG_POLICY_DIR");
	ctx->data_dir = env_dup("TCREG_DATA_DIR");
	ctx->now = env_dup("TCREG_NOW");
	ctx->operator_name = default_operator();
}

static int
unknown_command(struct cli_ctx *ctx, const char *name)
{
	const char *near = nearest(name);
	if (near)
		return cli_usage_error(ctx, _("'%s' is not a tcreg command; did you mean '%s'?"), name, near);
	return cli_usage_error(ctx, _("'%s' is not a tcreg command"), name);
}

/* --version, --help (of tcreg, or of the command): printed, exit code; else -1. */
static int
print_asked(struct cli_ctx *ctx, const struct cli_globals *g, const struct cli_command *cmd)
{
	if (g->version)
		printf("tcreg %s\n", TCREG_VERSION);
	else if (g->help && cmd)
		cli_print_help(stdout, cmd);
	else if (g->help)
		main_usage(stdout);
	else
		return -1;
	return cli_finish_stdout(ctx, 0);
}

/* The global options stand before the command or after it, anywhere: they
 * are taken out before and after (where the command's own options keep
 * their values: --note -v), then the language is set from them, before any
 * message; then the command runs on the rest. */
static int
run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_globals g = { 0 };
	int at = cli_take_globals(argc, argv, NULL, &g);
	const struct cli_command *cmd = NULL;
	int sub_argc = 0;
	if (at >= 0 && !*g.bad && !g.help && !g.version && at < argc && (cmd = cli_command_find(argv[at])))
		sub_argc = cli_take_globals(argc - at, argv + at, cmd, &g);
	if (at < 0 || sub_argc < 0)
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	setup_language(g.lang);
	if (cmd && *g.bad)
		ctx->cmd = cmd->name; /* a global option after the command */
	int code = apply_globals(ctx, &g);
	if (code)
		return code;
	if ((code = print_asked(ctx, &g, *g.bad ? NULL : cmd)) >= 0)
		return code;
	if (at >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (!ctx->db_path)
		ctx->db_path = default_db();
	if ((code = cli_shared_guard(ctx)) != 0)
		return code;
	if (!cmd)
		return unknown_command(ctx, argv[at]);
	ctx->cmd = cmd->name;
	optind = 0; /* glibc: reinitialise for the command's own options */
	return cli_finish_stdout(ctx, cmd->fn(ctx, sub_argc, argv + at));
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
	struct cli_ctx ctx = { 0 };
	init_ctx(&ctx);
	int code = run(&ctx, argc, argv);
	free_ctx(&ctx);
	return code;
}
