# hlj-2017-rules: buyer > 200万 (exclusive), seller 50–200万 (both inclusive),
# 100万 per unit per year; and hlj-2024: 100万 threshold per single contract,
# payments up to the next year's cut-off, a project cap of 1000万
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/award/hlj-2017-rules.csv" 2025-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/hlj-2024.csv" 2024-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/hlj-2017-rules-payments.csv"
payments "$TESTDATA/award/hlj-2024-payments.csv"
tcreg award --policy hlj-2017-rules --year 2025
tcreg award --policy hlj-2017-rules --year 2025 --explain 东北林业大学
tcreg award --policy hlj-2024 --year 2024
tcreg award --policy hlj-2024 --year 2024 --explain K-01
# not in force before 2024
tcreg award --policy hlj-2024 --year 2023
# in Chinese: an open end is 今, not "now"
TCREG_LANG=zh tcreg award --policy hlj-2024 --year 2023
