# every field error class in one pass; nothing is written
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledgers/errors.csv"
tcreg list
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --json
