# what award refuses, policy check refuses first: more than 32 rules, YAML
# tags, a file too large to be a policy (never cut and read in part)
src="$TCREG_SOURCE/schemas/policies/hlj-2017.yaml"
sed 's/pct: 30}/pct: !!str 30}/' "$src" > str.yaml
sed 's/^title:/title: !evil/; s/^rounding:/rounding: !!map/' "$src" > evil.yaml
tcreg policy check str.yaml evil.yaml
{
	sed -n '/^rules:/q;p' "$src"
	echo 'rules:'
	i=0
	while [ $i -lt 33 ]; do
		printf '  - name: r%d\n    applicant: seller\n    eligible: {related_party: allow, registered: {from: open, to: open}}\n    base: {kind: tech_amount, per: contract}\n    rate: {kind: flat, pct: 5}\n' $i
		i=$((i + 1))
	done
} > many.yaml
tcreg policy check many.yaml
tcreg -q init
tcreg award --policy ./many.yaml --year 2025
sed '/^  - name: r32/,$d' many.yaml > enough.yaml
tcreg policy check enough.yaml
tcreg award --policy ./enough.yaml --year 2025
{ cat "$src"; head -c 5000000 /dev/zero | tr '\0' '#'; } > big.yaml
tcreg policy check big.yaml
TCREG_LANG=zh tcreg policy check big.yaml str.yaml
