# a file with nothing to import is an error that saves nothing; a file with
# old Mac line ends (CR only) is read as an editor shows it
tcreg -q init
: > empty.csv
printf '\r\n\n' > blank.csv
head -1 "$TESTDATA/ledger-sample.csv" > header-only.csv
sed 's/\r$//' "$TESTDATA/ledger-sample.csv" | head -3 | tr '\n' '\r' > mac.csv
printf '登记编号,到账日期,到账金额,凭证号\r\n' > payments-header.csv
echo '[]' > none.json
tcreg register --csv empty.csv
tcreg register --csv blank.csv --keep-going
tcreg register --csv header-only.csv
TCREG_LANG=zh tcreg register --csv header-only.csv --json
tcreg register --payments payments-header.csv
tcreg register none.json
tcreg list
tcreg register --csv mac.csv
tcreg list
