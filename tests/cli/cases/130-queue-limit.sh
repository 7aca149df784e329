# the queue lists a screenful unless asked: the first N, then how many more
# wait and how to see them all; --json lists all unless --limit is given
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2026-09-18 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
TCREG_NOW=2026-09-18 tcreg certify --queue --limit 3
TCREG_NOW=2026-09-18 TCREG_LANG=zh tcreg certify --queue --limit 3
TCREG_NOW=2026-09-18 raw -q certify --queue --limit 0 | wc -l
TCREG_NOW=2026-09-18 raw certify --queue --json | grep -c '"id"'
TCREG_NOW=2026-09-18 tcreg certify --queue --json --limit 1
tcreg certify --queue --limit many
tcreg certify --queue --limit -1
tcreg certify 1 --accept --limit 2
