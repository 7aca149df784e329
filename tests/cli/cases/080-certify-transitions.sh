# every legal transition, and the illegal ones refused with the states that allow them
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
# separation of duties: clerk1 entered everything
tcreg certify HGD-2025-0317 --accept
export TCREG_OPERATOR=clerk2
tcreg certify HGD-2025-0317 --accept
tcreg certify HGC-2025-011 --reject --reason R02 --note 实为设备买卖
tcreg certify KXY-2025-051 --supplement --note 缺少咨询报告
tcreg certify KXY-2025-051 --accept
tcreg certify KXY-2025-051 --resubmit --note 已补交咨询报告
tcreg certify KXY-2025-051 --accept
tcreg certify HGD-2025-0317 --change --set tech_amount=800000 --note 补充协议
tcreg certify HGD-2025-0317 --change --set buyer_name=北大荒集团科技有限公司 --set buyer_nature=有限责任公司
# both amounts lowered below the verified amount of the day: worked out anew
# from them, not refused by the row's own check
tcreg certify HGD-2025-0317 --change --set total_amount=500000 --set tech_amount=400000
raw show HGD-2025-0317 --json | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["total_amount_fen"], c["tech_amount_fen"], c["verified_tech_amount_fen"])'
tcreg certify HGD-2025-0317 --cancel --reason 合同解除
tcreg certify KXY-2025-051 --revoke --reason V03
# refused
tcreg certify HGC-2025-011 --accept
tcreg certify HGC-2025-011 --resubmit
tcreg certify HGD-2025-0317 --revoke --reason V01
tcreg certify KXY-2025-051 --change --set total_amount=1
tcreg certify NY-2025-009 --change --set total_amount=1
tcreg certify NY-2025-009 --cancel --reason x
tcreg certify NY-2025-009 --resubmit
tcreg certify NY-2025-009 --reject --reason R99
tcreg certify NY-2025-009 --revoke --reason V01
tcreg certify HGC-2025-012 --change --set contract_no=X --set colour=red
tcreg certify HGD-2025-0301 --reject
tcreg certify HGD-2025-0301 --accept --reject
tcreg certify --queue HGD-2025-0301
tcreg list --status registered
tcreg list --status changed
tcreg list --status cancelled
tcreg list --status revoked
tcreg list --status rejected
tcreg show HGD-2025-0317
tcreg audit verify
# a one-clerk office may decide on its own entries, and the audit says so
tcreg config allow_single_clerk yes
TCREG_OPERATOR=clerk1 tcreg certify NY-2025-009 --accept
python3 -c "
import sqlite3, json
r = sqlite3.connect('$TCREG_DB').execute(\"SELECT operator, new_value FROM audit WHERE action='accept' ORDER BY id DESC LIMIT 1\").fetchone()
print(r[0], json.loads(r[1])['decision'])"
