/* SPDX-License-Identifier: MIT
 * import.c - batch import of a contract or payment ledger: read every row,
 * check every field, decide every row's outcome, all in one transaction, and
 * report every problem in one pass.
 *
 * Reading and checking (decoding, CSV, every field) and storing (SQLite) each
 * take about half the time, so they run in two threads: a reader fills blocks
 * of checked rows, the caller's thread stores them in file order.  Memory is
 * bounded by the few blocks in flight.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

#define BLOCK_ROWS 256
#define NBLOCKS 4

enum item_kind { IT_SKIP, IT_BAD, IT_VALID };

struct item {
	enum item_kind kind;
	long line;
	size_t field0, nfields; /* into the block's field offsets */
	size_t diag0, ndiag;    /* this row's problems in the block's diagnostics */
	const char *row_code, *row_msgid;
	char row_arg[256];
	size_t note0, nnotes;   /* a workbook's unreadable cells, in the block's notes */
	bool fatal;
	union {
		struct tcreg__contract c;
		struct tcreg__payment p;
	} v;
};

struct block {
	struct item items[BLOCK_ROWS];
	size_t n;
	struct tcreg__buf arena; /* the rows' fields */
	size_t *offs;
	size_t noffs, cap_offs;
	char **ptrs;
	size_t cap_ptrs;
	tcreg_diags *diags;
	struct tcreg__cell_note *notes;
	size_t nnotes, cap_notes;
	uint64_t bytes_read;
	bool last;        /* nothing follows */
	tcreg_status end; /* on the last block: how reading ended */
	char err[256];
};

struct run {
	tcreg_registry *reg;
	const struct tcreg_import_opts *opts;
	struct tcreg_import_result *res;
	struct tcreg__batch batch;
	struct tcreg__ledger *ledger;
	struct tcreg__header_map map;
	struct tcreg__rejects *rejects;
	const tcreg_codes *codes;
	bool cells;        /* a workbook: problems are placed at their cells */
	char **hdr_names;  /* the header as read, for those places */
	size_t nhdr;
	char today[11];
	int64_t ceiling_fen; /* read before the reader thread starts: one connection */
	struct tcreg__hashtab rejected; /* contracts of rejected rows (rejected-keys.c) */
	char err[256];

	struct block blocks[NBLOCKS];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int full[NBLOCKS], nfull, free_[NBLOCKS], nfree;
	bool abort;
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
			.col = r->cells && c >= 0 ? c + 1 : 0,
			.unit_wan = r->map.unit_wan[f],
		};
	}
}

static struct tcreg__row
row_view(const struct block *b, const struct item *it)
{
	return (struct tcreg__row){ .line = it->line, .nfields = it->nfields,
				    .fields = b->ptrs + it->field0 };
}

/* The cell of a contract field in the row as written, or NULL. */
static const char *
cell(const struct run *r, const struct tcreg__row *row, enum tcreg__col f)
{
	int c = r->map.field_col[f];
	return c >= 0 && (size_t)c < row->nfields ? row->fields[c] : NULL;
}

/* A contract row naming the same contract as a row rejected before it: the
 * file's duplicate, reported now (the rejected row was not stored, so the
 * store cannot find it).  True when it was. */
static bool
duplicate_of_rejected(struct run *r, const struct tcreg__row *row, tcreg_diags *d)
{
	const char *seller = cell(r, row, COL_SELLER_NAME), *no = cell(r, row, COL_CONTRACT_NO);
	long first = tcreg__rejected_line(&r->rejected, seller, no);
	if (!first)
		return false;
	char l[24];
	snprintf(l, sizeof(l), "%ld", first);
	const char *const *names = (const char *const *)r->map.header;
	tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, names[COL_CONTRACT_NO], "E_DUP_IN_FILE",
			 N_("the same contract as line %s (same seller and contract number)"), l, no);
	return true;
}

/* A workbook's problems that name a column but no cell: the column's
 * place in the header gives the cell (the header's own problems too). */
static void
locate(const struct run *r, tcreg_diags *d, size_t from)
{
	for (size_t i = from; r->cells && i < d->n; i++) {
		struct tcreg_diag *x = &d->v[i];
		if (x->col || !x->column)
			continue;
		for (size_t c = 0; c < r->nhdr && !x->col; c++)
			if (strcmp(r->hdr_names[c], x->column) == 0)
				x->col = (long)c + 1;
		/* a column without a header is named by its number */
		size_t n = strlen(x->column);
		if (!x->col && n > 0 && n < 6 && strspn(x->column, "0123456789") == n)
			x->col = atol(x->column);
	}
}

static bool
keep_header(struct run *r, const struct tcreg__row *hdr)
{
	r->hdr_names = calloc(hdr->nfields ? hdr->nfields : 1, sizeof(char *));
	if (!r->hdr_names)
		return false;
	for (size_t c = 0; c < hdr->nfields; c++) {
		if (!(r->hdr_names[c] = tcreg__strdup(hdr->fields[c])))
			return false;
		r->nhdr = c + 1;
	}
	return true;
}

/* ---- the reader: fills a block with checked rows ---- */

static bool
copy_row(struct block *b, const struct tcreg__row *row, struct item *it)
{
	if (b->noffs + row->nfields > b->cap_offs) {
		size_t cap = (b->cap_offs ? b->cap_offs : 1024);
		while (cap < b->noffs + row->nfields)
			cap *= 2;
		size_t *o = realloc(b->offs, cap * sizeof(*o));
		if (!o)
			return false;
		b->offs = o;
		b->cap_offs = cap;
	}
	if (b->nnotes + row->nnotes > b->cap_notes) {
		size_t cap = (b->nnotes + row->nnotes) * 2;
		struct tcreg__cell_note *v = realloc(b->notes, cap * sizeof(*v));
		if (!v)
			return false;
		b->notes = v;
		b->cap_notes = cap;
	}
	it->note0 = b->nnotes;
	it->nnotes = row->nnotes;
	for (size_t i = 0; i < row->nnotes; i++)
		b->notes[b->nnotes++] = row->notes[i];
	it->field0 = b->noffs;
	it->nfields = row->nfields;
	for (size_t i = 0; i < row->nfields; i++) {
		b->offs[b->noffs++] = b->arena.len;
		tcreg__buf_append(&b->arena, row->fields[i], strlen(row->fields[i]) + 1);
	}
	return !b->arena.failed;
}

/* The row's unreadable cells (a workbook's) are errors at those cells. */
static int
add_notes(const struct run *r, const struct block *b, const struct item *it, tcreg_diags *d)
{
	for (size_t k = 0; k < it->nnotes; k++) {
		const struct tcreg__cell_note *n = &b->notes[it->note0 + k];
		const char *column = (size_t)n->col <= r->nhdr ? r->hdr_names[n->col - 1] : NULL;
		tcreg__diags_add(d, TCREG_SEV_ERROR, it->line, n->col, column, n->code, n->msgid,
				 n->arg[0] ? n->arg : NULL, n->value[0] ? n->value : NULL);
	}
	return (int)it->nnotes;
}

/* Check one copied row; its problems go to the block's diagnostics. */
static void
check_row(struct run *r, struct block *b, struct item *it)
{
	tcreg_diags *d = b->diags;
	struct tcreg__row row = row_view(b, it);
	size_t before = d->n;
	tcreg__diags_mark(d);
	if (it->row_code) { /* malformed record, found by the reader */
		char value[201];
		snprintf(value, sizeof(value), "%s", row.nfields ? row.fields[0] : "");
		tcreg__diags_add(d, TCREG_SEV_ERROR, row.line, 0, NULL, it->row_code, it->row_msgid,
				 NULL, value);
		it->kind = IT_BAD;
	} else if (blank_row(&row) && it->nnotes == 0) {
		it->kind = IT_SKIP; /* an empty row holds nothing to lose */
	} else if (row.nfields < r->map.ncols) {
		char arg[48];
		snprintf(arg, sizeof(arg), "%zu < %zu", row.nfields, r->map.ncols);
		tcreg__diags_add(d, TCREG_SEV_ERROR, row.line, 0, NULL, "E_COLUMNS",
				 N_("too few fields (found < expected: %s)"), arg, NULL);
		it->kind = IT_BAD;
	} else {
		it->kind = IT_VALID;
		int notes = add_notes(r, b, it, d);
		for (size_t i = r->map.ncols; i < row.nfields && it->kind == IT_VALID; i++) {
			/* Excel pads rows with empty cells; only data beyond the header counts */
			if (*tcreg__trim(row.fields[i])) {
				char arg[48];
				snprintf(arg, sizeof(arg), "%zu > %zu", row.nfields, r->map.ncols);
				tcreg__diags_add(d, TCREG_SEV_ERROR, row.line, r->cells ? (long)i + 1 : 0,
						 NULL, "E_COLUMNS",
						 N_("too many fields (found > expected: %s)"), arg,
						 row.fields[i]);
				it->kind = IT_BAD;
			}
		}
		if (it->kind == IT_VALID) {
			int errors = notes;
			size_t checks = d->n;
			if (r->opts->kind == TCREG_LEDGER_PAYMENTS) {
				struct tcreg__cell cells[PCOL__COUNT];
				cells_of(r, &row, cells, PCOL__COUNT);
				errors += tcreg__payment_from_cells(r->today, r->ceiling_fen, cells, row.line, &it->v.p, d);
			} else {
				struct tcreg__cell cells[COL__COUNT];
				cells_of(r, &row, cells, COL__COUNT);
				errors += tcreg__contract_from_cells(r->codes, r->today, r->ceiling_fen, cells, row.line,
								     &it->v.c, d);
			}
			/* a cell already reported unreadable is not also reported empty */
			for (size_t k = 0; k < it->nnotes; k++)
				tcreg__diags_drop_at(d, checks, b->notes[it->note0 + k].col);
			if (errors)
				it->kind = IT_BAD;
		}
	}
	it->diag0 = before;
	it->ndiag = d->n - before;
	it->row_code = d->row_code;
	it->row_msgid = d->row_msgid;
	snprintf(it->row_arg, sizeof(it->row_arg), "%s", d->row_arg);
}

static void
produce(struct run *r, struct block *b)
{
	b->n = b->noffs = b->nnotes = 0;
	b->last = false;
	b->end = TCREG_OK;
	tcreg__buf_reset(&b->arena);
	tcreg__diags_reset(b->diags);
	while (b->n < BLOCK_ROWS) {
		if (__atomic_load_n(&r->abort, __ATOMIC_RELAXED)) {
			b->last = true;
			break;
		}
		const struct tcreg__row *row;
		tcreg_status st = tcreg__ledger_next(r->ledger, &row, b->err, sizeof(b->err));
		if (st != TCREG_OK || !row) {
			b->last = true;
			b->end = st;
			break;
		}
		struct item *it = &b->items[b->n];
		memset(it, 0, offsetof(struct item, v));
		it->line = row->line;
		it->row_code = row->error_code;
		it->row_msgid = row->error_msgid;
		it->fatal = row->error_code && tcreg__ledger_fatal(r->ledger);
		if (!copy_row(b, row, it)) {
			b->last = true;
			b->end = TCREG_ERR_NOMEM;
			break;
		}
		b->n++;
	}
	/* the arena is complete: point at the fields and check every row */
	if (b->noffs > b->cap_ptrs) {
		char **p = realloc(b->ptrs, b->noffs * sizeof(*p));
		if (!p) {
			b->n = 0;
			b->last = true;
			b->end = TCREG_ERR_NOMEM;
			return;
		}
		b->ptrs = p;
		b->cap_ptrs = b->noffs;
	}
	for (size_t i = 0; i < b->noffs; i++)
		b->ptrs[i] = b->arena.data + b->offs[i];
	for (size_t i = 0; i < b->n; i++)
		check_row(r, b, &b->items[i]);
	b->bytes_read = tcreg__ledger_bytes_read(r->ledger);
}

static void *
reader(void *arg)
{
	struct run *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (r->nfree == 0 && !r->abort)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->abort) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		int k = r->free_[--r->nfree];
		pthread_mutex_unlock(&r->mu);
		struct block *b = &r->blocks[k];
		produce(r, b);
		pthread_mutex_lock(&r->mu);
		r->full[r->nfull++] = k; /* FIFO below keeps file order */
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (b->last)
			return NULL;
	}
}

/* ---- the writer: stores a block's rows in order ---- */

static tcreg_status
consume(struct run *r, struct block *b)
{
	tcreg_diags *d = r->res->diags;
	for (size_t i = 0; i < b->n; i++) {
		struct item *it = &b->items[i];
		struct tcreg__row row = row_view(b, it);
		if (it->kind == IT_SKIP)
			continue;
		if (it->kind == IT_BAD) {
			for (size_t k = it->diag0; k < it->diag0 + it->ndiag; k++) {
				const struct tcreg_diag *x = tcreg_diags_get(b->diags, k);
				tcreg__diags_add(d, x->severity, x->line, x->col, x->column, x->code,
						 x->msgid, x->arg, x->value);
			}
			tcreg__batch_count(&r->batch, OUT_REJECTED);
			if (it->fatal)
				r->batch.fatal = true;
			if (r->opts->kind != TCREG_LEDGER_PAYMENTS)
				tcreg__rejected_note(&r->rejected, cell(r, &row, COL_SELLER_NAME),
						     cell(r, &row, COL_CONTRACT_NO), row.line);
			tcreg_status st = tcreg__rejects_write_all(r->rejects, &row, b->diags, it->diag0,
								   it->diag0 + it->ndiag, it->row_code,
								   it->row_msgid, it->row_arg);
			if (st != TCREG_OK)
				return st;
			continue;
		}
		enum tcreg__outcome o = OUT_REJECTED;
		const char *const *names = (const char *const *)r->map.header;
		tcreg__diags_mark(d);
		tcreg_status st = TCREG_OK;
		if (r->opts->kind == TCREG_LEDGER_PAYMENTS)
			st = tcreg__store_payment(r->batch.store, &it->v.p, row.line, names, d, &o);
		else if (!duplicate_of_rejected(r, &row, d))
			st = tcreg__store_contract(r->batch.store, &it->v.c, row.line, names, d, &o);
		if (st != TCREG_OK)
			return st;
		locate(r, d, d->mark_at);
		tcreg__batch_count(&r->batch, o);
		if ((o == OUT_CONFLICT || o == OUT_REJECTED) && r->opts->kind != TCREG_LEDGER_PAYMENTS)
			tcreg__rejected_note(&r->rejected, cell(r, &row, COL_SELLER_NAME), cell(r, &row, COL_CONTRACT_NO),
					     row.line);
		if (o == OUT_CONFLICT || o == OUT_REJECTED) {
			st = tcreg__rejects_write_all(r->rejects, &row, d, d->mark_at, tcreg_diags_count(d), d->row_code,
						      d->row_msgid, d->row_arg);
			if (st != TCREG_OK)
				return st;
		}
	}
	if (r->opts->progress)
		r->opts->progress(r->opts->progress_ud, b->bytes_read, tcreg__ledger_size(r->ledger));
	if (!b->last || b->end == TCREG_OK)
		return TCREG_OK;
	if (b->end == TCREG_ERR_INVALID) {
		/* the file cannot be read past here (bytes not valid in its
		 * encoding, a damaged workbook): the whole file fails */
		tcreg__ledger_invalid(r->ledger, b->err, d);
		r->batch.fatal = true;
		return TCREG_ERR_INVALID;
	}
	if (b->end == TCREG_ERR_IO)
		return tcreg__set_err(r->reg, b->end, "reading '%s': %s", r->res->file, b->err);
	return b->end;
}

static tcreg_status
pipeline(struct run *r)
{
	for (int i = 0; i < NBLOCKS; i++) {
		tcreg__buf_init(&r->blocks[i].arena);
		r->blocks[i].diags = tcreg__diags_new(SIZE_MAX);
		if (!r->blocks[i].diags)
			return TCREG_ERR_NOMEM;
		r->free_[r->nfree++] = i;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	pthread_t tid;
	tcreg_status st = TCREG_OK;
	if (pthread_create(&tid, NULL, reader, r) != 0) {
		/* no second thread: read and store in turn */
		struct block *b = &r->blocks[0];
		do {
			produce(r, b);
			st = consume(r, b);
		} while (st == TCREG_OK && !b->last);
		goto out;
	}
	for (bool done = false; !done;) {
		pthread_mutex_lock(&r->mu);
		while (r->nfull == 0)
			pthread_cond_wait(&r->cv, &r->mu);
		int k = r->full[0];
		memmove(r->full, r->full + 1, (size_t)--r->nfull * sizeof(int));
		pthread_mutex_unlock(&r->mu);
		struct block *b = &r->blocks[k];
		st = consume(r, b);
		done = b->last || st != TCREG_OK;
		pthread_mutex_lock(&r->mu);
		r->free_[r->nfree++] = k;
		if (st != TCREG_OK)
			r->abort = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	pthread_join(tid, NULL);
out:
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	return st;
}

static void
pipeline_release(struct run *r)
{
	for (int i = 0; i < NBLOCKS; i++) {
		tcreg__buf_release(&r->blocks[i].arena);
		free(r->blocks[i].offs);
		free(r->blocks[i].ptrs);
		free(r->blocks[i].notes);
		tcreg__diags_free(r->blocks[i].diags);
	}
}

static tcreg_status
read_rows(struct run *r)
{
	tcreg_diags *d = r->res->diags;
	const struct tcreg__row *row;
	tcreg_status st = tcreg__ledger_next(r->ledger, &row, r->err, sizeof(r->err));
	r->res->encoding = tcreg__ledger_encoding(r->ledger);
	r->res->delimiter = tcreg__ledger_delim(r->ledger);
	if (st == TCREG_ERR_INVALID) {
		tcreg__ledger_invalid(r->ledger, r->err, d);
		r->batch.fatal = true;
		return st;
	}
	if (st == TCREG_ERR_IO)
		return tcreg__set_err(r->reg, st, "reading '%s': %s", r->res->file, r->err);
	if (st != TCREG_OK)
		return st;
	if (!row) {
		tcreg__diags_add(d, TCREG_SEV_ERROR, 1, 0, NULL, "E_EMPTY",
				 N_("the file is empty: no header row"), NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	if (row->error_code) {
		tcreg__diags_add(d, TCREG_SEV_ERROR, row->line, 0, NULL, row->error_code,
				 row->error_msgid, NULL, NULL);
		return TCREG_ERR_INVALID;
	}
	if (r->cells && !keep_header(r, row))
		return TCREG_ERR_NOMEM;
	size_t from = d->n;
	st = tcreg__header_map(r->reg->data_dir, r->opts->kind, row, &r->map, d);
	locate(r, d, from);
	if (st != TCREG_OK)
		return st; /* nothing is read past a header that cannot be used */
	if (r->opts->rejects_path) {
		st = tcreg__rejects_open(&r->rejects, r->opts->rejects_path, r->opts->rejects_writer,
					 r->res->encoding, r->res->delimiter, row);
		if (st == TCREG_ERR_CANTCREAT)
			return tcreg__set_err(r->reg, st, "cannot create the rejects file '%s'",
					      r->opts->rejects_path);
		if (st != TCREG_OK)
			return st;
	}
	if (r->opts->progress)
		r->opts->progress(r->opts->progress_ud, 0, tcreg__ledger_size(r->ledger));
	long header_line = row->line;
	st = pipeline(r);
	pipeline_release(r);
	if (st == TCREG_OK && r->res->rows == 0) {
		/* a header alone (or with blank lines) is a file cut short or the
		 * wrong file: an error, never a batch of nothing */
		tcreg__diags_add(d, TCREG_SEV_ERROR, header_line, 0, NULL, "E_NO_ROWS",
				 N_("no rows after the header: nothing to import"), NULL, NULL);
		r->batch.fatal = true;
		st = TCREG_ERR_INVALID;
	}
	return st;
}

tcreg_status
tcreg_import(tcreg_registry *reg, const struct tcreg_import_opts *opts,
	     struct tcreg_import_result **out)
{
	*out = NULL;
	if (!reg || !opts || !opts->path)
		return TCREG_ERR_USAGE;
	struct run *r = calloc(1, sizeof(*r));
	if (!r)
		return TCREG_ERR_NOMEM;
	r->reg = reg;
	r->opts = opts;
	r->res = tcreg__result_new(opts);
	if (!r->res) {
		free(r);
		return TCREG_ERR_NOMEM;
	}
	*out = r->res;
	tcreg__now(reg, (char[20]){ 0 }, r->today);
	r->ceiling_fen = tcreg__amount_ceiling(reg);
	tcreg_status st = tcreg_registry_codes(reg, &r->codes);
	if (st == TCREG_OK)
		st = tcreg__ledger_open(&r->ledger, opts->path, opts->encoding, true, opts->sheet,
					r->res->diags, r->err, sizeof(r->err));
	if (st != TCREG_OK) {
		if (st == TCREG_ERR_NOINPUT)
			tcreg__set_err(reg, st, "cannot read '%s': %s", r->res->file, r->err);
		free(r);
		return st;
	}
	const char *sheet = tcreg__ledger_sheet(r->ledger);
	r->cells = sheet != NULL;
	if (sheet && !(r->res->sheet = tcreg__strdup(sheet))) {
		tcreg__ledger_close(r->ledger);
		free(r);
		return TCREG_ERR_NOMEM;
	}
	const char *kind = opts->kind == TCREG_LEDGER_PAYMENTS ? "payments" : "contracts";
	st = tcreg__batch_begin(&r->batch, reg, opts, kind, r->res);
	if (st == TCREG_OK)
		st = read_rows(r);
	if (st == TCREG_ERR_INVALID && r->map.ncols == 0)
		r->batch.fatal = true; /* the header was unusable: no row was read */
	tcreg__ledger_sha256(r->ledger, r->res->sha256);
	/* the rejects file is complete on the disk before the batch commits,
	 * and put in place only once it has: it describes a saved batch */
	tcreg_status rst = tcreg__rejects_sync(r->rejects);
	/* (a row that could not be written there stopped the import: st is rst) */
	if (rst != TCREG_OK && (st == TCREG_OK || st == TCREG_ERR_INVALID || st == rst))
		st = tcreg__set_err(reg, rst, "writing the rejects file '%s' failed; nothing was saved",
				    opts->rejects_path);
	st = tcreg__batch_end(&r->batch, kind, st);
	int e = 0;
	rst = tcreg__rejects_close(r->rejects, r->res->committed, &e);
	if (rst != TCREG_OK)
		st = tcreg__set_err(reg, rst, "batch %lld was saved, but the rejects file '%s' could not be put in place: %s",
				    (long long)r->res->batch_id, opts->rejects_path, strerror(e ? e : EIO));
	tcreg__header_map_release(&r->map);
	tcreg__rejected_free(&r->rejected);
	tcreg__ledger_close(r->ledger);
	for (size_t c = 0; c < r->nhdr; c++)
		free(r->hdr_names[c]);
	free(r->hdr_names);
	free(r);
	return st;
}
