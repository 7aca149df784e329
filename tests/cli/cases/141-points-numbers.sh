# three registration points in one registry: contracts filed at each, numbers
# per point and year from the point's region and code, lists, searches, the
# queue and reports by point, a disabled point
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q point add 01 --name 哈尔滨市技术市场管理办公室 --region 2301
tcreg -q point add 02 --name 齐齐哈尔市技术合同登记处 --region 2302
head=合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域
cat >harbin.csv <<CSV
$head
HRB-1,风电叶片除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,3000000,2500000,2025-03-05,2025-03-05,2026-03-04,新能源
HRB-2,寒地水稻灌溉决策系统,合作开发,东北农业大学,12230000414000572L,2301,高等院校,北大荒农垦集团有限公司,91230000127032816Y,2300,企业法人,860000,860000,2025-03-17,2025-03-17,2027-03-16,农业
CSV
cat >qiqihar.csv <<CSV
$head
QQ-1,重型机床数控系统改造,委托开发,齐齐哈尔大学,,2302,高等院校,齐齐哈尔二机床(集团)有限责任公司,912302001280127434,2302,国有企业,1200000,1200000,2025-04-02,2025-04-02,2026-04-01,先进制造
QQ-2,乳品加工工艺技术服务,技术服务,黑龙江省农业科学院,,2301,科研机构,飞鹤(甘南)乳品有限公司,,2302,企业法人,500000,450000,2025-05-10,2025-05-10,2025-12-31,农业
CSV
cat >province.csv <<CSV
$head
SJ-1,石墨烯改性材料技术转让,技术秘密转让,黑龙江省科学院技术物理研究所,12230000414002138T,2301,科研机构,大庆油田有限责任公司,91230600716617851J,2306,国有企业,2000000,2000000,2025-06-01,2025-06-01,2026-05-31,新材料
CSV
# the point by region and code, by a unique code, and by default (point 1)
tcreg -q register --csv harbin.csv --point 230101
tcreg -q register --csv qiqihar.csv --point 02
tcreg -q register --csv province.csv
# an ambiguous or unknown point files nothing
tcreg register --csv province.csv --point 01
tcreg register --csv province.csv --point 230199
raw list --json | python3 -c 'import json,sys; [print(c["contract_no"], c["point"], c["status"]) for c in json.load(sys.stdin)]'
tcreg list --point 02
tcreg search 技术 --point 230101
tcreg certify --queue --point 02
# numbers: each point its own sequence, its region and code in the number
for c in QQ-1 HRB-1 SJ-1 HRB-2 QQ-2; do tcreg -q --operator clerk2 certify $c --accept; done
raw list --json | python3 -c 'import json,sys; [print(c["contract_no"], c["point"], c["reg_no"]) for c in json.load(sys.stdin)]'
tcreg point list
tcreg certify --queue
# the province-wide report has tables by point and by city; --point narrows
tcreg report --month 2026-01
raw report --month 2026-01 -O json | python3 -c '
import json, sys
r = json.load(sys.stdin)
for t in ("by_point", "by_city"):
    print(t, [(x["key"], x["count"], x["total_amount_fen"], x["share_bp"]) for x in r["tables"][t]])
print("overview", r["tables"]["overview"][0]["count"], r.get("point"))'
raw report --month 2026-01 --point 02 -O json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["point"], r["agency"]["name"], r["tables"]["overview"][0]["count"], r["tables"]["overview"][0]["total_amount_fen"],
      "by_city" in r["tables"], [x["key"] for x in r["tables"]["by_category"]])'
tcreg report --month 2026-01 --point 230101 -O csv
tcreg report --month 2026-01 --point 03
# a disabled point files and decides nothing new; its contracts and numbers stay
cat >qiqihar2.csv <<CSV
$head
QQ-3,农机北斗导航改装,委托开发,齐齐哈尔大学,,2302,高等院校,齐齐哈尔二机床(集团)有限责任公司,912302001280127434,2302,国有企业,300000,300000,2025-07-01,2025-07-01,2026-06-30,先进制造
CSV
tcreg -q register --csv qiqihar2.csv --point 02
tcreg -q point disable 02
tcreg --operator clerk2 certify QQ-3 --accept
tcreg register --csv qiqihar2.csv --point 02
tcreg show QQ-1
tcreg list --point 02
tcreg audit verify
# audit risks names a point as every command does; a contract of another
# point is not its concern
tcreg audit risks --year 2026 --point 230202 -O json
tcreg audit risks --year 2026 --point 99
# the award runs province-wide; --point previews one point's share (the
# contracts filed there, as if the province held nothing else)
cat >pay.csv <<CSV
登记编号,卖方名称,合同编号,到账日期,到账金额,凭证号
,哈尔滨工业大学,HRB-1,2026-01-15,"2,500,000.00",P-1
,黑龙江省科学院技术物理研究所,SJ-1,2026-01-15,"2,000,000.00",P-2
CSV
tcreg -q register --payments pay.csv
for p in "" "--point 230101" "--point 230001"; do
  echo "award $p:"
  raw award --policy hlj-2017 --year 2026 ${p:+$p} -O json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["total_award_fen"], [(a["applicant"], a["award_fen"], a["contracts"]) for a in r["awards"]])'
done
tcreg award --policy hlj-2017 --year 2026 --point 230101 --commit
tcreg award --policy hlj-2017 --year 2026 --point 99
