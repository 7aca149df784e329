# a bundle changed on its way is refused and the registry stays as it was:
# a row edited, a row added, a row edited with its hash written anew but its
# station's audit records not following, a trigger planted, a file that is
# no bundle, a file that is not there
. "$TCREG_SOURCE/tests/cli/stations-lib.sh"
station_init s1.db 2301 哈尔滨市技术合同登记站 1111111111111111111111111111111111111111111111111111111111111111
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
month s1.db 1 1 2
TCREG_NOW=2026-01-28 tcreg -q --db s1.db export -o s1-1.tcrx
sqlite3 reg.db "SELECT count(*) FROM audit"
cp s1-1.tcrx t1.tcrx
sqlite3 t1.tcrx "UPDATE contract SET total_amount_fen = total_amount_fen * 100 WHERE id = 1"
hashless merge t1.tcrx
cp s1-1.tcrx t2.tcrx
sqlite3 t2.tcrx "INSERT INTO payment VALUES (99, 1, '2026-01-20', 900000000, 'FAKE', 'x', 'y', NULL, NULL)"
hashless merge --dry-run t2.tcrx
cp s1-1.tcrx t3.tcrx
sqlite3 t3.tcrx "DELETE FROM audit WHERE id = 3"
python3 - t3.tcrx <<'PY'
# the content hash written anew, as bundle.c computes it
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
tables = [("party", "id"), ("contract", "id"), ("payment", "id"), ("deduction", "id"), ("review", "id"),
          ("objection", "id"), ("reg_sequence", "year"), ("audit", "id")]
h = hashlib.sha256(b"tcreg-bundle\x1f")
def put(v):
    if v is None: h.update(b"N")
    elif isinstance(v, int): h.update(b"I" + struct.pack(">q", v))
    elif isinstance(v, float): h.update(b"F" + struct.pack(">d", v))
    elif isinstance(v, str): b = v.encode(); h.update(b"T" + struct.pack(">Q", len(b)) + b)
    else: h.update(b"B" + struct.pack(">Q", len(v)) + bytes(v))
def rows(name, sql):
    h.update(name.encode() + b"\0")
    for r in db.execute(sql):
        h.update(b"\x1e")
        for v in r: put(v)
for t, k in tables:
    rows(t, "SELECT * FROM %s ORDER BY %s" % (t, k))
rows("bundle", "SELECT format,region,code,name,area,seq,prev_hash,audit_from,audit_to,audit_prev,audit_head,created_at FROM bundle ORDER BY rowid")
db.execute("UPDATE bundle SET hash = ?", (h.hexdigest(),))
db.commit()
PY
hashless merge t3.tcrx
cp s1-1.tcrx t4.tcrx
sqlite3 t4.tcrx "CREATE TRIGGER t AFTER INSERT ON party BEGIN SELECT 1; END"
hashless merge t4.tcrx
printf 'not a bundle\n' >t5.tcrx
hashless merge t5.tcrx
sqlite3 t6.tcrx "CREATE TABLE x(a)"
hashless merge t6.tcrx
tcreg merge nowhere.tcrx
# nothing changed: no point, no contract, no record
sqlite3 reg.db "SELECT count(*) FROM point; SELECT count(*) FROM contract; SELECT count(*) FROM audit"
tcreg audit verify
# the file as written merges
TCREG_NOW=2026-01-31 tcreg merge s1-1.tcrx
