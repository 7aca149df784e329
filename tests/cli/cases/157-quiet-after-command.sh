# -q and -v after the command, as a crontab line writes them
raw -q init
tcreg register --csv "$TESTDATA/ledger-sample.csv"
tcreg list --status registered --totals
tcreg list --status registered --totals -q
tcreg list --quiet --status registered --totals
tcreg -q list --status registered --totals -v
tcreg report --month last -o r.html -q
test -s r.html && echo "r.html written"
