# 一次登记 across stations: a contract filed at two stations is not merged
# silently.  The same seller and number: held out, listed; the same parties,
# project, date and amount under another number: taken in, listed; the
# province decides (the later filing revoked with V03, or both kept)
. "$TCREG_SOURCE/tests/cli/stations-lib.sh"
station_init s1.db 2301 哈尔滨市技术合同登记站 1111111111111111111111111111111111111111111111111111111111111111
station_init s2.db 2302 齐齐哈尔市技术合同登记站 2222222222222222222222222222222222222222222222222222222222222222
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
month s1.db 1 1 3
# station 2 files station 1's first contract again (same seller, same number),
# and its second and third under other numbers (same parties, project, date,
# amount)
ledger 1 1 3 | sed -n '1p;2p' >dup.csv
ledger 1 1 3 | sed -n '3s/^S1-20261-2,/OTHER-7,/p' >>dup.csv
ledger 1 1 3 | sed -n '4s/^S1-20261-3,/OTHER-8,/p' >>dup.csv
ledger 2 1 1 | sed -n '2p' >>dup.csv
TCREG_NOW=2026-01-16 raw --db s2.db -q register --csv dup.csv
for n in S1-20261-1 OTHER-7 OTHER-8 S2-20261-1; do
	TCREG_NOW=2026-01-16 TCREG_OPERATOR=clerk2 raw --db s2.db -q certify "$n" --accept >/dev/null
done
TCREG_NOW=2026-01-28 tcreg -q --db s1.db export -o s1-1.tcrx
TCREG_NOW=2026-01-28 tcreg -q --db s2.db export -o s2-1.tcrx
TCREG_NOW=2026-01-31 tcreg merge s1-1.tcrx
TCREG_NOW=2026-01-31 tcreg merge s2-1.tcrx
tcreg merge --conflicts
tcreg merge --conflicts --json
# the same number cannot stand twice: only revoked
tcreg merge --resolve 1 --keep --note 两处都保留
TCREG_OPERATOR=clerk2 tcreg merge --resolve 1 --revoke --note 已在哈尔滨市登记站登记
TCREG_OPERATOR=clerk2 tcreg merge --resolve 2 --revoke --note 同一合同重复登记
TCREG_OPERATOR=clerk2 tcreg merge --resolve 2 --keep --note 又改主意
TCREG_OPERATOR=clerk2 tcreg merge --resolve 3 --keep --note 两份合同各自履行，经核实不是重复登记
tcreg merge --conflicts
tcreg merge --conflicts --all
tcreg merge --resolve 9 --revoke --note x
tcreg merge --resolve 1 --revoke
raw list --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    print(c["contract_no"], c["reg_no"], c["status"])'
# a later export of station 2 (its duplicate paid) leaves the decisions as they are
printf '%s\n' 登记编号,卖方名称,合同编号,到账日期,到账金额,凭证号 ,哈尔滨工业大学,OTHER-7,2026-02-10,10000,V-9 ,哈尔滨工业大学,OTHER-8,2026-02-10,20000,V-10 >pay.csv
TCREG_NOW=2026-02-15 raw --db s2.db -q register --payments pay.csv
TCREG_NOW=2026-02-28 tcreg -q --db s2.db export -o s2-2.tcrx
TCREG_NOW=2026-02-28 tcreg merge s2-2.tcrx
raw show OTHER-8 --json | python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["status"], c["received_fen"])'
raw show OTHER-7 --json | python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["status"], c["reason_code"] if "reason_code" in c else "", c["received_fen"])'
tcreg audit verify
