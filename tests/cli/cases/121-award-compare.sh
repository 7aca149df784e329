# What each policy would pay, side by side, nothing committed: the demo
# registry under hlj-2017 and hlj-2024; every compared total equals the
# policy run alone; a range of years; a budget shared pro rata or first come;
# text, CSV, JSON, HTML and an Excel workbook.
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/award/hlj-2017.csv" 2025-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/hlj-2024.csv" 2024-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/hlj-2017-payments.csv"
payments "$TESTDATA/award/hlj-2024-payments.csv" 2>/dev/null
tcreg award --compare hlj-2017 hlj-2024 --year 2025
# the compared totals are those of each policy alone
raw award --compare hlj-2017 hlj-2024 hlj-2017-rules --year 2024..2025 -O json -o c.json
for p in hlj-2017 hlj-2024 hlj-2017-rules; do
	for y in 2024 2025; do raw -q award --policy $p --year $y -O json -o "$p-$y.json" 2>/dev/null || echo "{\"total_award_fen\": 0}" > "$p-$y.json"; done
done
python3 -c '
import json
c = json.load(open("c.json"))
for p in c["policies"]:
    alone = sum(json.load(open(p["policy"] + "-%d.json" % y))["total_award_fen"] for y in (2024, 2025))
    print(p["policy"], p["total_award_fen"], "alone:", alone, "equal" if alone == p["total_award_fen"] else "DIFFERENT",
          "not in force:", p["not_in_force"])
print("changes:", [(x["applicant"], x["award_fen"]) for x in c["changes"][:3]])'
# a budget of 150万 a year: hlj-2017 pro rata; the same rule spent first come
tcreg award --compare hlj-2017 "$TESTDATA/policies/hlj-2017-first-come.yaml" --year 2025 --budget 150万 -O json | python3 -c '
import json, sys
for p in json.loads(sys.stdin.read().split("\n", 1)[1])["policies"]:
    for b in p["budget"]:
        print(p["policy"], b["rule"], b["awards_fen"], "->", b["paid_fen"], "cut:", [(x["applicant"], x["award_fen"], x["paid_fen"]) for x in b["cut"]])'
# the same budget as text, in both languages: the awards cut, counted as awards
tcreg award --compare hlj-2017 --year 2025 --budget 150万 | grep -A1 'budget'
TCREG_LANG=zh tcreg award --compare hlj-2017 --year 2025 --budget 150万 | grep -A1 '预算'
tcreg award --compare hlj-2017 hlj-2024 --year 2025 -O csv
tcreg award --compare hlj-2017 hlj-2024 --year 2025 -o c.html
grep -c '<svg' c.html
tcreg award --compare hlj-2017 hlj-2024 --year 2025 -o c.xlsx
/usr/bin/python3 -c '
import openpyxl
wb = openpyxl.load_workbook("c.xlsx")
print(wb.sheetnames)
for row in wb["总览"].iter_rows(values_only=True):
    print(row)
print(wb["总览"]["B2"].number_format)'
# in Chinese
TCREG_LANG=zh tcreg award --compare hlj-2017 hlj-2024 --year 2025 | head -8
# a policy with errors stops everything before anything runs
tcreg award --compare hlj-2017 "$TESTDATA/policies/bad-keys.yaml" --year 2025
tcreg award --compare hlj-2017 --year 20x5
tcreg award --compare hlj-2017 --year 2025 -O xlsx
