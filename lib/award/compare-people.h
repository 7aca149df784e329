/* SPDX-License-Identifier: MIT
 * compare-people.h - the applicants of a comparison of policies, each with its award under
 * every policy: kept in plain arrays, for a registry has a million. */
#ifndef TCREG_COMPARE_PEOPLE_H
#define TCREG_COMPARE_PEOPLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tcreg_award_info;
struct aw_basis;
struct cmp_people;

struct cmp_people *tcreg__people_new(size_t npolicies);
void tcreg__people_free(struct cmp_people *pp);
/* Adds award a of policy k; *wants_reason is set when it is the
 * applicant's first under k.  False when out of memory. */
bool tcreg__people_add(struct cmp_people *pp, size_t k, const struct tcreg_award_info *a, bool *wants_reason);
/* The reason of the applicant's first award under k (a is that award,
 * read with its reason; b what its basis is made of, kept while the policy
 * lives).  False when out of memory. */
bool tcreg__people_reason(struct cmp_people *pp, size_t k, const struct tcreg_award_info *a,
			  const struct aw_basis *b);
/* The applicants whose award differs most between the policies, at most
 * limit of them, largest difference first. */
json_t *tcreg__people_changes(struct cmp_people *pp, size_t limit);

#endif
