# an option's value is its own even when it looks like a global option:
# --note -v is the note "-v", not --verbose
raw -q init
raw -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
tcreg certify KXY-2025-051 --supplement --note -v
raw show KXY-2025-051 --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["status_note"])'
tcreg certify KXY-2025-051 --resubmit --note --lang
raw show KXY-2025-051 --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["status_note"])'
# abbreviated: --op could be --opinion or --operator; the command's own
# reading wins, and the opinion is "-v"
tcreg certify KXY-2025-051 --review --expert 张三 --op -v
raw show KXY-2025-051 --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["reviews"][0]["opinion"])'
