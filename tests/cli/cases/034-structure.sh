# ragged rows, a bad quote, a record over two lines, blank rows, Excel's padding
tcreg register --csv "$TESTDATA/ledgers/structure.csv" --keep-going
tcreg list
tcreg show S-03
