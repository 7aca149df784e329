# list filters and formats; show by every kind of ID
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg list --from 2025-05-01 --to 2025-06-30
tcreg list --status registered
tcreg list --from 2025/7/1 --json
tcreg list --to 2025-03-31 --csv
tcreg show 3
tcreg show nope
tcreg --db "$TMP"/missing.db list
