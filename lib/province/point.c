/* SPDX-License-Identifier: MIT
 * point.c - the registration points (合同登记点) of one registry: a province
 * keeps its cities' points in one file, each numbering its own contracts
 * from its own region and code.  Point 1 is the registry's own office
 * (agency.c, managed by init); the others are added here.
 *
 * A point is named by its 2-digit code when no other point shares it, or by
 * region and code (6 digits) always.
 */
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

static bool
digits(const char *s, size_t n)
{
	return s && strlen(s) == n && strspn(s, "0123456789") == n;
}

/* 2-digit code shared by several points: the candidates, "230101 名称, ..." */
static tcreg_status
ambiguous(tcreg_registry *reg, const char *code)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT group_concat(region || code || ' ' || name, ', ') "
					"FROM (SELECT region, code, name FROM point WHERE code = ? ORDER BY region)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	const char *list = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	s = tcreg__set_err(reg, TCREG_ERR_USAGE,
			   "point %s is ambiguous: %s; name it by region and code (6 digits)", code,
			   list ? list : "");
	sqlite3_finalize(st);
	return s;
}

tcreg_status
tcreg_point_name(tcreg_registry *reg, const char *label, char **name, int64_t *npoints)
{
	*name = NULL;
	*npoints = 0;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT (SELECT count(*) FROM point), "
					"(SELECT name FROM point WHERE region || code = ?1)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, label ? label : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*npoints = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL &&
		    !(*name = tcreg__strdup((const char *)sqlite3_column_text(st, 1))))
			s = TCREG_ERR_NOMEM;
	} else {
		s = tcreg__db_err(reg, rc, "reading registration points");
	}
	sqlite3_finalize(st);
	return s;
}

tcreg_status
tcreg_point_resolve(tcreg_registry *reg, const char *spec, unsigned flags, int64_t *id)
{
	*id = 0;
	bool six = digits(spec, 6);
	if (!six && !digits(spec, 2))
		return tcreg__set_err(reg, TCREG_ERR_USAGE,
				      "'%s' is not a registration point: write its 2-digit code, or its "
				      "region and code (6 digits)",
				      spec ? spec : "");
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					six ? "SELECT id, disabled_at FROM point WHERE region || code = ?"
					    : "SELECT id, disabled_at FROM point WHERE code = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
	int found = 0;
	char *disabled = NULL;
	while (sqlite3_step(st) == SQLITE_ROW && ++found == 1) {
		*id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			disabled = tcreg__strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (found > 1)
		s = ambiguous(reg, spec);
	else if (found == 0)
		s = tcreg__set_err(reg, TCREG_ERR_NOT_FOUND,
				   "no registration point %s in this registry ('tcreg point list' shows them)", spec);
	else if (disabled && (flags & TCREG_POINT_ENABLED))
		s = tcreg__set_err(reg, TCREG_ERR_STATE,
				   "registration point %s is disabled (since %s): it files and decides nothing new",
				   spec, disabled);
	free(disabled);
	if (s != TCREG_OK)
		*id = 0;
	return s;
}

char *
tcreg__point_label(tcreg_registry *reg, int64_t id)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT region || code FROM point WHERE id = ?") != TCREG_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *out = sqlite3_step(st) == SQLITE_ROW ? tcreg__strdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	sqlite3_finalize(st);
	return out;
}

int64_t
tcreg__point_count(tcreg_registry *reg)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT count(*) FROM point") != TCREG_OK)
		return 0;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return n;
}

/* An Ed25519 key in PEM, public or private, as the SubjectPublicKeyInfo
 * PEM of its public part (a station may hand over its own key file). */
static tcreg_status
public_key_pem(tcreg_registry *reg, const char *path, char **out)
{
	*out = NULL;
	BIO *in = BIO_new_file(path, "r");
	if (!in)
		return tcreg__set_err(reg, TCREG_ERR_NOINPUT, "cannot read the key file %s", path);
	EVP_PKEY *k = PEM_read_bio_PUBKEY(in, NULL, NULL, NULL);
	if (!k && BIO_reset(in) == 0)
		k = PEM_read_bio_PrivateKey(in, NULL, NULL, (void *)""); /* never prompts */
	BIO_free(in);
	if (!k || EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		return tcreg__set_err(reg, TCREG_ERR_USAGE,
				      "%s holds no Ed25519 key in PEM (a public key, or the station's "
				      "private key without a passphrase)",
				      path);
	}
	BIO *mem = BIO_new(BIO_s_mem());
	char *data = NULL;
	long n = mem && PEM_write_bio_PUBKEY(mem, k) ? BIO_get_mem_data(mem, &data) : 0;
	if (n > 0 && (*out = malloc((size_t)n + 1))) {
		memcpy(*out, data, (size_t)n);
		(*out)[n] = '\0';
	}
	BIO_free(mem);
	EVP_PKEY_free(k);
	return *out ? TCREG_OK : TCREG_ERR_NOMEM;
}

static tcreg_status
check_new_point(tcreg_registry *reg, const char *code, const char *name, const char *region)
{
	if (!name || !*name)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "a registration point needs a name");
	if (!digits(code, 2))
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "point '%s' is not a 2-digit number", code ? code : "");
	if (!digits(region, 4))
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "region '%s' is not a 4-digit code", region ? region : "");
	const tcreg_codes *codes;
	tcreg_status s = tcreg_registry_codes(reg, &codes);
	if (s == TCREG_OK && !tcreg_codes_name(codes, TCREG_TABLE_REGION, region))
		s = tcreg__set_err(reg, TCREG_ERR_USAGE, "region '%s' is not in the region table", region);
	return s;
}

static tcreg_status
insert_point(tcreg_registry *reg, const char *code, const char *name, const char *region,
	     const char *area, const char *key, int64_t *id)
{
	char now[20];
	tcreg__now(reg, now, NULL);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"INSERT INTO point(code, name, region, area, key, created_at) "
					"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	tcreg__bind_text_or_null(st, 4, area);
	tcreg__bind_text_or_null(st, 5, key);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "saving a registration point");
	if (sqlite3_changes(reg->db) == 0)
		return tcreg__set_err(reg, TCREG_ERR_STATE,
				      "registration point %s%s exists already ('tcreg point list')", region, code);
	*id = sqlite3_last_insert_rowid(reg->db);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:b}", "code", code, "name", name, "region", region,
			      "area", area, "key", key != NULL);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	s = text ? tcreg__audit(reg, "point_add", "point", *id, 0, NULL, text) : TCREG_ERR_NOMEM;
	free(text);
	return s;
}

tcreg_status
tcreg_point_add(tcreg_registry *reg, const char *code, const char *name, const char *region,
		const char *area_in, const char *key_file, int64_t *id)
{
	int64_t dummy;
	if (!id)
		id = &dummy;
	*id = 0;
	tcreg_status s = check_new_point(reg, code, name, region);
	char *area = NULL, *key = NULL;
	if (s == TCREG_OK && area_in && *area_in) {
		const tcreg_codes *codes;
		if ((s = tcreg_registry_codes(reg, &codes)) == TCREG_OK)
			s = tcreg__check_area(reg, codes, area_in, &area);
	}
	if (s == TCREG_OK && key_file)
		s = public_key_pem(reg, key_file, &key);
	if (s == TCREG_OK)
		s = tcreg__require_role(reg, "admin");
	if (s == TCREG_OK && (s = tcreg__begin(reg)) == TCREG_OK) {
		if (tcreg__point_count(reg) == 0)
			s = tcreg__set_err(reg, TCREG_ERR_CONFIG,
					   "no agency profile: set the registry's own office first with 'tcreg init "
					   "--agency-name NAME --region CODE --point NN'");
		if (s == TCREG_OK)
			s = insert_point(reg, code, name, region, area, key, id);
		if (s == TCREG_OK)
			s = tcreg__commit(reg);
		else
			tcreg__rollback(reg);
	}
	free(area);
	free(key);
	return s;
}

tcreg_status
tcreg_point_disable(tcreg_registry *reg, const char *spec)
{
	int64_t id;
	tcreg_status s = tcreg__require_role(reg, "admin");
	if (s == TCREG_OK)
		s = tcreg_point_resolve(reg, spec, TCREG_POINT_ENABLED, &id);
	if (s != TCREG_OK || (s = tcreg__begin(reg)) != TCREG_OK)
		return s;
	sqlite3_stmt *st;
	if ((s = tcreg__prepare(reg, &st, "UPDATE point SET disabled_at = ? WHERE id = ?")) == TCREG_OK) {
		char now[20];
		tcreg__now(reg, now, NULL);
		sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			s = tcreg__db_err(reg, rc, "disabling a registration point");
	}
	char *label = tcreg__point_label(reg, id);
	json_t *j = json_pack("{s:s}", "point", label ? label : spec);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	free(label);
	if (s == TCREG_OK)
		s = text ? tcreg__audit(reg, "point_disable", "point", id, 0, text, NULL) : TCREG_ERR_NOMEM;
	free(text);
	if (s != TCREG_OK) {
		tcreg__rollback(reg);
		return s;
	}
	return tcreg__commit(reg);
}

static json_t *
text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null()
							   : json_string((const char *)sqlite3_column_text(st, col));
}

tcreg_status
tcreg_points_tree(tcreg_registry *reg, json_t **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(
		reg, &st,
		/* one pass over the contracts for every point's counts (a
		 * subquery per point read the table twice a point) */
		"SELECT p.id, p.region || p.code, p.code, p.region, p.name, p.area, p.key, p.disabled_at, "
		"p.created_at, coalesce(k.n, 0), coalesce(k.registered, 0) FROM point p "
		"LEFT JOIN (SELECT point_id, count(*) AS n, count(reg_no) AS registered FROM contract "
		"GROUP BY point_id) k ON k.point_id = p.id ORDER BY p.id");
	if (s != TCREG_OK)
		return s;
	const tcreg_codes *codes = NULL;
	tcreg_registry_codes(reg, &codes);
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *region = (const char *)sqlite3_column_text(st, 3);
		const char *city = codes ? tcreg_codes_name(codes, TCREG_TABLE_REGION, region) : NULL;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(o, "point", json_string((const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(o, "code", json_string((const char *)sqlite3_column_text(st, 2)));
		json_object_set_new(o, "region", json_string(region));
		json_object_set_new(o, "region_name", city ? json_string(city) : json_null());
		json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 4)));
		json_object_set_new(o, "area", text_or_null(st, 5));
		json_object_set_new(o, "key", text_or_null(st, 6));
		json_object_set_new(o, "disabled_at", text_or_null(st, 7));
		json_object_set_new(o, "created_at", text_or_null(st, 8));
		json_object_set_new(o, "contracts", json_integer(sqlite3_column_int64(st, 9)));
		json_object_set_new(o, "registered", json_integer(sqlite3_column_int64(st, 10)));
		json_array_append_new(a, o);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return tcreg__db_err(reg, rc, "reading registration points");
	}
	*out = a;
	return a ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_points_json(tcreg_registry *reg, char **json)
{
	json_t *a;
	tcreg_status s = tcreg_points_tree(reg, &a);
	return tcreg__tree_text(s, a, JSON_INDENT(2) | JSON_PRESERVE_ORDER, json);
}
