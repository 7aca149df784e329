# the other shapes of domain.md §i.8, as test policies: 福建 agencies (base
# plus a rate on the excess: 5亿 → 20万), 宁波 institutions (marginal tiers:
# 2500万 → 30万), 兰州 brokers (per person and year: 300万 + 200万 → 20万)
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init 福建省技术市场 3500
register_all "$TESTDATA/award/shapes-2014.csv" 2014-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/shapes-2019.csv" 2019-06-30 >/dev/null 2>&1
register_all "$TESTDATA/award/shapes-2025.csv" 2025-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/shapes-payments.csv"
tcreg award --policy "$TESTDATA/policies/fujian-2019-agency.yaml" --year 2019
tcreg award --policy "$TESTDATA/policies/ningbo-2014-institution.yaml" --year 2014
tcreg award --policy "$TESTDATA/policies/lanzhou-2025-broker.yaml" --year 2025
tcreg award --policy "$TESTDATA/policies/lanzhou-2025-broker.yaml" --year 2025 --explain 李明
# out of force
tcreg award --policy "$TESTDATA/policies/fujian-2019-agency.yaml" --year 2020
