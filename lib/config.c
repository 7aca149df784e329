/* SPDX-License-Identifier: MIT
 * config.c - the office's settings, kept in the registry (so every clerk and
 * every cron job sees the same) and changed only with an audit record.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

static const struct {
	const char *key, *def;
} keys[] = {
	{ "large_threshold", "5000000" },  /* 元: the expert-review track from here (500万元) */
	{ "review_days", "15" },           /* working days to decide */
	{ "review_days_large", "30" },     /* on the large track */
	{ "allow_single_clerk", "no" },    /* may the clerk who entered a contract certify it */
	{ "reg_no_template", "{year4}{region4}{point2}{seq6}" },
	{ "objection_days", "30" },        /* calendar days after a decision to object to it */
	/* the rules of tcreg audit risks (risks.c) */
	{ "risk_window_days", "90" },      /* contracts of the same parties this close are one deal split */
	{ "risk_near_pct", "10" },         /* "just under" / "just over" a threshold: within this % */
	{ "risk_award_thresholds", "500000,1000000,2000000" }, /* 元: award thresholds to sit just above */
	{ "risk_cap_bases", "3333334" },   /* 元: bases where an award reaches its cap (100万 at 30 %) */
	{ "risk_cluster_min", "5" },       /* contracts just above a threshold before clustering is flagged */
	{ "risk_similar_pct", "20" },      /* circular trades: amounts within this % of each other */
	{ "risk_cutoff_days", "15" },      /* payments this close before a year's end and reversed after */
	/* 元: no single amount is plausibly above this (100亿元); a typo or a
	 * hostile file beyond it is refused where it enters, so sums stay sane */
	{ "amount_ceiling", "10000000000" },
};

const char *const *
tcreg_config_keys(void)
{
	static const char *const names[] = { "large_threshold", "review_days", "review_days_large",
					      "allow_single_clerk", "reg_no_template", "objection_days",
					      "risk_window_days", "risk_near_pct", "risk_award_thresholds",
					      "risk_cap_bases", "risk_cluster_min", "risk_similar_pct",
					      "risk_cutoff_days", "amount_ceiling", NULL };
	return names;
}

static int
find(const char *key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key && strcmp(keys[i].key, key) == 0)
			return (int)i;
	return -1;
}

tcreg_status
tcreg_config_get(tcreg_registry *reg, const char *key, char **value)
{
	*value = NULL;
	int k = find(key);
	if (!reg || k < 0)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "unknown setting '%s'", key ? key : "");
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT value FROM config WHERE key = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : keys[k].def;
	*value = tcreg__strdup(v);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading the configuration");
	return *value ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg__config_raw(tcreg_registry *reg, const char *key, char *value, size_t n)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, "SELECT value FROM main.config WHERE key = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	snprintf(value, n, "%s", v ? v : "");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "reading the configuration");
}

tcreg_status
tcreg__config_put(tcreg_registry *reg, const char *key, const char *value)
{
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"INSERT INTO main.config(key, value) VALUES (?, ?) "
					"ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "saving the configuration");
}

int64_t
tcreg__config_int(tcreg_registry *reg, const char *key)
{
	char *v = NULL;
	if (tcreg_config_get(reg, key, &v) != TCREG_OK)
		return -1;
	int64_t n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

int64_t
tcreg__amount_ceiling(tcreg_registry *reg)
{
	int64_t yuan = tcreg__config_int(reg, "amount_ceiling"), fen;
	if (yuan <= 0)
		yuan = 10000000000; /* unreadable: the default, never no ceiling */
	return __builtin_mul_overflow(yuan, 100, &fen) ? INT64_MAX : fen;
}

/* A value is checked before it is stored: a bad setting would otherwise
 * surface much later, in someone else's deadline or number. */
static tcreg_status
check(tcreg_registry *reg, const char *key, const char *value, char **norm)
{
	*norm = NULL;
	if (strcmp(key, "large_threshold") == 0 || strcmp(key, "amount_ceiling") == 0) {
		int64_t fen;
		if (tcreg_amount_parse(value, 0, &fen, NULL, NULL) != TCREG_OK || fen % 100 != 0 ||
		    fen == 0)
			return tcreg__set_err(reg, TCREG_ERR_USAGE,
					      "%s is a whole number of 元 above 0, not '%s'", key,
					      value);
		char buf[32];
		snprintf(buf, sizeof(buf), "%lld", (long long)(fen / 100));
		*norm = tcreg__strdup(buf);
	} else if (strcmp(key, "review_days") == 0 || strcmp(key, "review_days_large") == 0 ||
		   strcmp(key, "objection_days") == 0) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || n < 1 || n > 365)
			return tcreg__set_err(reg, TCREG_ERR_USAGE, "%s is a number of days from 1 to 365, not '%s'",
					      key, value);
		char buf[16];
		snprintf(buf, sizeof(buf), "%ld", n);
		*norm = tcreg__strdup(buf);
	} else if (strncmp(key, "risk_", 5) == 0 && strstr(key, "thresholds") == NULL &&
		   strstr(key, "bases") == NULL) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || n < 1 || n > 1000)
			return tcreg__set_err(reg, TCREG_ERR_USAGE, "%s is a whole number from 1 to 1000, not '%s'",
					      key, value);
		char buf[16];
		snprintf(buf, sizeof(buf), "%ld", n);
		*norm = tcreg__strdup(buf);
	} else if (strncmp(key, "risk_", 5) == 0) { /* a list of amounts in 元 */
		struct tcreg__buf b;
		tcreg__buf_init(&b);
		char *copy = tcreg__strdup(value), *save = NULL;
		for (char *t = copy ? strtok_r(copy, ", ", &save) : NULL; t; t = strtok_r(NULL, ", ", &save)) {
			int64_t fen;
			if (tcreg_amount_parse(t, 0, &fen, NULL, NULL) != TCREG_OK || fen % 100 != 0 || fen == 0) {
				free(copy);
				tcreg__buf_release(&b);
				return tcreg__set_err(reg, TCREG_ERR_USAGE,
						      "%s is a list of whole amounts in 元 separated by commas, not '%s'",
						      key, value);
			}
			tcreg__buf_printf(&b, "%s%lld", b.len ? "," : "", (long long)(fen / 100));
		}
		free(copy);
		if (b.len == 0) {
			tcreg__buf_release(&b);
			return tcreg__set_err(reg, TCREG_ERR_USAGE, "%s needs at least one amount", key);
		}
		*norm = tcreg__buf_steal(&b);
	} else if (strcmp(key, "allow_single_clerk") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return tcreg__set_err(reg, TCREG_ERR_USAGE, "allow_single_clerk is yes or no, not '%s'",
					      value);
		*norm = tcreg__strdup(value);
	} else { /* reg_no_template */
		if (!strstr(value, "{seq"))
			return tcreg__set_err(reg, TCREG_ERR_USAGE,
					      "reg_no_template needs a sequence: {seq4} to {seq8}");
		for (const char *p = value; *p; p++) {
			if (*p != '{')
				continue;
			const char *e = strchr(p, '}');
			static const char *const ok[] = { "{year4}", "{year2}", "{region4}", "{point2}",
							  "{seq4}", "{seq5}", "{seq6}", "{seq7}", "{seq8}" };
			bool known = false;
			for (size_t i = 0; e && i < sizeof(ok) / sizeof(ok[0]); i++)
				known = known || ((size_t)(e - p + 1) == strlen(ok[i]) &&
						  strncmp(p, ok[i], strlen(ok[i])) == 0);
			if (!known)
				return tcreg__set_err(reg, TCREG_ERR_USAGE,
						      "reg_no_template: unknown field in '%s'", value);
		}
		*norm = tcreg__strdup(value);
	}
	return *norm ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_config_set(tcreg_registry *reg, const char *key, const char *value)
{
	if (!reg || find(key) < 0 || !value)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "unknown setting '%s'", key ? key : "");
	char *norm = NULL, *old = NULL;
	tcreg_status s = check(reg, key, value, &norm);
	if (s == TCREG_OK)
		s = tcreg__begin(reg);
	if (s != TCREG_OK) {
		free(norm);
		return s;
	}
	s = tcreg__require_role(reg, "admin");
	if (s == TCREG_OK)
		s = tcreg_config_get(reg, key, &old);
	if (s == TCREG_OK)
		s = tcreg__config_put(reg, key, norm);
	if (s == TCREG_OK) {
		json_t *o = json_pack("{s:s}", key, old), *n = json_pack("{s:s}", key, norm);
		char *oj = json_dumps(o, JSON_COMPACT), *nj = json_dumps(n, JSON_COMPACT);
		s = oj && nj ? tcreg__audit(reg, "set", "config", 0, 0, oj, nj) : TCREG_ERR_NOMEM;
		free(oj);
		free(nj);
		json_decref(o);
		json_decref(n);
	}
	if (s == TCREG_OK)
		s = tcreg__commit(reg);
	else
		tcreg__rollback(reg);
	free(norm);
	free(old);
	return s;
}
