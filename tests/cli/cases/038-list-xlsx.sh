# tcreg list as an Excel workbook: the ledger's Chinese headers, amounts in
# 元 as numbers shown #,##0.00, dates as date cells, the header row frozen;
# read back with openpyxl, and read back by tcreg itself as a ledger.
raw -q init
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_OPERATOR=clerk2 tcreg -q certify HGC-2025-011 --accept --deduct equipment=200000
tcreg list -o 合同.xlsx
tcreg list --seller 王建国 --totals -O xlsx -o 王.xlsx
ls
/usr/bin/python3 - <<'PY'
import openpyxl
wb = openpyxl.load_workbook("合同.xlsx")
ws = wb.active
print(wb.sheetnames, "frozen at", ws.freeze_panes, "rows", ws.max_row, "columns", ws.max_column)
print([c.value for c in ws[1]])
for r in (2, 4, 11):  # a plain one, the registered one, the note with a line break
    print([(c.value, c.number_format) if c.number_format != "General" else c.value for c in ws[r]][:27])
w = openpyxl.load_workbook("王.xlsx").active
print([[c.value for c in row][:14] for row in w.iter_rows()])
PY
# tcreg reads its own workbook as a ledger: the same contracts
raw -q --db "$TMP"/back.db init
tcreg --db "$TMP"/back.db register --csv 合同.xlsx
for db in reg back; do
	raw --db "$TMP/$db.db" list --json | /usr/bin/python3 -c '
import json, sys
keep = ("contract_no", "project_name", "category_code", "seller", "buyer", "total_amount_fen", "tech_amount_fen",
        "sign_date", "valid_from", "valid_to", "tech_field", "ip_type", "pay_method", "related_party", "note")
print(json.dumps([{k: c[k] for k in keep} for c in json.load(sys.stdin)], ensure_ascii=False))' >"$db.json"
done
cmp reg.json back.json && echo "read back: the same contracts"
# a workbook needs a file; -O takes a known format, alone
tcreg list -O xlsx
tcreg list -O pdf -o x.pdf
tcreg list -O xlsx --json -o x.xlsx
tcreg list -o x.xlsx --headers zh
