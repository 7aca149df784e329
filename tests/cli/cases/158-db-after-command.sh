# --db (and the other global options) after the command too
raw -q init
raw -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg list --db "$TMP/nosuch.db"
tcreg init --db "$TMP/two.db" -q
tcreg list --db "$TMP/two.db" --totals
tcreg list --totals --db="$TMP/two.db"
tcreg list --totals
tcreg config review_days --db "$TMP/two.db"
tcreg point list --db "$TMP/two.db"
