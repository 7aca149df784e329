/* SPDX-License-Identifier: MIT
 * change.c - 变更登记: the fields of a registered contract changed with
 * "field=value" settings, every value checked again by the ledger's rules.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? tcreg__strdup(t) : NULL;
}

/* The fields --set can change, for the error that lists them. */
static const char *
changeable_keys(char *list, size_t n)
{
	size_t k = 0;
	list[0] = '\0';
	for (int i = 0; i < COL__COUNT; i++) {
		if (i == COL_CONTRACT_NO || i == COL_SELLER_NAME || i == COL_SELLER_USCC)
			continue;
		int m = snprintf(list + k, n - k, "%s%s", k ? ", " : "", tcreg__col_key(i));
		if (m < 0 || (size_t)m >= n - k) {
			list[k] = '\0'; /* whole keys only */
			break;
		}
		k += (size_t)m;
	}
	return list;
}

/* The ledger values of a stored contract, as a ledger row would give them
 * (codes, amounts in 元, 是/否); NULL where the contract has none. */
tcreg_status
tcreg__contract_values(tcreg_registry *reg, int64_t id, char *val[COL__COUNT])
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
			   "SELECT c.contract_no, c.project_name, c.category, s.name, s.uscc, s.region, "
			   "s.nature, b.name, b.uscc, b.region, b.nature, c.total_amount_fen, "
			   "c.tech_amount_fen, c.sign_date, c.valid_from, c.valid_to, c.tech_field, "
			   "c.ip_type, c.pay_method, c.related_party, c.note, "
			   "(SELECT x.reg_no FROM contract x WHERE x.id = c.served_contract_id), "
			   "c.plan_source, c.objective, c.foreign_trade, c.licence_mode, c.licence_years, "
			   "c.enterprise_type FROM contract c "
			   "JOIN party s ON s.id = c.seller_id JOIN party b ON b.id = c.buyer_id "
			   "WHERE c.id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < COL__COUNT; i++) {
			if (i == COL_TOTAL_AMOUNT || i == COL_TECH_AMOUNT) {
				char buf[40];
				val[i] = tcreg__strdup(tcreg_amount_format(sqlite3_column_int64(st, i), buf, sizeof(buf)));
			} else if (i == COL_RELATED_PARTY) {
				val[i] = sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
					 : tcreg__strdup(sqlite3_column_int(st, i) ? "是" : "否");
			} else {
				val[i] = dup_col(st, i);
			}
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		char text[24];
		snprintf(text, sizeof(text), "%lld", (long long)id);
		return tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no contract '%s'", text);
	}
	if (rc != SQLITE_ROW)
		return tcreg__db_err(reg, rc, "reading a contract");
	return TCREG_OK;
}

tcreg_status
tcreg__change_fields(tcreg_registry *reg, int64_t id, const char *const *set, const char *category,
		     tcreg_diags *d, int64_t *total_fen, int64_t *tech_fen)
{
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s != TCREG_OK)
		return s;
	char *val[COL__COUNT] = { 0 };
	s = tcreg__contract_values(reg, id, val);
	if (s != TCREG_OK)
		return s;
	sqlite3_stmt *st;
	int rc;
	int errors = 0;
	if (category) {
		free(val[COL_CATEGORY]);
		val[COL_CATEGORY] = tcreg__strdup(category);
	}
	bool wan[COL__COUNT] = { false };
	struct tcreg__aliases *aliases = NULL;
	for (const char *const *p = set; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		int col = -1;
		for (int i = 0; eq && i < COL__COUNT; i++)
			if (strlen(tcreg__col_key(i)) == (size_t)(eq - *p) &&
			    strncmp(tcreg__col_key(i), *p, (size_t)(eq - *p)) == 0)
				col = i;
		/* else a header as the ledger writes it: 合同成交额, 合同成交额（万元） */
		if (col < 0 && eq && (aliases || tcreg__aliases_load(reg->data_dir, TCREG_LEDGER_CONTRACTS, &aliases) == TCREG_OK)) {
			size_t kn = (size_t)(eq - *p);
			char *key = malloc(kn + 1);
			if (key) {
				memcpy(key, *p, kn);
				key[kn] = '\0';
			}
			int unit = -1;
			col = key ? tcreg__aliases_find(aliases, TCREG_LEDGER_CONTRACTS, key, &unit) : -1;
			if (col >= 0 && col < COL__COUNT)
				wan[col] = unit == 1;
			else
				col = -1;
			free(key);
		}
		if (col < 0) {
			char keys[1024];
			tcreg__diags_add(d, TCREG_SEV_ERROR, 0, 0, "--set", "E_UNKNOWN_KEY",
					 N_("write FIELD=VALUE with a ledger field, by its key or its header: %s"),
					 changeable_keys(keys, sizeof(keys)), *p);
			errors++;
			continue;
		}
		if (col == COL_CONTRACT_NO || col == COL_SELLER_NAME || col == COL_SELLER_USCC) {
			tcreg__diags_add(d, TCREG_SEV_ERROR, 0, 0, "--set", "E_NOT_CHANGEABLE",
					 N_("the contract number and the seller identify a registration and cannot change; cancel it and register the new contract"),
					 NULL, *p);
			errors++;
			continue;
		}
		free(val[col]);
		val[col] = tcreg__strdup(eq + 1);
	}
	tcreg__aliases_free(aliases);
	struct tcreg__cell cells[COL__COUNT];
	for (int i = 0; i < COL__COUNT; i++)
		cells[i] = (struct tcreg__cell){ .text = val[i], .header = tcreg__col_key(i), .unit_wan = wan[i] };
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	struct tcreg__contract c;
	if (!errors)
		errors = tcreg__contract_from_cells(codes, today, tcreg__amount_ceiling(reg), cells, 0, &c, d);
	struct tcreg__store *store = NULL;
	int64_t seller = 0, buyer = 0;
	enum tcreg__outcome o = OUT_INSERTED;
	if (!errors)
		s = tcreg__store_new(reg, 0, true, &store); /* a change may correct a party */
	if (!errors && s == TCREG_OK)
		s = tcreg__store_party(store, &c.seller, "seller_name", d, &seller, &o);
	if (!errors && s == TCREG_OK && o == OUT_INSERTED)
		s = tcreg__store_party(store, &c.buyer, "buyer_name", d, &buyer, &o);
	tcreg__store_free(store);
	int64_t served = 0;
	if (!errors && s == TCREG_OK && o == OUT_INSERTED && c.served) {
		s = tcreg__served_contract(reg, c.served, &served);
		if (s == TCREG_OK && (!served || served == id)) {
			tcreg__diags_add(d, TCREG_SEV_ERROR, 0, 0, "served_contract", "E_SERVED_UNKNOWN",
					 N_("no registered contract has this registration number"), NULL, c.served);
			errors++;
		}
	}
	if (s == TCREG_OK && (errors || o != OUT_INSERTED))
		s = TCREG_ERR_INVALID;
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &st,
				   "UPDATE contract SET seller_id = :seller_id, buyer_id = :buyer_id, "
				   "project_name = :project_name, category = :category, total_amount_fen = :total_fen, "
				   "tech_amount_fen = :tech_fen, sign_date = :sign_date, valid_from = :valid_from, "
				   "valid_to = :valid_to, tech_field = :tech_field, ip_type = :ip_type, "
				   "pay_method = :pay_method, related_party = :related_party, note = :note, "
				   "served_contract_id = :served_id, plan_source = :plan_source, objective = :objective, "
				   "foreign_trade = :foreign_trade, licence_mode = :licence_mode, "
				   "licence_years = :licence_years, enterprise_type = :enterprise_type, "
				   /* the verified amount is worked out anew by the caller in
				    * this transaction; until then it may not exceed a lowered
				    * total (the row's CHECK) */
				   "verified_tech_amount_fen = min(verified_tech_amount_fen, :total_fen) WHERE id = :id");
	struct tcreg__params p;
	if (s == TCREG_OK && (s = tcreg__contract_params(reg, &p, st, id)) != TCREG_OK)
		sqlite3_finalize(st);
	if (s == TCREG_OK) {
		tcreg__bind_contract_fields(&p, &c, seller, buyer, served);
		s = tcreg__params_check(reg, &p);
		rc = s == TCREG_OK ? sqlite3_step(st) : SQLITE_DONE;
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "changing the contract");
		*total_fen = c.total_fen;
		*tech_fen = c.tech_fen;
	}
	for (int i = 0; i < COL__COUNT; i++)
		free(val[i]);
	return s;
}
