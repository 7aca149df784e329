# numbers by year, never reused after a revocation, and across the new year
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2 TCREG_NOW=2026-12-31
tcreg certify HGD-2025-0317 --accept
tcreg certify HGC-2025-011 --accept
tcreg certify HGC-2025-011 --revoke --reason V04 --note 当事人申请
tcreg certify HGC-2025-012 --accept
export TCREG_NOW=2027-01-04
tcreg certify KXY-2025-044 --accept
tcreg certify KXY-2025-051 --accept
tcreg list --status revoked --csv
tcreg config reg_no_template 'HL{year2}-{seq5}'
tcreg certify NY-2025-009 --accept
tcreg config reg_no_template '{year4}{nonsense}{seq6}'
tcreg config reg_no_template '{year4}'
