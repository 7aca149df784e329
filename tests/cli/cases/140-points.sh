# registration points: a province's offices in one registry (point add, list,
# disable; a point named by its code or by region and code)
tcreg point list
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg point list
# bad input: a 3-digit code, a region not in the table, no name
tcreg point add 001 --name 哈尔滨市技术市场 --region 2301
tcreg point add 01 --name 哈尔滨市技术市场 --region 2399
tcreg point add 01 --region 2301
tcreg point add 01 --name 哈尔滨市技术市场管理办公室 --region 2301
tcreg point add 01 --name 重复 --region 2301
# a station's private key: only its public part is kept
cat >station.pem <<'PEM'
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIHZwixprdTrUND9tYr2l8EnrgXLzK2YR5vTFo0fqRJBt
-----END PRIVATE KEY-----
PEM
# an X25519 key is no signing key; a text file is no key at all
cat >x25519.pem <<'PEM'
-----BEGIN PUBLIC KEY-----
MCowBQYDK2VuAyEA3hpAr9Dajv29YXPnqAh7fSoZ8DGhZ/vyFro/utfujx4=
-----END PUBLIC KEY-----
PEM
echo not a key >junk.pem
tcreg point add 05 --name 牡丹江市技术合同登记处 --region 2310 --key-file x25519.pem
tcreg point add 05 --name 牡丹江市技术合同登记处 --region 2310 --key-file junk.pem
tcreg point add 05 --name 牡丹江市技术合同登记处 --region 2310 --key-file missing.pem
tcreg point add 05 --name 牡丹江市技术合同登记处 --region 2310 --key-file station.pem --area 2310,2311
tcreg point add 02 --name 齐齐哈尔市技术合同登记处 --region 2302
tcreg point list
raw point list --json
# the same key given as the public key it is stored as
raw point list --json | python3 -c 'import json,sys; print({p["point"]: p for p in json.load(sys.stdin)}["231005"]["key"], end="")' >station.pub
tcreg point add 03 --name 大庆市技术合同登记处 --region 2306 --key-file station.pub
raw point list --json | python3 -c 'import json,sys; p={p["point"]: p for p in json.load(sys.stdin)}; print(p["231005"]["key"] == p["230603"]["key"], p["230001"]["key"])'
# 01 is the province's office and Harbin's: ambiguous; 05 is unique
tcreg point disable 01
tcreg point disable 99
tcreg point disable 2301
tcreg point disable 05
tcreg point disable 231005
tcreg point list
tcreg audit verify
