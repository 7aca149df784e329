# trust: separation of duties by name, a registry edited outside tcreg,
# a chain rebuilt without the key, anchors, backup and restore
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
# the importer (clerk1) may not record the expert review of their own contract
tcreg certify HGD-2025-0801 --review --expert 张明 --opinion 同意
tcreg -q --operator reviewer1 certify HGD-2025-0801 --review --expert 张明 --opinion 同意
# nor may the reviewer decide on it
tcreg --operator reviewer1 certify HGD-2025-0801 --accept
tcreg -q --operator clerk2 certify HGD-2025-0801 --accept
# a name is compared whole: 130 characters that differ only at the end
long=$(printf 'a%.0s' $(seq 1 129))
TCREG_OPERATOR="${long}x" raw register --keep-going --csv "$TESTDATA/ledgers/wan.csv" >/dev/null 2>&1
TCREG_OPERATOR="${long}x" raw certify W-01 --accept 2>&1 | sed "s/$long/a…/"
tcreg -q --operator "${long}y" certify W-01 --accept
tcreg audit verify
anchor=$(raw audit verify | sed -n 's/^chain head: //p')
tcreg -q --operator clerk2 certify KXY-2025-060 --accept

# edits with sqlite3: amount x100, a status, who entered it, a fake payment,
# a review deleted, the number sequence advanced
cp reg.db pristine.db
sqlite3 reg.db "UPDATE contract SET total_amount_fen = total_amount_fen * 100 WHERE id = 2;
  UPDATE contract SET status = 'revoked' WHERE contract_no = 'HGD-2025-0801';
  UPDATE contract SET entered_by = 'boss' WHERE id = 4;
  INSERT INTO payment(contract_id, pay_date, amount_fen, voucher, entered_by, created_at)
    VALUES (12, '2025-12-01', 900000000, 'FAKE-1', 'clerk1', '2025-12-01T00:00:00');
  DELETE FROM review;
  UPDATE reg_sequence SET last = last + 5;"
tcreg audit verify
# a contract changed outside tcreg is not shown or certified as it stands
tcreg show 2
tcreg certify 12 --certificate
# a party name no longer valid UTF-8 stops the listing, never drops a field
sqlite3 reg.db "UPDATE party SET name = CAST(X'E5A4A7FF' AS TEXT) WHERE id = 1"
raw list --json >/dev/null; echo "? $?"
raw audit verify --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["intact"], sorted({(f["kind"], f.get("table","")) for f in d["findings"]}))'

# without the key, a rebuilt chain does not verify: drop the triggers, edit
# a record, recompute every hash with plain SHA-256
cp pristine.db reg.db
python3 - <<'PY'
import hashlib, sqlite3
db = sqlite3.connect("reg.db")
db.execute("DROP TRIGGER audit_no_update")
db.execute("UPDATE audit SET operator = 'boss' WHERE id = 3")
prev = "0" * 64
rows = db.execute("SELECT id, at, operator, action, entity, entity_id, batch_id, old_value, new_value FROM audit ORDER BY id").fetchall()
for (i, at, op, act, ent, eid, bid, old, new) in rows:
    s = "\x1f".join([str(i), prev, at, op, act, ent, "" if eid is None else str(eid), "" if bid is None else str(bid),
                     "\x1e" if old is None else old, "\x1e" if new is None else new])
    h = hashlib.sha256(s.encode()).hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, i))
    prev = h
db.execute("UPDATE config SET value = ? WHERE key = 'audit_head'", ("%d:%s" % (len(rows), prev),))
db.commit()
PY
tcreg audit verify --anchor "$anchor"

# the anchor proves the trail up to it on the untouched registry
cp pristine.db reg.db
tcreg audit verify --anchor "$anchor"
tcreg audit verify --anchor 0123456789abcdef0123

# backup and restore
tcreg backup backup.db
tcreg backup .
tcreg -q --operator clerk2 certify HGD-2025-0301 --accept
tcreg restore backup.db
tcreg restore backup.db --force
tcreg -q --operator clerk2 certify HGD-2025-0520 --accept --deduct equipment=3700000
tcreg audit verify
sqlite3 backup.db "UPDATE party SET name = '某公司' WHERE id = 1"
tcreg restore backup.db --force
