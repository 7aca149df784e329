# --dry-run writes nothing; a second import of the same file needs --force
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledger-sample.csv" --dry-run
tcreg list
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg register --csv "$TESTDATA/ledger-sample.csv"
tcreg register --csv "$TESTDATA/ledger-sample.csv" --force
tcreg register --csv "$TESTDATA/ledger-sample.csv" --force --dry-run --json
