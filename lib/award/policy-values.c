/* SPDX-License-Identifier: MIT
 * policy-values.c - the values of a policy file: mappings of known keys,
 * texts, words from a list, booleans, exact decimals, amounts in fen,
 * rates in ppm, dates (absolute or relative to the award year) and lists.
 * A value of the wrong type is an error, never a guess: a quoted "30" is a
 * text, not a number, and a number with more decimals than its kind takes
 * is refused rather than rounded.
 */
#include <stdlib.h>
#include <string.h>

#include "policy-read.h"

void
tcreg__pol_err(struct ld *l, const yaml_node_t *n, const char *key, const char *code, const char *msgid,
	       const char *arg, const char *value)
{
	tcreg__diags_add(l->diags, TCREG_SEV_ERROR, n ? (long)n->start_mark.line + 1 : 0,
			 n ? (long)n->start_mark.column + 1 : 0, key, code, msgid, arg, value);
	l->errors++;
}

const char *
tcreg__pol_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Sort the pairs of a mapping into v[] by spec; unknown, repeated and
 * missing keys are errors.  Returns false when n is not a mapping. */
bool
tcreg__pol_fields(struct ld *l, yaml_node_t *n, const char *what, const struct pol_key *spec, yaml_node_t **v)
{
	size_t nspec = 0;
	while (spec[nspec].name)
		v[nspec++] = NULL;
	if (!n || n->type != YAML_MAPPING_NODE) {
		tcreg__pol_err(l, n, what, "E_POLICY_TYPE", N_("expected a mapping of keys"), NULL, tcreg__pol_scalar(n));
		return false;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(l->doc, p->value);
		const char *ks = tcreg__pol_scalar(k);
		size_t i = 0;
		while (ks && i < nspec && strcmp(spec[i].name, ks) != 0)
			i++;
		if (!ks || i == nspec) {
			tcreg__pol_err(l, k, what, "E_POLICY_KEY", N_("unknown key"), NULL, ks);
			continue;
		}
		if (v[i]) {
			tcreg__pol_err(l, k, what, "E_POLICY_KEY", N_("the same key twice"), NULL, ks);
			continue;
		}
		v[i] = val;
	}
	for (size_t i = 0; i < nspec; i++)
		if (spec[i].required && !v[i])
			tcreg__pol_err(l, n, what, "E_POLICY_MISSING", N_("missing key '%s'"), spec[i].name, NULL);
	return true;
}

const char *
tcreg__pol_text(struct ld *l, yaml_node_t *n, const char *key)
{
	const char *s = tcreg__pol_scalar(n);
	if (!s) {
		tcreg__pol_err(l, n, key, "E_POLICY_TYPE", N_("expected a single value"), NULL, NULL);
		return NULL;
	}
	if (!*s) {
		tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
		return NULL;
	}
	return s;
}

static bool
is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* One of words; returns its index or -1 (reported). */
int
tcreg__pol_word(struct ld *l, yaml_node_t *n, const char *key, const char *const *words, const char *list)
{
	const char *s = tcreg__pol_text(l, n, key);
	if (!s)
		return -1;
	for (int i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("must be one of: %s"), list, s);
	return -1;
}

int
tcreg__pol_boolean(struct ld *l, yaml_node_t *n, const char *key)
{
	static const char *const w[] = { "false", "true", "no", "yes", NULL };
	if (n && n->type == YAML_SCALAR_NODE && !is_plain(n)) {
		tcreg__pol_err(l, n, key, "E_POLICY_TYPE", N_("expected true or false, not a quoted text"), NULL,
			       tcreg__pol_scalar(n));
		return -1;
	}
	int i = tcreg__pol_word(l, n, key, w, "true, false");
	return i < 0 ? -1 : i % 2;
}

/* An exact decimal with at most maxdec decimals, times 10^maxdec; plain
 * scalars only (a quoted "30" is a text, not a number). */
bool
tcreg__pol_decimal(struct ld *l, yaml_node_t *n, const char *key, int maxdec, int64_t *out)
{
	const char *s = tcreg__pol_scalar(n);
	if (!s || !is_plain(n)) {
		tcreg__pol_err(l, n, key, "E_POLICY_TYPE", N_("expected a number"), NULL, s);
		return false;
	}
	/* no amount, rate or share of a policy is below zero */
	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
		tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("must not be negative"), NULL, s);
		return false;
	}
	int64_t v = 0;
	int dec = -1, digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '_' && digits > 0 && dec < 0)
			continue;
		if (*p == '.' && dec < 0 && digits > 0) {
			dec = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			goto bad;
		if (dec >= 0 && ++dec > maxdec) {
			char most[16];
			snprintf(most, sizeof(most), "%d", maxdec);
			tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("too many decimals (at most %s)"), most, s);
			return false;
		}
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v))
			goto big;
		digits++;
	}
	if (!digits || dec == 0)
		goto bad;
	for (int i = dec < 0 ? 0 : dec; i < maxdec; i++)
		if (__builtin_mul_overflow(v, 10, &v))
			goto big;
	*out = v;
	return true;
bad:
	tcreg__pol_err(l, n, key, "E_POLICY_TYPE", N_("expected a number"), NULL, s);
	return false;
big:
	tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("number too large"), NULL, s);
	return false;
}

/* An amount in the policy's unit, exactly in fen. */
bool
tcreg__pol_amount(struct ld *l, yaml_node_t *n, const char *key, int64_t *fen)
{
	int64_t v;
	if (!tcreg__pol_decimal(l, n, key, 6, &v)) /* millionths of a unit */
		return false;
	__int128 f = (__int128)v * l->scale;
	if (f % 1000000 != 0) {
		tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("not a whole number of fen"), NULL, tcreg__pol_scalar(n));
		return false;
	}
	f /= 1000000;
	if (f > INT64_MAX / 1000000) { /* leaves room for ppm arithmetic */
		tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("number too large"), NULL, tcreg__pol_scalar(n));
		return false;
	}
	*fen = (int64_t)f;
	return true;
}

/* pct (4 decimals) or permille (3 decimals) in the mapping, as ppm. */
bool
tcreg__pol_rate_of(struct ld *l, yaml_node_t *map, yaml_node_t *pct, yaml_node_t *permille, int64_t *ppm)
{
	if (pct && permille) {
		tcreg__pol_err(l, permille, "permille", "E_POLICY_COMBINATION",
			       N_("give the rate once, as pct or as permille"), NULL, NULL);
		return false;
	}
	if (!pct && !permille) {
		tcreg__pol_err(l, map, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "pct", NULL);
		return false;
	}
	int64_t v;
	if (pct ? !tcreg__pol_decimal(l, pct, "pct", 4, &v) : !tcreg__pol_decimal(l, permille, "permille", 3, &v))
		return false;
	if (v > 1000000) {
		tcreg__pol_err(l, pct ? pct : permille, pct ? "pct" : "permille", "E_POLICY_VALUE",
			       N_("a rate above 100 %"), NULL, tcreg__pol_scalar(pct ? pct : permille));
		return false;
	}
	*ppm = v;
	return true;
}

static bool
valid_md(int month, int day, int year)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1])
		return false;
	if (month == 2 && day == 29)
		return year > 0 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
	return true;
}

/* "YYYY-MM-DD", "Y-MM-DD", "Y+1-MM-DD", "Y-1-MM-DD" or "open" (when allowed). */
bool
tcreg__pol_date_spec(struct ld *l, yaml_node_t *n, const char *key, bool allow_relative, struct pol_date *d)
{
	const char *s = tcreg__pol_text(l, n, key);
	memset(d, 0, sizeof(*d));
	if (!s)
		return false;
	if (strcmp(s, "open") == 0) {
		d->open = true;
		return true;
	}
	int month = 0, day = 0, k = 0;
	if (s[0] == 'Y' && allow_relative) {
		int off = 0;
		const char *p = s + 1;
		if ((*p == '+' || *p == '-') && p[1] >= '1' && p[1] <= '9' && p[2] == '-') {
			off = (*p == '+' ? 1 : -1) * (p[1] - '0');
			p += 2;
		}
		if (sscanf(p, "-%2d-%2d%n", &month, &day, &k) == 2 && p[k] == '\0' && strlen(p) == 6 &&
		    valid_md(month, day, 0)) {
			*d = (struct pol_date){ .relative = true, .year_off = off, .month = month, .day = day };
			return true;
		}
	} else {
		int year = 0;
		if (sscanf(s, "%4d-%2d-%2d%n", &year, &month, &day, &k) == 3 && s[k] == '\0' &&
		    strlen(s) == 10 && year >= 1900 && valid_md(month, day, year)) {
			*d = (struct pol_date){ .year = year, .month = month, .day = day };
			return true;
		}
	}
	tcreg__pol_err(l, n, key, "E_POLICY_VALUE",
		       allow_relative ? N_("expected a date: 2025-03-23, Y-01-01, Y+1-03-23 or open")
			   : N_("expected a date: 2025-03-23"),
	    NULL, s);
	return false;
}

void
tcreg__pol_date_shift(const struct pol_date *d, int year, int shift, char iso[11])
{
	if (d->open) {
		iso[0] = '\0';
		return;
	}
	int y = (d->relative ? year + d->year_off : d->year) + shift;
	int day = d->day;
	if (d->month == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		day = 28; /* 29 February a year earlier */
	snprintf(iso, 11, "%04d-%02d-%02d", y, d->month, day);
}

void
tcreg__pol_date(const struct pol_date *d, int year, char iso[11])
{
	tcreg__pol_date_shift(d, year, 0, iso);
}

/* A list node; reported when it is not one. */
bool
tcreg__pol_is_list(struct ld *l, yaml_node_t *n, const char *key)
{
	if (n && n->type == YAML_SEQUENCE_NODE)
		return true;
	tcreg__pol_err(l, n, key, "E_POLICY_TYPE", N_("expected a list"), NULL, tcreg__pol_scalar(n));
	return false;
}

size_t
tcreg__pol_list_len(yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *
tcreg__pol_list_at(struct ld *l, yaml_node_t *n, size_t i)
{
	return yaml_document_get_node(l->doc, n->data.sequence.items.start[i]);
}

char **
tcreg__pol_strv_new(size_t n)
{
	return calloc(n + 1, sizeof(char *));
}

void
tcreg__pol_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

bool
tcreg__pol_name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}
