/* SPDX-License-Identifier: MIT
 * enter.c - a clerk typing one contract after another, hledger-add style:
 * one prompt per field with a default in brackets, each answer checked at
 * once by the library, "<" to go back, the whole contract shown before it is
 * saved.  On a terminal libedit edits the line and keeps a history of the
 * answers of saved contracts (never of abandoned ones, nor of answers that
 * were refused); otherwise answers are read one per line, so the same
 * dialogue can be scripted.
 * Nothing is written before the clerk says yes, so Ctrl-C or Ctrl-D at any
 * prompt leaves the registry as it was.
 */
#include <editline/readline.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static const struct {
	const char *key, *label; /* label: msgid */
} fields[] = {
	{ "contract_no", N_("Contract number") },
	{ "project_name", N_("Project") },
	{ "category", N_("Category") },
	{ "seller_name", N_("Seller") },
	{ "seller_uscc", N_("Seller USCC") },
	{ "seller_region", N_("Seller region") },
	{ "seller_nature", N_("Seller nature") },
	{ "buyer_name", N_("Buyer") },
	{ "buyer_uscc", N_("Buyer USCC") },
	{ "buyer_region", N_("Buyer region") },
	{ "buyer_nature", N_("Buyer nature") },
	{ "total_amount", N_("Contract amount (元)") },
	{ "tech_amount", N_("Tech amount (元)") },
	{ "sign_date", N_("Signed") },
	{ "valid_from", N_("Valid from") },
	{ "valid_to", N_("Valid to") },
	{ "tech_field", N_("Technical field") },
	{ "ip_type", N_("IP type") },
	{ "pay_method", N_("Payment method") },
	{ "related_party", N_("Related party (是/否)") },
	{ "note", N_("Note") },
	{ "plan_source", N_("Plan source") },
	{ "objective", N_("Objective") },
	{ "foreign", N_("Foreign trade") },
	{ "licence_mode", N_("Licence mode") },
	{ "licence_years", N_("Licence years") },
	{ "enterprise_type", N_("Enterprise type") },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

struct session {
	struct cli_ctx *ctx;
	bool tty;
	char *answer[NFIELDS]; /* as typed (or accepted default) */
	char *shown[NFIELDS];  /* as it will be stored */
	char *last[NFIELDS];   /* the previous contract's answers: the defaults */
	char *typed[NFIELDS];  /* the accepted answers as typed: history once saved */
	char history[4096];
};

static volatile sig_atomic_t interrupted, saving;
static struct termios saved_tio;
static bool have_tio;
static char stop_msg[256];

/* Ctrl-C.  Nothing is written before the clerk confirms, so outside the save
 * the answers can simply be dropped: restore the terminal and leave at once
 * (a flag alone would be lost if the signal came between the prompt and the
 * read).  During the save its transaction finishes first. */
static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
	if (saving)
		return;
	if (have_tio)
		tcsetattr(0, TCSANOW, &saved_tio);
	ssize_t k = write(1, "\n", 1);
	k = write(2, stop_msg, strlen(stop_msg));
	(void)k;
	_exit(130);
}

/* One line of input: NULL at the end of input or on Ctrl-C. */
static char *
ask(struct session *s, const char *prompt)
{
	if (s->tty) {
		char *line = readline(prompt); /* history: only once the contract is saved */
		if (interrupted) {
			free(line);
			return NULL;
		}
		return line;
	}
	fputs(prompt, stdout);
	fflush(stdout);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0 || interrupted) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	fputs(line, stdout); /* a transcript shows the answer after the prompt */
	fputc('\n', stdout);
	return line;
}

static bool
is_code_field(const char *key)
{
	static const char *const codes[] = { "category", "seller_region", "seller_nature",
					     "buyer_region", "buyer_nature", "tech_field",
					     "ip_type", "pay_method", "plan_source", "objective",
					     "foreign", "licence_mode", "enterprise_type", NULL };
	for (const char *const *c = codes; *c; c++)
		if (strcmp(*c, key) == 0)
			return true;
	return false;
}

static const char *
default_of(struct session *s, size_t i)
{
	if (s->answer[i] && *s->answer[i])
		return s->answer[i]; /* back at a field already answered */
	/* 有效期起 defaults to 签订日期 */
	if (strcmp(fields[i].key, "valid_from") == 0 && s->shown[i - 1] && *s->shown[i - 1])
		return s->shown[i - 1];
	return s->last[i];
}

static void
show_diags(const tcreg_diags *d)
{
	for (size_t k = 0; k < tcreg_diags_count(d); k++) {
		char *msg = cli_diag_message(tcreg_diags_get(d, k), true);
		printf("  ! %s\n", msg ? msg : "");
		free(msg);
	}
}

/* Ask every field; returns false when the clerk stops (end of input, Ctrl-C). */
static bool
ask_fields(struct session *s, size_t from)
{
	for (size_t i = from; i < NFIELDS;) {
		const char *def = default_of(s, i);
		char prompt[512];
		bool req = tcreg_field_required(fields[i].key);
		snprintf(prompt, sizeof(prompt), "%s%s%s%s%s: ", _(fields[i].label), req ? "" : _(" (optional)"),
			 def && *def ? " [" : "", def && *def ? def : "", def && *def ? "]" : "");
		char *line = ask(s, prompt);
		if (!line)
			return false;
		char *a = line;
		while (*a == ' ')
			a++;
		if (strcmp(a, "<") == 0) {
			free(line);
			if (i > 0)
				i--;
			continue;
		}
		const char *text = *a ? a : def ? def : "";
		char *shown = NULL;
		tcreg_diags *d = NULL;
		tcreg_status st = tcreg_field_check(s->ctx->reg, fields[i].key, text, &shown, &d);
		if (st == TCREG_OK) {
			/* text may be the old answer itself (the default): compare first */
			if (*shown && strcmp(shown, text) != 0)
				printf("  = %s\n", shown);
			/* keep the value as it will be stored: for a code field the code
			 * ("2301 哈尔滨市" -> "2301"), so a partial name is never saved */
			free(s->answer[i]);
			free(s->shown[i]);
			s->answer[i] = strdup(shown);
			if (s->answer[i] && is_code_field(fields[i].key)) {
				char *sp = strchr(s->answer[i], ' ');
				if (sp)
					*sp = '\0';
			}
			s->shown[i] = shown;
			if (*a) { /* typed, not a default taken */
				free(s->typed[i]);
				s->typed[i] = strdup(a);
			}
			i++;
		} else {
			show_diags(d);
			if (shown) /* the entries a partial name matched */
				for (char *p = strtok(shown, "\n"); p; p = strtok(NULL, "\n"))
					printf("    %s\n", p);
			free(shown);
		}
		tcreg_diags_free(d);
		free(line);
	}
	return true;
}

static void
print_contract(struct session *s)
{
	int w = 0;
	for (size_t i = 0; i < NFIELDS; i++)
		if (cli_width(_(fields[i].label)) > w)
			w = cli_width(_(fields[i].label));
	printf("\n");
	for (size_t i = 0; i < NFIELDS; i++) {
		fputs("  ", stdout);
		cli_pad(stdout, _(fields[i].label), w + 2);
		printf("%s\n", s->shown[i] && *s->shown[i] ? s->shown[i] : "-");
	}
}

/* Which field a whole-contract problem points at. */
static size_t
field_index(const char *column)
{
	for (size_t i = 0; column && i < NFIELDS; i++)
		if (strcmp(fields[i].key, column) == 0)
			return i;
	return 0;
}

static int
save(struct session *s, size_t *back_to)
{
	const char *keys[NFIELDS], *values[NFIELDS];
	for (size_t i = 0; i < NFIELDS; i++) {
		keys[i] = fields[i].key;
		values[i] = s->answer[i] ? s->answer[i] : "";
	}
	struct tcreg_import_result *r = NULL;
	tcreg_status st = tcreg_register_fields(s->ctx->reg, keys, values, NFIELDS, &r);
	*back_to = NFIELDS;
	if (st == TCREG_OK && r) {
		if (r->unchanged)
			cli_note(s->ctx, _("this contract is registered already, unchanged"));
		else
			cli_note(s->ctx, _("saved as batch %lld"), (long long)r->batch_id);
	} else if (st == TCREG_ERR_INVALID && r) {
		show_diags(r->diags);
		const struct tcreg_diag *x = tcreg_diags_get(r->diags, 0);
		*back_to = x ? field_index(x->column) : 0;
	} else {
		int code = cli_fail(s->ctx, st, NULL);
		tcreg_import_result_free(r);
		return code;
	}
	tcreg_import_result_free(r);
	return st == TCREG_OK ? EXIT_OK : EXIT_DATAERR;
}

/* The saved contract's answers, as typed, join the history, which is
 * written at once (a later Ctrl-C leaves without writing) and kept private:
 * it holds parties and amounts. */
static void
remember_saved(struct session *s)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (s->typed[i] && *s->typed[i])
			add_history(s->typed[i]);
	if (s->tty && s->history[0] && write_history(s->history) == 0)
		chmod(s->history, 0600);
}

/* The answers of a contract that is done with (saved or abandoned). */
static void
forget_typed(struct session *s)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		free(s->typed[i]);
		s->typed[i] = NULL;
	}
}

static void
history_path(struct session *s)
{
	const char *state = cli_getenv("XDG_STATE_HOME"), *home = cli_getenv("HOME");
	s->history[0] = '\0';
	if (state && *state)
		snprintf(s->history, sizeof(s->history), "%s/tcreg", state);
	else if (home && *home)
		snprintf(s->history, sizeof(s->history), "%s/.local/state/tcreg", home);
	else
		return;
	/* make the directory chain; a failure only means no saved history */
	for (char *p = s->history + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(s->history, 0700);
			*p = '/';
		}
	}
	mkdir(s->history, 0700);
	strncat(s->history, "/history", sizeof(s->history) - strlen(s->history) - 1);
}

int
cli_enter(struct cli_ctx *ctx)
{
	struct session s = { .ctx = ctx, .tty = isatty(0) && isatty(1) };
	snprintf(stop_msg, sizeof(stop_msg), "tcreg %s: %s\n", ctx->cmd,
		 _("stopped: nothing more was saved"));
	have_tio = isatty(0) && tcgetattr(0, &saved_tio) == 0;
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	if (s.tty) {
		history_path(&s);
		using_history();
		if (s.history[0])
			read_history(s.history);
	}
	printf("%s\n", _("New contract. Type < to go back one field; Ctrl-D or Ctrl-C to stop without saving."));
	int code = EXIT_OK, saved = 0;
	for (;;) {
		size_t from = 0;
		bool done = false;
		for (;;) {
			if (!ask_fields(&s, from)) {
				done = true;
				code = EXIT_OK; /* stopped at a prompt: an unsaved contract is no error */
				break;
			}
			print_contract(&s);
			char *yn = ask(&s, _("Save this contract? [Y/n] "));
			if (!yn) {
				done = true;
				break;
			}
			bool no = yn[0] == 'n' || yn[0] == 'N' || strcmp(yn, "否") == 0;
			bool back = strcmp(yn, "<") == 0;
			free(yn);
			if (back) {
				from = NFIELDS - 1;
				continue;
			}
			if (no) {
				cli_note(ctx, "%s", _("not saved"));
				break;
			}
			size_t back_to;
			saving = 1;
			code = save(&s, &back_to);
			saving = 0;
			if (code == EXIT_OK && s.tty)
				remember_saved(&s);
			if (interrupted) {
				done = true; /* Ctrl-C during the save: it finished; now stop */
				break;
			}
			if (code == EXIT_DATAERR) {
				from = back_to; /* fix the field the problem names */
				continue;
			}
			if (code != EXIT_OK) {
				done = true;
				break;
			}
			saved++;
			break;
		}
		forget_typed(&s);
		if (done)
			break;
		for (size_t i = 0; i < NFIELDS; i++) {
			free(s.last[i]);
			s.last[i] = s.shown[i] && *s.shown[i] ? strdup(s.answer[i]) : NULL;
			free(s.answer[i]);
			free(s.shown[i]);
			s.answer[i] = s.shown[i] = NULL;
		}
		/* the contract number and project are new for each contract */
		free(s.last[0]);
		free(s.last[1]);
		s.last[0] = s.last[1] = NULL;
		char *again = ask(&s, _("Enter another contract? [Y/n] "));
		bool stop = !again || again[0] == 'n' || again[0] == 'N' || strcmp(again, "否") == 0;
		free(again);
		if (stop)
			break;
	}
	if (interrupted || (code == EXIT_OK && saved == 0))
		printf("\n");
	if (interrupted)
		cli_note(ctx, "%s", _("stopped: nothing more was saved"));
	cli_note(ctx, _("%d contracts saved"), saved);
	forget_typed(&s);
	for (size_t i = 0; i < NFIELDS; i++) {
		free(s.answer[i]);
		free(s.shown[i]);
		free(s.last[i]);
	}
	sigaction(SIGINT, &old, NULL);
	if (interrupted)
		return 130;
	return code == EXIT_OK ? EXIT_OK : code;
}
