# show's history lists every field a change touched, however long the line
# (seven fields here, with a long project name and a note: none left out)
tcreg -q init --agency-name 测试办公室 --region 2300 --point 01
H='合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域'
printf '%s\nH-1,高寒地区风电机组叶片除冰技术开发及示范应用,委托开发,哈尔滨工业大学,2301,高等院校,哈尔滨电气集团有限公司,2301,企业法人,300000,300000,2026-01-05,2026-01-05,2027-01-04,电子信息\n' "$H" >l.csv
tcreg -q register --csv l.csv
tcreg --operator certA -q certify H-1 --accept
P=$(printf '寒区道路结构健康监测系统及其数据平台%.0s' 1 2 3 4 5 6 7)
tcreg --operator certA -q certify H-1 --change --set note=双方签订补充协议，增加防冰功能开发及工程示范内容 \
	--set "project_name=$P" --set buyer_name=哈尔滨电气集团新能源装备股份有限公司 \
	--set 合同成交额=40万 --set 技术交易额=35万 --set ip_type=专利
# the last line of the history: every changed field, the note last
raw show H-1 | tail -1
# in Chinese: the fields by the words the page above uses, not their JSON keys
TCREG_LANG=zh raw show H-1 | tail -1
# the fields named on that line are those the JSON's old and new differ in
# (a party's by member: buyer.name; the state fields are the line's start)
raw show H-1 | tail -1 >line.txt
raw show --json H-1 | python3 -c "
import json, sys
h = json.load(sys.stdin)['history'][-1]
skip = {'status', 'decided_at', 'certified_by', 'decision', 'received_fen', 'history', 'payments', 'region_name', 'nature_code'}
def diff(o, n, pre):
    for k, v in n.items():
        if k in skip or k not in o or o[k] == v:
            continue
        if isinstance(v, dict) and isinstance(o[k], dict):
            yield from diff(o[k], v, pre + k + '.')
        else:
            yield pre + k
line = open('line.txt').read().split('): ', 1)[1]
shown = line.split('; ')
want = list(diff(h['old'], h['new'], ''))
print('shown:', len(shown))
print('changed:', want)
print('all shown:', len(shown) == len(want))"
