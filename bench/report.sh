#!/usr/bin/env bash
# report.sh [N] - time a monthly report over a registry of N registered
# contracts (default 1,000,000).  The registry is made by importing the
# generated ledger and then marking every contract registered with SQL (one
# registration date per contract, spread over 2024-2025), which is what
# certify would leave behind, minus a million process starts.  Each time is
# printed beside its anchor, the same GROUP BYs by hand in sqlite3
# (report-anchor.sh), measured in the same run, and their ratio.
# Registration by SQL bypasses tcreg, so the report's rollups are made by
# the migration that the first tcreg run does, or by 'report --rebuild'.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
#   REPORT_DB=path: a registry already made (a copy: tcreg migrates it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
mkdir -p "$out"
ledger=$out/ledger-$n.csv
[ -s "$ledger" ] || python3 "$here/gen-ledger.py" "$n" "$ledger"
db=${REPORT_DB:-$out/report-$n.db}
if [ ! -s "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$tcreg" --db "$db" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
	TCREG_NOW=2026-01-15 "$tcreg" --db "$db" -q register --csv "$ledger"
	sqlite3 "$db" "UPDATE contract SET status = 'registered',
		reg_date = date('2024-01-01', '+' || (id * 7919 % 731) || ' days'),
		reg_no = printf('%04d23000%07d', 2024 + (id * 7919 % 731 >= 366), id),
		verified_tech_amount_fen = tech_amount_fen, certified_by = 'bench';
		UPDATE contract SET status = 'cancelled' WHERE id % 97 = 0;
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
fi
"$tcreg" --db "$db" report --month 2025-06 -O json >/dev/null 2>&1 # warm the page cache
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }'; }
line() { awk -v w="$1" -v t="$2" -v a="$3" 'BEGIN { printf "%-32s %7.3f s   anchor %7.3f s   ratio %.2f\n", w, t, a, t / a }'; }
for fmt in json html txt; do
	line "monthly report ($fmt)" "$(secs "$tcreg" --db "$db" -q report --month 2025-06 -O $fmt)" \
		"$(secs bash "$here/report-anchor.sh" "$db" 2025-06)"
done
line "yearly report (json)" "$(secs "$tcreg" --db "$db" -q report --year 2025 -O json)" \
	"$(secs bash "$here/report-anchor.sh" "$db" 2025)"
echo "contracts: $(sqlite3 "$db" 'SELECT count(*) FROM contract'), in 2025-06: $(sqlite3 "$db" "SELECT count(*) FROM contract WHERE reg_date LIKE '2025-06%'")"
# what no rollup can answer: the large contracts are listed one by one
for p in --month=2025-06 --year=2025; do
	"$tcreg" --db "$db" -q report "$p" -O json |
		python3 -c "import json, sys; print('$p: large contracts listed one by one:', len(json.load(sys.stdin)['tables']['large_contracts']))"
done
