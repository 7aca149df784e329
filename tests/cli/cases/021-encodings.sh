# the same ledger in each encoding Excel writes gives the same contracts
for d in a b c d; do raw --db "$TMP/$d.db" -q init; done
tcreg --db "$TMP"/a.db register --csv "$TESTDATA/ledgers/sample-utf8-bom.csv"
tcreg --db "$TMP"/b.db register --csv "$TESTDATA/ledgers/sample-gb18030-crlf.csv"
tcreg --db "$TMP"/c.db register --csv "$TESTDATA/ledgers/sample-utf16le-tab.txt"
tcreg --db "$TMP"/d.db register --csv "$TESTDATA/ledgers/sample-gb18030-crlf.csv" --encoding utf-8
raw --db "$TMP"/a.db list --csv > a.csv
raw --db "$TMP"/b.db list --csv > b.csv
raw --db "$TMP"/c.db list --csv > c.csv
cmp a.csv b.csv && cmp a.csv c.csv && echo "same contracts in all three"
