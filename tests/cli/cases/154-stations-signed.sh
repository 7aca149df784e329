# a point registered with the station's key takes only exports signed by it:
# unsigned, signed by another key, or with the content changed and the hash
# written anew, all refused (exit 77) and nothing changes; signed, merged
. "$TCREG_SOURCE/tests/cli/stations-lib.sh"
station_init s1.db 2301 哈尔滨市技术合同登记站 1111111111111111111111111111111111111111111111111111111111111111
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
openssl genpkey -algorithm ed25519 -out station.pem 2>/dev/null
openssl genpkey -algorithm ed25519 -out other.pem 2>/dev/null
tcreg -q point add 01 --name 哈尔滨市技术合同登记站 --region 2301 --key-file station.pem
month s1.db 1 1 2
TCREG_NOW=2026-01-28 tcreg -q --db s1.db export -o plain.tcrx
tcreg merge plain.tcrx
TCREG_NOW=2026-01-28 tcreg -q --db s1.db export --since 0 --key-file other.pem -o other.tcrx
tcreg merge other.tcrx
TCREG_NOW=2026-01-28 hashless --db s1.db export --since 0 --key-file station.pem -o signed.tcrx
# the signed file with a contract changed and its hash written anew
cp signed.tcrx forged.tcrx
sqlite3 forged.tcrx "UPDATE contract SET total_amount_fen = 1 WHERE id = 1"
python3 - forged.tcrx <<'PY'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
h = hashlib.sha256(b"tcreg-bundle\x1f")
def put(v):
    if v is None: h.update(b"N")
    elif isinstance(v, int): h.update(b"I" + struct.pack(">q", v))
    elif isinstance(v, float): h.update(b"F" + struct.pack(">d", v))
    elif isinstance(v, str): b = v.encode(); h.update(b"T" + struct.pack(">Q", len(b)) + b)
    else: h.update(b"B" + struct.pack(">Q", len(v)) + bytes(v))
for t, k in [("party", "id"), ("contract", "id"), ("payment", "id"), ("deduction", "id"), ("review", "id"),
             ("objection", "id"), ("reg_sequence", "year"), ("audit", "id"), ("bundle", "rowid")]:
    cols = "format,region,code,name,area,seq,prev_hash,audit_from,audit_to,audit_prev,audit_head,created_at" if t == "bundle" else "*"
    h.update(t.encode() + b"\0")
    for r in db.execute("SELECT %s FROM %s ORDER BY %s" % (cols, t, k)):
        h.update(b"\x1e")
        for v in r: put(v)
db.execute("UPDATE bundle SET hash = ?", (h.hexdigest(),))
db.commit()
PY
tcreg merge forged.tcrx
sqlite3 reg.db "SELECT count(*) FROM contract; SELECT count(*) FROM merge_log"
tcreg merge signed.tcrx
tcreg point list
tcreg audit verify
