# A workbook's problems are reported at their cells, as Excel names them
# ('2025 台账'!L3), all in one pass, with the CSV ledger's checks; cells
# that hold no value of their own (an Excel error, a formula never
# calculated, part of merged cells) are errors there.  Files that are no
# workbook, or a damaged one, are refused with a reason.
/usr/bin/python3 - "$TESTDATA/ledger-sample.csv" <<'PY'
import csv, datetime, sys
import openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2025 台账"
ws.append(rows[0])
def row(no, **cells):  # the sample's first row under another number
    r = list(rows[1])
    r[0] = no
    r[11], r[12] = 3000000, 2500000
    r[13] = r[14] = datetime.date(2025, 3, 5)
    r[15] = datetime.date(2026, 3, 4)
    for k, v in cells.items():
        r[int(k[1:])] = v
    ws.append(r)
row("X-1", c11=799111.82, c12=65607.32)   # 2: fine (openpyxl writes 799111.8199999999)
row("X-2", c11="12,3x")                   # 3: an amount that is none
row("X-3", c12=100.125, c13=60)           # 4: three decimals; serial 60
ws["N4"].number_format = "yyyy-mm-dd"     #    shown as 1900-02-29
row("X-4", c3="#N/A", c12="=L5*0.9")      # 5: an error; a formula never calculated
row("X-5")                                # 6, 7: 项目名称 merged down two rows
row("X-6", c1=None)
ws.merge_cells("B6:B7")
row("X-7")                                # 8: a value past the last column
ws["W8"] = "多余"
row("X-8", c13=45721)                     # 9: a date as a bare serial number
row(1.2345678901234568e17)                # 10: a long number Excel rounded
wb.save("bad.xlsx")
PY
raw -q init
tcreg register --csv bad.xlsx
raw register --csv bad.xlsx --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for e in json.load(sys.stdin)["errors"]:
    print(e["cell"], e["line"], e.get("col"), e["column"], e["code"], e["value"])'
TCREG_LANG=zh tcreg register --csv bad.xlsx --dry-run
tcreg register --csv bad.xlsx --keep-going --rejects rejects.csv
/usr/bin/python3 -c '
import csv
for r in csv.reader(open("rejects.csv", encoding="utf-8-sig")):
    print(r[0], r[21:])'
# the amounts as Excel shows them, to the fen
/usr/bin/python3 -c 'import re, zipfile
print(re.search("<c r=.L2.[^/]*</v>", zipfile.ZipFile("bad.xlsx").read("xl/worksheets/sheet1.xml").decode())[0])'
raw show --json X-1 | /usr/bin/python3 -c 'import json, sys; c = json.load(sys.stdin); print(c["total_amount_fen"], c["tech_amount_fen"])'
# not workbooks, or damaged ones
printf 'PK\003\004 not really an archive' >junk.xlsx
tcreg register --csv junk.xlsx
/usr/bin/python3 -c 'import zipfile; zipfile.ZipFile("doc.xlsx", "w").writestr("word/document.xml", "<w/>")'
tcreg register --csv doc.xlsx
printf '\320\317\021\340\241\261\032\341 an old workbook' >old.xls
tcreg register --csv old.xls
head -c 3000 bad.xlsx >cut.xlsx
tcreg register --csv cut.xlsx
raw register --csv bad.xlsx --encoding gb18030 --dry-run 2>&1 | head -1
# a title that gives the amounts a unit is refused, never passed over
/usr/bin/python3 "$TCREG_SOURCE/tests/xlsx-from-csv.py" "$TESTDATA/ledger-sample.csv" 万元.xlsx --title 2025年台账（单位：万元）
tcreg register --csv 万元.xlsx
