#!/usr/bin/env python3
"""report-rollups.py TCREG SRCDIR - the report's rollups equal the raw SQL
after random sequences of decisions.

A registry of generated contracts goes through a seeded random sequence of
decisions made with tcreg (registrations with and without deductions,
changes of amounts, category, field, IP type, related party and buyer,
cancellations, revocations, registrations elsewhere); then some contracts
are registered by SQL, outside tcreg, the rollups rebuilt, and the
parties of those contracts changed by an import (their region and nature
followed by the report).  After each step 'tcreg report --check' must find
the rollups equal to the contracts summed again, and at checkpoints each
report agrees with independent SQL (report-crosscheck.py).  The steps
that fail (a decision the contract's state forbids) must change nothing,
which the check also proves."""
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile

tcreg, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="tcreg-rollups-")
db = os.path.join(work, "reg.db")
env = dict(os.environ, TCREG_DB=db, TCREG_LANG="en", LC_ALL="C.UTF-8", TZ="UTC",
           TCREG_OPERATOR="clerk1", HOME=work, XDG_DATA_HOME=work, TCREG_NO_MAN="1")
rng = random.Random(20261130)
fails = []
done = {}


def run(*args, now="2026-01-01", operator="clerk1", ok=True):
    e = dict(env, TCREG_NOW=now, TCREG_OPERATOR=operator)
    p = subprocess.run([tcreg, "-q", *args], env=e, capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit(f"FAIL: tcreg {' '.join(args)}: {p.returncode} {p.stderr}")
    return p


def check(step):
    p = run("report", "--check", "-O", "json", ok=False)
    if p.returncode != 0:
        fails.append(f"after {step}: report --check exit {p.returncode}: {p.stdout[:2000]} {p.stderr}")


def crosscheck(periods):
    for period in periods:
        flag = "--year" if len(period) == 4 else "--month"
        p = run("report", flag, period, "-O", "json")
        out = os.path.join(work, "r.json")
        with open(out, "w", encoding="utf-8") as f:
            f.write(p.stdout)
        c = subprocess.run([sys.executable, os.path.join(src, "tests/report-crosscheck.py"), db, out],
                           capture_output=True, text=True)
        if c.returncode != 0:
            fails.append(f"report {period} against SQL: {c.stdout}{c.stderr}")


def ids(status):
    con = sqlite3.connect(db)
    r = [row[0] for row in con.execute("SELECT contract_no FROM contract WHERE status IN (%s) ORDER BY id"
                                        % ",".join("?" * len(status)), status)]
    con.close()
    return r


run("init", "--agency-name", "黑龙江省技术市场管理办公室", "--region", "2300", "--point", "01")
ledger = os.path.join(work, "ledger.csv")
subprocess.run([sys.executable, os.path.join(src, "bench/gen-ledger.py"), "160", ledger], check=True)
run("register", "--csv", ledger, "--keep-going", now="2026-01-01", ok=False)
run("config", "allow_single_clerk", "yes")
check("the import")

CHANGES = [["--set", "合同类别=技术服务"], ["--set", "合同类别=专利实施许可"], ["--set", "技术领域=农业"],
           ["--set", "知识产权类型=专利"], ["--set", "是否关联交易=是"], ["--set", "是否关联交易=否"],
           ["--set", "买方地区=1100"], ["--deduct", "equipment=1000"]]
day = 0


def now():
    global day
    day += rng.randint(0, 4)
    y, d = 2026 + day // 360, day % 360
    return f"{y}-{d // 30 + 1:02d}-{d % 30 + 1:02d}"


def decide(kind, no, t):
    if kind == "accept":
        extra = ["--deduct", f"equipment={rng.randint(1, 50) * 1000}"] if rng.random() < 0.3 else []
        return run("certify", no, "--accept", *extra, now=t, operator="clerk2", ok=False)
    if kind == "change":
        if rng.random() < 0.5:
            total = rng.randint(10, 5000) * 1000
            extra = ["--set", f"合同成交额={total}", "--set", f"技术交易额={rng.randint(1, total // 1000) * 1000}"]
        else:
            extra = rng.choice(CHANGES)
        return run("certify", no, "--change", *extra, now=t, operator="clerk2", ok=False)
    if kind == "cancel":
        return run("certify", no, "--cancel", "--reason", "合同解除", now=t, operator="clerk2", ok=False)
    if kind == "revoke":
        return run("certify", no, "--revoke", "--reason", "V01", now=t, operator="clerk2", ok=False)
    regno = f"2026110001{rng.randint(0, 999999):06d}"
    return run("certify", no, "--external", regno, "--agency", "北京技术市场管理办公室", "--reg-date", t,
               now=t, operator="clerk2", ok=False)


KINDS = [("accept", ["submitted"], 10), ("change", ["registered", "changed"], 6),
         ("cancel", ["registered", "changed"], 2), ("revoke", ["registered", "changed"], 2),
         ("external", ["submitted"], 2)]
for step in range(140):
    kind, status, _ = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
    pool = ids(status)
    if not pool:
        continue
    no = rng.choice(pool)
    p = decide(kind, no, now())
    if p.returncode == 0:
        done[kind] = done.get(kind, 0) + 1
    check(f"step {step}: {kind} {no} (exit {p.returncode})")
    if step % 35 == 34:
        crosscheck(["2026-03", "2026-Q2", "2026", "2027-02"])

# registered outside tcreg: the contracts follow their parties; counted
# once the rollups are rebuilt, and kept from then on as the parties change
con = sqlite3.connect(db)
outside = [r[0] for r in con.execute("SELECT id FROM contract WHERE status = 'submitted' ORDER BY id LIMIT 20")]
con.executemany("UPDATE contract SET status = 'registered', reg_date = '2026-03-15', "
                "reg_no = 'SQL-' || id WHERE id = ?", [(i,) for i in outside])
con.commit()
p = run("report", "--check", ok=False)
if p.returncode != 1:
    fails.append(f"registration by SQL: report --check exit {p.returncode}, not 1")
run("report", "--rebuild")
check("the rebuild")
parties = con.execute("SELECT s.name, s.uscc, b.name, b.uscc FROM contract c JOIN party s ON s.id = c.seller_id "
                      "JOIN party b ON b.id = c.buyer_id WHERE c.id IN (%s) LIMIT 6"
                      % ",".join("?" * len(outside)), outside).fetchall()
before = con.execute("SELECT sum(region = '4403'), sum(nature = '机关法人') FROM party").fetchone()
con.close()
with open(ledger, encoding="utf-8") as f:
    header = next(csv.reader(f))
restated = os.path.join(work, "restated.csv")
with open(restated, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i, (sn, su, bn, bu) in enumerate(parties):
        w.writerow([f"RESTATE-{i}", "新项目", "技术服务", sn, su, "4403", "科研机构", bn, bu, "4403", "机关法人",
                    "10000", "10000", "2025-12-01", "2025-12-01", "2026-12-01", "农业", "", "", "否", ""])
p = run("register", "--csv", restated, "--update", now="2026-04-01", ok=False)
con = sqlite3.connect(db)
after = con.execute("SELECT sum(region = '4403'), sum(nature = '机关法人') FROM party").fetchone()
con.close()
if after == before:
    fails.append(f"the import changed no party's region or nature (exit {p.returncode}: {p.stderr})")
check("the parties changed by an import")
crosscheck(["2026-03", "2026"])
for kind in ("accept", "change", "cancel", "revoke", "external"):
    if done.get(kind, 0) < 2:
        fails.append(f"too few {kind} decisions succeeded ({done.get(kind, 0)}): the sequence tests little")
shutil.rmtree(work)
if fails:
    print("\n".join("FAIL: " + f for f in fails[:20]))
    sys.exit(1)
print(f"ok: rollups equal to the contracts after {sum(done.values())} decisions {done}")
