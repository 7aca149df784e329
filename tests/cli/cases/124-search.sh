# Finding a contract by what a clerk remembers: two Chinese characters of the
# project, part of a party's name, a credit code, part of a number; in
# Chinese; as JSON; nothing found; a renamed party found under its new name
# only (the index follows the data in the same transaction).
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg search 除冰
tcreg search 哈尔滨工程
TCREG_LANG=zh tcreg search 91230600716617851J
raw search HGD-2025-05 --json | python3 -c 'import json,sys; print([c["contract_no"] for c in json.load(sys.stdin)])'
tcreg search 火星
tcreg search --limit 1 大学
tcreg search
tcreg search --limit 0 x
sqlite3 "$TCREG_DB" "UPDATE party SET name = '大庆油田科技有限公司' WHERE name = '大庆油田有限责任公司'"
tcreg search 大庆油田有限
tcreg search 油田科技
