# what is not a ledger stops the reading early, memory bounded: the first NUL
# byte with its line and column, a line past 1 MiB at the limit
tcreg -q init
tcreg register --csv /dev/zero
head -3 "$TESTDATA/ledger-sample.csv" > nul.csv
printf 'HGD-2025-0999,损坏\0的行\r\n' >> nul.csv
tcreg register --csv nul.csv --keep-going
TCREG_LANG=zh tcreg register --csv nul.csv
head -c 3000000 /dev/zero | tr '\0' 'x' > long.csv
tcreg register --csv long.csv
tcreg register --payments /dev/zero
tcreg list
