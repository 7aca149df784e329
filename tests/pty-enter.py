#!/usr/bin/env python3
"""pty-enter.py TCREG - drive the interactive `tcreg register` through a
pseudo-terminal, as a clerk would, in English and in Chinese: a correct
contract is saved, a bad answer is asked again with the reason, "<" goes back,
Ctrl-C leaves nothing written; the history keeps the answers of saved
contracts only."""
import os
import pty
import re
import select
import sqlite3
import sys
import tempfile
import time

TCREG = sys.argv[1]
work = tempfile.mkdtemp(prefix="tcreg-pty-")
db = os.path.join(work, "reg.db")
base_env = dict(os.environ, TCREG_DB=db, TCREG_NOW="2026-01-15", TCREG_OPERATOR="clerk1",
                HOME=work, XDG_STATE_HOME=os.path.join(work, "state"), TERM="xterm", LC_ALL="C.UTF-8")
base_env.pop("TCREG_LANG", None)
os.system(f"'{TCREG}' --db '{db}' -q init --agency-name 测试登记站 --region 2301 --point 01")


class Term:
    def __init__(self, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(TCREG, [TCREG, "register"], env)
        self.buf = b""

    def expect(self, pattern, timeout=10):
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        end = time.time() + timeout
        while time.time() < end:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                self.buf += data
        sys.exit(f"FAIL: waited for {pattern!r}; the screen shows:\n{self.buf.decode(errors='replace')}")

    def send(self, text):
        # a person answers a moment after the prompt appears; input sent in
        # the same instant can be flushed by libedit's switch of terminal mode
        time.sleep(0.15 if text in ("\x03", "\x04") else 0.02)
        os.write(self.fd, text.encode())

    def line(self, prompt, answer):
        self.expect(prompt)
        self.send(answer + "\r")

    def wait(self, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    self.buf += os.read(self.fd, 4096)
                except OSError:
                    pass
        os.kill(self.pid, 9)
        sys.exit(f"FAIL: tcreg did not exit; the screen shows:\n{self.buf.decode(errors='replace')}")


def count(no):
    return sqlite3.connect(db).execute("SELECT count(*) FROM contract WHERE contract_no = ?", (no,)).fetchone()[0]


def clerk(env, no, labels, extra_check):
    t = Term(env)
    L = labels
    t.line(L["no"], no)
    t.line(L["project"], "寒地玉米收获机技术开发")
    t.line(L["category"], "开发")                    # fits several: listed, asked again
    t.expect("11 委托开发")
    t.line(L["category"], "委托")
    t.line(L["seller"], "东北农业大学")
    t.line(L["seller_uscc"], "")
    t.line(L["seller_region"], "哈尔滨")
    t.expect("2301 哈尔滨市")
    t.line(L["seller_nature"], "高校")
    t.line(L["buyer"], "某某农机有限公司")
    t.line(L["buyer_uscc"], "123")                     # wrong: asked again with the reason
    t.expect(L["uscc_reason"])
    t.line(L["buyer_uscc"], "")
    t.line(L["buyer_region"], "<")                      # back to the USCC
    t.line(L["buyer_uscc"], "")
    t.line(L["buyer_region"], "2301")
    t.line(L["buyer_nature"], "企业")
    t.line(L["total"], "１，２００，０００")             # full-width digits
    t.line(L["tech"], "1100000")
    t.line(L["signed"], "2025年10月8日")
    t.line(L["valid_from"] + r" \[2025-10-08\]", "")
    t.line(L["valid_to"], "2026-10-07")
    t.line(L["field"], "农业")
    for key in ("ip", "pay", "related", "note", "plan", "objective", "foreign", "licence_mode",
                "licence_years", "enterprise"):
        t.line(L[key], "")
    t.expect("1,200,000.00 元")
    t.line(L["save"], "y")
    t.line(L["another"], "n")
    code = t.wait()
    if code != 0:
        sys.exit(f"FAIL: exit {code}")
    if count(no) != 1:
        sys.exit(f"FAIL: {no} was not saved")
    extra_check()


EN = dict(no="Contract number: ", project="Project: ", category="Category: ", seller="Seller: ",
          seller_uscc=r"Seller USCC \(optional\): ", seller_region="Seller region: ",
          seller_nature="Seller nature: ", buyer="Buyer: ", buyer_uscc=r"Buyer USCC \(optional\): ",
          buyer_region="Buyer region: ", buyer_nature="Buyer nature: ",
          total=r"Contract amount \(元\): ", tech=r"Tech amount \(元\): ", signed="Signed: ",
          valid_from="Valid from", valid_to="Valid to: ", field="Technical field: ",
          ip=r"IP type \(optional\): ", pay=r"Payment method \(optional\): ",
          related=r"Related party \(是/否\) \(optional\): ", note=r"Note \(optional\): ",
          plan=r"Plan source \(optional\): ", objective=r"Objective \(optional\): ",
          foreign=r"Foreign trade \(optional\): ", licence_mode=r"Licence mode \(optional\): ",
          licence_years=r"Licence years \(optional\): ", enterprise=r"Enterprise type \(optional\): ",
          save=r"Save this contract\? \[Y/n\] ", another=r"Enter another contract\? \[Y/n\] ",
          uscc_reason="18 characters")
ZH = dict(no="合同编号: ", project="项目名称: ", category="合同类别: ", seller="卖方: ",
          seller_uscc="卖方统一社会信用代码（选填）: ", seller_region="卖方地区: ",
          seller_nature="卖方性质: ", buyer="买方: ", buyer_uscc="买方统一社会信用代码（选填）: ",
          buyer_region="买方地区: ", buyer_nature="买方性质: ", total="合同成交额（元）: ",
          tech="技术交易额（元）: ", signed="签订日期: ", valid_from="有效期起", valid_to="有效期止: ",
          field="技术领域: ", ip="知识产权类型（选填）: ", pay="支付方式（选填）: ",
          related="是否关联交易（是/否）（选填）: ", note="备注（选填）: ",
          plan="计划来源（选填）: ", objective="社会经济目标（选填）: ",
          foreign="涉外（选填）: ", licence_mode="许可方式（选填）: ",
          licence_years="许可年限（选填）: ", enterprise="企业登记注册类型（选填）: ",
          save=r"保存这份合同？\[Y/n\] ",
          another=r"继续录入下一份？\[Y/n\] ", uscc_reason="应为 18 位")

hist = os.path.join(work, "state", "tcreg", "history")


def history_lines():
    """The history's entries (libedit writes one per line after a cookie)."""
    if not os.path.exists(hist):
        return []
    return open(hist, encoding="utf-8", errors="replace").read().splitlines()


def saved_only():
    lines = history_lines()
    for want in ("PTY-EN-1", "寒地玉米收获机技术开发", "2026-10-07"):
        if want not in lines:
            sys.exit(f"FAIL: the saved contract's answer {want!r} is not in the history: {lines}")
    # answers refused and asked again, the way back, the yes and no: not answers of the contract
    for unwanted in ("开发", "123", "<", "y", "n"):
        if unwanted in lines:
            sys.exit(f"FAIL: {unwanted!r} is in the history: {lines}")
    if os.stat(hist).st_mode & 0o077:
        sys.exit(f"FAIL: the history is readable by others: {oct(os.stat(hist).st_mode)}")


clerk(base_env, "PTY-EN-1", EN, saved_only)
clerk(dict(base_env, TCREG_LANG="zh"), "PTY-ZH-1", ZH, lambda: None)


def help_and_english():
    """The clerk's help at a terminal: "?" lists the codes with their names,
    "?哈" those whose name holds 哈; English names are taken; the region
    defaults from the seller's USCC; an amount typed in 万 is echoed in 元
    and 万元; the saved message names the contract and the next step."""
    t = Term(base_env)
    L = EN
    t.line(L["no"], "PTY-HELP-1")
    t.line(L["project"], "寒地水稻育种")
    t.line(L["category"], "?")
    t.expect(r"31 Patent licensing \(专利实施许可\)")
    t.line(L["category"], "commissioned development")
    t.expect("11 委托开发")
    t.line(L["seller"], "东北农业大学")
    t.line(L["seller_uscc"], "12230100414000572R")        # issued in 230100: Harbin
    t.line(L["seller_region"][:-2] + r" \[2301\]: ", "?哈")
    t.expect(r"2302 Qiqihar \(齐齐哈尔市\)")
    t.line(L["seller_region"][:-2] + r" \[2301\]: ", "")
    t.expect("2301 哈尔滨市")
    t.line(L["seller_nature"], "university")
    t.line(L["buyer"], "某农机有限公司")
    t.line(L["buyer_uscc"], "")
    t.line(L["buyer_region"], "harbin")
    t.expect("2301 哈尔滨市")
    t.line(L["buyer_nature"], "enterprise")
    t.line(L["total"], "120万")
    t.expect(r"1,200,000.00 元 \(120万元\)")
    t.line(L["tech"], "1100000")
    t.line(L["signed"], "2025-10-08")
    t.line(L["valid_from"], "")
    t.line(L["valid_to"], "2026-10-07")
    t.line(L["field"], "agriculture")
    t.line(L["ip"], "patent")
    t.expect("01 专利")
    for key in ("pay", "related", "note", "plan", "objective", "foreign", "licence_mode",
                "licence_years", "enterprise"):
        t.line(L[key], "")
    t.line(L["save"], "y")
    t.expect(r"saved as contract (\d+) \(合同编号 PTY-HELP-1\), submitted \(待认定\); "
             r"next: tcreg certify \d+ --accept")
    t.line(L["another"], "n")
    if t.wait() != 0:
        sys.exit("FAIL: the help scenario")
    if count("PTY-HELP-1") != 1:
        sys.exit("FAIL: PTY-HELP-1 was not saved")
    for unwanted in ("?", "?哈"):
        if unwanted in history_lines():
            sys.exit(f"FAIL: {unwanted!r} is in the history")


def with_default(prompt):
    """A prompt's pattern, whatever default it shows in brackets."""
    label = prompt[:-2] if prompt.endswith(": ") else prompt
    return label + r"(?: \[[^\]]*\])?: "


def correction():
    """A contract number the registry has: said at once; the clerk corrects
    the submitted contract, whose answers are the defaults; a save refused
    for one field asks that field alone, the other answers kept."""
    t = Term(base_env)
    L = EN
    t.line(L["no"], "PTY-EN-1")
    t.expect("this contract number is in the registry already")
    t.expect(r"contract (\d+): 东北农业大学, submitted \(待认定\)")
    t.line(r"retype the number \(<\)\? ", "c")
    t.line(L["project"][:-2] + r" \[寒地玉米收获机技术开发\]: ", "寒地玉米收获机技术开发（更正）")
    for key in ("category", "seller", "seller_uscc", "seller_region", "seller_nature", "buyer",
                "buyer_uscc", "buyer_region", "buyer_nature"):
        t.line(with_default(L[key]), "")
    t.line(r"\[1200000.00\]: ", "1000000")               # below the tech amount
    t.line(r"\[1100000.00\]: ", "")
    for key in ("signed", "valid_from", "valid_to", "field", "ip", "pay", "related", "note", "plan",
                "objective", "foreign", "licence_mode", "licence_years", "enterprise"):
        t.line(with_default(L[key]), "")
    t.line(L["save"], "y")
    t.expect(r"more than the contract amount")
    t.line(L["tech"].replace(": ", "") + r" \[1100000.00\]: ", "900000")
    t.expect(r"900,000.00 元")
    t.line(L["save"], "y")                                # no other field asked again
    t.expect(r"corrected contract \d+ \(合同编号 PTY-EN-1\), submitted \(待认定\); "
             r"next: tcreg certify \d+ --accept")
    t.line(L["another"], "n")
    if t.wait() != 0:
        sys.exit("FAIL: the correction")
    row = sqlite3.connect(db).execute(
        "SELECT count(*), max(project_name), max(tech_amount_fen) FROM contract WHERE contract_no = 'PTY-EN-1'").fetchone()
    if row != (1, "寒地玉米收获机技术开发（更正）", 90000000):
        sys.exit(f"FAIL: the correction was not saved as an update: {row}")


print("help ...", flush=True)
help_and_english()
print("correction ...", flush=True)
correction()

# Ctrl-C part-way: nothing is written, exit 130
print("Ctrl-C ...", flush=True)
t = Term(base_env)
t.line(EN["no"], "PTY-INT-1")
t.line(EN["project"], "中途放弃")
t.expect(EN["category"])
t.send("\x03")
code = t.wait()
if code != 130:
    sys.exit(f"FAIL: Ctrl-C gave exit {code}, not 130")
if count("PTY-INT-1"):
    sys.exit("FAIL: Ctrl-C left a contract behind")

# a contract abandoned with Ctrl-D part-way: none of its answers is kept
print("abandoned ...", flush=True)
t = Term(base_env)
t.line(EN["no"], "PTY-ABANDONED-1")
t.line(EN["project"], "放弃的项目")
t.expect(EN["category"])
t.send("\x04")
if t.wait() != 0:
    sys.exit("FAIL: Ctrl-D part-way")
for gone in ("PTY-INT-1", "中途放弃", "PTY-ABANDONED-1", "放弃的项目"):
    if gone in history_lines():
        sys.exit(f"FAIL: the abandoned answer {gone!r} is in the history")

# Ctrl-D at the first prompt: nothing is written, exit 0
print("Ctrl-D ...", flush=True)
t = Term(base_env)
t.expect(EN["no"])
t.send("\x04")
if t.wait() != 0:
    sys.exit("FAIL: Ctrl-D")
if "寒地玉米收获机技术开发" not in history_lines():
    sys.exit("FAIL: no history kept under $XDG_STATE_HOME/tcreg")
print("ok: typed in English and Chinese through a terminal; re-prompt, <, Ctrl-C and Ctrl-D behave;"
      " the history holds saved contracts' answers only")
