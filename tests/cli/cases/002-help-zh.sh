# the same help, errors and summaries in Chinese; machine output stays English
raw -q init # only init creates a registry at $TCREG_DB
unset TCREG_LANG
LANGUAGE=zh_CN tcreg --help
tcreg --lang zh register --help
TCREG_LANG=zh tcreg certify --help
TCREG_LANG=zh tcreg report --help
TCREG_LANG=zh tcreg regster
LC_ALL= LANG=zh_CN.UTF-8 tcreg register --bogus
TCREG_LANG=zh tcreg register --csv "$TESTDATA/ledgers/wan.csv" --json
TCREG_LANG=zh tcreg list
TCREG_LANG=zh tcreg show W-02
tcreg --lang en list --status submitted
tcreg --lang fr list
# the language is found after a global option that takes a value
TCREG_LANG=zh tcreg --policy-dir . --lang en regster
TCREG_LANG=en tcreg --db registry.db --lang=zh regster
tcreg --lang zh_CN regster
tcreg --lang en-US regster
# the library's own errors reach a Chinese screen in Chinese (codes stay as they are)
TCREG_LANG=zh tcreg certify W-02 --revoke --reason V01
TCREG_LANG=zh tcreg --db "$TMP"/missing.db list
TCREG_LANG=zh tcreg config colour red
