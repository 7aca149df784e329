# the sample ledger: import, list, show as text and JSON
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledger-sample.csv"
tcreg list
tcreg show HGC-2025-020
tcreg show --json HGD-2025-0317
