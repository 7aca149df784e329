# the seed's Heilongjiang rule (hlj-2017): 300万 → 90万 to one side only;
# 400万 → 100万 (cap) with at most 10万 for the specialist; 49.99万 → 0;
# 50万 → 15万; then a committed run is never paid again
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
register_all "$TESTDATA/award/hlj-2017.csv" 2025-06-30 >/dev/null 2>&1
payments "$TESTDATA/award/hlj-2017-payments.csv"
tcreg award --policy hlj-2017 --year 2025
tcreg award --policy hlj-2017 --year 2025 --explain H-01
tcreg award --policy hlj-2017 --year 2025 --explain H-02
tcreg award --policy hlj-2017 --year 2025 -O csv
# for Excel: a byte-order mark, or GB18030 (the same CSV once decoded)
raw award --policy hlj-2017 --year 2025 -O csv 2>/dev/null >plain.csv
raw award --policy hlj-2017 --year 2025 --bom -o bom.csv 2>/dev/null; head -c 3 bom.csv | od -An -tx1
tail -c +4 bom.csv | cmp - plain.csv && echo "bom: same CSV after the mark"
raw award --policy hlj-2017 --year 2025 -O csv --encoding gb18030 2>/dev/null | iconv -f GB18030 -t UTF-8 | cmp - plain.csv && echo "gb18030: same CSV once decoded"
tcreg award --policy hlj-2017 --year 2025 --bom
# a clerk reads it in Chinese
TCREG_LANG=zh tcreg award --policy hlj-2017 --year 2025
TCREG_LANG=zh tcreg award --policy hlj-2017 --year 2025 --explain H-03
# the rounding in words, not the policy's (down, yuan)
TCREG_LANG=zh raw award --policy hlj-2017 --year 2025 --explain H-01 | grep 取整
tcreg award --policy hlj-2017 --year 2025 --commit -o run1.json
python3 -c "import json; r = json.load(open('run1.json')); print(r['run_id'], r['total_award_fen'], [a['award_fen'] for a in r['awards']])"
# the same run again pays nothing: every contract was paid, or its other side was
tcreg award --policy hlj-2017 --year 2025 -O json -o run2.json
python3 -c "import json; r = json.load(open('run2.json')); print(r['total_award_fen'], len(r['awards']), sorted({x['code'] for x in r['excluded']}))"
tcreg award --policy hlj-2017 --year 2025 --commit
tcreg award --history
tcreg award --history -O csv
# a party at a glance: its contracts on either side, the money, the awards committed to it
tcreg show --party 哈尔滨电气股份有限公司
tcreg show --party 哈尔滨理工大学 --json
tcreg show --party 哈尔滨
sqlite3 "$TCREG_DB" "SELECT action, entity, entity_id, json_extract(new_value, '$.total_award_fen') FROM audit WHERE action = 'award'"
tcreg audit verify
# committed awards cannot be edited behind tcreg's back
sqlite3 "$TCREG_DB" "UPDATE award SET award_fen = 1" 2>&1
sqlite3 "$TCREG_DB" "DELETE FROM award_contract" 2>&1
# a contract revoked after its award (撤销, a false contract): the award is
# flagged for recovery in the history, in every format
TCREG_OPERATOR=clerk2 tcreg -q certify 2025230001000005 --revoke --reason V01 --note 虚假合同
tcreg award --history | grep -B1 revoked
raw award --history -O csv | grep 2025230001000005
raw award --history -O json | python3 -c '
import json, sys
print([(a["applicant"], a["overpaid"], a["revoked_contracts"]) for r in json.load(sys.stdin) for a in r["list"] if a["overpaid"]])'
