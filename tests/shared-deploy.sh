#!/bin/sh
# shared-deploy.sh TCREG TESTDATA - the shared office machine with real Unix
# users: tcreg setgid to a group, the registry in /var/lib/tcreg (2770), a
# clerk and a certifier who are not in the group.  The clerk cannot certify
# their own entry, cannot pose as the certifier, cannot change settings,
# cannot write the registry or read its key without tcreg, and --db does not
# lend tcreg's group to a file of the clerk's choosing.  Needs root (skips
# with 77 otherwise) and a machine without /var/lib/tcreg.
set -u
tcreg_src=$1
testdata=$2
[ "$(id -u)" = 0 ] || { echo "skip: needs root to make users"; exit 77; }
for c in useradd groupadd runuser sqlite3; do
	command -v "$c" >/dev/null || { echo "skip: no $c"; exit 77; }
done
shared=/var/lib/tcreg
[ -e "$shared" ] && { echo "skip: $shared exists (a real deployment?)"; exit 77; }
grp=tcregtst clerk=tcregtst_clerk cert=tcregtst_cert
work=$(mktemp -d /tmp/tcreg-shared-XXXXXX)
made=""
cleanup() {
	rm -rf "$shared" "$work"
	for u in $made; do userdel "$u" 2>/dev/null; done
	getent group "$grp" >/dev/null && groupdel "$grp" 2>/dev/null
}
trap cleanup EXIT
getent group "$grp" >/dev/null || groupadd "$grp"
for u in "$clerk" "$cert"; do
	id "$u" >/dev/null 2>&1 || { useradd -M -N -s /bin/sh "$u" && made="$made $u"; }
done
chmod 755 "$work"
cp "$tcreg_src" "$work/tcreg"
chgrp "$grp" "$work/tcreg" && chmod 2755 "$work/tcreg"
install -d -m 2770 -o root -g "$grp" "$shared"
cp "$testdata/ledger-sample.csv" "$work/ledger.csv" && chmod 644 "$work/ledger.csv"
T="$work/tcreg"
export TCREG_NOW=2026-01-15 LC_ALL=C.UTF-8
unset TCREG_DB TCREG_OPERATOR
fails=0
# expect CODE DESCRIPTION USER COMMAND...: run as USER (root: as is), check the exit code
expect() {
	want=$1 what=$2 who=$3
	shift 3
	if [ "$who" = root ]; then "$@" >"$work/out" 2>&1; else
		runuser -u "$who" -- "$@" >"$work/out" 2>&1; fi
	got=$?
	if [ "$got" = "$want" ]; then echo "ok: $what"; else
		echo "FAIL: $what: exit $got, expected $want"; sed 's/^/    /' "$work/out"; fails=$((fails + 1)); fi
}
expect 0 "root sets the registry up in $shared" root "$T" init --agency-name 哈尔滨技术市场 --region 2301 --point 01
expect 0 "the first admin adds a clerk" root "$T" operator add "$clerk" --name 李娜 --role clerk
expect 0 "and a certifier" root "$T" operator add "$cert" --name 王强 --role certifier
mode=$(stat -c '%a %G' "$shared/registry.db")
[ "$mode" = "660 $grp" ] && echo "ok: registry 0660 group $grp" || { echo "FAIL: registry is $mode"; fails=$((fails + 1)); }
kmode=$(stat -c '%a %G' "$shared/registry.db.key")
[ "$kmode" = "640 $grp" ] && echo "ok: key 0640 group $grp" || { echo "FAIL: key is $kmode"; fails=$((fails + 1)); }
expect 0 "the clerk imports a ledger through tcreg" "$clerk" "$T" register --csv "$work/ledger.csv"
expect 77 "the clerk cannot certify their own entry" "$clerk" "$T" certify 1 --accept
expect 77 "nor pose as the certifier with --operator" "$clerk" "$T" --operator "$cert" certify 1 --accept
expect 77 "nor with TCREG_OPERATOR" "$clerk" env TCREG_OPERATOR="$cert" "$T" certify 1 --accept
expect 77 "the clerk cannot change settings" "$clerk" "$T" config allow_single_clerk yes
expect 77 "nor add an operator" "$clerk" "$T" operator add "$clerk" --name 李娜 --role certifier
expect 77 "nor read the audit" "$clerk" "$T" audit verify
expect 1 "sqlite3 cannot write the registry" "$clerk" sqlite3 "$shared/registry.db" "UPDATE contract SET total_amount_fen = 1"
expect 1 "nor can cat read the key" "$clerk" cat "$shared/registry.db.key"
ln -s "$shared/registry.db.key" "$work/borrow.db.key"
chmod 777 "$work"
expect 77 "--db elsewhere does not lend tcreg's group (a symlinked key stays unreadable)" "$clerk" "$T" --db "$work/borrow.db" init
expect 0 "a registry of the clerk's own is theirs to make" "$clerk" "$T" --db "$work/own.db" init
owner=$(stat -c '%U %a' "$work/own.db" 2>/dev/null)
[ "$owner" = "$clerk 600" ] && echo "ok: own registry $owner" || { echo "FAIL: own registry is $owner"; fails=$((fails + 1)); }
expect 0 "the certifier accepts the clerk's entry" "$cert" "$T" certify 1 --accept
expect 0 "and the registry is as tcreg wrote it" root "$T" audit verify
[ "$fails" = 0 ] || { echo "$fails checks failed"; exit 1; }
