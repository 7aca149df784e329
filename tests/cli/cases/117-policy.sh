# policy files: every shipped one is valid; each kind of mistake is found at
# its line and column, all in one pass; where policies are looked for
for f in "$TCREG_SOURCE"/schemas/policies/*.yaml; do raw policy check "$f" >/dev/null || echo "shipped policy $f is invalid"; done
raw policy check "$TCREG_SOURCE"/schemas/policies/*.yaml | wc -l
raw policy check "$TCREG_SOURCE/schemas/policy-reference.yaml" >/dev/null || echo "the reference policy is invalid"
tcreg policy check "$TESTDATA/policies/bad-keys.yaml"
tcreg policy check "$TESTDATA/policies/bad-combinations.yaml"
tcreg policy check "$TESTDATA/policies/bad-syntax.yaml" "$TESTDATA/policies/two-documents.yaml"
cp "$TCREG_SOURCE/schemas/policies/hlj-2017.yaml" hlj.yaml
tcreg policy check hlj.yaml missing.yaml
tcreg policy check
tcreg policy frobnicate
tcreg policy list
tcreg policy show shenzhen
# a policy of the office's own, by name, found before the shipped ones
mkdir -p mine "$TMP/.config/tcreg/policies"
sed 's/^title: .*/title: 本办公室修订版/' "$TCREG_SOURCE/schemas/policies/hlj-2017.yaml" > mine/hlj-2017.yaml
cp "$TCREG_SOURCE/schemas/policies/fuqing.yaml" "$TMP/.config/tcreg/policies/fuqing.yaml"
tcreg --policy-dir mine policy list
TCREG_POLICY_DIR=mine raw policy show hlj-2017 | grep title
# a file that declares another name is refused by name
cp mine/hlj-2017.yaml mine/hlj-2099.yaml
tcreg --policy-dir mine award --policy hlj-2099 --year 2025
# errors in a policy stop award before it reads the registry
tcreg award --policy "$TESTDATA/policies/bad-syntax.yaml" --year 2025
raw award --policy no-such-policy --year 2025 2>err; echo "exit $?"
sed "s|$TCREG_SOURCE|SRC|" err | grep -v "^  /usr"
tcreg award --policy ./nothing.yaml --year 2025
tcreg award --year 2025
tcreg award --policy hlj-2017 --year 25
tcreg award --policy hlj-2017 --year 2025 --commit --explain H-01
tcreg award --history --year 2025
