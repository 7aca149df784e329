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

static tcreg_status result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, bool words);

/* The award without its reason and JSON, which cost more than the rest
 * together: for callers that only add the money up (the comparison). */
tcreg_status
tcreg__award_result_get_lean(tcreg_award_result *res, size_t i, struct tcreg_award_info *out)
{
	return result_get(res, i, out, false);
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
	return result_get(res, i, out, true);
}

static tcreg_status
result_get(tcreg_award_result *res, size_t i, struct tcreg_award_info *out, bool words)
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
	if (words) {
		tcreg__aw_row_reason(R, w, res->reason, sizeof(res->reason));
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
	*out = (struct tcreg_award_info){
		.party_id = w->party, .region = ap ? ap->region : NULL, .nature = ap ? ap->nature : NULL,
		.category = category, .first_reg_no = w->contrib_n ? res->contracts[0] : NULL,
		.rule = r->name, .applicant = tcreg__aw_party_name(R, w->party), .uscc = tcreg__aw_party_uscc(R, w->party),
		.role = tcreg__pol_role_name(r->role), .unit = tcreg__aw_row_unit(r), .project = w->project,
		.ncontracts = w->contrib_n, .contracts = res->contracts, .base_fen = w->base_fen,
		.award_fen = w->award_fen, .previous_fen = w->prev_fen, .capped = w->capped,
		.reason = words ? res->reason : NULL, .json = words ? res->scratch.data : NULL,
		.basis_json = words ? res->basis.data : NULL,
	};
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
