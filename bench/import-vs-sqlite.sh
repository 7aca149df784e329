#!/usr/bin/env bash
# import-vs-sqlite.sh [N] - import an N-row ledger (default 1,000,000) with
# tcreg, validating every field (and sealing every row, and indexing it for
# search), and the same file with the anchor of the issue "Speed and memory
# at national scale": sqlite3 .import into one table of the same columns,
# all TEXT, with UNIQUE(seller, contract_no), in WAL mode, validating
# nothing.  Prints both wall times, the ratio, rows per second and tcreg's
# peak memory.  With RUNS=k (default 1) each is run k times, alternately,
# and the medians are printed.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
# Run it alone (flock /tmp/tcreg-build.lock bash bench/import-vs-sqlite.sh):
# the machine is shared and the times are meant to be compared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
runs=${RUNS:-1}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
mkdir -p "$out"
ledger=$out/ledger-$n.csv
[ -s "$ledger" ] || python3 "$here/gen-ledger.py" "$n" "$ledger"
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# the anchor's table: the ledger's columns, all TEXT, unique by seller and
# contract number (the first column is the contract number, the fourth the
# seller's name)
cols=$(head -n1 "$ledger" | tr -d '\r\357\273\277' | sed 's/[^,]*/"&" TEXT/g')
seller=$(head -n1 "$ledger" | tr -d '\r\357\273\277' | cut -d, -f4)
contract_no=$(head -n1 "$ledger" | tr -d '\r\357\273\277' | cut -d, -f1)

run_tcreg() { # fresh registry, all-or-nothing import of every row
	rm -f "$work"/tcreg.db*
	"$tcreg" --db "$work/tcreg.db" init >/dev/null 2>&1
	sync
	local s e
	s=$(now)
	/usr/bin/time -f "%M" -o "$work/rss" "$tcreg" --db "$work/tcreg.db" -q register --csv "$ledger"
	e=$(now)
	elapsed "$s" "$e" >>"$work/t-tcreg"
	tail -n1 "$work/rss" >>"$work/rss-all"
}

run_sqlite() {
	rm -f "$work"/plain.db*
	sqlite3 "$work/plain.db" "PRAGMA journal_mode = WAL;" \
		"CREATE TABLE ledger($cols, UNIQUE(\"$seller\", \"$contract_no\"));" >/dev/null
	sync
	local s e
	s=$(now)
	sqlite3 "$work/plain.db" ".import --csv --skip 1 '$ledger' ledger"
	e=$(now)
	elapsed "$s" "$e" >>"$work/t-sqlite"
}

: >"$work/t-tcreg"
: >"$work/t-sqlite"
: >"$work/rss-all"
for _ in $(seq "$runs"); do
	run_tcreg
	run_sqlite
done

rows=$(sqlite3 "$work/tcreg.db" "SELECT count(*) FROM contract")
plain=$(sqlite3 "$work/plain.db" "SELECT count(*) FROM ledger")
journal=$(sqlite3 "$work/plain.db" "PRAGMA journal_mode")
awk -v tt="$(median <"$work/t-tcreg")" -v ts="$(median <"$work/t-sqlite")" -v n="$rows" \
	-v p="$plain" -v rss="$(sort -n "$work/rss-all" | tail -n1)" -v runs="$runs" -v j="$journal" 'BEGIN {
	printf "rows: tcreg %d, sqlite3 %d (median of %d run(s) each)\n", n, p, runs
	printf "tcreg register --csv: %.2f s (%.0f rows/s), peak RSS %.1f MiB\n", tt, n / tt, rss / 1024
	printf "sqlite3 .import (TEXT, UNIQUE(seller, contract_no), %s): %.2f s (%.0f rows/s)\n", j, ts, p / ts
	printf "ratio tcreg/sqlite3:  %.2f\n", tt / ts
}'
