#!/bin/sh
# points-deploy.sh TCREG - registration points with real Unix users: a clerk
# and a certifier of one point, a certifier of another, a province-wide
# clerk, an auditor.  Each files, sees and decides only their points'
# contracts (77 across points); admin and auditor see all.  Identity is the
# login (getuid), so this needs root to make users (skips with 77 otherwise).
set -u
tcreg_bin=$1
[ "$(id -u)" = 0 ] || { echo "skip: needs root to make users"; exit 77; }
for c in useradd groupadd runuser; do
	command -v "$c" >/dev/null || { echo "skip: no $c"; exit 77; }
done
grp=tcregpt clerk_a=tcregpt_ca cert_a=tcregpt_ra cert_b=tcregpt_rb clerk_p=tcregpt_cp aud=tcregpt_au
work=$(mktemp -d /tmp/tcreg-points-XXXXXX)
made=""
cleanup() {
	rm -rf "$work"
	for u in $made; do userdel "$u" 2>/dev/null; done
	getent group "$grp" >/dev/null && groupdel "$grp" 2>/dev/null
}
trap cleanup EXIT
getent group "$grp" >/dev/null || groupadd "$grp"
for u in "$clerk_a" "$cert_a" "$cert_b" "$clerk_p" "$aud"; do
	id "$u" >/dev/null 2>&1 || { useradd -M -N -g "$grp" -s /bin/sh "$u" && made="$made $u"; }
done
chmod 755 "$work"
install -d -m 2770 -g "$grp" "$work/reg"
# the built binary itself, which finds the build's catalogues (Chinese messages)
T=$tcreg_bin
export TCREG_NOW=2026-01-15 LC_ALL=C.UTF-8 TCREG_LANG=en TCREG_DB="$work/reg/registry.db"
unset TCREG_OPERATOR
fails=0
# expect CODE DESCRIPTION USER COMMAND...: run as USER (root: as is), check the exit code
expect() {
	want=$1 what=$2 who=$3
	shift 3
	if [ "$who" = root ]; then "$@" >"$work/out" 2>&1; else
		runuser -u "$who" -- env TCREG_DB="$TCREG_DB" "$@" >"$work/out" 2>&1; fi
	got=$?
	if [ "$got" = "$want" ]; then echo "ok: $what"; else
		echo "FAIL: $what: exit $got, expected $want"; sed 's/^/    /' "$work/out"; fails=$((fails + 1)); fi
}
# has TEXT DESCRIPTION: the last command's output holds TEXT
has() {
	if grep -q -- "$1" "$work/out"; then echo "ok: $2"; else
		echo "FAIL: $2: no '$1' in:"; sed 's/^/    /' "$work/out"; fails=$((fails + 1)); fi
}
hasnt() {
	if grep -q -- "$1" "$work/out"; then echo "FAIL: $2: '$1' in:"; sed 's/^/    /' "$work/out"; fails=$((fails + 1));
	else echo "ok: $2"; fi
}
head=合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域
printf '%s\n%s\n%s\n' "$head" \
	"HRB-1,风电叶片除冰技术开发,委托开发,哈尔滨工业大学,12100000401751212M,2301,高等院校,哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司,3000000,2500000,2025-03-05,2025-03-05,2026-03-04,新能源" \
	"HRB-2,寒地水稻灌溉决策系统,合作开发,东北农业大学,12230000414000572L,2301,高等院校,北大荒农垦集团有限公司,91230000127032816Y,2300,企业法人,860000,860000,2025-03-17,2025-03-17,2027-03-16,农业" >"$work/harbin.csv"
printf '%s\n%s\n' "$head" \
	"QQ-1,重型机床数控系统改造,委托开发,齐齐哈尔大学,,2302,高等院校,齐齐哈尔二机床(集团)有限责任公司,912302001280127434,2302,国有企业,1200000,1200000,2025-04-02,2025-04-02,2026-04-01,先进制造" >"$work/qiqihar.csv"
chmod 644 "$work"/*.csv

expect 0 "root sets the province's registry up" root "$T" init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
chgrp "$grp" "$work/reg/registry.db" "$work/reg/registry.db.key"
chmod 660 "$work/reg/registry.db" && chmod 640 "$work/reg/registry.db.key"
expect 0 "two points added" root sh -c "'$T' point add 01 --name 哈尔滨 --region 2301 && '$T' point add 02 --name 齐齐哈尔 --region 2302"
expect 0 "a clerk of Harbin (root becomes the first admin)" root "$T" operator add "$clerk_a" --name 李娜 --role clerk --point 230101
expect 0 "a certifier of Harbin" root "$T" operator add "$cert_a" --name 王强 --role certifier --point 230101
expect 0 "a certifier of Qiqihar" root "$T" operator add "$cert_b" --name 赵敏 --role certifier --point 02
expect 0 "a province-wide clerk" root "$T" operator add "$clerk_p" --name 孙丽 --role clerk
expect 0 "an auditor" root "$T" operator add "$aud" --name 周审 --role auditor
expect 64 "an ambiguous point is refused" root "$T" operator add "$aud" --name 周审 --role auditor --point 01
expect 0 "operator list --json shows the points" root "$T" operator list --json
has '"230202"' "the Qiqihar certifier's point"
expect 0 "the Harbin clerk files at their one point by default" "$clerk_a" "$T" register --csv "$work/harbin.csv"
expect 0 "show --json says where" "$clerk_a" "$T" show HRB-1 --json
has '"point": "230101"' "filed at 230101"
expect 77 "the Harbin clerk may not file at Qiqihar" "$clerk_a" "$T" register --csv "$work/qiqihar.csv" --point 02
expect 0 "the province-wide clerk files at Qiqihar" "$clerk_p" "$T" register --csv "$work/qiqihar.csv" --point 02
expect 0 "the Harbin certifier's queue" "$cert_a" "$T" certify --queue
has HRB-1 "holds Harbin's contracts"
hasnt QQ-1 "and not Qiqihar's"
expect 0 "the Qiqihar certifier's queue" "$cert_b" "$T" certify --queue
has QQ-1 "holds Qiqihar's contract"
hasnt HRB "and not Harbin's"
expect 77 "the Harbin certifier cannot name Qiqihar's queue" "$cert_a" "$T" certify --queue --point 02
expect 77 "nor decide a Qiqihar contract" "$cert_a" "$T" certify QQ-1 --accept
expect 77 "told in Chinese" "$cert_a" env TCREG_LANG=zh "$T" certify QQ-1 --accept
has "在其他登记点工作" "the refusal in Chinese"
expect 0 "the Qiqihar certifier decides it" "$cert_b" "$T" certify QQ-1 --accept
has 2026230202000001 "numbered from Qiqihar's region and code"
expect 0 "the Harbin certifier decides Harbin's" "$cert_a" "$T" certify HRB-1 --accept
has 2026230101000001 "numbered from Harbin's own sequence"
expect 77 "the Harbin certifier cannot print Qiqihar's certificate" "$cert_a" "$T" certify QQ-1 --certificate
expect 77 "nor show it" "$cert_a" "$T" show QQ-1
expect 0 "the Harbin certifier's list" "$cert_a" "$T" list
has HRB-2 "holds Harbin's contracts"
hasnt QQ-1 "and not Qiqihar's"
expect 0 "their search too" "$cert_a" "$T" search 技术
hasnt QQ-1 "Qiqihar's contract is not found"
expect 77 "list --point of another point" "$cert_a" "$T" list --point 02
expect 0 "the admin lists every point" root "$T" list
has QQ-1 "Qiqihar's"
has HRB-1 "and Harbin's"
expect 0 "so does the auditor" "$aud" "$T" list --point 02
has QQ-1 "and may narrow to a point"
expect 0 "the report is province-wide" "$cert_a" "$T" report --month 2026-01 -O json
has '"by_city"' "with the table by city"
expect 0 "the Harbin certifier moves to Qiqihar" root "$T" operator set-points "$cert_a" --point 230202
expect 0 "their queue is Qiqihar's now" "$cert_a" "$T" list
has QQ-1 "Qiqihar's contract"
hasnt HRB-1 "not Harbin's"
expect 0 "back to province-wide" root "$T" operator set-points "$cert_a"
expect 0 "sees all" "$cert_a" "$T" list
has HRB-1 "Harbin's"
expect 0 "the registry is as tcreg wrote it" root "$T" audit verify
[ "$fails" = 0 ] || { echo "$fails checks failed"; exit 1; }
