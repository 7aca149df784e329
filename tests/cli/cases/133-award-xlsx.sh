# tcreg award as an Excel workbook: a row per award (Chinese headers, 元 as
# numbers exact to the fen, 是/否), a row per contract an award pays on a
# sheet of its own (the registration agency's award covers them all), the
# contracts not awarded with the reason, what the run is and what to check;
# the committed runs (--history) too.  Checked against the CSV with openpyxl.
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init 武汉东湖技术合同登记站 4201
register_all "$TESTDATA/award/wuhan-2019.csv" 2019-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/wuhan-2019-payments.csv"
tcreg award --policy wuhan-2020 --year 2019 -o w.xlsx
raw -q award --policy wuhan-2020 --year 2019 -O csv > w.csv
cat > check.py <<'PY'
import csv, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
print(wb.sheetnames, "frozen:", sorted({ws.freeze_panes for ws in wb}))
aw = wb["奖补"]
print([c.value for c in aw[1]])
awards = [r for r in rows if r["kind"] == "award"]
lines = list(aw.iter_rows(min_row=2, values_only=True))
total = lines.pop()
wrong = 0
for r, x in zip(awards, lines):
    base, award = int(r["base_fen"]), int(r["award_fen"])
    wrong += not (x[1] == r["rule"] and x[2] == r["applicant"] and x[7] == len(r["contracts"].split())
                  and x[8] == base / 100 and x[9] == award / 100 and round(x[9] * 100) == award
                  and x[11] == {"true": "是", "false": "否"}[r["capped"]])
print(len(lines), "awards,", wrong, "unlike the CSV; total", total[0], total[9],
      "=", sum(int(r["award_fen"]) for r in awards) / 100)
print("formats:", sorted({c.number_format for c in aw[2][8:11]}), "types:", sorted({type(c.value).__name__ for c in aw[2][7:11]}))
print("why:", repr(lines[0][12]))
paid = [(x[0], x[3]) for x in wb["奖补合同"].iter_rows(min_row=2, values_only=True)]
want = [(i + 1, n) for i, r in enumerate(awards) for n in r["contracts"].split()]
print(len(paid), "contracts paid, as in the CSV:", paid == want)
ex = [(x[0], x[1], x[2]) for x in wb["未获奖补"].iter_rows(min_row=2, values_only=True)]
print("not awarded, as in the CSV:", ex == [(r["contracts"], r["rule"], r["code"]) for r in rows if r["kind"] == "excluded"])
print([c.value for c in wb["未获奖补"][2]])
for x in wb["说明"].iter_rows(values_only=True):
    print("  ", x)
PY
/usr/bin/python3 check.py w.xlsx w.csv
# why, in the reader's language; the headers stay Chinese
TCREG_LANG=zh raw -q award --policy wuhan-2020 --year 2019 -o zh.xlsx
/usr/bin/python3 -c '
import openpyxl
ws = openpyxl.load_workbook("zh.xlsx")["奖补"]
print(ws["C1"].value, ws["M1"].value, ws["M2"].value, ws["M3"].value)'
# committed, then the history
tcreg -q award --policy wuhan-2020 --year 2019 --commit -o run.xlsx
/usr/bin/python3 -c '
import openpyxl
print([x for x in openpyxl.load_workbook("run.xlsx")["说明"].iter_rows(min_row=6, max_row=8, values_only=True)])'
tcreg award --history -o h.xlsx
raw award --history -O csv > h.csv
/usr/bin/python3 - <<'PY'
import csv, datetime, openpyxl
wb = openpyxl.load_workbook("h.xlsx")
rows = list(csv.DictReader(open("h.csv", encoding="utf-8")))
ws = wb["已提交的奖补"]
print(wb.sheetnames, ws.freeze_panes)
print([c.value for c in ws[1]])
x = [c for c in ws[2]]
print([(c.value, c.number_format) if isinstance(c.value, (datetime.datetime, float, int)) else c.value for c in x])
money = lambda v: "" if v is None else round(v * 100)  # an award on a base of money counts it
got = [(x[1], x[2].isoformat(), x[8], money(x[11]), money(x[12]), money(x[14])) for x in ws.iter_rows(min_row=2, values_only=True)]
want = [(int(r["run_id"]), r["committed_at"], r["applicant"], int(r["base_fen"]), int(r["award_fen"]),
         r["counted_fen"] and int(r["counted_fen"])) for r in rows]
print(len(got), "awards, as in the CSV:", got == want)
print("contracts:", [x[3] for x in wb["奖补合同"].iter_rows(min_row=2, values_only=True)] ==
      [n for r in rows for n in r["contracts"].split()])
PY
# a workbook needs a file; --explain is read on the screen
tcreg award --policy wuhan-2020 --year 2019 -O xlsx
tcreg award --policy wuhan-2020 --year 2019 --explain 2019420101000001 -O xlsx -o e.xlsx
tcreg award --policy wuhan-2020 --year 2019 -o w.md
tcreg award --history -O pdf
