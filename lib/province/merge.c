/* SPDX-License-Identifier: MIT
 * merge.c - tcreg merge: a station's bundle taken into the provincial
 * registry, in one transaction.
 *
 * The bundle is checked first (bundle.c: only our tables, the content
 * hash, the station's audit records chained), then who sent it (the
 * point's key, when it has one: the signature must be by it) and where it
 * stands in the station's chain of exports (the next one: applied; one
 * merged before: nothing to do; a later one: refused, naming what is
 * missing).  Then the rows, by the station's own ids through `origin`
 * (which station, which export): a contract seen before is brought to its
 * state in the bundle, a new one is added with its registration number as
 * issued; parties are found by credit code (else by name), as an import
 * finds them.  Nothing is renumbered.
 *
 * 一次登记 across offices: a new contract that is filed here already at
 * another point (same seller and contract number; or, registered, the same
 * parties, project, signing date and amount) is listed in merge_conflict
 * for the province to decide (resolve.c-like, below: tcreg merge --resolve).
 * With the same number it is held out (one registry files a seller's
 * number once); otherwise it is taken in and listed.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcreg-private.h"

struct merge {
	tcreg_registry *reg;
	struct tcreg__bundle_head h;
	int64_t point_id, merge_id;
	tcreg_merge_result *r;
	char *plain[6];         /* per bundle table: the columns carried as they are */
};

static tcreg_status
run(tcreg_registry *reg, const char *sql)
{
	return tcreg__exec(reg, sql, TCREG_ERR_INVALID, N_("the bundle cannot be merged"));
}

/* cols without the key and the columns that hold the station's ids */
static char *
plain_cols(const char *cols)
{
	static const char *const ids[] = { "id", "seller_id", "buyer_id", "served_contract_id",
					   "contract_id", "reverses_id", NULL };
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	const char *p = cols;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool id = false;
		for (int i = 0; ids[i]; i++)
			id = id || (strlen(ids[i]) == n && strncmp(p, ids[i], n) == 0);
		if (!id)
			tcreg__buf_printf(&b, "%s%.*s", b.len ? "," : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	return tcreg__buf_steal(&b);
}

static int64_t
one_int(tcreg_registry *reg, const char *sql, int64_t a, int64_t b, const char *t, tcreg_status *s)
{
	sqlite3_stmt *st;
	if ((*s = tcreg__prepare(reg, &st, sql)) != TCREG_OK)
		return 0;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (t)
		sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*s = tcreg__db_err(reg, rc, "merging");
	return v;
}

static int64_t
origin_of(struct merge *m, const char *tbl, int64_t remote, tcreg_status *s)
{
	return one_int(m->reg, "SELECT local_id FROM origin WHERE point_id = ?1 AND remote_id = ?2 AND tbl = ?3",
		       m->point_id, remote, tbl, s);
}

static tcreg_status
add_origin(struct merge *m, const char *tbl, int64_t remote, int64_t local)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(m->reg, &st, "INSERT INTO origin(tbl, point_id, remote_id, local_id, "
						     "merge_id) VALUES (?, ?, ?, ?, ?)");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, m->point_id);
	sqlite3_bind_int64(st, 3, remote);
	sqlite3_bind_int64(st, 4, local);
	sqlite3_bind_int64(st, 5, m->merge_id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(m->reg, rc, "recording where a row came from");
}

/* ---- who sent it, and where it stands in the station's chain ---- */

static tcreg_status
find_point(struct merge *m, char **key)
{
	*key = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(m->reg, &st, "SELECT id, key FROM point WHERE region = ? AND code = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, m->h.region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->h.code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		m->point_id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*key = tcreg__strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return TCREG_OK;
}

static tcreg_status
check_identity(struct merge *m)
{
	char *key = NULL;
	tcreg_status s = find_point(m, &key);
	if (s != TCREG_OK || !key)
		return s;
	if (m->h.siglen == 0)
		s = tcreg__set_err(m->reg, TCREG_ERR_DENIED,
				   "export %lld of station %s%s is not signed, and point %s%s has a key: "
				   "the station signs with 'tcreg export --key-file'",
				   (long long)m->h.seq, m->h.region, m->h.code, m->h.region, m->h.code);
	else if (tcreg__bundle_verify_sig(m->reg, key, m->h.hash, m->h.sig, m->h.siglen) != TCREG_OK)
		s = tcreg__set_err(m->reg, TCREG_ERR_DENIED,
				   "export %lld of station %s%s is not signed by the key registered for the point",
				   (long long)m->h.seq, m->h.region, m->h.code);
	else
		m->r->signature_checked = 1;
	free(key);
	return s;
}

/* TCREG_OK with nothing_new set when this export was merged before. */
static tcreg_status
check_chain(struct merge *m)
{
	tcreg_registry *reg = m->reg;
	const struct tcreg__bundle_head *h = &m->h;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT seq, hash, audit_head FROM merge_log WHERE point_id = ? "
						   "AND seq IN (?, (SELECT max(seq) FROM merge_log WHERE point_id = ?1)) "
						   "ORDER BY seq");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, m->point_id);
	sqlite3_bind_int64(st, 2, h->seq);
	int64_t last = 0;
	char last_hash[65] = TCREG_GENESIS, last_head[65] = TCREG_GENESIS, same_seq[65] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		snprintf(last_hash, sizeof(last_hash), "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(last_head, sizeof(last_head), "%s", (const char *)sqlite3_column_text(st, 2));
		if (last == h->seq)
			snprintf(same_seq, sizeof(same_seq), "%s", last_hash);
	}
	sqlite3_finalize(st);
	if (h->seq <= last && strcmp(same_seq, h->hash) == 0) {
		m->r->nothing_new = 1;
		return TCREG_OK;
	}
	if (h->seq <= last)
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "export %lld of station %s%s was merged already with other content (hash %s)",
				      (long long)h->seq, h->region, h->code, same_seq);
	if (h->seq > last + 2)
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "exports %lld to %lld of station %s%s are missing: merge them first",
				      (long long)last + 1, (long long)h->seq - 1, h->region, h->code);
	if (h->seq == last + 2)
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "export %lld of station %s%s is missing: merge it first", (long long)last + 1,
				      h->region, h->code);
	if (strcmp(h->prev_hash, last_hash) != 0 || strcmp(h->audit_prev, last_head) != 0)
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "export %lld of station %s%s does not follow export %lld merged here",
				      (long long)h->seq, h->region, h->code, (long long)last);
	return TCREG_OK;
}

static tcreg_status
create_point(struct merge *m)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(m->reg, &st, "INSERT INTO point(code, name, region, area, created_at) "
						     "VALUES (?, ?, ?, ?, ?)");
	if (s != TCREG_OK)
		return s;
	char now[20];
	tcreg__now(m->reg, now, NULL);
	sqlite3_bind_text(st, 1, m->h.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->h.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->h.region, -1, SQLITE_STATIC);
	if (!m->h.area_null)
		sqlite3_bind_text(st, 4, m->h.area, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(m->reg, rc, "adding the station's point");
	m->point_id = sqlite3_last_insert_rowid(m->reg->db);
	m->r->point_created = 1;
	return TCREG_OK;
}

static tcreg_status
open_log(struct merge *m, const char *path)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(m->reg, &st,
		"INSERT INTO merge_log(point_id, seq, prev_hash, hash, audit_to, audit_head, signed, file_name, "
		"contracts, conflicts, merged_at, merged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)");
	if (s != TCREG_OK)
		return s;
	char now[20];
	tcreg__now(m->reg, now, NULL);
	sqlite3_bind_int64(st, 1, m->point_id);
	sqlite3_bind_int64(st, 2, m->h.seq);
	sqlite3_bind_text(st, 3, m->h.prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->h.hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, m->h.audit_to);
	sqlite3_bind_text(st, 6, m->h.audit_head, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, m->r->signature_checked);
	sqlite3_bind_text(st, 8, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, tcreg__operator(m->reg), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(m->reg, rc, "recording the merge");
	m->merge_id = sqlite3_last_insert_rowid(m->reg->db);
	return TCREG_OK;
}

/* ---- parties ---- */

static json_t *
party_json(sqlite3_stmt *st, int from)
{
	return json_pack("{s:s?, s:s?, s:s?}", "name", (const char *)sqlite3_column_text(st, from),
			 "region", (const char *)sqlite3_column_text(st, from + 1), "nature",
			 (const char *)sqlite3_column_text(st, from + 2));
}

/* The bundle's party (row of q: id, name, uscc, region, nature) here. */
static tcreg_status
one_party(struct merge *m, sqlite3_stmt *q, sqlite3_stmt *find, sqlite3_stmt *add, sqlite3_stmt *upd,
	  int64_t *local)
{
	bool uscc = sqlite3_column_type(q, 2) != SQLITE_NULL;
	sqlite3_reset(find);
	sqlite3_bind_value(find, 1, sqlite3_column_value(q, uscc ? 2 : 1));
	sqlite3_bind_int(find, 2, uscc);
	*local = 0;
	tcreg_status s = TCREG_OK;
	if (sqlite3_step(find) == SQLITE_ROW) {
		*local = sqlite3_column_int64(find, 0);
		bool same = true;
		for (int i = 1; i <= 3; i++)
			same = same && sqlite3_value_type(sqlite3_column_value(q, i == 1 ? 1 : i + 1)) == SQLITE_TEXT &&
			       strcmp((const char *)sqlite3_column_text(find, i),
				      (const char *)sqlite3_column_text(q, i == 1 ? 1 : i + 1)) == 0;
		if (!same) {
			json_t *o = party_json(find, 1);
			char *oj = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
			json_decref(o);
			sqlite3_reset(upd);
			for (int i = 1; i <= 3; i++)
				sqlite3_bind_value(upd, i, sqlite3_column_value(q, i == 1 ? 1 : i + 1));
			sqlite3_bind_int64(upd, 4, *local);
			int rc = sqlite3_step(upd);
			if (rc != SQLITE_DONE)
				s = tcreg__db_err(m->reg, rc, "merging a party");
			json_t *n = s == TCREG_OK ? json_pack("{s:s?, s:s?, s:s?}", "name",
							      (const char *)sqlite3_column_text(q, 1), "region",
							      (const char *)sqlite3_column_text(q, 3), "nature",
							      (const char *)sqlite3_column_text(q, 4)) : NULL;
			char *nj = n ? json_dumps(n, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
			json_decref(n);
			if (s == TCREG_OK)
				s = oj && nj ? tcreg__audit(m->reg, "update", "party", *local, 0, oj, nj) : TCREG_ERR_NOMEM;
			free(oj);
			free(nj);
		}
		return s;
	}
	sqlite3_reset(add);
	for (int i = 1; i <= 4; i++)
		sqlite3_bind_value(add, i, sqlite3_column_value(q, i));
	int rc = sqlite3_step(add);
	if (rc != SQLITE_DONE)
		return tcreg__set_err(m->reg, TCREG_ERR_INVALID, "the bundle cannot be merged: party %lld: %s",
				      (long long)sqlite3_column_int64(q, 0), sqlite3_errmsg(m->reg->db));
	*local = sqlite3_last_insert_rowid(m->reg->db);
	m->r->parties_new++;
	return TCREG_OK;
}

static tcreg_status
merge_parties(struct merge *m)
{
	tcreg_registry *reg = m->reg;
	tcreg_status s = run(reg, "CREATE TEMP TABLE IF NOT EXISTS merge_party(remote INTEGER PRIMARY KEY, local INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS merge_contract(remote INTEGER PRIMARY KEY, local INTEGER);"
				  "DELETE FROM temp.merge_party; DELETE FROM temp.merge_contract;");
	sqlite3_stmt *q = NULL, *find = NULL, *add = NULL, *upd = NULL, *map = NULL;
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &q, "SELECT id, name, uscc, region, nature FROM bundle.party ORDER BY id");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &find, "SELECT id, name, region, nature FROM main.party "
					       "WHERE CASE WHEN ?2 THEN uscc = ?1 ELSE name = ?1 AND uscc IS NULL END");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &add, "INSERT INTO main.party(name, uscc, region, nature) VALUES (?, ?, ?, ?)");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &upd, "UPDATE main.party SET name = ?, region = ?, nature = ? WHERE id = ?");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &map, "INSERT INTO temp.merge_party(remote, local) VALUES (?, ?)");
	while (s == TCREG_OK && sqlite3_step(q) == SQLITE_ROW) {
		int64_t local;
		s = one_party(m, q, find, add, upd, &local);
		sqlite3_reset(map);
		sqlite3_bind_int64(map, 1, sqlite3_column_int64(q, 0));
		sqlite3_bind_int64(map, 2, local);
		if (s == TCREG_OK && sqlite3_step(map) != SQLITE_DONE)
			s = tcreg__db_err(reg, sqlite3_errcode(reg->db), "merging a party");
	}
	sqlite3_finalize(q);
	sqlite3_finalize(find);
	sqlite3_finalize(add);
	sqlite3_finalize(upd);
	sqlite3_finalize(map);
	return s;
}

/* ---- contracts ---- */

struct cstmts {
	sqlite3_stmt *q, *same_no, *twin, *add, *diff, *upd, *conflict, *held, *map;
};

static void
cstmts_free(struct cstmts *c)
{
	sqlite3_stmt **p = &c->q;
	for (size_t i = 0; i < sizeof(*c) / sizeof(*p); i++)
		sqlite3_finalize(p[i]);
}

static tcreg_status
cstmts_prepare(struct merge *m, struct cstmts *c)
{
	memset(c, 0, sizeof(*c));
	const char *pl = m->plain[1];
	char *sql[4] = { NULL };
	if (asprintf(&sql[0], "INSERT INTO main.contract(%s, seller_id, buyer_id, point_id) SELECT %s, ?2, ?3, ?4 "
			      "FROM bundle.contract WHERE id = ?1", pl, pl) < 0 ||
	    asprintf(&sql[1], "SELECT EXISTS (SELECT %s, ?2, ?3 FROM bundle.contract WHERE id = ?1 EXCEPT "
			      "SELECT %s, seller_id, buyer_id FROM main.contract WHERE id = ?4)", pl, pl) < 0 ||
	    asprintf(&sql[2], "UPDATE main.contract SET (%s, seller_id, buyer_id) = (SELECT %s, ?2, ?3 "
			      "FROM bundle.contract WHERE id = ?1) WHERE id = ?4", pl, pl) < 0)
		return TCREG_ERR_NOMEM;
	tcreg_registry *reg = m->reg;
	tcreg_status s = tcreg__prepare(reg, &c->q,
		"SELECT c.id, c.contract_no, c.reg_no, s.local, b.local, c.sign_date, c.project_name, "
		"c.total_amount_fen, c.reg_date FROM bundle.contract c LEFT JOIN temp.merge_party s ON s.remote = c.seller_id "
		"LEFT JOIN temp.merge_party b ON b.remote = c.buyer_id ORDER BY c.id");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->same_no, "SELECT id FROM main.contract WHERE contract_no = ? AND seller_id = ?");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->twin,
			"SELECT id FROM main.contract WHERE seller_id = ?1 AND buyer_id = ?2 AND sign_date = ?3 "
			"AND reg_no IS NOT NULL AND status IN ('registered', 'changed', 'external') "
			"AND project_name = ?4 AND total_amount_fen = ?5 LIMIT 1");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->add, sql[0]);
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->diff, sql[1]);
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->upd, sql[2]);
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->conflict,
			"INSERT INTO merge_conflict(merge_id, point_id, remote_id, contract_no, reg_no, twin_id, "
			"merged_id, rule, reg_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->held, "SELECT merged_id IS NULL, outcome IS 'revoked' FROM merge_conflict "
						  "WHERE point_id = ? AND remote_id = ?");
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &c->map, "INSERT INTO temp.merge_contract(remote, local) VALUES (?, ?)");
	for (int i = 0; i < 4; i++)
		free(sql[i]);
	return s;
}

static tcreg_status
step_done(tcreg_registry *reg, sqlite3_stmt *st, const char *doing)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return TCREG_OK;
	if (rc == SQLITE_CONSTRAINT)
		return tcreg__set_err(reg, TCREG_ERR_INVALID, "the bundle cannot be merged: %s: %s", doing,
				      sqlite3_errmsg(reg->db));
	return tcreg__db_err(reg, rc, doing);
}

static tcreg_status
record_conflict(struct merge *m, struct cstmts *c, int64_t twin, int64_t merged, const char *rule)
{
	sqlite3_stmt *k = c->conflict;
	sqlite3_bind_int64(k, 1, m->merge_id);
	sqlite3_bind_int64(k, 2, m->point_id);
	sqlite3_bind_value(k, 3, sqlite3_column_value(c->q, 0));
	sqlite3_bind_value(k, 4, sqlite3_column_value(c->q, 1));
	sqlite3_bind_value(k, 5, sqlite3_column_value(c->q, 2));
	sqlite3_bind_int64(k, 6, twin);
	if (merged)
		sqlite3_bind_int64(k, 7, merged);
	else
		sqlite3_bind_null(k, 7);
	sqlite3_bind_text(k, 8, rule, -1, SQLITE_STATIC);
	sqlite3_bind_value(k, 9, sqlite3_column_value(c->q, 8));
	tcreg_status s = step_done(m->reg, k, "listing a conflict");
	sqlite3_clear_bindings(k);
	return s;
}

static int64_t
lookup(sqlite3_stmt *st, int n, sqlite3_value **v)
{
	sqlite3_reset(st);
	for (int i = 0; i < n; i++)
		sqlite3_bind_value(st, i + 1, v[i]);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

/* A contract new here: added, unless filed here already at another point. */
static tcreg_status
new_contract(struct merge *m, struct cstmts *c, int64_t remote, int64_t *local)
{
	sqlite3_stmt *q = c->q;
	sqlite3_value *no_seller[2] = { sqlite3_column_value(q, 1), sqlite3_column_value(q, 3) };
	int64_t twin = lookup(c->same_no, 2, no_seller);
	if (twin)
		return record_conflict(m, c, twin, 0, "same_number");
	if (sqlite3_column_type(q, 2) != SQLITE_NULL) {
		sqlite3_value *v[5] = { sqlite3_column_value(q, 3), sqlite3_column_value(q, 4), sqlite3_column_value(q, 5),
					sqlite3_column_value(q, 6), sqlite3_column_value(q, 7) };
		twin = lookup(c->twin, 5, v);
	}
	sqlite3_bind_int64(c->add, 1, remote);
	sqlite3_bind_value(c->add, 2, sqlite3_column_value(q, 3));
	sqlite3_bind_value(c->add, 3, sqlite3_column_value(q, 4));
	sqlite3_bind_int64(c->add, 4, m->point_id);
	tcreg_status s = step_done(m->reg, c->add, "a contract");
	if (s != TCREG_OK)
		return s;
	*local = sqlite3_last_insert_rowid(m->reg->db);
	m->r->contracts_new++;
	s = add_origin(m, "contract", remote, *local);
	if (s == TCREG_OK && twin)
		s = record_conflict(m, c, twin, *local, "same_parties");
	return s;
}

static tcreg_status
known_contract(struct merge *m, struct cstmts *c, int64_t remote, int64_t local)
{
	sqlite3_stmt *st[2] = { c->diff, c->upd };
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_int64(st[i], 1, remote);
		sqlite3_bind_value(st[i], 2, sqlite3_column_value(c->q, 3));
		sqlite3_bind_value(st[i], 3, sqlite3_column_value(c->q, 4));
		sqlite3_bind_int64(st[i], 4, local);
	}
	int differs = sqlite3_step(c->diff) == SQLITE_ROW && sqlite3_column_int(c->diff, 0);
	sqlite3_reset(c->diff);
	if (!differs)
		return TCREG_OK;
	m->r->contracts_updated++;
	return step_done(m->reg, c->upd, "a contract");
}

static tcreg_status
one_contract(struct merge *m, struct cstmts *c)
{
	sqlite3_stmt *q = c->q;
	int64_t remote = sqlite3_column_int64(q, 0);
	if (sqlite3_column_type(q, 3) == SQLITE_NULL || sqlite3_column_type(q, 4) == SQLITE_NULL)
		return tcreg__set_err(m->reg, TCREG_ERR_INVALID,
				      "the bundle cannot be merged: the parties of contract %lld are not in it",
				      (long long)remote);
	sqlite3_bind_int64(c->held, 1, m->point_id);
	sqlite3_bind_int64(c->held, 2, remote);
	int held = 0, revoked = 0;
	if (sqlite3_step(c->held) == SQLITE_ROW)
		held = sqlite3_column_int(c->held, 0), revoked = sqlite3_column_int(c->held, 1);
	sqlite3_reset(c->held);
	tcreg_status s = TCREG_OK;
	int64_t local = origin_of(m, "contract", remote, &s);
	/* held out, or revoked here as filed twice: the station's copy no longer counts */
	if (s != TCREG_OK || held || revoked)
		return s;
	if (local)
		s = known_contract(m, c, remote, local);
	else
		s = new_contract(m, c, remote, &local);
	if (s == TCREG_OK && local) {
		sqlite3_bind_int64(c->map, 1, remote);
		sqlite3_bind_int64(c->map, 2, local);
		s = step_done(m->reg, c->map, "a contract");
	}
	return s;
}

static tcreg_status
merge_contracts(struct merge *m)
{
	struct cstmts c;
	tcreg_status s = cstmts_prepare(m, &c);
	int rc = SQLITE_DONE;
	while (s == TCREG_OK && (rc = sqlite3_step(c.q)) == SQLITE_ROW)
		s = one_contract(m, &c);
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = tcreg__db_err(m->reg, rc, "merging");
	cstmts_free(&c);
	/* the deal a 技术中介 contract served, by the station's id */
	if (s == TCREG_OK) {
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "UPDATE main.contract SET served_contract_id = (SELECT o.local_id FROM main.origin o "
			 "WHERE o.tbl = 'contract' AND o.point_id = %" PRId64 " AND o.remote_id = b.served_contract_id) "
			 "FROM bundle.contract b JOIN temp.merge_contract mc ON mc.remote = b.id "
			 "WHERE main.contract.id = mc.local AND b.served_contract_id IS NOT NULL",
			 m->point_id);
		s = run(m->reg, sql);
	}
	return s;
}

/* ---- what goes with the contracts ---- */

static tcreg_status
merge_rows(struct merge *m, int t)
{
	const struct tcreg__btable *bt = &tcreg__btables[t];
	bool pay = strcmp(bt->name, "payment") == 0;
	const char *pl = m->plain[t];
	char *sql[3] = { NULL };
	if (asprintf(&sql[0], "SELECT b.id, mc.local FROM bundle.%s b JOIN temp.merge_contract mc "
			      "ON mc.remote = b.contract_id ORDER BY b.id", bt->name) < 0 ||
	    asprintf(&sql[1], "INSERT INTO main.%s(%s, contract_id%s) SELECT %s, ?2%s FROM bundle.%s b WHERE id = ?1",
		     bt->name, pl, pay ? ", reverses_id" : "", pl,
		     pay ? ", (SELECT local_id FROM main.origin WHERE tbl = 'payment' AND point_id = ?3 "
			   "AND remote_id = b.reverses_id)" : "", bt->name) < 0 ||
	    asprintf(&sql[2], "UPDATE main.%s SET (%s) = (SELECT %s FROM bundle.%s WHERE id = ?1) WHERE id = ?2 "
			      "AND EXISTS (SELECT %s FROM bundle.%s WHERE id = ?1 EXCEPT SELECT %s FROM main.%s "
			      "WHERE id = ?2)", bt->name, pl, pl, bt->name, pl, bt->name, pl, bt->name) < 0) {
		for (int i = 0; i < 3; i++)
			free(sql[i]);
		return TCREG_ERR_NOMEM;
	}
	sqlite3_stmt *q = NULL, *add = NULL, *upd = NULL;
	tcreg_status s = tcreg__prepare(m->reg, &q, sql[0]);
	if (s == TCREG_OK)
		s = tcreg__prepare(m->reg, &add, sql[1]);
	if (s == TCREG_OK)
		s = tcreg__prepare(m->reg, &upd, sql[2]);
	while (s == TCREG_OK && sqlite3_step(q) == SQLITE_ROW) {
		int64_t remote = sqlite3_column_int64(q, 0);
		int64_t local = origin_of(m, bt->name, remote, &s);
		if (s == TCREG_OK && local) {
			sqlite3_bind_int64(upd, 1, remote);
			sqlite3_bind_int64(upd, 2, local);
			s = step_done(m->reg, upd, bt->name);
			continue;
		}
		sqlite3_bind_int64(add, 1, remote);
		sqlite3_bind_int64(add, 2, sqlite3_column_int64(q, 1));
		if (pay)
			sqlite3_bind_int64(add, 3, m->point_id);
		if (s == TCREG_OK)
			s = step_done(m->reg, add, bt->name);
		if (s == TCREG_OK)
			s = add_origin(m, bt->name, remote, sqlite3_last_insert_rowid(m->reg->db));
		if (pay)
			m->r->payments_new++;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(add);
	sqlite3_finalize(upd);
	for (int i = 0; i < 3; i++)
		free(sql[i]);
	return s;
}

/* Deductions are replaced when a contract is decided again: those of a
 * carried contract that the bundle no longer has go. */
static tcreg_status
drop_deductions(struct merge *m)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE IF NOT EXISTS merge_gone(id INTEGER PRIMARY KEY, remote INTEGER);"
		 "DELETE FROM temp.merge_gone;"
		 "INSERT INTO temp.merge_gone SELECT o.local_id, o.remote_id FROM main.origin o "
		 "JOIN main.deduction d ON d.id = o.local_id "
		 "WHERE o.tbl = 'deduction' AND o.point_id = %1$" PRId64 " "
		 "AND d.contract_id IN (SELECT local FROM temp.merge_contract) "
		 "AND o.remote_id NOT IN (SELECT id FROM bundle.deduction);"
		 "DELETE FROM main.deduction WHERE id IN (SELECT id FROM temp.merge_gone);"
		 "DELETE FROM main.origin WHERE tbl = 'deduction' AND point_id = %1$" PRId64 " "
		 "AND remote_id IN (SELECT remote FROM temp.merge_gone);",
		 m->point_id);
	return run(m->reg, sql);
}

static tcreg_status
merge_rest(struct merge *m)
{
	tcreg_status s = TCREG_OK;
	for (int t = 2; s == TCREG_OK && t < 6; t++)
		s = merge_rows(m, t);
	if (s == TCREG_OK)
		s = drop_deductions(m);
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 /* numbers the station issued are never issued here again */
		 "INSERT INTO main.reg_sequence(point_id, year, last) SELECT %1$" PRId64 ", year, last "
		 "FROM bundle.reg_sequence WHERE true ON CONFLICT(point_id, year) "
		 "DO UPDATE SET last = max(last, excluded.last);"
		 "INSERT INTO main.station_audit(point_id, id, at, operator, action, entity, entity_id, batch_id, "
		 "old_value, new_value, prev_hash, hash, merge_id) SELECT %1$" PRId64 ", id, at, operator, action, "
		 "entity, entity_id, batch_id, old_value, new_value, prev_hash, hash, %2$" PRId64 " "
		 "FROM bundle.audit ORDER BY id;",
		 m->point_id, m->merge_id);
	if (s == TCREG_OK)
		s = run(m->reg, sql);
	m->r->audit_records = m->h.audit_to - m->h.audit_from;
	return s;
}

/* ---- conflicts, listed ---- */

static char *
col_dup(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : tcreg__strdup((const char *)sqlite3_column_text(st, i));
}

static tcreg_status
load_conflicts(tcreg_registry *reg, const char *where, int64_t arg, tcreg_merge_result *r)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT k.id, k.rule, p.region || p.code, k.contract_no, k.reg_no, t.reg_no, "
		 "tp.region || tp.code, coalesce(k.merged_id, 0), k.outcome FROM merge_conflict k "
		 "JOIN point p ON p.id = k.point_id JOIN contract t ON t.id = k.twin_id "
		 "JOIN point tp ON tp.id = t.point_id WHERE %s ORDER BY k.id", where);
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, sql);
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, arg);
	while (s == TCREG_OK && sqlite3_step(st) == SQLITE_ROW) {
		tcreg_merge_conflict *n = realloc(r->conflicts, (r->n_conflicts + 1) * sizeof(*n));
		if (!n) {
			s = TCREG_ERR_NOMEM;
			break;
		}
		r->conflicts = n;
		tcreg_merge_conflict *k = &n[r->n_conflicts++];
		k->id = sqlite3_column_int64(st, 0);
		k->rule = col_dup(st, 1);
		k->station = col_dup(st, 2);
		k->contract_no = col_dup(st, 3);
		k->reg_no = col_dup(st, 4);
		k->twin_reg_no = col_dup(st, 5);
		k->twin_point = col_dup(st, 6);
		k->merged_id = sqlite3_column_int64(st, 7);
		k->outcome = col_dup(st, 8);
	}
	sqlite3_finalize(st);
	return s;
}

static tcreg_status
close_log(struct merge *m, const char *path)
{
	tcreg_merge_result *r = m->r;
	tcreg_status s = load_conflicts(m->reg, "k.merge_id = ?1", m->merge_id, r);
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE merge_log SET contracts = %" PRId64 ", conflicts = %zu WHERE id = %" PRId64,
		 r->contracts_new + r->contracts_updated, r->n_conflicts, m->merge_id);
	if (s == TCREG_OK)
		s = run(m->reg, sql);
	json_t *j = json_pack("{s:s, s:I, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I}", "station", r->station, "seq",
			      (json_int_t)r->seq, "hash", r->hash, "file", path, "point_created", r->point_created,
			      "signed", r->signature_checked, "contracts_new", (json_int_t)r->contracts_new,
			      "contracts_updated", (json_int_t)r->contracts_updated, "payments_new",
			      (json_int_t)r->payments_new, "audit_records", (json_int_t)r->audit_records,
			      "conflicts", (json_int_t)r->n_conflicts);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (s == TCREG_OK)
		s = text ? tcreg__audit(m->reg, "merge", "point", m->point_id, 0, NULL, text) : TCREG_ERR_NOMEM;
	free(text);
	return s;
}

static tcreg_status
merge_in(struct merge *m, const char *path)
{
	tcreg_status s = tcreg__bundle_check(m->reg, m->reg->db, "bundle", &m->h);
	tcreg_merge_result *r = m->r;
	if (s == TCREG_OK) {
		snprintf(r->station, sizeof(r->station), "%.4s%.2s", m->h.region, m->h.code);
		r->station_name = tcreg__strdup(m->h.name);
		r->seq = m->h.seq;
		snprintf(r->hash, sizeof(r->hash), "%s", m->h.hash);
		s = check_identity(m);
	}
	if (s == TCREG_OK)
		s = check_chain(m);
	if (s != TCREG_OK || r->nothing_new)
		return s;
	if (!m->point_id)
		s = create_point(m);
	for (int t = 0; s == TCREG_OK && t < 6; t++)
		if (!(m->plain[t] = plain_cols(tcreg__btables[t].cols)))
			s = TCREG_ERR_NOMEM;
	if (s == TCREG_OK)
		s = open_log(m, path);
	if (s == TCREG_OK)
		s = merge_parties(m);
	if (s == TCREG_OK)
		s = merge_contracts(m);
	if (s == TCREG_OK)
		s = merge_rest(m);
	if (s == TCREG_OK)
		s = close_log(m, path);
	return s;
}

static tcreg_status
attach(tcreg_registry *reg, const char *path)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "ATTACH ? AS bundle");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK
				 : tcreg__set_err(reg, TCREG_ERR_INVALID, "not a tcreg bundle: %s", sqlite3_errmsg(reg->db));
}

tcreg_status
tcreg_merge(tcreg_registry *reg, const char *path, int dry_run, tcreg_merge_result **out)
{
	*out = NULL;
	tcreg_status s = tcreg__require_role(reg, "admin");
	if (s != TCREG_OK)
		return s;
	if (access(path, R_OK) != 0)
		return tcreg__set_err(reg, TCREG_ERR_NOINPUT, "cannot read the bundle '%s'", path);
	struct merge m = { .reg = reg, .r = calloc(1, sizeof(tcreg_merge_result)) };
	if (!m.r)
		return TCREG_ERR_NOMEM;
	if ((s = attach(reg, path)) == TCREG_OK) {
		if ((s = tcreg__begin(reg)) == TCREG_OK) {
			s = merge_in(&m, path);
			if (s == TCREG_OK && !dry_run && !m.r->nothing_new)
				s = tcreg__commit(reg);
			else
				tcreg__rollback(reg);
		}
		sqlite3_exec(reg->db, "DETACH bundle", NULL, NULL, NULL);
	}
	for (int t = 0; t < 6; t++)
		free(m.plain[t]);
	if (s == TCREG_OK)
		*out = m.r;
	else
		tcreg_merge_result_free(m.r);
	return s;
}

tcreg_status
tcreg_merge_conflicts(tcreg_registry *reg, int all, tcreg_merge_result **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return TCREG_ERR_NOMEM;
	tcreg_status s = load_conflicts(reg, all ? "?1 = ?1" : "k.outcome IS NULL AND ?1 = ?1", 0, *out);
	if (s != TCREG_OK) {
		tcreg_merge_result_free(*out);
		*out = NULL;
	}
	return s;
}

void
tcreg_merge_result_free(tcreg_merge_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_conflicts; i++) {
		tcreg_merge_conflict *k = &r->conflicts[i];
		free(k->rule);
		free(k->station);
		free(k->contract_no);
		free(k->reg_no);
		free(k->twin_reg_no);
		free(k->twin_point);
		free(k->outcome);
	}
	free(r->conflicts);
	free(r->station_name);
	free(r);
}
