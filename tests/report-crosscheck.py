#!/usr/bin/env python3
"""report-crosscheck.py DB REPORT.json - check every total of a report against
independent SQL over the registry: the overview, each table's rows adding up
to it, the year-earlier and year-to-date windows, large contracts, trend."""
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
rep = json.load(open(sys.argv[2], encoding="utf-8"))
t = rep["tables"]
fails = []


def check(what, got, want):
    if got != want:
        fails.append(f"{what}: report {got}, SQL {want}")


def window(lo, hi, extra=""):
    return db.execute(
        "SELECT count(*), coalesce(sum(total_amount_fen), 0), "
        "coalesce(sum(coalesce(verified_tech_amount_fen, tech_amount_fen)), 0) FROM contract "
        "WHERE reg_date BETWEEN ? AND ? AND status IN ('registered', 'changed') " + extra,
        (lo, hi)).fetchone()


ov = t["overview"][0]
cur = window(rep["from"], rep["to"])
check("overview count", ov["count"], cur[0])
check("overview amount", ov["total_amount_fen"], cur[1])
check("overview tech", ov["tech_amount_fen"], cur[2])
prev = window(rep["previous"]["from"], rep["previous"]["to"])
check("previous count", ov["prev_count"], prev[0])
check("previous amount", ov["prev_total_amount_fen"], prev[1])
ytd = window(rep["ytd"]["from"], rep["ytd"]["to"])
check("ytd count", ov["ytd_count"], ytd[0])
check("ytd amount", ov["ytd_total_amount_fen"], ytd[1])
if prev[0]:
    want = round((cur[0] - prev[0]) * 10000 / prev[0])
    check("growth of the count (bp)", ov["growth_count_bp"], want)

for name in ("by_category", "by_tech_field", "by_seller_nature", "by_buyer_nature",
             "by_region_flow", "by_ip_type"):
    rows = [r for r in t[name] if r["level"] == 1]
    for field in ("count", "total_amount_fen", "tech_amount_fen", "ytd_count", "prev_count"):
        check(f"{name}: sum of {field}", sum(r[field] for r in rows), ov[field])

# each category against SQL by the category code's first digit
names = {"1": "技术开发", "2": "技术转让", "3": "技术许可", "4": "技术咨询", "5": "技术服务"}
for digit, name in names.items():
    want = window(rep["from"], rep["to"], f"AND substr(category, 1, 1) = '{digit}'")
    got = next((r for r in t["by_category"] if r["key"] == name), None)
    check(f"by_category {name} count", got["count"] if got else 0, want[0])
    check(f"by_category {name} amount", got["total_amount_fen"] if got else 0, want[1])

gone = db.execute("SELECT count(*), coalesce(sum(total_amount_fen), 0) FROM contract WHERE reg_date "
                  "BETWEEN ? AND ? AND status IN ('cancelled', 'revoked')",
                  (rep["from"], rep["to"])).fetchone()
q = {r["key"]: r for r in t["quality"]}
check("cancelled or revoked count", q["cancelled_or_revoked"]["count"], gone[0])
check("cancelled or revoked amount", q["cancelled_or_revoked"]["total_amount_fen"], gone[1])
rel = window(rep["from"], rep["to"], "AND related_party = 1")
check("related-party count", q["related_party"]["count"], rel[0])

threshold = int(db.execute("SELECT coalesce((SELECT value FROM config WHERE key = 'large_threshold'), "
                           "'5000000')").fetchone()[0]) * 100
large = window(rep["from"], rep["to"],
               f"AND coalesce(verified_tech_amount_fen, tech_amount_fen) >= {threshold}")
check("large contracts", len(t["large_contracts"]), large[0])

for m in t["trend"]:
    want = db.execute("SELECT count(*), coalesce(sum(total_amount_fen), 0) FROM contract WHERE "
                      "substr(reg_date, 1, 7) = ? AND status IN ('registered', 'changed')",
                      (m["month"],)).fetchone()
    check(f"trend {m['month']}", (m["count"], m["total_amount_fen"]), want)

if fails:
    print("\n".join("FAIL: " + f for f in fails))
    sys.exit(1)
print(f"ok: {rep['period']}: every total agrees with SQL ({ov['count']} contracts)")
