/* SPDX-License-Identifier: MIT
 * policy.h - an award policy as loaded from its YAML file (policy.c) and as
 * the award engine (award.c) applies it.  Private to libtcreg.
 *
 * Amounts are fen; rates are parts per million of the base (ppm), so
 * base_fen * ppm is the award in millionths of a fen, kept exact until the
 * policy's rounding is applied once at the end.
 */
#ifndef TCREG_POLICY_H
#define TCREG_POLICY_H

#include <stdbool.h>
#include <stdint.h>

/* What the rate is applied to (a bit set: min_of takes several). */
enum pol_base {
	BASE_RECEIVED = 1u << 0,      /* 实际到账: payments in the payment window */
	BASE_PAID = 1u << 1,          /* the same payments, seen from the buyer */
	BASE_CONTRACT = 1u << 2,      /* 合同成交额 */
	BASE_TECH = 1u << 3,          /* 核定技术交易额 (declared when not verified) */
	BASE_TECH_RECEIVED = 1u << 4, /* received, counted up to the tech amount */
	BASE_INVOICED = 1u << 5,      /* from the facts file, per applicant */
	BASE_SERVED = 1u << 6,        /* 技术中介: the verified amount of the deal it served */
};
#define POL_NBASE 7

/* Limits of a policy, checked when it is loaded (tcreg policy check) so
 * that award never refuses a file the check passed: the engine keeps one
 * bit per rule in 32-bit masks. */
#define POL_MAX_RULES 32
#define POL_MAX_FILE (4u << 20) /* a policy is a few kilobytes */

/* Levels of aggregation, from the finest. */
enum pol_unit { UNIT_CONTRACT, UNIT_PROJECT, UNIT_APPLICANT_YEAR, UNIT_PERSON_YEAR, UNIT_AGENCY_YEAR };
/* The applicant-level units share one level. */
static inline int
pol_level(enum pol_unit u)
{
	return u >= UNIT_APPLICANT_YEAR ? 2 : (int)u;
}

enum pol_role { ROLE_BUYER, ROLE_SELLER, ROLE_AGENCY };
enum pol_rate { RATE_FLAT, RATE_BAND, RATE_MARGINAL, RATE_BASE_PLUS };
enum pol_round { ROUND_DOWN, ROUND_HALF_UP, ROUND_UP };

/* A date given absolutely or relative to the award year ("Y+1-03-23"). */
struct pol_date {
	bool open;     /* no bound */
	bool relative; /* year = award year + year_off */
	int year, year_off, month, day;
};
struct pol_window {
	struct pol_date from, to;
	bool given;
};

struct pol_tier {
	int64_t from_fen, to_fen; /* band bounds / marginal tier [from, to) */
	bool has_to, from_incl, to_incl;
	int64_t ppm;
	int64_t cap_fen; /* band cap; -1 = none */
};

struct pol_cap {
	enum pol_unit per;
	int64_t amount_fen; /* -1 for a fact cap */
	bool fact_vat_paid;
};

struct pol_alloc {
	char *to;
	int64_t min_ppm, max_ppm; /* -1 when not given */
};

struct pol_party_filter {
	char **natures; /* nature codes; a group head matches its whole group */
	size_t nnatures;
	char **regions; /* region prefixes: "23" (province) or "2301" */
	size_t nregions;
};

struct pol_rule {
	char *name;
	long line;
	enum pol_role role;
	/* eligibility */
	char **categories; /* category codes; a category's own code takes its sub-types */
	size_t ncategories;
	struct pol_party_filter applicant, counterparty;
	bool exclude_related;
	struct pol_window registered, payments;
	char **checks; /* conditions a clerk confirms outside tcreg */
	size_t nchecks;
	/* base */
	unsigned base; /* enum pol_base bits; several = the least of them */
	enum pol_unit per;
	bool growth; /* the increase over the same windows a year earlier */
	/* threshold on the base of a unit */
	bool has_min, min_incl, has_max, max_incl;
	int64_t min_fen, max_fen;
	/* rate */
	enum pol_rate rate;
	struct pol_tier *tiers;
	size_t ntiers;
	int64_t plus_above_fen, plus_amount_fen, plus_ppm;
	/* caps and allocation */
	struct pol_cap *caps;
	size_t ncaps;
	struct pol_alloc *allocs;
	size_t nallocs;
};

struct pol_exclusive {
	size_t *rules; /* indexes into the policy's rules */
	size_t nrules;
	size_t prefer; /* index of the preferred rule */
};

struct tcreg_policy {
	char *path;
	char sha256[65];
	char *name, *title, *source, *source_url, *note;
	char in_force_from[11], in_force_to[11]; /* "" = open */
	int64_t round_fen; /* 1 (fen), 100 (元), 10000 (百元) or 1000000 (万元) */
	enum pol_round round_mode;
	struct pol_rule *rules;
	size_t nrules;
	struct pol_exclusive *exclusive;
	size_t nexclusive;
	bool budget_first_come; /* budget: {rule: first_come}; else pro rata */
};

/* Resolve a window bound for an award year into ISO form ("" when open);
 * relative and absolute bounds alike move by shift years (growth). */
void tcreg__pol_date_shift(const struct pol_date *d, int year, int shift, char iso[11]);
/* Resolve a window bound for an award year into ISO form ("" when open). */
void tcreg__pol_date(const struct pol_date *d, int year, char iso[11]);
const char *tcreg__pol_unit_name(enum pol_unit u);
const char *tcreg__pol_base_name(unsigned bit);
const char *tcreg__pol_role_name(enum pol_role r);
const char *tcreg__pol_rate_name(enum pol_rate r);
const char *tcreg__pol_round_name(int64_t round_fen);

#endif
