# Contracts worth a second look (骗补): each rule with an instance and a near
# miss — split contracts (just over an award threshold within 90 days; 200
# days apart is not flagged; just under the large-contract line), amounts
# bunching above a threshold (three above and three below is not), circular
# trades of two and three parties (dissimilar amounts are not), one
# development sold to two buyers (a licence sold twice is not), money
# reversed after an award, money reversed after the year's last days (an
# earlier payment is not), an award on a contract since cancelled.
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/risks/contracts.csv" 2025-12-20 >/dev/null 2>&1
TCREG_NOW=2025-12-31 raw -q register --payments "$TESTDATA/risks/payments.csv"
TCREG_NOW=2026-01-10 raw -q award --policy hlj-2017 --year 2025 --commit >/dev/null
TCREG_NOW=2026-01-31 raw -q register --payments "$TESTDATA/risks/reversals.csv"
TCREG_NOW=2026-02-01 TCREG_OPERATOR=clerk2 raw -q certify X-1 --cancel --reason 合同解除
export TCREG_NOW=2026-02-01
# the award fixtures keep the large-contract line out of the way; the risks
# need it where it is
raw -q config large_threshold 5000000
raw list --json | python3 -c '
import json, sys
json.dump({c["reg_no"]: c["contract_no"] for c in json.load(sys.stdin) if c["reg_no"]}, open("names.json", "w"))'

tcreg audit risks --year 2025
raw audit risks --year 2025 -O json | python3 -c '
import json, sys
r = json.load(sys.stdin)
names = json.load(open("names.json"))
for f in r["flags"]:
    print(f["rule"], [names.get(c, c) for c in f["contracts"]])
near_misses = ["S-3", "S-4", "C-3", "C-4", "R-3", "R-4", "P-2", "H-1", "H-4"]
flagged = {names.get(c, c) for f in r["flags"] for c in f["contracts"] if f["detail"].get("who") != "the office"}
print("near misses flagged:", [n for n in near_misses if n in flagged])'
tcreg audit risks --year 2025 -O csv | head -4
tcreg audit risks --year 2025 -o risks.html
grep -c '<tr>' risks.html
# the settings are the office's: a 200-day window catches S-3 and S-4 too
raw config risk_window_days 250
raw audit risks --year 2025 -O json | python3 -c '
import json, sys
names = json.load(open("names.json"))
print([[names[c] for c in f["contracts"]] for f in json.load(sys.stdin)["flags"] if f["rule"] == "splitting"])'
raw config risk_window_days 90
tcreg config risk_near_pct 0
# a new contract that would join a split: flagged in the queue, and a
# warning (never a refusal) when it is accepted
raw -q register --csv "$TESTDATA/risks/new.csv"
tcreg certify --queue
TCREG_OPERATOR=clerk2 tcreg certify S-7 --accept
# in Chinese
TCREG_LANG=zh tcreg audit risks --year 2025 | head -6
TCREG_LANG=zh tcreg certify --queue
tcreg audit risks --year 25
