#!/usr/bin/env bash
# compare-risks.sh [N] - time tcreg award --compare of three policies and
# tcreg audit risks over the registry bench/award.sh builds (N registered
# contracts, default 1,000,000, with a payment each), each beside an anchor
# measured in the same run: one policy alone for the comparison, one pass of
# sqlite3 over the contract table for the risks.  Also checks that every
# compared total equals its policy run alone.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
db=$out/report-$n.db
[ -s "$db" ] || TCREG=$tcreg bash "$here/award.sh" "$n" >/dev/null
"$tcreg" --db "$db" -q init # brings an older bench registry to the current schema
policies=$here/../schemas/policies
export TCREG_NOW=2026-01-15
median() { # the command: prints the median of three runs, in seconds
	local s e times=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		times="$times $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')"
	done
	echo "$times" | tr ' ' '\n' | grep . | sort -n | sed -n 2p
}
one=$(median "$tcreg" --db "$db" -q award --policy "$policies/hlj-2017.yaml" --year 2025 -O json)
three=$(median "$tcreg" --db "$db" -q award --compare "$policies/hlj-2017.yaml" "$policies/hlj-2024.yaml" \
	"$policies/ningxia-2023.yaml" --year 2025 -O json)
echo "anchor: hlj-2017 alone, 2025:                      $one s"
echo "award --compare hlj-2017 hlj-2024 ningxia-2023:     $three s"
awk -v a="$one" -v b="$three" 'BEGIN { printf "ratio, the comparison of three to one policy alone: %.2f\n", b / a }'
scan=$(median sqlite3 "$db" "SELECT count(*), sum(tech_amount_fen), max(project_name) FROM contract
	WHERE sign_date BETWEEN '2025-01-01' AND '2025-12-31'")
risks=$(median "$tcreg" --db "$db" -q audit risks --year 2025 -O json)
echo "anchor: sqlite3 reading the year's contracts:       $scan s"
echo "audit risks, 2025:                                  $risks s"
awk -v a="$scan" -v b="$risks" 'BEGIN { printf "ratio, the risks to the sqlite3 pass: %.2f\n", b / a }'
/usr/bin/time -f "peak RSS of audit risks: %M KiB" "$tcreg" --db "$db" -q audit risks --year 2025 -O json >/dev/null
/usr/bin/time -f "peak RSS of award --compare: %M KiB" "$tcreg" --db "$db" -q award --compare \
	"$policies/hlj-2017.yaml" "$policies/hlj-2024.yaml" "$policies/ningxia-2023.yaml" --year 2025 -O json >/dev/null
# the compared totals are those of each policy alone
"$tcreg" --db "$db" -q award --compare "$policies/hlj-2017.yaml" "$policies/hlj-2024.yaml" --year 2025 -O json -o "$out/cmp.json"
for p in hlj-2017 hlj-2024; do
	"$tcreg" --db "$db" -q award --policy "$policies/$p.yaml" --year 2025 -O json -o "$out/alone-$p.json"
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
for p in json.load(open(out + "/cmp.json"))["policies"]:
    alone = json.load(open("%s/alone-%s.json" % (out, p["policy"])))["total_award_fen"]
    print("%s: compared %d, alone %d: %s" % (p["policy"], p["total_award_fen"], alone,
          "equal" if alone == p["total_award_fen"] else "DIFFERENT"))
PY
"$tcreg" --db "$db" -q audit risks --year 2025 -O json -o "$out/risks.json"
python3 -c '
import json, collections, sys
f = json.load(open(sys.argv[1]))["flags"]
print("flags:", len(f), dict(collections.Counter(x["rule"] for x in f)))' "$out/risks.json"
