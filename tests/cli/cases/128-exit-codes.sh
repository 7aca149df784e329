# exit codes of cli-contract.md: what is not a registry is a data error (65);
# an output that is a directory cannot be created (73); only init creates a
# registry at a path given by --db or TCREG_DB, elsewhere a missing one is 66
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
echo "plain text, not a database at all, long enough for sqlite to look at it......" > text.db
tcreg --db text.db list
tcreg --db text.db register --csv "$TESTDATA/ledger-sample.csv"
sqlite3 other.db "CREATE TABLE t(x)"
tcreg --db other.db list
tcreg --db other.db init
mkdir out
tcreg --db out list
tcreg list -o out
tcreg report --month 2026-01 -O txt -o out
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
TCREG_OPERATOR=clerk2 raw -q certify 1 --accept >/dev/null
tcreg certify 1 --certificate -o out
# a mistyped --db: nothing is created, and the message says what to do
tcreg --db typo/regsitry.db register --csv "$TESTDATA/ledger-sample.csv"
TCREG_DB=typo/r.db tcreg config review_days 10
TCREG_LANG=zh tcreg --db typo/r.db register --csv "$TESTDATA/ledger-sample.csv"
ls
tcreg --db typo/r.db init
ls typo
