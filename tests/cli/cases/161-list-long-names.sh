# list and search tables: a name or project of 70 characters is printed
# whole (its row widened), never cut, and the output stays valid UTF-8
raw -q init
H='合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域'
N="A$(printf '寒地智能装备研究%.0s' 1 2 3 4 5 6 7 8)有限公司"
P="$(printf '寒区道路结构健康监测%.0s' 1 2 3 4 5 6 7)"
printf '%s\nT-1,%s,技术服务,%s,2301,企业法人,李四,2301,自然人,1000,1000,2025-11-01,2025-11-01,2026-11-01,电子信息\nT-2,短项目,技术服务,张三,2301,自然人,王五,2301,自然人,20,20,2025-11-02,2025-11-02,2026-11-02,电子信息\n' "$H" "$P" "$N" >l.csv
tcreg -q register --csv l.csv
printf '%s' "$N" | python3 -c 'import sys; print(len(sys.stdin.read()), "characters in the name")'
printf '%s' "$P" | python3 -c 'import sys; print(len(sys.stdin.read()), "characters in the project")'
tcreg list
tcreg search 寒地
tcreg search 监测
# valid UTF-8, and the name (and project) whole in each
for cmd in list "search 寒地" "search 监测"; do
	raw $cmd >t.txt 2>/dev/null
	iconv -f UTF-8 -t UTF-8 t.txt >/dev/null && echo "$cmd: valid UTF-8"
	grep -qF "$N" t.txt && echo "$cmd: the whole name"
	case $cmd in search*) grep -qF "$P" t.txt && echo "$cmd: the whole project" ;; esac
done
# the rows stay aligned: each header starts at the same display column as its values
raw --lang zh list 2>/dev/null | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = sys.stdin.read().splitlines()
print([w(l.split("  已登记")[0].split("  待认定")[0].rstrip()) for l in lines[1:]], "columns before the status")'
