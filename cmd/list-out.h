/* SPDX-License-Identifier: MIT
 * list-out.h - tcreg list's outputs that live in files of their own: the
 * Excel workbook (list-xlsx.c).
 */
#ifndef TCREG_LIST_OUT_H
#define TCREG_LIST_OUT_H

#include <stdbool.h>

struct cli_ctx;
struct json_t;
struct list_xlsx;

/* Start the workbook that will replace path when complete; prints why not
 * and returns the exit code, else 0. */
int list_xlsx_open(struct cli_ctx *ctx, const char *path, struct list_xlsx **out);
/* One contract (its JSON, as tcreg_contract_list gives it) as a row. */
void list_xlsx_row(struct list_xlsx *x, struct json_t *c);
/* Finish: with ok, a 合计 row when totals, then the file is put in place;
 * without, it is removed.  Frees x; returns an exit code. */
int list_xlsx_close(struct cli_ctx *ctx, struct list_xlsx *x, bool ok, bool totals);

#endif
