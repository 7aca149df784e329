/* SPDX-License-Identifier: MIT
 * policy.c - loading an award policy from YAML.  Public money is computed
 * from these files, so nothing is guessed: an unknown key, a value of the
 * wrong type, a missing field or a combination that cannot mean anything is
 * an error at its line and column, and every error of the file is reported
 * in one pass.  Here: the file (read whole, UTF-8, no YAML tags, one
 * document), its top level and what a loaded policy shows; the values,
 * rules, rates and eligibility are read by the files policy-read.h names.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "policy-read.h"
#include "tcreg/tcreg-tree.h"

static void
load(struct ld *l, yaml_node_t *root, struct tcreg_policy *p)
{
	static const struct pol_key spec[] = {
		{ "policy", true }, { "title", true }, { "source", true },   { "in_force", true },
		{ "unit", true },   { "rounding", true }, { "rules", true }, { "exclusive", false },
		{ "note", false },  { "budget", false }, { NULL, false },
	};
	static const struct pol_key budget_spec[] = { { "rule", true }, { NULL, false } };
	static const char *const budget_rules[] = { "pro_rata", "first_come", NULL };
	static const struct pol_key src_spec[] = { { "document", true }, { "url", false }, { NULL, false } };
	static const struct pol_key force_spec[] = { { "from", true }, { "to", true }, { NULL, false } };
	static const struct pol_key round_spec[] = { { "to", true }, { "mode", true }, { NULL, false } };
	static const char *const units[] = { "fen", "yuan", "wan", NULL };
	static const int64_t unit_fen[] = { 1, 100, 1000000 };
	static const char *const round_to[] = { "fen", "yuan", "hundred", "wan", NULL };
	static const int64_t round_fen[] = { 1, 100, 10000, 1000000 };
	static const char *const modes[] = { "down", "half_up", "up", NULL };
	yaml_node_t *v[10], *w[3];
	if (!tcreg__pol_fields(l, root, "policy", spec, v))
		return;
	const char *s;
	if (v[0] && (s = tcreg__pol_text(l, v[0], "policy"))) {
		if (!tcreg__pol_name_ok(s))
			tcreg__pol_err(l, v[0], "policy", "E_POLICY_VALUE", N_("use lower-case letters, digits, - and _"),
				       NULL, s);
		p->name = tcreg__strdup(s);
	}
	if (v[1] && (s = tcreg__pol_text(l, v[1], "title")))
		p->title = tcreg__strdup(s);
	if (v[2] && tcreg__pol_fields(l, v[2], "source", src_spec, w)) {
		if (w[0] && (s = tcreg__pol_text(l, w[0], "document")))
			p->source = tcreg__strdup(s);
		if (w[1] && (s = tcreg__pol_text(l, w[1], "url")))
			p->source_url = tcreg__strdup(s);
	}
	if (v[3] && tcreg__pol_fields(l, v[3], "in_force", force_spec, w)) {
		struct pol_date a = { 0 }, b = { 0 };
		if (w[0] && tcreg__pol_date_spec(l, w[0], "from", false, &a))
			tcreg__pol_date(&a, 0, p->in_force_from);
		if (w[1] && tcreg__pol_date_spec(l, w[1], "to", false, &b))
			tcreg__pol_date(&b, 0, p->in_force_to);
		if (w[1] && p->in_force_from[0] && p->in_force_to[0] &&
		    strcmp(p->in_force_to, p->in_force_from) < 0)
			tcreg__pol_err(l, w[1], "to", "E_POLICY_COMBINATION", N_("the window ends before it starts"), NULL,
				       tcreg__pol_scalar(w[1]));
	}
	int k = v[4] ? tcreg__pol_word(l, v[4], "unit", units, "fen, yuan, wan") : -1;
	l->scale = k >= 0 ? unit_fen[k] : 100;
	if (v[5] && tcreg__pol_fields(l, v[5], "rounding", round_spec, w)) {
		int t = w[0] ? tcreg__pol_word(l, w[0], "to", round_to, "fen, yuan, hundred, wan") : -1;
		int m = w[1] ? tcreg__pol_word(l, w[1], "mode", modes, "down, half_up, up") : -1;
		p->round_fen = t >= 0 ? round_fen[t] : 1;
		p->round_mode = m >= 0 ? (enum pol_round)m : ROUND_DOWN;
	}
	if (v[8] && (s = tcreg__pol_text(l, v[8], "note")))
		p->note = tcreg__strdup(s);
	/* how a fixed budget is shared when the awards exceed it */
	if (v[9] && tcreg__pol_fields(l, v[9], "budget", budget_spec, w) && w[0]) {
		int b = tcreg__pol_word(l, w[0], "rule", budget_rules, "pro_rata, first_come");
		p->budget_first_come = b == 1;
	}
	if (v[6] && tcreg__pol_is_list(l, v[6], "rules")) {
		size_t n = tcreg__pol_list_len(v[6]);
		if (n == 0)
			tcreg__pol_err(l, v[6], "rules", "E_POLICY_VALUE", N_("must not be empty"), NULL, NULL);
		if (n > POL_MAX_RULES) {
			char most[16];
			snprintf(most, sizeof(most), "%d", POL_MAX_RULES);
			tcreg__pol_err(l, tcreg__pol_list_at(l, v[6], POL_MAX_RULES), "rules", "E_POLICY_LIMIT",
				       N_("too many rules: a policy has at most %s"), most, NULL);
		}
		p->rules = calloc(n + 1, sizeof(*p->rules));
		for (size_t i = 0; p->rules && i < n; i++) {
			yaml_node_t *x = tcreg__pol_list_at(l, v[6], i);
			tcreg__pol_rule(l, x, &p->rules[p->nrules++]);
			for (size_t j = 0; j + 1 < p->nrules; j++)
				if (p->rules[j].name && p->rules[i].name &&
				    strcmp(p->rules[j].name, p->rules[i].name) == 0)
					tcreg__pol_err(l, x, "name", "E_POLICY_VALUE", N_("two rules of the same name"), NULL,
						       p->rules[i].name);
		}
	}
	if (v[7])
		tcreg__pol_exclusive(l, v[7], p);
}

static void
filter_free(struct pol_party_filter *f)
{
	tcreg__pol_strv_free(f->natures, f->nnatures);
	tcreg__pol_strv_free(f->regions, f->nregions);
}

void
tcreg_policy_free(tcreg_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		struct pol_rule *r = &p->rules[i];
		free(r->name);
		tcreg__pol_strv_free(r->categories, r->ncategories);
		filter_free(&r->applicant);
		filter_free(&r->counterparty);
		tcreg__pol_strv_free(r->checks, r->nchecks);
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
		tcreg__pol_err(&l, NULL, NULL, "E_POLICY_SIZE",
			       N_("larger than 4 MiB: not a policy file (a policy is a few kilobytes)"),
			       NULL, NULL);
		st = TCREG_ERR_CONFIG;
		goto done;
	}
	if (!valid_text) {
		tcreg__pol_err(&l, NULL, NULL, "E_ENCODING", N_("a policy file must be UTF-8 text"), NULL, NULL);
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
		tcreg__pol_err(&l, NULL, NULL, "E_POLICY_MISSING", N_("the file is empty"), NULL, NULL);
	else
		load(&l, root, p);
	/* one policy per file: a second document would be silently ignored */
	yaml_document_t more;
	if (root && yaml_parser_load(&parser, &more)) {
		yaml_node_t *r2 = yaml_document_get_root_node(&more);
		if (r2)
			tcreg__pol_err(&l, r2, NULL, "E_POLICY_VALUE", N_("one policy per file; a second document follows"),
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
