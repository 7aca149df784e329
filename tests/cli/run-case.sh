#!/bin/sh
# run-case.sh TCREG CASE.sh - run one CLI scenario and compare its transcript
# (commands, stdout, stderr as "2> ", exit codes as "? N") with CASE.out.
# TCREG_UPDATE_GOLDEN=1 rewrites the .out file instead.
set -u
tcreg_bin=$1
case_file=$2
golden=${case_file%.sh}.out
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-cli-XXXXXX")
export TMP
export LC_ALL=C.UTF-8 TZ=UTC TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1
export TCREG_DB="$TMP/reg.db" HOME="$TMP" XDG_DATA_HOME="$TMP/xdg" TCREG_LANG=en
export TCREG_NO_MAN=1
unset LANGUAGE LANG TCREG_POLICY_DIR TCREG_DATA_DIR 2>/dev/null || true
if [ -n "${TCREG_TEST_VALGRIND:-}" ]; then
	runner="valgrind -q --error-exitcode=126 --leak-check=full"
else
	runner=""
fi

# tcreg ARGS...: run and write the transcript
tcreg() {
	printf '$ tcreg %s\n' "$*"
	$runner "$tcreg_bin" "$@" >"$TMP/.out" 2>"$TMP/.err"
	rc=$?
	cat "$TMP/.out"
	sed 's/^/2> /' "$TMP/.err"
	[ "$rc" -ne 0 ] && echo "? $rc"
	return 0
}

# raw ARGS...: run without a transcript (for output redirected to a file)
raw() {
	$runner "$tcreg_bin" "$@"
}

cd "$TMP" || exit 2
# a fixed registry key, so that chain heads in transcripts stay the same
# (tcreg init keeps a key it finds beside the registry)
(umask 077 && printf '%s\n' 35fef0d8aa6439c25d1bc9b5411974ff881b3a77d6a7413be0e3d109a4dd9e7a >"$TMP/reg.db.key")
exec </dev/null # commands read nothing unless a case gives them input
. "$case_file" >"$TMP/.transcript" 2>&1
# chain heads ("ID:HASH") hash the records, and the records name files under
# the random $TMP: the id stays, the hash is masked
sed -e "s|$TMP|TMP|g" -e "s|$TESTDATA|TESTDATA|g" \
	-E -e 's/([0-9]+):[0-9a-f]{64}/\1:<chain-head>/g' -e 's/([0-9]+):[0-9a-f]{16}($|<)/\1:<chain-head-16>\2/' "$TMP/.transcript" >"$TMP/.actual"
if [ -n "${TCREG_UPDATE_GOLDEN:-}" ]; then
	cp "$TMP/.actual" "$golden"
fi
diff -u "$golden" "$TMP/.actual"
rc=$?
rm -rf "$TMP"
exit $rc
