#!/usr/bin/env bash
# search.sh [N] - time tcreg search on a registry of N contracts (default
# 1,000,000): a copy of the one bench/report.sh builds, upgraded once by
# this tcreg (the upgrade builds the search indexes; timed).  Each search is
# the whole command, process start included, the median of five runs, beside
# an anchor measured in the same run: tcreg --version.
# With BASE=path/to/an/older/tcreg, first times the import of the 100,000-row
# ledger into a fresh registry with BASE and with this tcreg, alternately,
# three times each (the same build type, please), and prints the medians and
# their ratio: what keeping the search indexes costs an import.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
# Run it alone (flock /tmp/tcreg-build.lock bash bench/search.sh): the
# machine is shared and the times are meant to be compared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
mkdir -p "$out"
now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if [ -n "${BASE:-}" ]; then
	ledger=$out/ledger-100000.csv
	[ -s "$ledger" ] || python3 "$here/gen-ledger.py" 100000 "$ledger"
	work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-bench-XXXXXX")
	trap 'rm -rf "$work"' EXIT
	import() { # binary: seconds to import the ledger into a fresh registry
		rm -f "$work"/r.db*
		"$1" --db "$work/r.db" -q init --agency-name 测试 --region 2300 --point 01
		local s e
		s=$(now)
		"$1" --db "$work/r.db" -q register --csv "$ledger"
		e=$(now)
		awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f\n", b - a }'
	}
	: >"$work/base"
	: >"$work/this"
	for _ in 1 2 3; do
		import "$BASE" >>"$work/base"
		import "$tcreg" >>"$work/this"
	done
	b=$(median <"$work/base")
	t=$(median <"$work/this")
	echo "import of 100,000 contracts: before $b s ($(tr '\n' ' ' <"$work/base")), with search $t s ($(tr '\n' ' ' <"$work/this"))"
	awk -v a="$b" -v b="$t" 'BEGIN { printf "ratio with/before: %.2f\n", b / a }'
fi

db=$out/search-$n.db
if [ ! -s "$db" ]; then
	src=$out/report-$n.db
	[ -s "$src" ] || TCREG=$tcreg bash "$here/report.sh" "$n" >/dev/null
	cp "$src" "$db"
	rm -f "$db-wal" "$db-shm"
	[ -f "$src.key" ] && cp "$src.key" "$db.key"
	s=$(now)
	"$tcreg" --db "$db" -q init
	e=$(now)
	awk -v a="$s" -v b="$e" -v n="$n" 'BEGIN { printf "upgrade of %d contracts to schema 7 (indexes built): %.1f s\n", n, b - a }'
fi
q() { sqlite3 "$db" "$1"; }
contract_no=$(q "SELECT contract_no FROM contract LIMIT 1 OFFSET 123456")
reg_no=$(q "SELECT reg_no FROM contract WHERE reg_no IS NOT NULL LIMIT 1 OFFSET 12345")
uscc=$(q "SELECT uscc FROM party WHERE uscc IS NOT NULL LIMIT 1 OFFSET 777")
four=$(q "SELECT substr(project_name, 3, 4) FROM contract LIMIT 1 OFFSET 4242")
two=$(q "SELECT substr(project_name, 5, 2) FROM contract LIMIT 1 OFFSET 999")
one=$(q "SELECT substr(project_name, 5, 1) FROM contract LIMIT 1 OFFSET 999")
reg_start=$(q "SELECT substr(reg_no, 1, 10) FROM contract WHERE reg_no IS NOT NULL LIMIT 1 OFFSET 12345")
name=$(q "SELECT substr(name, 1, 6) FROM party LIMIT 1 OFFSET 4242")
time_ms() { # the command: the median of five runs, in milliseconds
	local s e
	for _ in 1 2 3 4 5; do
		s=$(now)
		"$@" >/dev/null
		e=$(now)
		awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
	done | median
}
"$tcreg" --db "$db" -q search "$four" >/dev/null # warm the cache
printf '%-52s %8s ms\n' "anchor: tcreg --version" "$(time_ms "$tcreg" --version)"
for t in "4 Chinese characters of a project:$four" "2 Chinese characters of a project:$two" \
	"1 Chinese character:$one" "a contract number:$contract_no" "a registration number:$reg_no" \
	"the beginning of a registration number:$reg_start" "a credit code:$uscc" \
	"6 characters of a party's name:$name" "nothing holds it:火星来的合同"; do
	label=${t%%:*}
	text=${t#*:}
	printf '%-52s %8s ms\n' "search $label ($text)" "$(time_ms "$tcreg" --db "$db" -q search "$text")"
done
