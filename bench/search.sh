#!/usr/bin/env bash
# search.sh [N] - time tcreg search over the registry bench/award.sh builds
# (N contracts, default 1,000,000), beside an anchor measured in the same
# run: the same process opening the registry and finding nothing (tcreg
# search of a text no contract holds).  Also times the one-time migration
# that builds the search index on a copy of the registry.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
out=$here/out
src=$out/report-$n.db
[ -s "$src" ] || TCREG=$tcreg bash "$here/award.sh" "$n" >/dev/null
db=$out/search-$n.db
if [ ! -s "$db" ]; then
	cp "$src" "$db"
	rm -f "$db-wal" "$db-shm"
	s=$(date +%s.%N)
	"$tcreg" --db "$db" -q init # builds the index if the copy predates it
	e=$(date +%s.%N)
	awk -v a="$s" -v b="$e" 'BEGIN { printf "migration (index build) of %s contracts: %.1f s\n", '"$n"', b - a }'
fi
median() { # the command: prints the median of five runs, in seconds
	local s e times=""
	for _ in 1 2 3 4 5; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		times="$times $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.4f", b - a }')"
	done
	echo "$times" | tr ' ' '\n' | grep . | sort -n | sed -n 3p
}
regno=$(sqlite3 "$db" "SELECT reg_no FROM contract WHERE reg_no IS NOT NULL LIMIT 1 OFFSET 12345")
uscc=$(sqlite3 "$db" "SELECT uscc FROM party WHERE uscc IS NOT NULL LIMIT 1 OFFSET 777")
name=$(sqlite3 "$db" "SELECT substr(name, 1, 6) FROM party LIMIT 1 OFFSET 4242")
anchor=$(median "$tcreg" --db "$db" -q search 火星来的合同)
echo "anchor: open the registry and find nothing:        $anchor s"
for q in "$regno" "$uscc" "$name" 石墨烯传感 焊接 除冰; do
	t=$(median "$tcreg" --db "$db" -q search "$q")
	printf '%-46s %s s  (%.1f x the anchor)\n' "search '$q':" "$t" "$(awk -v a="$anchor" -v b="$t" 'BEGIN { print b / a }')"
done
