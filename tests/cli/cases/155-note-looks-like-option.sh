# an option's value is its own even when it looks like a global option:
# --note -v is the note "-v", not --verbose
raw -q init
raw -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
tcreg certify KXY-2025-051 --supplement --note -v
raw show KXY-2025-051 --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["status_note"])'
tcreg certify KXY-2025-051 --resubmit --note --lang
raw show KXY-2025-051 --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["status_note"])'
