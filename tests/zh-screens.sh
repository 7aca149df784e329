#!/bin/sh
# zh-screens.sh TCREG SRCDIR - what a Chinese clerk sees when things go
# wrong is Chinese: every command's usual errors are run with
# TCREG_LANG=zh, and their stderr must hold no English words once codes,
# options, file names, setting keys, command names and the user's own
# values (in quotes or brackets) are set aside.
set -u
tcreg=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-zh-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-01-15 TCREG_OPERATOR=clerk1 TCREG_LANG=zh TCREG_NO_MAN=1
unset LANGUAGE LANG LC_ALL
T() { echo "--- $*" >>"$work/err"; "$tcreg" "$@" >/dev/null 2>>"$work/err"; }
"$tcreg" -q list 2>/dev/null
T list
"$tcreg" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01 2>/dev/null
T init --region 9999
T init --region 23 --point 1
T register --csv "$src/testdata/ledgers/errors.csv"
T register --csv "$src/testdata/ledgers/errors-gb18030.csv"
T register --csv "$src/testdata/ledgers/missing-columns.csv"
T register --csv nosuch.csv
T register --payments "$src/testdata/ledgers/payments.csv"
"$tcreg" -q register --csv "$src/testdata/ledger-sample.csv" 2>/dev/null
T register --csv "$src/testdata/ledger-sample.csv"
T certify 999 --accept
T certify HGD-2025-0301 --accept
T certify HGD-2025-0301 --reject --reason X99
T certify HGD-2025-0301 --set 合同成交额=abc
T certify HGD-2025-0801 --accept --operator clerk2
T certify HGD-2025-0301 --revoke --reason V01 --operator clerk2
T certify HGD-2025-0301 --certificate
T show 不存在的合同
T show --party 不存在
T list --status nonsense
T list --registered-from 2025-13-01
T report --month 2026-13
T report --month 2026-10 -o /nonexistent/dir/r.html
T award --policy nope --year 2025
T award --policy hlj-2017 --year 1800
T policy check "$src/testdata/policies/"*.yaml
T config large_threshold abc
T config no_such_key 1
T search
T operator add no-such-login-x --name 某人 --role clerk
T operator add root --name 某人 --role nonsense
T backup .
T restore nosuch.db
T audit verify --anchor 0123456789abcdef
T nosuchcommand
T list --nosuchoption
T certify
python3 - "$work/err" <<'PY'
import re, sys
# formats and names, and the values options take (typed as they are)
allowed = {"tcreg", "UTF", "JSON", "CSV", "HTML", "Excel", "SQLite", "YAML", "USCC", "xlsx", "csv",
           "json", "txt", "html", "yaml", "utf", "clerk", "certifier", "reviewer", "admin", "auditor",
           "down", "half_up", "buyer", "seller", "agency", "open", "pct", "permille"}
bad = []
cmd = ""
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if line.startswith("--- "):
        cmd = line[4:]
        continue
    s = line
    s = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"|「[^」]*」", " ", s)          # quoted values
    s = re.sub(r"\([^()]*\)|（[^（）]*）", " ", s)                        # values in brackets
    s = re.sub(r"(?:[\w.-]*/)+[\w.\-]*", " ", s)                          # paths
    s = re.sub(r"--?[A-Za-z][\w-]*", " ", s)                             # options
    s = re.sub(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", s)                 # codes
    s = re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b", " ", s)                     # setting keys, identifiers
    s = re.sub(r"\btcreg [a-z]+(?: [a-z]+)?\b", " ", s)                  # commands
    s = re.sub(r"\b\w*\d\w*\b", " ", s)                                # names with digits, codes, numbers
    s = re.sub(r"\b[A-Za-z_.]+\s*[:：]", " ", s)                         # a policy file's keys
    s = re.sub(r"\b[a-z_]+\.[a-z_.]+\b", " ", s)                         # and their paths
    s = re.sub(r"\b[A-Z]{2,}\b", " ", s)                                 # placeholders: FILE, TEXT
    words = [w for w in re.findall(r"[A-Za-z]{3,}", s) if w not in allowed]
    if words:
        bad.append("%s\n    %s\n    English: %s" % (cmd, line, " ".join(words)))
if bad:
    print("FAIL: English on a Chinese screen:")
    print("\n".join(bad))
    sys.exit(1)
print("ok: every error of %d commands in Chinese" % sum(1 for l in open(sys.argv[1]) if l.startswith("--- ")))
PY
