# every field error class in one pass; nothing is written
tcreg register --csv "$TESTDATA/ledgers/errors.csv"
tcreg list
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --json
