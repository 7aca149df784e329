# Fuqing: marginal tiers (5000万 → 15万 + 6万 = 21万; 4亿 → 126万 → 100万),
# the agency's base plus a marginal rate (1亿 → 5万 + 4.2万 = 9.2万; capped at
# 20万), the buyer's 20万 threshold (inclusive) and 20万 cap, and the agency's
# growth bonus (2024: 6亿 against 1亿 the year before → 0.1 ‰ of 5亿 = 5万;
# 2023 fell against 2022: nothing)
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init 福清市技术合同登记站 3500
register_all "$TESTDATA/award/fuqing-2022.csv" 2022-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/fuqing-2023.csv" 2023-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/fuqing-2024.csv" 2024-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/fuqing-payments.csv"
tcreg award --policy fuqing --year 2022
tcreg award --policy fuqing --year 2022 --explain F-02
tcreg award --policy fuqing --year 2023 -O csv
tcreg award --policy fuqing --year 2024
tcreg award --policy fuqing --year 2024 --explain 福清市技术合同登记站
