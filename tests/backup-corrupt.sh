#!/bin/sh
# backup-corrupt.sh TCREG GEN - backups taken while an import runs hold the
# registry before the import or after it, never between, and verify; and a
# byte flipped anywhere in a copy of a registry either changes nothing tcreg
# holds or is found by audit verify (and refused by backup).
set -u
tcreg=$1
gen=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-backup-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1
fail() { echo "FAIL: $*"; exit 1; }

python3 "$gen" 20000 "$work/big.csv" || fail "cannot generate the ledger"
python3 "$gen" 500 "$work/small.csv" || fail "cannot generate the ledger"
"$tcreg" -q init --agency-name 测试 --region 2301 --point 01 || fail "init"
"$tcreg" -q register --csv "$work/small.csv" || fail "first import"
before=$(sqlite3 "$TCREG_DB" "SELECT count(*) FROM contract")

# --- backups during an import -------------------------------------------
"$tcreg" -q register --csv "$work/big.csv" &
pid=$!
n=0
while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 30 ]; do
	n=$((n + 1))
	"$tcreg" -q backup "$work/b$n.db" || fail "backup $n during the import"
	sleep 0.1
done
wait "$pid" || fail "the import"
n=$((n + 1))
"$tcreg" -q backup "$work/b$n.db" || fail "backup $n after the import"
after=$(sqlite3 "$TCREG_DB" "SELECT count(*) FROM contract")
[ "$n" -gt 0 ] || fail "no backup was taken during the import"
mid=0
for i in $(seq 1 "$n"); do
	c=$(sqlite3 "$work/b$i.db" "SELECT count(*) FROM contract")
	[ "$c" = "$before" ] || [ "$c" = "$after" ] || fail "backup $i holds $c contracts, neither $before nor $after"
	[ "$c" = "$before" ] && mid=$((mid + 1))
	# each verifies on its own, with the registry's key beside it
	cp "$TCREG_DB.key" "$work/b$i.db.key"
	"$tcreg" -q --db "$work/b$i.db" audit verify >/dev/null 2>&1 || fail "backup $i does not verify"
done
echo "ok: $n backups during the import ($mid before it, $((n - mid)) after), each whole and verified"

# --- one byte flipped ----------------------------------------------------
"$tcreg" -q backup "$work/clean.db" || fail "backup of the clean registry"
# what the registry holds: every table but the search index, which is
# derived from them (tcreg-search(1)) and not sealed
held() {
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                  "name NOT LIKE 'search%' AND name NOT LIKE 'sqlite%' ORDER BY name")]
for n in names:
    for row in db.execute('SELECT * FROM "%s" ORDER BY 1' % n):
        print(n, repr(row))
PY
}
held "$work/clean.db" >"$work/clean.sql"
size=$(stat -c %s "$work/clean.db")
found=0 same=0 trials=25
for t in $(seq 1 $trials); do
	cp "$work/clean.db" "$work/bad.db"
	cp "$TCREG_DB.key" "$work/bad.db.key"
	# a byte past the file header, chosen by a fixed sequence
	off=$(( (t * 7919 * 104729) % (size - 100) + 100 ))
	python3 -c "import sys; f=open(sys.argv[1],'r+b'); f.seek(int(sys.argv[2])); b=f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0]^0x5a]))" "$work/bad.db" "$off"
	if "$tcreg" -q --db "$work/bad.db" audit verify >/dev/null 2>&1; then
		# verify says intact: then nothing tcreg holds may have changed
		held "$work/bad.db" >"$work/bad.sql" 2>/dev/null
		cmp -s "$work/clean.sql" "$work/bad.sql" || fail "byte $off changed the registry and audit verify did not see it"
		same=$((same + 1))
	else
		found=$((found + 1))
		"$tcreg" -q --db "$work/bad.db" backup "$work/bad-backup.db" >/dev/null 2>&1 &&
			fail "backup accepted a registry damaged at byte $off"
	fi
done
echo "ok: $trials flipped bytes: $found found by audit verify (and refused by backup), $same changed nothing"
