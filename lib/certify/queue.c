/* SPDX-License-Identifier: MIT
 * queue.c - what awaits a decision, most urgent first: the working-day
 * deadline of each submitted contract, the earliest first.
 *
 * A queue after a large import holds hundreds of thousands of contracts, so
 * nothing here is per pair of contracts: the deadline depends only on the
 * acceptance date and the track, and is worked out once for each (a few
 * hundred: the contracts come in order of acceptance, from the index on
 * status and acceptance), the contracts are sorted by it (qsort), and only
 * those shown are read in full.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

struct qrow {
	int64_t id;
	int64_t accept;    /* days since 1970 */
	int64_t due;       /* days since 1970 */
	int left;          /* working days from today to the deadline */
	bool large, assumed;
};

/* most urgent first: the earliest deadline, then the oldest entry */
static int
by_urgency(const void *a, const void *b)
{
	const struct qrow *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The submitted contracts: id, acceptance and track. */
static tcreg_status
read_queue(tcreg_registry *reg, int64_t threshold, struct qrow **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	/* an operator's queue is their points' (scope.c) */
	char *where = tcreg__view_sql(reg, "point_id"), *sql = NULL;
	if (asprintf(&sql,
		     "SELECT id, accept_date, track = 'large' OR tech_amount_fen >= ?1 "
		     "FROM contract WHERE status = 'submitted' AND %s ORDER BY accept_date",
		     where ? where : "1") < 0)
		sql = NULL;
	free(where);
	tcreg_status s = sql ? tcreg__prepare(reg, &st, sql) : TCREG_ERR_NOMEM;
	free(sql);
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, threshold > 0 ? threshold : INT64_MAX);
	size_t cap = 0;
	struct qrow *v = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			struct qrow *nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				s = TCREG_ERR_NOMEM;
				break;
			}
			v = nv;
		}
		const char *accept = (const char *)sqlite3_column_text(st, 1);
		char iso[11];
		if (!accept || tcreg_date_parse(accept, iso, NULL, NULL) != TCREG_OK || strcmp(iso, accept) != 0) {
			s = tcreg__set_err(reg, TCREG_ERR_DB, "contract %lld has no valid acceptance date",
					   (long long)sqlite3_column_int64(st, 0));
			break;
		}
		v[(*n)++] = (struct qrow){ .id = sqlite3_column_int64(st, 0), .accept = tcreg__days(accept),
					   .large = sqlite3_column_int(st, 2) != 0 };
	}
	if (s == TCREG_OK && rc != SQLITE_DONE)
		s = tcreg__db_err(reg, rc, "reading the queue");
	sqlite3_finalize(st);
	if (s != TCREG_OK) {
		free(v);
		*n = 0;
		return s;
	}
	*out = v;
	return TCREG_OK;
}

/* Each contract's deadline, worked out once per acceptance date and track
 * (v is in order of acceptance: the last date's two answers are kept). */
static tcreg_status
deadlines(tcreg_registry *reg, struct qrow *v, size_t n, const char *today)
{
	int64_t days[2] = { tcreg__config_int(reg, "review_days"), tcreg__config_int(reg, "review_days_large") };
	struct qrow known[2];
	int64_t known_for = INT64_MIN;
	bool have[2] = { false, false };
	for (size_t i = 0; i < n; i++) {
		int t = v[i].large;
		if (v[i].accept != known_for) {
			known_for = v[i].accept;
			have[0] = have[1] = false;
		}
		if (!have[t]) {
			char accept[11], due[11];
			int a1 = 0, a2 = 0, left = 0;
			tcreg__date_of(v[i].accept, accept);
			tcreg_status s = tcreg_workdays_add(reg, accept, (int)days[t], due, &a1);
			if (s == TCREG_OK)
				s = tcreg_workdays_between(reg, today, due, &left, &a2);
			if (s != TCREG_OK)
				return s;
			known[t] = (struct qrow){ .due = tcreg__days(due), .left = left, .assumed = a1 || a2 };
			have[t] = true;
		}
		v[i].due = known[t].due;
		v[i].left = known[t].left;
		v[i].assumed = known[t].assumed;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_urgency);
	return TCREG_OK;
}

/* The flags tcreg audit risks raises about a contract (a few indexed
 * queries), as a list of rule names. */
static json_t *
risks_of(tcreg_registry *reg, int64_t id, const char *sign_date)
{
	json_t *r, *rules = json_array();
	if (tcreg_risks_tree(reg, atoi(sign_date), id, NULL, &r) == TCREG_OK) {
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(r, "flags"), i, f)
			json_array_append(rules, json_object_get(f, "rule"));
		json_decref(r);
	}
	return rules;
}

struct tcreg_queue {
	tcreg_registry *reg;
	struct qrow *v;
	size_t n, shown, at;
	bool with_risks, own_tx;
	sqlite3_stmt *st;
	char *json; /* the last entry */
};

/* One contract of the queue as the stable JSON object. */
static json_t *
entry(tcreg_queue *q, const struct qrow *r)
{
	sqlite3_stmt *st = q->st;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, r->id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		tcreg__db_err(q->reg, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading the queue");
		return NULL;
	}
	char accept[11], due[11];
	tcreg__date_of(r->accept, accept);
	tcreg__date_of(r->due, due);
	json_t *x = json_object();
	json_object_set_new(x, "id", json_integer(r->id));
	json_object_set_new(x, "contract_no", json_string((const char *)sqlite3_column_text(st, 0)));
	json_object_set_new(x, "project_name", json_string((const char *)sqlite3_column_text(st, 1)));
	json_object_set_new(x, "seller", json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(x, "track", json_string(r->large ? "large" : "normal"));
	json_object_set_new(x, "tech_amount_fen", json_integer(sqlite3_column_int64(st, 3)));
	json_object_set_new(x, "review_recorded", json_boolean(sqlite3_column_int(st, 4) > 0));
	if (q->with_risks)
		json_object_set_new(x, "risks", risks_of(q->reg, r->id, (const char *)sqlite3_column_text(st, 5)));
	json_object_set_new(x, "accept_date", json_string(accept));
	json_object_set_new(x, "due_date", json_string(due));
	json_object_set_new(x, "working_days_left", json_integer(r->left));
	json_object_set_new(x, "overdue", json_boolean(r->left < 0));
	json_object_set_new(x, "calendar_assumed", json_boolean(r->assumed));
	return x;
}

void
tcreg_queue_free(tcreg_queue *q)
{
	if (!q)
		return;
	sqlite3_finalize(q->st);
	if (q->own_tx)
		sqlite3_exec(q->reg->db, "COMMIT", NULL, NULL, NULL);
	free(q->v);
	free(q->json);
	free(q);
}

tcreg_status
tcreg_queue_open(tcreg_registry *reg, size_t limit, tcreg_queue **out)
{
	*out = NULL;
	if (!reg)
		return TCREG_ERR_USAGE;
	tcreg_queue *q = calloc(1, sizeof(*q));
	if (!q)
		return TCREG_ERR_NOMEM;
	q->reg = reg;
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	/* one read transaction, held until the queue is freed: the list and
	 * the details of one registry state; a large queue's rows are read
	 * through a memory map (as the report's) */
	sqlite3_exec(reg->db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
	q->own_tx = sqlite3_get_autocommit(reg->db);
	if (q->own_tx)
		sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
	tcreg_status s = read_queue(reg, tcreg__config_int(reg, "large_threshold") * 100, &q->v, &q->n);
	if (s == TCREG_OK)
		s = deadlines(reg, q->v, q->n, today);
	if (s == TCREG_OK)
		s = tcreg__prepare(reg, &q->st,
				   "SELECT c.contract_no, c.project_name, p.name, c.tech_amount_fen, "
				   "(SELECT count(*) FROM review r WHERE r.contract_id = c.id), c.sign_date "
				   "FROM contract c JOIN party p ON p.id = c.seller_id WHERE c.id = ?1");
	q->shown = limit && limit < q->n ? limit : q->n;
	/* what tcreg audit risks would flag, when the list is of a size a
	 * person reads */
	q->with_risks = q->shown <= 2000;
	if (s != TCREG_OK) {
		tcreg_queue_free(q);
		return s;
	}
	*out = q;
	return TCREG_OK;
}

size_t
tcreg_queue_total(const tcreg_queue *q)
{
	return q ? q->n : 0;
}

tcreg_status
tcreg_queue_next_tree(tcreg_queue *q, json_t **out)
{
	*out = NULL;
	if (q->at >= q->shown)
		return TCREG_OK;
	*out = entry(q, &q->v[q->at++]);
	return *out ? TCREG_OK : TCREG_ERR_DB;
}

tcreg_status
tcreg_queue_next(tcreg_queue *q, const char **json)
{
	*json = NULL;
	free(q->json);
	q->json = NULL;
	json_t *x;
	tcreg_status s = tcreg_queue_next_tree(q, &x);
	if (s != TCREG_OK || !x) /* the end */
		return s;
	s = tcreg__tree_text(s, x, JSON_COMPACT | JSON_PRESERVE_ORDER, &q->json);
	*json = q->json;
	return s;
}

tcreg_status
tcreg_queue_tree(tcreg_registry *reg, json_t **out)
{
	*out = NULL;
	tcreg_queue *q;
	tcreg_status s = tcreg_queue_open(reg, 0, &q);
	if (s != TCREG_OK)
		return s;
	json_t *a = json_array(), *e;
	while ((s = tcreg_queue_next_tree(q, &e)) == TCREG_OK && e)
		json_array_append_new(a, e);
	tcreg_queue_free(q);
	if (s != TCREG_OK) {
		json_decref(a);
		return s;
	}
	*out = a;
	return a ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_queue_json(tcreg_registry *reg, char **json)
{
	json_t *a;
	tcreg_status s = tcreg_queue_tree(reg, &a);
	return tcreg__tree_text(s, a, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
