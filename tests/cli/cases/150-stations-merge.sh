# three stations working offline (Harbin, Qiqihar, Mudanjiang), each a
# registry of its own, exporting monthly; the province merges them: points
# created on first merge, numbers kept as issued, payments and decisions
# carried, a re-merge changes nothing, everything audited
. "$TCREG_SOURCE/tests/cli/stations-lib.sh"
station_init s1.db 2301 哈尔滨市技术合同登记站 1111111111111111111111111111111111111111111111111111111111111111
station_init s2.db 2302 齐齐哈尔市技术合同登记站 2222222222222222222222222222222222222222222222222222222222222222
station_init s3.db 2303 牡丹江市技术合同登记站 3333333333333333333333333333333333333333333333333333333333333333
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
for m in 1 2; do
	for s in 1 2 3; do
		month s$s.db $s $m 2
		TCREG_NOW=2026-0$m-28 hashless --db s$s.db export -o s$s-$m.tcrx
	done
done
# a dry run says what would change and changes nothing
TCREG_NOW=2026-01-31 tcreg merge --dry-run s1-1.tcrx
tcreg merge --conflicts --all
for m in 1 2; do
	for s in 1 2 3; do
		TCREG_NOW=2026-0$m-28 tcreg merge s$s-$m.tcrx
	done
done
# the same file again: nothing new, exit 0
TCREG_NOW=2026-02-28 tcreg merge s2-1.tcrx
TCREG_NOW=2026-02-28 hashless merge --json s3-2.tcrx
# the numbers as each station issued them, at the station's point
raw list --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    print(c["contract_no"], c["reg_no"], c["status"], c["received_fen"])'
sqlite3 reg.db "SELECT c.contract_no, p.region || p.code FROM contract c JOIN point p ON p.id = c.point_id ORDER BY c.id"
raw --db s2.db list --json | python3 -c '
import json, sys
print(" ".join(c["reg_no"] for c in json.load(sys.stdin)))'
# the stations became points; where each contract came from, which export
sqlite3 reg.db "SELECT id, region || code, name, key IS NULL FROM point ORDER BY id"
sqlite3 reg.db "SELECT p.region || p.code, l.seq, l.contracts, l.signed FROM merge_log l JOIN point p ON p.id = l.point_id ORDER BY l.id"
sqlite3 reg.db "SELECT o.tbl, count(*) FROM origin o GROUP BY o.tbl ORDER BY o.tbl"
sqlite3 reg.db "SELECT point_id, count(*) FROM station_audit GROUP BY point_id"
sqlite3 reg.db "SELECT action, entity, entity_id, json_extract(new_value, '$.seq'), json_extract(new_value, '$.contracts_new') FROM audit WHERE action = 'merge' ORDER BY id"
sqlite3 s1.db "SELECT seq, audit_from, audit_to, contracts FROM export_log"
# the province's statistics count them by the seller's city
TCREG_NOW=2026-02-28 raw report --month 2026-02 -O json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d["tables"]["overview"]: print(r["key"], r["count"], r["total_amount_fen"])'
tcreg audit verify
tcreg --db s1.db audit verify
# each export names the one before it
for s in 1 2 3; do
	[ "$(sqlite3 s$s-2.tcrx 'SELECT prev_hash FROM bundle')" = "$(sqlite3 s$s-1.tcrx 'SELECT hash FROM bundle')" ] &&
		echo "s$s: export 2 follows export 1"
done
