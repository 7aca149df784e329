/* SPDX-License-Identifier: MIT
 * search.c - tcreg_contract_search: the contracts a clerk means by a piece
 * of text, best first.
 *
 * Each kind of match is one or two indexed reads, bounded: numbers and
 * credit codes through their B-tree indexes (whole, then the beginning);
 * project names and parties' names through the trigram indexes of
 * search-index.c, a party's contracts through search_contract_parties;
 * short forms of parties' names through the
 * party_name index (the first character fixes the range).  One or two
 * characters, too short for a trigram, are looked up among the indexes'
 * terms: every character and pair of characters starts one, thanks to the
 * two U+001F each indexed text ends with.  Nothing reads every contract.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

#define SLACK 1000     /* each kind of match is read up to limit + SLACK contracts */
#define MAX_TERMS 4000 /* one or two characters: trigrams they start, at most */
#define SHORT_MAX 4    /* a short form has 2 to 4 Chinese characters (北大, 哈工大, 中科院) */

/* Ranks: lower tiers first, then the higher score (permille of the field
 * the text covers), then the newest. */
enum { TIER_WHOLE, TIER_START, TIER_TEXT, TIER_SHORT };

struct hit {
	int64_t id;
	int tier, score;
};

struct search {
	tcreg_registry *reg;
	const char *text;  /* trimmed */
	char *upper;       /* the same, ASCII letters upper-cased (codes, numbers) */
	char *lower;       /* lower-cased: the indexes' terms are */
	int chars;         /* its length in characters */
	size_t cap;        /* contracts read per kind of match */
	struct hit *v;
	size_t n, size;
	int at_least;      /* a kind of match had more than cap */
};

static bool
add(struct search *s, int64_t id, int tier, int score)
{
	if (s->n == s->size) {
		size_t size = s->size ? s->size * 2 : 256;
		struct hit *v = realloc(s->v, size * sizeof(*v));
		if (!v)
			return false;
		s->v = v;
		s->size = size;
	}
	s->v[s->n++] = (struct hit){ id, tier, score };
	return true;
}

/* Step st (columns: id, score), adding each row at tier, at most s->cap of
 * them (*taken counts them, across calls of one kind). */
static tcreg_status
add_rows(struct search *s, sqlite3_stmt *st, int tier, size_t *taken)
{
	int rc;
	tcreg_status r = TCREG_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*taken == s->cap) {
			s->at_least = 1;
			break;
		}
		(*taken)++;
		if (!add(s, sqlite3_column_int64(st, 0), tier, sqlite3_column_int(st, 1))) {
			r = TCREG_ERR_NOMEM;
			break;
		}
	}
	if (r == TCREG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = tcreg__db_err(s->reg, rc, "searching");
	return r;
}

/* sql prepared with ?1 = text, ?2 = its length, ?3 = how many to read at
 * most (one more than cap, to know there are more), ?4 = extra (or NULL). */
static tcreg_status
prepare_bound(struct search *s, const char *sql, const char *text, const char *extra, sqlite3_stmt **st)
{
	tcreg_status r = tcreg__prepare(s->reg, st, sql);
	if (r != TCREG_OK)
		return r;
	sqlite3_bind_text(*st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int(*st, 2, s->chars);
	sqlite3_bind_int64(*st, 3, (sqlite3_int64)s->cap + 1);
	if (extra)
		sqlite3_bind_text(*st, 4, extra, -1, SQLITE_STATIC);
	return TCREG_OK;
}

/* The contracts sql finds (bound as prepare_bound binds). */
static tcreg_status
run(struct search *s, const char *sql, const char *text, const char *extra, int tier, size_t *taken)
{
	sqlite3_stmt *st;
	tcreg_status r = prepare_bound(s, sql, text, extra, &st);
	if (r != TCREG_OK)
		return r;
	r = add_rows(s, st, tier, taken);
	sqlite3_finalize(st);
	return r;
}

/* The contracts of the parties st yields (id, score, how many parties
 * were read: more than cap means more were left; best first), at tier, the
 * newest first within a party, until cap (*taken counts them). */
static tcreg_status
parties_contracts(struct search *s, sqlite3_stmt *parties, int tier, size_t *taken)
{
	sqlite3_stmt *st;
	tcreg_status r = tcreg__prepare(s->reg, &st,
					"SELECT rowid, ?2 FROM search_contract_parties "
					"WHERE search_contract_parties MATCH ?1 ORDER BY rowid DESC");
	if (r != TCREG_OK)
		return r;
	int rc = SQLITE_DONE;
	while (r == TCREG_OK && (rc = sqlite3_step(parties)) == SQLITE_ROW) {
		if (sqlite3_column_int64(parties, 2) > (sqlite3_int64)s->cap)
			s->at_least = 1; /* parties left unread */
		if (*taken == s->cap) {
			s->at_least = 1;
			break;
		}
		char words[64];
		long long id = sqlite3_column_int64(parties, 0);
		snprintf(words, sizeof(words), "s%lld OR b%lld", id, id);
		sqlite3_bind_text(st, 1, words, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, sqlite3_column_int(parties, 1));
		r = add_rows(s, st, tier, taken);
		sqlite3_reset(st);
	}
	if (r == TCREG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = tcreg__db_err(s->reg, rc, "searching");
	sqlite3_finalize(st);
	return r;
}

/* The contracts of the parties sql finds (bound as prepare_bound binds). */
static tcreg_status
parties_run(struct search *s, const char *sql, const char *text, const char *extra, int tier, size_t *taken)
{
	sqlite3_stmt *st;
	tcreg_status r = prepare_bound(s, sql, text, extra, &st);
	if (r != TCREG_OK)
		return r;
	r = parties_contracts(s, st, tier, taken);
	sqlite3_finalize(st);
	return r;
}

/* Contract and registration numbers, credit codes: whole, then their start,
 * as typed and with letters upper-cased. */
static tcreg_status
numbers(struct search *s)
{
	static const char whole[] = "SELECT id, 1000 FROM contract WHERE contract_no = ?1 "
				    "UNION ALL SELECT id, 1000 FROM contract WHERE reg_no = ?1 LIMIT ?3";
	static const char whole_uscc[] = "SELECT id, 1000, 1 FROM party WHERE uscc = ?1";
#define START(col) col " >= ?1 AND " col " < ?1 || char(1114111)"
	static const char start[] =
		"SELECT id, 1000 * ?2 / length(contract_no) FROM contract WHERE " START("contract_no")
		" UNION ALL SELECT id, 1000 * ?2 / length(reg_no) FROM contract WHERE " START("reg_no") " LIMIT ?3";
	/* in code order: read only as far as needed */
	static const char start_uscc[] = "SELECT id, 1000 * ?2 / length(uscc), 0 FROM party WHERE " START("uscc")
					 " ORDER BY uscc";
#undef START
	const char *forms[] = { s->text, strcmp(s->text, s->upper) ? s->upper : NULL };
	size_t taken = 0, ptaken = 0;
	tcreg_status r = TCREG_OK;
	for (int i = 0; r == TCREG_OK && i < 2 && forms[i]; i++) {
		r = run(s, whole, forms[i], NULL, TIER_WHOLE, &taken);
		if (r == TCREG_OK)
			r = parties_run(s, whole_uscc, forms[i], NULL, TIER_WHOLE, &ptaken);
	}
	taken = ptaken = 0;
	for (int i = 0; r == TCREG_OK && i < 2 && forms[i]; i++) {
		r = run(s, start, forms[i], NULL, TIER_START, &taken);
		if (r == TCREG_OK)
			r = parties_run(s, start_uscc, forms[i], NULL, TIER_START, &ptaken);
	}
	return r;
}

/* '"' + t + '"', quotes doubled: an FTS5 string */
static void
fts_string(struct tcreg__buf *b, const char *t, size_t n)
{
	tcreg__buf_puts(b, "\"");
	for (size_t i = 0; i < n; i++)
		tcreg__buf_append(b, t[i] == '"' ? "\"\"" : t + i, t[i] == '"' ? 2 : 1);
	tcreg__buf_puts(b, "\"");
}

/* The FTS5 query for index idx: the text as a phrase, or for one or two
 * characters every trigram of the index they start (none: *none). */
static tcreg_status
fts_query(struct search *s, const char *idx, struct tcreg__buf *q, bool *none)
{
	*none = false;
	if (s->chars >= 3) {
		fts_string(q, s->text, strlen(s->text));
		return q->failed ? TCREG_ERR_NOMEM : TCREG_OK;
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT term FROM %s_terms WHERE term >= ?1 AND term < ?1 || char(1114111) "
		 "LIMIT %d", idx, MAX_TERMS + 1);
	sqlite3_stmt *st;
	tcreg_status r = tcreg__prepare(s->reg, &st, sql);
	if (r != TCREG_OK)
		return r;
	sqlite3_bind_text(st, 1, s->lower, -1, SQLITE_STATIC);
	int rc, terms = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++terms > MAX_TERMS) { /* a character in most texts: enough */
			s->at_least = 1;
			break;
		}
		if (terms > 1)
			tcreg__buf_puts(q, " OR ");
		fts_string(q, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tcreg__db_err(s->reg, rc, "searching");
	*none = terms == 0;
	return q->failed ? TCREG_ERR_NOMEM : TCREG_OK;
}

/* Contracts whose project name, or parties' names as registered, hold the
 * text: the newest cap of each. */
static tcreg_status
contract_texts(struct search *s)
{
	static const char project[] =
		"WITH m AS (SELECT rowid AS id FROM search_project WHERE search_project MATCH ?1 "
		"ORDER BY rowid DESC LIMIT ?3) "
		"SELECT m.id, 1000 * ?2 / max(length(c.project_name), 1) FROM m JOIN contract c ON c.id = m.id";
	/* the name that holds the text, when its case is the same; else the longer */
	static const char registered[] =
		"WITH m AS (SELECT rowid AS id FROM search_registered WHERE search_registered MATCH ?1 "
		"ORDER BY rowid DESC LIMIT ?3) "
		"SELECT m.id, 1000 * ?2 / max(CASE WHEN instr(c.seller_name_reg, ?4) > 0 THEN length(c.seller_name_reg) "
		"WHEN instr(c.buyer_name_reg, ?4) > 0 THEN length(c.buyer_name_reg) "
		"ELSE max(length(c.seller_name_reg), length(coalesce(c.buyer_name_reg, ''))) END, 1) "
		"FROM m JOIN contract c ON c.id = m.id";
	const struct {
		const char *idx, *sql;
	} kinds[] = { { "search_project", project }, { "search_registered", registered } };
	tcreg_status r = TCREG_OK;
	for (size_t k = 0; r == TCREG_OK && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct tcreg__buf q;
		tcreg__buf_init(&q);
		bool none;
		size_t taken = 0;
		r = fts_query(s, kinds[k].idx, &q, &none);
		if (r == TCREG_OK && !none)
			r = run(s, kinds[k].sql, q.data, s->text, TIER_TEXT, &taken);
		tcreg__buf_release(&q);
	}
	return r;
}

static tcreg_status
party_names(struct search *s)
{
	struct tcreg__buf q;
	tcreg__buf_init(&q);
	bool none;
	tcreg_status r = fts_query(s, "search_party", &q, &none);
	size_t taken = 0;
	if (r == TCREG_OK && !none)
		r = parties_run(s,
				/* the best of the newest: ranking every party of
				 * a text most hold would read them all */
				"WITH m AS (SELECT rowid AS id FROM search_party WHERE search_party MATCH ?1 "
				"ORDER BY rowid DESC LIMIT ?3) "
				"SELECT p.id, 1000 * ?2 / max(length(p.name), 1) AS score, count(*) OVER () "
				"FROM m JOIN party p ON p.id = m.id ORDER BY score DESC, p.id DESC",
				q.data, NULL, TIER_TEXT, &taken);
	tcreg__buf_release(&q);
	return r;
}

/* The length of the UTF-8 character at p, when it is a Chinese one (CJK
 * unified ideographs, their extensions and compatibility forms); else 0. */
static size_t
han_len(const unsigned char *p)
{
	if (p[0] >= 0xE3 && p[0] <= 0xE9 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
		return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ? 3 : 0;
	}
	if (p[0] == 0xEF && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
		return cp >= 0xF900 && cp <= 0xFAFF ? 3 : 0;
	}
	if (p[0] == 0xF0 && p[1] >= 0xA0 && p[1] <= 0xBF) /* U+20000..U+3FFFF */
		return (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
	return 0;
}

/* 哈工大: parties whose name starts with 哈 and has 工, then 大, later. */
static tcreg_status
short_forms(struct search *s)
{
	if (s->chars < 2 || s->chars > SHORT_MAX)
		return TCREG_OK;
	char glob[SHORT_MAX * 5 + 1], first[5];
	size_t g = 0, k;
	for (const unsigned char *p = (const unsigned char *)s->text; *p; p += k) {
		if (!(k = han_len(p)))
			return TCREG_OK;
		memcpy(glob + g, p, k);
		g += k;
		glob[g++] = '*';
		if (p == (const unsigned char *)s->text)
			snprintf(first, sizeof(first), "%.*s", (int)k, (const char *)p);
	}
	glob[g] = '\0';
	size_t taken = 0;
	return parties_run(s,
			   "WITH m AS (SELECT id, name FROM party WHERE name >= ?4 AND name < ?4 || char(1114111) "
			   "AND name GLOB ?1 LIMIT ?3) "
			   "SELECT id, 1000 * ?2 / max(length(name), 1) AS score, count(*) OVER () FROM m "
			   "ORDER BY score DESC, id DESC",
			   glob, first, TIER_SHORT, &taken);
}

static int
by_id_then_rank(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	return y->score - x->score;
}

static int
by_rank(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	if (x->score != y->score)
		return y->score - x->score;
	return x->id == y->id ? 0 : x->id > y->id ? -1 : 1;
}

/* Each contract once, at its best; then best first. */
static void
rank(struct search *s)
{
	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), by_id_then_rank);
	size_t w = 1;
	for (size_t i = 1; i < s->n; i++)
		if (s->v[i].id != s->v[w - 1].id)
			s->v[w++] = s->v[i];
	s->n = w;
	qsort(s->v, s->n, sizeof(*s->v), by_rank);
}

/* Copy of t with ASCII letters in one case. */
static char *
ascii_case(const char *t, bool up)
{
	char *c = tcreg__strdup(t);
	for (char *p = c; p && *p; p++)
		if (up && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!up && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return c;
}

/* An operator limited to points finds their points' contracts (scope.c). */
static tcreg_status
keep_in_view(struct search *s)
{
	sqlite3_stmt *st;
	tcreg_status r = tcreg__view_stmt(s->reg, &st);
	if (r != TCREG_OK || !st)
		return r;
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (tcreg__view_has(st, s->v[i].id))
			s->v[k++] = s->v[i];
	s->n = k;
	sqlite3_finalize(st);
	return TCREG_OK;
}

tcreg_status
tcreg_contract_search(tcreg_registry *reg, const char *text, size_t limit, tcreg_cursor **out,
		      size_t *more, int *more_at_least)
{
	*out = NULL;
	*more = 0;
	*more_at_least = 0;
	if (!reg || !text || limit == 0 || limit > 100000)
		return TCREG_ERR_USAGE;
	char *t = tcreg__strdup(text);
	if (!t)
		return TCREG_ERR_NOMEM;
	tcreg__trim(t);
	bool cut;
	if (!*t || tcreg__utf8_valid_prefix((const unsigned char *)t, strlen(t), &cut) != strlen(t)) {
		free(t);
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "the text to look for is empty or not UTF-8");
	}
	struct search s = { .reg = reg, .text = t, .cap = limit + SLACK };
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		s.chars += (*p & 0xC0) != 0x80;
	s.upper = ascii_case(t, true);
	s.lower = ascii_case(t, false);
	tcreg_status r = s.upper && s.lower ? numbers(&s) : TCREG_ERR_NOMEM;
	if (r == TCREG_OK)
		r = contract_texts(&s);
	if (r == TCREG_OK)
		r = party_names(&s);
	if (r == TCREG_OK)
		r = short_forms(&s);
	int64_t *ids = NULL;
	size_t n = 0;
	if (r == TCREG_OK)
		r = keep_in_view(&s);
	if (r == TCREG_OK) {
		rank(&s);
		n = s.n < limit ? s.n : limit;
		ids = malloc((n ? n : 1) * sizeof(*ids));
		if (!ids)
			r = TCREG_ERR_NOMEM;
		for (size_t i = 0; ids && i < n; i++)
			ids[i] = s.v[i].id;
	}
	if (r == TCREG_OK) {
		*more = s.n - n;
		*more_at_least = s.at_least;
		r = tcreg__cursor_of_ids(reg, ids, n, out);
	}
	free(s.v);
	free(s.upper);
	free(s.lower);
	free(t);
	return r;
}
