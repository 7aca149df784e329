/* SPDX-License-Identifier: MIT
 * commit.c - the record of a committed run: the run, every award, its
 * contracts and the money each counted, and the audit record, inside the
 * transaction the run was computed in.
 */
#include "award-run.h"

tcreg_status
tcreg__aw_record(struct run *R, int64_t total, int64_t *run_id)
{
	char now[20];
	tcreg__now(R->reg, now, NULL);
	size_t count = 0;
	for (size_t i = 0; i < R->nrows; i++)
		count += R->rows[i].award_fen > 0;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(R->reg, &st,
					"INSERT INTO award_run(policy, policy_sha256, year, operator, committed_at, "
					"awards, total_fen) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, R->p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, R->p->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, R->year);
	sqlite3_bind_text(st, 4, tcreg__operator(R->reg), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)count);
	sqlite3_bind_int64(st, 7, total);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(R->reg, rc, "award_run");
	*run_id = sqlite3_last_insert_rowid(R->reg->db);

	sqlite3_stmt *aw, *ac, *ap = NULL;
	if ((s = tcreg__prepare(R->reg, &ap,
				"INSERT INTO award_payment(policy, rule, payment_id, award_id, counted_fen) "
				"VALUES (?,?,?,?,?)")) != TCREG_OK)
		return s;
	if ((s = tcreg__prepare(R->reg, &aw,
				"INSERT INTO award(run_id, policy, rule, year, role, party_id, applicant, unit, "
				"project, base_fen, award_fen, capped) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) != TCREG_OK)
		return s;
	if ((s = tcreg__prepare(R->reg, &ac,
				"INSERT INTO award_contract(policy, rule, contract_id, award_id) VALUES (?,?,?,?)")) !=
	    TCREG_OK) {
		sqlite3_finalize(aw);
		return s;
	}
	for (size_t i = 0; i < R->nrows && s == TCREG_OK; i++) {
		const struct row *w = &R->rows[i];
		if (w->award_fen == 0)
			continue;
		const struct pol_rule *r = &R->p->rules[w->rule];
		sqlite3_reset(aw);
		sqlite3_bind_int64(aw, 1, *run_id);
		sqlite3_bind_text(aw, 2, R->p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(aw, 3, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(aw, 4, R->year);
		sqlite3_bind_text(aw, 5, tcreg__pol_role_name(r->role), -1, SQLITE_STATIC);
		if (w->party)
			sqlite3_bind_int64(aw, 6, w->party);
		else
			sqlite3_bind_null(aw, 6);
		sqlite3_bind_text(aw, 7, tcreg__aw_party_name(R, w->party), -1, SQLITE_STATIC);
		sqlite3_bind_text(aw, 8, tcreg__aw_row_unit(r), -1, SQLITE_STATIC);
		if (w->project)
			sqlite3_bind_text(aw, 9, w->project, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(aw, 9);
		sqlite3_bind_int64(aw, 10, w->base_fen);
		sqlite3_bind_int64(aw, 11, w->award_fen);
		sqlite3_bind_int(aw, 12, w->capped);
		if ((rc = sqlite3_step(aw)) != SQLITE_DONE) {
			s = tcreg__db_err(R->reg, rc, "award");
			break;
		}
		int64_t award_id = sqlite3_last_insert_rowid(R->reg->db);
		/* the money it counted, payment by payment, so that no later round
		 * counts it again */
		bool money = r->base & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED);
		char from[11] = "", to[11] = "";
		if (money && r->payments.given) {
			tcreg__pol_date(&r->payments.from, R->year, from);
			tcreg__pol_date(&r->payments.to, R->year, to);
		}
		for (uint32_t k = 0; k < w->contrib_n && s == TCREG_OK; k++) {
			const struct cand *c = &R->c[R->contrib[w->contrib_off + k]];
			sqlite3_reset(ac);
			sqlite3_bind_text(ac, 1, R->p->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(ac, 2, r->name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ac, 3, c->id);
			sqlite3_bind_int64(ac, 4, award_id);
			if ((rc = sqlite3_step(ac)) != SQLITE_DONE)
				s = tcreg__db_err(R->reg, rc, "award_contract");
			else if (money)
				s = tcreg__aw_record_money(R, ap, w->rule, from, to, c, award_id);
		}
	}
	sqlite3_finalize(aw);
	sqlite3_finalize(ac);
	sqlite3_finalize(ap);
	if (s != TCREG_OK)
		return s;
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I}", "policy", R->p->name, "policy_sha256",
			      R->p->sha256, "policy_file", R->p->path, "year", R->year, "awards", (json_int_t)count,
			      "total_award_fen", (json_int_t)total);
	char *js = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!js)
		return TCREG_ERR_NOMEM;
	s = tcreg__audit(R->reg, "award", "award_run", *run_id, 0, NULL, js);
	free(js);
	return s;
}
