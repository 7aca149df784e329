/* SPDX-License-Identifier: MIT
 * document.c - contracts given as YAML or JSON documents (JSON is read by
 * the YAML parser too, so every value has a line and column).  Keys are the
 * ledger's column names, Chinese or English, or the shape `show --json`
 * prints, so a shown contract can be registered elsewhere as it is.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "tcreg-private.h"

/* Keys `show --json` prints that are the registry's, not the submitter's. */
static const char *const output_only[] = {
	"id", "subtype", "category_code", "verified_tech_amount_fen", "tech_field_code",
	"status", "reg_no", "reg_date", "accept_date", "received_fen", "batch_id",
	"batch_line", "entered_by", "created_at", "payments", "history", "track", "reason_code",
	"reason", "status_note", "certified_by", "decided_at", "deductions", "reviews",
	"declared_non_tech_fen", "external_agency", "registered_by_agency", "objections",
	"point", /* where it is filed: register --point, not the document, says */
	NULL,
};

struct doc {
	tcreg_registry *reg;
	yaml_document_t *ydoc;
	struct tcreg__aliases *aliases;
	const char *file;
	tcreg_diags *diags;
	struct tcreg__cell cells[COL__COUNT];
	char *owned[COL__COUNT];
	int errors;
	int64_t ceiling_fen;
};

static void
doc_error(struct doc *d, const yaml_node_t *n, const char *key, const char *code, const char *msgid,
	  const char *value)
{
	tcreg__diags_add(d->diags, TCREG_SEV_ERROR, (long)n->start_mark.line + 1,
			 (long)n->start_mark.column + 1, key, code, msgid, NULL, value);
	d->errors++;
}

static bool
is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	return strcmp(v, "null") == 0 || strcmp(v, "~") == 0 || *v == '\0';
}

static void
set_cell(struct doc *d, const char *key, int field, int wan, bool fen, const yaml_node_t *v)
{
	if (v->type != YAML_SCALAR_NODE) {
		doc_error(d, v, key, "E_TYPE", N_("expected a single value"), NULL);
		return;
	}
	if (d->cells[field].text) {
		doc_error(d, v, key, "E_DUP_KEY", N_("the same field twice"), NULL);
		return;
	}
	if (is_null(v))
		return;
	char *t = tcreg__strdup((const char *)v->data.scalar.value);
	if (!t) {
		d->errors++;
		return;
	}
	d->owned[field] = t;
	d->cells[field] = (struct tcreg__cell){
		.text = t,
		.header = key,
		.line = (long)v->start_mark.line + 1,
		.col = (long)v->start_mark.column + 1,
		.unit_wan = wan == 1,
		.fen = fen,
	};
}

/* seller: {name, uscc, region, nature} */
static void
party(struct doc *d, const char *which, const yaml_node_t *m)
{
	if (m->type != YAML_MAPPING_NODE) {
		doc_error(d, m, which, "E_TYPE", N_("expected a mapping"), NULL);
		return;
	}
	bool seller = strcmp(which, "seller") == 0;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d->ydoc, p->key);
		yaml_node_t *v = yaml_document_get_node(d->ydoc, p->value);
		const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
		int field = -1;
		if (strcmp(key, "name") == 0)
			field = seller ? COL_SELLER_NAME : COL_BUYER_NAME;
		else if (strcmp(key, "uscc") == 0)
			field = seller ? COL_SELLER_USCC : COL_BUYER_USCC;
		else if (strcmp(key, "region") == 0)
			field = seller ? COL_SELLER_REGION : COL_BUYER_REGION;
		else if (strcmp(key, "nature") == 0)
			field = seller ? COL_SELLER_NATURE : COL_BUYER_NATURE;
		else if (strcmp(key, "region_name") == 0 || strcmp(key, "nature_code") == 0)
			continue; /* printed by show; the code or name beside it counts */
		if (field < 0) {
			doc_error(d, k, key, "E_UNKNOWN_KEY", N_("unknown key"), NULL);
			continue;
		}
		set_cell(d, tcreg__col_key(field), field, -1, false, v);
	}
}

static void
contract_fields(struct doc *d, const yaml_node_t *m)
{
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d->ydoc, p->key);
		yaml_node_t *v = yaml_document_get_node(d->ydoc, p->value);
		if (k->type != YAML_SCALAR_NODE) {
			doc_error(d, k, NULL, "E_TYPE", N_("a key must be a single value"), NULL);
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
		if (strcmp(key, "seller") == 0 || strcmp(key, "buyer") == 0) {
			party(d, key, v);
			continue;
		}
		bool skip = false;
		for (const char *const *o = output_only; *o && !skip; o++)
			skip = strcmp(*o, key) == 0;
		if (skip)
			continue;
		bool fen = false;
		char name[128];
		size_t n = strlen(key);
		snprintf(name, sizeof(name), "%s", key);
		if (n > 4 && n < sizeof(name) && strcmp(key + n - 4, "_fen") == 0) {
			name[n - 4] = '\0';
			fen = true;
		}
		int wan;
		int field = tcreg__aliases_find(d->aliases, TCREG_LEDGER_CONTRACTS, name, &wan);
		if (field < 0 || (fen && field != COL_TOTAL_AMOUNT && field != COL_TECH_AMOUNT)) {
			doc_error(d, k, key, "E_UNKNOWN_KEY", N_("unknown key"), NULL);
			continue;
		}
		set_cell(d, key, field, wan, fen, v);
	}
}

static void
clear_cells(struct doc *d)
{
	for (int i = 0; i < COL__COUNT; i++) {
		free(d->owned[i]);
		d->owned[i] = NULL;
		d->cells[i] = (struct tcreg__cell){ .header = tcreg__col_key(i) };
	}
	d->errors = 0;
}

static tcreg_status
one_contract(struct doc *d, struct tcreg__batch *b, const tcreg_codes *codes, const char *today,
	     const yaml_node_t *m)
{
	long line = (long)m->start_mark.line + 1;
	clear_cells(d);
	tcreg__diags_mark(d->diags);
	if (m->type != YAML_MAPPING_NODE) {
		doc_error(d, m, NULL, "E_TYPE", N_("expected a contract (a mapping of fields)"), NULL);
		tcreg__batch_count(b, OUT_REJECTED);
		return TCREG_OK;
	}
	contract_fields(d, m);
	for (int i = 0; i < COL__COUNT; i++)
		if (!d->cells[i].text)
			d->cells[i].line = line;
	struct tcreg__contract c;
	int errors = d->errors + tcreg__contract_from_cells(codes, today, d->ceiling_fen, d->cells, line, &c,
							     d->diags);
	if (errors) {
		tcreg__batch_count(b, OUT_REJECTED);
		return TCREG_OK;
	}
	enum tcreg__outcome o;
	tcreg_status st = tcreg__store_contract(b->store, &c, line, NULL, d->diags, &o);
	if (st == TCREG_OK)
		tcreg__batch_count(b, o);
	return st;
}

static tcreg_status
read_file(const char *path, struct tcreg__buf *out, char err[256])
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, 256, "%s", strerror(errno));
		return TCREG_ERR_NOINPUT;
	}
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len > 64u * 1024 * 1024) {
			fclose(f);
			snprintf(err, 256, "larger than 64 MiB; use a CSV ledger");
			return TCREG_ERR_NOINPUT;
		}
		tcreg__buf_append(out, chunk, k);
	}
	bool bad = ferror(f);
	if (bad)
		snprintf(err, 256, "%s", strerror(errno));
	fclose(f);
	if (out->failed)
		return TCREG_ERR_NOMEM;
	return bad ? TCREG_ERR_IO : TCREG_OK;
}

tcreg_status
tcreg_register_document(tcreg_registry *reg, const struct tcreg_import_opts *opts,
			struct tcreg_import_result **out)
{
	*out = NULL;
	if (!reg || !opts || !opts->path)
		return TCREG_ERR_USAGE;
	struct tcreg_import_result *res = tcreg__result_new(opts);
	if (!res)
		return TCREG_ERR_NOMEM;
	*out = res;
	res->encoding = TCREG_ENC_UTF8;
	char err[256] = "";
	struct tcreg__buf text;
	tcreg__buf_init(&text);
	tcreg_status st = read_file(opts->path, &text, err);
	if (st != TCREG_OK) {
		tcreg__buf_release(&text);
		return tcreg__set_err(reg, st, "cannot read '%s': %s", res->file, err);
	}
	tcreg__sha256_hex(text.data ? text.data : "", text.len, res->sha256);
	bool trunc;
	if (tcreg__utf8_valid_prefix((unsigned char *)(text.data ? text.data : ""), text.len,
				     &trunc) != text.len) {
		tcreg__diags_add(res->diags, TCREG_SEV_ERROR, 1, 0, NULL, "E_ENCODING",
				 N_("not valid %s text; give the right --encoding"), "utf-8", NULL);
		tcreg__buf_release(&text);
		return TCREG_ERR_INVALID;
	}

	const tcreg_codes *codes;
	struct doc d = { .reg = reg, .file = res->file, .diags = res->diags,
			 .ceiling_fen = tcreg__amount_ceiling(reg) };
	struct tcreg__batch b;
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	st = tcreg_registry_codes(reg, &codes);
	if (st == TCREG_OK)
		st = tcreg__aliases_load(reg->data_dir, TCREG_LEDGER_CONTRACTS, &d.aliases);
	if (st == TCREG_OK)
		st = tcreg__batch_begin(&b, reg, opts, "contracts", res);
	else
		memset(&b, 0, sizeof(b));
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text.data ? text.data : ""),
				     text.len);
	int ndocs = 0;
	while (st == TCREG_OK) {
		yaml_document_t ydoc;
		if (!yaml_parser_load(&parser, &ydoc)) {
			char what[256];
			snprintf(what, sizeof(what), "%s", parser.problem ? parser.problem : "syntax error");
			tcreg__diags_add(res->diags, TCREG_SEV_ERROR, (long)parser.problem_mark.line + 1,
					 (long)parser.problem_mark.column + 1, NULL, "E_SYNTAX",
					 N_("YAML/JSON syntax error: %s"), what, NULL);
			b.fatal = true;
			st = TCREG_ERR_INVALID;
			break;
		}
		yaml_node_t *root = yaml_document_get_root_node(&ydoc);
		if (!root) {
			yaml_document_delete(&ydoc);
			break;
		}
		ndocs++;
		d.ydoc = &ydoc;
		if (root->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *i = root->data.sequence.items.start;
			     st == TCREG_OK && i < root->data.sequence.items.top; i++)
				st = one_contract(&d, &b, codes, today, yaml_document_get_node(&ydoc, *i));
		} else {
			st = one_contract(&d, &b, codes, today, root);
		}
		yaml_document_delete(&ydoc);
	}
	yaml_parser_delete(&parser);
	if (st == TCREG_OK && (ndocs == 0 || res->rows == 0)) { /* nothing, or an empty list */
		tcreg__diags_add(res->diags, TCREG_SEV_ERROR, 1, 0, NULL, "E_EMPTY",
				 N_("the document holds no contract"), NULL, NULL);
		st = TCREG_ERR_INVALID;
	}
	clear_cells(&d);
	tcreg__aliases_free(d.aliases);
	if (b.in_tx)
		st = tcreg__batch_end(&b, "contracts", st);
	tcreg__buf_release(&text);
	return st;
}
