/* SPDX-License-Identifier: MIT
 * history.c - the committed award runs, oldest first, with their awards,
 * and the money each counted and how much of it was reversed since, and
 * the contracts each rests on that were revoked since.
 */
#include "award-run.h"

tcreg_status
tcreg_award_history_tree(tcreg_registry *reg, const char *policy, json_t **out)
{
	*out = NULL;
	if (!reg)
		return TCREG_ERR_USAGE;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		"SELECT r.id, r.policy, r.policy_sha256, r.year, r.operator, r.committed_at, r.awards, "
		"r.total_fen, a.rule, a.applicant, a.role, a.base_fen, a.award_fen, a.capped, "
		"(SELECT group_concat(coalesce(c.reg_no, c.id), ' ') FROM award_contract ac "
		" JOIN contract c ON c.id = ac.contract_id WHERE ac.award_id = a.id), "
		/* the money it counted, and how much of that was reversed since:
		 * an overpayment to recover, never absorbed silently */
		"(SELECT sum(counted_fen) FROM award_payment WHERE award_id = a.id), "
		"(SELECT coalesce(sum(max(0, ap.counted_fen - max(0, p.amount_fen + "
		"  coalesce((SELECT sum(x.amount_fen) FROM payment x WHERE x.reverses_id = p.id), 0)))), 0) "
		" FROM award_payment ap JOIN payment p ON p.id = ap.payment_id WHERE ap.award_id = a.id), "
		/* its contracts revoked since (撤销: void from the start, e.g. a
		 * false contract): the award rests on nothing, to recover */
		"(SELECT group_concat(coalesce(c.reg_no, c.id), ' ') FROM award_contract ac "
		" JOIN contract c ON c.id = ac.contract_id WHERE ac.award_id = a.id AND c.status = 'revoked') "
		"FROM award_run r LEFT JOIN award a ON a.run_id = r.id "
		"WHERE ?1 IS NULL OR r.policy = ?1 ORDER BY r.id, a.id");
	if (s != TCREG_OK)
		return s;
	tcreg__bind_text_or_null(st, 1, policy);
	json_t *runs = json_array(), *cur = NULL;
	int64_t cur_id = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!cur || id != cur_id) {
			cur_id = id;
			cur = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:I, s:I, s:[]}", "run_id", (json_int_t)id,
					"policy", sqlite3_column_text(st, 1), "policy_sha256", sqlite3_column_text(st, 2),
					"year", sqlite3_column_int(st, 3), "operator", sqlite3_column_text(st, 4),
					"committed_at", sqlite3_column_text(st, 5), "awards",
					(json_int_t)sqlite3_column_int64(st, 6), "total_award_fen",
					(json_int_t)sqlite3_column_int64(st, 7), "list");
			json_array_append_new(runs, cur);
		}
		if (sqlite3_column_type(st, 8) == SQLITE_NULL)
			continue;
		const char *cs = (const char *)sqlite3_column_text(st, 14);
		json_t *contracts = json_array();
		char *copy = tcreg__strdup(cs ? cs : ""), *save = NULL;
		for (char *t = copy ? strtok_r(copy, " ", &save) : NULL; t; t = strtok_r(NULL, " ", &save))
			json_array_append_new(contracts, json_string(t));
		free(copy);
		json_array_append_new(json_object_get(cur, "list"),
				      json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:b}", "rule", sqlite3_column_text(st, 8),
						"applicant", sqlite3_column_text(st, 9), "role", sqlite3_column_text(st, 10),
						"contracts", contracts, "base_fen", (json_int_t)sqlite3_column_int64(st, 11),
						"award_fen", (json_int_t)sqlite3_column_int64(st, 12), "capped",
						sqlite3_column_int(st, 13)));
		json_t *item = json_array_get(json_object_get(cur, "list"),
					      json_array_size(json_object_get(cur, "list")) - 1);
		json_t *revoked = json_array();
		const char *rv = (const char *)sqlite3_column_text(st, 17);
		copy = tcreg__strdup(rv ? rv : "");
		for (char *t = copy ? strtok_r(copy, " ", &save) : NULL; t; t = strtok_r(NULL, " ", &save))
			json_array_append_new(revoked, json_string(t));
		free(copy);
		bool lost = json_array_size(revoked) > 0;
		if (sqlite3_column_type(st, 15) != SQLITE_NULL) {
			int64_t rev = sqlite3_column_int64(st, 16);
			json_object_set_new(item, "counted_fen", json_integer(sqlite3_column_int64(st, 15)));
			json_object_set_new(item, "reversed_fen", json_integer(rev));
			lost |= rev > 0;
		}
		json_object_set_new(item, "revoked_contracts", revoked);
		json_object_set_new(item, "overpaid", json_boolean(lost));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(runs);
		return tcreg__db_err(reg, rc, "award_run");
	}
	/* the list of each run is called "awards" in the award output; here
	 * "awards" is the count, so the list keeps its own name */
	*out = runs;
	return runs ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_award_history_json(tcreg_registry *reg, const char *policy, char **json)
{
	json_t *runs;
	tcreg_status s = tcreg_award_history_tree(reg, policy, &runs);
	return tcreg__tree_text(s, runs, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
