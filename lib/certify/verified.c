/* SPDX-License-Identifier: MIT
 * verified.c - the verified technology amount (核定技术交易额) and the
 * correction of registries whose verified amounts were worked out by the
 * rule of earlier versions.
 *
 * The application states both the contract amount and the technology
 * amount; the applicant's own non-technical part is their difference.  The
 * certifier's itemised deductions can only lower the amount further, never
 * raise it above what was declared (domain.md §f.3, decided 2026-11-30):
 *
 *     verified = min(declared tech, total - sum of deductions)
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

int64_t
tcreg__verified_amount(int64_t total_fen, int64_t tech_fen, int64_t deducted_fen)
{
	int64_t left = total_fen - deducted_fen;
	if (left < 0)
		left = 0;
	return left < tech_fen ? left : tech_fen;
}

/* Before schema 4 the verified amount was total - deductions, which is more
 * than the declared technology amount whenever the applicant declared a
 * non-technical part.  Every such contract is corrected to the rule above
 * (total - deductions > declared, so the result is the declared amount),
 * each correction with its own audit record. */
tcreg_status
tcreg__verified_fixup(tcreg_registry *reg)
{
	sqlite3_stmt *q, *up;
	tcreg_status s = tcreg__prepare(reg, &q,
					"SELECT id FROM contract WHERE verified_tech_amount_fen > tech_amount_fen "
					"ORDER BY id");
	if (s != TCREG_OK)
		return s;
	if ((s = tcreg__prepare(reg, &up,
				"UPDATE contract SET verified_tech_amount_fen = tech_amount_fen WHERE id = ?")) !=
	    TCREG_OK) {
		sqlite3_finalize(q);
		return s;
	}
	int rc;
	while (s == TCREG_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		char *before = NULL, *after = NULL;
		s = tcreg_contract_json(reg, id, 0, &before);
		if (s == TCREG_OK) {
			sqlite3_bind_int64(up, 1, id);
			rc = sqlite3_step(up);
			sqlite3_reset(up);
			if (rc != SQLITE_DONE)
				s = tcreg__db_err(reg, rc, "correcting a verified amount");
		}
		json_t *o = NULL;
		if (s == TCREG_OK)
			s = tcreg_contract_tree(reg, id, 0, &o);
		if (s == TCREG_OK) {
			/* say why in the record itself */
			json_object_set_new(o, "correction",
					    json_string("verified amount above the declared technology "
							"amount: min(declared, total - deductions)"));
			s = tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, &after);
			if (s == TCREG_OK)
				s = tcreg__audit(reg, "correct", "contract", id, 0, before, after);
		}
		free(before);
		free(after);
	}
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "reading contracts");
	sqlite3_finalize(q);
	sqlite3_finalize(up);
	return s;
}
