# a gap between exports is refused, naming what is missing; a lost file is
# written again (export --since) and the chain goes on from there
. "$TCREG_SOURCE/tests/cli/stations-lib.sh"
station_init s1.db 2301 哈尔滨市技术合同登记站 1111111111111111111111111111111111111111111111111111111111111111
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
for m in 1 2 3 4; do
	month s1.db 1 $m 1
	TCREG_NOW=2026-0$m-28 tcreg -q --db s1.db export -o s1-$m.tcrx
done
tcreg merge s1-2.tcrx
TCREG_NOW=2026-01-31 tcreg -q merge s1-1.tcrx
tcreg merge s1-3.tcrx
tcreg merge s1-4.tcrx
# export 2 was lost: written again since export 1, it covers 2, 3 and 4
TCREG_NOW=2026-04-29 hashless --db s1.db export --since 1 -o s1-2b.tcrx
TCREG_NOW=2026-04-29 hashless --db s1.db export --since 9 -o s1-x.tcrx
TCREG_NOW=2026-04-29 hashless --db s1.db export --since 1 -o s1-2b.tcrx
TCREG_NOW=2026-04-30 tcreg merge s1-2b.tcrx
# the old export 3 no longer follows what was merged
tcreg merge s1-3.tcrx
TCREG_NOW=2026-05-28 tcreg -q --db s1.db export -o s1-5.tcrx
TCREG_NOW=2026-05-31 tcreg merge s1-5.tcrx
sqlite3 s1.db "SELECT seq, audit_from, audit_to, contracts FROM export_log"
raw list --json | python3 -c '
import json, sys
print(" ".join(c["reg_no"] + ":" + str(c["received_fen"]) for c in json.load(sys.stdin)))'
tcreg audit verify
