/* SPDX-License-Identifier: MIT
 * merge-resolve.c - the province decides a contract filed at two points
 * (merge.c lists it).  一次登记: "按登记主体所在地实行一次登记" (DRAFT-2024
 * art 11), "不得重复登记" (S48), and duplicate registration is a revocation
 * ground (S12; revocation reason V03 重复登记).  As online, where the second
 * office's acceptance of a twin is refused, the later filing is the one
 * that reached the provincial registry second, the station's:
 *
 *   revoke: it is revoked with V03 (a contract held out, same seller and
 *           number, stays out and its number is kept here with the
 *           decision; one taken in is revoked here, and later exports of
 *           the station no longer change it);
 *   keep:   both stand, with the note (not for the same seller and number:
 *           one registry files a seller's number once).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static tcreg_status
revoke_merged(tcreg_registry *reg, int64_t id, const char *note)
{
	char *old_status = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT status FROM contract WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		old_status = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!old_status)
		return TCREG_ERR_NOMEM;
	if (strcmp(old_status, "registered") != 0 && strcmp(old_status, "changed") != 0) {
		s = tcreg__set_err(reg, TCREG_ERR_STATE, "contract %lld is %s: only a registered contract is revoked",
				   (long long)id, old_status);
		free(old_status);
		return s;
	}
	s = tcreg__decision_update(reg, "UPDATE contract SET status = 'revoked', reason_code = ?2, "
					"status_note = ?3, decided_at = ?5 WHERE id = ?1",
				   id, "V03", note, NULL);
	json_t *o = json_pack("{s:s}", "status", old_status);
	json_t *n = json_pack("{s:s, s:s, s:s}", "status", "revoked", "reason", "V03", "note", note);
	char *oj = o ? json_dumps(o, JSON_COMPACT) : NULL, *nj = n ? json_dumps(n, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (s == TCREG_OK)
		s = oj && nj ? tcreg__audit(reg, "revoke", "contract", id, 0, oj, nj) : TCREG_ERR_NOMEM;
	json_decref(o);
	json_decref(n);
	free(oj);
	free(nj);
	free(old_status);
	return s;
}

static tcreg_status
decide(tcreg_registry *reg, int64_t id, bool revoke, const char *note)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT merged_id, outcome FROM merge_conflict WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int64_t merged = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	char *outcome = rc == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL
				? tcreg__strdup((const char *)sqlite3_column_text(st, 1)) : NULL;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no conflict %lld", (long long)id);
	if (outcome) {
		s = tcreg__set_err(reg, TCREG_ERR_STATE, "conflict %lld is decided already (%s)", (long long)id, outcome);
		free(outcome);
		return s;
	}
	if (!revoke && !merged)
		return tcreg__set_err(reg, TCREG_ERR_STATE,
				      "conflict %lld: the same seller and contract number cannot stand twice in one "
				      "registry; the later filing can only be revoked",
				      (long long)id);
	if (revoke && merged)
		s = revoke_merged(reg, merged, note);
	if (s == TCREG_OK)
		s = tcreg__decision_update(reg, "UPDATE merge_conflict SET outcome = ?2, reason_code = ?3, note = ?4, "
						"decided_at = ?5, decided_by = ?6 WHERE id = ?1",
					   id, revoke ? "revoked" : "kept", revoke ? "V03" : NULL, note);
	json_t *j = json_pack("{s:s, s:s}", "outcome", revoke ? "revoked" : "kept", "note", note);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (s == TCREG_OK)
		s = text ? tcreg__audit(reg, "resolve", "merge_conflict", id, 0, NULL, text) : TCREG_ERR_NOMEM;
	free(text);
	return s;
}

tcreg_status
tcreg_merge_resolve(tcreg_registry *reg, int64_t id, const char *outcome, const char *note)
{
	bool revoke = outcome && strcmp(outcome, "revoke") == 0;
	if (!revoke && !(outcome && strcmp(outcome, "keep") == 0))
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "a conflict is resolved by revoke or keep");
	if (!note || !*note)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "say why with --note");
	tcreg_status s = tcreg__require_role(reg, "certifier");
	if (s == TCREG_OK && (s = tcreg__begin(reg)) == TCREG_OK) {
		s = decide(reg, id, revoke, note);
		if (s == TCREG_OK)
			s = tcreg__commit(reg);
		else
			tcreg__rollback(reg);
	}
	return s;
}
