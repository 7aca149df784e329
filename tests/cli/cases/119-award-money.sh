# The money must be right (each bullet of the issue, failing before and
# passing after): the verified amount is min(declared, total - deductions);
# payments are checked and corrected only by reversal; awards count the
# technology part of the money, per year, never the same money twice; hlj-2017
# pays only on 科技成果 (技术开发, 技术转让, 技术许可).
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
raw -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2025-12-15 raw -q register --csv "$TESTDATA/money/ledger.csv"
# 30万 declaring 25.5万, no deductions: verified 25.5万, not 30万
TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 tcreg -q certify M-01 --accept
# 520万 declaring 480万: below the 500万 large-contract line, no review needed
TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 tcreg -q certify M-02 --accept
# 300万 with 100万 of equipment: verified 200万; deductions leaving more than
# was declared do not raise it (a warning)
TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 tcreg -q certify M-03 --accept --deduct equipment=1000000
TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 tcreg certify M-01 --change --deduct equipment=10000
for n in M-04 M-06 M-07 M-08 M-09 M-10; do
	TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 raw -q certify $n --accept || echo "cannot accept $n"
done
TCREG_NOW=2025-12-15 TCREG_OPERATOR=clerk2 raw -q certify M-05 --reject --reason R01
raw list --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    print(c["contract_no"], c["total_amount_fen"], c["tech_amount_fen"], c["declared_non_tech_fen"], c["verified_tech_amount_fen"])'
tcreg show M-03 | grep -E 'amount|non-tech|Verified'
# the report's technology column is the verified amount
raw -q report --year 2025 -O json | python3 -c '
import json, sys
o = json.load(sys.stdin)["tables"]["overview"][0]
print("report 2025:", o["count"], o["total_amount_fen"], o["tech_amount_fen"])'

# payments: above the contract total, on a rejected contract, before signing
# (errors, every one in one pass); after the validity (a warning)
TCREG_NOW=2026-07-01 tcreg register --payments "$TESTDATA/money/payments-bad.csv"
tcreg register --payments "$TESTDATA/money/payments-2025.csv"

# hlj-2017, 2025: M-03 pays 30% of the verified 200万 received (60万, not 90万);
# M-08 (技术服务) is not a 科技成果 transaction; M-07 has no money yet
tcreg award --policy hlj-2017 --year 2025
tcreg award --policy hlj-2017 --year 2025 --explain M-03
tcreg -q award --policy hlj-2017 --year 2025 --commit

# 2026: M-07 registered in December, paid in January, is paid in 2026; M-09's
# new money is paid on the new money alone, to the side paid first, up to what
# is left of the 100万 per transaction (90万 paid in 2025: 10万 left); M-10's
# reversal is a negative entry naming the voucher, with a reason, and cannot
# take back more than is left of the payment or name an unknown voucher
TCREG_NOW=2026-02-01 tcreg register --payments "$TESTDATA/money/payments-2026.csv"
TCREG_NOW=2026-02-01 tcreg register --payments "$TESTDATA/money/payments-2026.csv" --keep-going
tcreg show M-10 | sed -n '/^Payments/,/^History/p'
TCREG_NOW=2027-01-15 tcreg award --policy hlj-2017 --year 2026
TCREG_NOW=2027-01-15 tcreg award --policy hlj-2017 --year 2026 --explain M-09 | grep -E 'payment|cap|M09|award'
# a payment is never edited: the same voucher with another amount is refused
printf '卖方名称,合同编号,到账日期,到账金额（万元）,凭证号\n哈尔滨理工大学,M-03,2025-05-01,200,M03-1\n' > edit.csv
tcreg register --payments edit.csv --update
# the reversal after the commit is reported, not absorbed
tcreg award --history
raw award --history -O json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    for a in r["list"]:
        print(r["run_id"], a["contracts"], a["award_fen"], a["counted_fen"], a["reversed_fen"], a["overpaid"])'
sqlite3 "$TCREG_DB" "SELECT action, entity, json_extract(new_value, '$.reverses_voucher'), json_extract(new_value, '$.note') FROM audit WHERE action = 'reverse'"
tcreg audit verify
