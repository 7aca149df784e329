# contracts as YAML or JSON documents; a shown contract registers elsewhere as it is
tcreg register "$TESTDATA/contracts/two.yaml"
tcreg register "$TESTDATA/contracts/bad.yaml" "$TESTDATA/contracts/syntax.yaml"
raw show --json YAML-2025-002 > shown.json
tcreg --db "$TMP"/other.db register shown.json
tcreg --db "$TMP"/other.db list
tcreg register "$TESTDATA/contracts/missing.yaml"
