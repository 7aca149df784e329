/* SPDX-License-Identifier: MIT
 * import.c - batch import of a contract or payment ledger: read every row,
 * check every field, decide every row's outcome, all in one transaction, and
 * report every problem in one pass.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

#define PROGRESS_EVERY 2048 /* rows between progress callbacks */

struct run {
	tcreg_registry *reg;
	const struct tcreg_import_opts *opts;
	struct tcreg_import_result *res;
	struct tcreg__batch batch;
	struct tcreg__ledger *ledger;
	struct tcreg__header_map map;
	struct tcreg__rejects *rejects;
	const tcreg_codes *codes;
	char today[11];
	char err[256];
};

static bool
blank_row(const struct tcreg__row *row)
{
	for (size_t i = 0; i < row->nfields; i++) {
		char *f = row->fields[i];
		tcreg__trim(f);
		if (*f)
			return false;
	}
	return true;
}

/* Cells of the row for each field, as the header map says. */
static void
cells_of(struct run *r, const struct tcreg__row *row, struct tcreg__cell *cells, int nfields)
{
	for (int f = 0; f < nfields; f++) {
		int c = r->map.field_col[f];
		cells[f] = (struct tcreg__cell){
			.text = c >= 0 && (size_t)c < row->nfields ? row->fields[c] : NULL,
			.header = r->map.header[f],
			.line = row->line,
			.unit_wan = r->map.unit_wan[f],
		};
	}
}

static tcreg_status
reject(struct run *r, const struct tcreg__row *row)
{
	tcreg_diags *d = r->res->diags;
	return tcreg__rejects_write(r->rejects, row, d->row_code, d->row_msgid, d->row_arg);
}

static tcreg_status
one_row(struct run *r, const struct tcreg__row *row)
{
	tcreg_diags *d = r->res->diags;
	tcreg__diags_mark(d);
	if (row->error_code) {
		char value[201];
		snprintf(value, sizeof(value), "%s", row->nfields ? row->fields[0] : "");
		tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, NULL, row->error_code,
				 row->error_msgid, NULL, value);
		tcreg__batch_count(&r->batch, OUT_REJECTED);
		if (tcreg__ledger_fatal(r->ledger))
			r->batch.fatal = true;
		return reject(r, row);
	}
	if (blank_row(row))
		return TCREG_OK; /* an empty row holds nothing to lose */
	if (row->nfields < r->map.ncols) {
		char arg[48];
		snprintf(arg, sizeof(arg), "%zu < %zu", row->nfields, r->map.ncols);
		tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, NULL, "E_COLUMNS",
				 N_("too few fields (found < expected: %s)"), arg, NULL);
		tcreg__batch_count(&r->batch, OUT_REJECTED);
		return reject(r, row);
	}
	for (size_t i = r->map.ncols; i < row->nfields; i++) {
		/* Excel pads rows with empty cells; only data beyond the header counts */
		if (*tcreg__trim(row->fields[i])) {
			char arg[48];
			snprintf(arg, sizeof(arg), "%zu > %zu", row->nfields, r->map.ncols);
			tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, NULL, "E_COLUMNS",
					 N_("too many fields (found > expected: %s)"), arg,
					 row->fields[i]);
			tcreg__batch_count(&r->batch, OUT_REJECTED);
			return reject(r, row);
		}
	}

	enum tcreg__outcome o;
	tcreg_status st;
	const char *const *names = (const char *const *)r->map.header;
	if (r->opts->kind == TCREG_LEDGER_PAYMENTS) {
		struct tcreg__cell cells[PCOL__COUNT];
		struct tcreg__payment p;
		cells_of(r, row, cells, PCOL__COUNT);
		if (tcreg__payment_from_cells(r->today, cells, row->line, &p, d) > 0) {
			tcreg__batch_count(&r->batch, OUT_REJECTED);
			return reject(r, row);
		}
		st = tcreg__store_payment(r->batch.store, &p, row->line, names, d, &o);
	} else {
		struct tcreg__cell cells[COL__COUNT];
		struct tcreg__contract c;
		cells_of(r, row, cells, COL__COUNT);
		if (tcreg__contract_from_cells(r->codes, r->today, cells, row->line, &c, d) > 0) {
			tcreg__batch_count(&r->batch, OUT_REJECTED);
			return reject(r, row);
		}
		st = tcreg__store_contract(r->batch.store, &c, row->line, names, d, &o);
	}
	if (st != TCREG_OK)
		return st;
	tcreg__batch_count(&r->batch, o);
	if (o == OUT_CONFLICT || o == OUT_REJECTED)
		return reject(r, row);
	return TCREG_OK;
}

static tcreg_status
read_rows(struct run *r)
{
	tcreg_diags *d = r->res->diags;
	const struct tcreg__row *row;
	tcreg_status st = tcreg__ledger_next(r->ledger, &row, r->err, sizeof(r->err));
	if (st == TCREG_OK && !row) {
		tcreg__diags_add(d, TCREG_SEV_ERROR, 1, 0, NULL, "E_EMPTY",
				 N_("the file is empty: no header row"), NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	r->res->encoding = tcreg__ledger_encoding(r->ledger);
	r->res->delimiter = tcreg__ledger_delim(r->ledger);
	if (st != TCREG_OK)
		goto read_error;
	if (row->error_code) {
		tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, NULL, row->error_code,
				 row->error_msgid, NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	st = tcreg__header_map(r->reg->data_dir, r->opts->kind, row, &r->map, d);
	if (st != TCREG_OK)
		return st; /* nothing is read past a header that cannot be used */
	if (r->opts->rejects_path) {
		st = tcreg__rejects_open(&r->rejects, r->opts->rejects_path, r->res->encoding,
					 r->res->delimiter, row);
		if (st == TCREG_ERR_CANTCREAT)
			return tcreg__set_err(r->reg, st, "cannot create the rejects file '%s'",
					      r->opts->rejects_path);
		if (st != TCREG_OK)
			return st;
	}
	for (long n = 0;; n++) {
		if (r->opts->progress && n % PROGRESS_EVERY == 0)
			r->opts->progress(r->opts->progress_ud, tcreg__ledger_bytes_read(r->ledger),
					  tcreg__ledger_size(r->ledger));
		st = tcreg__ledger_next(r->ledger, &row, r->err, sizeof(r->err));
		if (st != TCREG_OK)
			goto read_error;
		if (!row)
			break;
		st = one_row(r, row);
		if (st != TCREG_OK)
			return st;
	}
	if (r->opts->progress)
		r->opts->progress(r->opts->progress_ud, tcreg__ledger_bytes_read(r->ledger),
				  tcreg__ledger_size(r->ledger));
	return TCREG_OK;

read_error:
	if (st == TCREG_ERR_INVALID) {
		/* bytes that are not valid in the file's encoding: nothing after them is
		 * trustworthy, so the whole file fails */
		char where[300];
		snprintf(where, sizeof(where), "byte %s", r->err);
		tcreg__diags_add(d, TCREG_SEV_ERROR, tcreg__ledger_err_line(r->ledger), 0, NULL,
				 "E_ENCODING",
				 N_("not valid %s text; give the right --encoding"),
				 tcreg_encoding_name(r->res->encoding), where);
		r->batch.fatal = true;
		return TCREG_ERR_INVALID;
	}
	if (st == TCREG_ERR_IO)
		return tcreg__set_err(r->reg, st, "reading '%s': %s", r->res->file, r->err);
	return st;
}

tcreg_status
tcreg_import(tcreg_registry *reg, const struct tcreg_import_opts *opts,
	     struct tcreg_import_result **out)
{
	*out = NULL;
	if (!reg || !opts || !opts->path)
		return TCREG_ERR_USAGE;
	struct run r = { .reg = reg, .opts = opts };
	r.res = tcreg__result_new(opts);
	if (!r.res)
		return TCREG_ERR_NOMEM;
	*out = r.res;
	tcreg__now(reg, (char[20]){ 0 }, r.today);
	tcreg_status st = tcreg_registry_codes(reg, &r.codes);
	if (st != TCREG_OK)
		return st;
	st = tcreg__ledger_open(&r.ledger, opts->path, opts->encoding, r.err, sizeof(r.err));
	if (st != TCREG_OK) {
		if (st == TCREG_ERR_NOINPUT)
			tcreg__set_err(reg, st, "cannot read '%s': %s", r.res->file, r.err);
		return st;
	}
	const char *kind = opts->kind == TCREG_LEDGER_PAYMENTS ? "payments" : "contracts";
	st = tcreg__batch_begin(&r.batch, reg, opts, kind, r.res);
	if (st == TCREG_OK)
		st = read_rows(&r);
	if (st == TCREG_ERR_INVALID && !r.batch.fatal && r.map.ncols == 0)
		r.batch.fatal = true; /* the header was unusable: no row was read */
	tcreg__ledger_sha256(r.ledger, r.res->sha256);
	tcreg_status rst = tcreg__rejects_close(r.rejects);
	st = tcreg__batch_end(&r.batch, kind, st);
	if (st == TCREG_OK && rst != TCREG_OK)
		st = tcreg__set_err(reg, rst, "writing the rejects file '%s' failed", opts->rejects_path);
	tcreg__header_map_release(&r.map);
	tcreg__ledger_close(r.ledger);
	return st;
}
