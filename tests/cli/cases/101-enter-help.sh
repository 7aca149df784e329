# typing contracts in, the clerk's help: "?" lists a coded field's codes with
# their names ("?TEXT" those that match), English names are taken, a party's
# region defaults from its 统一社会信用代码, amounts are echoed with separators
# (and in 万元 when typed so), and a contract number the registry has already
# is said at once: a correction, another seller's contract, or a mistake.
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
{
	# the seller's USCC was issued in 230100 (Harbin): its region defaults to 2301;
	# the buyer's by a national authority (100000): no default
	printf '%s\n' DUP-1 寒地水稻育种 '?' 'commissioned development' 东北农业大学 12230100414000572R
	printf '%s\n' '?' '?哈' '?2301' '' university 某农机有限公司 91100000100000001Q harbin enterprise
	printf '%s\n' 300万 2,500,000 2025-10-08 '' 2026-10-07 agriculture '?' patent instalments
	printf '%s\n' '' '' '?' '' '?农' '' '' '' '' '' y y
	# the same number again: a correction of contract 1 (a mistyped choice is
	# asked again; the seller stays); the amount typed is below the tech
	# amount, so the save sends the clerk back to that field alone
	printf '%s\n' DUP-1 x c 寒地水稻育种（更正） '' 另一大学 '' '' '' '' '' '' '' '' 2400000
	printf '%s\n' '' '' '' '' '' '' '' '' '' '' '' '' '' '' '' y 2,400,000 y y
	# the same number, another seller's contract (its USCC, issued in Daqing,
	# makes 2306 the region's default)
	printf '%s\n' DUP-1 n 黑土地保护技术咨询 咨询 大庆某研究所 12230600MB1234567E '' 科研机构 '' '' '' '' 50000 50000
	printf '%s\n' '' '' '' '' '' '' '' '' '' '' '' '' '' '' y y
	# two contracts have it now: which one to correct ("c" does not say), or
	# a mistake after all
	printf '%s\n' DUP-1 c '<' DUP-2
} > answers
tcreg register < answers
tcreg list
# once registered, a contract is not corrected here
TCREG_OPERATOR=certifier1 raw -q certify 1 --accept >/dev/null
printf '%s\n' DUP-1 > answers2
tcreg register < answers2
# in Chinese: the names in Chinese only, a long list by its top level
printf '%s\n' ZH-1 中文录入 '?41' 技术咨询 哈工大 '' '?' '?23' 2301 > answers3
TCREG_LANG=zh tcreg register < answers3
# the contract to correct by its ID: not the registered one
printf '%s\n' DUP-1 1 2 > answers2
TCREG_LANG=zh tcreg register < answers2
# "n" for the seller's own contract: the save finds the conflict and asks the
# number alone again; "c" then corrects the contract with the answers typed
{
	printf '%s\n' C-1 项目甲 咨询 某研究所 '' 2301 科研机构 某公司 '' 2301 企业 10000 10000 2025-10-01 ''
	printf '%s\n' 2025-12-31 农业 '' '' '' '' '' '' '' '' '' '' y y
	printf '%s\n' C-1 n 项目乙 '' '' '' '' '' '' '' '' '' 20000 20000 '' '' '' '' '' '' '' '' '' '' '' '' '' ''
	printf '%s\n' y '' c y n
} > answers4
tcreg register < answers4
tcreg list --seller 某研究所
