# An Excel workbook is read like a CSV ledger, told by its content.  The
# sample ledger's twin, built with openpyxl as a clerk would keep it (a
# title, 卖方 merged over its columns in a two-row header, dates as date
# cells, amounts and region codes as numbers, formatted blank rows and
# columns after the data), gives the same contracts as the CSV file.
xlsx() { /usr/bin/python3 "$TCREG_SOURCE/tests/xlsx-from-csv.py" "$@"; }
xlsx "$TESTDATA/ledger-sample.csv" 台账.xlsx --title 2025年技术合同登记台账 --group 卖方:4:7
# (openpyxl stamps the time into a workbook: its digest changes every run)
nosha() { sed 's/"sha256": "[0-9a-f]*"/"sha256": "(the file'"'"'s)"/'; }
raw -q init; raw -q --db "$TMP"/csv.db init; raw -q --db "$TMP"/s.db init
raw register --csv 台账.xlsx --dry-run --json 2>&1 | nosha
tcreg register --csv 台账.xlsx
tcreg --db "$TMP"/csv.db register --csv "$TESTDATA/ledger-sample.csv"
# the same list but for the rows they came from (the sheet's rows 4-15)
raw list --json | sed 's/"batch_line":[0-9]*,//' >xlsx.json
raw --db "$TMP"/csv.db list --json | sed 's/"batch_line":[0-9]*,//' >csv.json
cmp csv.json xlsx.json && echo "same contracts as the CSV ledger"
raw list --json | /usr/bin/python3 -c 'import json, sys; print([c["batch_line"] for c in json.load(sys.stdin)])'
# the batch records the file's digest, and how it was read; the same
# sheet again is refused
sqlite3 "$TMP"/reg.db "SELECT file_name, encoding, rows FROM import_batch"
[ "$(sqlite3 "$TMP"/reg.db "SELECT sha256 FROM import_batch")" = "$(sha256sum 台账.xlsx | cut -c1-64)" ] &&
	echo "the batch's SHA-256 is the workbook file's"
tcreg register --csv 台账.xlsx
# the sheet by name or by number; the first one shown by default
xlsx "$TESTDATA/ledger-sample.csv" book.xlsx --sheet 台账 --extra-sheet 说明 --text-dates
tcreg --db "$TMP"/s.db register --csv book.xlsx --dry-run
tcreg --db "$TMP"/s.db register --csv book.xlsx --sheet 台账 --dry-run
raw --db "$TMP"/s.db register --csv book.xlsx --sheet 2 --dry-run --json 2>&1 | nosha
tcreg --db "$TMP"/s.db register --csv book.xlsx --sheet 汇总
tcreg --db "$TMP"/s.db register --csv "$TESTDATA/ledger-sample.csv" --sheet 1
tcreg --db "$TMP"/s.db register book.yaml --sheet 1
# payments from a workbook: dates and amounts as numbers
xlsx "$TESTDATA/payments-sample.csv" 到账.xlsx --sheet 到账
tcreg register --payments 到账.xlsx
raw show --json HGD-2025-0301 | /usr/bin/python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["received_fen"], [(p["pay_date"], p["amount_fen"], p["voucher"]) for p in c["payments"]])'
