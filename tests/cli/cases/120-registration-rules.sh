# Registration as the rules have it: every city in every spelling; one
# registration (一次登记); the office's area (卖方登记制度) with technology
# imports filed by the buyer and contracts registered elsewhere kept apart;
# 不予受理, 撤回 and objections; the fields of the national form; parties and
# the agency as they were when a contract was registered.
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01

# every Heilongjiang city, as a code, a 6-digit code, its name, short name,
# and with the province before it
TCREG_NOW=2025-03-31 tcreg -q register --csv "$TESTDATA/rules/hlj-cities.csv"
raw list --json | python3 -c '
import json, sys, collections
by = collections.OrderedDict()
for c in json.load(sys.stdin):
    by.setdefault(c["seller"]["region"] + " " + c["seller"]["region_name"], []).append(c["contract_no"])
for k, v in by.items():
    print(k, len(v))'
for n in $(raw list --status submitted --json | python3 -c 'import json, sys; print(" ".join(c["contract_no"] for c in json.load(sys.stdin)))'); do
	TCREG_NOW=2025-03-31 TCREG_OPERATOR=clerk2 raw -q certify "$n" --accept >/dev/null || echo "cannot accept $n"
done
raw -q report --year 2025 -O json | python3 -c '
import json, sys
for r in json.load(sys.stdin)["tables"]["by_seller_city"]:
    print("report:", r["key"], r["count"])'

# the rules: a licence mode on a service is refused; a Shanghai seller warns
TCREG_NOW=2025-04-01 tcreg register --csv "$TESTDATA/rules/ledger.csv" --keep-going
export TCREG_NOW=2025-04-02
TCREG_OPERATOR=clerk2 tcreg certify G-01 --accept
# a second copy of a registered contract is refused, naming the first
TCREG_OPERATOR=clerk2 tcreg certify G-02 --accept
TCREG_OPERATOR=clerk2 tcreg -q certify G-02 --reject --reason R11
# a seller outside the office's area is refused; a technology import is filed
# by its domestic buyer
TCREG_OPERATOR=clerk2 tcreg certify G-03 --accept
TCREG_OPERATOR=clerk2 tcreg certify G-04 --accept
# 不予受理 (an oral contract), withdrawal by the applicant
# an unknown reason lists the codes with their words
TCREG_OPERATOR=clerk2 tcreg certify G-05 --not-accept --reason N99
TCREG_OPERATOR=clerk2 tcreg certify G-05 --not-accept --reason N01 --note 无书面合同
tcreg certify G-06 --withdraw --note 申请人撤回申请
# an objection to a refusal, upheld: reviewed again, then registered
TCREG_OPERATOR=clerk2 tcreg -q certify G-07 --reject --reason R03
TCREG_NOW=2025-04-10 tcreg certify G-07 --objection --by 东北农业大学 --note 价款已在补充协议中明确
TCREG_NOW=2025-04-10 tcreg certify G-07 --objection --by 东北农业大学 --note 再次异议
TCREG_NOW=2025-04-20 TCREG_OPERATOR=clerk2 tcreg certify G-07 --resolve-objection uphold --note 补充协议有效
TCREG_NOW=2025-04-21 TCREG_OPERATOR=clerk3 tcreg -q certify G-07 --accept
tcreg show G-07 | sed -n '/^  Status/p;/^Objections/,/^Payments/p'
# an objection by a tax organ after the period needs --force; dismissed
TCREG_NOW=2025-06-30 tcreg certify G-01 --objection --by 哈尔滨市税务局 --note 许可年限存疑
TCREG_NOW=2025-06-30 tcreg certify G-01 --objection --by 哈尔滨市税务局 --note 许可年限存疑 --force
TCREG_NOW=2025-07-01 TCREG_OPERATOR=clerk2 tcreg certify G-01 --resolve-objection dismiss --note 合同约定许可五年
# a contract registered by another office: recorded, never numbered here
tcreg certify G-08 --external 2025110001000123 --agency 北京技术市场管理办公室 --reg-date 2025-03-20
tcreg certify G-08 --certificate
tcreg show G-08 | grep -E 'Status|Registration no|Registered'
tcreg show G-04 | grep -E 'Foreign|Licence|Plan|Objective|Enterprise'
tcreg show G-01 | grep -E 'Foreign|Licence|Plan|Objective|Enterprise'
for s in not_accepted withdrawn external; do raw list --status $s --json | python3 -c "import json, sys; print('$s:', [c['contract_no'] for c in json.load(sys.stdin)])"; done

# parties over time: the buyer renames itself; G-01 keeps the name it was
# registered with, new contracts take the new one; the certificate is unchanged
raw certify G-01 --certificate -o before.txt
TCREG_NOW=2025-07-02 tcreg register --csv "$TESTDATA/rules/rename.csv"
TCREG_NOW=2025-07-02 raw register --csv "$TESTDATA/rules/rename.csv" --update --json | python3 -c 'import json, sys; r = json.load(sys.stdin); print("parties_updated:", r["parties_updated"], "inserted:", r["inserted"])'
tcreg show G-01 | sed -n '/^Buyer/,/^Amounts/p;/^History/,$p'
tcreg show G-10 | sed -n '/^Buyer/,/^Amounts/p'
# the agency's region or point cannot change once numbers are issued, unless
# on purpose; certificates keep the agency of their day
unset TCREG_NOW
tcreg init --region 2301
tcreg init --region 2301 --agency-name 哈尔滨市技术合同登记站 --force
raw certify G-01 --certificate -o after.txt
cmp before.txt after.txt && echo "certificate unchanged"
grep 登记机构 after.txt

# the report: plan source, objective, tax-linked, provinces, and what other
# offices registered, apart
raw -q report --year 2025 -O json | python3 -c '
import json, sys
t = json.load(sys.stdin)["tables"]
for name in ("overview", "by_plan_source", "by_objective", "tax_linked", "by_province_flow", "inflow_registered_elsewhere", "by_point"):
    print(name + ":", [(r["key"], r["count"]) for r in t[name]])'
tcreg audit verify
