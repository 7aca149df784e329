/* SPDX-License-Identifier: MIT
 * certificate.c - the registration certificate (登记证明); the queue of
 * contracts awaiting a decision is in queue.c.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

/* The changes registered (变更登记) on a contract, from its history: the
 * date of each and the fields it touched. */
static json_t *
changes_of(json_t *history)
{
	static const char *const bookkeeping[] = { "status", "decided_at", "certified_by", "decision", "received_fen",
						   "status_note", "batch_id", "batch_line" };
	json_t *out = json_array();
	size_t i;
	json_t *h;
	json_array_foreach(history, i, h) {
		const char *action = json_string_value(json_object_get(h, "action"));
		if (!action || strcmp(action, "change") != 0)
			continue;
		json_t *old = json_object_get(h, "old"), *new = json_object_get(h, "new"), *fields = json_array();
		const char *key;
		json_t *v;
		json_object_foreach(new, key, v) {
			bool skip = false;
			for (size_t k = 0; k < sizeof(bookkeeping) / sizeof(bookkeeping[0]); k++)
				skip = skip || strcmp(bookkeeping[k], key) == 0;
			json_t *was = json_object_get(old, key);
			if (!skip && was && !json_equal(was, v))
				json_array_append_new(fields, json_string(key));
		}
		const char *at = json_string_value(json_object_get(h, "at"));
		json_array_append_new(out, json_pack("{s:s%, s:o}", "date", at ? at : "", at ? (size_t)(strlen(at) < 10 ? strlen(at) : 10) : 0,
						     "fields", fields));
	}
	return out;
}

static json_t *
last_record(tcreg_registry *reg, int64_t id, tcreg_status *status)
{
	sqlite3_stmt *st;
	if ((*status = tcreg__prepare(reg, &st,
				      "SELECT id || ':' || hash FROM audit WHERE entity = 'contract' AND "
				      "entity_id = ? ORDER BY id DESC LIMIT 1")) != TCREG_OK)
		return json_null();
	sqlite3_bind_int64(st, 1, id);
	json_t *v = sqlite3_step(st) == SQLITE_ROW ? json_string((const char *)sqlite3_column_text(st, 0))
						   : json_null();
	sqlite3_finalize(st);
	return v;
}

tcreg_status
tcreg_certificate_tree(tcreg_registry *reg, int64_t id, json_t **out)
{
	*out = NULL;
	json_t *c;
	tcreg_status s = tcreg_contract_tree(reg, id, 1, &c); /* with its history: the changes */
	if (s != TCREG_OK)
		return s;
	if (!json_is_string(json_object_get(c, "reg_no"))) {
		json_decref(c);
		return tcreg__set_err(reg, TCREG_ERR_STATE,
				      "contract %lld was never registered, so it has no certificate",
				      (long long)id);
	}
	const char *status = json_string_value(json_object_get(c, "status"));
	if (strcmp(status, "external") == 0) {
		tcreg_status e = tcreg__set_err(reg, TCREG_ERR_STATE,
						"contract %lld was registered by %s; its certificate is that office's",
						(long long)id, json_string_value(json_object_get(c, "external_agency")));
		json_decref(c);
		return e;
	}
	/* the agency as it was when the contract was registered */
	char *name = NULL, *region = NULL, *point = NULL;
	json_t *then = json_object_get(c, "registered_by_agency");
	if (json_is_object(then)) {
		name = tcreg__strdup(json_string_value(json_object_get(then, "name")));
		region = tcreg__strdup(json_string_value(json_object_get(then, "region")));
		point = tcreg__strdup(json_string_value(json_object_get(then, "point")));
	} else {
		tcreg_agency_get(reg, &name, &region, &point);
	}
	json_t *seller = json_object_get(c, "seller"), *buyer = json_object_get(c, "buyer");
	json_t *o = json_object();
	json_object_set_new(o, "title", json_string("技术合同登记证明"));
	json_object_set_new(o, "notice", strcmp(status, "cancelled") == 0 ? json_string("已注销 (cancelled)")
					 : strcmp(status, "revoked") == 0  ? json_string("已撤销 (revoked)")
									   : json_null());
	json_object_set_new(o, "reg_no", json_incref(json_object_get(c, "reg_no")));
	json_object_set(o, "contract_no", json_object_get(c, "contract_no"));
	json_object_set_new(o, "status", json_string(status));
	json_object_set(o, "project_name", json_object_get(c, "project_name"));
	json_object_set(o, "category", json_object_get(c, "category"));
	json_object_set(o, "subtype", json_object_get(c, "subtype"));
	json_object_set_new(o, "seller", json_pack("{s:O, s:O}", "name", json_object_get(seller, "name"),
						   "uscc", json_object_get(seller, "uscc")));
	json_object_set_new(o, "buyer", json_pack("{s:O, s:O}", "name", json_object_get(buyer, "name"),
						  "uscc", json_object_get(buyer, "uscc")));
	json_object_set(o, "sign_date", json_object_get(c, "sign_date"));
	json_object_set(o, "valid_from", json_object_get(c, "valid_from"));
	json_object_set(o, "valid_to", json_object_get(c, "valid_to"));
	json_object_set(o, "total_amount_fen", json_object_get(c, "total_amount_fen"));
	json_object_set(o, "tech_amount_fen", json_object_get(c, "tech_amount_fen"));
	json_object_set(o, "declared_non_tech_fen", json_object_get(c, "declared_non_tech_fen"));
	json_object_set(o, "verified_tech_amount_fen", json_object_get(c, "verified_tech_amount_fen"));
	json_object_set_new(o, "deductions", tcreg__deductions_json(reg, id, &s));
	json_object_set(o, "reg_date", json_object_get(c, "reg_date"));
	json_object_set_new(o, "agency", name ? json_pack("{s:s, s:s, s:s}", "name", name, "region",
							  region, "point", point)
					      : json_null());
	json_object_set(o, "certified_by", json_object_get(c, "certified_by"));
	/* the audit record of the decision this certificate states: printed,
	 * it anchors the trail (audit verify --anchor) */
	json_object_set_new(o, "audit_record", last_record(reg, id, &s));
	/* a changed contract's certificate says so: each change registered */
	json_object_set_new(o, "changes", changes_of(json_object_get(c, "history")));
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "revoked") == 0) {
		json_object_set(o, "reason", json_object_get(c, "reason"));
		json_object_set(o, "status_note", json_object_get(c, "status_note"));
		json_object_set(o, "decided_at", json_object_get(c, "decided_at"));
	}
	free(name);
	free(region);
	free(point);
	json_decref(c);
	if (s != TCREG_OK) {
		json_decref(o);
		return s;
	}
	*out = o;
	return TCREG_OK;
}

tcreg_status
tcreg_certificate_json(tcreg_registry *reg, int64_t id, char **json)
{
	json_t *o;
	tcreg_status s = tcreg_certificate_tree(reg, id, &o);
	return tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
