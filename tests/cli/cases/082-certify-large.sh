# the large-contract track: an expert review first, the long deadline
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
tcreg certify --queue --json
tcreg certify HGD-2025-0801 --accept
tcreg --operator reviewer1 certify HGD-2025-0801 --review --expert 张明 --opinion 同意认定为技术开发合同
tcreg certify HGD-2025-0801 --accept
# 860万 less 170万 of equipment is still above 500万
tcreg certify HGD-2025-0520 --accept --deduct equipment=1700000
# below the threshold after deductions: the normal track
tcreg certify HGD-2025-0520 --accept --deduct equipment=3700000
tcreg config large_threshold 1000000
tcreg certify HGC-2025-011 --accept
tcreg config large_threshold 五百万
tcreg show HGD-2025-0801
