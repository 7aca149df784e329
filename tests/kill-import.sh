#!/bin/sh
# kill-import.sh TCREG GEN - SIGKILL an import of a large generated ledger
# part-way, then check the registry is intact and holds none of that batch,
# that no rejects file (nor a temporary one) was left for the rolled-back
# batch, and that the same import then runs to the end.
set -u
tcreg=$1
gen=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-kill-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1
fail() { echo "FAIL: $*"; exit 1; }

python3 "$gen" 200000 "$work/big.csv" || fail "cannot generate the ledger"
"$tcreg" -q init || fail "init"
before=$(sqlite3 "$TCREG_DB" "SELECT count(*) FROM audit")

"$tcreg" -q register --csv "$work/big.csv" --keep-going --rejects "$work/rejects.csv" &
pid=$!
# kill it once it is well into the file: the WAL grows as rows are written
i=0
while [ "$i" -lt 400 ]; do
	size=$(stat -c %s "$TCREG_DB-wal" 2>/dev/null || echo 0)
	[ "$size" -gt 4000000 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.02
	i=$((i + 1))
done
kill -0 "$pid" 2>/dev/null || fail "the import ended before it could be killed; raise the row count"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
echo "killed the import with $(stat -c %s "$TCREG_DB-wal") bytes in the WAL"

[ "$(sqlite3 "$TCREG_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
leftover=$(ls "$work" | grep rejects)
[ -z "$leftover" ] || fail "the killed import left a rejects file: $leftover"
[ "$(sqlite3 "$TCREG_DB" 'SELECT count(*) FROM contract')" = 0 ] || fail "contracts from the killed batch remain"
[ "$(sqlite3 "$TCREG_DB" 'SELECT count(*) FROM party')" = 0 ] || fail "parties from the killed batch remain"
[ "$(sqlite3 "$TCREG_DB" 'SELECT count(*) FROM import_batch')" = 0 ] || fail "the killed batch is recorded"
[ "$(sqlite3 "$TCREG_DB" 'SELECT count(*) FROM audit')" = "$before" ] || fail "audit rows from the killed batch"
"$tcreg" audit verify >/dev/null || fail "audit verify"

"$tcreg" -q register --csv "$work/big.csv" || fail "the import after the kill failed"
[ "$(sqlite3 "$TCREG_DB" 'SELECT count(*) FROM contract')" = 200000 ] || fail "the re-run did not import every row"
echo "ok: registry intact after SIGKILL; the re-run imported 200000 rows"
