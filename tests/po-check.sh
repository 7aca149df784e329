#!/bin/sh
# po-check.sh SRCDIR - every message of the sources has a zh_CN translation,
# none is fuzzy, and the catalogue compiles with format checks.
set -u
src=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-po-XXXXXX")
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 -ktcreg__set_err:3 -ktcreg__err_text:1 --language=C --no-location -o "$work/tcreg.pot" \
	"$src"/lib/*.c "$src"/lib/*/*.c "$src"/cmd/*.c 2>/dev/null || { echo "FAIL: xgettext"; exit 1; }
if ! msgcmp "$src/po/zh_CN.po" "$work/tcreg.pot" 2>"$work/cmp"; then
	echo "FAIL: messages without a zh_CN translation (update po/zh_CN.po):"
	cat "$work/cmp"
	exit 1
fi
stats=$(msgfmt --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>&1) || { echo "FAIL: $stats"; exit 1; }
# every translation's printf directives fit its message's (the catalogue's
# entries carry no c-format flag of their own: the sources' do)
msgmerge -q --no-fuzzy-matching "$src/po/zh_CN.po" "$work/tcreg.pot" -o "$work/merged.po" &&
	msgfmt --check -o /dev/null "$work/merged.po" 2>"$work/fmt" ||
	{ echo "FAIL: a translation's format directives do not fit its message:"; cat "$work/fmt"; exit 1; }
case $stats in
*untranslated* | *fuzzy*) echo "FAIL: $stats"; exit 1 ;;
esac
echo "ok: $stats"
