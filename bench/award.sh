#!/usr/bin/env bash
# award.sh [N] - time award runs over a registry of N registered contracts
# (default 1,000,000), each with one payment received on its registration
# date.  The registry is the one bench/report.sh builds (registrations spread
# over 2024-2025, so one year holds about half of them), plus the payments.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
db=$out/report-$n.db
[ -s "$db" ] || TCREG=$tcreg bash "$here/report.sh" "$n" >/dev/null
if [ "$(sqlite3 "$db" 'SELECT count(*) FROM payment')" -eq 0 ]; then
	sqlite3 "$db" "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at)
		SELECT id, reg_date, total_amount_fen, 'B' || id, 'bench', reg_date || 'T00:00:00'
		FROM contract WHERE reg_date IS NOT NULL;
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
fi
policies=$here/../schemas/policies
export TCREG_NOW=2026-01-15
"$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O json >/dev/null # warm the cache
t() { # label, then the command: the median of three runs (this VM is noisy)
	local label=$1
	shift
	local s e times=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		times="$times $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')"
	done
	echo "$times" | tr ' ' '\n' | grep . | sort -n |
		awk -v l="$label" '{ v[NR] = $1 } END { printf "%-46s %.3f s (runs %s %s %s)\n", l, v[2], v[1], v[2], v[3] }'
}
t "hlj-2017 2025 json (per contract, 2 rules)" "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O json
t "hlj-2017 2025 csv" "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O csv
t "hlj-2017 2025 txt" "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025
t "ningxia-2023 2025 json (4 rules, project caps)" "$tcreg" --db "$db" -q award --policy "$policies/ningxia-2023.yaml" --year 2025 -O json
t "wuhan-2025 2025 json (all years registered)" "$tcreg" --db "$db" -q award --policy "$policies/wuhan-2025.yaml" --year 2025 -O json
t "hlj-2017 2025 --explain one contract" "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 --explain 1
commit() { # a fresh copy each time, so that every run pays
	cp "$db" "$out/award-commit.db"
	rm -f "$out/award-commit.db-wal" "$out/award-commit.db-shm"
	"$tcreg" --db "$out/award-commit.db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 --commit -O json
}
t "hlj-2017 2025 --commit (copy made in the timing)" commit
t "hlj-2017 2025 after the commit" "$tcreg" --db "$out/award-commit.db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O json
rm -f "$out/award-commit.db" "$out/award-commit.db-wal" "$out/award-commit.db-shm"
/usr/bin/time -f "peak RSS of the hlj-2017 json run: %M KiB" "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O json >/dev/null
echo "contracts: $(sqlite3 "$db" 'SELECT count(*) FROM contract'), registered in 2025: $(sqlite3 "$db" "SELECT count(*) FROM contract WHERE reg_date LIKE '2025%'"), payments: $(sqlite3 "$db" 'SELECT count(*) FROM payment')"
