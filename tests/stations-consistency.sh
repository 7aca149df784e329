#!/bin/sh
# stations-consistency.sh TCREG SRCDIR - the province is the same whether its
# points work online or offline: the same three months of three points' work
# done once on one registry with three points, once as three stations each
# with a registry of its own, exporting monthly, the province merging; the
# award JSON and the report JSON (year, month; tables by point and by city
# included) are byte-identical (but for the report's audit_head, the head
# of each registry's own trail).
set -u
tcreg=$1
src=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-consistency-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export TMP LC_ALL=C.UTF-8 TZ=UTC TCREG_OPERATOR=clerk1 TCREG_LANG=en HOME="$TMP"
unset TCREG_DB LANGUAGE LANG TCREG_POLICY_DIR TCREG_DATA_DIR 2>/dev/null || true
raw() { "$tcreg" "$@"; }
cd "$TMP" || exit 2
. "$src/tests/cli/stations-lib.sh"
names="哈尔滨市技术合同登记站 齐齐哈尔市技术合同登记站 牡丹江市技术合同登记站"
name() { echo "$names" | cut -d' ' -f"$1"; }
export TCREG_NOW=2026-01-01
raw --db on.db -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
raw --db on.db -q config large_threshold 90000000000
raw --db off.db -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
raw --db off.db -q config large_threshold 90000000000
for s in 1 2 3; do
	raw --db on.db -q point add 01 --name "$(name $s)" --region 230$s
	mkdir -p on$s off$s
	(cd off$s && station_init s.db 230$s "$(name $s)" "$(printf "$s%.0s" $(seq 64))")
done
for m in 1 2 3; do
	for s in 1 2 3; do
		(cd on$s && POINT=230${s}01 month ../on.db $s $m 3)
		(cd off$s && month s.db $s $m 3 && TCREG_NOW=2026-0$m-28 raw --db s.db -q export -o ../s$s-$m.tcrx)
	done
	for s in 1 2 3; do
		TCREG_NOW=2026-0$m-28 raw --db off.db merge s$s-$m.tcrx >/dev/null || echo "FAIL: merge s$s-$m"
	done
done
export TCREG_NOW=2026-04-15
fail=0
same() { # what, then the command's arguments after --db
	what=$1
	shift
	# a report names the head of its registry's own audit trail (its
	# anchor), which differs: each registry records its own work; that one
	# line is left out, the rest must be byte for byte the same
	raw --db on.db "$@" 2>/dev/null | sed '/^  "audit_head": /d' >on.out || { echo "FAIL: online: $what"; fail=1; }
	raw --db off.db "$@" 2>/dev/null | sed '/^  "audit_head": /d' >off.out || { echo "FAIL: merged: $what"; fail=1; }
	if [ ! -s on.out ]; then
		echo "FAIL: $what: nothing to compare"
		fail=1
	elif cmp -s on.out off.out; then
		echo "ok: $what: byte-identical ($(wc -c <on.out) bytes)"
	else
		echo "FAIL: $what differs:"
		diff on.out off.out | head -20
		fail=1
	fi
}
same "award hlj-2017 2026 json" award --policy hlj-2017 --year 2026 -O json
same "award ningxia-2023 2026 json" award --policy ningxia-2023 --year 2026 -O json
same "report 2026 json" report --year 2026 -O json
same "report 2026-03 json" report --month 2026-03 -O json
# the contracts themselves: the same but for what each registry numbers for
# itself (its row ids and its import batches)
for db in on off; do
	raw --db $db.db list --json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    for k in ("id", "batch_id", "batch_line"): c.pop(k)
    print(json.dumps(c, ensure_ascii=False, sort_keys=True))' >$db.list
done
if [ -s on.list ] && cmp -s on.list off.list; then
	echo "ok: contracts the same but for ids and batches ($(wc -l <on.list) contracts)"
else
	echo "FAIL: contracts differ:"; diff on.list off.list | head -5; fail=1
fi
# the comparison can fail: one payment more online is seen
printf '%s\n' 登记编号,卖方名称,合同编号,到账日期,到账金额,凭证号 ,哈尔滨工业大学,S1-20263-1,2026-03-30,1000,EXTRA >extra.csv
raw --db on.db -q register --payments extra.csv
raw --db on.db award --policy hlj-2017 --year 2026 -O json >on.out 2>/dev/null
raw --db off.db award --policy hlj-2017 --year 2026 -O json >off.out 2>/dev/null
if cmp -s on.out off.out; then echo "FAIL: a payment more online is not seen"; fail=1; fi
[ "$fail" -eq 0 ] && echo "ok: the merged registry is the online one"
exit "$fail"
