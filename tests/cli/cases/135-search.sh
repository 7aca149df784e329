# Finding a contract by what a clerk remembers: two Chinese characters of the
# project, a party's short form, a contract number whole and begun (either
# case), a credit code, one character; best first, with how many more; in
# Chinese; as JSON; nothing found (exit 0, like a list that matches nothing);
# after a change of the project, the old text finds nothing and the new does.
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg search 除冰
tcreg search 哈工大
tcreg search HGC-2025-011
tcreg search hgc-2025-01
TCREG_LANG=zh tcreg search 91230600716617851J
tcreg search 冰
tcreg search --limit 2 大学
TCREG_LANG=zh tcreg search --limit 2 大学
raw search 油田 --json | python3 -c 'import json,sys; r = json.load(sys.stdin); print(sorted(r), [c["contract_no"] for c in r["contracts"]], r["more"], r["more_at_least"])'
tcreg search 火星
tcreg -q search 火星
# a registered contract's project changed: found by the new text only
TCREG_OPERATOR=clerk2 tcreg -q certify HGD-2025-0301 --accept
TCREG_OPERATOR=clerk2 tcreg -q certify HGD-2025-0301 --change --set project_name=高寒地区风电机组叶片防冰技术开发
tcreg search 除冰
tcreg search 叶片防冰
# a party renamed by an import: its undecided contracts follow it
sed -e 's/^\(KXY-2025-051,.*\),大庆油田有限责任公司,/\1,大庆油田科技有限公司,/' "$TESTDATA/ledger-sample.csv" | grep -e 合同编号 -e KXY-2025-051 >renamed.csv
tcreg -q register --csv renamed.csv --update
tcreg search 大庆油田科技
tcreg search 大庆油田有限
# what to look for, once
tcreg search
tcreg search 哈尔滨 工业
tcreg search --limit 0 x
# the index rebuilt from the registry: a row put in around tcreg is found
# afterwards, the rebuild is audited
sqlite3 reg.db "UPDATE contract SET project_name = '外部改名项目' WHERE id = 1"
tcreg search 外部改名
tcreg search --rebuild
tcreg search 外部改名
tcreg search --rebuild 多余
raw show 1 --json 2>/dev/null >/dev/null; echo "? $?"
