#!/usr/bin/env bash
# report-anchor.sh DB PERIOD - the anchor of bench/report.sh: what the report
# counts, by hand in sqlite3, for PERIOD (YYYY-MM or YYYY): the rows of the
# period and of the same period a year earlier and of the year to date,
# gathered once, then one GROUP BY per table of the report (three windows
# side by side) and the 13-month trend.  Prints nothing; time it.
set -euo pipefail
db=$1 p=$2
y=${p:0:4}
if [ ${#p} -eq 7 ]; then
	m=${p:5:2}
	from=$y-$m-01 to=$(date -d "$from +1 month -1 day" +%F)
	ytd=$y-01-01
else
	from=$y-01-01 to=$y-12-31 ytd=$from
fi
pfrom=$(date -d "$from -1 year" +%F) pto=$(date -d "$to -1 year" +%F)
tfrom=$(date -d "${to:0:7}-01 -12 months" +%F)
win="sum(reg_date BETWEEN '$from' AND '$to'), sum(CASE WHEN reg_date BETWEEN '$from' AND '$to' THEN t END),
	sum(CASE WHEN reg_date BETWEEN '$from' AND '$to' THEN k END),
	sum(reg_date < '$from'), sum(CASE WHEN reg_date < '$from' THEN t END),
	sum(CASE WHEN reg_date < '$from' THEN k END),
	sum(reg_date >= '$ytd'), sum(CASE WHEN reg_date >= '$ytd' THEN t END),
	sum(CASE WHEN reg_date >= '$ytd' THEN k END)"
g() { echo "SELECT $1, $win FROM f WHERE a GROUP BY 1;"; }
sqlite3 "$db" >/dev/null <<SQL
PRAGMA mmap_size = 4294967296;
PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE f AS SELECT c.reg_date, c.status IN ('registered', 'changed') AS a,
	c.status = 'external' AS x, c.category, c.tech_field, coalesce(c.seller_nature_reg, s.nature) AS sn,
	coalesce(c.buyer_nature_reg, b.nature) AS bn, coalesce(c.seller_region_reg, s.region) AS sr,
	coalesce(c.buyer_region_reg, b.region) AS br, c.ip_type, coalesce(c.related_party, 0) AS rel,
	c.total_amount_fen AS t, coalesce(c.verified_tech_amount_fen, c.tech_amount_fen) AS k,
	c.plan_source, c.objective, c.licence_years, c.agency_point_reg, c.agency_name_reg
	FROM (SELECT * FROM contract WHERE reg_date BETWEEN '$pfrom' AND '$pto' UNION ALL
	      SELECT * FROM contract WHERE reg_date BETWEEN '$ytd' AND '$to') c
	JOIN party s ON s.id = c.seller_id JOIN party b ON b.id = c.buyer_id
	WHERE +c.status IN ('registered', 'changed', 'cancelled', 'revoked', 'external');
$(g "'total'")
$(g category)
$(g tech_field)
$(g sn)
$(g bn)
$(g "sr, br")
$(g ip_type)
$(g plan_source)
$(g objective)
$(g "agency_point_reg, agency_name_reg")
$(g "substr(category, 1, 1), licence_years >= 5")
$(g rel)
SELECT x, $win FROM f WHERE NOT a GROUP BY 1, CASE WHEN x THEN sr END;
SELECT substr(reg_date, 1, 7), count(*), sum(total_amount_fen),
	sum(coalesce(verified_tech_amount_fen, tech_amount_fen)) FROM contract
	WHERE reg_date BETWEEN '$tfrom' AND '$to' AND +status IN ('registered', 'changed') GROUP BY 1;
SQL
