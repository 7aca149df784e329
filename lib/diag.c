/* SPDX-License-Identifier: MIT
 * diag.c - the diagnostics list: every problem found in one pass, bounded so
 * that a million bad rows cannot exhaust memory (the overflow is counted).
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

tcreg_diags *
tcreg__diags_new(size_t max)
{
	tcreg_diags *d = calloc(1, sizeof(*d));
	if (d)
		d->max = max ? max : 10000;
	return d;
}

static void
free_one(struct tcreg_diag *x)
{
	free((char *)x->column);
	free((char *)x->arg);
	free((char *)x->value);
}

void
tcreg__diags_free(tcreg_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free_one(&d->v[i]);
	free(d->v);
	free(d);
}

bool
tcreg__diags_add(tcreg_diags *d, tcreg_severity sev, long line, long col, const char *column,
		 const char *code, const char *msgid, const char *arg, const char *value)
{
	if (sev == TCREG_SEV_ERROR) {
		d->errors++;
		if (!d->row_code) {
			d->row_code = code;
			d->row_msgid = msgid;
			snprintf(d->row_arg, sizeof(d->row_arg), "%s", arg ? arg : "");
		}
	}
	if (d->n >= d->max) {
		d->dropped++;
		return true;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct tcreg_diag *v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return false;
		d->v = v;
		d->cap = cap;
	}
	struct tcreg_diag *x = &d->v[d->n];
	x->severity = sev;
	x->line = line;
	x->col = col;
	x->code = code;
	x->msgid = msgid;
	x->column = tcreg__strdup(column);
	x->arg = tcreg__strdup(arg);
	x->value = tcreg__strdup(value);
	if ((column && !x->column) || (arg && !x->arg) || (value && !x->value)) {
		free_one(x);
		return false;
	}
	d->n++;
	return true;
}

size_t
tcreg_diags_count(const tcreg_diags *d)
{
	return d ? d->n : 0;
}

const struct tcreg_diag *
tcreg_diags_get(const tcreg_diags *d, size_t i)
{
	return d && i < d->n ? &d->v[i] : NULL;
}

size_t
tcreg_diags_dropped(const tcreg_diags *d)
{
	return d ? d->dropped : 0;
}

size_t
tcreg_diags_errors(const tcreg_diags *d)
{
	return d ? d->errors : 0;
}

void
tcreg__diags_drop_at(tcreg_diags *d, size_t from, long col)
{
	size_t k = from;
	for (size_t i = from; i < d->n; i++) {
		if (d->v[i].col == col) {
			d->errors -= d->v[i].severity == TCREG_SEV_ERROR;
			free_one(&d->v[i]);
		} else {
			d->v[k++] = d->v[i];
		}
	}
	d->n = k;
}

void
tcreg__diags_mark(tcreg_diags *d)
{
	d->row_code = d->row_msgid = NULL;
	d->row_arg[0] = '\0';
	d->mark_at = d->n;
}

void
tcreg__diags_reset(tcreg_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free_one(&d->v[i]);
	d->n = d->dropped = d->errors = 0;
	tcreg__diags_mark(d);
}

void
tcreg_diags_free(tcreg_diags *d)
{
	tcreg__diags_free(d);
}
