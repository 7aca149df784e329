/* SPDX-License-Identifier: MIT
 * states.c - the states of domain.md §e.3 besides registration itself:
 *
 *   submitted --not-accept--> not_accepted     不予受理, at intake (an oral
 *                                              contract, no full text ...)
 *   submitted|needs_supplement --withdraw--> withdrawn   撤回 by the applicant
 *   submitted|needs_supplement --external--> external    registered by another
 *                                              office: recorded, never numbered here
 *   registered|changed|rejected --objection-->  the same state, an objection open
 *   --resolve uphold-->  rejected: submitted again (re-review);
 *                        registered|changed: unchanged, for the office to
 *                        change or revoke the registration
 *   --resolve dismiss--> unchanged
 *
 * Each is called inside tcreg_certify's transaction, which writes the audit
 * record; these functions only check and write the contract's own rows.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static tcreg_status
invalid(tcreg_diags *d, const char *column, const char *code, const char *msgid, const char *arg,
	const char *value)
{
	tcreg__diags_add(d, TCREG_SEV_ERROR, 0, 0, column, code, msgid, arg, value);
	return TCREG_ERR_INVALID;
}

static tcreg_status
step_done(tcreg_registry *reg, sqlite3_stmt *st, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, doing);
}

tcreg_status
tcreg__not_accept(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec,
		  const tcreg_codes *codes, tcreg_diags *d, json_t *detail)
{
	const char *code;
	if (!dec->reason || tcreg_codes_resolve(codes, TCREG_TABLE_NONACCEPTANCE, dec->reason, &code) != TCREG_OK) {
		char list[2048]; /* the codes with their words, to choose from */
		return invalid(d, "--reason", "E_REASON", N_("unknown reason for not accepting; give a code or its words: %s"),
			       tcreg__codes_list(codes, TCREG_TABLE_NONACCEPTANCE, list, sizeof(list)), dec->reason);
	}
	json_object_set_new(detail, "reason", json_string(code));
	return tcreg__decision_update(reg,
				      "UPDATE contract SET status = 'not_accepted', reason_code = ?2, "
				      "status_note = ?3, decided_at = ?5 WHERE id = ?1",
				      id, code, dec->note, NULL);
}

tcreg_status
tcreg__withdraw(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec, json_t *detail)
{
	(void)detail;
	return tcreg__decision_update(reg,
				      "UPDATE contract SET status = 'withdrawn', reason_code = NULL, "
				      "status_note = ?2, decided_at = ?5 WHERE id = ?1",
				      id, dec->note, NULL, NULL);
}

/* A registration number of another office: digits, 14 to 16 of them (the
 * national forms show both lengths, domain.md §c.2). */
static bool
looks_like_reg_no(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 14 && n <= 16 && strspn(s, "0123456789") == n;
}

tcreg_status
tcreg__external(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec, tcreg_diags *d,
		json_t *detail)
{
	char date[11];
	if (!looks_like_reg_no(dec->external_reg_no))
		return invalid(d, "--external", "E_REG_NO", N_("a registration number is 14 to 16 digits"), NULL,
			       dec->external_reg_no);
	if (!dec->external_agency || !*dec->external_agency)
		return invalid(d, "--agency", "E_REQUIRED", N_("name the office that registered it with --agency"),
			       NULL, NULL);
	if (!dec->external_date || tcreg_date_parse(dec->external_date, date, NULL, NULL) != TCREG_OK)
		return invalid(d, "--reg-date", "E_DATE", N_("not a date (write 2025-03-05)"), NULL,
			       dec->external_date);
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	if (strcmp(date, today) > 0)
		return invalid(d, "--reg-date", "E_DATE_FUTURE", N_("after today (%s)"), today, date);
	sqlite3_stmt *st;
	tcreg_status s;
	if ((s = tcreg__prepare(reg, &st, "SELECT 1 FROM contract WHERE reg_no = ?")) != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, dec->external_reg_no, -1, SQLITE_STATIC);
	bool taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (taken)
		return invalid(d, "--external", "E_REG_NO_TAKEN",
			       N_("another contract of this registry has this registration number"), NULL,
			       dec->external_reg_no);
	char now[20];
	tcreg__now(reg, now, NULL);
	if ((s = tcreg__prepare(reg, &st,
				"UPDATE contract SET status = 'external', reg_no = ?2, reg_date = ?3, "
				"external_agency = ?4, status_note = ?5, decided_at = ?6 WHERE id = ?1")) != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, dec->external_reg_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, dec->external_agency, -1, SQLITE_STATIC);
	tcreg__bind_text_or_null(st, 5, dec->note);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	if ((s = step_done(reg, st, "recording the registration elsewhere")) != TCREG_OK)
		return s;
	json_object_set_new(detail, "external", json_pack("{s:s, s:s, s:s}", "reg_no", dec->external_reg_no,
							  "agency", dec->external_agency, "reg_date", date));
	/* the parties as registered there; the agency is not this office */
	if ((s = tcreg__keep_parties(reg, id)) != TCREG_OK)
		return s;
	if ((s = tcreg__prepare(reg, &st, "UPDATE contract SET agency_name_reg = NULL, agency_region_reg = NULL, "
					  "agency_point_reg = NULL WHERE id = ?")) != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	return step_done(reg, st, "recording the registration elsewhere");
}

/* The open objection of a contract: its id, or 0. */
static int64_t
open_objection(tcreg_registry *reg, int64_t id)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT id FROM objection WHERE contract_id = ? AND outcome IS NULL") != TCREG_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return v;
}

/* The day the decision objected to was made: registration, or refusal. */
static bool
decided_on(tcreg_registry *reg, int64_t id, const char *status, char day[11])
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT CASE WHEN ?2 = 'rejected' THEN substr(decided_at, 1, 10) "
				     "ELSE reg_date END FROM contract WHERE id = ?1") != TCREG_OK)
		return false;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (ok)
		snprintf(day, 11, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return ok;
}

tcreg_status
tcreg__objection(tcreg_registry *reg, int64_t id, const char *status, const struct tcreg_decision *dec,
		 tcreg_diags *d, json_t *detail)
{
	if (!dec->by || !*dec->by)
		return invalid(d, "--by", "E_REQUIRED",
			       N_("say who objects with --by (the applicant, the other party, or a 财政/税务 organ)"),
			       NULL, NULL);
	if (!dec->note || !*dec->note)
		return invalid(d, "--note", "E_REQUIRED", N_("say what the objection is with --note"), NULL, NULL);
	int64_t open = open_objection(reg, id);
	if (open < 0)
		return tcreg__db_err(reg, SQLITE_ERROR, "reading objections");
	if (open > 0)
		return invalid(d, NULL, "E_OBJECTION_OPEN",
			       N_("an objection is already open; resolve it first (--resolve-objection)"), NULL, NULL);
	/* within the period the office allows after the decision */
	char day[11], today[11], last[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	int64_t days = tcreg__config_int(reg, "objection_days");
	if (decided_on(reg, id, status, day)) {
		tcreg__date_of(tcreg__days(day) + days, last);
		if (strcmp(today, last) > 0 && !dec->force)
			return invalid(d, NULL, "E_OBJECTION_LATE",
				       N_("the objection period ended on %s (objection_days after the decision); --force records it all the same"),
				       last, today);
	}
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"INSERT INTO objection(contract_id, raised_by, note, raised_at, recorded_by, "
					"status_then) VALUES (?, ?, ?, ?, ?, ?)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, dec->by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, dec->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, tcreg__operator(reg), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
	json_object_set_new(detail, "objection", json_pack("{s:s, s:s}", "by", dec->by, "note", dec->note));
	return step_done(reg, st, "saving the objection");
}

tcreg_status
tcreg__resolve(tcreg_registry *reg, int64_t id, const char *status, const struct tcreg_decision *dec,
	       tcreg_diags *d, json_t *detail)
{
	bool uphold = dec->outcome && strcmp(dec->outcome, "uphold") == 0;
	if (!uphold && !(dec->outcome && strcmp(dec->outcome, "dismiss") == 0))
		return invalid(d, "--resolve-objection", "E_OUTCOME", N_("write uphold or dismiss"), NULL,
			       dec->outcome);
	if (!dec->note || !*dec->note)
		return invalid(d, "--note", "E_REQUIRED", N_("give the reasons of the decision with --note"), NULL,
			       NULL);
	int64_t open = open_objection(reg, id);
	if (open <= 0)
		return invalid(d, NULL, "E_NO_OBJECTION", N_("no objection is open on this contract"), NULL, NULL);
	char now[20], today[11];
	tcreg__now(reg, now, today);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"UPDATE objection SET outcome = ?2, outcome_note = ?3, decided_at = ?4, "
					"decided_by = ?5 WHERE id = ?1");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, open);
	sqlite3_bind_text(st, 2, uphold ? "upheld" : "dismissed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, dec->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, tcreg__operator(reg), -1, SQLITE_STATIC);
	if ((s = step_done(reg, st, "saving the outcome")) != TCREG_OK)
		return s;
	json_object_set_new(detail, "objection_outcome", json_string(uphold ? "upheld" : "dismissed"));
	if (!uphold || strcmp(status, "rejected") != 0)
		return TCREG_OK; /* a registration stands until the office changes or revokes it */
	/* a refusal objected to with reason is reviewed again: the clock restarts */
	if ((s = tcreg__prepare(reg, &st, "UPDATE contract SET status = 'submitted', reason_code = NULL, "
					  "accept_date = ?2, status_note = ?3, decided_at = ?4 WHERE id = ?1")) != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, dec->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	json_object_set_new(detail, "accept_date", json_string(today));
	return step_done(reg, st, "reopening the application");
}
