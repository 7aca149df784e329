#!/bin/sh
# completion.sh SRCDIR TCREG - the bash completion offers commands, each
# command's options (exactly its option table's), and values for some options.
set -u
src=$1
tcreg=$2
[ -f /usr/share/bash-completion/bash_completion ] || { echo "SKIP-FAIL: bash-completion is not installed"; exit 1; }
out=$(bash -c '
. /usr/share/bash-completion/bash_completion
. "$1/completion/tcreg.bash"
complete_line() { COMP_LINE="$*"; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _tcreg; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "; echo; }
complete_line tcreg ""
complete_line tcreg re
complete_line tcreg --db x.db cer
complete_line tcreg certify --re
complete_line tcreg report -O ""
complete_line tcreg register --encoding g
complete_line tcreg certify X --reason V0
complete_line tcreg list --status re
complete_line tcreg award --h
complete_line tcreg award -O ""
complete_line tcreg policy ""
complete_line tcreg certify X --reject --reason ""
complete_line tcreg certify X --not-accept --reason N
complete_line tcreg certify X --resolve-objection ""
complete_line tcreg list -O ""
complete_line tcreg register --sh
complete_line tcreg operator add lina --role c
complete_line tcreg audit verify --a
complete_line tcreg point add 03 --k
' sh "$src")
expect='help init list register report show search audit certify config award policy operator point backup restore export merge 
register report restore 
certify 
--reason --reg-date --reject --resolve-objection --resubmit --review --review-date --revoke 
csv html json md txt xlsx 
gb18030 
V01 V02 V03 V04 
registered rejected revoked 
--help --history 
csv html json txt xlsx 
check list show 
R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 
N01 N02 N03 N04 N05 N09 
dismiss uphold 
csv json txt xlsx 
--sheet 
certifier clerk 
--anchor 
--key-file '
have=$(printf '%s\n' "$out")
want=$(printf '%s\n' "$expect" | while IFS= read -r l; do printf '%s\n' "$(printf '%s' "$l" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')"; done)
if [ "$have" != "$want" ]; then
	echo "FAIL: completions differ"; echo "--- want"; echo "$want"; echo "--- have"; echo "$have"; exit 1
fi
# the completion offers after "-" exactly the options of each table, as
# 'tcreg help --options' lists them: a command's (and --help), a
# subcommand's ("point add"), tcreg's own global ones
listing=$("$tcreg" help --options) || { echo "FAIL: tcreg help --options"; exit 1; }
groups=$(printf '%s\n' "$listing" | cut -f1 | sort -u)
out=$(printf '%s\n' "$groups" | bash -c '
. /usr/share/bash-completion/bash_completion
. "$1/completion/tcreg.bash"
while IFS= read -r g; do
	set -- $g
	[ "$1" = tcreg ] && set --
	COMP_WORDS=(tcreg "$@" -); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _tcreg
	printf "%s\t%s\n" "$g" "$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")"
done' sh "$src")
printf '%s\n' "$groups" | while IFS= read -r g; do
	want=$(printf '%s\n' "$listing" | awk -F'\t' -v g="$g" '$1 == g { if ($2 != "") print $2; if ($3 != "") print $3 }')
	case $g in tcreg | *" "*) ;; *) want=$(printf '%s\n--help' "$want") ;; esac
	want=$(printf '%s\n' "$want" | sort | tr '\n' ' ')
	have=$(printf '%s\n' "$out" | awk -F'\t' -v g="$g" '$1 == g { print $2 }')
	[ "$have" = "$want" ] || { echo "FAIL: completion of '$g -': offers '$have', the table has '$want'"; exit 1; }
done || exit 1
# the global options that take a value are stepped over to find the command
skip=$(sed -n 's/^[[:space:]]*\(--db.*\)) ((i++)) ;;$/\1/p' "$src/completion/tcreg.bash" | tr -d ' ' | tr '|' '\n' | sort | tr '\n' ' ')
want=$(printf '%s\n' "$listing" | awk -F'\t' '$1 == "tcreg" && $4 != "" { print $2 }' | sort | tr '\n' ' ')
[ "$skip" = "$want" ] || { echo "FAIL: the completion steps over '$skip', the global options with a value are '$want'"; exit 1; }
echo "ok: completion of commands, options and values"
