#!/usr/bin/env bash
# import-vs-sqlite.sh [N] - import an N-row ledger (default 1,000,000) with
# tcreg, validating every field, and the same file with sqlite3 .import into
# a table of the same columns, validating nothing.  Prints both wall times,
# the ratio, rows per second and tcreg's peak memory.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
mkdir -p "$out"
ledger=$out/ledger-$n.csv
[ -s "$ledger" ] || python3 "$here/gen-ledger.py" "$n" "$ledger"
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

# tcreg: fresh registry, all-or-nothing import of every row
"$tcreg" --db "$work/tcreg.db" init >/dev/null 2>&1
sync
t0=$(now)
/usr/bin/time -f "%M" -o "$work/rss" "$tcreg" --db "$work/tcreg.db" -q register --csv "$ledger"
t1=$(now)
rss_kb=$(tail -n1 "$work/rss")

# sqlite3 .import into a table of the same 21 columns
cols=$(head -n1 "$ledger" | tr -d '\r\357\273\277' | sed 's/[^,]*/"&" TEXT/g')
sqlite3 "$work/plain.db" "CREATE TABLE ledger($cols);"
sync
t2=$(now)
sqlite3 "$work/plain.db" ".import --csv --skip 1 '$ledger' ledger"
t3=$(now)

rows=$(sqlite3 "$work/tcreg.db" "SELECT count(*) FROM contract")
plain=$(sqlite3 "$work/plain.db" "SELECT count(*) FROM ledger")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v n="$rows" -v p="$plain" -v rss="$rss_kb" 'BEGIN {
	tt = b - a; ts = d - c
	printf "rows: tcreg %d, sqlite3 %d\n", n, p
	printf "tcreg register --csv: %.2f s (%.0f rows/s), peak RSS %.1f MiB\n", tt, n / tt, rss / 1024
	printf "sqlite3 .import:      %.2f s (%.0f rows/s)\n", ts, p / ts
	printf "ratio tcreg/sqlite3:  %.2f\n", tt / ts
}'
