#!/bin/sh
# race-award.sh TCREG TESTDATA SRC - clerks committing the same award round at
# the same moment never pay a contract twice: one run pays, the others find
# everything paid (the run is computed inside its write transaction).
set -u
tcreg=$1
testdata=$2
src=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-race-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1 TCREG_BUSY_TIMEOUT=30000
fail() { echo "FAIL: $*"; exit 1; }
raw() { "$tcreg" "$@"; }
. "$src/tests/cli/award-lib.sh"
award_init >/dev/null || fail init
register_all "$testdata/award/hlj-2017.csv" 2025-06-30 >/dev/null 2>&1
payments "$testdata/award/hlj-2017-payments.csv"
n=6
for i in $(seq $n); do
	(while [ ! -e "$work/go" ]; do :; done
	 TCREG_OPERATOR=clerk$i "$tcreg" award --policy "$src/schemas/policies/hlj-2017.yaml" --year 2025 \
		--commit -O json -o "$work/run.$i.json" 2>"$work/e.$i"; echo $? >"$work/rc.$i") &
done
touch "$work/go"
wait
for i in $(seq $n); do
	[ "$(cat "$work/rc.$i")" = 0 ] || fail "clerk $i: exit $(cat "$work/rc.$i"): $(cat "$work/e.$i")"
done
paying=$(for i in $(seq $n); do python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["total_award_fen"])' "$work/run.$i.json"; done | grep -vc '^0$')
[ "$paying" -eq 1 ] || fail "$paying runs paid something; expected exactly one"
got=$(sqlite3 "$TCREG_DB" "SELECT count(*), count(DISTINCT contract_id), (SELECT count(*) FROM award_run), (SELECT sum(total_fen) FROM award_run) FROM award_contract")
[ "$got" = "4|4|1|265000000" ] || fail "expected 4 contracts paid once in one run of 2,650,000.00 元, got $got"
"$tcreg" -q audit verify || fail "audit trail"
echo "ok: $n clerks committed at once; one run paid 4 contracts once, the others paid nothing"
