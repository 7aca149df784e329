#!/bin/sh
# race-certify.sh TCREG LEDGER - processes registering different contracts at
# the same moment never get the same registration number, and none is skipped.
set -u
tcreg=$1
ledger=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-race-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1 TCREG_BUSY_TIMEOUT=20000
fail() { echo "FAIL: $*"; exit 1; }
"$tcreg" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01 || fail init
"$tcreg" -q register --csv "$ledger" || fail register
ids="1 2 3 4 5 6 8 9 10 11" # the sample's contracts below the large-contract threshold
rm -f "$work"/n.*
# start them together: each spins until the go file appears
for id in $ids; do
	(while [ ! -e "$work/go" ]; do :; done
	 TCREG_OPERATOR=reviewer$id "$tcreg" -q certify "$id" --accept >"$work/n.$id" 2>"$work/e.$id") &
done
touch "$work/go"
wait
for id in $ids; do
	[ -s "$work/n.$id" ] || fail "contract $id got no number: $(cat "$work/e.$id")"
done
[ "$(cat "$work"/n.* | sort -u | wc -l)" -eq 10 ] || fail "duplicate numbers: $(cat "$work"/n.*)"
all=$(sqlite3 "$TCREG_DB" "SELECT count(reg_no), count(DISTINCT reg_no), max(substr(reg_no, 11)) FROM contract WHERE reg_no IS NOT NULL")
[ "$all" = "10|10|000010" ] || fail "expected 10 distinct numbers 000001..000010, got $all"
echo "ok: 10 parallel registrations took 10 distinct numbers, 000001 to 000010"
