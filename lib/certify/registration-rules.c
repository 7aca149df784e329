/* SPDX-License-Identifier: MIT
 * registration-rules.c - the two rules that decide whether this office may
 * register a contract at all, asked on --accept (refused) and on import
 * (warned):
 *
 *   一次登记 (domain.md §0.3, §f.3; 不得重复登记, S48): a contract is
 *   registered once; a twin of a registered one (same seller and contract
 *   number, or same parties, project, signing date and amount) is refused,
 *   to be rejected with R11.
 *
 *   卖方登记制度, 按登记主体所在地一次登记 (DRAFT-2024 art 11, S3): an office
 *   registers the contracts of sellers in the area it serves; a technology
 *   import is filed by the domestic buyer, so it is the buyer who must be in
 *   the area then.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

tcreg_status
tcreg__registered_twin(tcreg_registry *reg, int64_t id, char **reg_no)
{
	*reg_no = NULL;
	sqlite3_stmt *st;
	/* the twin index (seller, buyer, signing date) finds the candidates */
	tcreg_status s = tcreg__prepare(reg, &st,
		"SELECT t.reg_no FROM contract c JOIN contract t ON t.seller_id = c.seller_id "
		"AND t.buyer_id = c.buyer_id AND t.sign_date = c.sign_date "
		"WHERE c.id = ?1 AND t.id <> c.id AND t.reg_no IS NOT NULL "
		"AND t.status IN ('registered', 'changed', 'external') "
		"AND t.project_name = c.project_name AND t.total_amount_fen = c.total_amount_fen "
		"UNION ALL SELECT t.reg_no FROM contract c JOIN contract t ON t.contract_no = c.contract_no "
		"AND t.seller_id = c.seller_id WHERE c.id = ?1 AND t.id <> c.id AND t.reg_no IS NOT NULL "
		"AND t.status IN ('registered', 'changed', 'external') LIMIT 1");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*reg_no = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return *reg_no ? TCREG_OK : TCREG_ERR_NOMEM;
	return rc == SQLITE_DONE ? TCREG_OK : tcreg__db_err(reg, rc, "looking for a registered twin");
}

tcreg_status
tcreg__point_area(tcreg_registry *reg, int64_t point_id, char **area)
{
	*area = NULL;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st,
					"SELECT coalesce(area, substr(region, 1, 2) || '00') FROM point WHERE id = ?");
	if (s != TCREG_OK)
		return s;
	sqlite3_bind_int64(st, 1, point_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*area = tcreg__strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return TCREG_OK; /* no profile yet: no area to keep to */
	if (rc != SQLITE_ROW)
		return tcreg__db_err(reg, rc, "reading the point's area");
	return *area ? TCREG_OK : TCREG_ERR_NOMEM;
}

/* A region is in an area: "all", or a list of codes where a province's
 * xx00 covers its cities. */
bool
tcreg__in_area(const char *area, const char *region)
{
	if (!area || strcmp(area, "all") == 0)
		return true;
	if (!region)
		return false;
	for (const char *p = area; *p;) {
		size_t n = strcspn(p, ",");
		if (n == 4 && (strncmp(p, region, 4) == 0 ||
			       (strncmp(p + 2, "00", 2) == 0 && strncmp(p, region, 2) == 0)))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

bool
tcreg__files_here(const char *area, const char *seller_region, const char *buyer_region,
		  const char *foreign)
{
	if (foreign && strcmp(foreign, "import") == 0) /* 技术进口: the domestic buyer files */
		return tcreg__in_area(area, buyer_region);
	return tcreg__in_area(area, seller_region);
}
