/* SPDX-License-Identifier: MIT
 * award.h - what the award engine (award.c) shares with the reader of its
 * per-applicant facts (facts.c).  Private to libtcreg.
 */
#ifndef TCREG_AWARD_H
#define TCREG_AWARD_H

#include "tcreg-private.h"

struct award_fact {
	int64_t party_id;
	int64_t invoiced_fen, vat_paid_fen; /* -1 = not given */
	long line;
};
struct award_facts {
	struct award_fact *v; /* sorted by party_id */
	size_t n;
};

/* Read a facts CSV (columns applicant, invoiced, vat_paid; Chinese names
 * too); applicants are resolved to parties of the registry.  Problems go to
 * diags; TCREG_ERR_INVALID when there were any. */
tcreg_status tcreg__facts_load(tcreg_registry *reg, const char *path, struct award_facts *out,
			       tcreg_diags *diags);
const struct award_fact *tcreg__facts_find(const struct award_facts *f, int64_t party_id);
/* The parties a text names: its 统一社会信用代码, else its exact name.
 * Returns how many (0, 1, 2 = several); *id is set when there is one; -1
 * when the registry cannot be read. */
int tcreg__party_named(tcreg_registry *reg, const char *text, int64_t *id);

#endif
