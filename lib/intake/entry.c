/* SPDX-License-Identifier: MIT
 * entry.c - one contract typed in field by field: each answer checked at once
 * by the ledger's own rules, the whole contract checked again and stored as a
 * one-row batch, so a typed contract and an imported one are the same thing.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

const char *const *
tcreg_field_keys(void)
{
	static const char *keys[COL__COUNT + 1];
	if (!keys[0])
		for (int i = 0; i < COL__COUNT; i++)
			keys[i] = tcreg__col_key((enum tcreg__col)i);
	return keys;
}

static int
col_of(const char *key)
{
	for (int i = 0; key && i < COL__COUNT; i++)
		if (strcmp(tcreg__col_key((enum tcreg__col)i), key) == 0)
			return i;
	return -1;
}

int
tcreg_field_required(const char *key)
{
	int c = col_of(key);
	return c >= 0 && tcreg__col_required((enum tcreg__col)c);
}

static tcreg_table
table_of(int c)
{
	switch (c) {
	case COL_CATEGORY: return TCREG_TABLE_CATEGORY;
	case COL_SELLER_REGION: case COL_BUYER_REGION: return TCREG_TABLE_REGION;
	case COL_SELLER_NATURE: case COL_BUYER_NATURE: return TCREG_TABLE_NATURE;
	case COL_TECH_FIELD: return TCREG_TABLE_TECH_FIELD;
	case COL_IP_TYPE: return TCREG_TABLE_IP_TYPE;
	case COL_PAY_METHOD: return TCREG_TABLE_PAY_METHOD;
	case COL_PLAN_SOURCE: return TCREG_TABLE_PLAN_SOURCE;
	case COL_OBJECTIVE: return TCREG_TABLE_OBJECTIVE;
	case COL_FOREIGN: return TCREG_TABLE_FOREIGN;
	case COL_LICENCE_MODE: return TCREG_TABLE_LICENCE_MODE;
	case COL_ENTERPRISE_TYPE: return TCREG_TABLE_ENTERPRISE_TYPE;
	default: return TCREG_TABLE_LAST;
	}
}

tcreg_table
tcreg_field_table(const char *key)
{
	int c = col_of(key);
	return c < 0 ? TCREG_TABLE_LAST : table_of(c);
}

/* A code field's text that is no code or name: when part of the name of
 * exactly one entry, that entry's code replaces it in *copy; when of
 * several, they are listed in *shown and it is refused. */
static tcreg_status
partial_name(const tcreg_codes *codes, tcreg_table t, const char *key, const char *text, char **copy,
	     char **shown, tcreg_diags *d)
{
	const char *code;
	if (tcreg_codes_resolve(codes, t, *copy, &code) == TCREG_OK)
		return TCREG_OK;
	/* room for the whole table: every match is listed */
	size_t max = tcreg_codes_count(codes, t);
	const char **hits = calloc(max + 1, sizeof(*hits));
	if (!hits)
		return TCREG_ERR_NOMEM;
	size_t n = tcreg_codes_search(codes, t, *copy, hits, max);
	tcreg_status st = TCREG_OK;
	if (n == 1) {
		free(*copy);
		*copy = tcreg__strdup(hits[0]);
		st = *copy ? TCREG_OK : TCREG_ERR_NOMEM;
	} else if (n > 1) {
		struct tcreg__buf b;
		tcreg__buf_init(&b);
		for (size_t i = 0; i < n; i++) {
			const char *sub = t == TCREG_TABLE_CATEGORY ? tcreg_codes_extra(codes, t, hits[i]) : NULL;
			tcreg__buf_printf(&b, "%s%s %s", i ? "\n" : "", hits[i],
					  sub ? sub : tcreg_codes_name(codes, t, hits[i]));
		}
		*shown = tcreg__buf_steal(&b);
		tcreg__diags_add(d, TCREG_SEV_ERROR, 0, 0, key, "E_CODE_AMBIGUOUS",
				 N_("several entries match; type more of the name, or the code"), NULL, text);
		st = TCREG_ERR_INVALID;
	}
	free(hits);
	return st;
}

tcreg_status
tcreg_field_check(tcreg_registry *reg, const char *key, const char *text, char **shown,
		  tcreg_diags **diags)
{
	*shown = NULL;
	tcreg_diags *d = tcreg__diags_new(0);
	*diags = d;
	int c = col_of(key);
	if (!reg || !d || c < 0 || !text)
		return TCREG_ERR_USAGE;
	const tcreg_codes *codes;
	tcreg_status st = tcreg_registry_codes(reg, &codes);
	if (st != TCREG_OK)
		return st;
	tcreg_table t = table_of(c);
	char *copy = tcreg__strdup(text);
	if (!copy)
		return TCREG_ERR_NOMEM;
	tcreg__trim(copy);
	/* a code field also takes part of a name when only one entry has it */
	if (t != TCREG_TABLE_LAST && *copy) {
		st = partial_name(codes, t, key, text, &copy, shown, d);
		if (st != TCREG_OK) {
			free(copy);
			return st;
		}
	}
	/* the field's own rules, as on import: check it in an otherwise empty record */
	struct tcreg__cell cells[COL__COUNT] = { 0 };
	for (int i = 0; i < COL__COUNT; i++)
		cells[i].header = tcreg__col_key((enum tcreg__col)i);
	cells[c].text = copy;
	struct tcreg__contract k;
	tcreg__contract_from_cells(codes, NULL, tcreg__amount_ceiling(reg), cells, 0, &k, d);
	/* keep only what concerns this field */
	size_t w = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct tcreg_diag *x = &d->v[i];
		if (x->column && strcmp(x->column, key) == 0 &&
		    !(strcmp(x->code, "E_REQUIRED") == 0 && !*copy && !tcreg__col_required(c))) {
			d->v[w++] = *x;
		} else {
			free((char *)x->column);
			free((char *)x->arg);
			free((char *)x->value);
		}
	}
	d->n = w;
	d->errors = w;
	if (w > 0) {
		free(copy);
		return TCREG_ERR_INVALID;
	}
	/* how it will be stored */
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	char buf[40];
	switch (c) {
	case COL_TOTAL_AMOUNT: tcreg__buf_puts(&b, tcreg_amount_format(k.total_fen, buf, sizeof(buf))); break;
	case COL_TECH_AMOUNT: tcreg__buf_puts(&b, tcreg_amount_format(k.tech_fen, buf, sizeof(buf))); break;
	case COL_SIGN_DATE: tcreg__buf_puts(&b, k.sign_date); break;
	case COL_VALID_FROM: tcreg__buf_puts(&b, k.valid_from); break;
	case COL_VALID_TO: tcreg__buf_puts(&b, k.valid_to); break;
	case COL_SELLER_USCC: tcreg__buf_puts(&b, k.seller.uscc); break;
	case COL_BUYER_USCC: tcreg__buf_puts(&b, k.buyer.uscc); break;
	case COL_RELATED_PARTY: tcreg__buf_puts(&b, k.related < 0 ? "" : k.related ? "是" : "否"); break;
	default:
		if (t != TCREG_TABLE_LAST && *copy) {
			const char *code = NULL;
			tcreg_codes_resolve(codes, t, copy, &code);
			const char *sub = t == TCREG_TABLE_CATEGORY ? tcreg_codes_extra(codes, t, code) : NULL;
			tcreg__buf_printf(&b, "%s %s", code, t == TCREG_TABLE_CATEGORY
							      ? (sub ? sub : tcreg_codes_name(codes, t, code))
							      : tcreg_codes_name(codes, t, code));
		} else {
			tcreg__buf_puts(&b, copy);
		}
	}
	free(copy);
	*shown = tcreg__buf_steal(&b);
	return *shown ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_register_fields(tcreg_registry *reg, const char *const *keys, const char *const *values,
		      size_t n, struct tcreg_import_result **out)
{
	return tcreg_register_fields_ex(reg, keys, values, n, 0, out);
}

tcreg_status
tcreg_register_fields_ex(tcreg_registry *reg, const char *const *keys, const char *const *values,
			 size_t n, unsigned flags, struct tcreg_import_result **out)
{
	*out = NULL;
	struct tcreg_import_opts opts = { .path = "-", .display_name = "(entry)",
					  .flags = TCREG_IMPORT_FORCE | (flags & TCREG_IMPORT_UPDATE) };
	struct tcreg_import_result *res = tcreg__result_new(&opts);
	if (!res)
		return TCREG_ERR_NOMEM;
	*out = res;
	res->encoding = TCREG_ENC_UTF8;
	const tcreg_codes *codes;
	tcreg_status st = tcreg_registry_codes(reg, &codes);
	if (st != TCREG_OK)
		return st;
	char *copies[COL__COUNT] = { 0 };
	struct tcreg__cell cells[COL__COUNT] = { 0 };
	struct tcreg__buf all;
	tcreg__buf_init(&all);
	for (int i = 0; i < COL__COUNT; i++)
		cells[i].header = tcreg__col_key((enum tcreg__col)i);
	for (size_t i = 0; i < n; i++) {
		int c = col_of(keys[i]);
		if (c < 0) {
			tcreg__diags_add(res->diags, TCREG_SEV_ERROR, 0, 0, keys[i], "E_UNKNOWN_KEY",
					 N_("unknown key"), NULL, NULL);
			continue;
		}
		free(copies[c]);
		copies[c] = tcreg__strdup(values[i] ? values[i] : "");
		cells[c].text = copies[c];
		tcreg__buf_printf(&all, "%s=%s\x1f", keys[i], values[i] ? values[i] : "");
	}
	tcreg__sha256_hex(all.data ? all.data : "", all.len, res->sha256);
	tcreg__buf_release(&all);
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	struct tcreg__contract k;
	struct tcreg__batch b;
	memset(&b, 0, sizeof(b));
	tcreg__diags_mark(res->diags);
	if (tcreg_diags_errors(res->diags) ||
	    tcreg__contract_from_cells(codes, today, tcreg__amount_ceiling(reg), cells, 0, &k, res->diags) > 0) {
		res->rows = res->rejected = 1;
		st = TCREG_ERR_INVALID;
	} else {
		st = tcreg__batch_begin(&b, reg, &opts, "contracts", res);
		enum tcreg__outcome o;
		if (st == TCREG_OK)
			st = tcreg__store_contract(b.store, &k, 0, NULL, res->diags, &o);
		if (st == TCREG_OK)
			tcreg__batch_count(&b, o);
		if (st == TCREG_OK)
			res->contract_id = tcreg__store_last_contract(b.store);
		if (b.in_tx) /* a batch that failed to begin has undone itself */
			st = tcreg__batch_end(&b, "contracts", st);
	}
	for (int i = 0; i < COL__COUNT; i++)
		free(copies[i]);
	return st;
}

tcreg_status
tcreg_contracts_numbered(tcreg_registry *reg, const char *contract_no, char ***rows)
{
	*rows = NULL;
	if (!reg || !contract_no)
		return TCREG_ERR_USAGE;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT c.id, p.name, c.status FROM contract c "
					"JOIN party p ON p.id = c.seller_id WHERE c.contract_no = ? "
					"ORDER BY c.id LIMIT 50");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, contract_no, -1, SQLITE_STATIC);
	char **v = calloc(1, sizeof(*v));
	size_t count = 0;
	int rc = SQLITE_DONE;
	while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **nv = realloc(v, (count + 2) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		char *line = sqlite3_mprintf("%lld\t%s\t%s", (long long)sqlite3_column_int64(st, 0),
					     (const char *)sqlite3_column_text(st, 1),
					     (const char *)sqlite3_column_text(st, 2));
		v[count] = line ? tcreg__strdup(line) : NULL;
		sqlite3_free(line);
		if (!v[count])
			break;
		v[++count] = NULL;
	}
	sqlite3_finalize(st);
	if (!v || rc == SQLITE_ROW) {
		tcreg_strv_free(v);
		return TCREG_ERR_NOMEM;
	}
	if (rc != SQLITE_DONE) {
		tcreg_strv_free(v);
		return tcreg__db_err(reg, rc, "finding a contract");
	}
	*rows = v;
	return TCREG_OK;
}

tcreg_status
tcreg_contract_fields(tcreg_registry *reg, int64_t id, char ***values)
{
	*values = NULL;
	if (!reg)
		return TCREG_ERR_USAGE;
	char *val[COL__COUNT] = { 0 };
	tcreg_status st = tcreg__contract_values(reg, id, val);
	char **v = st == TCREG_OK ? calloc(COL__COUNT + 1, sizeof(*v)) : NULL;
	if (st == TCREG_OK && !v)
		st = TCREG_ERR_NOMEM;
	for (int i = 0; i < COL__COUNT; i++) {
		if (v) {
			v[i] = val[i] ? val[i] : tcreg__strdup("");
			if (!v[i])
				st = TCREG_ERR_NOMEM;
		} else {
			free(val[i]);
		}
	}
	if (st != TCREG_OK) {
		if (v)
			for (int i = 0; i < COL__COUNT; i++)
				free(v[i]);
		free(v);
		return st;
	}
	*values = v;
	return TCREG_OK;
}
