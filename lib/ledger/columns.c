/* SPDX-License-Identifier: MIT
 * columns.c - matching a ledger's header row to the fields, through the alias
 * tables in schemas/ (ledger-columns.csv, payment-columns.csv).  Headers are
 * compared after folding full-width forms, dropping spaces and unifying
 * parentheses; a "(万元)" suffix puts an amount column in 万元.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

struct tcreg__aliases {
	size_t n;
	char *key[TCREG__MAX_FIELDS];
	char *first[TCREG__MAX_FIELDS];   /* the usual (Chinese) name */
	char *all[TCREG__MAX_FIELDS];     /* aliases as written, for messages */
	char **norm[TCREG__MAX_FIELDS];   /* normalised aliases, NULL-terminated */
};

void
tcreg__aliases_free(struct tcreg__aliases *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->key[i]);
		free(t->first[i]);
		free(t->all[i]);
		if (t->norm[i])
			for (char **a = t->norm[i]; *a; a++)
				free(*a);
		free(t->norm[i]);
	}
	free(t);
}

static tcreg_status
alias_load(const char *dir, tcreg_ledger_kind kind, struct tcreg__aliases *t)
{
	const char *file = kind == TCREG_LEDGER_PAYMENTS ? "payment-columns.csv" : "ledger-columns.csv";
	char *text = tcreg__data_file(dir, file, NULL);
	if (!text)
		return TCREG_ERR_CONFIG;
	char *save = NULL;
	bool header = true;
	tcreg_status st = TCREG_OK;
	for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (header) {
			header = false;
			continue;
		}
		char *comma = strchr(line, ',');
		if (!comma || t->n == TCREG__MAX_FIELDS) {
			st = TCREG_ERR_CONFIG;
			break;
		}
		*comma = '\0';
		size_t i = t->n++;
		t->key[i] = tcreg__strdup(line);
		t->all[i] = tcreg__strdup(comma + 1);
		size_t count = 2;
		for (char *p = comma + 1; *p; p++)
			count += *p == '|';
		t->norm[i] = calloc(count, sizeof(char *));
		if (!t->key[i] || !t->all[i] || !t->norm[i]) {
			st = TCREG_ERR_NOMEM;
			break;
		}
		char *s2 = NULL;
		size_t k = 0;
		for (char *a = strtok_r(comma + 1, "|", &s2); a; a = strtok_r(NULL, "|", &s2)) {
			if (k == 0)
				t->first[i] = tcreg__strdup(a);
			t->norm[i][k++] = tcreg__header_norm(a);
		}
		for (char *p = t->all[i]; *p; p++)
			if (*p == '|')
				*p = '/';
	}
	free(text);
	return st;
}

static int
alias_find(const struct tcreg__aliases *t, const char *norm)
{
	for (size_t i = 0; i < t->n; i++)
		for (char **a = t->norm[i]; a && *a; a++)
			if (strcmp(*a, norm) == 0)
				return (int)i;
	return -1;
}

/* Strip a unit suffix from a normalised header: 1 = 万元, 0 = 元, -1 = none. */
static int
strip_unit(char *h)
{
	static const struct {
		const char *suffix;
		int wan;
	} units[] = { { "(万元)", 1 }, { "(万)", 1 }, { "万元", 1 }, { "(元)", 0 }, { "(人民币元)", 0 } };
	size_t n = strlen(h);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t k = strlen(units[i].suffix);
		if (n > k && strcmp(h + n - k, units[i].suffix) == 0) {
			h[n - k] = '\0';
			return units[i].wan;
		}
	}
	return -1;
}

static int
field_index(tcreg_ledger_kind kind, const char *key)
{
	int n = kind == TCREG_LEDGER_PAYMENTS ? PCOL__COUNT : COL__COUNT;
	for (int i = 0; i < n; i++) {
		const char *k = kind == TCREG_LEDGER_PAYMENTS ? tcreg__pcol_key((enum tcreg__pcol)i)
							      : tcreg__col_key((enum tcreg__col)i);
		if (strcmp(k, key) == 0)
			return i;
	}
	return -1;
}

static bool
is_amount(tcreg_ledger_kind kind, int field)
{
	if (kind == TCREG_LEDGER_PAYMENTS)
		return field == PCOL_AMOUNT;
	return field == COL_TOTAL_AMOUNT || field == COL_TECH_AMOUNT;
}

tcreg_status
tcreg__aliases_load(const char *dir, tcreg_ledger_kind kind, struct tcreg__aliases **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return TCREG_ERR_NOMEM;
	tcreg_status st = alias_load(dir, kind, *out);
	if (st != TCREG_OK) {
		tcreg__aliases_free(*out);
		*out = NULL;
	}
	return st;
}

int
tcreg__aliases_find(const struct tcreg__aliases *t, tcreg_ledger_kind kind, const char *name,
		    int *wan)
{
	*wan = -1;
	char *h = tcreg__header_norm(name);
	if (!h)
		return -1;
	int a = alias_find(t, h);
	if (a < 0) {
		*wan = strip_unit(h);
		a = *wan >= 0 ? alias_find(t, h) : -1;
	}
	free(h);
	int f = a >= 0 ? field_index(kind, t->key[a]) : -1;
	if (f >= 0 && *wan >= 0 && !is_amount(kind, f))
		f = -1;
	return f;
}

void
tcreg__header_map_release(struct tcreg__header_map *m)
{
	for (int i = 0; i < TCREG__MAX_FIELDS; i++)
		free(m->header[i]);
	memset(m, 0, sizeof(*m));
}

tcreg_status
tcreg__header_map(const char *data_dir, tcreg_ledger_kind kind, const struct tcreg__row *hdr,
		  struct tcreg__header_map *m, tcreg_diags *diags)
{
	memset(m, 0, sizeof(*m));
	for (int i = 0; i < TCREG__MAX_FIELDS; i++)
		m->field_col[i] = -1;
	m->ncols = hdr->nfields;
	struct tcreg__aliases *tp = NULL;
	tcreg_status st = tcreg__aliases_load(data_dir, kind, &tp);
	if (st != TCREG_OK)
		return st;
	struct tcreg__aliases t = *tp;
	int nfields = kind == TCREG_LEDGER_PAYMENTS ? PCOL__COUNT : COL__COUNT;
	int errors = 0;
	for (size_t c = 0; c < hdr->nfields; c++) {
		const char *raw = hdr->fields[c];
		int wan;
		int f = tcreg__aliases_find(&t, kind, raw, &wan);
		char colno[24];
		snprintf(colno, sizeof(colno), "%zu", c + 1);
		if (f < 0) {
			/* the columns tcreg adds to a rejects file: expected when a
			 * fixed rejects file comes back, and ignored without a word */
			if (strcmp(raw, "_line") == 0 || strcmp(raw, "_code") == 0 || strcmp(raw, "_reason") == 0)
				continue;
			if (*raw)
				tcreg__diags_add(diags, TCREG_SEV_WARNING, hdr->line, 0, raw,
						 "W_UNKNOWN_COLUMN", N_("unknown column, ignored"), NULL, NULL);
			else
				tcreg__diags_add(diags, TCREG_SEV_WARNING, hdr->line, 0, colno,
						 "W_UNKNOWN_COLUMN", N_("column without a header, ignored"),
						 NULL, NULL);
			continue;
		}
		if (m->field_col[f] >= 0) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, hdr->line, 0, raw, "E_HEADER_DUP",
					 N_("the same column twice (also '%s')"),
					 hdr->fields[m->field_col[f]], NULL);
			errors++;
			continue;
		}
		m->field_col[f] = (int)c;
		m->unit_wan[f] = wan == 1;
		m->header[f] = tcreg__strdup(raw);
	}
	for (int f = 0; st == TCREG_OK && f < nfields; f++) {
		if (m->header[f])
			continue;
		const char *key = kind == TCREG_LEDGER_PAYMENTS ? tcreg__pcol_key((enum tcreg__pcol)f)
								: tcreg__col_key((enum tcreg__col)f);
		int a = -1;
		for (size_t i = 0; i < t.n; i++)
			if (strcmp(t.key[i], key) == 0)
				a = (int)i;
		m->header[f] = tcreg__strdup(a >= 0 ? t.first[a] : key);
		bool required = kind == TCREG_LEDGER_PAYMENTS
					? (f == PCOL_PAY_DATE || f == PCOL_AMOUNT || f == PCOL_VOUCHER)
					: tcreg__col_required((enum tcreg__col)f);
		if (required) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, hdr->line, 0, m->header[f],
					 "E_HEADER_MISSING",
					 N_("required column missing; accepted names: %s"),
					 a >= 0 ? t.all[a] : key, NULL);
			errors++;
		}
	}
	if (st == TCREG_OK && kind == TCREG_LEDGER_PAYMENTS && m->field_col[PCOL_REG_NO] < 0 &&
	    (m->field_col[PCOL_SELLER_NAME] < 0 || m->field_col[PCOL_CONTRACT_NO] < 0)) {
		tcreg__diags_add(diags, TCREG_SEV_ERROR, hdr->line, 0, m->header[PCOL_REG_NO],
				 "E_HEADER_MISSING",
				 N_("required column missing; accepted names: %s"),
				 "登记编号, or 卖方名称 and 合同编号", NULL);
		errors++;
	}
	tcreg__aliases_free(tp);
	if (st == TCREG_OK && errors)
		st = TCREG_ERR_INVALID;
	return st;
}
