# contracts as YAML or JSON documents; a shown contract registers elsewhere as it is
raw -q init # only init creates a registry at $TCREG_DB
tcreg register "$TESTDATA/contracts/two.yaml"
tcreg register "$TESTDATA/contracts/bad.yaml" "$TESTDATA/contracts/syntax.yaml"
raw show --json YAML-2025-002 > shown.json
raw --db "$TMP"/other.db -q init
tcreg --db "$TMP"/other.db register shown.json
tcreg --db "$TMP"/other.db list
tcreg register "$TESTDATA/contracts/missing.yaml"
