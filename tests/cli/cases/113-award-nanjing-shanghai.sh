# Nanjing: absorber 600万 → 30万, 2400万 → 100万; broker on a 600万 deal →
# 5万; institution on a 2000万 deal → 40万; another on a 500万 deal → 10万, and
# the broker of that same deal gets nothing (one intermediary per deal).  Shanghai bands on the whole amount:
# 400万 → 0, 800万 → 15万, 3000万 → 45万 (team at most 13.5万), 6000万 → 60万,
# 9000万 → 80万
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/award/nanjing.csv" 2021-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/nanjing-intermediaries.csv" 2021-07-30 >/dev/null 2>&1
register_all "$TESTDATA/award/shanghai.csv" 2016-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/nanjing-payments.csv"
tcreg award --policy nanjing-2021 --year 2021
tcreg award --policy nanjing-2021 --year 2021 --explain N-10
# the deal an intermediary served is a field a change can set: only on a
# 技术中介 contract, only to a registered deal
TCREG_OPERATOR=clerk2 tcreg certify N-10 --change --set served_contract=2021230001000001
TCREG_OPERATOR=clerk2 tcreg certify N-10 --change --set served_contract=2021230001009999
TCREG_OPERATOR=clerk2 tcreg certify N-01 --change --set served_contract=2021230001000002
tcreg show N-10 | grep -E 'Deal served|Category'
tcreg award --policy shanghai-2016 --year 2016
tcreg award --policy shanghai-2016 --year 2016 --explain 上海紫竹技术转移有限公司
