#!/usr/bin/env bash
# queue.sh [N] - time tcreg certify --queue over N waiting contracts (default
# 400,000, what a large import leaves): the default screenful, --json of all,
# and the text of all.  The registry is made by importing the generated
# ledger, then spreading the acceptance dates over 200 days with SQL.
# Not a test: run it alone, never while others build.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-400000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
mkdir -p "$out"
ledger=$out/ledger-$n.csv
[ -s "$ledger" ] || python3 "$here/gen-ledger.py" "$n" "$ledger"
db=$out/queue-$n.db
if [ ! -s "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$tcreg" --db "$db" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
	TCREG_NOW=2026-01-15 "$tcreg" --db "$db" -q register --csv "$ledger"
	sqlite3 "$db" "UPDATE contract SET accept_date = date('2025-06-01', '+' || (id * 7919 % 200) || ' days');
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
fi
t() {
	local what=$1
	shift
	s=$(date +%s.%N)
	"$@" >/dev/null
	e=$(date +%s.%N)
	awk -v a="$s" -v b="$e" -v w="$what" 'BEGIN { printf "%s: %.3f s\n", w, b - a }'
}
export TCREG_NOW=2026-01-15
"$tcreg" --db "$db" -q certify --queue >/dev/null # warm the page cache
t "queue, a screenful" "$tcreg" --db "$db" -q certify --queue
t "queue --json, all" "$tcreg" --db "$db" -q certify --queue --json
t "queue --limit 0, all as text" "$tcreg" --db "$db" -q certify --queue --limit 0
echo "waiting: $(sqlite3 "$db" "SELECT count(*) FROM contract WHERE status = 'submitted'")"
