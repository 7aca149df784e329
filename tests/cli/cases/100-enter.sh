# typing contracts in: answers one per line when stdin is not a terminal
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
# A bad answer is asked again with the reason; "<" goes back; a partial name
# that fits several entries lists them; 有效期起 defaults to 签订日期.  The
# second contract takes its defaults from the first: only the number,
# project, category and amounts are typed.
{
	printf '%s\n' ZZ-1 寒地大豆育种技术开发 开发 委托 东北农业大学 12230000414000572K '' 哈尔滨 高校
	printf '%s\n' 北大荒农垦集团有限公司 '' '<' '' 2300 企业 '12,3x' 860000 800000 20250905 '' 2026-09-04
	printf '%s\n' 农业 技术秘密 分期 否 '' 省级计划 农业 否 '' '' 内资 y y
	printf '%s\n' ZZ-2 大豆病虫害防治咨询 咨询 '' '' '' '' '' '' '' '' 50000 60000 '' '' '' '' '' '' '' '' '' '' '' '' '' '' y
	# the tech amount is above the contract amount: the clerk is sent back to
	# it, and to it alone
	printf '%s\n' 50000 y n
} > answers
tcreg register < answers
tcreg list
# stopping part-way (end of input) saves nothing
printf '%s\n' ZZ-3 半途而废 > answers3
tcreg register < answers3
# answering no at the end saves nothing either, in Chinese
{
	printf '%s\n' ZZ-4 中文录入 技术服务 哈工大 '' 2301 高等院校 某公司 '' 2301 企业 1000 1000 2025-10-01 ''
	printf '%s\n' 2025-12-31 电子信息 '' '' '' '' '' '' '' '' '' '' 否 n
} > answers4
TCREG_LANG=zh tcreg register < answers4
raw list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)), 'contracts')"
tcreg --no-input register
tcreg register --dry-run
