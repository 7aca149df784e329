#!/usr/bin/env bash
# merge.sh [N] - a station's year merged into the provincial registry of
# 1,000,000 contracts (bench/report.sh's registry, copied: bench/out is never
# changed), timed beside an anchor measured in the same run: the station's
# own import of the same ledger.
#
# The station's year: N contracts (default 20,000) of bench/gen-ledger.py
# renumbered (ST...) and renamed (project + 站) so that none is a twin of a
# provincial one, imported; every contract paid once (a payments ledger);
# decisions as certify would leave them (registered with a number of the
# station, 1 % revoked), made with SQL as report.sh does, minus 20,000
# process starts.  Then tcreg export, and tcreg merge into the copy.
#   TCREG=path/to/tcreg (default: build/cmd/tcreg)   WORK=dir (default: /tmp)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-20000}
tcreg=${TCREG:-$here/../build/cmd/tcreg}
work=$(mktemp -d "${WORK:-/tmp}/tcreg-merge-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$here/out/report-1000000.db
[ -s "$src" ] || TCREG=$tcreg bash "$here/report.sh" 1000000 >/dev/null
export TCREG_NOW=2026-12-28
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# the province: a copy, brought to the current schema outside the timing
sqlite3 "$src" ".backup '$work/province.db'"
"$tcreg" --db "$work/province.db" -q init
# the station's year
python3 "$here/gen-ledger.py" "$n" "$work/raw.csv"
sed -E 's/^HT([0-9]+),([^,]*),/ST\1,\2（站）,/' "$work/raw.csv" >"$work/station.csv"
python3 - "$work/station.csv" "$work/pay.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["登记编号", "卖方名称", "合同编号", "到账日期", "到账金额", "凭证号"])
    for r in rows[1:]:
        amount = float(r[11].replace(",", "").replace("¥", "")) / 2
        w.writerow(["", r[3], r[0], "2026-06-30", "%.2f" % amount, "P" + r[0]])
PY
"$tcreg" --db "$work/station.db" -q init --agency-name 哈尔滨工业大学技术合同登记站 --region 2301 --point 02 --area all
s=$(date +%s.%N)
"$tcreg" --db "$work/station.db" -q register --csv "$work/station.csv"
e=$(date +%s.%N)
anchor=$(secs "$s" "$e")
"$tcreg" --db "$work/station.db" -q register --payments "$work/pay.csv"
sqlite3 "$work/station.db" "UPDATE contract SET status = 'registered',
	reg_date = date('2026-01-01', '+' || (id * 7919 % 365) || ' days'),
	reg_no = printf('2026230102%06d', id), verified_tech_amount_fen = tech_amount_fen,
	certified_by = 'bench', decided_at = '2026-12-01T00:00:00';
	UPDATE contract SET status = 'revoked', reason_code = 'V01' WHERE id % 100 = 0;
	INSERT INTO reg_sequence(point_id, year, last) VALUES (1, 2026, $n);"
s=$(date +%s.%N)
"$tcreg" --db "$work/station.db" -q export -o "$work/station.tcrx"
e=$(date +%s.%N)
export_s=$(secs "$s" "$e")
sync
s=$(date +%s.%N)
"$tcreg" --db "$work/province.db" merge "$work/station.tcrx"
e=$(date +%s.%N)
merge_s=$(secs "$s" "$e")
s=$(date +%s.%N)
"$tcreg" --db "$work/province.db" merge "$work/station.tcrx" >/dev/null
e=$(date +%s.%N)
again_s=$(secs "$s" "$e")
echo "province: $(sqlite3 "$work/province.db" 'SELECT count(*) FROM contract') contracts, $(sqlite3 "$work/province.db" 'SELECT count(*) FROM payment') payments; bundle $(du -k "$work/station.tcrx" | cut -f1) KiB"
echo "anchor: the station's import of its $n contracts: $anchor s"
echo "export of the year: $export_s s ($(awk -v a="$export_s" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }') x the import)"
echo "merge into the 1M registry: $merge_s s ($(awk -v a="$merge_s" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }') x the import)"
echo "the same bundle again (nothing new): $again_s s"
