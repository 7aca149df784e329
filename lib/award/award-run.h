/* SPDX-License-Identifier: MIT
 * award-run.h - the award engine's working state, shared by its parts (a
 * run goes through them in this order):
 *   award.c        the run: its checks, what it reads first, the order of
 *                  the rules, the transaction; several policies on one load
 *   load.c         parties and contracts as read;  scope.c  what --explain
 *                  of one contract reads;  award-money.c  the money
 *                  (payments, their technology part, what earlier rounds
 *                  counted)
 *   paid.c         what committed runs paid, and the deals intermediaries
 *                  served
 *   eligibility.c  whether a rule may pay a contract at all (struct rule_ctx)
 *   units.c        a rule's eligible contracts grouped into rows (units)
 *   evaluate.c     a row worked out: per-contract awards or the unit's
 *                  base, the rate, the caps, the rounding
 *   rates.c        the arithmetic (bases, thresholds, rates, rounding) and
 *                  its words
 *   exclusions.c   why a contract gets nothing: the codes, their figures,
 *                  their words, which are listed
 *   explain.c      the steps of --explain
 *   output.c       the result as JSON;  result.c  the result one award or
 *                  exclusion at a time
 *   commit.c       the record of a commit;  history.c  committed runs
 * Private to libtcreg.
 */
#ifndef TCREG_AWARD_RUN_H
#define TCREG_AWARD_RUN_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "award.h"
#include "tcreg/tcreg-tree.h"
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
	int64_t year_fen; /* of it, by rounds of this run's year (a year's money, award-money.c) */
};
#define COUNTED_ALL UINT32_MAX
/* What a committed round counted of a payment the run did not read (one
 * dated after the payment windows), by the contract it is of: it still
 * takes its share of the contract's verified technology amount. */
struct counted_off {
	int64_t contract;
	uint32_t rule; /* as in struct counted */
	int64_t fen;
};
/* Money of one contract under one rule, in a window. */
struct money {
	int64_t net, tech;             /* not counted before by the rule */
	int64_t gross_net, gross_tech; /* all of it */
	int64_t before_net, before_tech; /* counted by earlier rounds of the rule, of these payments */
};

/* The figures an exclusion's detail shows, by the family of its code; the
 * other codes have none (both zero).  16 bytes whatever the family. */
union excl_figs {
	int64_t raw[2];                                   /* as kept: all zero = none */
	struct { int64_t fen; } base;                     /* X_THRESHOLD, X_BAND: the base */
	struct { int64_t vat_paid; } fact;                /* X_NO_FACT: 1 the VAT paid, 0 the amount invoiced */
	struct { int64_t previous_fen, before_fen; } cap; /* X_CAP_USED, X_ROUNDED: earlier awards under
							     the cap, the award before the caps */
	struct { int64_t current_fen, previous_fen; } growth; /* X_NO_GROWTH: this year's base, last year's */
};
#define NO_FIGS ((union excl_figs){ .raw = { 0, 0 } })

/* An exclusion: a contract a rule does not pay, and why.  A contract has
 * one at most per rule, and there are about as many as contracts: they are
 * kept as one code byte per contract and rule (run.xcode), the figures of
 * the few reasons that give any aside (run.xfig, 24 bytes each: a run can
 * keep hundreds of thousands, so neither struct may grow), and made whole
 * when they are listed. */
struct excl {
	uint32_t cand;
	uint16_t rule;
	uint8_t code;
	union excl_figs figs;
};
#define XCODE_LISTED 0x80 /* in run.xcode: the exclusion is listed in the result */
struct excl_fig {
	uint64_t at; /* cand * nrules + rule */
	union excl_figs figs;
};
_Static_assert(sizeof(struct excl) == 24 && sizeof(struct excl_fig) == 24, "an exclusion stays 24 bytes");

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

/* A contract's place in R->c by its id, however sparse the ids
 * (cand-index.c): a bit per id from min to max, the bits set before each
 * 64-bit word, and the places in id order; or, for ids too far apart for
 * bits, (id, place) pairs sorted by id. */
struct cand_pair {
	int64_t id;
	uint32_t at;
};
struct cand_index {
	int64_t min, max;
	uint64_t *bits;
	uint32_t *before;
	uint32_t *at;
	struct cand_pair *pairs;
	size_t npairs;
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
	struct cand_index cix; /* contract id -> index in c (cand-index.c) */
	struct pay *pays;
	size_t npays;
	struct counted *counted;
	size_t ncounted;
	struct counted_off *counted_off; /* by contract id */
	size_t ncounted_off, capcounted_off;
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


/* What a rule is worked out with (eligibility.c). */
struct rule_ctx {
	const struct pol_rule *r;
	size_t ri;
	uint32_t group_mask; /* the other rules of its exclusive group */
	char reg_from[11], reg_to[11], pay_from[11], pay_to[11];
	char prev_reg_from[11], prev_reg_to[11], prev_pay_from[11], prev_pay_to[11]; /* growth */
	int level_row; /* 0 contract, 1 project, 2 applicant */
	/* verdicts worked out once per rule: per party (PARTY_* bits) and per
	 * two-digit category code (-1 not yet known, 0 no, 1 yes) */
	uint8_t *party_ok;
	signed char category_ok[100];
};
enum { PARTY_NATURE = 1, PARTY_REGION = 2, PARTY_C_NATURE = 4, PARTY_C_REGION = 8, PARTY_PERSON = 16 };

struct tcreg_award_result {
	struct run R;
	int64_t run_id, total;
	uint32_t *awards; /* rows that pay */
	size_t nawards;
	size_t nexcluded; /* listed exclusions */
	size_t xcur, xcur_at; /* the last one asked for, and its place in R.xcode */
	struct tcreg__buf scratch, basis;
	const char **contracts; /* scratch for tcreg_award_info.contracts */
	size_t ncontracts_cap;
	const char *bases[POL_NBASE + 1]; /* scratch for the typed basis */
	struct tcreg_award_share *shares;
	size_t nshares_cap;
	char pct[32];
	char det[256], msg[512], reason[256];
};

/* ---- what committed runs paid, the deals served (paid.c) ---- */

/* Index the intermediary contracts of the run by the deal they served. */
bool tcreg__aw_index_served(struct run *R);
/* Rules (mask) paid a contract: every contract serving the same deal learns it. */
void tcreg__aw_served_paid(struct run *R, const struct cand *c, uint32_t mask);
/* The committed run that paid candidate ci: the last one read (0: none). */
int64_t tcreg__aw_run_that_paid(const struct run *R, uint32_t ci);
/* Contracts this policy has paid in committed runs, by rule. */
tcreg_status tcreg__aw_load_committed(struct run *R);

/* ---- eligibility (eligibility.c) ---- */

void tcreg__aw_init_ctx(const struct run *R, size_t ri, struct rule_ctx *x);
/* The rule's verdict on every party, once (x->party_ok, to be freed). */
bool tcreg__aw_party_verdicts(const struct run *R, struct rule_ctx *x);
/* Why the rule cannot pay the contract (X_NONE: it can; *a is then the
 * money it counts, for a base of money). */
enum xcode tcreg__aw_check(const struct run *R, struct rule_ctx *x, const struct cand *c, int64_t *a);
/* What the contract is and who its parties are, against the rule. */
enum xcode tcreg__aw_check_kind(const struct run *R, struct rule_ctx *x, const struct cand *c);
bool tcreg__aw_in_window(const char *date, const char *from, const char *to);
const struct party *tcreg__aw_applicant(const struct run *R, const struct rule_ctx *x, const struct cand *c);
const struct party *tcreg__aw_counterparty(const struct run *R, const struct rule_ctx *x, const struct cand *c);
/* The money of a contract in the rule's payment window not counted before
 * by the rule. */
struct money tcreg__aw_received(const struct run *R, const struct rule_ctx *x, const struct cand *c);

/* ---- rows and evaluation (units.c, evaluate.c) ---- */

/* Group the rule's eligible contracts into rows and work each out. */
void tcreg__aw_eval_rule(struct run *R, struct rule_ctx *x);
/* Work out one row; contracts it cannot pay are excluded with the reason. */
void tcreg__aw_eval_row(struct run *R, const struct rule_ctx *x, struct row *w);

/* ---- the arithmetic and its words (rates.c) ---- */

/* The contract's value of each base kind selected (its money given). */
void tcreg__aw_components(const struct cand *c, unsigned base, struct money m, int64_t v[POL_NBASE]);
int64_t tcreg__aw_least(unsigned base, const int64_t v[POL_NBASE]);
bool tcreg__aw_threshold_ok(const struct pol_rule *r, int64_t base);
/* The award before caps, in millionths of a fen; -1 when no band holds the
 * base.  *band is the band used (band rates) for the explanation. */
i128 tcreg__aw_apply_rate(const struct pol_rule *r, int64_t base, int *band, bool *capped);
/* The award of the money new to this run (rates.c): what the year's base
 * earns less what the base of the money counted before earned. */
i128 tcreg__aw_rate_of_new(const struct pol_rule *r, int64_t year, int64_t before, int *band, bool *capped);
int64_t tcreg__aw_round(const struct tcreg_policy *p, i128 micro);
/* "1234.5" fen from millionths of a fen, exactly. */
char *tcreg__aw_exact(i128 micro, char *buf, size_t n);
/* "30", "0.05", "2.5" percent from ppm */
char *tcreg__aw_pct(int64_t ppm, char *buf, size_t n);
void tcreg__aw_base_desc(const struct pol_rule *r, char *buf, size_t n);
void tcreg__aw_rate_desc(const struct pol_rule *r, int band, char *buf, size_t n);

/* ---- exclusions (exclusions.c) ---- */

/* The rule does not pay the candidate, for code (with its figures); false
 * (R->st set) when memory ran out. */
bool tcreg__aw_exclude(struct run *R, size_t cand, size_t rule, enum xcode code, union excl_figs figs);
/* The exclusion at place at of R->xcode, whole (R->xfig sorted by then). */
struct excl tcreg__aw_excl_at(const struct run *R, size_t at);
const char *tcreg__aw_xcode_name(enum xcode code);
/* The words of a category in an exclusion: its subcategory, else its name. */
const char *tcreg__aw_category_detail(const struct run *R, const char *cat);
void tcreg__aw_excl_detail(const struct run *R, const struct excl *e, char *buf, size_t n);
/* The English reason of an exclusion: its msgid with the detail. */
void tcreg__aw_excl_reason(const struct excl *e, const char *det, char *msg, size_t n);
/* Mark the exclusions listed in the result; *n is how many. */
bool tcreg__aw_list_exclusions(struct run *R, size_t *n);

/* ---- --explain (explain.c) ---- */

/* Is the contract (of applicant ap, NULL: the agency) explained? */
bool tcreg__aw_traced(const struct run *R, const struct cand *c, const struct party *ap);
/* One step of the explanation: o (taken) under the step's kind and rule. */
void tcreg__aw_step(struct run *R, const char *kind, const struct rule_ctx *x, json_t *o);
json_t *tcreg__aw_micro_json(i128 m);
void tcreg__aw_trace_payments(struct run *R, const struct rule_ctx *x, const struct cand *c, int64_t rec);
json_t *tcreg__aw_components_json(unsigned base, const int64_t v[POL_NBASE], bool contract);
/* The step of a contract's eligibility (why: its exclusion, X_NONE: none). */
void tcreg__aw_trace_eligibility(struct run *R, const struct rule_ctx *x, size_t ci, const struct party *ap,
				 enum xcode why, int64_t rec);
/* The steps of a base, a threshold, a rate and the rounding; c: of that
 * contract, NULL: of the row's unit. */
void tcreg__aw_trace_base(struct run *R, const struct rule_ctx *x, const struct cand *c, const int64_t v[POL_NBASE],
			  int64_t b);
void tcreg__aw_trace_threshold(struct run *R, const struct rule_ctx *x, const struct cand *c, int64_t b, bool ok);
void tcreg__aw_trace_rate(struct run *R, const struct rule_ctx *x, const struct cand *c, int band, i128 a);
void tcreg__aw_trace_rounding(struct run *R, const struct rule_ctx *x, i128 exact, int64_t award);

/* ---- the result (output.c, result.c) ---- */

/* What an award's basis is made of: enough to write it again while the
 * policy lives (the comparison keeps one per applicant and policy). */
struct aw_basis {
	const struct pol_rule *r;
	const char *binding; /* w->binding: static words or the policy's */
	int64_t binding_fen, award_fen;
	uint32_t summed; /* contracts summed, 0 = none */
	int band;
};
struct aw_basis tcreg__aw_basis_of(const struct run *R, const struct row *w);
/* The tier whose percentage the basis shows (NULL: none), and share j of
 * the allocation: at least rounded up to the fen, at most rounded down
 * (-1: no such bound).  The one arithmetic of the text, tree and typed
 * basis (result.c). */
const struct pol_tier *tcreg__aw_shown_tier(const struct aw_basis *b);
struct tcreg_award_share tcreg__aw_share(const struct aw_basis *b, size_t j);
/* A JSON string of s, "" for NULL: the trees' strings. */
static inline json_t *
tcreg__aw_jstr(const char *s)
{
	return json_string(s ? s : "");
}
/* {"basis": ..., "allocation": [...]} of b, as output.c writes it; NULL
 * when memory ran out. */
json_t *tcreg__aw_basis_tree(const struct aw_basis *b);

/* Why a row's award is what it is, in English (stable). */
void tcreg__aw_row_reason(const struct run *R, const struct row *w, char *out, size_t n);
/* An award as JSON; returns where its "basis" key starts in b. */
size_t tcreg__aw_write_award(struct tcreg__buf *b, const struct run *R, const struct row *w);
const char *tcreg__aw_party_uscc(const struct run *R, int64_t id);

/* ---- the registry as the run reads it (award/load.c) ---- */

tcreg_status tcreg__aw_load_parties(struct run *R);
/* The contracts that can matter to the policy, in registration order. */
tcreg_status tcreg__aw_load_contracts(struct run *R);
const struct party *tcreg__aw_party_by_id(const struct run *R, int64_t id);
void tcreg__aw_arena_free(struct arena *a);

/* ---- output shared with the record (output.c) ---- */

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
/* cand-index.c: build the index of the n contracts c (false: out of
 * memory, nothing kept); an id's place, or -1; free it. */
bool tcreg__aw_cix_build(struct cand_index *x, const struct cand *c, size_t n);
int64_t tcreg__aw_cix_find(const struct cand_index *x, int64_t id);
void tcreg__aw_cix_free(struct cand_index *x);

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
/* Of it, what rounds of this run's year counted. */
int64_t tcreg__aw_counted_this_year(const struct run *R, const struct pay *p, size_t rule);
/* What remains of the contract's verified technology amount for a rule
 * counting technology money once its committed rounds took theirs, of any
 * of the contract's payments (INT64_MAX for a rule counting all money);
 * what this run counts under a rule of payment p of contract c, in a
 * window: its part not counted before, for a rule counting technology
 * money at most what remains of the contract's verified technology amount
 * once every committed round and the contract's earlier payments in the
 * window have taken theirs (--explain: the same figure as the run). */
int64_t tcreg__aw_tech_room(const struct run *R, size_t rule, const struct cand *c);
int64_t tcreg__aw_counts_now(const struct run *R, size_t rule, const struct cand *c, const char *from,
			     const char *to, const struct pay *p);
/* Record, for a committed award, the money of one contract it counted
 * (ins: INSERT INTO award_payment(policy, rule, payment_id, award_id,
 * counted_fen)). */
tcreg_status tcreg__aw_record_money(struct run *R, sqlite3_stmt *ins, size_t rule, const char *from,
				    const char *to, const struct cand *c, int64_t award_id);

#endif
