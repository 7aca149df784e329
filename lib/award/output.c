/* SPDX-License-Identifier: MIT
 * output.c - the result of a run as JSON: its head (the policy, the year,
 * the rules, the explanation), each award with its reason and basis, each
 * listed exclusion; written in place, in pieces, since a year can list a
 * million exclusions.
 */
#include "award-run.h"

/* Why a row's award is what it is, in English (stable). */
void
tcreg__aw_row_reason(const struct run *R, const struct row *w, char *out, size_t n)
{
	const struct pol_rule *r = &R->p->rules[w->rule];
	char bd[64], rd[64], cb[32];
	tcreg__aw_base_desc(r, bd, sizeof(bd));
	tcreg__aw_rate_desc(r, w->band, rd, sizeof(rd));
	size_t k = (size_t)snprintf(out, n, "%s of %s%s", rd, r->growth ? "growth of " : "", bd);
	if (k < n && w->contrib_n > 1 && r->per == UNIT_CONTRACT)
		k += (size_t)snprintf(out + k, n - k, ", %u contracts summed", w->contrib_n);
	if (k >= n)
		return;
	const char *binding = w->binding;
	if (binding && strcmp(binding, "vat_paid") == 0)
		snprintf(out + k, n - k, "; capped at the VAT paid, %s", tcreg_amount_format(w->binding_fen, cb, sizeof(cb)));
	else if (binding && strcmp(binding, "band") == 0)
		snprintf(out + k, n - k, "; capped at the band's %s", tcreg_amount_format(w->binding_fen, cb, sizeof(cb)));
	else if (binding)
		snprintf(out + k, n - k, "; capped at %s per %s%s", tcreg_amount_format(w->binding_fen, cb, sizeof(cb)), binding,
			 w->prev_fen ? " less earlier awards" : "");
	else if (w->capped)
		snprintf(out + k, n - k, "; capped");
}

/* ---- output ---- */

/* bytes a JSON string cannot hold as they are */
static const unsigned char json_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* s as a JSON string, written in place: room for the worst case first */
static void
jstr(struct tcreg__buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	if (!tcreg__buf_reserve(b, n * 6 + 2))
		return;
	char *o = b->data + b->len;
	*o++ = '"';
	for (; *p; p++) {
		if (!json_special[*p]) {
			*o++ = (char)*p;
		} else if (*p < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[*p >> 4];
			o[5] = hex[*p & 15];
			o += 6;
		} else {
			*o++ = '\\';
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

/* a literal, without measuring it at run time */
#define PUT(b, lit) tcreg__buf_append((b), (lit), sizeof(lit) - 1)

static void
put_i64(struct tcreg__buf *b, int64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *q = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	tcreg__buf_append(b, q, (size_t)(e - q));
}

const char *
tcreg__aw_party_name(const struct run *R, int64_t id)
{
	if (!id)
		return R->agency_name;
	const struct party *p = tcreg__aw_party_by_id(R, id);
	return p ? p->name : "?";
}

const char *
tcreg__aw_party_uscc(const struct run *R, int64_t id)
{
	const struct party *p = id ? tcreg__aw_party_by_id(R, id) : NULL;
	return p ? p->uscc : NULL;
}

/* The unit an award is made per: the widest of the base and the caps. */
const char *
tcreg__aw_row_unit(const struct pol_rule *r)
{
	enum pol_unit u = r->per;
	for (size_t j = 0; j < r->ncaps; j++)
		if (pol_level(r->caps[j].per) > pol_level(u))
			u = r->caps[j].per;
	return tcreg__pol_unit_name(u);
}

/* Everything but the lists: the policy, the year, the rules and their
 * checks, the explanation (a copy: the caller may change the tree). */
static json_t *
head_tree(const struct run *R, int64_t run_id, int64_t total)
{
	const struct tcreg_policy *p = R->p;
	json_t *rules = json_array();
	for (size_t i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];
		json_t *checks = json_array();
		for (size_t j = 0; j < r->nchecks; j++)
			json_array_append_new(checks, tcreg__aw_jstr(r->checks[j]));
		json_array_append_new(rules, json_pack("{s:o, s:o, s:o}", "name", tcreg__aw_jstr(r->name), "applicant",
						       tcreg__aw_jstr(tcreg__pol_role_name(r->role)), "checks", checks));
	}
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:i, s:b, s:o, s:I, s:o}", "policy", tcreg__aw_jstr(p->name), "title",
			      tcreg__aw_jstr(p->title), "source", tcreg__aw_jstr(p->source), "policy_sha256", tcreg__aw_jstr(p->sha256), "year", R->year,
			      "committed", run_id != 0, "run_id", run_id ? json_integer(run_id) : json_null(),
			      "total_award_fen", (json_int_t)total, "rules", rules);
	if (o && R->trace)
		json_object_set_new(o, "explain", json_deep_copy(R->trace));
	return o;
}

/* The head as text; open = leave the object open for the lists. */
static void
write_head(struct tcreg__buf *b, const struct run *R, int64_t run_id, int64_t total, bool open)
{
	json_t *o = head_tree(R, run_id, total);
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!t) {
		b->failed = true;
		return;
	}
	tcreg__buf_append(b, t, strlen(t) - (open ? 1 : 0));
	free(t);
}

tcreg_status
tcreg_award_result_head_tree(const tcreg_award_result *res, json_t **out)
{
	*out = res ? head_tree(&res->R, res->run_id, res->total) : NULL;
	return !res ? TCREG_ERR_USAGE : *out ? TCREG_OK : TCREG_ERR_NOMEM;
}

/* Who is paid, for which contracts, how much. */
static void
write_who(struct tcreg__buf *b, const struct run *R, const struct row *w)
{
	const struct pol_rule *r = &R->p->rules[w->rule];
	PUT(b, "{\"rule\":");
	jstr(b, r->name);
	PUT(b, ",\"applicant\":");
	jstr(b, tcreg__aw_party_name(R, w->party));
	PUT(b, ",\"uscc\":");
	const char *u = tcreg__aw_party_uscc(R, w->party);
	if (u)
		jstr(b, u);
	else
		PUT(b, "null");
	PUT(b, ",\"role\":");
	jstr(b, tcreg__pol_role_name(r->role));
	PUT(b, ",\"unit\":");
	jstr(b, tcreg__aw_row_unit(r));
	if (w->project) {
		PUT(b, ",\"project\":");
		jstr(b, w->project);
	}
	PUT(b, ",\"contracts\":[");
	for (uint32_t k = 0; k < w->contrib_n; k++) {
		if (k)
			PUT(b, ",");
		jstr(b, R->c[R->contrib[w->contrib_off + k]].reg_no);
	}
	PUT(b, "],\"base_fen\":");
	put_i64(b, w->base_fen);
	PUT(b, ",\"award_fen\":");
	put_i64(b, w->award_fen);
	PUT(b, ",\"previous_fen\":");
	put_i64(b, w->prev_fen);
	if (w->capped)
		PUT(b, ",\"capped\":true,\"reason\":");
	else
		PUT(b, ",\"capped\":false,\"reason\":");
	char reason[256];
	tcreg__aw_row_reason(R, w, reason, sizeof(reason));
	jstr(b, reason);
}

/* The reason's parts, for people reading another language. */
static void
write_basis(struct tcreg__buf *b, const struct aw_basis *x)
{
	const struct pol_rule *r = x->r;
	PUT(b, "\"basis\":{\"base\":[");
	for (int j = 0, n = 0; j < POL_NBASE; j++)
		if (r->base & (1u << j)) {
			tcreg__buf_puts(b, n++ ? "," : "");
			jstr(b, tcreg__pol_base_name(1u << j));
		}
	PUT(b, "],\"growth\":");
	if (r->growth)
		PUT(b, "true");
	else
		PUT(b, "false");
	PUT(b, ",\"rate\":");
	jstr(b, tcreg__pol_rate_name(r->rate));
	char pb[32];
	const struct pol_tier *t = tcreg__aw_shown_tier(x);
	if (t) {
		PUT(b, ",\"pct\":");
		jstr(b, tcreg__aw_pct(t->ppm, pb, sizeof(pb)));
		if (r->rate == RATE_BAND)
			tcreg__buf_printf(b, ",\"band_from_fen\":%lld", (long long)t->from_fen);
	} else if (r->rate == RATE_BASE_PLUS) {
		tcreg__buf_printf(b, ",\"amount_fen\":%lld,\"above_fen\":%lld,\"pct\":",
				  (long long)r->plus_amount_fen, (long long)r->plus_above_fen);
		jstr(b, tcreg__aw_pct(r->plus_ppm, pb, sizeof(pb)));
	}
	tcreg__buf_printf(b, ",\"contracts_summed\":%u,\"cap\":", x->summed);
	if (x->binding) {
		PUT(b, "{\"per\":");
		jstr(b, x->binding);
		tcreg__buf_printf(b, ",\"cap_fen\":%lld}", (long long)x->binding_fen);
	} else {
		PUT(b, "null");
	}
	PUT(b, "}");
}

/* How the award may be shared out. */
static void
write_allocation(struct tcreg__buf *b, const struct aw_basis *x)
{
	PUT(b, ",\"allocation\":[");
	for (size_t j = 0; j < x->r->nallocs; j++) {
		struct tcreg_award_share s = tcreg__aw_share(x, j);
		tcreg__buf_puts(b, j ? ",{\"to\":" : "{\"to\":");
		jstr(b, s.to);
		if (s.min_fen >= 0)
			tcreg__buf_printf(b, ",\"min_fen\":%lld", (long long)s.min_fen);
		if (s.max_fen >= 0)
			tcreg__buf_printf(b, ",\"max_fen\":%lld", (long long)s.max_fen);
		PUT(b, "}");
	}
	PUT(b, "]");
}

/* Returns where the award's "basis" key starts in b, for the short JSON
 * of tcreg_award_info.basis_json. */
size_t
tcreg__aw_write_award(struct tcreg__buf *b, const struct run *R, const struct row *w)
{
	struct aw_basis x = tcreg__aw_basis_of(R, w);
	write_who(b, R, w);
	PUT(b, ",");
	size_t basis_at = b->len;
	write_basis(b, &x);
	write_allocation(b, &x);
	PUT(b, "}");
	return basis_at;
}

/* The tails of exclusions' JSON (all after the contract) already written:
 * nearly every one repeats one of a few words per rule and reason. */
#define TAIL_SLOTS 1024
struct tail_slot {
	char *det, *tail;
	size_t len;
	uint16_t rule;
	uint8_t code;
};

static void
tails_free(struct tail_slot *t)
{
	for (size_t i = 0; t && i < TAIL_SLOTS; i++) {
		free(t[i].det);
		free(t[i].tail);
	}
	free(t);
}

static void
write_excl(struct tcreg__buf *b, const struct run *R, const struct excl *e, struct tail_slot *tails)
{
	char det[256], msg[512];
	PUT(b, "{\"contract\":");
	jstr(b, R->c[e->cand].reg_no);
	tcreg__aw_excl_detail(R, e, det, sizeof(det));
	/* the figures, dates and numbers vary from one contract to the next */
	bool keep = tails && !e->figs.raw[0] && !e->figs.raw[1] && e->code != X_REGISTERED && e->code != X_EXTERNAL;
	struct tail_slot *t = NULL;
	if (keep) {
		t = &tails[(tcreg__hash(det) ^ (e->rule * 31u + e->code) * 0x9E3779B9u) & (TAIL_SLOTS - 1)];
		if (t->det && t->rule == e->rule && t->code == e->code && strcmp(t->det, det) == 0) {
			tcreg__buf_append(b, t->tail, t->len);
			return;
		}
	}
	size_t from = b->len;
	tcreg__aw_excl_reason(e, det, msg, sizeof(msg));
	PUT(b, ",\"rule\":");
	jstr(b, R->p->rules[e->rule].name);
	PUT(b, ",\"code\":");
	jstr(b, tcreg__aw_xcode_name(e->code));
	PUT(b, ",\"detail\":");
	jstr(b, det);
	PUT(b, ",\"reason\":");
	jstr(b, msg);
	PUT(b, "}");
	if (!t || b->failed)
		return;
	char *d = tcreg__strdup(det), *tail = malloc(b->len - from);
	if (!d || !tail) { /* not kept: written again next time */
		free(d);
		free(tail);
		return;
	}
	memcpy(tail, b->data + from, b->len - from);
	free(t->det);
	free(t->tail);
	*t = (struct tail_slot){ d, tail, b->len - from, e->rule, e->code };
}

char *
tcreg_award_result_head(const tcreg_award_result *res)
{
	json_t *o = NULL;
	char *s = NULL;
	tcreg_status st = tcreg_award_result_head_tree(res, &o);
	tcreg__tree_text(st, o, JSON_COMPACT | JSON_PRESERVE_ORDER, &s);
	return s;
}

tcreg_status
tcreg_award_result_write_json(const tcreg_award_result *res,
			      int (*write)(void *ud, const char *data, size_t n), void *ud)
{
	if (!res || !write)
		return TCREG_ERR_USAGE;
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	tcreg__buf_reserve(&b, 1u << 17);
	bool ok = true;
	/* handed on in pieces of 64 KiB */
#define FLUSH(force)                                                          \
	do {                                                                  \
		if (ok && !b.failed && ((force) || b.len >= 65536)) {          \
			ok = write(ud, b.data ? b.data : "", b.len) == 0;      \
			tcreg__buf_reset(&b);                                  \
		}                                                             \
	} while (0)
	write_head(&b, &res->R, res->run_id, res->total, true);
	tcreg__buf_puts(&b, ",\"awards\":[");
	for (size_t i = 0; ok && i < res->nawards; i++) {
		if (i)
			tcreg__buf_puts(&b, ",");
		tcreg__aw_write_award(&b, &res->R, &res->R.rows[res->awards[i]]);
		FLUSH(false);
	}
	tcreg__buf_puts(&b, "],\"excluded\":[");
	const struct run *R = &res->R;
	struct tail_slot *tails = calloc(TAIL_SLOTS, sizeof(*tails)); /* none: each written whole */
	for (size_t at = 0, k = 0, n = R->nc * R->p->nrules; ok && k < res->nexcluded && at < n; at++) {
		if (!(R->xcode[at] & XCODE_LISTED))
			continue;
		if (k++)
			tcreg__buf_puts(&b, ",");
		struct excl e = tcreg__aw_excl_at(R, at);
		write_excl(&b, R, &e, tails);
		FLUSH(false);
	}
	tails_free(tails);
	tcreg__buf_puts(&b, "]}");
	FLUSH(true);
#undef FLUSH
	tcreg_status st = b.failed ? TCREG_ERR_NOMEM : ok ? TCREG_OK : TCREG_ERR_IO;
	tcreg__buf_release(&b);
	return st;
}

static int
to_buf(void *ud, const char *data, size_t n)
{
	return tcreg__buf_append(ud, data, n) ? 0 : -1;
}

char *
tcreg_award_result_json(const tcreg_award_result *res)
{
	struct tcreg__buf b;
	tcreg__buf_init(&b);
	if (tcreg_award_result_write_json(res, to_buf, &b) != TCREG_OK) {
		tcreg__buf_release(&b);
		return NULL;
	}
	char *s = tcreg__buf_steal(&b);
	tcreg__buf_release(&b);
	return s;
}
