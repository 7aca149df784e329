/* SPDX-License-Identifier: MIT
 * report-out.h - renderers of the statistics report's JSON.
 */
#ifndef TCREG_REPORT_OUT_H
#define TCREG_REPORT_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

void report_txt(FILE *f, json_t *rep);
void report_csv(FILE *f, json_t *rep);
void report_md(FILE *f, json_t *rep);
void report_html(FILE *f, json_t *rep);
/* The Excel workbook (report-xlsx.c), put in place at path when complete;
 * returns an exit code. */
struct cli_ctx;
int report_xlsx(struct cli_ctx *ctx, const char *path, json_t *rep);
/* tcreg report --check (JSON with -O json) and --rebuild (report-check.c);
 * exit codes */
int report_check(struct cli_ctx *ctx, bool json);
int report_rebuild(struct cli_ctx *ctx);

#endif
