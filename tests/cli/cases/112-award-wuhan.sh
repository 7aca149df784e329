# Wuhan: the enterprise inflow subsidy summed per applicant and year (300万 →
# 6万, 249万 → 0, 6000万 → 100万), the registration station (30000万 → 6万,
# 400000万 → 50万), and the 2025 university round (750万 received → 15万)
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init 武汉东湖技术合同登记站 4201
register_all "$TESTDATA/award/wuhan-2019.csv" 2019-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/wuhan-2020.csv" 2020-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/wuhan-2025.csv" 2025-03-01 >/dev/null 2>&1
payments "$TESTDATA/award/wuhan-2019-payments.csv"
payments "$TESTDATA/award/wuhan-2025-payments.csv"
tcreg award --policy wuhan-2020 --year 2019
tcreg award --policy wuhan-2020 --year 2020 -o w2020.json
python3 -m json.tool --no-ensure-ascii w2020.json
tcreg award --policy wuhan-2020 --year 2019 --explain 武汉东湖技术合同登记站
tcreg award --policy wuhan-2025 --year 2025
tcreg award --policy wuhan-2025 --year 2025 --explain E-25
