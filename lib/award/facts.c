/* SPDX-License-Identifier: MIT
 * facts.c - figures an award needs that the registry does not hold: an
 * applicant's invoiced technology income and the VAT it actually paid
 * (Shenzhen), given as a CSV next to the run.  Read with the ledger reader,
 * so GB18030, BOMs and 万元 columns work as they do for ledgers.
 */
#include <stdlib.h>
#include <string.h>

#include "award.h"
#include "tcreg-private.h"

static const struct {
	const char *key;
	const char *aliases; /* normalised header names, '|' separated */
} columns[] = {
	{ "applicant", "|applicant|申请人|申请单位|单位名称|统一社会信用代码|" },
	{ "invoiced", "|invoiced|开票金额|发票金额|开具发票金额|" },
	{ "vat_paid", "|vat_paid|实缴增值税|已缴增值税|实际缴纳增值税|" },
};
enum { F_APPLICANT, F_INVOICED, F_VAT, F__N };

static int
column_of(const char *header, bool *wan)
{
	char *n = tcreg__header_norm(header);
	if (!n)
		return -1;
	*wan = false;
	size_t len = strlen(n);
	const char *suffix[] = { "(万元)", "(元)" };
	for (int s = 0; s < 2; s++) {
		size_t k = strlen(suffix[s]);
		if (len > k && strcmp(n + len - k, suffix[s]) == 0) {
			n[len - k] = '\0';
			*wan = s == 0;
			break;
		}
	}
	/* the aliases are compared as the header is: normalised */
	int found = -1;
	for (int i = 0; i < F__N && found < 0; i++) {
		char *list = tcreg__strdup(columns[i].aliases), *save = NULL;
		for (char *a = list ? strtok_r(list, "|", &save) : NULL; a && found < 0; a = strtok_r(NULL, "|", &save)) {
			char *an = tcreg__header_norm(a);
			if (an && strcmp(an, n) == 0)
				found = i;
			free(an);
		}
		free(list);
	}
	free(n);
	return found;
}

int
tcreg__party_named(tcreg_registry *reg, const char *text, int64_t *id)
{
	char uscc[19];
	const char *code, *msgid;
	sqlite3_stmt *st;
	bool by_uscc = tcreg_uscc_check(text, uscc, &code, &msgid) == TCREG_OK;
	if (tcreg__prepare(reg, &st, by_uscc ? "SELECT id FROM party WHERE uscc = ?"
					     : "SELECT id FROM party WHERE name = ? LIMIT 2") != TCREG_OK)
		return -1;
	sqlite3_bind_text(st, 1, by_uscc ? uscc : text, -1, SQLITE_TRANSIENT);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static int
cmp_fact(const void *a, const void *b)
{
	const struct award_fact *x = a, *y = b;
	return (x->party_id > y->party_id) - (x->party_id < y->party_id);
}

tcreg_status
tcreg__facts_load(tcreg_registry *reg, const char *path, struct award_facts *out, tcreg_diags *diags)
{
	memset(out, 0, sizeof(*out));
	char errbuf[256];
	struct tcreg__ledger *l;
	tcreg_status st = tcreg__ledger_open(&l, path, TCREG_ENC_AUTO, false, NULL, NULL, errbuf, sizeof(errbuf));
	if (st != TCREG_OK)
		return tcreg__set_err(reg, st, "%s: %s", path, errbuf);
	const struct tcreg__row *row;
	int col[F__N] = { -1, -1, -1 };
	bool wan[F__N] = { false, false, false };
	char *hdr[F__N] = { NULL, NULL, NULL };
	size_t errors = diags->errors;
	bool header = true;
	while ((st = tcreg__ledger_next(l, &row, errbuf, sizeof(errbuf))) == TCREG_OK && row) {
		if (row->error_code) {
			tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, NULL, row->error_code,
					 row->error_msgid, NULL, NULL);
			if (tcreg__ledger_fatal(l))
				break;
			continue;
		}
		if (header) {
			header = false;
			for (size_t i = 0; i < row->nfields; i++) {
				bool w;
				int c = column_of(row->fields[i], &w);
				if (c < 0) {
					tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, row->fields[i],
							 "E_HEADER", N_("unknown column"), NULL, row->fields[i]);
					continue;
				}
				if (col[c] >= 0) {
					tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, row->fields[i],
							 "E_HEADER", N_("the same column twice"), NULL, row->fields[i]);
					continue;
				}
				col[c] = (int)i;
				wan[c] = w;
				hdr[c] = tcreg__strdup(row->fields[i]);
			}
			/* the rows are still checked when only an unknown column is wrong */
			if (col[F_APPLICANT] < 0) {
				tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, NULL, "E_HEADER",
						 N_("missing column '%s'"), "applicant", NULL);
				break;
			}
			continue;
		}
		bool blank = true;
		for (size_t i = 0; i < row->nfields; i++)
			blank &= *tcreg__trim(row->fields[i]) == '\0';
		if (blank)
			continue;
		struct award_fact f = { .invoiced_fen = -1, .vat_paid_fen = -1, .line = row->line };
		const char *who = (size_t)col[F_APPLICANT] < row->nfields ? row->fields[col[F_APPLICANT]] : "";
		const char *why = NULL;
		if (!*who)
			tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, hdr[F_APPLICANT], "E_REQUIRED",
					 N_("required"), NULL, NULL);
		else {
			int n = tcreg__party_named(reg, who, &f.party_id);
			why = n < 0 ? N_("cannot read the registry")
			      : n == 0 ? N_("no party of this name or credit code in the registry")
				       : N_("several parties have this name; give the credit code");
			if (n != 1) {
				f.party_id = -1;
				tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, hdr[F_APPLICANT], "E_PARTY",
						 why, NULL, who);
			}
		}
		for (int c = F_INVOICED; c <= F_VAT; c++) {
			if (col[c] < 0 || (size_t)col[c] >= row->nfields || !*row->fields[col[c]])
				continue;
			int64_t fen;
			const char *code, *msgid;
			if (tcreg_amount_parse(row->fields[col[c]], wan[c], &fen, &code, &msgid) != TCREG_OK)
				tcreg__diags_add(diags, TCREG_SEV_ERROR, row->line, 0, hdr[c], code, msgid, NULL,
						 row->fields[col[c]]);
			else if (c == F_INVOICED)
				f.invoiced_fen = fen;
			else
				f.vat_paid_fen = fen;
		}
		if (f.party_id <= 0)
			continue;
		struct award_fact *nv = realloc(out->v, (out->n + 1) * sizeof(*nv));
		if (!nv) {
			st = TCREG_ERR_NOMEM;
			break;
		}
		out->v = nv;
		out->v[out->n++] = f;
	}
	if (st == TCREG_ERR_INVALID && !tcreg__ledger_nul_diag(l, diags)) /* bad bytes: the reader says where */
		tcreg__diags_add(diags, TCREG_SEV_ERROR, tcreg__ledger_err_line(l), 0, NULL, "E_ENCODING",
				 N_("not valid text in the file's encoding"), NULL, errbuf);
	tcreg__ledger_close(l);
	if (out->n > 1) {
		qsort(out->v, out->n, sizeof(*out->v), cmp_fact);
		for (size_t i = 1; i < out->n; i++)
			if (out->v[i].party_id == out->v[i - 1].party_id) {
				char prev[32];
				snprintf(prev, sizeof(prev), "%ld", out->v[i - 1].line);
				tcreg__diags_add(diags, TCREG_SEV_ERROR, out->v[i].line, 0, hdr[F_APPLICANT],
						 "E_DUPLICATE", N_("the same applicant as on line %s"), prev, NULL);
			}
	}
	for (int c = 0; c < F__N; c++)
		free(hdr[c]);
	if (st == TCREG_ERR_NOMEM)
		return st;
	return diags->errors > errors ? TCREG_ERR_INVALID : TCREG_OK;
}

const struct award_fact *
tcreg__facts_find(const struct award_facts *f, int64_t party_id)
{
	struct award_fact key = { .party_id = party_id };
	return f->n ? bsearch(&key, f->v, f->n, sizeof(key), cmp_fact) : NULL;
}
