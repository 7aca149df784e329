# money actually received: matched by seller and contract number; no payment twice
raw -q init # only init creates a registry at $TCREG_DB
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg register --payments "$TESTDATA/ledgers/payments.csv"
tcreg register --payments "$TESTDATA/ledgers/payments.csv" --keep-going
tcreg register --payments "$TESTDATA/ledgers/payments.csv" --keep-going --force
tcreg show HGD-2025-0301
