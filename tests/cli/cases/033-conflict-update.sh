# a changed row is a conflict unless --update, which keeps the old values in history
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledger-sample.csv"
tcreg register --csv "$TESTDATA/ledgers/changed.csv"
tcreg register --csv "$TESTDATA/ledgers/changed.csv" --update
tcreg show HGD-2025-0301
tcreg audit verify
