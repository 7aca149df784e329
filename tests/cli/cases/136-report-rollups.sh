# the report's rollups: kept by every decision, checked against the
# contracts, drift named after an edit outside tcreg, rebuilt (audited)
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2025-10-01 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
TCREG_NOW=2025-10-09 tcreg -q certify HGD-2025-0301 --accept --deduct equipment=500000
TCREG_NOW=2025-10-20 tcreg -q certify HGC-2025-011 --accept
TCREG_NOW=2025-10-28 tcreg -q certify KXY-2025-044 --accept
TCREG_NOW=2025-11-03 tcreg -q certify KXY-2025-044 --cancel --reason 合同解除
TCREG_NOW=2025-11-04 tcreg -q certify HGC-2025-011 --change --set total_amount=3000000 --set tech_amount=2000000
TCREG_NOW=2025-11-05 tcreg -q certify NY-2025-009 --external 2025110001000123 --agency 北京技术市场管理办公室 --reg-date 2025-10-30
tcreg report --check
tcreg report --check -O json
raw -q report --month 2025-10 -O json > before.json
# an edit outside tcreg: the contract's seal no longer matches, and the
# rollups no longer add up to the contracts
sqlite3 "$TCREG_DB" "UPDATE contract SET total_amount_fen = total_amount_fen + 100, tech_field = '01' WHERE contract_no = 'HGD-2025-0301'"
tcreg report --check
raw report --check -O json | python3 -c "import json, sys; d = json.load(sys.stdin); print(len(d), json.dumps(d[2], ensure_ascii=False))"
raw -q report --month 2025-10 -O json | cmp -s - before.json && echo "the report still shows the rollups as kept"
# a rollup row edited or deleted by hand
sqlite3 "$TCREG_DB" "DELETE FROM report_rollup WHERE dim = 'inactive'"
tcreg report --check
tcreg report --rebuild
tcreg report --check
raw -q report --month 2025-10 -O json > after.json
python3 "$TCREG_SOURCE/tests/report-crosscheck.py" "$TCREG_DB" after.json
sqlite3 "$TCREG_DB" "SELECT action, entity, operator FROM audit ORDER BY id DESC LIMIT 1"
tcreg report --check --month 2025-10
tcreg report --rebuild -O json
tcreg report --check -O csv
tcreg report --check --rebuild
