#!/usr/bin/env bash
# award.sh [N] - time and peak memory of award runs over a registry of N
# registered contracts (default 1,000,000), each with one payment received
# on its registration date, every figure printed beside an anchor measured
# in the same run, as a ratio:
#   the year:    sqlite3 printing the award year's contracts (the columns
#                the award reads)
#   --explain:   sqlite3 reading the explained contract and its payments
# The registry is the one bench/report.sh builds (registrations spread over
# 2024-2025, so one year holds about half of them), plus the payments.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
#   AWARD_DB=path       a registry to use instead (read only; the --commit
#                       runs work on copies in a scratch directory)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
db=${AWARD_DB:-$out/report-$n.db}
if [ -z "${AWARD_DB:-}" ]; then
	[ -s "$db" ] || TCREG=$tcreg bash "$here/report.sh" "$n" >/dev/null
	if [ "$(sqlite3 "$db" 'SELECT count(*) FROM payment')" -eq 0 ]; then
		sqlite3 "$db" "INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at)
			SELECT id, reg_date, total_amount_fen, 'B' || id, 'bench', reg_date || 'T00:00:00'
			FROM contract WHERE reg_date IS NOT NULL;
			PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	fi
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
policies=$here/../schemas/policies
hlj=$policies/hlj-2017.yaml
export TCREG_NOW=2026-01-15
"$tcreg" --db "$db" -q award --policy "$hlj" --year 2025 -O json >/dev/null # warm the cache

# measure OUT CMD...: the median time of three runs (this VM is noisy) and
# the largest peak RSS, as "seconds KiB" in the variable OUT (not one of
# measure's own locals)
measure() {
	local var=$1
	shift
	local s e k times="" rss=0
	for _ in 1 2 3; do
		s=$EPOCHREALTIME
		/usr/bin/time -f '%M' -o "$scratch/t" "$@" >/dev/null
		e=$EPOCHREALTIME
		read -r k <"$scratch/t"
		times="$times $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.4f", b - a }')"
		[ "$k" -gt "$rss" ] && rss=$k
	done
	printf -v "$var" '%s %s' "$(echo "$times" | tr ' ' '\n' | grep . | sort -n | sed -n 2p)" "$rss"
}
# line LABEL "s KiB" "anchor s KiB"
line() {
	awk -v l="$1" -v m="$2" -v a="$3" 'BEGIN {
		split(m, x, " "); split(a, y, " ")
		printf "%-44s %6.3f s %7.1f MiB | anchor %6.3f s %7.1f MiB | ratio %5.2f time %5.2f memory\n",
			l, x[1], x[2] / 1024, y[1], y[2] / 1024, x[1] / (y[1] > 0 ? y[1] : 0.001), x[2] / y[2] }'
}

measure year_anchor sqlite3 "$db" "SELECT id, reg_no, reg_date, status, category, total_amount_fen,
	coalesce(verified_tech_amount_fen, tech_amount_fen), related_party, seller_id, buyer_id
	FROM contract WHERE reg_date BETWEEN '2025-01-01' AND '2025-12-31'"
for fmt in json csv txt; do
	measure m "$tcreg" --db "$db" -q award --policy "$hlj" --year 2025 -O $fmt
	line "hlj-2017 2025 $fmt (per contract, 2 rules)" "$m" "$year_anchor"
done
measure m "$tcreg" --db "$db" -q award --policy "$policies/ningxia-2023.yaml" --year 2025 -O json
line "ningxia-2023 2025 json (4 rules, project caps)" "$m" "$year_anchor"
commit() { # a fresh copy each time, so that every run pays; the copy is not timed
	cp "$db" "$scratch/commit.db"
	cp "$db.key" "$scratch/commit.db.key" # the key that seals the audit record
	rm -f "$scratch/commit.db-wal" "$scratch/commit.db-shm"
	local s e
	s=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$scratch/c" "$tcreg" --db "$scratch/commit.db" -q award --policy "$hlj" \
		--year 2025 --commit -O json >/dev/null
	e=$EPOCHREALTIME
	awk -v a="$s" -v b="$e" -v m="$(cat "$scratch/c")" 'BEGIN { printf "%.4f %s", b - a, m }'
}
c=$(commit)
line "hlj-2017 2025 --commit -O json" "$c" "$year_anchor"
measure m "$tcreg" --db "$scratch/commit.db" -q award --policy "$hlj" --year 2025 -O json
line "hlj-2017 2025 json after the commit" "$m" "$year_anchor"
rm -f "$scratch"/commit.db*

# --explain: one contract of the year (unit: the contract), beside sqlite3
# reading that contract and its payments
id=$(sqlite3 "$db" "SELECT id FROM contract WHERE reg_date LIKE '2025%' AND category LIKE '1%' ORDER BY id LIMIT 1")
no=$(sqlite3 "$db" "SELECT reg_no FROM contract WHERE id = $id")
measure explain_anchor sqlite3 "$db" "SELECT * FROM contract WHERE id = $id; SELECT * FROM payment WHERE contract_id = $id"
measure m "$tcreg" --db "$db" -q award --policy "$hlj" --year 2025 --explain "$no"
line "hlj-2017 2025 --explain $no" "$m" "$explain_anchor"
measure m "$tcreg" --db "$db" -q award --policy "$hlj" --year 2025 --explain "$no" -O json
line "hlj-2017 2025 --explain (json)" "$m" "$explain_anchor"
echo "contracts: $(sqlite3 "$db" 'SELECT count(*) FROM contract'), registered in 2025: $(sqlite3 "$db" "SELECT count(*) FROM contract WHERE reg_date LIKE '2025%'"), payments: $(sqlite3 "$db" 'SELECT count(*) FROM payment')"
