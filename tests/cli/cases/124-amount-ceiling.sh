# amounts: a plausibility ceiling where they enter (100亿元 unless the office
# sets another), and sums that never wrap nor end in an internal error
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
head -1 "$TESTDATA/ledger-sample.csv" > huge.csv
printf '%s\n' 'B-1,巨额,委托开发,哈尔滨工业大学,,2301,高等院校,乙公司,,2301,企业法人,"92,233,720,368,547,758.07","92,233,720,368,547,758.07",2025-03-05,2025-03-05,2026-03-04,农业,,,否,' \
	'B-2,上限,委托开发,哈尔滨工业大学,,2301,高等院校,乙公司,,2301,企业法人,"10,000,000,000.00",1,2025-03-05,2025-03-05,2026-03-04,农业,,,否,' >> huge.csv
tcreg register --csv huge.csv
TCREG_LANG=zh tcreg register --csv huge.csv --dry-run
tcreg config amount_ceiling
tcreg config amount_ceiling 1亿
tcreg config amount_ceiling 50000000000
tcreg register --csv huge.csv --keep-going
tcreg config amount_ceiling 1000000
tcreg -q register --csv "$TESTDATA/ledger-sample.csv" --keep-going
tcreg config allow_single_clerk yes
tcreg -q certify HGD-2025-0317 --accept
tcreg certify HGD-2025-0317 --change --set 合同成交额=200万
# amounts from before the ceiling (or written by other means) add up past
# 64 bits: a clear data error, not exit 70
sqlite3 "$TCREG_DB" "UPDATE contract SET status = 'registered', reg_date = '2026-01-10', reg_no = 'X' || id, total_amount_fen = 9223372036854775807, tech_amount_fen = 9223372036854775807"
# (written outside tcreg: counted by the report once its rollups are summed anew)
tcreg -q report --rebuild
tcreg report --month 2026-01
tcreg report --year 2026 -O json
tcreg list --totals --status registered
