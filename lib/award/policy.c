/* SPDX-License-Identifier: MIT
 * policy.c - loading an award policy from YAML.  Public money is computed
 * from these files, so nothing is guessed: an unknown key, a value of the
 * wrong type, a missing field or a combination that cannot mean anything is
 * an error at its line and column, and every error of the file is reported
 * in one pass.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "policy.h"
#include "tcreg/tcreg-tree.h"
#include "tcreg-private.h"

struct ld {
	yaml_document_t *doc;
	tcreg_diags *diags;
	const tcreg_codes *codes;
	int errors;
	int64_t scale; /* fen per amount unit */
};

static void
err(struct ld *l, const yaml_node_t *n, const char *key, const char *code, const char *msgid,
    const char *arg, const char *value)
{
	tcreg__diags_add(l->diags, TCREG_SEV_ERROR, n ? (long)n->start_mark.line + 1 : 0,
			 n ? (long)n->start_mark.column + 1 : 0, key, code, msgid, arg, value);
	l->errors++;
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A key of a mapping as the schema expects it: name, whether required. */
struct key {
	const char *name;
	bool required;
};

/* Sort the pairs of a mapping into v[] by spec; unknown, repeated and
 * missing keys are errors.  Returns false when n is not a mapping. */
static bool
fields(struct ld *l, yaml_node_t *n, const char *what, const struct key *spec, yaml_node_t **v)
{
	size_t nspec = 0;
	while (spec[nspec].name)
		v[nspec++] = NULL;
	if (!n || n->type != YAML_MAPPING_NODE) {
		err(l, n, what, "E_POLICY_TYPE", N_("expected a mapping of keys"), NULL, scalar(n));
		return false;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(l->doc, p->value);
		const char *ks = scalar(k);
		size_t i = 0;
		while (ks && i < nspec && strcmp(spec[i].name, ks) != 0)
			i++;
		if (!ks || i == nspec) {
			err(l, k, what, "E_POLICY_KEY", N_("unknown key"), NULL, ks);
			continue;
		}
		if (v[i]) {
			err(l, k, what, "E_POLICY_KEY", N_("the same key twice"), NULL, ks);
			continue;
		}
		v[i] = val;
	}
	for (size_t i = 0; i < nspec; i++)
		if (spec[i].required && !v[i])
			err(l, n, what, "E_POLICY_MISSING", N_("missing key '%s'"), spec[i].name, NULL);
	return true;
}

static const char *
text(struct ld *l, yaml_node_t *n, const char *key)
{
	const char *s = scalar(n);
	if (!s) {
		err(l, n, key, "E_POLICY_TYPE", N_("expected a single value"), NULL, NULL);
		return NULL;
	}
	if (!*s) {
		err(l, n, key, "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
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
static int
word(struct ld *l, yaml_node_t *n, const char *key, const char *const *words, const char *list)
{
	const char *s = text(l, n, key);
	if (!s)
		return -1;
	for (int i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return i;
	err(l, n, key, "E_POLICY_VALUE", N_("must be one of: %s"), list, s);
	return -1;
}

static int
boolean(struct ld *l, yaml_node_t *n, const char *key)
{
	static const char *const w[] = { "false", "true", "no", "yes", NULL };
	if (n && n->type == YAML_SCALAR_NODE && !is_plain(n)) {
		err(l, n, key, "E_POLICY_TYPE", N_("expected true or false, not a quoted text"), NULL,
		    scalar(n));
		return -1;
	}
	int i = word(l, n, key, w, "true, false");
	return i < 0 ? -1 : i % 2;
}

/* An exact decimal with at most maxdec decimals, times 10^maxdec; plain
 * scalars only (a quoted "30" is a text, not a number). */
static bool
decimal(struct ld *l, yaml_node_t *n, const char *key, int maxdec, int64_t *out)
{
	const char *s = scalar(n);
	if (!s || !is_plain(n)) {
		err(l, n, key, "E_POLICY_TYPE", N_("expected a number"), NULL, s);
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
			err(l, n, key, "E_POLICY_VALUE", N_("too many decimals (at most %s)"), most, s);
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
	err(l, n, key, "E_POLICY_TYPE", N_("expected a number"), NULL, s);
	return false;
big:
	err(l, n, key, "E_POLICY_VALUE", N_("number too large"), NULL, s);
	return false;
}

/* An amount in the policy's unit, exactly in fen. */
static bool
amount(struct ld *l, yaml_node_t *n, const char *key, int64_t *fen)
{
	int64_t v;
	if (!decimal(l, n, key, 6, &v)) /* millionths of a unit */
		return false;
	__int128 f = (__int128)v * l->scale;
	if (f % 1000000 != 0) {
		err(l, n, key, "E_POLICY_VALUE", N_("not a whole number of fen"), NULL, scalar(n));
		return false;
	}
	f /= 1000000;
	if (f > INT64_MAX / 1000000) { /* leaves room for ppm arithmetic */
		err(l, n, key, "E_POLICY_VALUE", N_("number too large"), NULL, scalar(n));
		return false;
	}
	*fen = (int64_t)f;
	return true;
}

/* pct (4 decimals) or permille (3 decimals) in the mapping, as ppm. */
static bool
rate_of(struct ld *l, yaml_node_t *map, yaml_node_t *pct, yaml_node_t *permille, int64_t *ppm)
{
	if (pct && permille) {
		err(l, permille, "permille", "E_POLICY_COMBINATION",
		    N_("give the rate once, as pct or as permille"), NULL, NULL);
		return false;
	}
	if (!pct && !permille) {
		err(l, map, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "pct", NULL);
		return false;
	}
	int64_t v;
	if (pct ? !decimal(l, pct, "pct", 4, &v) : !decimal(l, permille, "permille", 3, &v))
		return false;
	if (v > 1000000) {
		err(l, pct ? pct : permille, pct ? "pct" : "permille", "E_POLICY_VALUE",
		    N_("a rate above 100 %"), NULL, scalar(pct ? pct : permille));
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
static bool
date_spec(struct ld *l, yaml_node_t *n, const char *key, bool allow_relative, struct pol_date *d)
{
	const char *s = text(l, n, key);
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
	err(l, n, key, "E_POLICY_VALUE",
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
static bool
is_list(struct ld *l, yaml_node_t *n, const char *key)
{
	if (n && n->type == YAML_SEQUENCE_NODE)
		return true;
	err(l, n, key, "E_POLICY_TYPE", N_("expected a list"), NULL, scalar(n));
	return false;
}

static size_t
list_len(yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *
list_at(struct ld *l, yaml_node_t *n, size_t i)
{
	return yaml_document_get_node(l->doc, n->data.sequence.items.start[i]);
}

static char **
strv_new(size_t n)
{
	return calloc(n + 1, sizeof(char *));
}

static void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* Codes of a table from names, codes or aliases. */
static char **
codes_of(struct ld *l, yaml_node_t *n, const char *key, tcreg_table t, size_t *count)
{
	*count = 0;
	if (!is_list(l, n, key))
		return NULL;
	size_t k = list_len(n);
	if (k == 0) {
		err(l, n, key, "E_POLICY_VALUE", N_("an empty list matches nothing; leave the key out instead"),
		    NULL, NULL);
		return NULL;
	}
	char **v = strv_new(k);
	if (!v) /* a filter lost to memory must not become no filter */
		err(l, n, key, "E_NOMEM", N_("out of memory"), NULL, NULL);
	for (size_t i = 0; v && i < k; i++) {
		yaml_node_t *x = list_at(l, n, i);
		const char *s = text(l, x, key), *code = NULL;
		if (!s)
			continue;
		if (tcreg_codes_resolve(l->codes, t, s, &code) != TCREG_OK) {
			err(l, x, key, "E_POLICY_CODE", N_("not in the code table"), NULL, s);
			continue;
		}
		v[(*count)++] = tcreg__strdup(code);
	}
	return v;
}

/* Region prefixes: a province ("黑龙江", "2300") becomes "23", a city stays
 * four digits; a bare "23" is accepted as written. */
static char **
regions_of(struct ld *l, yaml_node_t *n, const char *key, size_t *count)
{
	*count = 0;
	if (!is_list(l, n, key))
		return NULL;
	size_t k = list_len(n);
	char **v = strv_new(k);
	if (!v)
		err(l, n, key, "E_NOMEM", N_("out of memory"), NULL, NULL);
	for (size_t i = 0; v && i < k; i++) {
		yaml_node_t *x = list_at(l, n, i);
		const char *s = text(l, x, key), *code = NULL;
		if (!s)
			continue;
		if (strlen(s) == 2 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') {
			v[(*count)++] = tcreg__strdup(s);
			continue;
		}
		if (tcreg_codes_resolve(l->codes, TCREG_TABLE_REGION, s, &code) != TCREG_OK ||
		    strlen(code) != 4) {
			err(l, x, key, "E_POLICY_CODE", N_("not in the code table"), NULL, s);
			continue;
		}
		v[(*count)++] = strcmp(code + 2, "00") == 0 ? strndup(code, 2) : tcreg__strdup(code);
	}
	return v;
}

static void
party_filter(struct ld *l, yaml_node_t *n, const char *what, struct pol_party_filter *f)
{
	static const struct key spec[] = { { "nature", false }, { "region", false }, { NULL, false } };
	yaml_node_t *v[2];
	if (!fields(l, n, what, spec, v))
		return;
	if (v[0])
		f->natures = codes_of(l, v[0], "nature", TCREG_TABLE_NATURE, &f->nnatures);
	if (v[1])
		f->regions = regions_of(l, v[1], "region", &f->nregions);
}

static void
window(struct ld *l, yaml_node_t *n, const char *what, struct pol_window *w)
{
	static const struct key spec[] = { { "from", true }, { "to", true }, { NULL, false } };
	yaml_node_t *v[2];
	w->given = true;
	if (!fields(l, n, what, spec, v))
		return;
	bool ok = v[0] && date_spec(l, v[0], "from", true, &w->from);
	ok = v[1] && date_spec(l, v[1], "to", true, &w->to) && ok;
	if (ok && !w->from.open && !w->to.open) {
		/* compare as resolved for two sample years, leap and common */
		for (int y = 2023; y <= 2024; y++) {
			char a[11], b[11];
			tcreg__pol_date(&w->from, y, a);
			tcreg__pol_date(&w->to, y, b);
			if (strcmp(a, b) > 0) {
				err(l, v[1], "to", "E_POLICY_COMBINATION", N_("the window ends before it starts"),
				    NULL, scalar(v[1]));
				break;
			}
		}
	}
}

static const char *const unit_words[] = { "contract", "project", "applicant_year", "person_year",
					  "agency_year", NULL };
#define UNIT_LIST "contract, project, applicant_year, person_year, agency_year"
static const char *const base_words[] = { "received", "paid", "contract_amount", "tech_amount",
					  "tech_received", "invoiced", "served_amount", NULL };
#define BASE_LIST "received, paid, contract_amount, tech_amount, tech_received, invoiced, served_amount"

const char *
tcreg__pol_unit_name(enum pol_unit u)
{
	return unit_words[u];
}

const char *
tcreg__pol_base_name(unsigned bit)
{
	for (int i = 0; i < POL_NBASE; i++)
		if (bit == 1u << i)
			return base_words[i];
	return "?";
}

const char *
tcreg__pol_role_name(enum pol_role r)
{
	static const char *const w[] = { "buyer", "seller", "agency" };
	return w[r];
}

const char *
tcreg__pol_rate_name(enum pol_rate r)
{
	static const char *const w[] = { "flat", "band", "marginal", "base_plus" };
	return w[r];
}

const char *
tcreg__pol_round_name(int64_t round_fen)
{
	return round_fen == 1 ? "fen" : round_fen == 100 ? "yuan" : round_fen == 10000 ? "hundred" : "wan";
}

static void
base(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "kind", false }, { "min_of", false }, { "per", true },
					   { "growth", false }, { NULL, false } };
	yaml_node_t *v[4];
	if (!fields(l, n, "base", spec, v))
		return;
	int g = v[3] ? boolean(l, v[3], "growth") : 0;
	r->growth = g > 0;
	if (v[0] && v[1])
		err(l, v[1], "min_of", "E_POLICY_COMBINATION", N_("give kind or min_of, not both"), NULL,
		    NULL);
	else if (!v[0] && !v[1])
		err(l, n, "base", "E_POLICY_MISSING", N_("missing key '%s'"), "kind", NULL);
	else if (v[0]) {
		int i = word(l, v[0], "kind", base_words, BASE_LIST);
		if (i >= 0)
			r->base = 1u << i;
	} else if (is_list(l, v[1], "min_of")) {
		if (list_len(v[1]) < 2)
			err(l, v[1], "min_of", "E_POLICY_VALUE", N_("the least of at least two bases"), NULL,
			    NULL);
		for (size_t i = 0; i < list_len(v[1]); i++) {
			yaml_node_t *x = list_at(l, v[1], i);
			int k = word(l, x, "min_of", base_words, BASE_LIST);
			if (k >= 0 && (r->base & (1u << k)))
				err(l, x, "min_of", "E_POLICY_VALUE", N_("the same base twice"), NULL,
				    scalar(x));
			if (k >= 0)
				r->base |= 1u << k;
		}
	}
	if (v[2]) {
		int u = word(l, v[2], "per", unit_words, UNIT_LIST);
		if (u >= 0)
			r->per = (enum pol_unit)u;
		else
			r->per = UNIT_CONTRACT;
	}
	/* growth compares a unit's year with the one before: a contract has no
	 * year before it, and the least of several growths means nothing */
	if (r->growth && pol_level(r->per) != 2)
		err(l, v[3], "growth", "E_POLICY_COMBINATION",
		    N_("growth is of an applicant's or the agency's year: per applicant_year, person_year or agency_year"),
		    NULL, NULL);
	if (r->growth && v[1])
		err(l, v[3], "growth", "E_POLICY_COMBINATION", N_("growth of one base kind, not of min_of"), NULL,
		    NULL);
	if (r->growth && (r->base & BASE_INVOICED))
		err(l, v[3], "growth", "E_POLICY_COMBINATION",
		    N_("the facts file has no year before: invoiced amounts have no growth"), NULL, NULL);
}

static void
threshold(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "min", false }, { "min_inclusive", false },
					   { "max", false }, { "max_inclusive", false }, { NULL, false } };
	yaml_node_t *v[4];
	if (!fields(l, n, "threshold", spec, v))
		return;
	if (!v[0] && !v[2])
		err(l, n, "threshold", "E_POLICY_MISSING", N_("missing key '%s'"), "min", NULL);
	/* a bound says whether it is included: the sources differ (≥ 50万, > 200万) */
	for (int b = 0; b < 4; b += 2) {
		if (v[b] && !v[b + 1])
			err(l, n, "threshold", "E_POLICY_MISSING", N_("missing key '%s'"), spec[b + 1].name,
			    NULL);
		if (!v[b] && v[b + 1])
			err(l, v[b + 1], spec[b + 1].name, "E_POLICY_COMBINATION",
			    N_("says whether a bound is included, but there is no bound"), NULL, NULL);
	}
	int k;
	if (v[0] && amount(l, v[0], "min", &r->min_fen))
		r->has_min = true;
	if (v[1] && (k = boolean(l, v[1], "min_inclusive")) >= 0)
		r->min_incl = k;
	if (v[2] && amount(l, v[2], "max", &r->max_fen))
		r->has_max = true;
	if (v[3] && (k = boolean(l, v[3], "max_inclusive")) >= 0)
		r->max_incl = k;
	if (r->has_min && r->has_max &&
	    (r->min_fen > r->max_fen || (r->min_fen == r->max_fen && !(r->min_incl && r->max_incl))))
		err(l, v[2], "max", "E_POLICY_COMBINATION", N_("no amount can pass this threshold"), NULL,
		    scalar(v[2]));
}

static void
bands(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "min", true },	{ "min_inclusive", false },
					   { "max", false },	{ "max_inclusive", false },
					   { "pct", false },	{ "permille", false },
					   { "cap", false },	{ NULL, false } };
	if (!is_list(l, n, "bands"))
		return;
	size_t k = list_len(n);
	if (k == 0) {
		err(l, n, "bands", "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
		return;
	}
	r->tiers = calloc(k, sizeof(*r->tiers));
	for (size_t i = 0; r->tiers && i < k; i++) {
		yaml_node_t *b = list_at(l, n, i), *v[7];
		struct pol_tier *t = &r->tiers[r->ntiers++];
		t->cap_fen = -1;
		t->from_incl = true;
		if (!fields(l, b, "bands", spec, v))
			continue;
		int x;
		if (v[0])
			amount(l, v[0], "min", &t->from_fen);
		if (v[1] && (x = boolean(l, v[1], "min_inclusive")) >= 0)
			t->from_incl = x;
		if (v[2] && amount(l, v[2], "max", &t->to_fen))
			t->has_to = true;
		if (v[3] && !v[2])
			err(l, v[3], "max_inclusive", "E_POLICY_COMBINATION",
			    N_("says whether a bound is included, but there is no bound"), NULL, NULL);
		if (v[2] && !v[3])
			err(l, b, "bands", "E_POLICY_MISSING", N_("missing key '%s'"), "max_inclusive", NULL);
		if (v[3] && (x = boolean(l, v[3], "max_inclusive")) >= 0)
			t->to_incl = x;
		rate_of(l, b, v[4], v[5], &t->ppm);
		if (v[6])
			amount(l, v[6], "cap", &t->cap_fen);
		if (t->has_to && (t->to_fen < t->from_fen ||
				  (t->to_fen == t->from_fen && !(t->from_incl && t->to_incl))))
			err(l, v[2], "max", "E_POLICY_COMBINATION", N_("the band is empty"), NULL,
			    scalar(v[2]));
		if (i > 0) {
			const struct pol_tier *p = &r->tiers[i - 1];
			/* bands are in order and never overlap, so one amount has one rate */
			bool overlap = !p->has_to || t->from_fen < p->to_fen ||
				       (t->from_fen == p->to_fen && p->to_incl && t->from_incl);
			if (overlap)
				err(l, v[0] ? v[0] : b, "min", "E_POLICY_COMBINATION",
				    N_("the band overlaps the one before it, or is out of order"), NULL,
				    scalar(v[0]));
		}
	}
}

static void
tiers(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "upto", false }, { "above", false }, { "pct", false },
					   { "permille", false }, { NULL, false } };
	if (!is_list(l, n, "tiers"))
		return;
	size_t k = list_len(n);
	if (k < 2) {
		err(l, n, "tiers", "E_POLICY_VALUE", N_("marginal rates need at least two tiers"), NULL,
		    NULL);
		return;
	}
	r->tiers = calloc(k, sizeof(*r->tiers));
	int64_t from = 0;
	for (size_t i = 0; r->tiers && i < k; i++) {
		yaml_node_t *b = list_at(l, n, i), *v[4];
		struct pol_tier *t = &r->tiers[r->ntiers++];
		t->cap_fen = -1;
		t->from_fen = from;
		if (!fields(l, b, "tiers", spec, v))
			continue;
		bool last = i + 1 == k;
		if (last && v[0])
			err(l, v[0], "upto", "E_POLICY_COMBINATION",
			    N_("the last tier has no upper end; write above: instead"), NULL, scalar(v[0]));
		if (!last && !v[0])
			err(l, b, "tiers", "E_POLICY_MISSING", N_("missing key '%s'"), "upto", NULL);
		if (!last && v[1])
			err(l, v[1], "above", "E_POLICY_COMBINATION", N_("only the last tier has above:"),
			    NULL, NULL);
		int64_t a;
		if (last && v[1] && amount(l, v[1], "above", &a) && a != from)
			err(l, v[1], "above", "E_POLICY_COMBINATION",
			    N_("must equal the upto: of the tier before it"), NULL, scalar(v[1]));
		if (v[0] && amount(l, v[0], "upto", &t->to_fen)) {
			t->has_to = true;
			if (t->to_fen <= from)
				err(l, v[0], "upto", "E_POLICY_COMBINATION",
				    N_("tiers must rise: this one ends where an earlier one does"), NULL,
				    scalar(v[0]));
			from = t->to_fen;
		}
		rate_of(l, b, v[2], v[3], &t->ppm);
	}
}

static void
rate(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const char *const kinds[] = { "flat", "band", "marginal", "base_plus", NULL };
	static const struct key spec[] = { { "kind", true }, { "pct", false },  { "permille", false },
					   { "bands", false }, { "tiers", false }, { "above", false },
					   { "amount", false }, { NULL, false } };
	/* which keys each kind takes */
	static const char *const allowed[] = { "pct permille", "bands", "tiers",
					       "pct permille above amount" };
	yaml_node_t *v[7];
	if (!fields(l, n, "rate", spec, v) || !v[0])
		return;
	int k = word(l, v[0], "kind", kinds, "flat, band, marginal, base_plus");
	if (k < 0)
		return;
	r->rate = (enum pol_rate)k;
	for (int i = 1; i < 7; i++)
		if (v[i] && !strstr(allowed[k], spec[i].name))
			err(l, v[i], spec[i].name, "E_POLICY_COMBINATION", N_("not used by this kind of rate"),
			    NULL, NULL);
	switch (r->rate) {
	case RATE_FLAT:
		if (rate_of(l, n, v[1], v[2], &r->plus_ppm)) {
			r->tiers = calloc(1, sizeof(*r->tiers));
			if (r->tiers) {
				r->tiers[0] = (struct pol_tier){ .ppm = r->plus_ppm, .cap_fen = -1 };
				r->ntiers = 1;
			}
		}
		break;
	case RATE_BAND:
		if (!v[3])
			err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "bands", NULL);
		else
			bands(l, v[3], r);
		break;
	case RATE_MARGINAL:
		if (!v[4])
			err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), "tiers", NULL);
		else
			tiers(l, v[4], r);
		break;
	case RATE_BASE_PLUS:
		if (!v[5] || !v[6])
			err(l, n, "rate", "E_POLICY_MISSING", N_("missing key '%s'"), v[5] ? "amount" : "above",
			    NULL);
		if (v[5])
			amount(l, v[5], "above", &r->plus_above_fen);
		if (v[6])
			amount(l, v[6], "amount", &r->plus_amount_fen);
		rate_of(l, n, v[1], v[2], &r->plus_ppm);
		break;
	}
}

static void
caps(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "per", true }, { "amount", false }, { "fact", false },
					   { NULL, false } };
	static const char *const facts[] = { "vat_paid", NULL };
	if (!is_list(l, n, "caps"))
		return;
	size_t k = list_len(n);
	r->caps = calloc(k + 1, sizeof(*r->caps));
	for (size_t i = 0; r->caps && i < k; i++) {
		yaml_node_t *c = list_at(l, n, i), *v[3];
		struct pol_cap *cap = &r->caps[r->ncaps];
		if (!fields(l, c, "caps", spec, v) || !v[0])
			continue;
		int u = word(l, v[0], "per", unit_words, UNIT_LIST);
		if (u < 0)
			continue;
		cap->per = (enum pol_unit)u;
		cap->amount_fen = -1;
		if (v[1] && v[2])
			err(l, v[2], "fact", "E_POLICY_COMBINATION", N_("give amount or fact, not both"), NULL,
			    NULL);
		else if (!v[1] && !v[2])
			err(l, c, "caps", "E_POLICY_MISSING", N_("missing key '%s'"), "amount", NULL);
		else if (v[1] && !amount(l, v[1], "amount", &cap->amount_fen))
			continue;
		else if (v[2] && word(l, v[2], "fact", facts, "vat_paid") == 0)
			cap->fact_vat_paid = true;
		r->ncaps++;
		if (pol_level(cap->per) < pol_level(r->per))
			err(l, v[0], "per", "E_POLICY_COMBINATION",
			    N_("a cap on a smaller unit than the base is summed over"), NULL, scalar(v[0]));
		if (cap->fact_vat_paid && pol_level(cap->per) != 2)
			err(l, v[0], "per", "E_POLICY_COMBINATION",
			    N_("facts are per applicant: the cap must be per applicant and year"), NULL,
			    scalar(v[0]));
		if (pol_level(cap->per) == 2 && cap->per != r->per && pol_level(r->per) == 2)
			err(l, v[0], "per", "E_POLICY_COMBINATION",
			    N_("the cap and the base name different applicant units"), NULL, scalar(v[0]));
	}
}

static void
allocation(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = { { "to", true }, { "min_pct", false }, { "max_pct", false },
					   { NULL, false } };
	if (!is_list(l, n, "allocation"))
		return;
	size_t k = list_len(n);
	r->allocs = calloc(k + 1, sizeof(*r->allocs));
	for (size_t i = 0; r->allocs && i < k; i++) {
		yaml_node_t *a = list_at(l, n, i), *v[3];
		struct pol_alloc *al = &r->allocs[r->nallocs++];
		al->min_ppm = al->max_ppm = -1;
		if (!fields(l, a, "allocation", spec, v))
			continue;
		const char *to = v[0] ? text(l, v[0], "to") : NULL;
		al->to = to ? tcreg__strdup(to) : NULL;
		if (!v[1] && !v[2])
			err(l, a, "allocation", "E_POLICY_MISSING", N_("missing key '%s'"), "max_pct", NULL);
		if (v[1] && decimal(l, v[1], "min_pct", 4, &al->min_ppm) && al->min_ppm > 1000000)
			err(l, v[1], "min_pct", "E_POLICY_VALUE", N_("a rate above 100 %"), NULL, scalar(v[1]));
		if (v[2] && decimal(l, v[2], "max_pct", 4, &al->max_ppm) && al->max_ppm > 1000000)
			err(l, v[2], "max_pct", "E_POLICY_VALUE", N_("a rate above 100 %"), NULL, scalar(v[2]));
		if (al->min_ppm >= 0 && al->max_ppm >= 0 && al->min_ppm > al->max_ppm)
			err(l, v[1], "min_pct", "E_POLICY_COMBINATION", N_("the share's minimum exceeds its maximum"),
			    NULL, scalar(v[1]));
	}
}

static void
eligible(struct ld *l, yaml_node_t *n, struct pol_rule *r, yaml_node_t **payments_node)
{
	static const struct key spec[] = {
		{ "categories", false },   { "applicant", false }, { "counterparty", false },
		{ "related_party", true }, { "registered", true }, { "payments", false },
		{ "checks", false },       { NULL, false },
	};
	static const char *const related[] = { "exclude", "allow", NULL };
	yaml_node_t *v[7];
	if (!fields(l, n, "eligible", spec, v))
		return;
	if (v[0])
		r->categories = codes_of(l, v[0], "categories", TCREG_TABLE_CATEGORY, &r->ncategories);
	if (v[1])
		party_filter(l, v[1], "applicant", &r->applicant);
	if (v[2])
		party_filter(l, v[2], "counterparty", &r->counterparty);
	if (v[3]) {
		int k = word(l, v[3], "related_party", related, "exclude, allow");
		r->exclude_related = k == 0;
	}
	if (v[4])
		window(l, v[4], "registered", &r->registered);
	if (v[5])
		window(l, v[5], "payments", &r->payments);
	*payments_node = v[5];
	if (v[6] && is_list(l, v[6], "checks")) {
		size_t k = list_len(v[6]);
		r->checks = strv_new(k);
		for (size_t i = 0; r->checks && i < k; i++) {
			const char *s = text(l, list_at(l, v[6], i), "checks");
			if (s)
				r->checks[r->nchecks++] = tcreg__strdup(s);
		}
	}
}

static bool
name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static void
rule(struct ld *l, yaml_node_t *n, struct pol_rule *r)
{
	static const struct key spec[] = {
		{ "name", true }, { "applicant", true }, { "eligible", true }, { "base", true },
		{ "threshold", false }, { "rate", true }, { "caps", false }, { "allocation", false },
		{ NULL, false },
	};
	static const char *const roles[] = { "buyer", "seller", "agency", NULL };
	yaml_node_t *v[8], *payments = NULL;
	r->line = (long)n->start_mark.line + 1;
	r->name = tcreg__strdup("?"); /* named even when the entry is not a mapping */
	if (!fields(l, n, "rules", spec, v))
		return;
	const char *name = v[0] ? text(l, v[0], "name") : NULL;
	if (name && !name_ok(name))
		err(l, v[0], "name", "E_POLICY_VALUE", N_("use lower-case letters, digits, - and _"), NULL,
		    name);
	if (name) {
		free(r->name);
		r->name = tcreg__strdup(name);
	}
	int role = v[1] ? word(l, v[1], "applicant", roles, "buyer, seller, agency") : -1;
	r->role = role < 0 ? ROLE_SELLER : (enum pol_role)role;
	if (v[3])
		base(l, v[3], r);
	if (v[2])
		eligible(l, v[2], r, &payments);
	if (v[4])
		threshold(l, v[4], r);
	if (v[5])
		rate(l, v[5], r);
	if (v[6])
		caps(l, v[6], r);
	if (v[7])
		allocation(l, v[7], r);

	/* combinations that cannot mean anything */
	const unsigned uses_payments = BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED;
	if ((r->base & uses_payments) && !payments && v[2])
		err(l, v[2], "eligible", "E_POLICY_MISSING",
		    N_("the base counts payments: say which in eligible.payments"), NULL, NULL);
	if (!(r->base & uses_payments) && r->base && payments)
		err(l, payments, "payments", "E_POLICY_COMBINATION",
		    N_("a payment window, but the base does not count payments"), NULL, NULL);
	if ((r->base & BASE_INVOICED) && pol_level(r->per) != 2)
		err(l, v[3], "base", "E_POLICY_COMBINATION",
		    N_("invoiced amounts are known per applicant: aggregate per applicant and year"), NULL,
		    NULL);
	if (r->role == ROLE_AGENCY && r->per != UNIT_AGENCY_YEAR)
		err(l, v[3], "per", "E_POLICY_COMBINATION",
		    N_("an award to the registration agency is per agency and year"), NULL, NULL);
	if (r->role != ROLE_AGENCY && r->per == UNIT_AGENCY_YEAR)
		err(l, v[3], "per", "E_POLICY_COMBINATION",
		    N_("agency_year is for awards to the registration agency (applicant: agency)"), NULL,
		    NULL);
	if (r->role == ROLE_AGENCY && (r->applicant.nnatures || r->applicant.nregions))
		err(l, v[2], "applicant", "E_POLICY_COMBINATION",
		    N_("the agency is this registry's office; it has no nature or region to filter on"),
		    NULL, NULL);
	bool project_cap = r->per == UNIT_PROJECT, applicant_level = pol_level(r->per) == 2;
	for (size_t i = 0; i < r->ncaps; i++) {
		project_cap |= r->caps[i].per == UNIT_PROJECT;
		applicant_level |= pol_level(r->caps[i].per) == 2;
		if (r->caps[i].per == UNIT_AGENCY_YEAR && r->role != ROLE_AGENCY)
			err(l, v[6], "caps", "E_POLICY_COMBINATION",
			    N_("agency_year is for awards to the registration agency (applicant: agency)"),
			    NULL, NULL);
	}
	if (project_cap && r->role != ROLE_SELLER)
		err(l, v[1], "applicant", "E_POLICY_COMBINATION",
		    N_("a project (achievement) belongs to its seller: project units need applicant: seller"),
		    NULL, NULL);
	if (project_cap && applicant_level)
		err(l, v[6] ? v[6] : v[3], "caps", "E_POLICY_COMBINATION",
		    N_("a project cap and an applicant-year cap in one rule are not supported; "
		       "write two rules"),
		    NULL, NULL);
}

static void
exclusive(struct ld *l, yaml_node_t *n, struct tcreg_policy *p)
{
	static const struct key spec[] = { { "rules", true }, { "prefer", true }, { NULL, false } };
	if (!is_list(l, n, "exclusive"))
		return;
	size_t k = list_len(n);
	p->exclusive = calloc(k + 1, sizeof(*p->exclusive));
	bool *seen = calloc(p->nrules + 1, sizeof(bool));
	for (size_t i = 0; p->exclusive && seen && i < k; i++) {
		yaml_node_t *g = list_at(l, n, i), *v[2];
		struct pol_exclusive *e = &p->exclusive[p->nexclusive++];
		e->prefer = SIZE_MAX;
		if (!fields(l, g, "exclusive", spec, v) || !v[0] || !is_list(l, v[0], "rules"))
			continue;
		size_t m = list_len(v[0]);
		if (m < 2)
			err(l, v[0], "rules", "E_POLICY_VALUE", N_("name at least two rules"), NULL, NULL);
		e->rules = calloc(m + 1, sizeof(size_t));
		for (size_t j = 0; e->rules && j < m; j++) {
			yaml_node_t *x = list_at(l, v[0], j);
			const char *s = text(l, x, "rules");
			size_t r = 0;
			while (s && r < p->nrules && strcmp(p->rules[r].name, s) != 0)
				r++;
			if (!s)
				continue;
			if (r == p->nrules) {
				err(l, x, "rules", "E_POLICY_VALUE", N_("no rule of that name"), NULL, s);
				continue;
			}
			if (seen[r]) {
				err(l, x, "rules", "E_POLICY_COMBINATION",
				    N_("a rule can be in one exclusive group only"), NULL, s);
				continue;
			}
			seen[r] = true;
			e->rules[e->nrules++] = r;
		}
		const char *pref = v[1] ? text(l, v[1], "prefer") : NULL;
		for (size_t j = 0; pref && j < e->nrules; j++)
			if (strcmp(p->rules[e->rules[j]].name, pref) == 0)
				e->prefer = e->rules[j];
		if (pref && e->prefer == SIZE_MAX)
			err(l, v[1], "prefer", "E_POLICY_VALUE", N_("not one of the group's rules"), NULL, pref);
	}
	free(seen);
}

static void
load(struct ld *l, yaml_node_t *root, struct tcreg_policy *p)
{
	static const struct key spec[] = {
		{ "policy", true }, { "title", true }, { "source", true },   { "in_force", true },
		{ "unit", true },   { "rounding", true }, { "rules", true }, { "exclusive", false },
		{ "note", false },  { "budget", false }, { NULL, false },
	};
	static const struct key budget_spec[] = { { "rule", true }, { NULL, false } };
	static const char *const budget_rules[] = { "pro_rata", "first_come", NULL };
	static const struct key src_spec[] = { { "document", true }, { "url", false }, { NULL, false } };
	static const struct key force_spec[] = { { "from", true }, { "to", true }, { NULL, false } };
	static const struct key round_spec[] = { { "to", true }, { "mode", true }, { NULL, false } };
	static const char *const units[] = { "fen", "yuan", "wan", NULL };
	static const int64_t unit_fen[] = { 1, 100, 1000000 };
	static const char *const round_to[] = { "fen", "yuan", "hundred", "wan", NULL };
	static const int64_t round_fen[] = { 1, 100, 10000, 1000000 };
	static const char *const modes[] = { "down", "half_up", "up", NULL };
	yaml_node_t *v[10], *w[3];
	if (!fields(l, root, "policy", spec, v))
		return;
	const char *s;
	if (v[0] && (s = text(l, v[0], "policy"))) {
		if (!name_ok(s))
			err(l, v[0], "policy", "E_POLICY_VALUE", N_("use lower-case letters, digits, - and _"),
			    NULL, s);
		p->name = tcreg__strdup(s);
	}
	if (v[1] && (s = text(l, v[1], "title")))
		p->title = tcreg__strdup(s);
	if (v[2] && fields(l, v[2], "source", src_spec, w)) {
		if (w[0] && (s = text(l, w[0], "document")))
			p->source = tcreg__strdup(s);
		if (w[1] && (s = text(l, w[1], "url")))
			p->source_url = tcreg__strdup(s);
	}
	if (v[3] && fields(l, v[3], "in_force", force_spec, w)) {
		struct pol_date a = { 0 }, b = { 0 };
		if (w[0] && date_spec(l, w[0], "from", false, &a))
			tcreg__pol_date(&a, 0, p->in_force_from);
		if (w[1] && date_spec(l, w[1], "to", false, &b))
			tcreg__pol_date(&b, 0, p->in_force_to);
		if (w[1] && p->in_force_from[0] && p->in_force_to[0] &&
		    strcmp(p->in_force_to, p->in_force_from) < 0)
			err(l, w[1], "to", "E_POLICY_COMBINATION", N_("the window ends before it starts"), NULL,
			    scalar(w[1]));
	}
	int k = v[4] ? word(l, v[4], "unit", units, "fen, yuan, wan") : -1;
	l->scale = k >= 0 ? unit_fen[k] : 100;
	if (v[5] && fields(l, v[5], "rounding", round_spec, w)) {
		int t = w[0] ? word(l, w[0], "to", round_to, "fen, yuan, hundred, wan") : -1;
		int m = w[1] ? word(l, w[1], "mode", modes, "down, half_up, up") : -1;
		p->round_fen = t >= 0 ? round_fen[t] : 1;
		p->round_mode = m >= 0 ? (enum pol_round)m : ROUND_DOWN;
	}
	if (v[8] && (s = text(l, v[8], "note")))
		p->note = tcreg__strdup(s);
	/* how a fixed budget is shared when the awards exceed it */
	if (v[9] && fields(l, v[9], "budget", budget_spec, w) && w[0]) {
		int b = word(l, w[0], "rule", budget_rules, "pro_rata, first_come");
		p->budget_first_come = b == 1;
	}
	if (v[6] && is_list(l, v[6], "rules")) {
		size_t n = list_len(v[6]);
		if (n == 0)
			err(l, v[6], "rules", "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
		if (n > POL_MAX_RULES) {
			char most[16];
			snprintf(most, sizeof(most), "%d", POL_MAX_RULES);
			err(l, list_at(l, v[6], POL_MAX_RULES), "rules", "E_POLICY_LIMIT",
			    N_("too many rules: a policy has at most %s"), most, NULL);
		}
		p->rules = calloc(n + 1, sizeof(*p->rules));
		for (size_t i = 0; p->rules && i < n; i++) {
			yaml_node_t *x = list_at(l, v[6], i);
			rule(l, x, &p->rules[p->nrules++]);
			for (size_t j = 0; j + 1 < p->nrules; j++)
				if (p->rules[j].name && p->rules[i].name &&
				    strcmp(p->rules[j].name, p->rules[i].name) == 0)
					err(l, x, "name", "E_POLICY_VALUE", N_("two rules of the same name"), NULL,
					    p->rules[i].name);
		}
	}
	if (v[7])
		exclusive(l, v[7], p);
}

static void
filter_free(struct pol_party_filter *f)
{
	strv_free(f->natures, f->nnatures);
	strv_free(f->regions, f->nregions);
}

void
tcreg_policy_free(tcreg_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		struct pol_rule *r = &p->rules[i];
		free(r->name);
		strv_free(r->categories, r->ncategories);
		filter_free(&r->applicant);
		filter_free(&r->counterparty);
		strv_free(r->checks, r->nchecks);
		free(r->tiers);
		free(r->caps);
		for (size_t j = 0; j < r->nallocs; j++)
			free(r->allocs[j].to);
		free(r->allocs);
	}
	free(p->rules);
	for (size_t i = 0; i < p->nexclusive; i++)
		free(p->exclusive[i].rules);
	free(p->exclusive);
	free(p->path);
	free(p->name);
	free(p->title);
	free(p->source);
	free(p->source_url);
	free(p->note);
	free(p);
}

/* Everything the engine relies on is there (only an allocation failure
 * leaves a policy without errors incomplete). */
static bool
complete(const struct tcreg_policy *p)
{
	if (!p->name || !p->title || !p->source || !p->rules || !p->nrules)
		return false;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];
		if (!r->name || !r->base)
			return false;
		if (r->rate != RATE_BASE_PLUS && (!r->tiers || !r->ntiers))
			return false;
		if ((r->ncategories && !r->categories) || (r->nchecks && !r->checks))
			return false;
		for (size_t j = 0; j < r->nallocs; j++)
			if (!r->allocs[j].to)
				return false;
	}
	for (size_t g = 0; g < p->nexclusive; g++)
		if (!p->exclusive[g].rules || p->exclusive[g].prefer == SIZE_MAX)
			return false;
	return true;
}

/* The whole file, or *too_big past POL_MAX_FILE: never a part of it. */
static char *
slurp(const char *path, size_t *len, bool *too_big)
{
	*too_big = false;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	char chunk[8192];
	size_t k;
	while (!*too_big && (k = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		tcreg__buf_append(&b, chunk, k);
		*too_big = b.len > POL_MAX_FILE;
	}
	bool ok = !ferror(f) && !b.failed;
	fclose(f);
	*len = b.len;
	char *s = ok ? tcreg__buf_steal(&b) : NULL;
	tcreg__buf_release(&b);
	if (!s && ok)
		s = calloc(1, 1);
	return s;
}

/* One tag found by no_tags: where, and what it says. */
static void
tag_err(struct ld *l, const yaml_mark_t *m, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:"; /* written !!str, !!map, ... */
	char shown[128];
	const char *t = (const char *)tag;
	if (strncmp(t, core, sizeof(core) - 1) == 0)
		snprintf(shown, sizeof(shown), "!!%s", t + sizeof(core) - 1);
	else
		snprintf(shown, sizeof(shown), "%s", t);
	tcreg__diags_add(l->diags, TCREG_SEV_ERROR, (long)m->line + 1, (long)m->column + 1, NULL,
			 "E_POLICY_TAG", N_("a YAML tag (%s): tags are not accepted in a policy; write the value plainly"),
			 shown, NULL);
	l->errors++;
}

/* YAML tags change what a value is (!!str 30 is the text "30", read as a
 * number by a loader that looks at the style alone) or ask for types
 * nobody has defined (!evil); a policy has no use for either.  The
 * document API resolves every node's tag, so only the events tell an
 * explicit tag from an implied one.  A syntax error ends the scan: the
 * loader reports it. */
static void
no_tags(struct ld *l, const char *src, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	for (bool done = false; !done && yaml_parser_parse(&parser, &ev);) {
		const yaml_char_t *tag = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.tag
				       : ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.tag
				       : ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.tag
									     : NULL;
		if (tag)
			tag_err(l, &ev.start_mark, tag);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
}

tcreg_status
tcreg_policy_load(tcreg_policy **out, const char *path, const tcreg_codes *codes,
		  tcreg_diags **diags)
{
	if (!out || !path || !diags)
		return TCREG_ERR_USAGE;
	*out = NULL;
	*diags = tcreg__diags_new(200);
	if (!*diags)
		return TCREG_ERR_NOMEM;
	tcreg_codes *own = NULL;
	if (!codes) {
		tcreg_status st = tcreg_codes_load(&own, NULL, NULL);
		if (st != TCREG_OK)
			return st;
		codes = own;
	}
	size_t len = 0;
	bool too_big;
	char *src = slurp(path, &len, &too_big);
	tcreg_policy *p = calloc(1, sizeof(*p));
	tcreg_status st = TCREG_OK;
	if (!src || !p) {
		st = !src && errno != ENOMEM ? TCREG_ERR_NOINPUT : TCREG_ERR_NOMEM;
		goto done;
	}
	p->path = tcreg__strdup(path);
	p->round_fen = 1;
	tcreg__sha256_hex(src, len, p->sha256);
	bool truncated;
	bool valid_text = tcreg__utf8_valid_prefix((const unsigned char *)src, len, &truncated) == len &&
			  strlen(src) == len;
	struct ld l = { .diags = *diags, .codes = codes, .scale = 100 };
	if (too_big) { /* read whole or not at all: a cut file could still parse */
		err(&l, NULL, NULL, "E_POLICY_SIZE", N_("larger than 4 MiB: not a policy file (a policy is a few kilobytes)"),
		    NULL, NULL);
		st = TCREG_ERR_CONFIG;
		goto done;
	}
	if (!valid_text) {
		err(&l, NULL, NULL, "E_ENCODING", N_("a policy file must be UTF-8 text"), NULL, NULL);
		st = TCREG_ERR_CONFIG;
		goto done;
	}
	no_tags(&l, src, len);
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	if (!yaml_parser_load(&parser, &doc)) {
		tcreg__diags_add(l.diags, TCREG_SEV_ERROR, (long)parser.problem_mark.line + 1,
				 (long)parser.problem_mark.column + 1, NULL, "E_SYNTAX",
				 N_("not valid YAML: %s"), parser.problem ? parser.problem : "?", NULL);
		yaml_parser_delete(&parser);
		st = TCREG_ERR_CONFIG;
		goto done;
	}
	l.doc = &doc;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root)
		err(&l, NULL, NULL, "E_POLICY_MISSING", N_("the file is empty"), NULL, NULL);
	else
		load(&l, root, p);
	/* one policy per file: a second document would be silently ignored */
	yaml_document_t more;
	if (root && yaml_parser_load(&parser, &more)) {
		yaml_node_t *r2 = yaml_document_get_root_node(&more);
		if (r2)
			err(&l, r2, NULL, "E_POLICY_VALUE", N_("one policy per file; a second document follows"),
			    NULL, NULL);
		yaml_document_delete(&more);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (!l.errors && !(*diags)->dropped && !complete(p))
		st = TCREG_ERR_NOMEM; /* an allocation failed while the file was read */
	else if (l.errors || (*diags)->dropped)
		st = TCREG_ERR_CONFIG;
done:
	free(src);
	tcreg_codes_free(own);
	if (st == TCREG_OK)
		*out = p;
	else
		tcreg_policy_free(p);
	return st;
}

const char *
tcreg_policy_name(const tcreg_policy *p)
{
	return p ? p->name : NULL;
}

const char *
tcreg_policy_sha256(const tcreg_policy *p)
{
	return p ? p->sha256 : NULL;
}

tcreg_status
tcreg_policy_tree(const tcreg_policy *p, json_t **out)
{
	*out = NULL;
	if (!p)
		return TCREG_ERR_USAGE;
	json_t *o = json_object(), *rules = json_array();
	if (!o || !rules) {
		json_decref(o);
		json_decref(rules);
		return TCREG_ERR_NOMEM;
	}
	json_object_set_new(o, "policy", json_string(p->name));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(o, "source", json_string(p->source));
	json_object_set_new(o, "source_url", p->source_url ? json_string(p->source_url) : json_null());
	json_object_set_new(o, "in_force_from", json_string(p->in_force_from));
	json_object_set_new(o, "in_force_to", p->in_force_to[0] ? json_string(p->in_force_to) : json_null());
	json_object_set_new(o, "sha256", json_string(p->sha256));
	for (size_t i = 0; i < p->nrules; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "name", json_string(p->rules[i].name));
		json_object_set_new(r, "applicant", json_string(tcreg__pol_role_name(p->rules[i].role)));
		json_object_set_new(r, "rate", json_string(tcreg__pol_rate_name(p->rules[i].rate)));
		json_object_set_new(r, "per", json_string(tcreg__pol_unit_name(p->rules[i].per)));
		json_array_append_new(rules, r);
	}
	json_object_set_new(o, "rules", rules);
	*out = o;
	return TCREG_OK;
}

tcreg_status
tcreg_policy_json(const tcreg_policy *p, char **json)
{
	json_t *o;
	tcreg_status s = tcreg_policy_tree(p, &o);
	return tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
