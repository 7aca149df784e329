/* SPDX-License-Identifier: MIT
 * explain.c - the steps of --explain: why a contract is eligible or not,
 * its payments, its base, the threshold, the rate, the caps and the
 * rounding, as a JSON array the output puts under "explain".
 */
#include "award-run.h"

bool
tcreg__aw_traced(const struct run *R, const struct cand *c, const struct party *ap)
{
	if (!R->trace)
		return false;
	if (R->target_cand == AGENCY_TARGET)
		return !ap;
	return (R->target_cand >= 0 && c->id == R->target_cand) ||
	       (R->target_party > 0 && ap && ap->id == R->target_party);
}

void
tcreg__aw_step(struct run *R, const char *kind, const struct rule_ctx *x, json_t *o)
{
	json_t *s = json_object();
	json_object_set_new(s, "step", json_string(kind));
	json_object_set_new(s, "rule", json_string(x->r->name));
	json_object_update(s, o);
	json_decref(o);
	json_array_append_new(R->trace, s);
}

json_t *
tcreg__aw_micro_json(i128 m)
{
	char b[64];
	return json_string(tcreg__aw_exact(m, b, sizeof(b)));
}

static const struct pay *
pay_of(const struct run *R, const struct cand *c, int64_t id)
{
	for (uint32_t i = 0; i < c->pay_n; i++)
		if (R->pays[c->pay_first + i].id == id)
			return &R->pays[c->pay_first + i];
	return NULL;
}

/* When what remains of the verified technology amount, after what earlier
 * rounds counted of any of the contract's payments, is less than the
 * technology parts in the window not counted before (a payment entered
 * late with an earlier date): the amount and what remains of it, which is
 * all the run counts. */
static void
verified_left(const struct run *R, const struct rule_ctx *x, const struct cand *c, json_t *o)
{
	int64_t left = tcreg__aw_tech_room(R, x->ri, c), parts = 0;
	for (uint32_t i = 0; i < c->pay_n; i++) {
		const struct pay *p = &R->pays[c->pay_first + i];
		int64_t done = p->counted_n ? tcreg__aw_counted(R, p, x->ri) : 0;
		if (tcreg__aw_in_window(p->date, x->pay_from, x->pay_to) && p->tech > done)
			parts += p->tech - done;
	}
	if (left >= parts)
		return;
	json_object_set_new(o, "verified_tech_fen", json_integer(c->tech));
	json_object_set_new(o, "verified_left_fen", json_integer(left));
}

/* Every payment of the contract: in the window or not, its technology part,
 * what earlier rounds counted of it, and what this one counts. */
void
tcreg__aw_trace_payments(struct run *R, const struct rule_ctx *x, const struct cand *c, int64_t rec)
{
	json_t *list = json_array();
	sqlite3_stmt *st = R->pay_detail;
	bool tech = tcreg__aw_counts_tech(x->r);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, c->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		bool in = (!x->pay_from[0] || strcmp(d, x->pay_from) >= 0) &&
			  (!x->pay_to[0] || strcmp(d, x->pay_to) <= 0);
		json_t *o = json_pack("{s:s, s:I, s:s, s:b}", "date", d, "amount_fen",
				      (json_int_t)sqlite3_column_int64(st, 1), "voucher",
				      (const char *)sqlite3_column_text(st, 2), "counted", in);
		const struct pay *p = pay_of(R, c, sqlite3_column_int64(st, 3));
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			json_object_set_new(o, "reverses_voucher", json_string((const char *)sqlite3_column_text(st, 4)));
			json_object_set_new(o, "counted", json_false());
		} else if (p) {
			int64_t done = tcreg__aw_counted(R, p, x->ri);
			json_object_set_new(o, "net_fen", json_integer(p->net));
			if (tech)
				json_object_set_new(o, "tech_fen", json_integer(p->tech));
			json_object_set_new(o, "counted_before_fen", json_integer(done));
			json_object_set_new(o, "counted_fen",
					    json_integer(in ? tcreg__aw_counts_now(R, x->ri, c, x->pay_from, x->pay_to, p)
						       : 0));
		}
		json_array_append_new(list, o);
	}
	json_t *o = json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:I}", "contract", c->reg_no,
			      "from", x->pay_from[0] ? x->pay_from : NULL, "to", x->pay_to[0] ? x->pay_to : NULL,
			      "payments", list, "part", tech ? "tech" : "all", "received_fen", (json_int_t)rec);
	if (o && tech)
		verified_left(R, x, c, o);
	tcreg__aw_step(R, "payments", x, o);
}

/* The base kinds of a contract or a unit; a contract has no invoiced
 * amount of its own (it is known per applicant). */
json_t *
tcreg__aw_components_json(unsigned base, const int64_t v[POL_NBASE], bool contract)
{
	json_t *o = json_object();
	for (int i = 0; i < POL_NBASE; i++)
		if ((base & (1u << i)) && !(contract && (1u << i) == BASE_INVOICED))
			json_object_set_new(o, tcreg__pol_base_name(1u << i), json_integer(v[i]));
	return o;
}

void
tcreg__aw_trace_eligibility(struct run *R, const struct rule_ctx *x, size_t ci, const struct party *ap,
			    enum xcode why, int64_t rec)
{
	const struct cand *c = &R->c[ci];
	json_t *o = json_pack("{s:s, s:s?, s:b}", "contract", c->reg_no, "applicant",
			      ap ? ap->name : R->agency_name, "ok", why == X_NONE);
	if (why) {
		char det[256] = "";
		struct excl e = { .cand = (uint32_t)ci, .rule = (uint16_t)x->ri, .code = (uint8_t)why };
		tcreg__aw_excl_detail(R, &e, det, sizeof(det));
		json_object_set_new(o, "code", json_string(tcreg__aw_xcode_name(why)));
		json_object_set_new(o, "detail", json_string(det));
	}
	tcreg__aw_step(R, "eligibility", x, o);
	if (x->r->base & (BASE_RECEIVED | BASE_PAID | BASE_TECH_RECEIVED) &&
	    (why == X_NONE || why == X_NO_PAYMENT || why == X_PAID))
		tcreg__aw_trace_payments(R, x, c, rec);
}

/* o (taken) after a "contract" key naming c, when there is one */
static json_t *
of_contract(const struct cand *c, json_t *o)
{
	if (!c)
		return o;
	json_t *w = json_pack("{s:s}", "contract", c->reg_no);
	json_object_update(w, o);
	json_decref(o);
	return w;
}

void
tcreg__aw_trace_base(struct run *R, const struct rule_ctx *x, const struct cand *c, const int64_t v[POL_NBASE],
		     int64_t b)
{
	unsigned base = x->r->base;
	tcreg__aw_step(R, "base", x,
		       of_contract(c, json_pack("{s:s, s:o, s:I}", "per",
						c ? "contract" : tcreg__pol_unit_name(x->r->per), "components",
						tcreg__aw_components_json(base, v, c != NULL), "base_fen",
						(json_int_t)b)));
}

void
tcreg__aw_trace_threshold(struct run *R, const struct rule_ctx *x, const struct cand *c, int64_t b, bool ok)
{
	const struct pol_rule *r = x->r;
	if (!r->has_min && !r->has_max)
		return;
	tcreg__aw_step(R, "threshold", x,
		       of_contract(c, json_pack("{s:I, s:o, s:o, s:b, s:b, s:b}", "base_fen", (json_int_t)b, "min_fen",
						r->has_min ? json_integer(r->min_fen) : json_null(), "max_fen",
						r->has_max ? json_integer(r->max_fen) : json_null(), "min_inclusive",
						r->min_incl, "max_inclusive", r->max_incl, "ok", ok)));
}

void
tcreg__aw_trace_rate(struct run *R, const struct rule_ctx *x, const struct cand *c, int band, i128 a)
{
	char buf[64];
	tcreg__aw_rate_desc(x->r, band, buf, sizeof(buf));
	tcreg__aw_step(R, "rate", x,
		       of_contract(c, json_pack("{s:s, s:s, s:o}", "kind", tcreg__pol_rate_name(x->r->rate), "rate",
						buf, "amount_fen", tcreg__aw_micro_json(a))));
}

void
tcreg__aw_trace_rounding(struct run *R, const struct rule_ctx *x, i128 exact, int64_t award)
{
	const struct tcreg_policy *p = R->p;
	tcreg__aw_step(R, "rounding", x,
		       json_pack("{s:s, s:s, s:o, s:I}", "to", tcreg__pol_round_name(p->round_fen), "mode",
				 p->round_mode == ROUND_DOWN ? "down" : p->round_mode == ROUND_UP ? "up" : "half_up",
				 "exact_fen", tcreg__aw_micro_json(exact), "award_fen", (json_int_t)award));
}
