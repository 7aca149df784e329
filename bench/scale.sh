#!/usr/bin/env bash
# scale.sh [N ...] - a decade of the whole country on one machine.  For each
# N (default: 1000000 10000000) a registry of N contracts is built and used:
#   import   the generated N-row ledger, every field validated (tcreg register)
#   register every contract with SQL, as bench/report.sh does (certify one by
#            one would be N process starts); registration dates spread over
#            N / 1,000,000 years ending 2025-12-31, so every size has the
#            national volume per month (~83,000) and the report's month holds
#            as many contracts at 1M as at 10M; one payment per contract
#   report   a monthly report (2025-06) and a yearly one (2025), JSON
#   award    the hlj-2017 round of 2025, JSON, and --explain of one contract
# Each step prints its wall time and peak memory (RSS) (reports and awards:
# of a second run, the first run's time beside it); with two or more
# sizes, the growth of each step from the first size to the last beside the
# growth of N (linear = the same ratio; flat = 1).
#   TCREG=path/to/tcreg (default: build/cmd/tcreg; use a Release build)
#   SCALE_DIR=dir for the registries (default bench/out/scale; 10M takes
#   about 10 GB there)
#   SCALE_REUSE=1 uses the registries a former run left (no import, and no
#   registration when they hold registered contracts: reports and awards
#   only; `tcreg init` brings them to the current schema first)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tcreg=${TCREG:-$here/../build/cmd/tcreg}
work=${SCALE_DIR:-$here/out/scale}
mkdir -p "$work"
[ $# -gt 0 ] || set -- 1000000 10000000
results=$work/results.txt
: >"$results"
policy=$here/../schemas/policies/hlj-2017.yaml
export TCREG_NOW=2026-01-15

# step LABEL N CMD...: run CMD once, print and record seconds and peak MiB
step() {
	local label=$1 n=$2
	shift 2
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
	local secs kb
	read -r secs kb <"$work/time"
	printf '%-34s %9d  %8.2f s  %7.1f MiB\n' "$label" "$n" "$secs" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
	printf '%s\t%s\t%s\t%s\n' "$label" "$n" "$secs" "$kb" >>"$results"
}

# step2 LABEL N CMD...: run CMD twice; print the second run's seconds and
# peak MiB (recorded: what a registry in the page cache gives) and the
# first's seconds beside them (the VM gives back the page cache of files
# left alone for a few minutes: a first run may read the registry from
# disk, several times slower)
step2() {
	local label=$1 n=$2
	shift 2
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
	local first kb
	read -r first kb <"$work/time"
	step "$label" "$n" "$@" | sed "s/\$/   (first run $first s)/"
}

build() { # N: the registry of N imported contracts at $work/scale-N.db
	local n=$1 db=$work/scale-$1.db ledger=$here/out/ledger-$1.csv
	[ -s "$ledger" ] || python3 "$here/gen-ledger.py" "$n" "$ledger"
	rm -f "$db" "$db-wal" "$db-shm" "$db.key"
	"$tcreg" --db "$db" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
	step "import (register --csv)" "$n" "$tcreg" --db "$db" -q register --csv "$ledger"
}

register() { # N: every contract registered (1 in 97 cancelled) and paid, with SQL
	local n=$1 db=$work/scale-$1.db
	local days=$(((n + 999999) / 1000000 * 365))
	local s e
	s=$(date +%s.%N)
	# one pass over the contracts, with a cache that holds the indexes it
	# grows (sqlite3's default of a few megabytes thrashes at 10M)
	sqlite3 "$db" "PRAGMA cache_size = -2000000;
		UPDATE contract SET status = CASE WHEN id % 97 = 0 THEN 'cancelled' ELSE 'registered' END,
		reg_date = date('2025-12-31', '-' || (id * 7919 % $days) || ' days'),
		reg_no = strftime('%Y', date('2025-12-31', '-' || (id * 7919 % $days) || ' days'))
			|| '230001' || printf('%08d', id),
		verified_tech_amount_fen = tech_amount_fen, certified_by = 'bench';
		INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at)
		SELECT id, reg_date, total_amount_fen, 'B' || id, 'bench', reg_date || 'T00:00:00'
		FROM contract;
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	# what SQL did around tcreg is put into tcreg's derived tables
	if "$tcreg" --db "$db" report --help 2>/dev/null | grep -q -- --rebuild; then
		"$tcreg" --db "$db" -q report --rebuild >/dev/null
	fi
	e=$(date +%s.%N)
	awk -v a="$s" -v b="$e" -v n="$n" 'BEGIN { printf "%-34s %9d  %8.2f s\n", "register with SQL (+ payments)", n, b - a }'
}

use() { # N
	local n=$1 db=$work/scale-$1.db
	step2 "report monthly 2025-06" "$n" "$tcreg" --db "$db" -q report --month 2025-06 -O json
	step2 "report yearly 2025" "$n" "$tcreg" --db "$db" -q report --year 2025 -O json
	step2 "award hlj-2017 2025" "$n" "$tcreg" --db "$db" -q award --policy "$policy" --year 2025 -O json
	local one
	one=$(sqlite3 "$db" "SELECT id FROM contract WHERE reg_date >= '2025-01-01' AND status = 'registered' LIMIT 1")
	step2 "award --explain one contract" "$n" "$tcreg" --db "$db" -q award --policy "$policy" --year 2025 \
		--explain "$one"
	echo "contracts: $(sqlite3 "$db" 'SELECT count(*) FROM contract'), registered in 2025-06: $(sqlite3 "$db" \
		"SELECT count(*) FROM contract WHERE reg_date BETWEEN '2025-06-01' AND '2025-06-30' AND status = 'registered'")," \
		"registry $(du -m "$db" | cut -f1) MB"
}

for n in "$@"; do
	db=$work/scale-$n.db
	if [ -n "${SCALE_REUSE:-}" ] && [ -s "$db" ]; then
		"$tcreg" --db "$db" -q init
	else
		build "$n"
	fi
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM contract WHERE reg_date IS NOT NULL')" -gt 0 ] || register "$n"
	use "$n"
done

# growth: the last size against the first
if [ $# -ge 2 ]; then
	first=$1 last=${!#}
	echo
	awk -F'\t' -v a="$first" -v b="$last" '
		$2 == a { t[$1] = $3; m[$1] = $4; order[++k] = $1 }
		$2 == b { u[$1] = $3; v[$1] = $4 }
		END {
			printf "growth %d -> %d (N x%.1f): time and memory ratios\n", a, b, b / a
			for (i = 1; i <= k; i++) {
				l = order[i]
				if (l in u)
					printf "  %-34s time x%.2f  memory x%.2f\n", l, u[l] / (t[l] > 0 ? t[l] : 0.01), v[l] / m[l]
			}
		}' "$results"
fi
