/* SPDX-License-Identifier: MIT
 * reader.h - reading a whole CSV text through the ledger reader, for the
 * reader and encoding tests.
 */
#ifndef TEST_LEDGER_READER_H
#define TEST_LEDGER_READER_H

#include "helpers.h"

struct got {
	long line[16];
	size_t nfields[16];
	char first[16][64];
	char last[16][64];
	const char *err[16];
	int n;
	tcreg_encoding enc;
	char delim;
};

static inline tcreg_status
read_all(const void *data, size_t len, tcreg_encoding enc, struct got *g)
{
	memset(g, 0, sizeof(*g));
	char *path = tmpfile_with(data, len, ".csv");
	struct tcreg__ledger *l;
	char err[256];
	tcreg_status st = tcreg__ledger_open(&l, path, enc, false, NULL, NULL, err, sizeof(err));
	assert_int_equal(st, TCREG_OK);
	const struct tcreg__row *row;
	while ((st = tcreg__ledger_next(l, &row, err, sizeof(err))) == TCREG_OK && row && g->n < 16) {
		g->line[g->n] = row->line;
		g->nfields[g->n] = row->nfields;
		snprintf(g->first[g->n], 64, "%s", row->nfields ? row->fields[0] : "");
		snprintf(g->last[g->n], 64, "%s", row->nfields ? row->fields[row->nfields - 1] : "");
		g->err[g->n] = row->error_code;
		g->n++;
	}
	g->enc = tcreg__ledger_encoding(l);
	g->delim = tcreg__ledger_delim(l);
	tcreg__ledger_close(l);
	unlink(path);
	free(path);
	return st;
}

#endif
