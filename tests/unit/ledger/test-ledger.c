/* SPDX-License-Identifier: MIT
 * test-ledger.c - the CSV reader (ledger.c): physical line numbers, quoting,
 * malformed records, line ends, stopping early.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "reader.h"

static void
lines_and_quotes(void **state)
{
	(void)state;
	const char *csv = "a,b\r\n"
			  "1,\"x\r\ny\"\r\n"  /* record on lines 2-3 */
			  "\r\n"              /* blank line 4 */
			  "2,\"q\"\"q\"\r\n"  /* line 5 */
			  "3,last";           /* line 6, no newline */
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.line[0], 1);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.last[1], "x\ny"); /* CRLF inside quotes folded to LF */
	assert_int_equal(g.line[2], 5);
	assert_string_equal(g.last[2], "q\"q");
	assert_int_equal(g.line[3], 6);
	assert_string_equal(g.last[3], "last");
	assert_int_equal(g.enc, TCREG_ENC_UTF8);
	assert_int_equal(g.delim, ',');
}

static void
bad_quote_recovers(void **state)
{
	(void)state;
	const char *csv = "a,b\n1,2\"5\n3,4\n\"x\"y,5\n6,7\n";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 5);
	assert_string_equal(g.err[1], "E_CSV_QUOTE");
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.first[1], "1,2\"5"); /* the record's text kept whole */
	assert_null(g.err[2]);
	assert_int_equal(g.line[2], 3);
	assert_string_equal(g.err[3], "E_CSV_QUOTE");
	assert_int_equal(g.line[4], 5);
	assert_string_equal(g.first[4], "6");
}

static void
unclosed_quote_at_end(void **state)
{
	(void)state;
	const char *csv = "a,b\n1,2\n3,\"never closed\n4,5\n";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.err[2], "E_CSV_QUOTE_EOF");
	assert_int_equal(g.line[2], 3);
}

/* Read data through the ledger until it stops; *bytes: how much of the file
 * was read when it did, *rows: the rows it gave. */
static tcreg_status
read_until_stop(const void *data, size_t len, tcreg_encoding enc, uint64_t *bytes, int *rows,
		const char **last_err, tcreg_diags *d)
{
	char *path = tmpfile_with(data, len, ".csv");
	struct tcreg__ledger *l;
	char err[256];
	assert_int_equal(tcreg__ledger_open(&l, path, enc, false, NULL, NULL, err, sizeof(err)), TCREG_OK);
	const struct tcreg__row *row;
	tcreg_status st;
	*rows = 0;
	*last_err = NULL;
	while ((st = tcreg__ledger_next(l, &row, err, sizeof(err))) == TCREG_OK && row) {
		(*rows)++;
		*last_err = row->error_code;
	}
	*bytes = tcreg__ledger_bytes_read(l);
	if (st == TCREG_ERR_INVALID)
		assert_true(tcreg__ledger_nul_diag(l, d));
	tcreg__ledger_close(l);
	unlink(path);
	free(path);
	return st;
}

/* The first NUL stops the reading: its line and column (characters), the
 * whole lines before it still read; in UTF-16 too. */
static void
nul_byte(void **state)
{
	(void)state;
	tcreg_diags *d = tcreg__diags_new(10);
	uint64_t bytes;
	int rows;
	const char *last;
	const char csv[] = "a,b\n中文,x\0y\n2,z\n";
	assert_int_equal(read_until_stop(csv, sizeof(csv) - 1, TCREG_ENC_AUTO, &bytes, &rows, &last, d),
			 TCREG_ERR_INVALID);
	assert_int_equal(rows, 1);
	assert_int_equal(tcreg_diags_count(d), 1);
	assert_string_equal(tcreg_diags_get(d, 0)->code, "E_NUL_BYTE");
	assert_int_equal(tcreg_diags_get(d, 0)->line, 2);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 5);
	const char u16[] = "\xff\xfe" "a\0\n\0" "b\0\0\0";
	tcreg__diags_reset(d);
	assert_int_equal(read_until_stop(u16, sizeof(u16) - 1, TCREG_ENC_AUTO, &bytes, &rows, &last, d),
			 TCREG_ERR_INVALID);
	assert_int_equal(tcreg_diags_get(d, 0)->line, 2);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 2);
	tcreg__diags_free(d);
}

/* Memory stays bounded as bytes arrive: 8 MiB of NUL bytes stop at the
 * first block, 8 MiB without a line end at the record limit (1 MiB). */
static void
reading_stops_early(void **state)
{
	(void)state;
	size_t n = 8u << 20;
	char *big = calloc(1, n);
	tcreg_diags *d = tcreg__diags_new(10);
	uint64_t bytes;
	int rows;
	const char *last;
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_ERR_INVALID);
	assert_int_equal(rows, 0);
	assert_int_equal(tcreg_diags_get(d, 0)->line, 1);
	assert_int_equal(tcreg_diags_get(d, 0)->col, 1);
	assert_true(bytes <= 256 * 1024);
	memset(big, 'a', n);
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_OK);
	assert_int_equal(rows, 1);
	assert_string_equal(last, "E_CSV_RECORD_TOO_LONG");
	assert_true(bytes <= (1u << 20) + 2 * 256 * 1024);
	/* the same after a header, in the middle of the file */
	memcpy(big, "a,b\n1,2\n", 8);
	assert_int_equal(read_until_stop(big, n, TCREG_ENC_AUTO, &bytes, &rows, &last, d), TCREG_OK);
	assert_int_equal(rows, 3);
	assert_string_equal(last, "E_CSV_RECORD_TOO_LONG");
	assert_true(bytes <= (1u << 20) + 2 * 256 * 1024);
	tcreg__diags_free(d);
	free(big);
}

/* Old Mac line ends: a lone CR ends each line, quoted line breaks included;
 * the line numbers are those an editor shows. */
static void
cr_line_ends(void **state)
{
	(void)state;
	const char *csv = "a,b\r1,\"x\ry\"\r\r2,z\r3,last";
	struct got g;
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.nfields[0], 2);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.last[1], "x\ny");
	assert_int_equal(g.line[2], 5); /* after a blank line */
	assert_string_equal(g.last[2], "z");
	assert_int_equal(g.line[3], 6);
	assert_string_equal(g.last[3], "last");
	assert_null(g.err[3]);
	/* a CRLF file keeps a stray CR inside a line as data, a break within
	 * the field (refused later but in a note), not the end of the row */
	csv = "a,b\r\n1,x\ry\r\n";
	assert_int_equal(read_all(csv, strlen(csv), TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.last[1], "x\ny");
	/* the first CR falls on the end of the first block read: the next byte decides */
	size_t big = 256 * 1024 - 1;
	char *long_hdr = malloc(big + 8);
	memset(long_hdr, 'h', big);
	memcpy(long_hdr + big, "\rb\r", 4);
	assert_int_equal(read_all(long_hdr, big + 3, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.line[1], 2);
	assert_string_equal(g.first[1], "b");
	memcpy(long_hdr + big, "\r\nb\r\n", 6);
	assert_int_equal(read_all(long_hdr, big + 5, TCREG_ENC_AUTO, &g), TCREG_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.line[1], 2);
	free(long_hdr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_and_quotes),
		cmocka_unit_test(bad_quote_recovers),
		cmocka_unit_test(unclosed_quote_at_end),
		cmocka_unit_test(nul_byte),
		cmocka_unit_test(cr_line_ends),
		cmocka_unit_test(reading_stops_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
