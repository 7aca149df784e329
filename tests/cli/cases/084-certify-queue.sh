# deadlines in working days across the 2026 Mid-Autumn and National Day holidays
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2026-09-18 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
TCREG_NOW=2026-09-18 tcreg certify --queue
TCREG_NOW=2026-10-09 tcreg certify --queue --json
TCREG_NOW=2026-10-16 tcreg certify --queue
# supplement stops the clock; resubmission restarts it
export TCREG_OPERATOR=clerk2
TCREG_NOW=2026-10-16 tcreg certify HGD-2025-0301 --supplement --note 缺少附件
TCREG_NOW=2026-12-24 tcreg certify HGD-2025-0301 --resubmit
# a deadline in a year without a calendar file counts Monday to Friday, and says so
TCREG_NOW=2026-12-24 tcreg certify --queue
