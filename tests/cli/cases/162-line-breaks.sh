# line breaks: a payment's note keeps its lines under the field in show;
# a project name with a line break is refused, the break named and shown as \n
raw -q init
H='合同编号,项目名称,合同类别,卖方名称,卖方地区,卖方性质,买方名称,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域'
printf '%s\nN-1,付款备注,技术服务,张三,2301,自然人,李四,2301,自然人,1000,1000,2025-11-01,2025-11-01,2026-11-01,电子信息\n' "$H" >l.csv
tcreg -q register --csv l.csv
printf '合同编号,卖方名称,到账日期,到账金额,凭证号,冲销凭证号,备注\nN-1,张三,2025-11-20,500,V1,,"首付\n按合同第三条"\nN-1,张三,2025-11-21,-100,V2,V1,"开票错误\n冲回部分\n"\n' >p.csv
tcreg -q register --payments p.csv
tcreg show N-1
tcreg --lang zh show N-1
printf '%s\r\nN-2,"寒区道路监测系统,含传感器\r\n与软件",技术服务,张三,2301,自然人,李四,2301,自然人,1000,1000,2025-11-01,2025-11-01,2026-11-01,电子信息\r\nN-3,"响铃\a项目",技术服务,张三,2301,自然人,李四,2301,自然人,1000,1000,2025-11-01,2025-11-01,2026-11-01,电子信息\r\n' "$H" >b.csv
tcreg register --csv b.csv
tcreg --lang zh register --csv b.csv
tcreg register --csv b.csv --json
