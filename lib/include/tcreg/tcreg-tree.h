/* SPDX-License-Identifier: MIT
 * tcreg-tree.h - the library's results as jansson trees, for callers that
 * read them (the tcreg command does) rather than print them.
 *
 * Ownership, stated once: every json_t * handed out through **out is the
 * caller's, one reference of its own, released with json_decref(); the
 * library keeps no pointer into it, so the caller may change it.  On
 * failure *out is NULL.  An iterator's *out is NULL at the end.
 *
 * Each function has a text sibling in tcreg.h (tcreg_X_json) that is this
 * tree printed, byte for byte: the shapes are documented there.  The trees
 * are of the jansson the library was built with; link it (pkg-config
 * jansson) to use them.
 */
#ifndef TCREG_TREE_H
#define TCREG_TREE_H

#include <jansson.h>

#include <tcreg/tcreg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* tcreg_contract_json */
TCREG_API tcreg_status tcreg_contract_tree(tcreg_registry *reg, int64_t id, int full, json_t **out);
/* tcreg_cursor_next: the next contract; *out NULL at the end */
TCREG_API tcreg_status tcreg_cursor_next_tree(tcreg_cursor *c, json_t **out);
/* tcreg_queue_json */
TCREG_API tcreg_status tcreg_queue_tree(tcreg_registry *reg, json_t **out);
/* tcreg_queue_next: the next entry; *out NULL at the end */
TCREG_API tcreg_status tcreg_queue_next_tree(tcreg_queue *q, json_t **out);
/* tcreg_certificate_json */
TCREG_API tcreg_status tcreg_certificate_tree(tcreg_registry *reg, int64_t id, json_t **out);
/* tcreg_report_json */
TCREG_API tcreg_status tcreg_report_tree(tcreg_registry *reg, const char *period, json_t **out);
/* tcreg_report_check */
TCREG_API tcreg_status tcreg_report_check_tree(tcreg_registry *reg, json_t **out);
/* tcreg_risks_json */
TCREG_API tcreg_status tcreg_risks_tree(tcreg_registry *reg, int year, int64_t contract_id, const char *point,
					json_t **out);
/* tcreg_points_json */
TCREG_API tcreg_status tcreg_points_tree(tcreg_registry *reg, json_t **out);
/* tcreg_operators_json */
TCREG_API tcreg_status tcreg_operators_tree(tcreg_registry *reg, json_t **out);
/* tcreg_policy_json */
TCREG_API tcreg_status tcreg_policy_tree(const tcreg_policy *p, json_t **out);
/* tcreg_award_history_json */
TCREG_API tcreg_status tcreg_award_history_tree(tcreg_registry *reg, const char *policy, json_t **out);
/* tcreg_award_compare_json (*diags as there) */
TCREG_API tcreg_status tcreg_award_compare_tree(tcreg_registry *reg, const struct tcreg_compare_opts *o,
						json_t **out, tcreg_diags **diags);
/* tcreg_award_result_head */
TCREG_API tcreg_status tcreg_award_result_head_tree(const tcreg_award_result *r, json_t **out);
/* award i as tcreg_award_info.json has it */
TCREG_API tcreg_status tcreg_award_result_award_tree(tcreg_award_result *r, size_t i, json_t **out);
/* award i's basis and allocation as tcreg_award_info.basis_json has them */
TCREG_API tcreg_status tcreg_award_result_basis_tree(tcreg_award_result *r, size_t i, json_t **out);

#ifdef __cplusplus
}
#endif

#endif
