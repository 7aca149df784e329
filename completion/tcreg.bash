# bash completion for tcreg                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/tcreg.

_tcreg()
{
	local cur prev words cword
	_init_completion || return

	local globals="--db --policy-dir --operator --lang --no-input -q --quiet -v --verbose --version --help -h"
	local commands="init register show search list certify config report award policy audit operator point backup restore export merge help"

	# the command is the first word that is not a global option or its argument
	local i cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db | --policy-dir | --operator | --lang) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	case $prev in
	--db) _filedir db; return ;;
	--policy-dir) _filedir -d; return ;;
	--lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
	--csv | --payments) _filedir '@(csv|CSV|txt|TXT|xlsx|XLSX)'; return ;;
	--rejects) _filedir '@(csv|CSV|xlsx|XLSX)'; return ;;
	--key-file) _filedir '@(pem|PEM)'; return ;;
	--encoding) COMPREPLY=($(compgen -W "auto utf-8 gb18030 utf-16 utf-16le utf-16be" -- "$cur")); return ;;
	--status) COMPREPLY=($(compgen -W "submitted needs_supplement registered rejected changed cancelled revoked not_accepted withdrawn external" -- "$cur")); return ;;
	--resolve-objection) COMPREPLY=($(compgen -W "uphold dismiss" -- "$cur")); return ;;
	--area) COMPREPLY=($(compgen -W "all" -- "$cur")); return ;;
	-O)
		if [[ $cmd == report ]]; then
			COMPREPLY=($(compgen -W "txt csv json md html xlsx" -- "$cur"))
		elif [[ $cmd == award ]]; then
			COMPREPLY=($(compgen -W "txt csv json html xlsx" -- "$cur"))
		elif [[ $cmd == list ]]; then
			COMPREPLY=($(compgen -W "txt csv json xlsx" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "txt html json" -- "$cur"))
		fi
		return ;;
	-o) _filedir; return ;;
	--policy)
		# the names tcreg finds, and policy files
		COMPREPLY=($(compgen -W "$(tcreg policy list 2>/dev/null | awk '{print $1}')" -- "$cur"))
		[[ $cur == */* || $cur == .* ]] && _filedir '@(yaml|yml)'
		return ;;
	--facts) _filedir '@(csv|CSV)'; return ;;
	--explain) return ;;
	--reason)
		# the codes of the action on the line: refusal, revocation or not accepting
		if [[ $cmd == certify ]]; then
			local w codes="R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 V01 V02 V03 V04 N01 N02 N03 N04 N05 N09"
			for w in "${words[@]}"; do
				case $w in
				--reject) codes="R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11" ;;
				--revoke) codes="V01 V02 V03 V04" ;;
				--not-accept) codes="N01 N02 N03 N04 N05 N09" ;;
				esac
			done
			COMPREPLY=($(compgen -W "$codes" -- "$cur"))
		fi
		return ;;
	--deduct) COMPREPLY=($(compgen -W "equipment= instrument= parts= raw_material= other=" -- "$cur")); compopt -o nospace; return ;;
	--operator | --agency-name | --region | --point | --note | --expert | --opinion | --month | --quarter | --year | --set | --category | --from | --to | --review-date | --external | --agency | --reg-date | --by)
		[[ $prev == --month ]] && COMPREPLY=($(compgen -W "last" -- "$cur"))
		return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts=
	case $cmd in
	init) opts="--agency-name --region --point --area --force" ;;
	register) opts="--csv --payments --sheet --encoding --dry-run -n --keep-going --rejects --force -f --update --json --point" ;;
	show) opts="--json --party" ;;
	search) opts="--limit --json --rebuild --point" ;;
	list) opts="--status --from --to --seller --buyer --category --registered-from --registered-to --totals --json --csv -O --format -o --output --bom --encoding --headers --point" ;;
	certify) opts="--queue --json --limit --accept --reject --supplement --resubmit --review --change --cancel --revoke --certificate --category --deduct --set --reason --note --expert --opinion --review-date --not-accept --withdraw --external --agency --reg-date --objection --by --force --resolve-objection --point -O -o" ;;
	config)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "large_threshold review_days review_days_large allow_single_clerk reg_no_template objection_days amount_ceiling" -- "$cur"))
		elif [[ ${words[cword - 1]} == allow_single_clerk ]]; then
			COMPREPLY=($(compgen -W "yes no" -- "$cur"))
		fi
		return ;;
	report) opts="--month --quarter --year -O -o --bom --encoding --point --check --rebuild" ;;
	award) opts="--policy --year -O -o --bom --encoding --facts --commit --explain --history --compare --budget --point" ;;
	backup) opts="" ;;
	restore) opts="--force" ;;
	export) opts="--since --key-file -o --output" ;;
	merge) opts="--dry-run --json --conflicts --all --resolve --revoke --keep --note" ;;
	policy)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "check list show" -- "$cur"))
		elif [[ ${words[i + 1]} == check ]]; then
			_filedir '@(yaml|yml)'
		elif [[ ${words[i + 1]} == show ]]; then
			COMPREPLY=($(compgen -W "$(tcreg policy list 2>/dev/null | awk '{print $1}')" -- "$cur"))
		elif [[ ${words[i + 1]} == list ]]; then
			COMPREPLY=($(compgen -W "--json" -- "$cur"))
		fi
		return ;;
	audit)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "verify risks" -- "$cur"))
		elif [[ ${words[i + 1]} == risks && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--year --point -O -o" -- "$cur"))
		elif [[ ${words[i + 1]} == verify && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--anchor --json" -- "$cur"))
		fi
		return ;;
	operator)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "add list disable set-points" -- "$cur"))
		elif [[ ${words[i + 1]} == add && ${words[cword - 1]} == --role ]]; then
			COMPREPLY=($(compgen -W "clerk certifier reviewer admin auditor" -- "$cur"))
		elif [[ ${words[i + 1]} == add && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--name --role --point" -- "$cur"))
		elif [[ ${words[i + 1]} == set-points && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--point" -- "$cur"))
		elif [[ ${words[i + 1]} == list && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--json" -- "$cur"))
		fi
		return ;;
	point)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "add list disable" -- "$cur"))
		elif [[ ${words[i + 1]} == add && ${words[cword - 1]} == --key-file ]]; then
			_filedir '@(pem|PEM)'
		elif [[ ${words[i + 1]} == add && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--name --region --area --key-file" -- "$cur"))
		elif [[ ${words[i + 1]} == list && $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--json" -- "$cur"))
		elif [[ ${words[i + 1]} == disable ]]; then
			COMPREPLY=($(compgen -W "$(tcreg point list --json 2>/dev/null | sed -n 's/^ *"point": "\([0-9]*\)".*/\1/p')" -- "$cur"))
		fi
		return ;;
	help)
		[[ $cur == -* ]] || { COMPREPLY=($(compgen -W "$commands ledger bundle policy-file" -- "$cur")); return; }
		opts="--options" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
	elif [[ $cmd == register ]]; then
		_filedir '@(yaml|yml|json|YAML|YML|JSON)'
	fi
} && complete -F _tcreg tcreg
