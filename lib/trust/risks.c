/* SPDX-License-Identifier: MIT
 * risks.c - contracts worth a second look (骗补: fake and split contracts
 * made to draw subsidies).  Each rule flags what a certifier should look at
 * twice, with its reason, the contracts involved and a score; none decides
 * anything.  The rules and their settings (tcreg config risk_*):
 *
 *   splitting        the same seller and buyer sign several contracts within
 *                    risk_window_days, each just under a threshold that
 *                    matters (the large-contract track, the base where an
 *                    award reaches its cap: risk_cap_bases) or just over an
 *                    award threshold (risk_award_thresholds), where one
 *                    contract would have done ("just": risk_near_pct)
 *   clustering       a seller's (or the office's) contracts bunch just above
 *                    an award threshold: the share above, against the share
 *                    expected from the amounts on either side
 *   circular         A sells to B and B, or a chain through C, sells back to
 *                    A within a year at amounts within risk_similar_pct
 *   round_trip       money reversed after an award was committed on it;
 *                    money arriving in the last risk_cutoff_days of a year
 *                    and reversed after it
 *   awarded_then_cancelled   paid an award, then cancelled or revoked
 *   resold_development       the same project sold as 技术开发 to several buyers
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

struct rc { /* a contract as the rules see it */
	int64_t id, seller, buyer, fen;
	char *no, *project, sign[11], category[4];
};

struct settings {
	int window, near, cluster_min, similar, cutoff;
	int64_t large, award[8], cap[8];
	size_t naward, ncap;
};

struct scan {
	tcreg_registry *reg;
	struct settings set;
	struct rc *v;
	size_t n;
	json_t *flags;
	int year;
	int64_t only; /* one contract's flags (--accept, the queue): 0 = the whole year */
};

static size_t
amounts(tcreg_registry *reg, const char *key, int64_t *out, size_t max)
{
	char *v = NULL;
	size_t n = 0;
	if (tcreg_config_get(reg, key, &v) != TCREG_OK)
		return 0;
	for (char *p = v; p && *p && n < max;) {
		out[n++] = strtoll(p, &p, 10) * 100;
		while (*p == ',' || *p == ' ')
			p++;
	}
	free(v);
	return n;
}

static void
load_settings(tcreg_registry *reg, struct settings *s)
{
	s->window = (int)tcreg__config_int(reg, "risk_window_days");
	s->near = (int)tcreg__config_int(reg, "risk_near_pct");
	s->cluster_min = (int)tcreg__config_int(reg, "risk_cluster_min");
	s->similar = (int)tcreg__config_int(reg, "risk_similar_pct");
	s->cutoff = (int)tcreg__config_int(reg, "risk_cutoff_days");
	s->large = tcreg__config_int(reg, "large_threshold") * 100;
	s->naward = amounts(reg, "risk_award_thresholds", s->award, 8);
	s->ncap = amounts(reg, "risk_cap_bases", s->cap, 8);
}

static void
flag(struct scan *S, const char *rule, int score, const char *reason, json_t *contracts, json_t *detail)
{
	json_array_append_new(S->flags, json_pack("{s:s, s:i, s:s, s:o, s:o}", "rule", rule, "score", score,
						  "reason", reason, "contracts", contracts,
						  "detail", detail ? detail : json_object()));
}

/* ---- the contracts of a period, read once ---- */

/* The contracts the rules read: those signed in the period; for one
 * contract, it and the registered contracts of its seller (found through
 * the twin index: quick in a registry of millions). */
static tcreg_status
load(struct scan *S, const char *from, const char *to)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(S->reg, &st,
		S->only ? "SELECT id, coalesce(reg_no, contract_no), seller_id, buyer_id, "
			  "coalesce(verified_tech_amount_fen, tech_amount_fen), sign_date, category, project_name "
			  "FROM contract WHERE id = ?3 UNION ALL "
			  "SELECT c.id, coalesce(c.reg_no, c.contract_no), c.seller_id, c.buyer_id, "
			  "coalesce(c.verified_tech_amount_fen, c.tech_amount_fen), c.sign_date, c.category, c.project_name "
			  "FROM contract x JOIN contract c ON c.seller_id = x.seller_id AND c.reg_no IS NOT NULL "
			  "AND c.id <> x.id WHERE x.id = ?3 AND c.sign_date BETWEEN ?1 AND ?2 "
			  "AND c.status IN ('registered', 'changed')"
			: "SELECT id, coalesce(reg_no, contract_no), seller_id, buyer_id, "
			  "coalesce(verified_tech_amount_fen, tech_amount_fen), sign_date, category, project_name "
			  "FROM contract WHERE sign_date BETWEEN ?1 AND ?2 "
			  "AND status IN ('submitted', 'needs_supplement', 'registered', 'changed') AND ?3 = 0");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, S->only);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (S->n == cap) {
			size_t want = cap ? cap * 2 : 4096;
			struct rc *nv = realloc(S->v, want * sizeof(*nv));
			if (!nv) {
				sqlite3_finalize(st);
				return TCREG_ERR_NOMEM;
			}
			S->v = nv;
			cap = want;
		}
		struct rc *c = &S->v[S->n++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(st, 0);
		c->no = tcreg__strdup((const char *)sqlite3_column_text(st, 1));
		c->seller = sqlite3_column_int64(st, 2);
		c->buyer = sqlite3_column_int64(st, 3);
		c->fen = sqlite3_column_int64(st, 4);
		snprintf(c->sign, sizeof(c->sign), "%s", (const char *)sqlite3_column_text(st, 5));
		snprintf(c->category, sizeof(c->category), "%s", (const char *)sqlite3_column_text(st, 6));
		c->project = tcreg__strdup((const char *)sqlite3_column_text(st, 7));
		if (!c->no || !c->project) {
			sqlite3_finalize(st);
			return TCREG_ERR_NOMEM;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(S->reg, rc, "reading contracts for the risks");
}

static int
cmp_pair_date(const void *a, const void *b)
{
	const struct rc *x = a, *y = b;
	if (x->seller != y->seller)
		return x->seller < y->seller ? -1 : 1;
	if (x->buyer != y->buyer)
		return x->buyer < y->buyer ? -1 : 1;
	return strcmp(x->sign, y->sign);
}

/* Which threshold a contract sits next to, and how: 'u' just under, 'o'
 * just over; 0 none.  *t receives the threshold. */
static char
near_threshold(const struct settings *s, int64_t fen, int64_t *t)
{
	int64_t under[9];
	size_t nu = 0;
	if (s->large > 0)
		under[nu++] = s->large;
	for (size_t i = 0; i < s->ncap; i++)
		under[nu++] = s->cap[i];
	for (size_t i = 0; i < nu; i++)
		if (fen < under[i] && fen >= under[i] - under[i] * s->near / 100) {
			*t = under[i];
			return 'u';
		}
	for (size_t i = 0; i < s->naward; i++)
		if (fen >= s->award[i] && fen < s->award[i] + s->award[i] * s->near / 100) {
			*t = s->award[i];
			return 'o';
		}
	return 0;
}

static bool
in_year(const struct scan *S, const char *date)
{
	return atoi(date) == S->year;
}

/* splitting: runs of one pair's contracts, each next to a threshold, all
 * within the window of the first */
static void
splitting(struct scan *S)
{
	if (S->n > 1) /* a year without contracts has no array */
		qsort(S->v, S->n, sizeof(*S->v), cmp_pair_date);
	for (size_t i = 0; i < S->n;) {
		size_t j = i + 1;
		while (j < S->n && S->v[j].seller == S->v[i].seller && S->v[j].buyer == S->v[i].buyer)
			j++;
		/* [i, j): one pair, in signing order */
		for (size_t a = i; a < j; a++) {
			int64_t ta;
			char how = near_threshold(&S->set, S->v[a].fen, &ta);
			if (!how)
				continue;
			json_t *list = json_array();
			int64_t sum = 0;
			size_t b;
			json_array_append_new(list, json_string(S->v[a].no));
			sum += S->v[a].fen;
			bool year = in_year(S, S->v[a].sign);
			for (b = a + 1; b < j && tcreg__days(S->v[b].sign) - tcreg__days(S->v[a].sign) <= S->set.window; b++) {
				int64_t tb;
				if (near_threshold(&S->set, S->v[b].fen, &tb) == how && tb == ta) {
					json_array_append_new(list, json_string(S->v[b].no));
					sum += S->v[b].fen;
					year = year || in_year(S, S->v[b].sign);
				}
			}
			if (json_array_size(list) >= 2 && year) {
				char why[300], t[40], s2[40];
				tcreg_amount_format(ta, t, sizeof(t));
				tcreg_amount_format(sum, s2, sizeof(s2));
				snprintf(why, sizeof(why),
					 how == 'u' ? "%zu contracts of the same parties within %d days, each just under %s (together %s): one deal split to stay under a threshold?"
						    : "%zu contracts of the same parties within %d days, each just over the award threshold %s (together %s): one deal split to draw more than one award?",
					 json_array_size(list), S->set.window, t, s2);
				flag(S, "splitting", 20 * (int)json_array_size(list), why, list,
				     json_pack("{s:I, s:s, s:I, s:i}", "threshold_fen", (json_int_t)ta, "side",
					       how == 'u' ? "under" : "over", "sum_fen", (json_int_t)sum, "window_days",
					       S->set.window));
				a = b - 1; /* one flag per run */
			} else {
				json_decref(list);
			}
		}
		i = j;
	}
}

static int
cmp_seller(const void *a, const void *b)
{
	const struct rc *x = a, *y = b;
	return (x->seller > y->seller) - (x->seller < y->seller);
}

/* clustering: within [i, j) (one seller, or everyone), the contracts near
 * each award threshold, just above against just below; the share expected
 * is taken from the bands on either side of those two */
static void
cluster_in(struct scan *S, size_t i, size_t j, const char *who)
{
	for (size_t k = 0; k < S->set.naward; k++) {
		int64_t t = S->set.award[k], w = t * S->set.near / 100;
		long below = 0, above = 0, far_below = 0, far_above = 0;
		json_t *list = json_array();
		for (size_t a = i; a < j; a++) {
			int64_t f = S->v[a].fen;
			if (!in_year(S, S->v[a].sign))
				continue;
			if (f >= t - 2 * w && f < t - w)
				far_below++;
			else if (f >= t - w && f < t)
				below++;
			else if (f >= t && f < t + w) {
				above++;
				if (json_array_size(list) < 50)
					json_array_append_new(list, json_string(S->v[a].no));
			} else if (f >= t + w && f < t + 2 * w)
				far_above++;
		}
		/* the share the amounts on either side suggest, smoothed toward
		 * half (what chance gives when there are none around) */
		double expected = (double)(far_above + 1) / (double)(far_below + far_above + 2);
		double share = below + above ? (double)above / (double)(below + above) : 0;
		if (above >= S->set.cluster_min && share - expected >= 0.3) {
			char why[300], ts[40];
			snprintf(why, sizeof(why),
				 "%s: %ld of %ld contracts near the award threshold %s lie just above it (%.0f %%), where the amounts around would put %.0f %% there",
				 who, above, below + above, tcreg_amount_format(t, ts, sizeof(ts)), share * 100, expected * 100);
			flag(S, "clustering", (int)((share - expected) * 100), why, list,
			     json_pack("{s:s, s:I, s:i, s:i, s:i, s:i}", "who", who, "threshold_fen", (json_int_t)t,
				       "above", (int)above, "below", (int)below, "share_pct", (int)(share * 100 + 0.5),
				       "expected_pct", (int)(expected * 100 + 0.5)));
		} else {
			json_decref(list);
		}
	}
}

static void
seller_name(struct scan *S, int64_t id, char *out, size_t n)
{
	sqlite3_stmt *st;
	snprintf(out, n, "%lld", (long long)id);
	if (tcreg__prepare(S->reg, &st, "SELECT name FROM party WHERE id = ?") != TCREG_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void
clustering(struct scan *S)
{
	cluster_in(S, 0, S->n, "the office");
	if (S->n > 1)
		qsort(S->v, S->n, sizeof(*S->v), cmp_seller);
	for (size_t i = 0; i < S->n;) {
		size_t j = i + 1;
		while (j < S->n && S->v[j].seller == S->v[i].seller)
			j++;
		if (j - i >= (size_t)S->set.cluster_min) {
			char who[300];
			seller_name(S, S->v[i].seller, who, sizeof(who));
			cluster_in(S, i, j, who);
		}
		i = j;
	}
}

/* circular trades, from SQL: two parties selling to each other, or a chain
 * of three, within a year, at similar amounts */
static tcreg_status
circular(struct scan *S, const char *from, const char *to)
{
	static const char *const sql[] = {
		"SELECT coalesce(x.reg_no, x.contract_no), coalesce(y.reg_no, y.contract_no), NULL "
		"FROM contract x JOIN contract y ON y.seller_id = x.buyer_id AND y.buyer_id = x.seller_id "
		"AND y.reg_no IS NOT NULL AND y.id > x.id "
		"WHERE x.reg_no IS NOT NULL AND x.sign_date BETWEEN ?1 AND ?2 "
		"AND x.status IN ('registered', 'changed') AND y.status IN ('registered', 'changed') "
		"AND abs(julianday(x.sign_date) - julianday(y.sign_date)) <= 365 "
		"AND abs(x.total_amount_fen - y.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, y.total_amount_fen)",
		"SELECT coalesce(x.reg_no, x.contract_no), coalesce(y.reg_no, y.contract_no), coalesce(z.reg_no, z.contract_no) "
		"FROM contract x JOIN contract y ON y.seller_id = x.buyer_id AND y.reg_no IS NOT NULL "
		"JOIN contract z ON z.seller_id = y.buyer_id AND z.buyer_id = x.seller_id AND z.reg_no IS NOT NULL "
		"WHERE x.reg_no IS NOT NULL AND x.sign_date BETWEEN ?1 AND ?2 AND x.id < y.id AND x.id < z.id "
		"AND y.buyer_id <> x.seller_id "
		"AND x.status IN ('registered', 'changed') AND y.status IN ('registered', 'changed') "
		"AND z.status IN ('registered', 'changed') "
		"AND abs(julianday(x.sign_date) - julianday(y.sign_date)) <= 365 "
		"AND abs(julianday(x.sign_date) - julianday(z.sign_date)) <= 365 "
		"AND abs(x.total_amount_fen - y.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, y.total_amount_fen) "
		"AND abs(x.total_amount_fen - z.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, z.total_amount_fen)",
	};
	/* one contract: the rings through it, with it first */
	static const char *const one[] = {
		"SELECT coalesce(x.reg_no, x.contract_no), coalesce(y.reg_no, y.contract_no), NULL "
		"FROM contract x JOIN contract y ON y.seller_id = x.buyer_id AND y.buyer_id = x.seller_id "
		"AND y.reg_no IS NOT NULL WHERE x.id = ?4 AND y.status IN ('registered', 'changed') "
		"AND abs(julianday(x.sign_date) - julianday(y.sign_date)) <= 365 "
		"AND abs(x.total_amount_fen - y.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, y.total_amount_fen) "
		"AND ?1 <= ?2",
		"SELECT coalesce(x.reg_no, x.contract_no), coalesce(y.reg_no, y.contract_no), coalesce(z.reg_no, z.contract_no) "
		"FROM contract x JOIN contract y ON y.seller_id = x.buyer_id AND y.reg_no IS NOT NULL "
		"JOIN contract z ON z.seller_id = y.buyer_id AND z.buyer_id = x.seller_id AND z.reg_no IS NOT NULL "
		"WHERE x.id = ?4 AND y.buyer_id <> x.seller_id "
		"AND y.status IN ('registered', 'changed') AND z.status IN ('registered', 'changed') "
		"AND abs(julianday(x.sign_date) - julianday(y.sign_date)) <= 365 "
		"AND abs(julianday(x.sign_date) - julianday(z.sign_date)) <= 365 "
		"AND abs(x.total_amount_fen - y.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, y.total_amount_fen) "
		"AND abs(x.total_amount_fen - z.total_amount_fen) * 100 <= ?3 * max(x.total_amount_fen, z.total_amount_fen) "
		"AND ?1 <= ?2",
	};
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st;
		tcreg_status s = tcreg__prepare(S->reg, &st, S->only ? one[k] : sql[k]);
		if (s != TCREG_OK)
			return s;
		sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, S->set.similar);
		if (S->only)
			sqlite3_bind_int64(st, 4, S->only);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *list = json_array();
			for (int c = 0; c < 3; c++)
				if (sqlite3_column_type(st, c) != SQLITE_NULL)
					json_array_append_new(list, json_string((const char *)sqlite3_column_text(st, c)));
			flag(S, "circular", k ? 60 : 50,
			     k ? "three parties sell to each other in a ring within a year at similar amounts"
			       : "two parties sell to each other within a year at similar amounts",
			     list, json_pack("{s:i}", "parties", k ? 3 : 2));
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return tcreg__db_err(S->reg, rc, "looking for circular trades");
	}
	return TCREG_OK;
}

/* money back and forth, awards on contracts since undone: from SQL */
static tcreg_status
money_rules(struct scan *S, const char *from, const char *to)
{
	static const struct {
		const char *rule, *kind, *reason, *sql;
		int score;
	} q[] = {
		{ "round_trip", "reversed_after_award", "money an award was committed on has been reversed since",
		  "SELECT DISTINCT coalesce(c.reg_no, c.contract_no) FROM award_payment ap "
		  "JOIN award a ON a.id = ap.award_id JOIN award_run r ON r.id = a.run_id "
		  "JOIN payment p ON p.id = ap.payment_id JOIN payment x ON x.reverses_id = p.id "
		  "JOIN contract c ON c.id = p.contract_id "
		  "WHERE x.created_at > r.committed_at AND a.year BETWEEN substr(?1, 1, 4) + 0 AND substr(?2, 1, 4) + 0",
		  70 },
		{ "round_trip", "year_end", "money that arrived in the last days of the year and was reversed after it",
		  "SELECT DISTINCT coalesce(c.reg_no, c.contract_no) FROM payment p "
		  "JOIN payment x ON x.reverses_id = p.id JOIN contract c ON c.id = p.contract_id "
		  "WHERE p.pay_date BETWEEN date(substr(?2, 1, 4) || '-12-31', '-' || ?3 || ' days') "
		  "AND substr(?2, 1, 4) || '-12-31' AND x.pay_date > substr(?2, 1, 4) || '-12-31'",
		  50 },
		{ "awarded_then_cancelled", "cancelled", "awarded, then cancelled or revoked",
		  "SELECT DISTINCT coalesce(c.reg_no, c.contract_no) FROM award_contract ac "
		  "JOIN award a ON a.id = ac.award_id JOIN contract c ON c.id = ac.contract_id "
		  "WHERE c.status IN ('cancelled', 'revoked') AND a.year BETWEEN substr(?1, 1, 4) + 0 "
		  "AND substr(?2, 1, 4) + 0",
		  80 },
	};
	for (size_t k = 0; k < sizeof(q) / sizeof(q[0]); k++) {
		sqlite3_stmt *st;
		tcreg_status s = tcreg__prepare(S->reg, &st, q[k].sql);
		if (s != TCREG_OK)
			return s;
		sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(st) >= 3)
			sqlite3_bind_int(st, 3, S->set.cutoff);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			flag(S, q[k].rule, q[k].score, q[k].reason,
			     json_pack("[s]", (const char *)sqlite3_column_text(st, 0)),
			     json_pack("{s:s, s:i}", "kind", q[k].kind, "cutoff_days", S->set.cutoff));
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return tcreg__db_err(S->reg, rc, "looking at money reversed");
	}
	return TCREG_OK;
}

static int
cmp_seller_project(const void *a, const void *b)
{
	const struct rc *x = a, *y = b;
	if (x->seller != y->seller)
		return x->seller < y->seller ? -1 : 1;
	return strcmp(x->project, y->project);
}

/* the same project sold as 技术开发 (a development made to order) to several buyers */
static void
resold_development(struct scan *S)
{
	if (S->n > 1)
		qsort(S->v, S->n, sizeof(*S->v), cmp_seller_project);
	for (size_t i = 0; i < S->n;) {
		size_t j = i + 1;
		while (j < S->n && S->v[j].seller == S->v[i].seller && strcmp(S->v[j].project, S->v[i].project) == 0)
			j++;
		json_t *list = json_array();
		int64_t first_buyer = 0;
		bool several = false, year = false;
		for (size_t a = i; a < j; a++) {
			if (S->v[a].category[0] != '1')
				continue;
			if (!first_buyer)
				first_buyer = S->v[a].buyer;
			several = several || S->v[a].buyer != first_buyer;
			year = year || in_year(S, S->v[a].sign);
			json_array_append_new(list, json_string(S->v[a].no));
		}
		if (several && year)
			flag(S, "resold_development", 40,
			     "the same project sold as 技术开发 to several buyers: a development is made once, to order",
			     list, json_pack("{s:s}", "project", S->v[i].project));
		else
			json_decref(list);
		i = j;
	}
}

static void
scan_free(struct scan *S)
{
	for (size_t i = 0; i < S->n; i++) {
		free(S->v[i].no);
		free(S->v[i].project);
	}
	free(S->v);
}

static int
cmp_flag(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "score"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "score"));
	return (x < y) - (x > y);
}

/* Whether a flag involves a contract filed at the point. */
static bool
at_point(tcreg_registry *reg, const json_t *flag, int64_t point)
{
	sqlite3_stmt *st;
	if (tcreg__prepare(reg, &st, "SELECT 1 FROM contract WHERE (reg_no = ?1 OR contract_no = ?1) "
				     "AND point_id = ?2") != TCREG_OK)
		return false;
	bool yes = false;
	size_t k;
	json_t *c;
	json_array_foreach(json_object_get(flag, "contracts"), k, c) {
		sqlite3_bind_text(st, 1, json_string_value(c), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, point);
		yes = yes || sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return yes;
}

tcreg_status
tcreg_risks_tree(tcreg_registry *reg, int year, int64_t contract_id, const char *point, json_t **out)
{
	*out = NULL;
	if (!reg || year < 1950 || year > 2199)
		return TCREG_ERR_USAGE;
	int64_t point_id = 0;
	tcreg_status ps = point ? tcreg_point_resolve(reg, point, 0, &point_id) : TCREG_OK;
	if (ps != TCREG_OK)
		return ps;
	struct scan S = { .reg = reg, .year = year, .flags = json_array(), .only = contract_id };
	char *contract = NULL; /* as the flags name it */
	if (contract_id) {
		sqlite3_stmt *st;
		tcreg_status s0 = tcreg__prepare(reg, &st, "SELECT coalesce(reg_no, contract_no) FROM contract WHERE id = ?");
		if (s0 != TCREG_OK) {
			json_decref(S.flags);
			return s0;
		}
		sqlite3_bind_int64(st, 1, contract_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			contract = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (!contract) {
			json_decref(S.flags);
			return tcreg__set_err(reg, TCREG_ERR_NOT_FOUND, "no contract with id %lld", (long long)contract_id);
		}
	}
	load_settings(reg, &S.set);
	char from[11], to[11], wide[11];
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	/* splitting looks back a window across the year's start */
	tcreg__date_of(tcreg__days(from) - S.set.window, wide);
	/* one read of one registry state; inside a caller's transaction (an
	 * --accept) that transaction is the one */
	bool own = sqlite3_get_autocommit(reg->db);
	if (own)
		sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
	tcreg_status s = load(&S, wide, to);
	if (s == TCREG_OK) {
		splitting(&S);
		if (!contract_id) /* a pattern of many contracts, judged over the year */
			clustering(&S);
		resold_development(&S);
		s = circular(&S, from, to);
	}
	/* money and awards concern registered contracts only: not one being decided */
	if (s == TCREG_OK && !contract_id)
		s = money_rules(&S, from, to);
	if (own)
		sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
	scan_free(&S);
	/* most worrying first; with a contract, only the flags that name it */
	size_t n = json_array_size(S.flags);
	json_t **v = malloc((n + 1) * sizeof(*v));
	json_t *sorted = json_array();
	for (size_t i = 0; v && i < n; i++)
		v[i] = json_array_get(S.flags, i);
	if (v && n > 1)
		qsort(v, n, sizeof(*v), cmp_flag);
	for (size_t i = 0; v && i < n; i++) {
		bool keep = !contract;
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(v[i], "contracts"), k, c)
			keep = keep || strcmp(json_string_value(c), contract) == 0;
		if (keep && point)
			keep = at_point(reg, v[i], point_id);
		if (keep)
			json_array_append(sorted, v[i]);
	}
	free(v);
	free(contract);
	json_t *root = json_pack("{s:i, s:o, s:{s:i, s:i, s:i, s:i, s:i}}", "year", year, "flags", sorted, "settings",
				 "risk_window_days", S.set.window, "risk_near_pct", S.set.near, "risk_cluster_min",
				 S.set.cluster_min, "risk_similar_pct", S.set.similar, "risk_cutoff_days", S.set.cutoff);
	json_decref(S.flags);
	if (s != TCREG_OK) {
		json_decref(root);
		return s;
	}
	*out = root;
	return root ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_risks_json(tcreg_registry *reg, int year, int64_t contract_id, const char *point, char **json)
{
	json_t *o;
	tcreg_status s = tcreg_risks_tree(reg, year, contract_id, point, &o);
	return tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
