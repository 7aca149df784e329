/* SPDX-License-Identifier: MIT
 * enter-number.c - a contract number typed in the interactive entry that
 * the registry has already.  Said at once, not at the save: the clerk
 * tells whether this is a correction of the submitted contract (then its
 * answers are the defaults and the save updates it, as register --update
 * does), another seller's contract that happens to carry the same number
 * (numbers are the seller's own), or a mistake (the number is asked again).
 */
#include <stdlib.h>
#include <string.h>

#include "enter.h"

struct known {
	int64_t id;
	const char *seller, *status;
	bool editable; /* still before a decision: a correction may replace it */
};

/* rows: "id<TAB>seller<TAB>status" (split in place) */
static size_t
read_rows(char **rows, struct known *k, size_t max)
{
	size_t n = 0;
	for (; rows[n] && n < max; n++) {
		char *seller = strchr(rows[n], '\t');
		char *status = seller ? strchr(seller + 1, '\t') : NULL;
		if (!status)
			break;
		*seller++ = '\0';
		*status++ = '\0';
		k[n] = (struct known){ strtoll(rows[n], NULL, 10), seller, status,
				       strcmp(status, "submitted") == 0 || strcmp(status, "needs_supplement") == 0 };
	}
	return n;
}

void
enter_forget_correction(struct session *s)
{
	s->correcting = 0;
	free(s->correct_seller);
	free(s->correct_uscc);
	free(s->correct_served);
	s->correct_seller = s->correct_uscc = s->correct_served = NULL;
}

static int
enter_index(const char *key)
{
	for (int i = 0; i < ENTER_NFIELDS; i++)
		if (strcmp(enter_fields[i].key, key) == 0)
			return i;
	return -1;
}

/* The stored contract's values become the answers (and so the defaults)
 * of the fields not answered yet. */
static bool
load_contract(struct session *s, int64_t id)
{
	char **v = NULL;
	tcreg_status st = tcreg_contract_fields(s->ctx->reg, id, &v);
	if (st != TCREG_OK) {
		cli_fail(s->ctx, st, NULL);
		return false;
	}
	const char *const *keys = tcreg_field_keys();
	for (size_t k = 0; keys[k] && v[k]; k++) {
		if (strcmp(keys[k], "served_contract") == 0)
			s->correct_served = *v[k] ? strdup(v[k]) : NULL;
		int i = enter_index(keys[k]);
		/* the number is the one just typed; an answer already given for
		 * this contract (back at the number after a refused save) stays */
		if (i <= F_CONTRACT_NO || s->answer[i])
			continue;
		char *shown = NULL;
		tcreg_diags *d = NULL;
		/* stored values pass the checks they passed when saved, unless a
		 * code table changed since: then kept as stored, and the save
		 * says what is wrong with them */
		if (tcreg_field_check(s->ctx->reg, keys[k], v[k], &shown, &d) == TCREG_OK)
			enter_set_answer(s, (size_t)i, shown, NULL);
		else
			enter_set_answer(s, (size_t)i, v[k], NULL);
		free(shown);
		tcreg_diags_free(d);
	}
	s->correct_seller = strdup(s->answer[F_SELLER_NAME] ? s->answer[F_SELLER_NAME] : "");
	s->correct_uscc = strdup(s->answer[F_SELLER_USCC] ? s->answer[F_SELLER_USCC] : "");
	s->correcting = id;
	tcreg_strv_free(v);
	return true;
}

static const char *
question(const struct known *k, size_t n, size_t editable, char *buf, size_t size)
{
	if (editable == 1) {
		for (size_t j = 0; j < n; j++)
			if (k[j].editable)
				snprintf(buf, size, _("Correct contract %lld (c), enter another seller's contract with this number (n), or retype the number (<)? "),
					 (long long)k[j].id);
	} else if (editable > 1) {
		snprintf(buf, size, "%s", _("Correct which contract (its ID), enter another seller's contract with this number (n), or retype the number (<)? "));
	} else {
		snprintf(buf, size, "%s", _("Enter another seller's contract with this number (n), or retype the number (<)? "));
	}
	return buf;
}

/* The contract an answer names for a correction; 0 when none. */
static int64_t
chosen(const char *a, const struct known *k, size_t n, size_t editable)
{
	bool c = strcmp(a, "c") == 0 || strcmp(a, "C") == 0 || strcmp(a, "更正") == 0;
	for (size_t j = 0; j < n; j++) {
		if (!k[j].editable)
			continue;
		if ((c && editable == 1) || (*a && strtoll(a, NULL, 10) == k[j].id && strspn(a, "0123456789") == strlen(a)))
			return k[j].id;
	}
	return 0;
}

static enum enter_step
decide(struct session *s, const struct known *k, size_t n)
{
	size_t editable = 0;
	for (size_t j = 0; j < n; j++)
		editable += k[j].editable;
	if (editable < n)
		printf("  %s\n", _("a contract past submission is changed with tcreg certify ID --change, not here"));
	char prompt[512];
	question(k, n, editable, prompt, sizeof(prompt));
	for (;;) {
		char *line = enter_ask(s, prompt);
		if (!line)
			return STEP_STOP;
		char *a = line;
		while (*a == ' ')
			a++;
		int64_t id = chosen(a, k, n, editable);
		bool other = strcmp(a, "n") == 0 || strcmp(a, "N") == 0 || strcmp(a, "新") == 0;
		bool retype = strcmp(a, "<") == 0;
		free(line);
		if (retype)
			return STEP_AGAIN;
		if (other)
			return STEP_NEXT;
		if (id)
			return load_contract(s, id) ? STEP_NEXT : STEP_STOP;
	}
}

enum enter_step
enter_check_number(struct session *s, const char *number)
{
	enter_forget_correction(s);
	char **rows = NULL;
	tcreg_status st = tcreg_contracts_numbered(s->ctx->reg, number, &rows);
	if (st != TCREG_OK) {
		cli_fail(s->ctx, st, NULL);
		return STEP_STOP;
	}
	struct known k[50];
	size_t n = read_rows(rows, k, sizeof(k) / sizeof(k[0]));
	enum enter_step step = STEP_NEXT;
	if (n > 0) {
		printf("  ! %s\n", _("this contract number is in the registry already:"));
		for (size_t j = 0; j < n; j++) {
			printf("      ");
			printf(_("contract %lld: %s, %s"), (long long)k[j].id, k[j].seller, cli_status_word(k[j].status));
			printf("\n");
		}
		step = decide(s, k, n);
	}
	tcreg_strv_free(rows);
	return step;
}
