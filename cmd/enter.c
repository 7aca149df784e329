/* SPDX-License-Identifier: MIT
 * enter.c - a clerk typing one contract after another, hledger-add style:
 * one prompt per field with a default in brackets, each answer checked at
 * once by the library, "<" to go back, "?" for a field's codes
 * (enter-codes.c), the whole contract shown before it is saved; a contract
 * number the registry has already is caught at once (enter-number.c), and
 * a save refused for some fields asks those alone again.  On a terminal libedit edits the line and keeps a history of the
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

#include "enter.h"

const struct enter_field enter_fields[ENTER_NFIELDS] = {
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
_Static_assert(sizeof(enter_fields) / sizeof(enter_fields[0]) == ENTER_NFIELDS, "the fields' count");
#define NFIELDS ENTER_NFIELDS
#define fields enter_fields

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

char *
enter_ask(struct session *s, const char *prompt)
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
is_code_field(size_t i)
{
	return tcreg_field_table(fields[i].key) != TCREG_TABLE_LAST;
}

const char *
enter_set_answer(struct session *s, size_t i, const char *checked, const char *typed)
{
	free(s->answer[i]);
	free(s->shown[i]);
	/* keep the value as it will be stored: for a code field the code
	 * ("2301 哈尔滨市" -> "2301"), so a partial name is never saved */
	s->answer[i] = strdup(checked);
	if (s->answer[i] && is_code_field(i)) {
		char *sp = strchr(s->answer[i], ' ');
		if (sp)
			*sp = '\0';
	}
	char buf[128];
	bool amount = (i == F_TOTAL || i == F_TECH) && *checked;
	s->shown[i] = strdup(amount ? enter_amount_text(checked, typed, buf, sizeof(buf)) : checked);
	return s->shown[i] ? s->shown[i] : "";
}

/* The region a party's 统一社会信用代码 names (its registering authority's
 * area), into buf; NULL when there is none. */
static const char *
region_of_uscc(struct session *s, size_t uscc_field, char *buf, size_t n)
{
	const tcreg_codes *codes;
	const char *uscc = s->answer[uscc_field], *code;
	if (!uscc || !*uscc || tcreg_registry_codes(s->ctx->reg, &codes) != TCREG_OK ||
	    tcreg_codes_region_of_uscc(codes, uscc, &code) != TCREG_OK)
		return NULL;
	snprintf(buf, n, "%s", code);
	return buf;
}

static const char *
default_of(struct session *s, size_t i, char *buf, size_t n)
{
	if (s->answer[i] && *s->answer[i])
		return s->answer[i]; /* back at a field already answered */
	if (s->correcting)
		return NULL; /* a correction's defaults are the stored contract's own */
	if (i == F_SELLER_REGION || i == F_BUYER_REGION) {
		const char *r = region_of_uscc(s, i - 1, buf, n);
		if (r)
			return r;
	}
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

/* A correction replaces the seller's own contract: the seller stays. */
static bool
keeps_seller(struct session *s, size_t i, const char *value)
{
	if (!s->correcting)
		return true;
	const char *was = i == F_SELLER_NAME ? s->correct_seller : i == F_SELLER_USCC ? s->correct_uscc : NULL;
	if (!was || !*was || strcmp(was, value) == 0)
		return true;
	printf("  ! ");
	printf(_("a correction keeps the seller (%s): for another seller's contract, go back to the contract number and answer n"),
	       s->correct_seller);
	printf("\n");
	return false;
}

/* The clerk's answer a (trimmed) to field i, whose default is def. */
static enum enter_step
take_answer(struct session *s, size_t i, const char *def, const char *a)
{
	/* "?" (or a full-width "？") asks for help; at a field of no codes only
	 * alone, since a note may start with one */
	const char *rest = *a == '?' ? a + 1 : strncmp(a, "？", strlen("？")) == 0 ? a + strlen("？") : NULL;
	if (rest && (is_code_field(i) || !*rest)) {
		enter_list_codes(s, i, rest);
		return STEP_AGAIN;
	}
	const char *text = *a ? a : def ? def : "";
	char *shown = NULL;
	tcreg_diags *d = NULL;
	tcreg_status st = tcreg_field_check(s->ctx->reg, fields[i].key, text, &shown, &d);
	if (st != TCREG_OK) {
		show_diags(d);
		if (shown) /* the entries a partial name matched */
			for (char *p = strtok(shown, "\n"); p; p = strtok(NULL, "\n"))
				printf("    %s\n", p);
		free(shown);
		tcreg_diags_free(d);
		return STEP_AGAIN;
	}
	tcreg_diags_free(d);
	enum enter_step step = STEP_NEXT;
	bool same_number = s->correcting && s->answer[i] && strcmp(s->answer[i], shown) == 0;
	if (i == F_CONTRACT_NO && !same_number)
		step = enter_check_number(s, shown);
	if (step == STEP_NEXT && !keeps_seller(s, i, shown))
		step = STEP_AGAIN;
	if (step == STEP_NEXT) {
		/* text may be the old answer itself (the default), which the new
		 * one replaces: compare with a copy */
		char *was = strdup(text);
		const char *disp = enter_set_answer(s, i, shown, *a ? a : NULL);
		if (*disp && (!was || strcmp(disp, was) != 0))
			printf("  = %s\n", disp);
		free(was);
		if (*a) { /* typed, not a default taken */
			free(s->typed[i]);
			s->typed[i] = strdup(a);
		}
	}
	free(shown);
	return step;
}

/* Ask the fields from "from" on (only those marked in "only", when given,
 * and those the clerk goes back to); returns false when the clerk stops
 * (end of input, Ctrl-C). */
static bool
ask_fields(struct session *s, size_t from, bool *only)
{
	for (size_t i = from; i < NFIELDS;) {
		if (only && !only[i]) {
			i++;
			continue;
		}
		char dbuf[16];
		const char *def = default_of(s, i, dbuf, sizeof(dbuf));
		char prompt[512];
		bool req = tcreg_field_required(fields[i].key);
		snprintf(prompt, sizeof(prompt), "%s%s%s%s%s: ", _(fields[i].label), req ? "" : _(" (optional)"),
			 def && *def ? " [" : "", def && *def ? def : "", def && *def ? "]" : "");
		char *line = enter_ask(s, prompt);
		if (!line)
			return false;
		char *a = line;
		while (*a == ' ')
			a++;
		enum enter_step step = STEP_NEXT;
		if (strcmp(a, "<") == 0) {
			if (i > 0)
				i--;
			if (only)
				only[i] = true;
			step = STEP_AGAIN;
		} else {
			step = take_answer(s, i, def, a);
		}
		free(line);
		if (step == STEP_STOP)
			return false;
		if (step == STEP_NEXT)
			i++;
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

/* Which fields the problems of a refused save point at: those alone are
 * asked again.  A problem of no field asked here (the deal a 技术中介
 * contract served, say) sends the clerk through every field. */
static void
mark_fields(const tcreg_diags *d, bool redo[NFIELDS])
{
	bool all = false, any = false;
	for (size_t k = 0; k < tcreg_diags_count(d); k++) {
		const struct tcreg_diag *x = tcreg_diags_get(d, k);
		if (x->severity != TCREG_SEV_ERROR)
			continue;
		size_t i = 0;
		while (i < NFIELDS && !(x->column && strcmp(fields[i].key, x->column) == 0))
			i++;
		if (i == NFIELDS)
			all = true;
		else
			redo[i] = any = true;
	}
	for (size_t i = 0; i < NFIELDS && (all || !any); i++)
		redo[i] = true;
}

/* The contract's status now, from its number. */
static void
status_of(struct session *s, int64_t id, char *buf, size_t n)
{
	char **rows = NULL;
	snprintf(buf, n, "submitted");
	if (tcreg_contracts_numbered(s->ctx->reg, s->answer[F_CONTRACT_NO], &rows) != TCREG_OK)
		return;
	for (char **r = rows; *r; r++) {
		char *status = strrchr(*r, '\t');
		if (status && strtoll(*r, NULL, 10) == id)
			snprintf(buf, n, "%s", status + 1);
	}
	tcreg_strv_free(rows);
}

/* Name the contract saved and the step that comes next. */
static void
report_saved(struct session *s, const struct tcreg_import_result *r)
{
	long long id = (long long)r->contract_id;
	const char *no = s->answer[F_CONTRACT_NO];
	char status[32];
	status_of(s, r->contract_id, status, sizeof(status));
	const char *next = strcmp(status, "needs_supplement") == 0 ? "--resubmit" : "--accept";
	if (r->unchanged)
		cli_note(s->ctx, _("contract %lld (合同编号 %s) is in the registry already, unchanged: %s"), id, no,
			 cli_status_word(status));
	else if (r->updated)
		cli_note(s->ctx, _("corrected contract %lld (合同编号 %s), %s; next: tcreg certify %lld %s"), id, no,
			 cli_status_word(status), id, next);
	else
		cli_note(s->ctx, _("saved as contract %lld (合同编号 %s), %s; next: tcreg certify %lld %s"), id, no,
			 cli_status_word(status), id, next);
}

static int
save(struct session *s, bool redo[NFIELDS])
{
	const char *keys[NFIELDS + 1], *values[NFIELDS + 1];
	size_t n = 0;
	for (size_t i = 0; i < NFIELDS; i++, n++) {
		keys[n] = fields[i].key;
		values[n] = s->answer[i] ? s->answer[i] : "";
	}
	if (s->correct_served) {
		keys[n] = "served_contract";
		values[n++] = s->correct_served;
	}
	struct tcreg_import_result *r = NULL;
	tcreg_status st = tcreg_register_fields_ex(s->ctx->reg, keys, values, n,
						   s->correcting ? TCREG_IMPORT_UPDATE : 0, &r);
	if (st == TCREG_OK && r) {
		report_saved(s, r);
	} else if (st == TCREG_ERR_INVALID && r) {
		show_diags(r->diags);
		mark_fields(r->diags, redo);
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

enum outcome { SAVED, NOT_SAVED, STOPPED };

/* One contract, from its first field to its save (or not); *code is the
 * exit code when it stops. */
static enum outcome
one_contract(struct session *s, int *code)
{
	size_t from = 0;
	bool redo[NFIELDS], *only = NULL;
	for (;;) {
		if (!ask_fields(s, from, only)) {
			*code = EXIT_OK; /* stopped at a prompt: an unsaved contract is no error */
			return STOPPED;
		}
		print_contract(s);
		char *yn = enter_ask(s, _("Save this contract? [Y/n] "));
		if (!yn)
			return STOPPED;
		bool no = yn[0] == 'n' || yn[0] == 'N' || strcmp(yn, "否") == 0;
		bool back = strcmp(yn, "<") == 0;
		free(yn);
		if (back) {
			from = NFIELDS - 1;
			only = NULL;
			continue;
		}
		if (no) {
			cli_note(s->ctx, "%s", _("not saved"));
			return NOT_SAVED;
		}
		memset(redo, 0, sizeof(redo));
		saving = 1;
		*code = save(s, redo);
		saving = 0;
		if (*code == EXIT_OK && s->tty)
			remember_saved(s);
		if (interrupted)
			return STOPPED; /* Ctrl-C during the save: it finished; now stop */
		if (*code != EXIT_OK && *code != EXIT_DATAERR)
			return STOPPED;
		if (*code == EXIT_OK)
			return SAVED;
		/* ask again only the fields the problems name, keeping the rest */
		from = 0;
		only = redo;
	}
}

/* The answers of this contract become the next one's defaults. */
static void
next_contract(struct session *s)
{
	enter_forget_correction(s);
	for (size_t i = 0; i < NFIELDS; i++) {
		free(s->last[i]);
		s->last[i] = s->shown[i] && *s->shown[i] ? strdup(s->answer[i]) : NULL;
		free(s->answer[i]);
		free(s->shown[i]);
		s->answer[i] = s->shown[i] = NULL;
	}
	/* the contract number and project are new for each contract */
	free(s->last[0]);
	free(s->last[1]);
	s->last[0] = s->last[1] = NULL;
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
	printf("%s\n", _("New contract. Type < to go back one field, ? for the codes a field takes; Ctrl-D or Ctrl-C to stop without saving."));
	int code = EXIT_OK, saved = 0;
	for (;;) {
		enum outcome o = one_contract(&s, &code);
		forget_typed(&s);
		saved += o == SAVED;
		if (o == STOPPED)
			break;
		next_contract(&s);
		char *again = enter_ask(&s, _("Enter another contract? [Y/n] "));
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
	enter_forget_correction(&s);
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
