# verified technology amount = contract amount - the non-technical deductions
tcreg -q init --agency-name 哈尔滨市技术合同登记站 --region 2301 --point 03
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
tcreg certify HGD-2025-0301 --accept --deduct equipment=500000 --deduct 'raw_material=1,234.56' --deduct 'other=100:运费'
tcreg certify HGD-2025-0301 --certificate
tcreg certify HGC-2025-012 --accept --deduct equipment=450000.01
tcreg certify HGC-2025-012 --accept --deduct other=100
tcreg certify HGC-2025-012 --accept --deduct furniture=100 --deduct equipment=-5 --deduct nonsense
tcreg certify HGC-2025-012 --accept --deduct equipment=450000 --category 技术秘密转让
raw show --json HGC-2025-012 | python3 -c "import json,sys; c=json.load(sys.stdin); print(c['subtype'], c['verified_tech_amount_fen'], c['deductions'])"
tcreg certify HGD-2025-0301 --change --deduct equipment=3000000
tcreg certify HGD-2025-0301 --change --deduct equipment=2000000
tcreg certify HGD-2025-0301 --change --set contract_no=X --set colour=red --set sign_date=2025-02-30
tcreg certify HGD-2025-0301 --certificate -O json
# the certificate of a changed contract says so: each change registered, its date and what it touched
TCREG_NOW=2026-02-03 tcreg -q certify HGD-2025-0301 --change --set project_name=高寒风电叶片除冰系统开发
tcreg certify HGD-2025-0301 --certificate
# --set takes the ledger's Chinese headers too, amounts in 万 as the ledger writes them
TCREG_NOW=2026-02-04 tcreg -q certify HGD-2025-0301 --change --set 合同成交额=310万 --set '技术交易额（万元）=260'
tcreg show HGD-2025-0301 --json | grep -E '"(total|tech)_amount_fen"'
tcreg certify HGD-2025-0301 --change --set 颜色=red
