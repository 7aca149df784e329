/* SPDX-License-Identifier: MIT
 * cli.h - what the tcreg subcommands share: the context built from the
 * global options, message helpers, and the status-to-exit-code mapping.
 */
#ifndef TCREG_CLI_H
#define TCREG_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>

#include "tcreg/tcreg.h"

#define _(s) gettext(s)
#define N_(s) (s)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Exit codes (sysexits), the stable contract. */
enum {
	EXIT_OK = 0,
	EXIT_NO = 1,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_SOFTWARE = 70,
	EXIT_CANTCREAT = 73,
	EXIT_IOERR = 74,
	EXIT_TEMPFAIL = 75,
	EXIT_NOPERM = 77,
	EXIT_CONFIG = 78,
};

struct cli_ctx {
	const char *cmd;        /* the subcommand's name, for message prefixes */
	char *db_path;
	bool db_given;          /* by --db or TCREG_DB: only init creates a registry there */
	char *policy_dir;
	char *operator_name;
	char *data_dir;
	char *now;              /* TCREG_NOW */
	int verbosity;          /* -1 quiet, 0 normal, 1 verbose */
	bool no_input;
	tcreg_registry *reg;
};

/* A translatable text with a context (msgctxt), for the few arguments that
 * read differently in one command (FILE is 文件 in point, FILE elsewhere):
 * cli_msg() translates it and drops the context. */
#define NC_(c, s) (c "\004" s)

/* One row of a command's option table: an option (a long name, a letter or
 * both), or, with neither, a row of --help only whose label is arg (ID,
 * "(no file)", a subcommand).  getopt's tables, --help's option lines,
 * `tcreg help --options`, the completion and man checks all come from it. */
struct cli_option {
	const char *name;  /* long name without "--", or NULL */
	int letter;        /* short option, or 0 */
	const char *arg;   /* msgid: the argument's name; NULL: takes none */
	int id;            /* what cli_getopt returns for it */
	const char *help;  /* msgid: --help's text, lines after the first continued
			      under it; NULL: not in --help */
	const char *sub;   /* the subcommand it belongs to (point add); NULL: all */
	unsigned flags;
};
enum {
	CLI_JOIN = 1,       /* --help joins its label with the next row's, one text */
	CLI_HELP_SHORT = 2, /* --help names the letter only (-o FILE) */
	CLI_HELP_NOARG = 4, /* --help leaves the argument out */
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli_ctx *ctx, int argc, char **argv);
	const char *summary;  /* msgid */
	const char *synopsis; /* msgid: the usage lines */
	const struct cli_option *options; /* ends with an empty row; NULL: none */
	const char *epilogue; /* msgid: examples and notes after the options, or NULL */
	bool ordered;         /* its options stop at the first word (policy --json list) */
};
extern const struct cli_command *const cli_commands[];
extern const struct cli_command cli_cmd_init, cli_cmd_register, cli_cmd_show, cli_cmd_search, cli_cmd_list,
	cli_cmd_certify, cli_cmd_config, cli_cmd_report, cli_cmd_award, cli_cmd_policy, cli_cmd_operator,
	cli_cmd_point, cli_cmd_backup, cli_cmd_restore, cli_cmd_export, cli_cmd_merge, cli_cmd_audit,
	cli_cmd_help;

/* A msgid of the tables translated (its context, if any, dropped). */
const char *cli_msg(const char *msgid);

/* "tcreg <cmd>: error: ..." on stderr; returns code. */
int cli_error(struct cli_ctx *ctx, int code, const char *fmt, ...) CLI_PRINTF(3, 4);
void cli_warn(struct cli_ctx *ctx, const char *fmt, ...) CLI_PRINTF(2, 3);
/* A note on stderr unless quiet. */
void cli_note(struct cli_ctx *ctx, const char *fmt, ...) CLI_PRINTF(2, 3);
/* A usage error: the message, then where to find help; returns 64. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...) CLI_PRINTF(2, 3);
int cli_exit_code(tcreg_status st);
/* Report a library failure (with the registry's detail when there is one). */
int cli_fail(struct cli_ctx *ctx, tcreg_status st, const char *detail);

/* Open the registry (creating it when create is set: the default registry
 * on first use, or by init); on failure prints and returns the exit code,
 * else 0. */
int cli_open(struct cli_ctx *ctx, bool create, bool readonly);

/* Resolve a contract ID (registration number, internal id or contract
 * number); prints why not and returns the exit code, else 0. */
int cli_find_contract(struct cli_ctx *ctx, const char *text, int64_t *id);
/* --point P of list, search, certify --queue, report: what is read is the
 * contracts filed at P (NULL: the acting operator's points); exit code. */
int cli_set_view(struct cli_ctx *ctx, const char *point);

/* getopt_long over cmd's rows (those of subcommand sub, and those of every
 * subcommand; sub NULL: the command's own): returns the row's id, -1 at the
 * end, or '?' after printing the usage error (an unknown option, a missing
 * argument).  Reset optind to 0 before the first call. */
int cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd);
int cli_getopt_sub(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd,
		   const char *sub);

/* A subcommand whose one option is a flag (point list --json): 1 given, 0
 * not, -1 after a usage error (said; usage when words are left). */
int cli_flag_only(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd, const char *sub,
		  const char *usage);

/* A "list [--json]" subcommand over a tree the library gives (points,
 * operators): the array as indented JSON, else each element by row, or the
 * empty message; exit code. */
struct json_t;
int cli_list_tree(struct cli_ctx *ctx, int argc, char **argv, const struct cli_command *cmd, const char *usage,
		  tcreg_status (*get)(tcreg_registry *, struct json_t **), void (*row)(const struct json_t *),
		  const char *empty);

/* The global options (--db, --lang, -q ...), wherever they stand. */
struct cli_globals {
	const char *db, *policy_dir, *operator_name, *lang;
	bool no_input, help, version;
	int verbosity;     /* -1 quiet, 1 verbose, 0 not given */
	char bad[128];     /* the option that was wrong, or "" */
	bool bad_missing;  /* it needs an argument (else: unknown) */
};
/* Take the global options out of argv: before the command (cmd NULL), up to
 * the first word, whose index is returned; or after it (argv[0] the
 * command), where the command's rows say which words are its options'
 * values: the rest is kept in order and the new argc returned. */
int cli_take_globals(int argc, char **argv, const struct cli_command *cmd, struct cli_globals *g);
/* (-1: out of memory) */
/* The global options' lines of tcreg --help. */
void cli_print_global_options(FILE *f);
/* "command<TAB>--long<TAB>-s<TAB>ARG" for every option of every table. */
void cli_print_option_list(FILE *f);

/* Print diagnostics as "file:line: column: reason (value)", identical ones
 * grouped. */
void cli_print_diags(struct cli_ctx *ctx, const char *file, const tcreg_diags *d);
/* The same for a workbook's sheet (NULL: a text file): the place is
 * "file:Sheet1!F7", or "file:Sheet1!7:7" for a whole row, as Excel writes
 * references. */
void cli_print_sheet_diags(struct cli_ctx *ctx, const char *file, const char *sheet,
			   const tcreg_diags *d);
/* "Sheet1!F7" (quoted as Excel quotes sheet names), or "Sheet1!7:7" when
 * col is 0, into buf. */
char *cli_cell_ref(const char *sheet, long line, long col, char *buf, size_t n);
/* What every printer of diagnostics says after the place and severity:
 * "column: message (value)", the value's control characters shown as '?'. */
void cli_diag_body(FILE *f, const struct tcreg_diag *x);
/* The message of a diagnostic, formatted (translated when translate). */
char *cli_diag_message(const struct tcreg_diag *x, bool translate);

/* Display width of UTF-8 text (CJK characters are two columns). */
int cli_width(const char *s);
/* Print s padded with spaces to width columns. */
void cli_pad(FILE *f, const char *s, int width);
/* Format fen as "1,234.56" (元) into buf. */
char *cli_yuan(long long fen, char *buf, size_t n);

/* One CSV value, quoted when it holds a comma, quote or line break (NULL
 * writes nothing).  Records end in "\r\n", as Excel writes them. */
void cli_csv_value(FILE *f, const char *v);
/* Text into HTML: & < > " escaped. */
void cli_html_escape(FILE *f, const char *t);

/* The output format a file name asks for by its extension (txt, csv, json,
 * md, html), or NULL. */
const char *cli_format_of(const char *path);

/* An output file written atomically (or stdout when path is NULL). */
struct cli_out {
	FILE *f;
	const char *path;
	char *tmp;
};
int cli_out_open(struct cli_ctx *ctx, const char *path, struct cli_out *o);
/* ok: everything was written; renames into place or removes.  Exit code. */
int cli_out_close(struct cli_ctx *ctx, struct cli_out *o, bool ok);
/* The same for a library that writes a file by name: o->tmp is the name to
 * give it; commit renames it over the path when ok, else removes it. */
int cli_out_open_named(struct cli_ctx *ctx, const char *path, struct cli_out *o);
int cli_out_commit_named(struct cli_ctx *ctx, struct cli_out *o, bool ok);

/* data to stdout (path NULL) or to path, atomically; returns an exit code. */
int cli_write_out(struct cli_ctx *ctx, const char *path, const char *data, size_t n);

/* Check that stdout was written completely; returns an exit code. */
int cli_finish_stdout(struct cli_ctx *ctx, int code);

/* Interactive entry of contracts (enter.c); returns the exit code. */
int cli_enter(struct cli_ctx *ctx);

int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_register(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_search(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_operator(struct cli_ctx *ctx, int argc, char **argv);
int cmd_point(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_merge(struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(struct cli_ctx *ctx, int argc, char **argv);

/* ---- the shared deployment (shared.c) ---- */
#ifndef TCREG_SHARED_DIR
#define TCREG_SHARED_DIR "/var/lib/tcreg"
#endif
/* Running setgid (the shared office machine). */
bool cli_privileged(void);
/* getenv, but nothing when running setgid (secure_getenv). */
const char *cli_getenv(const char *name);
char *cli_shared_default_db(void);
/* Running setgid with a --db outside the shared directory: give the group
 * up before anything is opened.  Returns an exit code or 0. */
int cli_shared_guard(struct cli_ctx *ctx);
int cmd_certify(struct cli_ctx *ctx, int argc, char **argv);
int cmd_config(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report(struct cli_ctx *ctx, int argc, char **argv);
int cmd_award(struct cli_ctx *ctx, int argc, char **argv);
int cmd_policy(struct cli_ctx *ctx, int argc, char **argv);

/* Find a policy file by name (NAME.yaml in --policy-dir, $XDG_CONFIG_HOME/tcreg/policies,
 * the installed policies, the source tree's when uninstalled) or take a path; load it.
 * Prints why not and returns the exit code, else 0. */
int cli_load_policy(struct cli_ctx *ctx, const char *name, tcreg_policy **out);
/* Print policy diagnostics as "file:line:col: error: key: reason (value)". */
void cli_print_policy_diags(const char *file, const tcreg_diags *d);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
/* Why an award is what it is, in the reader's language, from its "basis"
 * (an award object, or {"basis": ..., "previous_fen": ...}). */
struct json_t;
void award_print_basis(FILE *f, const struct json_t *x);
/* Why a contract gets no award, in the reader's language: the code's
 * message with its detail, else the library's English. */
void award_print_reason(FILE *f, const char *code, const char *detail, const char *english);
/* tcreg audit risks (audit-risks.c); a flag's rule and reason in words */
int audit_risks(struct cli_ctx *ctx, int argc, char **argv);
const char *risk_rule_name(const char *rule);
void risk_reason(FILE *f, const struct json_t *flag);
/* tcreg award's workbooks (award-xlsx.c): a run's awards, the committed
 * runs; each put in place at path when complete, returns an exit code */
int award_xlsx(struct cli_ctx *ctx, const char *path, const struct json_t *head, tcreg_award_result *res);
int award_history_xlsx(struct cli_ctx *ctx, const char *path, const struct json_t *runs);
/* register --rejects FILE.xlsx (rejects-xlsx.c): a writer for the library
 * to fill; free says a failure the library could not (returns an exit
 * code, 0 when none) */
struct rejects_xlsx *rejects_xlsx_new(void);
const struct tcreg_rejects_writer *rejects_xlsx_writer(struct rejects_xlsx *r);
int rejects_xlsx_free(struct cli_ctx *ctx, struct rejects_xlsx *r, const char *path);
/* tcreg award --compare (award-compare.c) */
int award_compare(struct cli_ctx *ctx, char **names, int n, const char *years, const char *budget,
		  const char *facts, const char *format, const char *out);

/* The command table entry of a name, or NULL. */
const struct cli_command *cli_command_find(const char *name);
/* Print text wrapped to $COLUMNS (default 80) by display width. */
void cli_print_wrapped(FILE *f, const char *text);
/* Print a command's --help text to f. */
void cli_print_help(FILE *f, const struct cli_command *c);

/* A contract status in the reader's words ("registered (已登记)"); JSON and
 * CSV keep the code. */
const char *cli_status_word(const char *code);
/* The status's Chinese name (待认定), whatever the language of messages. */
const char *cli_status_zh(const char *code);

/* UTF-8 text as GB18030 (malloc'd, length in *outlen); NULL on failure. */
char *cli_to_gb18030(const char *in, size_t n, size_t *outlen);
/* *buf (malloc'd UTF-8) replaced by its GB18030 form; false when it cannot be. */
bool cli_recode_gb18030(char **buf, size_t *len);
/* --encoding utf-8|gb18030 (the CSV for Excel); 0, or a usage exit code. */
int cli_encoding_option(struct cli_ctx *ctx, const char *arg, bool *gb);

/* A JSON object's member: the text ("" when absent or not text), the
 * integer (0 when absent). */
const char *cli_jstr(const struct json_t *o, const char *key);
long long cli_jnum(const struct json_t *o, const char *key);

#endif
