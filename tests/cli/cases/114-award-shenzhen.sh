# Shenzhen: the least of registered 1000万, invoiced 900万 and received 850万
# is 850万; 80 % of a 6 % VAT is 40.8万; VAT actually paid 30万 → 30万.
# Invoiced and VAT paid come from a facts file; bad facts stop the run.
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/award/shenzhen.csv" 2020-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/shenzhen-payments.csv"
tcreg award --policy shenzhen --year 2020 --facts "$TESTDATA/award/shenzhen-facts.csv"
tcreg award --policy shenzhen --year 2020 --facts "$TESTDATA/award/shenzhen-facts.csv" --explain Z-01
tcreg award --policy shenzhen --year 2020
tcreg award --policy shenzhen --year 2020 --facts "$TESTDATA/award/shenzhen-facts-bad.csv"
tcreg award --policy shenzhen --year 2020 --facts nonexistent.csv
