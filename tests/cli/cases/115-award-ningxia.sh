# Ningxia: buyer 1200万 → 360万; 1200万 + 800万 → 500万 (per year); a
# university's achievement licensed for 1000万 then 1500万 the next year →
# 50万 then 50万 (100万 per achievement over its life); agency 1.6亿 → 8万
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init 宁夏技术市场服务中心 6400
register_all "$TESTDATA/award/ningxia-2023.csv" 2023-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/ningxia-2024.csv" 2024-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/ningxia-payments.csv"
tcreg award --policy ningxia-2023 --year 2023 --commit
tcreg award --policy ningxia-2023 --year 2024
tcreg award --policy ningxia-2023 --year 2024 --explain X-11
tcreg award --policy ningxia-2023 --year 2024 --commit -q
tcreg award --history --policy ningxia-2023
