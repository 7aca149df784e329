/* SPDX-License-Identifier: MIT
 * result.c - the result of a run one award or exclusion at a time, for
 * callers that write it otherwise than as JSON (CSV, text, the comparison).
 */
#include "award-run.h"

size_t
tcreg_award_result_count(const tcreg_award_result *res)
{
	return res ? res->nawards : 0;
}

enum words { W_NONE, W_TYPED, W_JSON }; /* how much of an award is written out */
static tcreg_status result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, enum words words);

/* The award without its reason and JSON, which cost more than the rest
 * together: for callers that only add the money up (the comparison). */
tcreg_status
tcreg__award_result_get_lean(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, W_NONE);
}

/* The registry ids of the contracts of award i, into ids (room for n);
 * returns how many there are. */
size_t
tcreg__award_result_contract_ids(const tcreg_award_result *res, size_t i, int64_t *ids, size_t n)
{
	if (!res || i >= res->nawards)
		return 0;
	const struct run *R = &res->R;
	const struct row *w = &R->rows[res->awards[i]];
	for (uint32_t k = 0; k < w->contrib_n && k < n; k++)
		ids[k] = R->c[R->contrib[w->contrib_off + k]].id;
	return w->contrib_n;
}

tcreg_status
tcreg_award_result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, W_JSON);
}

tcreg_status
tcreg_award_result_get_typed(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, W_TYPED);
}

struct aw_basis
tcreg__aw_basis_of(const struct run *R, const struct row *w)
{
	const struct pol_rule *r = &R->p->rules[w->rule];
	return (struct aw_basis){ .r = r, .binding = w->binding, .binding_fen = w->binding_fen,
				  .award_fen = w->award_fen, .band = w->band,
				  .summed = r->per == UNIT_CONTRACT && w->contrib_n > 1 ? w->contrib_n : 0 };
}

const struct pol_tier *
tcreg__aw_shown_tier(const struct aw_basis *b)
{
	const struct pol_rule *r = b->r;
	if (r->rate == RATE_FLAT || (r->rate == RATE_BAND && b->band >= 0))
		return &r->tiers[r->rate == RATE_FLAT ? 0 : b->band];
	return NULL;
}

struct tcreg_award_share
tcreg__aw_share(const struct aw_basis *b, size_t j)
{
	const struct pol_alloc *a = &b->r->allocs[j];
	return (struct tcreg_award_share){
		.to = a->to,
		.min_fen = a->min_ppm >= 0 ? (int64_t)(((i128)b->award_fen * a->min_ppm + MICRO - 1) / MICRO) : -1,
		.max_fen = a->max_ppm >= 0 ? (int64_t)((i128)b->award_fen * a->max_ppm / MICRO) : -1,
	};
}

/* The typed basis into out; false when memory ran out. */
static bool
typed_basis(tcreg_award_result *res, const struct aw_basis *b, struct tcreg_award_info *out)
{
	const struct pol_rule *r = b->r;
	size_t nb = 0;
	for (int j = 0; j < POL_NBASE; j++)
		if (r->base & (1u << j))
			res->bases[nb++] = tcreg__pol_base_name(1u << j);
	res->bases[nb] = NULL;
	if (r->nallocs > res->nshares_cap) {
		struct tcreg_award_share *s = realloc(res->shares, r->nallocs * sizeof(*s));
		if (!s)
			return false;
		res->shares = s;
		res->nshares_cap = r->nallocs;
	}
	for (size_t j = 0; j < r->nallocs; j++)
		res->shares[j] = tcreg__aw_share(b, j);
	const struct pol_tier *t = tcreg__aw_shown_tier(b);
	const int64_t ppm = t ? t->ppm : r->plus_ppm;
	bool plus = r->rate == RATE_BASE_PLUS;
	out->base = res->bases;
	out->growth = r->growth;
	out->rate = tcreg__pol_rate_name(r->rate);
	out->pct = t || plus ? tcreg__aw_pct(ppm, res->pct, sizeof(res->pct)) : NULL;
	out->band_from_fen = t && r->rate == RATE_BAND ? t->from_fen : -1;
	out->plus_amount_fen = plus ? r->plus_amount_fen : 0;
	out->plus_above_fen = plus ? r->plus_above_fen : 0;
	out->contracts_summed = b->summed;
	out->cap_per = b->binding;
	out->cap_fen = b->binding ? b->binding_fen : 0;
	out->nshares = r->nallocs;
	out->shares = res->shares;
	return true;
}

json_t *
tcreg__aw_basis_tree(const struct aw_basis *b)
{
	const struct pol_rule *r = b->r;
	json_t *base = json_array(), *basis = json_object(), *alloc = json_array();
	for (int j = 0; j < POL_NBASE; j++)
		if (r->base & (1u << j))
			json_array_append_new(base, tcreg__aw_jstr(tcreg__pol_base_name(1u << j)));
	json_object_set_new(basis, "base", base);
	json_object_set_new(basis, "growth", json_boolean(r->growth));
	json_object_set_new(basis, "rate", tcreg__aw_jstr(tcreg__pol_rate_name(r->rate)));
	char pb[32];
	const struct pol_tier *t = tcreg__aw_shown_tier(b);
	if (t) {
		json_object_set_new(basis, "pct", tcreg__aw_jstr(tcreg__aw_pct(t->ppm, pb, sizeof(pb))));
		if (r->rate == RATE_BAND)
			json_object_set_new(basis, "band_from_fen", json_integer(t->from_fen));
	} else if (r->rate == RATE_BASE_PLUS) {
		json_object_set_new(basis, "amount_fen", json_integer(r->plus_amount_fen));
		json_object_set_new(basis, "above_fen", json_integer(r->plus_above_fen));
		json_object_set_new(basis, "pct", tcreg__aw_jstr(tcreg__aw_pct(r->plus_ppm, pb, sizeof(pb))));
	}
	json_object_set_new(basis, "contracts_summed", json_integer(b->summed));
	json_object_set_new(basis, "cap", b->binding ? json_pack("{s:s, s:I}", "per", b->binding, "cap_fen",
								 (json_int_t)b->binding_fen)
						     : json_null());
	for (size_t j = 0; j < r->nallocs; j++) {
		struct tcreg_award_share s = tcreg__aw_share(b, j);
		json_t *a = json_pack("{s:s}", "to", s.to ? s.to : "");
		if (s.min_fen >= 0)
			json_object_set_new(a, "min_fen", json_integer(s.min_fen));
		if (s.max_fen >= 0)
			json_object_set_new(a, "max_fen", json_integer(s.max_fen));
		json_array_append_new(alloc, a);
	}
	json_t *o = json_pack("{s:o, s:o}", "basis", basis, "allocation", alloc);
	return o;
}

tcreg_status
tcreg_award_result_basis_tree(tcreg_award_result *res, size_t i, json_t **out)
{
	*out = NULL;
	if (!res || i >= res->nawards)
		return TCREG_ERR_USAGE;
	struct aw_basis b = tcreg__aw_basis_of(&res->R, &res->R.rows[res->awards[i]]);
	*out = tcreg__aw_basis_tree(&b);
	return *out ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_award_result_award_tree(tcreg_award_result *res, size_t i, json_t **out)
{
	*out = NULL;
	struct tcreg_award_info x;
	tcreg_status s = result_get(res, i, &x, W_NONE);
	if (s != TCREG_OK)
		return s;
	char reason[256];
	const struct row *w = &res->R.rows[res->awards[i]];
	tcreg__aw_row_reason(&res->R, w, reason, sizeof(reason));
	json_t *contracts = json_array(), *o = json_object();
	for (size_t k = 0; k < x.ncontracts; k++)
		json_array_append_new(contracts, tcreg__aw_jstr(x.contracts[k]));
	json_object_set_new(o, "rule", tcreg__aw_jstr(x.rule));
	json_object_set_new(o, "applicant", tcreg__aw_jstr(x.applicant));
	json_object_set_new(o, "uscc", x.uscc ? json_string(x.uscc) : json_null());
	json_object_set_new(o, "role", tcreg__aw_jstr(x.role));
	json_object_set_new(o, "unit", tcreg__aw_jstr(x.unit));
	if (x.project)
		json_object_set_new(o, "project", tcreg__aw_jstr(x.project));
	json_object_set_new(o, "contracts", contracts);
	json_object_set_new(o, "base_fen", json_integer(x.base_fen));
	json_object_set_new(o, "award_fen", json_integer(x.award_fen));
	json_object_set_new(o, "previous_fen", json_integer(x.previous_fen));
	json_object_set_new(o, "capped", json_boolean(x.capped));
	json_object_set_new(o, "reason", tcreg__aw_jstr(reason));
	struct aw_basis b = tcreg__aw_basis_of(&res->R, w);
	json_t *bt = tcreg__aw_basis_tree(&b);
	if (!o || !contracts || !bt || json_object_update(o, bt) != 0) {
		json_decref(o);
		json_decref(bt);
		return TCREG_ERR_NOMEM;
	}
	json_decref(bt);
	*out = o;
	return TCREG_OK;
}

static tcreg_status
result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, enum words words)
{
	if (!res || !out || i >= res->nawards)
		return TCREG_ERR_USAGE;
	const struct run *R = &res->R;
	const struct row *w = &R->rows[res->awards[i]];
	const struct pol_rule *r = &R->p->rules[w->rule];
	if (w->contrib_n + 1 > res->ncontracts_cap) {
		const char **nc = realloc(res->contracts, (w->contrib_n + 1) * sizeof(*nc));
		if (!nc)
			return TCREG_ERR_NOMEM;
		res->contracts = nc;
		res->ncontracts_cap = w->contrib_n + 1;
	}
	for (uint32_t k = 0; k < w->contrib_n; k++)
		res->contracts[k] = R->c[R->contrib[w->contrib_off + k]].reg_no;
	res->contracts[w->contrib_n] = NULL;
	if (words >= W_TYPED)
		tcreg__aw_row_reason(R, w, res->reason, sizeof(res->reason));
	if (words == W_JSON) {
		tcreg__buf_reset(&res->scratch);
		size_t basis_at = tcreg__aw_write_award(&res->scratch, R, w);
		/* the basis and allocation alone: "{" + the award's tail */
		tcreg__buf_reset(&res->basis);
		tcreg__buf_puts(&res->basis, "{");
		if (!res->scratch.failed)
			tcreg__buf_puts(&res->basis, res->scratch.data + basis_at);
		if (res->scratch.failed || res->basis.failed)
			return TCREG_ERR_NOMEM;
	}
	const struct party *ap = w->party ? tcreg__aw_party_by_id(R, w->party) : NULL;
	const char *category = w->contrib_n ? R->c[R->contrib[w->contrib_off]].category : NULL;
	for (uint32_t k = 1; category && k < w->contrib_n; k++)
		if (strcmp(R->c[R->contrib[w->contrib_off + k]].category, category) != 0)
			category = NULL;
	struct tcreg_award_info x = {
		.party_id = w->party, .region = ap ? ap->region : NULL, .nature = ap ? ap->nature : NULL,
		.category = category, .first_reg_no = w->contrib_n ? res->contracts[0] : NULL,
		.rule = r->name, .applicant = tcreg__aw_party_name(R, w->party), .uscc = tcreg__aw_party_uscc(R, w->party),
		.role = tcreg__pol_role_name(r->role), .unit = tcreg__aw_row_unit(r), .project = w->project,
		.ncontracts = w->contrib_n, .contracts = res->contracts, .base_fen = w->base_fen,
		.award_fen = w->award_fen, .previous_fen = w->prev_fen, .capped = w->capped,
		.reason = words ? res->reason : NULL, .json = words == W_JSON ? res->scratch.data : NULL,
		.basis_json = words == W_JSON ? res->basis.data : NULL,
	};
	if (words == W_TYPED) {
		struct aw_basis b = tcreg__aw_basis_of(R, w);
		if (!typed_basis(res, &b, &x))
			return TCREG_ERR_NOMEM;
	}
	/* the public get writes the struct as it was before the typed basis */
	memcpy(out, &x, words == W_JSON ? offsetof(struct tcreg_award_info, base) : sizeof(x));
	return TCREG_OK;
}

size_t
tcreg_award_result_excluded(const tcreg_award_result *res)
{
	return res ? res->nexcluded : 0;
}

tcreg_status
tcreg_award_result_excluded_get(tcreg_award_result *res, size_t i, struct tcreg_award_exclusion *out)
{
	if (!res || !out || i >= res->nexcluded)
		return TCREG_ERR_USAGE;
	const struct run *R = &res->R;
	/* asked for in order, nearly always: walk on from the last one */
	if (i < res->xcur || !res->xcur_at) {
		res->xcur = 0;
		res->xcur_at = 0;
		while (!(R->xcode[res->xcur_at] & XCODE_LISTED))
			res->xcur_at++;
	}
	while (res->xcur < i) {
		do
			res->xcur_at++;
		while (!(R->xcode[res->xcur_at] & XCODE_LISTED));
		res->xcur++;
	}
	struct excl e = tcreg__aw_excl_at(R, res->xcur_at);
	tcreg__aw_excl_detail(R, &e, res->det, sizeof(res->det));
	tcreg__aw_excl_reason(&e, res->det, res->msg, sizeof(res->msg));
	*out = (struct tcreg_award_exclusion){
		.contract = R->c[e.cand].reg_no, .rule = R->p->rules[e.rule].name,
		.code = tcreg__aw_xcode_name(e.code), .detail = res->det, .reason = res->msg,
	};
	return TCREG_OK;
}
