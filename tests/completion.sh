#!/bin/sh
# completion.sh SRCDIR - the bash completion offers commands, each command's
# options (checked against --help), and values for some options.
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
# every option the completion offers for a command is one its --help knows
for cmd in register list certify report init show award restore search export merge; do
	opts=$(sed -n "/^	$cmd) opts=\"/s/.*opts=\"\([^\"]*\)\".*/\1/p" "$src/completion/tcreg.bash")
	for o in $opts; do
		TCREG_LANG=en "$tcreg" "$cmd" --help | grep -q -- "$o" || { echo "FAIL: $cmd: '$o' is not in --help"; exit 1; }
	done
done
echo "ok: completion of commands, options and values"
