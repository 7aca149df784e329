# award-lib.sh - sourced by the award cases: a registry whose contracts are
# registered on chosen dates, built through the commands a clerk would use.

# award_init [AGENCY [REGION]]: the registry, with no expert-review track in
# the way (the fixtures' amounts are large on purpose)
award_init() {
	# the fixtures' sellers come from every province: an office registering
	# for all of them
	raw -q init --agency-name "${1:-黑龙江省技术市场管理办公室}" --region "${2:-2300}" --point 01 --area all
	raw -q config large_threshold 90000000000
}

# register_all LEDGER DATE: import the ledger, then register every submitted
# contract on DATE (a second clerk decides)
register_all() {
	TCREG_NOW=$2 raw -q register --csv "$1" || echo "import of $1 failed"
	raw -q list --status submitted --json |
		python3 -c 'import json, sys; print("\n".join(c["contract_no"] for c in json.load(sys.stdin)))' |
		while read -r n; do
			TCREG_NOW=$2 TCREG_OPERATOR=clerk2 raw -q certify "$n" --accept || echo "cannot accept $n"
		done
}

# payments FILE: import money received
payments() {
	raw -q register --payments "$1" || echo "import of $1 failed"
}
