#!/usr/bin/env python3
"""gen-ledger.py N [OUT.csv] - a deterministic, realistic contract ledger of N rows.

The same N always gives the same bytes.  Sellers are a few thousand
universities, institutes and enterprises (valid 统一社会信用代码), buyers a
larger pool; amounts run from 1万元 to over 1亿元 with about 5 % large
(>= 500万元) contracts; dates are spread over 2025; some notes are quoted and
hold commas, quotes and line breaks, as Excel writes them.
"""
import random
import sys

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng, kind):
    body = kind + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(
        rng.choice(ALPHA) for _ in range(9))
    s = sum(ALPHA.index(c) * W[i] for i, c in enumerate(body))
    return body + ALPHA[(31 - s % 31) % 31]


CATS = [("委托开发", 30), ("合作开发", 6), ("专利权转让", 3), ("技术秘密转让", 2), ("专利实施许可", 3),
        ("技术秘密使用许可", 1), ("技术咨询", 10), ("技术服务", 40), ("技术培训", 3), ("技术中介", 2)]
FIELDS = ["电子信息", "航空航天", "先进制造", "生物、医药和医疗器械", "新材料及其应用", "新能源与高效节能",
          "环境保护与资源综合利用", "核应用技术", "农业", "现代交通", "城市建设与社会发展"]
REGIONS = ["2301", "2301", "2301", "2300", "230600", "230200", "1100", "3100", "4403", "3201", "4201", "7100"]
SELLER_NATURE = ["高等院校", "科研机构", "有限责任公司", "股份有限公司", "私营企业", "国有企业"]
BUYER_NATURE = ["有限责任公司", "股份有限公司", "私营企业", "国有企业", "企业法人", "事业法人", "机关法人"]
WORDS = ["寒地", "智能", "高效", "低碳", "精密", "数字化", "绿色", "新型", "大型", "微纳"]
THINGS = ["风电叶片", "水稻灌溉", "铸锻件", "光纤传感", "石墨烯", "大豆育种", "焊接机器人", "储能电池",
          "污水处理", "轨道检测", "生物制剂", "导航芯片"]
ACTS = ["技术开发", "工艺优化", "检测服务", "技术咨询", "系统研制", "中试验证", "技术培训", "软件许可"]
IP = ["专利", "技术秘密", "计算机软件著作权", "未涉及知识产权", ""]
PAY = ["一次支付", "分期支付", "提成支付"]
HEADER = ("合同编号,项目名称,合同类别,卖方名称,卖方统一社会信用代码,卖方地区,卖方性质,买方名称,"
          "买方统一社会信用代码,买方地区,买方性质,合同成交额,技术交易额,签订日期,有效期起,有效期止,"
          "技术领域,知识产权类型,支付方式,是否关联交易,备注")


def money(fen):
    s = f"{fen // 100:,}.{fen % 100:02d}"
    return '"' + s + '"' if "," in s else s


def main():
    n = int(sys.argv[1])
    out = open(sys.argv[2], "w", encoding="utf-8", newline="") if len(sys.argv) > 2 else sys.stdout
    rng = random.Random(20260115)
    sellers = []
    for i in range(3000):
        nature = rng.choice(SELLER_NATURE)
        kind = "12" if nature in ("高等院校", "科研机构") else "91"
        sellers.append((f"{rng.choice(WORDS)}{rng.choice(THINGS)}研究单位{i:04d}", uscc(rng, kind),
                        rng.choice(REGIONS[:6]), nature))
    buyers = []
    for i in range(60000):
        buyers.append((f"{rng.choice(WORDS)}{rng.choice(THINGS)}有限公司{i:05d}",
                       uscc(rng, "91") if rng.random() < 0.8 else "", rng.choice(REGIONS),
                       rng.choice(BUYER_NATURE)))
    cats = [c for c, w in CATS for _ in range(w)]
    out.write(HEADER + "\r\n")
    for i in range(n):
        s = sellers[rng.randrange(len(sellers))]
        b = buyers[rng.randrange(len(buyers))]
        r = rng.random()
        if r < 0.05:
            total = rng.randrange(5_000_000, 120_000_000) * 100
        elif r < 0.6:
            total = rng.randrange(10_000, 500_000) * 100
        else:
            total = rng.randrange(500_000, 5_000_000) * 100
        tech = total - (rng.randrange(0, total // 5) if rng.random() < 0.2 else 0)
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        sign = f"2025-{month:02d}-{day:02d}"
        to = f"{2026 + rng.randrange(0, 3)}-{month:02d}-{day:02d}"
        note = ""
        q = rng.random()
        if q < 0.02:
            note = '"含设备采购,另行结算"'
        elif q < 0.03:
            note = '"分两期:\r\n首付50%,验收后付""尾款"""'
        row = [f"HT{i:08d}", f"{rng.choice(WORDS)}{rng.choice(THINGS)}{rng.choice(ACTS)}",
               rng.choice(cats), s[0], s[1], s[2], s[3], b[0], b[1], b[2], b[3], money(total),
               money(tech), sign, sign, to, rng.choice(FIELDS), rng.choice(IP), rng.choice(PAY),
               "是" if rng.random() < 0.03 else "否", note]
        out.write(",".join(row) + "\r\n")
    out.close()


if __name__ == "__main__":
    main()
