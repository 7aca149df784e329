/* SPDX-License-Identifier: MIT
 * policy-read.h - reading a policy file's YAML, shared by the files that
 * load a policy (policy.c the file and its top level, policy-rules.c a
 * rule, policy-rates.c its rate, policy-eligible.c what it may pay).
 * Private to those files.
 *
 * Every reader reports what is wrong at the node's line and column through
 * tcreg__pol_err and goes on, so that one pass finds every error of the
 * file; a reader that fails leaves its output as it was (or empty).
 */
#ifndef TCREG_POLICY_READ_H
#define TCREG_POLICY_READ_H

#include <stdbool.h>
#include <stdint.h>
#include <yaml.h>

#include "policy.h"
#include "tcreg-private.h"

/* What a policy file is read with. */
struct ld {
	yaml_document_t *doc;
	tcreg_diags *diags;
	const tcreg_codes *codes;
	int errors;
	int64_t scale; /* fen per amount unit */
};

/* A key of a mapping as the schema expects it: name, whether required. */
struct pol_key {
	const char *name;
	bool required;
};

/* ---- values (policy-values.c) ---- */
void tcreg__pol_err(struct ld *l, const yaml_node_t *n, const char *key, const char *code, const char *msgid,
		    const char *arg, const char *value);
/* The text of a scalar node; NULL for anything else. */
const char *tcreg__pol_scalar(const yaml_node_t *n);
bool tcreg__pol_fields(struct ld *l, yaml_node_t *n, const char *what, const struct pol_key *spec,
		       yaml_node_t **v);
/* A non-empty scalar's text, or NULL (reported). */
const char *tcreg__pol_text(struct ld *l, yaml_node_t *n, const char *key);
int tcreg__pol_word(struct ld *l, yaml_node_t *n, const char *key, const char *const *words, const char *list);
/* 1 true, 0 false, -1 neither (reported). */
int tcreg__pol_boolean(struct ld *l, yaml_node_t *n, const char *key);
bool tcreg__pol_decimal(struct ld *l, yaml_node_t *n, const char *key, int maxdec, int64_t *out);
bool tcreg__pol_amount(struct ld *l, yaml_node_t *n, const char *key, int64_t *fen);
bool tcreg__pol_rate_of(struct ld *l, yaml_node_t *map, yaml_node_t *pct, yaml_node_t *permille, int64_t *ppm);
bool tcreg__pol_date_spec(struct ld *l, yaml_node_t *n, const char *key, bool allow_relative,
			  struct pol_date *d);
bool tcreg__pol_is_list(struct ld *l, yaml_node_t *n, const char *key);
size_t tcreg__pol_list_len(yaml_node_t *n);
yaml_node_t *tcreg__pol_list_at(struct ld *l, yaml_node_t *n, size_t i);
/* A NULL-terminated vector of n strings, and its release. */
char **tcreg__pol_strv_new(size_t n);
void tcreg__pol_strv_free(char **v, size_t n);
/* A policy's or a rule's name: lower-case letters, digits, - and _. */
bool tcreg__pol_name_ok(const char *s);

/* ---- parts of a rule ---- */
void tcreg__pol_threshold(struct ld *l, yaml_node_t *n, struct pol_rule *r); /* policy-rates.c */
void tcreg__pol_rate(struct ld *l, yaml_node_t *n, struct pol_rule *r);
void tcreg__pol_eligible(struct ld *l, yaml_node_t *n, struct pol_rule *r, /* policy-eligible.c */
			 yaml_node_t **payments_node);
void tcreg__pol_rule(struct ld *l, yaml_node_t *n, struct pol_rule *r); /* policy-rules.c */
void tcreg__pol_exclusive(struct ld *l, yaml_node_t *n, struct tcreg_policy *p);

#endif
