# A payment entered late with an earlier date (probe-award finding 1): the
# technology parts of the contract's payments are split again in date order,
# but a rule never counts more of a contract's technology money, over every
# committed round and this run, than its verified technology amount (200万
# of 300万 here: 60万 at 30 %, never 90万), in the same year or another;
# --explain shows what remains of it and pays what the run pays.
. "$TCREG_SOURCE/tests/cli/award-lib.sh"
award_init
H='合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域,是否关联交易'
printf '%s\n' "$H" \
	'F1,项目F1,委托开发,卖方F1,2301,高等院校,买方F1,2301,有限责任公司,3000000,2000000,2024-01-02,2024-01-02,2027-12-31,电子信息,否' \
	'F2,项目F2,委托开发,卖方F2,2301,高等院校,买方F2,2301,有限责任公司,3000000,2000000,2024-01-02,2024-01-02,2027-12-31,电子信息,否' >l.csv
register_all l.csv 2024-01-10
P='卖方名称,合同编号,到账日期,到账金额,凭证号'
# the same year: all of F1's 200万 counted in June, then a March voucher;
# across years: 150万 of F2 counted in 2025, then a 2024 voucher of 100万
printf '%s\n%s\n%s\n' "$P" '卖方F1,F1,2025-06-01,2000000,F1-2' '卖方F2,F2,2025-06-01,1500000,F2-2' >p1.csv
payments p1.csv
TCREG_NOW=2025-06-06 tcreg award --policy hlj-2017 --year 2025 --commit -O csv
printf '%s\n%s\n%s\n' "$P" '卖方F1,F1,2025-03-01,1000000,F1-1' '卖方F2,F2,2024-03-01,1000000,F2-1' >p2.csv
payments p2.csv
# F1: nothing more in 2025 (its verified amount is used up)
tcreg award --policy hlj-2017 --year 2025 --explain F1 | sed -n 1,9p
tcreg award --policy hlj-2017 --year 2025 -O csv
# F2: the 2024 round counts the 50万 that remain, 15万
tcreg award --policy hlj-2017 --year 2024 --explain F2 | sed -n 1,15p
tcreg -q award --policy hlj-2017 --year 2024 --commit -O csv
tcreg -q award --policy hlj-2017 --year 2025 --commit
raw award --history -O json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    for a in r["list"]:
        print(r["run_id"], r["year"], a["contracts"], a["award_fen"], a["counted_fen"], a["overpaid"])'
sqlite3 "$TCREG_DB" "SELECT c.contract_no, c.verified_tech_amount_fen, sum(ap.counted_fen) FROM award_payment ap JOIN payment p ON p.id = ap.payment_id JOIN contract c ON c.id = p.contract_id GROUP BY c.id"
