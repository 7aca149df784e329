#!/bin/sh
# lint-man.sh TCREG MANDIR - every man page renders without a groff warning,
# each command page's SYNOPSIS is the usage its --help prints, and its
# OPTIONS name every option of the command's table.
set -u
tcreg=$1
dir=$2
fail=0
for page in "$dir"/*.[15]; do
	out=$(groff -k -t -man -Tutf8 -ww -z "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: $page: groff says:"
		echo "$out"
		fail=1
	fi
done
synopsis() {
	# the SYNOPSIS section as plain ASCII text, one usage per line
	groff -k -t -man -Tascii -rLL=300n -P-cbou "$1" 2>/dev/null |
		sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed '1d;$d' | sed 's/^ *//' | grep -v '^$'
}
for page in "$dir"/tcreg-*.1; do
	cmd=$(basename "$page" .1)
	cmd=${cmd#tcreg-}
	want=$(synopsis "$page")
	have=$(COLUMNS=1000 TCREG_LANG=en "$tcreg" "$cmd" --help | grep -E '^(usage:|   or:)' |
		sed -e 's/^usage: //' -e 's/^   or: //')
	if [ "$want" != "$have" ]; then
		echo "FAIL: $page: SYNOPSIS does not match 'tcreg $cmd --help'"
		echo "--- man:"; echo "$want"; echo "--- help:"; echo "$have"
		fail=1
	fi
done
# every command in the table has a page
for cmd in $("$tcreg" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}'); do
	case $cmd in help) continue ;; esac
	[ -f "$dir/tcreg-$cmd.1" ] || { echo "FAIL: no man page for '$cmd'"; fail=1; }
done
# every option of a command's table ('tcreg help --options') is named in its
# page's OPTIONS section (ACTIONS for certify, GLOBAL OPTIONS for tcreg's
# own), or, on a page without one, somewhere outside its SYNOPSIS
options_text() {
	txt=$(groff -k -t -man -Tascii -rLL=300n -P-cbou "$1" 2>/dev/null)
	for s in OPTIONS ACTIONS "GLOBAL OPTIONS"; do
		if printf '%s\n' "$txt" | grep -qx "$s"; then
			printf '%s\n' "$txt" | sed -n "/^$s\$/,/^[A-Z]/p"
			return
		fi
	done
	printf '%s\n' "$txt" | sed '/^SYNOPSIS$/,/^[A-Z]/d'
}
tab=$(printf '\t')
missing=$("$tcreg" help --options | while IFS="$tab" read -r cmd long short arg; do
	c=${cmd%% *}
	case $c in help) continue ;; tcreg) page=$dir/tcreg.1 ;; *) page=$dir/tcreg-$c.1 ;; esac
	name=${long:-$short}
	options_text "$page" | grep -qE -- "$name([^a-z-]|\$)" || echo "FAIL: $page does not name $name ($cmd)"
done)
if [ -n "$missing" ]; then
	echo "$missing"
	fail=1
fi
[ $fail -eq 0 ] && echo "ok: man pages lint clean and match --help"
exit $fail
