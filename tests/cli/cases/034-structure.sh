# ragged rows, a bad quote, a record over two lines, blank rows, Excel's padding
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledgers/structure.csv" --keep-going
tcreg list
tcreg show S-03
