/* SPDX-License-Identifier: MIT
 * policy-eligible.c - what a rule may pay (eligible:): contract
 * categories, the applicant's and the counterparty's nature and region,
 * related parties, and the registration and payment windows.  Codes are
 * resolved through the code tables here, so that a name, a code or an
 * alias in the file all mean the one code the registry holds.
 */
#include <stdlib.h>
#include <string.h>

#include "policy-read.h"

/* Codes of a table from names, codes or aliases. */
static char **
codes_of(struct ld *l, yaml_node_t *n, const char *key, tcreg_table t, size_t *count)
{
	*count = 0;
	if (!tcreg__pol_is_list(l, n, key))
		return NULL;
	size_t k = tcreg__pol_list_len(n);
	if (k == 0) {
		tcreg__pol_err(l, n, key, "E_POLICY_VALUE", N_("an empty list matches nothing; leave the key out instead"),
			       NULL, NULL);
		return NULL;
	}
	char **v = tcreg__pol_strv_new(k);
	if (!v) /* a filter lost to memory must not become no filter */
		tcreg__pol_err(l, n, key, "E_NOMEM", N_("out of memory"), NULL, NULL);
	for (size_t i = 0; v && i < k; i++) {
		yaml_node_t *x = tcreg__pol_list_at(l, n, i);
		const char *s = tcreg__pol_text(l, x, key), *code = NULL;
		if (!s)
			continue;
		if (tcreg_codes_resolve(l->codes, t, s, &code) != TCREG_OK) {
			tcreg__pol_err(l, x, key, "E_POLICY_CODE", N_("not in the code table"), NULL, s);
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
	if (!tcreg__pol_is_list(l, n, key))
		return NULL;
	size_t k = tcreg__pol_list_len(n);
	char **v = tcreg__pol_strv_new(k);
	if (!v)
		tcreg__pol_err(l, n, key, "E_NOMEM", N_("out of memory"), NULL, NULL);
	for (size_t i = 0; v && i < k; i++) {
		yaml_node_t *x = tcreg__pol_list_at(l, n, i);
		const char *s = tcreg__pol_text(l, x, key), *code = NULL;
		if (!s)
			continue;
		if (strlen(s) == 2 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') {
			v[(*count)++] = tcreg__strdup(s);
			continue;
		}
		if (tcreg_codes_resolve(l->codes, TCREG_TABLE_REGION, s, &code) != TCREG_OK ||
		    strlen(code) != 4) {
			tcreg__pol_err(l, x, key, "E_POLICY_CODE", N_("not in the code table"), NULL, s);
			continue;
		}
		v[(*count)++] = strcmp(code + 2, "00") == 0 ? strndup(code, 2) : tcreg__strdup(code);
	}
	return v;
}

static void
party_filter(struct ld *l, yaml_node_t *n, const char *what, struct pol_party_filter *f)
{
	static const struct pol_key spec[] = { { "nature", false }, { "region", false }, { NULL, false } };
	yaml_node_t *v[2];
	if (!tcreg__pol_fields(l, n, what, spec, v))
		return;
	if (v[0])
		f->natures = codes_of(l, v[0], "nature", TCREG_TABLE_NATURE, &f->nnatures);
	if (v[1])
		f->regions = regions_of(l, v[1], "region", &f->nregions);
}

static void
window(struct ld *l, yaml_node_t *n, const char *what, struct pol_window *w)
{
	static const struct pol_key spec[] = { { "from", true }, { "to", true }, { NULL, false } };
	yaml_node_t *v[2];
	w->given = true;
	if (!tcreg__pol_fields(l, n, what, spec, v))
		return;
	bool ok = v[0] && tcreg__pol_date_spec(l, v[0], "from", true, &w->from);
	ok = v[1] && tcreg__pol_date_spec(l, v[1], "to", true, &w->to) && ok;
	if (ok && !w->from.open && !w->to.open) {
		/* compare as resolved for two sample years, leap and common */
		for (int y = 2023; y <= 2024; y++) {
			char a[11], b[11];
			tcreg__pol_date(&w->from, y, a);
			tcreg__pol_date(&w->to, y, b);
			if (strcmp(a, b) > 0) {
				tcreg__pol_err(l, v[1], "to", "E_POLICY_COMBINATION", N_("the window ends before it starts"),
					       NULL, tcreg__pol_scalar(v[1]));
				break;
			}
		}
	}
}

void
tcreg__pol_eligible(struct ld *l, yaml_node_t *n, struct pol_rule *r, yaml_node_t **payments_node)
{
	static const struct pol_key spec[] = {
		{ "categories", false },   { "applicant", false }, { "counterparty", false },
		{ "related_party", true }, { "registered", true }, { "payments", false },
		{ "checks", false },       { NULL, false },
	};
	static const char *const related[] = { "exclude", "allow", NULL };
	yaml_node_t *v[7];
	if (!tcreg__pol_fields(l, n, "eligible", spec, v))
		return;
	if (v[0])
		r->categories = codes_of(l, v[0], "categories", TCREG_TABLE_CATEGORY, &r->ncategories);
	if (v[1])
		party_filter(l, v[1], "applicant", &r->applicant);
	if (v[2])
		party_filter(l, v[2], "counterparty", &r->counterparty);
	if (v[3]) {
		int k = tcreg__pol_word(l, v[3], "related_party", related, "exclude, allow");
		r->exclude_related = k == 0;
	}
	if (v[4])
		window(l, v[4], "registered", &r->registered);
	if (v[5])
		window(l, v[5], "payments", &r->payments);
	*payments_node = v[5];
	if (v[6] && tcreg__pol_is_list(l, v[6], "checks")) {
		size_t k = tcreg__pol_list_len(v[6]);
		r->checks = tcreg__pol_strv_new(k);
		for (size_t i = 0; r->checks && i < k; i++) {
			const char *s = tcreg__pol_text(l, tcreg__pol_list_at(l, v[6], i), "checks");
			if (s)
				r->checks[r->nchecks++] = tcreg__strdup(s);
		}
	}
}
