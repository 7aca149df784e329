# a header without required columns stops before any row; 万元 columns
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledgers/missing-columns.csv"
tcreg register --csv "$TESTDATA/ledgers/wan.csv"
tcreg register --csv "$TESTDATA/ledgers/wan.csv" --keep-going
tcreg show --json W-01
tcreg register --csv "$TESTDATA/nonexistent.csv"
tcreg register --csv "$TESTDATA"
