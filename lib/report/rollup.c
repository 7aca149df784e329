/* SPDX-License-Identifier: MIT
 * rollup.c - the report's rollups (schema 9): what tcreg report counts,
 * summed by month, registration point, dimension and key, kept in the
 * transaction of every change to a contract or a party, summed again by
 * the check, made anew by the rebuild.
 *
 * One definition of what a contract adds (FACTS) serves all three: the
 * temporary triggers (this connection's, like the seal's) take a
 * contract's rows away before a change and add them back after it, the
 * rebuild sums them over every contract, and the check compares that sum
 * with the table.  Derived data, never sealed: the contracts are, and a
 * difference (rows written outside tcreg, a table edited by hand) is what
 * the check is for.  Keys are codes, not names: the report names them, so
 * a code table's wording never makes a rollup stale.
 */
#include <jansson.h>
#include <string.h>

#include "tcreg-private.h"
#include "tcreg/tcreg-tree.h"

/* The registration point a contract is filed at (schema 8). */
#define POINT_ID "c.point_id"

#define COUNTED "('registered', 'changed', 'cancelled', 'revoked', 'external')"

/* Each dimension by the class of contract it counts: 1 registered or
 * changed (in the totals), 2 cancelled or revoked, 3 registered by
 * another office.  A NULL key adds nothing ('related' only counts the
 * related). */
#define DIMS                                                                                      \
	"(SELECT 1 AS class, 'cat' AS dim UNION ALL SELECT 1, 'field' UNION ALL SELECT 1, 'snat' "      \
	"UNION ALL SELECT 1, 'bnat' UNION ALL SELECT 1, 'region' UNION ALL SELECT 1, 'ip' "             \
	"UNION ALL SELECT 1, 'plan' UNION ALL SELECT 1, 'obj' UNION ALL SELECT 1, 'point' "             \
	"UNION ALL SELECT 1, 'related' UNION ALL SELECT 2, 'inactive' UNION ALL SELECT 3, 'external')"
/* the parties as registered (a registered contract keeps them) */
#define S_REGION "coalesce(c.seller_region_reg, s.region, '')"
#define B_REGION "coalesce(c.buyer_region_reg, b.region, '')"
#define CODE(x) "coalesce('=' || " x ", '')" /* '' none, '=' and the code */
#define KEY                                                                                       \
	"CASE d.dim WHEN 'cat' THEN c.category || ':' || (coalesce(c.licence_years, 0) >= 5) "         \
	"WHEN 'field' THEN c.tech_field "                                                              \
	"WHEN 'snat' THEN coalesce(c.seller_nature_reg, s.nature, '') "                                \
	"WHEN 'bnat' THEN coalesce(c.buyer_nature_reg, b.nature, '') "                                 \
	"WHEN 'region' THEN " S_REGION " || '>' || " B_REGION " "                                      \
	"WHEN 'ip' THEN " CODE("c.ip_type") " WHEN 'plan' THEN " CODE("c.plan_source") " "            \
	"WHEN 'obj' THEN " CODE("c.objective") " "                                                     \
	"WHEN 'point' THEN coalesce(c.agency_point_reg, '') || char(31) || coalesce(c.agency_name_reg, '') " \
	"WHEN 'related' THEN CASE WHEN c.related_party = 1 THEN '1' END "                              \
	"WHEN 'inactive' THEN '' WHEN 'external' THEN " S_REGION " END"
/* What the contracts that pass `where` add: month, point_id, dim, key,
 * total, tech (one row per dimension).  CROSS JOIN: contract first, each
 * of its rows joined to the few dimensions of its class; +reg_date: all
 * the contracts are read in table order, not through the date index. */
#define FACTS(where)                                                                              \
	"SELECT * FROM (SELECT substr(c.reg_date, 1, 7) AS month, " POINT_ID " AS point_id, "          \
	"d.dim AS dim, " KEY " AS key, c.total_amount_fen AS total, "                                  \
	"coalesce(c.verified_tech_amount_fen, c.tech_amount_fen) AS tech "                             \
	"FROM main.contract c CROSS JOIN main.party s CROSS JOIN main.party b CROSS JOIN " DIMS " d "   \
	"WHERE s.id = c.seller_id AND b.id = c.buyer_id AND +c.reg_date IS NOT NULL AND (" where ") "     \
	"AND d.class = CASE WHEN c.status IN ('registered', 'changed') THEN 1 "                        \
	"WHEN c.status IN ('cancelled', 'revoked') THEN 2 WHEN c.status = 'external' THEN 3 END) "     \
	"WHERE key IS NOT NULL"

/* Add (sign "+") or take away (sign "-") what the contracts of `where`
 * add; a row that comes to nothing goes.  (Triggers name the table they
 * write unqualified: SQLite allows no other.) */
#define APPLY(sign, where)                                                                        \
	"INSERT INTO report_rollup(month, point_id, dim, key, n, total_fen, tech_fen) "                \
	"SELECT month, point_id, dim, key, " sign "1, " sign "total, " sign "tech FROM (" FACTS(where) \
	") WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n, "                                  \
	"total_fen = total_fen + excluded.total_fen, tech_fen = tech_fen + excluded.tech_fen;"
#define EMPTIED(month) "DELETE FROM report_rollup WHERE month = " month " AND n = 0;"

/* the columns FACTS reads: a change to any other touches no rollup */
#define COLUMNS                                                                                   \
	"status, reg_date, category, licence_years, tech_field, seller_id, buyer_id, "                 \
	"seller_nature_reg, buyer_nature_reg, seller_region_reg, buyer_region_reg, ip_type, "          \
	"plan_source, objective, agency_point_reg, agency_name_reg, related_party, point_id, "         \
	"total_amount_fen, tech_amount_fen, verified_tech_amount_fen"
/* the counted contracts that follow a party's region and nature (not yet
 * registered with their own: those registered by SQL, outside tcreg).
 * Every counted contract has a registration number: contract_twin and
 * contract_buyer_reg find them, through IN (an OR of the two sides would
 * read every contract). */
#define OF_PARTY(p)                                                                               \
	"c.id IN (SELECT id FROM main.contract WHERE seller_id = " p " AND reg_no IS NOT NULL "        \
	"UNION ALL SELECT id FROM main.contract WHERE buyer_id = " p " AND reg_no IS NOT NULL) "       \
	"AND (c.seller_id = " p " AND (c.seller_region_reg IS NULL OR c.seller_nature_reg IS NULL) "   \
	"OR c.buyer_id = " p " AND (c.buyer_region_reg IS NULL OR c.buyer_nature_reg IS NULL))"
#define PARTY_CHANGED "OLD.region IS NOT NEW.region OR OLD.nature IS NOT NEW.nature"

static const char install_sql[] =
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_contract_i AFTER INSERT ON main.contract "
	"WHEN NEW.status IN " COUNTED " BEGIN " APPLY("+", "c.id = NEW.id") " END;\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_contract_u0 BEFORE UPDATE OF " COLUMNS
	" ON main.contract WHEN OLD.status IN " COUNTED " BEGIN " APPLY("-", "c.id = OLD.id")
	EMPTIED("substr(OLD.reg_date, 1, 7)") " END;\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_contract_u1 AFTER UPDATE OF " COLUMNS
	" ON main.contract WHEN NEW.status IN " COUNTED " BEGIN " APPLY("+", "c.id = NEW.id") " END;\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_contract_d BEFORE DELETE ON main.contract "
	"WHEN OLD.status IN " COUNTED " BEGIN " APPLY("-", "c.id = OLD.id")
	EMPTIED("substr(OLD.reg_date, 1, 7)") " END;\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_party_u0 BEFORE UPDATE OF region, nature "
	"ON main.party WHEN " PARTY_CHANGED " BEGIN " APPLY("-", OF_PARTY("OLD.id"))
	"DELETE FROM report_rollup WHERE n = 0; END;\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_rollup_party_u1 AFTER UPDATE OF region, nature "
	"ON main.party WHEN " PARTY_CHANGED " BEGIN " APPLY("+", OF_PARTY("NEW.id")) " END;\n";

/* sum() of SQLite stops the statement on an integer overflow; the
 * triggers' additions turn into a REAL instead, which the report takes
 * for the overflow it is.  Summing the high and the low 32 bits apart
 * (neither can overflow) and joining them does the same. */
#define ISUM(x) "(sum(" x " >> 32) * 4294967296 + sum(" x " & 4294967295))"

static const char rebuild_sql[] =
	"DELETE FROM main.report_rollup;\n"
	"INSERT INTO main.report_rollup(month, point_id, dim, key, n, total_fen, tech_fen) "
	"SELECT month, point_id, dim, key, count(*), " ISUM("total") ", " ISUM("tech") " FROM (" FACTS("1") ") "
	"GROUP BY 1, 2, 3, 4;\n";

/* Each row where the sum of the contracts and the table differ: month,
 * point, dimension, key, what the contracts add up to (count, total,
 * tech; NULL for none) and what the table holds. */
static const char check_sql[] =
	"WITH want AS (SELECT month, point_id, dim, key, count(*) AS n, " ISUM("total") " AS t, "
	ISUM("tech") " AS k FROM (" FACTS("1") ") GROUP BY 1, 2, 3, 4) "
	"SELECT coalesce(w.month, r.month), coalesce(w.point_id, r.point_id), coalesce(w.dim, r.dim), "
	"coalesce(w.key, r.key), w.n, w.t, w.k, r.n, r.total_fen, r.tech_fen "
	"FROM want w FULL JOIN main.report_rollup r ON r.month = w.month AND r.point_id = w.point_id "
	"AND r.dim = w.dim AND r.key = w.key "
	"WHERE w.n IS NOT r.n OR w.t IS NOT r.total_fen OR w.k IS NOT r.tech_fen ORDER BY 1, 2, 3, 4";

tcreg_status
tcreg__rollup_install(tcreg_registry *reg)
{
	return tcreg__exec(reg, install_sql, TCREG_ERR_DB, N_("installing the report rollups' triggers"));
}

tcreg_status
tcreg__rollup_rebuild(tcreg_registry *reg)
{
	return tcreg__exec(reg, rebuild_sql, TCREG_ERR_DB, N_("summing the contracts into the report rollups"));
}

tcreg_status
tcreg_report_rebuild(tcreg_registry *reg)
{
	return tcreg__admin_rebuild(reg, "report_rebuild", tcreg__rollup_rebuild);
}

static json_t *
sums(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return json_pack("{s:I, s:I, s:I}", "count", (json_int_t)sqlite3_column_int64(st, col),
			 "total_amount_fen", (json_int_t)sqlite3_column_int64(st, col + 1),
			 "tech_amount_fen", (json_int_t)sqlite3_column_int64(st, col + 2));
}

tcreg_status
tcreg_report_check_tree(tcreg_registry *reg, json_t **out)
{
	*out = NULL;
	if (!reg)
		return TCREG_ERR_USAGE;
	sqlite3_stmt *st;
	tcreg_status s = tcreg__prepare(reg, &st, check_sql);
	if (s != TCREG_OK)
		return s;
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(
			a, json_pack("{s:s, s:I, s:s, s:s, s:o, s:o}", "month", sqlite3_column_text(st, 0),
				     "point_id", (json_int_t)sqlite3_column_int64(st, 1), "dim",
				     sqlite3_column_text(st, 2), "key", sqlite3_column_text(st, 3),
				     "expected", sums(st, 4), "found", sums(st, 7)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return tcreg__db_err(reg, rc, "summing the contracts to check the report rollups");
	}
	*out = a;
	return a ? TCREG_OK : TCREG_ERR_NOMEM;
}

tcreg_status
tcreg_report_check(tcreg_registry *reg, char **json)
{
	json_t *a;
	tcreg_status s = tcreg_report_check_tree(reg, &a);
	return tcreg__tree_text(s, a, JSON_COMPACT | JSON_PRESERVE_ORDER, json);
}
