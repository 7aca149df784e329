# the statistics of a month with a year earlier to compare, in every format
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2025-10-01 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
# October 2025: three registrations, one later cancelled
TCREG_NOW=2025-10-09 tcreg -q certify HGD-2025-0301 --accept --deduct equipment=500000
TCREG_NOW=2025-10-20 tcreg -q certify HGC-2025-011 --accept
TCREG_NOW=2025-10-28 tcreg -q certify KXY-2025-044 --accept
TCREG_NOW=2025-11-03 tcreg -q certify KXY-2025-044 --cancel --reason 合同解除
# October 2026: five, one large, one changed, one revoked
TCREG_NOW=2026-09-30 tcreg -q --operator reviewer1 certify HGD-2025-0801 --review --expert 张明 --opinion 同意
TCREG_NOW=2026-10-08 tcreg -q certify HGD-2025-0801 --accept
TCREG_NOW=2026-10-09 tcreg -q certify HGD-2025-0317 --accept
TCREG_NOW=2026-10-12 tcreg -q certify HGC-2025-012 --accept
TCREG_NOW=2026-10-13 tcreg -q certify NY-2025-009 --accept
TCREG_NOW=2026-10-14 tcreg -q certify ZJ-2025-003 --accept
TCREG_NOW=2026-10-20 tcreg -q certify HGC-2025-012 --change --set total_amount=500000 --set tech_amount=500000
TCREG_NOW=2026-10-21 tcreg -q certify ZJ-2025-003 --revoke --reason V03
TCREG_NOW=2026-03-02 tcreg -q certify KXY-2025-060 --accept
tcreg report --month 2026-10
tcreg report --month 2026-10 -O json
tcreg report --month 2026-10 -O csv
tcreg report --month 2026-10 -O md
tcreg report --quarter 2026-Q4 -o q4.html
python3 -c "import xml.dom.minidom as m; d = m.parse('q4.html'); print('well-formed;', len(d.getElementsByTagName('svg')), 'charts')"
TCREG_NOW=2026-11-02 tcreg report --month last -o last.json -q
raw -q report --month 2026-10 -O json > oct.json
python3 "$TCREG_SOURCE/tests/report-crosscheck.py" "$TCREG_DB" oct.json
raw -q report --year 2026 -O json > y.json
python3 "$TCREG_SOURCE/tests/report-crosscheck.py" "$TCREG_DB" y.json
raw -q report --quarter 2025-Q4 -O json > q.json
python3 "$TCREG_SOURCE/tests/report-crosscheck.py" "$TCREG_DB" q.json
cmp last.json oct.json && echo "last month is October, byte for byte"
raw -q report --month 2026-10 -O csv --encoding gb18030 | iconv -f gb18030 -t utf-8 | head -2
raw -q report --month 2026-10 -O csv --bom | head -c 3 | od -An -tx1
tcreg report --month 2026-13
tcreg report --quarter 2026-Q5
tcreg report --month 2026-10 --year 2026
tcreg report --month 2026-10 -o report.pdf
tcreg report --month 2026-10 -O html --bom
tcreg report --month 2026-10 -o /nonexistent/dir/r.txt
