# stations-lib.sh - sourced by the station cases (150-) and the consistency
# test: stations that work offline, each a registry of its own, built
# through the commands a clerk would use, with ledgers made here.

# station_init DB REGION NAME KEYHEX: a registry whose point 1 is the
# station (a fixed key beside it, so that hashes in transcripts stay the same)
station_init() {
	(umask 077 && printf '%s\n' "$4" >"$1.key")
	raw --db "$1" -q init --agency-name "$3" --region "$2" --point 01
	raw --db "$1" -q config large_threshold 90000000000
}

# the sellers and buyers: name, credit code, region, nature
SELLER_1="哈尔滨工业大学,12100000401751212M,2301,高等院校"
SELLER_2="东北农业大学,12230000414000572L,2302,高等院校"
SELLER_3="哈尔滨工程大学,12100000414005221C,2303,高等院校"
BUYER_1="哈尔滨电气股份有限公司,912301001275734603,2301,股份有限公司"
BUYER_2="北大荒农垦集团有限公司,91230000127032816Y,2300,企业法人"
BUYER_3="齐齐哈尔二机床(集团)有限责任公司,912302001280127434,2302,国有企业"

# ledger S M N: N contracts of station S's seller signed in month M of 2026
ledger() {
	eval seller=\$SELLER_$1
	echo "合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,技术领域,知识产权类型,支付方式,是否关联交易,备注"
	i=1
	while [ "$i" -le "$3" ]; do
		b=$(( (i + $1 + $2) % 3 + 1 ))
		eval buyer=\$BUYER_$b
		amount=$(( ($1 * 100 + $2 * 10 + i) * 10000 ))
		echo "S$1-2026$2-$i,站$1第$2月项目$i,委托开发,$seller,$buyer,$amount,$amount,2026-0$2-0$i,2026-0$2-0$i,2027-0$2-0$i,电子信息,技术秘密,分期支付,否,"
		i=$((i + 1))
	done
}

# payments S M N: half of each of station S's contracts of month M paid
payments_of() {
	eval seller=\$SELLER_$1
	name=${seller%%,*}
	echo "登记编号,卖方名称,合同编号,到账日期,到账金额,凭证号"
	i=1
	while [ "$i" -le "$3" ]; do
		amount=$(( ($1 * 100 + $2 * 10 + i) * 5000 ))
		echo ",$name,S$1-2026$2-$i,2026-0$(($2 + 1))-10,$amount,V$1-$2-$i"
		i=$((i + 1))
	done
}

# month DB S M N: station S's month M at DB (at point $POINT when set): N contracts filed and
# registered on the 15th, last month's paid on the 10th of this one
month() {
	ledger "$2" "$3" "$4" >"l$2-$3.csv"
	TCREG_NOW=2026-0$3-15 raw --db "$1" -q register ${POINT:+--point "$POINT"} --csv "l$2-$3.csv" ||
		echo "import l$2-$3 failed"
	i=1
	while [ "$i" -le "$4" ]; do
		TCREG_NOW=2026-0$3-15 TCREG_OPERATOR=clerk2 raw --db "$1" -q certify "S$2-2026$3-$i" --accept \
			>/dev/null 2>&1 || echo "cannot accept S$2-2026$3-$i"
		i=$((i + 1))
	done
	if [ "$3" -gt 1 ]; then
		payments_of "$2" $(($3 - 1)) "$4" >"p$2-$3.csv"
		TCREG_NOW=2026-0$3-15 raw --db "$1" -q register --payments "p$2-$3.csv" || echo "payments p$2-$3 failed"
	fi
}

# hashless ARGS...: tcreg's transcript with bundle hashes masked (they hash
# the audit records, which name the case's files under its random $TMP)
hashless() {
	printf '$ tcreg %s\n' "$*"
	raw "$@" >"$TMP/.hout" 2>"$TMP/.herr"
	rc=$?
	sed -E 's/[0-9a-f]{64}/<hash>/g' "$TMP/.hout"
	sed -E -e 's/[0-9a-f]{64}/<hash>/g' -e 's/^/2> /' "$TMP/.herr"
	[ "$rc" -ne 0 ] && echo "? $rc"
	return 0
}
