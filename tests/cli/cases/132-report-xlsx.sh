# tcreg report as an Excel workbook: a sheet per table with a Chinese name,
# Chinese headers, amounts in 元 as numbers exact to the fen (the text report
# rounds to 万元), shares and growth as percentages, dates and months as
# date cells, every header row frozen; read back with openpyxl
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2025-10-01 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
TCREG_NOW=2025-10-09 tcreg -q certify HGD-2025-0301 --accept --deduct equipment=500000
TCREG_NOW=2025-10-20 tcreg -q certify HGC-2025-011 --accept
TCREG_NOW=2026-09-30 tcreg -q --operator reviewer1 certify HGD-2025-0801 --review --expert 张明 --opinion 同意
TCREG_NOW=2026-10-08 tcreg -q certify HGD-2025-0801 --accept
TCREG_NOW=2026-10-09 tcreg -q certify HGD-2025-0317 --accept
TCREG_NOW=2026-10-12 tcreg -q certify HGC-2025-012 --accept
TCREG_NOW=2026-10-20 tcreg -q certify HGC-2025-012 --change --set total_amount=500000.01 --set tech_amount=500000.01
tcreg report --month 2026-10 -o 'report-{period}.xlsx'
raw -q report --month 2026-10 -O json > oct.json
/usr/bin/python3 - <<'PY'
import datetime, json, openpyxl
wb = openpyxl.load_workbook("report-2026-10.xlsx")
rep = json.load(open("oct.json"))
print(wb.sheetnames)
bad = [n for n in wb.sheetnames if len(n) > 31 or any(c in n for c in "[]:*?/\\")]
print("sheet names Excel refuses:", bad)
print("frozen:", sorted({ws.freeze_panes for ws in wb}))
print("made on", wb.properties.created, wb.properties.title)
ov = wb["总览"]
print([c.value for c in ov[1]])
print([(c.value, type(c.value).__name__, c.number_format) for c in ov[2]])
cat = wb["按合同类别"]
for row in cat.iter_rows(min_row=2, max_row=5):
    print(row[0].value, "indent", row[0].alignment.indent, [c.value for c in row[1:5]], row[8].value)
# every amount, share and growth is the JSON's, exactly
names = dict(overview="总览", by_category="按合同类别", by_tech_field="按技术领域",
             by_seller_nature="技术输出（按卖方性质）", by_buyer_nature="技术吸纳（按买方性质）",
             by_region_flow="按地区流向", by_ip_type="按知识产权类型", by_plan_source="按计划来源",
             by_objective="按社会经济目标", by_point="按登记点", by_seller_city="按卖方所在城市",
             tax_linked="涉税合同", by_province_flow="按省份流向",
             inflow_registered_elsewhere="其他机构登记的吸纳合同", quality="质量标记")
print("tables without a sheet:", set(rep["tables"]) - set(names) - {"large_contracts", "trend"})
keys = [c.value for c in ov[1]]
fields = ["count", "total_amount_fen", "tech_amount_fen", "share_bp", "prev_count", "prev_total_amount_fen",
          "prev_tech_amount_fen", "growth_count_bp", "growth_total_bp", "growth_tech_bp", "ytd_count",
          "ytd_total_amount_fen", "ytd_tech_amount_fen", "average_fen"]
checked = wrong = 0
for t, sheet in names.items():
    rows = list(wb[sheet].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(rep["tables"][t]), t
    for r, j in zip(rows, rep["tables"][t]):
        for f, v in zip(fields, r[1:]):
            want = j.get(f)
            if want is None:
                ok = v is None
            elif f.endswith("_fen"):
                ok = v == want / 100 and round(v * 100) == want
            elif f.endswith("_bp"):
                ok = v == want / 10000
            else:
                ok = v == want and isinstance(v, int)
            checked += 1
            wrong += not ok
print(checked, "cells checked against the JSON,", wrong, "wrong")
for name in ("大额合同", "近13个月走势", "报告信息"):
    ws = wb[name]
    print(name, [c.value for c in ws[1]])
    for row in ws.iter_rows(min_row=2, max_row=min(3, ws.max_row)):
        print("  ", [(c.value, c.number_format) if isinstance(c.value, (datetime.datetime, float, int)) else c.value for c in row])
PY
# the same registry and period give the same bytes
raw -q report --month 2026-10 -o again.xlsx
cmp report-2026-10.xlsx again.xlsx && echo "the same bytes"
# a workbook needs a file, and CSV's options are CSV's
tcreg report --month 2026-10 -O xlsx
tcreg report --month 2026-10 -o r.xlsx --encoding gb18030
tcreg report --month 2026-10 -O xlsx -o /nonexistent/dir/r.xlsx
ls
