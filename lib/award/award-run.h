/* SPDX-License-Identifier: MIT
 * award-run.h - the award engine's working state, shared by its parts:
 * award.c (eligibility, evaluation, output, the run), award-money.c (the
 * money: payments, their technology part, what earlier rounds counted),
 * award/load.c (parties and contracts as read), award/scope.c (what
 * --explain of one contract reads), award/commit.c (the record of a
 * commit) and award/history.c (committed runs).
 * Private to libtcreg.
 */
#ifndef TCREG_AWARD_RUN_H
#define TCREG_AWARD_RUN_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "award.h"
#include "policy.h"

typedef __int128 i128;
#define AGENCY_TARGET (-2) /* --explain names the registration agency */
#define MICRO 1000000

enum xcode {
	X_NONE, X_STATUS, X_REGISTERED, X_CATEGORY, X_RELATED, X_NATURE, X_REGION,
	X_COUNTER_NATURE, X_COUNTER_REGION, X_PERSON, X_PAID, X_OTHER_SIDE, X_NO_PAYMENT,
	X_THRESHOLD, X_BAND, X_NO_FACT, X_CAP_USED, X_ROUNDED, X_NO_GROWTH, X_NO_SERVED, X_DEAL_TAKEN, X_EXTERNAL, X__N
};
/* ---- what is read from the registry ---- */

struct party {
	int64_t id;
	const char *name, *uscc; /* uscc NULL when unknown */
	char region[8], nature[8];
	const char *group; /* statistics group of the nature (borrowed from the code tables) */
	const char *nature_name; /* the nature's name (borrowed; NULL when the tables lack it) */
};

/* What few contracts have: a project name (policies with project units),
 * the deal an intermediary served (policies on served_amount).  In the
 * arena, shared by the policies of a comparison. */
struct cand_extra {
	const char *project;
	int64_t served, served_amount; /* the deal it served (id, 0 = none) and its amount */
};

struct cand {
	int64_t id, total, tech; /* the parties' ids: parties[sp].id, parties[bp].id */
	const char *reg_no;
	const struct cand_extra *extra; /* NULL: none */
	char reg_date[11], category[4];
	char status; /* 'a' registered or changed, 'c' cancelled, 'r' revoked, 'e' registered elsewhere */
	signed char related;
	uint32_t sp, bp;           /* party indexes */
	uint32_t pay_first, pay_n; /* payments slice */
	uint32_t paid_mask;        /* rules that paid it in committed runs */
	uint32_t award_mask;       /* rules that pay it in this run */
	uint32_t served_mask;      /* rules that paid or pay a contract serving the same deal */
};

static inline const char *
cand_project(const struct cand *c)
{
	return c->extra ? c->extra->project : NULL;
}

static inline int64_t
cand_served(const struct cand *c)
{
	return c->extra ? c->extra->served : 0;
}

static inline int64_t
cand_served_amount(const struct cand *c)
{
	return c->extra ? c->extra->served_amount : 0;
}

/* The committed run that paid a contract (the last one read), for X_PAID. */
struct paid_run {
	uint32_t cand, seq;
	int64_t run;
};

/* A payment of a candidate: money received, net of its reversals. */
struct pay {
	int64_t id;
	int64_t net;  /* the amount less every reversal of it, never below 0 */
	int64_t tech; /* its technology part: what remains of the verified amount */
	uint32_t cand;
	uint32_t counted_first; /* what earlier rounds counted: run.counted[first..+n) */
	uint16_t counted_n;
	char date[11];
};
/* What a committed round of this policy counted of a payment under a rule. */
struct counted {
	uint32_t rule; /* COUNTED_ALL: a rule renamed since counts for every rule */
	int64_t fen;
};
#define COUNTED_ALL UINT32_MAX
/* Money of one contract under one rule, in a window. */
struct money {
	int64_t net, tech;             /* not counted before by the rule */
	int64_t gross_net, gross_tech; /* all of it */
};

/* An exclusion: a contract a rule does not pay, and why.  A contract has
 * one at most per rule, and there are about as many as contracts: they are
 * kept as one code byte per contract and rule (run.xcode), the figures of
 * the few reasons that give any aside (run.xfig), and made whole when
 * they are listed. */
struct excl {
	uint32_t cand;
	uint16_t rule;
	uint8_t code;
	int64_t a, b;
};
#define XCODE_LISTED 0x80 /* in run.xcode: the exclusion is listed in the result */
struct excl_fig {
	uint64_t at; /* cand * nrules + rule */
	int64_t a, b;
};

/* one award: a row of the result */
struct row {
	size_t rule;
	int64_t party;       /* party id; 0 for the agency */
	const char *project; /* for project units */
	int64_t cand;        /* contract units: the candidate index */
	uint32_t first, last, n; /* contract members in registry order (linked through next[]) */
	uint32_t prev; /* growth: index + 1 in run.prevs of last year's sums; 0 = none */
	int64_t base_fen, award_fen;
	bool capped, traced;
	int band;            /* the band used, or -1 */
	const char *binding; /* the cap that bound: a unit name, "vat_paid", "band" or NULL */
	int64_t binding_fen;
	uint32_t contrib_off, contrib_n; /* contracts it pays */
	int64_t prev_fen;                /* committed before under the same cap */
};

struct arena {
	char **blocks;
	size_t nblocks, used, size;
};

struct run {
	tcreg_registry *reg;
	const tcreg_codes *codes;
	const struct tcreg_policy *p;
	int year;
	struct arena arena;
	struct party *parties;
	size_t nparties;
	uint32_t *party_at; /* party id -> index + 1 (0 = none), for ids up to max_party */
	int64_t max_party;
	struct cand *c;
	size_t nc;
	uint32_t *cand_at; /* contract id - min_cand -> index + 1 (0 = none); NULL = search */
	int64_t min_cand, max_cand;
	struct pay *pays;
	size_t npays;
	struct counted *counted;
	size_t ncounted;
	struct paid_run *paid_runs; /* by candidate, then as read */
	size_t npaid_runs, cappaid_runs;
	uint32_t *by_served; /* candidates that serve a deal, by the deal's id */
	size_t nby_served;
	bool borrowed; /* parties, arena and the id maps belong to a shared load (compare) */
	struct tcreg__award_base *base; /* that load, which takes c and pays back for the next policy */
	uint8_t *xcode; /* [cand * nrules + rule]: its exclusion's code (X_NONE: none), | XCODE_LISTED */
	struct excl_fig *xfig; /* by at, once the rules are worked out */
	size_t nxfig, capxfig;
	struct row *rows;
	size_t nrows, caprows;
	struct prev_sums { /* growth rules: a unit's sums over the same windows a year earlier */
		int64_t sums[POL_NBASE];
	} *prevs;
	size_t nprevs, capprevs;
	uint32_t *contrib;
	size_t ncontrib, capcontrib;
	uint32_t *next;
	struct award_facts facts;
	bool have_facts;
	char *agency_name;
	const char *cat_detail[100]; /* a two-digit category's words in an exclusion's detail */
	/* explain */
	int64_t target_cand, target_party;
	char *scope; /* the contracts explaining target_cand needs, "(id,...)"; NULL = all */
	json_t *trace;
	sqlite3_stmt *prev_applicant, *prev_project, *prev_contract, *pay_detail;
	tcreg_status st;
};

/* Room for one more element in the growing array arr of cap elements with
 * n in use (doubling from first); false when memory ran out.  A macro, so
 * that the array is reallocated through its own type. */
#define ROOM_FOR_ONE(arr, cap, n, first)                                               \
	((n) < (cap) || ({                                                              \
		 size_t want_ = (cap) ? (cap) * 2 : (first);                              \
		 __typeof__(arr) p_ = realloc((arr), want_ * sizeof(*(arr)));             \
		 if (p_) {                                                                \
			 (arr) = p_;                                                      \
			 (cap) = want_;                                                   \
		 }                                                                        \
		 p_ != NULL;                                                              \
	 }))


/* ---- the registry as the run reads it (award/load.c) ---- */

tcreg_status tcreg__aw_load_parties(struct run *R);
/* The contracts that can matter to the policy, in registration order. */
tcreg_status tcreg__aw_load_contracts(struct run *R);
const struct party *tcreg__aw_party_by_id(const struct run *R, int64_t id);
void tcreg__aw_arena_free(struct arena *a);

/* ---- output shared with the record (award.c) ---- */

/* An applicant's name (the agency's for 0). */
const char *tcreg__aw_party_name(const struct run *R, int64_t id);
/* The unit an award is made per: the widest of the base and the caps. */
const char *tcreg__aw_row_unit(const struct pol_rule *r);

/* ---- the record of a commit (award/commit.c) ---- */

/* Record the run, its awards, their contracts and money, and the audit
 * record; *run_id is the run's id. */
tcreg_status tcreg__aw_record(struct run *R, int64_t total, int64_t *run_id);

/* award/load.c: the union of the rules' registration or payment windows for
 * the award year (open bounds as 0000-01-01 / 9999-12-31) */
void tcreg__aw_union_window(const struct run *R, bool payments, char lo[11], char hi[11]);
/* award/load.c: a candidate's index by contract id, or -1 */
int64_t tcreg__aw_cand_by_id(const struct run *R, int64_t id);

/* ---- what --explain of one contract reads (award/scope.c) ---- */

/* Set R->scope when the awards that include R->target_cand depend only on
 * the contracts of its units (every rule per contract or per project). */
tcreg_status tcreg__aw_scope(struct run *R);
/* Prepare sql, whose one "%s" is replaced by cond (with the scope's id
 * list for each "%s" of its own) when the run is scoped, else by nothing. */
tcreg_status tcreg__aw_prepare(struct run *R, sqlite3_stmt **st, const char *sql, const char *cond);

/* ---- several policies on one load (award.c, for award-compare.c) ---- */
struct tcreg__award_base;
tcreg_status tcreg__award_base_load(tcreg_registry *reg, const tcreg_policy *const *policies, size_t n,
				    int year, struct tcreg__award_base **out);
void tcreg__award_base_free(struct tcreg__award_base *b);
size_t tcreg__award_result_contract_ids(const tcreg_award_result *res, size_t i, int64_t *ids, size_t n);
tcreg_status tcreg__award_result_get_lean(tcreg_award_result *res, size_t i, struct tcreg_award_info *out);
tcreg_status tcreg__award_run_on(struct tcreg__award_base *b, const struct tcreg_award_opts *o,
				 tcreg_award_result **out, tcreg_diags **diags);

/* ---- the money (award-money.c) ---- */

/* Read the payments of the candidates: each positive payment up to the end
 * of the policy's payment windows, net of every reversal recorded, with
 * its technology part (payments in date order, each counted up to what
 * remains of the verified technology amount), and what earlier committed
 * rounds of this policy counted of it, per rule. */
tcreg_status tcreg__aw_load_payments(struct run *R);
/* The same in two halves: the payments alone (shared by the policies of a
 * comparison), then what this policy's rounds counted and the technology
 * parts that follow from it. */
tcreg_status tcreg__aw_read_payments(struct run *R);
tcreg_status tcreg__aw_attach_counted(struct run *R);
/* The contracts with money in the policy's payment windows, as a bitmap of
 * ids up to *max_id: when every rule's base is money, no other contract
 * can be paid, and only those of the award year are listed as excluded. */
tcreg_status tcreg__aw_with_money(struct run *R, uint8_t **bits, int64_t *max_id);
/* Whether a rule counts the technology part of money (else all of it). */
bool tcreg__aw_counts_tech(const struct pol_rule *r);
/* The money of a contract in a window [from, to] ("" = open), and what of
 * it this rule has not counted before. */
struct money tcreg__aw_money(const struct run *R, size_t rule, const struct cand *c,
			     const char *from, const char *to);
/* What earlier rounds counted of a payment under a rule. */
int64_t tcreg__aw_counted(const struct run *R, const struct pay *p, size_t rule);
/* Record, for a committed award, the money of one contract it counted
 * (ins: INSERT INTO award_payment(policy, rule, payment_id, award_id,
 * counted_fen)). */
tcreg_status tcreg__aw_record_money(struct run *R, sqlite3_stmt *ins, size_t rule, const char *from,
				    const char *to, const struct cand *c, int64_t award_id);

#endif
