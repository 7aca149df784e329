/* SPDX-License-Identifier: MIT
 * enter.h - what the parts of the interactive entry (enter*.c) share: the
 * fields asked, in order, and the answers of the contract being typed.
 */
#ifndef TCREG_ENTER_H
#define TCREG_ENTER_H

#include "cli.h"

struct enter_field {
	const char *key, *label; /* label: msgid */
};
#define ENTER_NFIELDS 27
extern const struct enter_field enter_fields[ENTER_NFIELDS];

/* Where the fields that depend on others are. */
enum {
	F_CONTRACT_NO = 0,
	F_SELLER_NAME = 3,
	F_SELLER_USCC = 4,
	F_SELLER_REGION = 5,
	F_BUYER_USCC = 8,
	F_BUYER_REGION = 9,
	F_TOTAL = 11,
	F_TECH = 12,
};

struct session {
	struct cli_ctx *ctx;
	bool tty;
	char *answer[ENTER_NFIELDS]; /* as typed (or accepted default) */
	char *shown[ENTER_NFIELDS];  /* as it will be stored */
	char *last[ENTER_NFIELDS];   /* the previous contract's answers: the defaults */
	char *typed[ENTER_NFIELDS];  /* the accepted answers as typed: history once saved */
	char history[4096];
	/* a correction of a submitted contract (0: a new contract), its
	 * seller, and the deal it served (a field the dialogue does not ask,
	 * kept so that the correction does not drop it) */
	int64_t correcting;
	char *correct_seller, *correct_uscc, *correct_served;
};

/* What an answer leads to. */
enum enter_step { STEP_NEXT, STEP_AGAIN, STEP_STOP };

/* One line of input: NULL at the end of input or on Ctrl-C. */
char *enter_ask(struct session *s, const char *prompt);

/* Messages in Chinese: the code lists then show the Chinese names only. */
bool enter_lang_zh(void);

/* "?" or "?TEXT" at field i: list its codes (all, a long table's top level,
 * or those whose code starts with TEXT or whose name holds it). */
void enter_list_codes(struct session *s, size_t i, const char *filter);

/* An accepted amount for display: "3,000,000.00 元", and with "(300万元)"
 * after it when typed in 万.  Into buf. */
const char *enter_amount_text(const char *stored, const char *typed, char *buf, size_t n);

/* The contract number of field 0 was just accepted: when the registry has
 * it already, say so and ask whether this is a correction (then the stored
 * contract's answers are loaded), another seller's contract, or a mistake
 * (STEP_AGAIN: ask the number again). */
enum enter_step enter_check_number(struct session *s, const char *number);

/* Leave a correction: the next save makes a new contract. */
void enter_forget_correction(struct session *s);

/* Field i was answered: checked is the value as the library shows it
 * ("2301 哈尔滨市", "1234.56"), typed what the clerk typed (NULL: not
 * typed).  Keeps the value to store (a code field's code alone) and what
 * to show (an amount with separators and 元); returns the latter. */
const char *enter_set_answer(struct session *s, size_t i, const char *checked, const char *typed);

#endif
