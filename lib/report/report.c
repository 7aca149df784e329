/* SPDX-License-Identifier: MIT
 * report.c - the technology-market statistics of a period: one pass over the
 * contracts registered from a year before the period to its end, adding each
 * into the period, the same period a year earlier and the year to date, for
 * every table at once, and into a 13-month trend.  The result is the stable
 * JSON that every output format is drawn from.
 *
 * Contracts count in the period they were registered in; cancelled and
 * revoked ones are left out of the totals and counted on their own line.
 * Percentages are integer basis points (1234 = 12.34 %).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

enum { CUR, PREV, YTD, NB };

struct acc {
	char key[96];
	char sort[24];
	int level;
	int64_t count[NB], total[NB], tech[NB];
};

struct table {
	struct acc *v;
	size_t n, cap;
	bool overflow; /* a sum went past int64: said, never wrapped */
};

struct window {
	char from[11], to[11];
};

struct period {
	char label[16];
	struct window w[NB];
	char trend_from[11];
	int trend_months;
	char months[13][8];
};

static bool
valid_date(const char *s)
{
	char iso[11];
	return tcreg_date_parse(s, iso, NULL, NULL) == TCREG_OK && strcmp(iso, s) == 0;
}

/* "YYYY-MM-DD" of a day in a month (years are checked to be 1950..2199) */
static void
ymd(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

static void
month_end(int y, int m, char out[11])
{
	char first[11];
	ymd(first, m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
	tcreg__date_of(tcreg__days(first) - 1, out);
}

/* "2025-10", "2025-Q3", "2025", or "last" (the month before today). */
static tcreg_status
parse_period(tcreg_registry *reg, const char *spec, struct period *p)
{
	memset(p, 0, sizeof(*p));
	int y = 0, m1 = 0, m2 = 0;
	char today[11];
	tcreg__now(reg, (char[20]){ 0 }, today);
	if (strcmp(spec, "last") == 0) {
		y = atoi(today);
		m1 = atoi(today + 5) - 1;
		if (m1 == 0) {
			m1 = 12;
			y--;
		}
		m2 = m1;
		char d[11];
		ymd(d, y, m1, 1);
		snprintf(p->label, sizeof(p->label), "%.7s", d);
	} else if (strlen(spec) == 7 && spec[4] == '-' && spec[5] != 'Q') {
		char probe[16];
		snprintf(probe, sizeof(probe), "%.7s-01", spec);
		if (!valid_date(probe))
			return tcreg__set_err(reg, TCREG_ERR_USAGE, "'%s' is not a month (YYYY-MM)", spec);
		y = atoi(spec);
		m1 = m2 = atoi(spec + 5);
		snprintf(p->label, sizeof(p->label), "%s", spec);
	} else if (strlen(spec) == 7 && spec[4] == '-' && spec[5] == 'Q' && spec[6] >= '1' &&
		   spec[6] <= '4' && strspn(spec, "0123456789") == 4) {
		y = atoi(spec);
		m1 = (spec[6] - '1') * 3 + 1;
		m2 = m1 + 2;
		snprintf(p->label, sizeof(p->label), "%s", spec);
	} else if (strlen(spec) == 4 && strspn(spec, "0123456789") == 4) {
		y = atoi(spec);
		m1 = 1;
		m2 = 12;
		snprintf(p->label, sizeof(p->label), "%s", spec);
	} else {
		return tcreg__set_err(reg, TCREG_ERR_USAGE,
				      "'%s' is not a period: YYYY-MM, YYYY-Qn, YYYY or last", spec);
	}
	if (y < 1950 || y > 2199)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "year out of range in '%s'", spec);
	ymd(p->w[CUR].from, y, m1, 1);
	month_end(y, m2, p->w[CUR].to);
	ymd(p->w[PREV].from, y - 1, m1, 1);
	month_end(y - 1, m2, p->w[PREV].to);
	ymd(p->w[YTD].from, y, 1, 1);
	snprintf(p->w[YTD].to, 11, "%s", p->w[CUR].to);
	/* the trend: the 13 months ending with the period's last month */
	int ty = y, tm = m2;
	for (int i = 12; i >= 0; i--) {
		char d[11];
		ymd(d, ty, tm, 1);
		snprintf(p->months[i], sizeof(p->months[i]), "%.7s", d);
		if (--tm == 0) {
			tm = 12;
			ty--;
		}
	}
	p->trend_months = 13;
	snprintf(p->trend_from, 11, "%.7s-01", p->months[0]);
	return TCREG_OK;
}

static struct acc *
get(struct table *t, const char *key, const char *sort, int level)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0) {
			/* a name two codes share sorts by the first code, whatever
			 * order the rows came in */
			if (strcmp(sort, t->v[i].sort) < 0)
				snprintf(t->v[i].sort, sizeof(t->v[i].sort), "%s", sort);
			return &t->v[i];
		}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct acc *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	struct acc *a = &t->v[t->n++];
	memset(a, 0, sizeof(*a));
	snprintf(a->key, sizeof(a->key), "%s", key);
	snprintf(a->sort, sizeof(a->sort), "%s", sort);
	a->level = level;
	return a;
}

/* What some contracts add to a table: the windows they fall in, how many
 * they are, their amounts. */
struct fact {
	bool in[NB];
	int64_t n, total, tech;
};

static bool
add(struct table *t, const char *key, const char *sort, int level, const struct fact *f)
{
	struct acc *a = get(t, key, sort, level);
	if (!a)
		return false;
	for (int b = 0; b < NB; b++) {
		if (!f->in[b])
			continue;
		if (__builtin_add_overflow(a->count[b], f->n, &a->count[b]) ||
		    __builtin_add_overflow(a->total[b], f->total, &a->total[b]) ||
		    __builtin_add_overflow(a->tech[b], f->tech, &a->tech[b]))
			t->overflow = true;
	}
	return true;
}

static int
cmp_acc(const void *x, const void *y)
{
	const struct acc *a = x, *b = y;
	int c = strcmp(a->sort, b->sort);
	return c ? c : strcmp(a->key, b->key);
}

/* a * 10000 / b rounded half away from zero, without overflow */
static json_t *
ratio_bp(int64_t a, int64_t b)
{
	if (b == 0)
		return json_null();
	__int128 n = (__int128)a * 10000;
	__int128 q = n / b, r = n % b;
	if (r < 0)
		r = -r;
	__int128 bb = b < 0 ? -(__int128)b : b;
	if (2 * r >= bb)
		q += ((n < 0) != (b < 0)) ? -1 : 1;
	return json_integer((json_int_t)q);
}

static json_t *
growth_bp(int64_t cur, int64_t prev)
{
	if (prev == 0)
		return json_null();
	return ratio_bp(cur - prev, prev);
}

static json_t *
row_json(const struct acc *a, int64_t share_base)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(a->key));
	json_object_set_new(o, "level", json_integer(a->level));
	json_object_set_new(o, "count", json_integer(a->count[CUR]));
	json_object_set_new(o, "total_amount_fen", json_integer(a->total[CUR]));
	json_object_set_new(o, "tech_amount_fen", json_integer(a->tech[CUR]));
	json_object_set_new(o, "share_bp", ratio_bp(a->total[CUR], share_base));
	json_object_set_new(o, "prev_count", json_integer(a->count[PREV]));
	json_object_set_new(o, "prev_total_amount_fen", json_integer(a->total[PREV]));
	json_object_set_new(o, "prev_tech_amount_fen", json_integer(a->tech[PREV]));
	json_object_set_new(o, "growth_count_bp", growth_bp(a->count[CUR], a->count[PREV]));
	json_object_set_new(o, "growth_total_bp", growth_bp(a->total[CUR], a->total[PREV]));
	json_object_set_new(o, "growth_tech_bp", growth_bp(a->tech[CUR], a->tech[PREV]));
	json_object_set_new(o, "ytd_count", json_integer(a->count[YTD]));
	json_object_set_new(o, "ytd_total_amount_fen", json_integer(a->total[YTD]));
	json_object_set_new(o, "ytd_tech_amount_fen", json_integer(a->tech[YTD]));
	return o;
}

static json_t *
table_json(struct table *t, int64_t share_base)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_acc);
	json_t *a = json_array();
	for (size_t i = 0; i < t->n; i++)
		json_array_append_new(a, row_json(&t->v[i], share_base));
	return a;
}

/* Statistics groups of party natures, in the order national tables use. */
static const char *const nature_groups[] = { "企业法人", "科研机构", "高等院校", "医疗卫生",
					     "其他事业法人", "机关法人", "社团法人", "自然人",
					     "其他组织", NULL };

static void
group_sort(const char *group, char sort[8])
{
	int i = 0;
	while (nature_groups[i] && strcmp(nature_groups[i], group) != 0)
		i++;
	snprintf(sort, 8, "%02u", (unsigned)i % 100u);
}

/* Where the technology went, relative to the agency's own area. */
static const char *
flow(const char *agency, const char *seller, const char *buyer, const char **sort)
{
	bool city_level = strcmp(agency + 2, "00") != 0;
	bool s_local = strncmp(seller, agency, 2) == 0, b_local = strncmp(buyer, agency, 2) == 0;
	if (s_local) {
		if (city_level && strcmp(buyer, agency) == 0)
			return *sort = "1", "输出/本市";
		if (b_local)
			return *sort = "2", city_level ? "输出/本省其他地区" : "输出/本省";
		if (strcmp(buyer, "7100") == 0)
			return *sort = "4", "输出/港澳台";
		if (strcmp(buyer, "8000") == 0)
			return *sort = "5", "输出/国外";
		return *sort = "3", "输出/外省";
	}
	if (b_local) {
		if (strcmp(seller, "7100") == 0)
			return *sort = "7", "吸纳/港澳台";
		if (strcmp(seller, "8000") == 0)
			return *sort = "8", "吸纳/国外";
		return *sort = "6", "吸纳/外省";
	}
	return *sort = "9", "双方均在外地";
}

/* The name of a region's province ("2306" -> 黑龙江省). */
static const char *
province_of(const tcreg_codes *codes, const char *region, char code[5])
{
	snprintf(code, 5, "%.2s00", region ? region : "");
	const char *n = tcreg_codes_name(codes, TCREG_TABLE_REGION, code);
	return n ? n : code;
}

static bool
add_province(const tcreg_codes *codes, struct table *t, const char *prefix, const char *region,
	     const struct fact *f)
{
	char code[5], key[96];
	const char *name = province_of(codes, region, code);
	snprintf(key, sizeof(key), "%s%s", prefix, name);
	return add(t, key, code, 1, f);
}

struct tables {
	struct table overview, category, field, seller, buyer, flows, ip, inactive, related;
	struct table plan, objective, city, point, tax, provinces, elsewhere;
};

#define ALL_TABLES(t)                                                                            \
	{ &(t)->overview, &(t)->category, &(t)->field, &(t)->seller, &(t)->buyer, &(t)->flows,   \
	  &(t)->ip, &(t)->inactive, &(t)->related, &(t)->plan, &(t)->objective, &(t)->city,      \
	  &(t)->point, &(t)->tax, &(t)->provinces, &(t)->elsewhere }

static void
tables_free(struct tables *t)
{
	struct table *all[] = ALL_TABLES(t);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		free(all[i]->v);
}

static bool
tables_overflow(struct tables *t)
{
	struct table *all[] = ALL_TABLES(t);
	bool over = false;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		over = over || all[i]->overflow;
	return over;
}

/* Sums past int64 fen (92,233,720,368,547,758.07 元) come only from amounts
 * that no contract has: entered before tcreg had an amount ceiling, or
 * written into the registry by other means.  Said as such, never wrapped
 * and never taken for an internal error. */
static tcreg_status
overflow_err(tcreg_registry *reg)
{
	return tcreg__set_err(reg, TCREG_ERR_INVALID,
			      "the amounts of the period add up to more than tcreg can count "
			      "(92,233,720,368,547,758.07 元): some contract holds an implausible amount; "
			      "find it with 'tcreg list' and correct it with 'tcreg certify ID --change'");
}

/* A group of 项目计划来源 codes: the first digit (10..19 national, 20
 * departmental, 30 provincial, 40 local, 90 outside any plan). */
static const char *
plan_group(const char *code, char sort[4])
{
	static const char *const names[] = { "未填写", "国家科技计划", "部门计划",
					     "省、自治区、直辖市及计划单列市计划", "地市县计划" };
	if (!code || !*code)
		return snprintf(sort, 4, "99"), names[0];
	if (code[0] == '9')
		return snprintf(sort, 4, "90"), "计划外";
	int g = code[0] - '0';
	snprintf(sort, 4, "%c0", code[0]);
	return g >= 1 && g <= 4 ? names[g] : names[0];
}

/* The rows of the rollups (rollup.c) are codes; the report names them.
 * Each handler adds one rollup row to the tables of its dimension. */
struct ctx {
	const tcreg_codes *codes;
	struct tables *t;
	const char *agency;
};

/* "=" and a code, or "" for none (rollup.c's CODE) */
static const char *
code_of(const char *key)
{
	return key[0] == '=' ? key + 1 : NULL;
}

/* overview, categories and the tax-linked table (T11): key "CC:Y", the
 * category and whether a licence runs five years or more.  VAT exemption
 * covers 技术开发 and 技术转让 of ownership or use (许可), 36号文;
 * income-tax relief covers transfers of ownership and licences of five
 * years or more (domain.md §g). */
static bool
add_category(const struct ctx *c, const char *key, const struct fact *f)
{
	char cat[16], k[96], sort[16];
	snprintf(cat, sizeof(cat), "%.*s", (int)strcspn(key, ":"), key);
	bool five = strchr(key, ':') && strcmp(strchr(key, ':'), ":1") == 0;
	const char *cname = tcreg_codes_name(c->codes, TCREG_TABLE_CATEGORY, cat);
	const char *sub = tcreg_codes_extra(c->codes, TCREG_TABLE_CATEGORY, cat);
	bool ok = add(&c->t->overview, "total", "0", 1, f);
	snprintf(sort, sizeof(sort), "%c", cat[0]);
	ok = ok && add(&c->t->category, cname ? cname : cat, sort, 1, f);
	if (sub) {
		snprintf(k, sizeof(k), "%s/%s", cname ? cname : cat, sub);
		snprintf(sort, sizeof(sort), "%s", cat);
		ok = ok && add(&c->t->category, k, sort, 2, f);
	}
	if (cat[0] == '1' || cat[0] == '2' || cat[0] == '3')
		ok = ok && add(&c->t->tax, "vat_exemption_eligible", "1", 1, f);
	if (cat[0] == '2' || (cat[0] == '3' && five))
		ok = ok && add(&c->t->tax, "income_tax_relief_eligible", "2", 1, f);
	return ok;
}

/* the flows relative to the agency's area, by province, and T10 by the
 * seller's city: key "SSSS>BBBB", the seller's and the buyer's regions */
static bool
add_regions(const struct ctx *c, const char *key, const struct fact *f)
{
	char sr[16], br[16];
	snprintf(sr, sizeof(sr), "%.*s", (int)strcspn(key, ">"), key);
	snprintf(br, sizeof(br), "%s", strchr(key, '>') ? strchr(key, '>') + 1 : "");
	bool ok = true;
	if (c->agency) {
		const char *fsort, *fl = flow(c->agency, sr, br, &fsort);
		ok = add(&c->t->flows, fl, fsort, 1, f);
		bool s_local = strncmp(sr, c->agency, 2) == 0;
		ok = ok && add_province(c->codes, &c->t->provinces, s_local ? "输出/" : "吸纳/",
					s_local ? br : sr, f);
	}
	const char *cname = tcreg_codes_name(c->codes, TCREG_TABLE_REGION, sr);
	return ok && add(&c->t->city, cname ? cname : sr, sr, 1, f);
}

static bool
add_nature(const struct ctx *c, struct table *t, const char *nature, const struct fact *f)
{
	char sort[8];
	const char *g = tcreg_codes_extra(c->codes, TCREG_TABLE_NATURE, nature);
	if (!g)
		g = "其他组织";
	group_sort(g, sort);
	return add(t, g, sort, 1, f);
}

/* a table of codes named from a code table, "未填写" for none */
static bool
add_coded(const struct ctx *c, struct table *t, int table, const char *key, const struct fact *f)
{
	const char *code = code_of(key);
	const char *name = code ? tcreg_codes_name(c->codes, table, code) : NULL;
	return add(t, name ? name : "未填写", code ? code : "zz", 1, f);
}

/* T10 by registration point: key "PP" U+001F "the agency's name" */
static bool
add_point(const struct ctx *c, const char *key, const struct fact *f)
{
	char point[16], pkey[96];
	snprintf(point, sizeof(point), "%.*s", (int)strcspn(key, "\x1f"), key);
	const char *name = strchr(key, '\x1f') ? strchr(key, '\x1f') + 1 : "";
	snprintf(pkey, sizeof(pkey), "%s %s", point, name);
	return add(&c->t->point, *point ? pkey : "未记录", point, 1, f);
}

static bool
add_row(const struct ctx *c, const char *dim, const char *key, const struct fact *f)
{
	char sort[4];
	struct tables *t = c->t;
	if (strcmp(dim, "cat") == 0)
		return add_category(c, key, f);
	if (strcmp(dim, "field") == 0) {
		const char *fname = tcreg_codes_name(c->codes, TCREG_TABLE_TECH_FIELD, key);
		return add(&t->field, fname ? fname : key, key, 1, f);
	}
	if (strcmp(dim, "snat") == 0 || strcmp(dim, "bnat") == 0)
		return add_nature(c, dim[0] == 's' ? &t->seller : &t->buyer, key, f);
	if (strcmp(dim, "region") == 0)
		return add_regions(c, key, f);
	if (strcmp(dim, "ip") == 0)
		return add_coded(c, &t->ip, TCREG_TABLE_IP_TYPE, key, f);
	if (strcmp(dim, "obj") == 0)
		return add_coded(c, &t->objective, TCREG_TABLE_OBJECTIVE, key, f);
	if (strcmp(dim, "plan") == 0) {
		const char *g = plan_group(code_of(key), sort);
		return add(&t->plan, g, sort, 1, f);
	}
	if (strcmp(dim, "point") == 0)
		return add_point(c, key, f);
	if (strcmp(dim, "related") == 0)
		return add(&t->related, "related_party", "0", 1, f);
	if (strcmp(dim, "inactive") == 0) /* cancelled or revoked: out of the totals */
		return add(&t->inactive, "cancelled_or_revoked", "1", 1, f);
	if (strcmp(dim, "external") == 0) /* registered by another office: kept apart */
		return add_province(c->codes, &t->elsewhere, "吸纳/", key, f);
	return true; /* a dimension of a later tcreg */
}

/* the month of a rollup row against a window of whole months */
static bool
in_window(const char *month, const struct window *w)
{
	return strncmp(month, w->from, 7) >= 0 && strncmp(month, w->to, 7) <= 0;
}

/* The trend: the registered contracts of each of the 13 months. */
static bool
add_trend(const struct period *p, const char *month, const struct fact *f, int64_t trend[13][3])
{
	bool over = false;
	for (int i = 0; i < 13; i++)
		if (strcmp(month, p->months[i]) == 0)
			over = __builtin_add_overflow(trend[i][0], f->n, &trend[i][0]) ||
			       __builtin_add_overflow(trend[i][1], f->total, &trend[i][1]) ||
			       __builtin_add_overflow(trend[i][2], f->tech, &trend[i][2]);
	return !over;
}

/* Every table but large contracts and decisions, from the rollups of the
 * months from the period a year earlier to the period's end: a few rows a
 * month and dimension, whatever the number of contracts.  Registration
 * points add up (no point chosen). */
static tcreg_status
scan(tcreg_registry *reg, const struct period *p, const char *agency, struct tables *t,
     int64_t trend[13][3])
{
	struct ctx c = { .t = t, .agency = agency };
	tcreg_status s = tcreg_registry_codes(reg, &c.codes);
	sqlite3_stmt *st;
	if (s != TCREG_OK ||
	    (s = tcreg__prepare(reg, &st,
				"SELECT month, dim, key, n, total_fen, tech_fen, "
				"typeof(n) || typeof(total_fen) || typeof(tech_fen) = 'integerintegerinteger' "
				"FROM report_rollup WHERE month BETWEEN substr(?1, 1, 7) AND substr(?2, 1, 7)")) != TCREG_OK)
		return s;
	sqlite3_bind_text(st, 1, p->w[PREV].from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->w[CUR].to, -1, SQLITE_STATIC);
	int rc;
	bool ok = true, sums = true;
	while (ok && sums && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *month = (const char *)sqlite3_column_text(st, 0);
		const char *dim = (const char *)sqlite3_column_text(st, 1);
		struct fact f = { .n = sqlite3_column_int64(st, 3), .total = sqlite3_column_int64(st, 4),
				  .tech = sqlite3_column_int64(st, 5) };
		/* a sum past int64 became a REAL in SQLite: said, never used */
		sums = sqlite3_column_int(st, 6);
		bool any = false;
		for (int b = 0; b < NB; b++)
			any = (f.in[b] = in_window(month, &p->w[b])) || any;
		if (sums && strcmp(dim, "cat") == 0)
			sums = add_trend(p, month, &f, trend);
		if (sums && any)
			ok = add_row(&c, dim, (const char *)sqlite3_column_text(st, 2), &f);
	}
	sqlite3_finalize(st);
	if (!ok)
		return tcreg__set_err(reg, TCREG_ERR_NOMEM, "out of memory while making the report");
	if (!sums || tables_overflow(t))
		return overflow_err(reg);
	if (rc != SQLITE_DONE)
		return tcreg__db_err(reg, rc, "reading the report rollups");
	return TCREG_OK;
}

/* One large contract, its keys in the order of the report's JSON.  NULL
 * with the registry's error when a value is not valid UTF-8 (a damaged
 * registry): the row is never left out unsaid. */
static json_t *
large_row(tcreg_registry *reg, const tcreg_codes *codes, sqlite3_stmt *st)
{
	static const char *const keys[] = { "reg_no", "project_name", "seller", "buyer", "category",
					    "total_amount_fen", "tech_amount_fen", "reg_date" };
	const char *cat = (const char *)sqlite3_column_text(st, 4);
	const char *sub = tcreg_codes_extra(codes, TCREG_TABLE_CATEGORY, cat);
	const char *name = tcreg_codes_name(codes, TCREG_TABLE_CATEGORY, cat);
	json_t *o = json_object();
	for (int i = 0; o && i < 8; i++) {
		json_t *v;
		if (i == 4)
			v = json_string(sub ? sub : name ? name : cat);
		else if (i == 5 || i == 6)
			v = json_integer(sqlite3_column_int64(st, i));
		else
			v = json_string((const char *)sqlite3_column_text(st, i));
		if (!v) {
			json_decref(o);
			tcreg__set_err(reg, TCREG_ERR_IO,
				       "contract %lld: %s is not valid UTF-8: the registry is damaged; "
				       "'tcreg audit verify' tells what else, a backup puts it right",
				       (long long)sqlite3_column_int64(st, 8), keys[i]);
			return NULL;
		}
		json_object_set_new_nocheck(o, keys[i], v);
	}
	return o;
}

static json_t *
large_contracts(tcreg_registry *reg, const struct period *p, tcreg_status *s)
{
	json_t *a = json_array();
	int64_t threshold = tcreg__config_int(reg, "large_threshold") * 100;
	sqlite3_stmt *st;
	*s = tcreg__prepare(reg, &st,
			    "SELECT c.reg_no, c.project_name, s.name, b.name, c.category, "
			    "c.total_amount_fen, coalesce(c.verified_tech_amount_fen, c.tech_amount_fen) AS t, "
			    "c.reg_date, c.id FROM contract c JOIN party s ON s.id = c.seller_id "
			    "JOIN party b ON b.id = c.buyer_id "
			    "WHERE c.reg_date BETWEEN ?1 AND ?2 AND +c.status IN ('registered', 'changed') "
			    "AND coalesce(c.verified_tech_amount_fen, c.tech_amount_fen) >= ?3 "
			    "ORDER BY t DESC, c.reg_no");
	if (*s != TCREG_OK)
		return a;
	const tcreg_codes *codes = NULL;
	tcreg_registry_codes(reg, &codes);
	sqlite3_bind_text(st, 1, p->w[CUR].from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->w[CUR].to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, threshold > 0 ? threshold : INT64_MAX);
	int rc;
	json_t *row = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && (row = large_row(reg, codes, st)))
		json_array_append_new(a, row);
	if (rc == SQLITE_ROW)
		*s = TCREG_ERR_IO; /* large_row said which */
	else if (rc != SQLITE_DONE)
		*s = tcreg__db_err(reg, rc, "reading large contracts");
	sqlite3_finalize(st);
	return a;
}

/* decisions taken in each window (from the audit trail) */
static tcreg_status
decisions(tcreg_registry *reg, const struct period *p, struct table *t)
{
	static const char *const acts[] = { "change", "cancel", "revoke" };
	static const char *const keys[] = { "changes_in_period", "cancellations_in_period",
					    "revocations_in_period" };
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT count(*) FROM audit WHERE entity = 'contract' AND action = ?1 "
					"AND at >= ?2 AND at < ?3");
	if (s != TCREG_OK)
		return s;
	for (int k = 0; k < 3; k++) {
		char sort[4];
		snprintf(sort, sizeof(sort), "%d", k + 2);
		struct acc *a = get(t, keys[k], sort, 1);
		if (!a)
			break;
		for (int b = 0; b < NB; b++) {
			char next[11];
			tcreg__date_of(tcreg__days(p->w[b].to) + 1, next);
			sqlite3_bind_text(st, 1, acts[k], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, p->w[b].from, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, next, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW)
				a->count[b] = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	return TCREG_OK;
}

tcreg_status
tcreg_report_tree(tcreg_registry *reg, const char *spec, json_t **out)
{
	*out = NULL;
	if (!reg || !spec)
		return TCREG_ERR_USAGE;
	struct period p;
	tcreg_status s = parse_period(reg, spec, &p);
	if (s != TCREG_OK)
		return s;
	char *aname = NULL, *aregion = NULL, *apoint = NULL;
	/* report --point: that point's own office (report-points.c) */
	s = tcreg__point_get(reg, reg->view_point ? reg->view_point : 1, &aname, &aregion, &apoint);
	if (s != TCREG_OK && s != TCREG_ERR_NOT_FOUND)
		return s;
	/* One read transaction: every table sees the same registry.  The
	 * tables come from the rollups; what is read row by row (the large
	 * contracts, the quality flags) goes through sqlite's own cache, not a
	 * memory map whose every page touched would count as the process's. */
	sqlite3_exec(reg->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
	sqlite3_exec(reg->db, "BEGIN", NULL, NULL, NULL);
	struct tables t = { 0 };
	int64_t trend[13][3] = { { 0 } };
	bool view = false;
	s = tcreg__point_view_begin(reg, &view);
	if (s == TCREG_OK)
		s = scan(reg, &p, aregion, &t, trend);
	json_t *o = json_object();
	json_object_set_new(o, "period", json_string(p.label));
	json_object_set_new(o, "from", json_string(p.w[CUR].from));
	json_object_set_new(o, "to", json_string(p.w[CUR].to));
	json_object_set_new(o, "previous", json_pack("{s:s, s:s}", "from", p.w[PREV].from, "to", p.w[PREV].to));
	json_object_set_new(o, "ytd", json_pack("{s:s, s:s}", "from", p.w[YTD].from, "to", p.w[YTD].to));
	json_object_set_new(o, "agency", aname ? json_pack("{s:s, s:s, s:s}", "name", aname, "region",
							   aregion, "point", apoint)
					       : json_null());
	json_t *tables = json_object();
	if (s == TCREG_OK) {
		int64_t base = t.overview.n ? t.overview.v[0].total[CUR] : 0;
		if (t.overview.n == 0)
			get(&t.overview, "total", "0", 1);
		json_t *ov = table_json(&t.overview, base);
		json_t *row = json_array_get(ov, 0);
		int64_t count = t.overview.v[0].count[CUR];
		json_object_set_new(row, "average_fen", count ? json_integer(t.overview.v[0].total[CUR] / count)
							      : json_null());
		json_object_set_new(tables, "overview", ov);
		json_object_set_new(tables, "by_category", table_json(&t.category, base));
		json_object_set_new(tables, "by_tech_field", table_json(&t.field, base));
		json_object_set_new(tables, "by_seller_nature", table_json(&t.seller, base));
		json_object_set_new(tables, "by_buyer_nature", table_json(&t.buyer, base));
		json_object_set_new(tables, "by_region_flow", table_json(&t.flows, base));
		json_object_set_new(tables, "by_ip_type", table_json(&t.ip, base));
		json_object_set_new(tables, "by_plan_source", table_json(&t.plan, base));
		json_object_set_new(tables, "by_objective", table_json(&t.objective, base));
		json_object_set_new(tables, "by_point", table_json(&t.point, base));
		json_object_set_new(tables, "by_seller_city", table_json(&t.city, base));
		if (s == TCREG_OK && !view)
			s = tcreg__report_points(reg, (const char *const[3][2]){ { p.w[CUR].from, p.w[CUR].to },
					{ p.w[PREV].from, p.w[PREV].to }, { p.w[YTD].from, p.w[YTD].to } }, base, tables);
		json_object_set_new(tables, "tax_linked", table_json(&t.tax, base));
		json_object_set_new(tables, "by_province_flow", table_json(&t.provinces, base));
		json_object_set_new(tables, "inflow_registered_elsewhere", table_json(&t.elsewhere, base));
		if (s == TCREG_OK) /* an error before it stays the one said */
			json_object_set_new(tables, "large_contracts", large_contracts(reg, &p, &s));
		struct table quality = { 0 };
		struct acc *a = get(&quality, "related_party", "0", 1);
		if (a && t.related.n)
			*a = t.related.v[0];
		a = get(&quality, "cancelled_or_revoked", "1", 1);
		if (a && t.inactive.n)
			*a = t.inactive.v[0];
		if (s == TCREG_OK)
			s = decisions(reg, &p, &quality);
		json_object_set_new(tables, "quality", table_json(&quality, base));
		free(quality.v);
		json_t *tr = json_array();
		for (int i = 0; i < 13; i++)
			json_array_append_new(tr, json_pack("{s:s, s:I, s:I, s:I}", "month", p.months[i],
							    "count", (json_int_t)trend[i][0],
							    "total_amount_fen", (json_int_t)trend[i][1],
							    "tech_amount_fen", (json_int_t)trend[i][2]));
		json_object_set_new(tables, "trend", tr);
	}
	/* the chain head of this moment: printed, it anchors the trail
	 * (audit verify --anchor) */
	char head[88];
	if (s == TCREG_OK && (s = tcreg_audit_head(reg, head)) == TCREG_OK)
		json_object_set_new(o, "audit_head", json_string(head));
	tcreg__point_view_end(reg, view);
	sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
	if (view)
		json_object_set_new(o, "point", json_pack("{s:s, s:s}", "region", aregion, "code", apoint));
	json_object_set_new(o, "tables", tables);
	tables_free(&t);
	free(aname);
	free(aregion);
	free(apoint);
	if (s != TCREG_OK) {
		json_decref(o);
		return s;
	}
	*out = o;
	return o ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_report_json(tcreg_registry *reg, const char *spec, char **json)
{
	json_t *o;
	tcreg_status s = tcreg_report_tree(reg, spec, &o);
	return tcreg__tree_text(s, o, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
