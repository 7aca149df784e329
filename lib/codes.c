/* SPDX-License-Identifier: MIT
 * codes.c - the code tables (categories, regions, party natures, technical
 * fields, IP types, payment methods).  They are data files under schemas/,
 * embedded at build time and overridable from a data directory, because the
 * official tables are incomplete and offices extend them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

struct entry {
	char *code, *name, *extra;
	char *name_en; /* NULL when the table has none for it */
	char **aliases; /* normalised, NULL-terminated */
	char *norm_name, *norm_en;
};
struct table {
	struct entry *v;
	size_t n;
	/* normalised code, name, alias and English name -> key_val() */
	struct tcreg__hashtab index;
};
struct tcreg_codes {
	struct table t[TCREG_TABLE_LAST];
};

static const char *const files[TCREG_TABLE_LAST] = {
	[TCREG_TABLE_CATEGORY] = "category.csv",   [TCREG_TABLE_REGION] = "region4.csv",
	[TCREG_TABLE_NATURE] = "nature.csv",       [TCREG_TABLE_TECH_FIELD] = "tech-field.csv",
	[TCREG_TABLE_IP_TYPE] = "ip-type.csv",     [TCREG_TABLE_PAY_METHOD] = "pay-method.csv",
	[TCREG_TABLE_REFUSAL] = "refusal-reason.csv", [TCREG_TABLE_REVOCATION] = "revocation-reason.csv",
	[TCREG_TABLE_DEDUCTION] = "deduction-item.csv",
	[TCREG_TABLE_PLAN_SOURCE] = "plan-source.csv", [TCREG_TABLE_OBJECTIVE] = "objective.csv",
	[TCREG_TABLE_FOREIGN] = "foreign-trade.csv", [TCREG_TABLE_LICENCE_MODE] = "licence-mode.csv",
	[TCREG_TABLE_ENTERPRISE_TYPE] = "enterprise-type.csv",
	[TCREG_TABLE_NONACCEPTANCE] = "nonacceptance-reason.csv",
};

char *
tcreg__data_file(const char *dir, const char *name, size_t *len)
{
	if (dir && *dir) {
		struct tcreg__buf path;
		tcreg__buf_init(&path);
		tcreg__buf_printf(&path, "%s/%s", dir, name);
		FILE *f = path.failed ? NULL : fopen(path.data, "rb");
		tcreg__buf_release(&path);
		if (f) {
			struct tcreg__buf b;
			tcreg__buf_init(&b);
			char chunk[4096];
			size_t k;
			while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
				tcreg__buf_append(&b, chunk, k);
			bool bad = ferror(f);
			fclose(f);
			if (bad) {
				tcreg__buf_release(&b);
				return NULL;
			}
			if (len)
				*len = b.len;
			return tcreg__buf_steal(&b);
		}
	}
	size_t n;
	const char *p = tcreg__embedded(name, &n);
	if (!p)
		return NULL;
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	memcpy(copy, p, n);
	copy[n] = '\0';
	if (len)
		*len = n;
	return copy;
}

/* Normalised form used for matching names: width-folded, no spaces, ASCII
 * lower-case, unified parentheses. */
static char *
norm(const char *s)
{
	return tcreg__header_norm(s);
}

/* An index value names an entry and which of its keys (KEY_ALIAS + i:
 * alias i): the keys stay in their entries, never copied. */
enum { KEY_CODE, KEY_NAME, KEY_EN, KEY_ALIAS };

static uintptr_t
key_val(size_t entry, size_t which)
{
	return ((uintptr_t)entry << 16 | which) + 1;
}

static const char *
key_of(const struct table *t, uintptr_t val)
{
	const struct entry *e = &t->v[(val - 1) >> 16];
	size_t which = (val - 1) & 0xffff;
	return which == KEY_CODE ? e->code
	       : which == KEY_NAME ? e->norm_name
	       : which == KEY_EN   ? e->norm_en
				   : e->aliases[which - KEY_ALIAS];
}

static bool
key_is(const void *ctx, uintptr_t val, const void *key)
{
	return strcmp(key_of(ctx, val), key) == 0;
}

static void
index_add(struct table *t, const char *key, size_t entry, size_t which)
{
	struct tcreg__hslot *s = tcreg__ht_slot(&t->index, tcreg__hash(key), key_is, t, key);
	if (s->val)
		return; /* the first entry that claims a key keeps it */
	*s = (struct tcreg__hslot){ tcreg__hash(key), key_val(entry, which) };
	t->index.n++;
}

static bool
build_index(struct table *t)
{
	size_t keys = 0;
	for (size_t i = 0; i < t->n; i++) {
		size_t k = 0;
		while (t->v[i].aliases[k])
			k++;
		if (k > 0xffff - KEY_ALIAS)
			return false; /* more aliases than an index value can name */
		keys += 3 + k;
	}
	/* sized for every key at once: index_add never grows it */
	if (!tcreg__ht_init(&t->index, keys))
		return false;
	/* codes first, then names, then aliases, then English names: an exact
	 * code always wins, and an English name never takes a key from an
	 * alias that was there before it */
	for (size_t i = 0; i < t->n; i++)
		index_add(t, t->v[i].code, i, KEY_CODE);
	for (size_t i = 0; i < t->n; i++)
		index_add(t, t->v[i].norm_name, i, KEY_NAME);
	for (size_t i = 0; i < t->n; i++)
		for (char **a = t->v[i].aliases; *a; a++)
			index_add(t, *a, i, KEY_ALIAS + (size_t)(a - t->v[i].aliases));
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].norm_en && *t->v[i].norm_en)
			index_add(t, t->v[i].norm_en, i, KEY_EN);
	return true;
}

static const struct entry *
index_find(const struct table *t, const char *key)
{
	uintptr_t k = tcreg__ht_find(&t->index, tcreg__hash(key), key_is, t, key);
	return k ? &t->v[(k - 1) >> 16] : NULL;
}

static void
free_table(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct entry *e = &t->v[i];
		free(e->code);
		free(e->name);
		free(e->extra);
		free(e->name_en);
		free(e->norm_name);
		free(e->norm_en);
		if (e->aliases)
			for (char **a = e->aliases; *a; a++)
				free(*a);
		free(e->aliases);
	}
	free(t->v);
	tcreg__ht_free(&t->index);
}

void
tcreg_codes_free(tcreg_codes *c)
{
	if (!c)
		return;
	for (int i = 0; i < TCREG_TABLE_LAST; i++)
		free_table(&c->t[i]);
	free(c);
}

/* Split s at sep into at most max fields (in place). */
static size_t
split(char *s, char sep, char **out, size_t max)
{
	size_t n = 0;
	out[n++] = s;
	for (char *p = s; *p && n < max; p++) {
		if (*p == sep) {
			*p = '\0';
			out[n++] = p + 1;
		}
	}
	return n;
}

static char **
split_aliases(const char *s)
{
	size_t count = 1;
	for (const char *p = s; *p; p++)
		count += *p == '|';
	char **v = calloc(count + 1, sizeof(*v));
	char *copy = tcreg__strdup(s);
	if (!v || !copy) {
		free(v);
		free(copy);
		return NULL;
	}
	size_t k = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		v[k] = norm(tok);
		if (!v[k])
			break;
		k++;
	}
	free(copy);
	return v;
}

/* Where a table's columns are.  Without a header naming name_en the order
 * is fixed: category: code,category,subtype,aliases; nature:
 * code,name,group,aliases; others: code,name,aliases.  A header that names
 * name_en (the English name, optional, added later) is read by its names,
 * so a table an office keeps in its data directory without it still loads. */
#define MAX_COLS 8
struct layout {
	size_t ncols;
	int code, name, extra, en, aliases; /* -1: none */
};

static bool
has_extra(tcreg_table which)
{
	return which == TCREG_TABLE_CATEGORY || which == TCREG_TABLE_NATURE;
}

static void
layout_default(struct layout *l, tcreg_table which)
{
	if (has_extra(which))
		*l = (struct layout){ 4, 0, 1, 2, -1, 3 };
	else
		*l = (struct layout){ 3, 0, 1, -1, -1, 2 };
}

static void
layout_from_header(struct layout *l, tcreg_table which, const char *header)
{
	char copy[256];
	if (strlen(header) >= sizeof(copy))
		return;
	strcpy(copy, header);
	char *f[MAX_COLS] = { 0 };
	size_t n = split(copy, ',', f, MAX_COLS);
	struct layout h = { n, -1, -1, -1, -1, -1 };
	for (size_t i = 0; i < n; i++) {
		int *slot = strcmp(f[i], "code") == 0 ? &h.code
			  : strcmp(f[i], "name") == 0 || strcmp(f[i], "category") == 0 ? &h.name
			  : strcmp(f[i], "subtype") == 0 || strcmp(f[i], "group") == 0 ? &h.extra
			  : strcmp(f[i], "name_en") == 0 ? &h.en
			  : strcmp(f[i], "aliases") == 0 ? &h.aliases : NULL;
		if (slot)
			*slot = (int)i;
	}
	bool complete = h.code >= 0 && h.name >= 0 && h.aliases >= 0 && (h.extra >= 0) == has_extra(which);
	if (h.en >= 0 && complete)
		*l = h;
}

static tcreg_status
entry_add(struct table *t, tcreg_table which, const struct layout *lay, char **f)
{
	struct entry *e = &t->v[t->n];
	const char *extra = lay->extra >= 0 ? f[lay->extra] : "";
	const char *en = lay->en >= 0 ? f[lay->en] : "";
	e->code = tcreg__strdup(f[lay->code]);
	e->name = tcreg__strdup(f[lay->name]);
	e->extra = *extra ? tcreg__strdup(extra) : NULL;
	e->name_en = *en ? tcreg__strdup(en) : NULL;
	e->aliases = split_aliases(f[lay->aliases]);
	t->n++;
	/* a category's own name is its sub-type when it has one */
	const char *match = which == TCREG_TABLE_CATEGORY && e->extra ? e->extra : e->name;
	e->norm_name = norm(match);
	e->norm_en = *en ? norm(en) : NULL;
	if (!e->code || !e->name || !e->aliases || !e->norm_name || (*extra && !e->extra) ||
	    (*en && (!e->name_en || !e->norm_en)))
		return TCREG_ERR_NOMEM;
	return TCREG_OK;
}

static tcreg_status
load_table(struct table *t, tcreg_table which, const char *dir, char **err)
{
	size_t len;
	char *text = tcreg__data_file(dir, files[which], &len);
	if (!text) {
		if (err)
			*err = tcreg__err_text("cannot read code table '%s'", files[which]);
		return TCREG_ERR_CONFIG;
	}
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	t->v = calloc(lines + 1, sizeof(*t->v));
	if (!t->v) {
		free(text);
		return TCREG_ERR_NOMEM;
	}
	struct layout lay;
	layout_default(&lay, which);
	char *save = NULL;
	long lineno = 0;
	bool header = false;
	tcreg_status st = TCREG_OK;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[l - 1] = '\0';
		/* '#' lines say where a table comes from; the first other line is
		 * the header */
		if (*line == '#' || *line == '\0')
			continue;
		if (!header) {
			header = true;
			layout_from_header(&lay, which, line);
			continue;
		}
		char *f[MAX_COLS] = { 0 };
		size_t nf = split(line, ',', f, MAX_COLS);
		if (nf != lay.ncols || !*f[lay.code] || !*f[lay.name]) {
			if (err)
				*err = tcreg__err_text("%s:%ld: expected %zu fields", files[which], lineno, lay.ncols);
			st = TCREG_ERR_CONFIG;
			break;
		}
		st = entry_add(t, which, &lay, f);
		if (st != TCREG_OK)
			break;
	}
	free(text);
	if (st == TCREG_OK && !build_index(t))
		st = TCREG_ERR_NOMEM;
	return st;
}

tcreg_status
tcreg_codes_load(tcreg_codes **out, const char *data_dir, char **err)
{
	*out = NULL;
	if (err)
		*err = NULL;
	tcreg_codes *c = calloc(1, sizeof(*c));
	if (!c)
		return TCREG_ERR_NOMEM;
	for (int i = 0; i < TCREG_TABLE_LAST; i++) {
		tcreg_status st = load_table(&c->t[i], (tcreg_table)i, data_dir, err);
		if (st != TCREG_OK) {
			tcreg_codes_free(c);
			return st;
		}
	}
	*out = c;
	return TCREG_OK;
}

static const struct entry *
by_code(const struct table *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].code, code) == 0)
			return &t->v[i];
	return NULL;
}

/* Regions may also be given as 6-digit administrative codes (GB/T 2260):
 * the city the first four digits name.  Only the codes that belong to no
 * city belong to the province: the districts and counties of the four
 * municipalities (xx01 市辖区, xx02 县) and the county-level divisions
 * governed by a province directly (xx90 省直辖县级行政区划).  Any other
 * unknown code is an error, never a silent province. */
static const struct entry *
region_from_admin6(const struct table *t, const char *s)
{
	/* 8000 其它 is this project's own code, not a GB/T 2260 province: a
	 * typed 800000 is a mistake, not "elsewhere" */
	if (strlen(s) != 6 || strspn(s, "0123456789") != 6 || strncmp(s, "80", 2) == 0)
		return NULL;
	char c4[5];
	memcpy(c4, s, 4);
	c4[4] = '\0';
	const struct entry *e = by_code(t, c4);
	if (e)
		return e;
	/* 台湾 71, 香港 81, 澳门 82: the statistics count them as one, 7100 港澳台 */
	if (strncmp(s, "71", 2) == 0 || strncmp(s, "81", 2) == 0 || strncmp(s, "82", 2) == 0)
		return by_code(t, "7100");
	bool municipality = strncmp(s, "11", 2) == 0 || strncmp(s, "12", 2) == 0 || strncmp(s, "31", 2) == 0 ||
			    strncmp(s, "50", 2) == 0;
	bool province_of_its_own = (municipality && (strncmp(s + 2, "01", 2) == 0 || strncmp(s + 2, "02", 2) == 0)) ||
				   strncmp(s + 2, "90", 2) == 0;
	if (!province_of_its_own)
		return NULL;
	c4[2] = c4[3] = '0';
	return by_code(t, c4);
}

tcreg_status
tcreg_codes_resolve(const tcreg_codes *c, tcreg_table which, const char *text, const char **code)
{
	*code = NULL;
	if (!c || which >= TCREG_TABLE_LAST || !text)
		return TCREG_ERR_USAGE;
	const struct table *t = &c->t[which];
	/* the common case: the text is a code or a name exactly as listed */
	const struct entry *found = index_find(t, text);
	if (found) {
		*code = found->code;
		return TCREG_OK;
	}
	char *n = norm(text);
	if (!n)
		return TCREG_ERR_NOMEM;
	found = index_find(t, n);
	if (!found && which == TCREG_TABLE_CATEGORY) {
		/* "技术开发(委托开发)" or "技术开发-委托开发" */
		for (size_t i = 0; i < t->n && !found; i++) {
			const struct entry *e = &t->v[i];
			if (!e->extra)
				continue;
			char *a = norm(e->name);
			struct tcreg__buf b;
			tcreg__buf_init(&b);
			tcreg__buf_printf(&b, "%s(%s)", a ? a : "", e->norm_name);
			bool hit = !b.failed && strcmp(b.data, n) == 0;
			tcreg__buf_reset(&b);
			tcreg__buf_printf(&b, "%s%s", a ? a : "", e->norm_name);
			hit = hit || (!b.failed && strcmp(b.data, n) == 0);
			tcreg__buf_release(&b);
			free(a);
			if (hit)
				found = e;
		}
	}
	if (!found && which == TCREG_TABLE_REGION)
		found = region_from_admin6(t, n);
	free(n);
	if (!found)
		return TCREG_ERR_NOT_FOUND;
	*code = found->code;
	return TCREG_OK;
}

const char *
tcreg_codes_name(const tcreg_codes *c, tcreg_table which, const char *code)
{
	if (!c || which >= TCREG_TABLE_LAST || !code)
		return NULL;
	const struct entry *e = by_code(&c->t[which], code);
	return e ? e->name : NULL;
}

const char *
tcreg_codes_name_en(const tcreg_codes *c, tcreg_table which, const char *code)
{
	if (!c || which >= TCREG_TABLE_LAST || !code)
		return NULL;
	const struct entry *e = by_code(&c->t[which], code);
	return e ? e->name_en : NULL;
}

/* Characters 3-8 of a 统一社会信用代码 are the code of the registering
 * authority's area (GB 32100), a 6-digit GB/T 2260 code read as a typed one
 * would be.  A national authority's 100000 names no region. */
tcreg_status
tcreg_codes_region_of_uscc(const tcreg_codes *c, const char *uscc, const char **code)
{
	*code = NULL;
	if (!c || !uscc || strlen(uscc) != 18)
		return TCREG_ERR_USAGE;
	char area[7];
	memcpy(area, uscc + 2, 6);
	area[6] = '\0';
	if (strspn(area, "0123456789") != 6)
		return TCREG_ERR_NOT_FOUND;
	const struct entry *e = region_from_admin6(&c->t[TCREG_TABLE_REGION], area);
	if (!e)
		return TCREG_ERR_NOT_FOUND;
	*code = e->code;
	return TCREG_OK;
}

const char *
tcreg_codes_extra(const tcreg_codes *c, tcreg_table which, const char *code)
{
	if (!c || which >= TCREG_TABLE_LAST || !code)
		return NULL;
	const struct entry *e = by_code(&c->t[which], code);
	return e ? e->extra : NULL;
}

size_t
tcreg_codes_count(const tcreg_codes *c, tcreg_table which)
{
	return c && which < TCREG_TABLE_LAST ? c->t[which].n : 0;
}

const char *
tcreg_codes_code_at(const tcreg_codes *c, tcreg_table which, size_t i)
{
	if (!c || which >= TCREG_TABLE_LAST || i >= c->t[which].n)
		return NULL;
	return c->t[which].v[i].code;
}

size_t
tcreg_codes_search(const tcreg_codes *c, tcreg_table which, const char *text, const char **out,
		   size_t max)
{
	if (!c || which >= TCREG_TABLE_LAST || !text)
		return 0;
	char *n = norm(text);
	if (!n)
		return 0;
	const struct table *t = &c->t[which];
	size_t k = 0;
	for (size_t i = 0; i < t->n && k < max; i++) {
		const struct entry *e = &t->v[i];
		bool hit = strcmp(e->code, n) == 0 || strstr(e->norm_name, n) != NULL;
		char *nn = norm(e->name);
		hit = hit || (nn && strstr(nn, n));
		free(nn);
		for (char **a = e->aliases; !hit && *a; a++)
			hit = strstr(*a, n) != NULL;
		hit = hit || (e->norm_en && strstr(e->norm_en, n));
		if (hit)
			out[k++] = e->code;
	}
	free(n);
	return k;
}

/* A table's codes with their names, "R01 非技术合同, R02 ...", whole entries
 * only: for the errors that list the choices. */
const char *
tcreg__codes_list(const tcreg_codes *codes, tcreg_table t, char *list, size_t n)
{
	size_t k = 0;
	list[0] = '\0';
	for (size_t i = 0; i < tcreg_codes_count(codes, t); i++) {
		const char *code = tcreg_codes_code_at(codes, t, i), *name = tcreg_codes_name(codes, t, code);
		int m = snprintf(list + k, n - k, "%s%s %s", k ? ", " : "", code, name ? name : "");
		if (m < 0 || (size_t)m >= n - k) {
			list[k] = '\0'; /* whole entries only, never a cut character */
			break;
		}
		k += (size_t)m;
	}
	return list;
}
