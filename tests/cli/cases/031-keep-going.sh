# --keep-going keeps the good rows and writes the rejects in the input's encoding
raw -q init # only init creates a registry at $TCREG_DB
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --rejects rejects.csv
tcreg list
cat rejects.csv
raw --db "$TMP"/gb.db -q init
tcreg --db "$TMP"/gb.db register --csv "$TESTDATA/ledgers/errors-gb18030.csv" --keep-going --rejects gb-rejects.csv
iconv -f gb18030 -t utf-8 gb-rejects.csv
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --rejects /nonexistent/dir/r.csv
# the same file again: the message names the real cause, in either language
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --keep-going
TCREG_LANG=zh tcreg register --csv "$TESTDATA/ledgers/errors.csv"
# the rejects file comes back as a ledger: tcreg's own _line, _code and
# _reason columns are expected, not warned about; each row holds all its reasons
tcreg register --csv rejects.csv --dry-run
