# list filters and formats; show by every kind of ID
raw -q init # only init creates a registry at $TCREG_DB
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
tcreg list --from 2025-05-01 --to 2025-06-30
tcreg list --status registered
tcreg list --from 2025/7/1 --json
tcreg list --to 2025-03-31 --csv
tcreg show 3
tcreg show nope
tcreg --db "$TMP"/missing.db list
# finding contracts: by party (part of a name, or a credit code), category
# (a category takes in its sub-types), registration dates, several statuses;
# totals; -o with the format from the name
tcreg list --seller 哈尔滨工业大学 --totals
tcreg list --buyer 大庆 --category 技术转让
tcreg list --buyer 91230600716617851J --category 技术开发
tcreg list --seller 王建国 --status rejected,submitted --status registered --totals --json
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_OPERATOR=clerk2 tcreg -q certify HGC-2025-011 --accept
tcreg list --registered-from 2026-01-01 --registered-to 2026-12-31 --status registered
tcreg list --category 火星
tcreg list --status submitted,bogus
tcreg list --csv --totals
tcreg list --seller 哈尔滨 -o found.csv
head -c 120 found.csv; echo
# CSV for Excel on Chinese Windows: GB18030 with the ledger's Chinese headers (importable again); or UTF-8 with a BOM
tcreg list --csv --encoding gb18030 --headers zh -o excel.csv
iconv -f gb18030 -t utf-8 excel.csv | head -2
raw list --csv --bom --seller 王建国 | od -c | head -1
tcreg list --bom
