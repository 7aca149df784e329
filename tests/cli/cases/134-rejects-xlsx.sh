# register --rejects FILE.xlsx: the rejected rows as a workbook, made as the
# CSV one is (by the library: private, put in place only for a saved batch,
# replacing a symlink, never following it), every value a text cell as the
# ledger had it, _line a number; read back as a ledger exactly as the CSV is
umask 022
tcreg -q init
echo "someone else's file" > target.xlsx
ln -s target.xlsx rejects.xlsx
# (the rows' errors are those of 129-rejects-file: only the last lines here)
raw register --csv "$TESTDATA/ledgers/errors.csv" --rejects rejects.xlsx 2>&1 | tail -1
raw register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --dry-run --rejects rejects.xlsx 2>&1 | tail -1
stat -c '%A %n' rejects.xlsx
raw register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --rejects rejects.xlsx 2>&1 | tail -2
stat -c '%A %F %n' rejects.xlsx
cat target.xlsx
# the same import into another registry, with the CSV rejects file
raw --db "$TMP"/c.db -q init
raw --db "$TMP"/c.db register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --rejects rejects.csv 2>/dev/null
/usr/bin/python3 - <<'PY'
import csv, openpyxl
wb = openpyxl.load_workbook("rejects.xlsx")
ws = wb.active
print(wb.sheetnames, "frozen at", ws.freeze_panes, "bold header:", ws["A1"].font.b)
book = [list(r) for r in ws.iter_rows(values_only=True)]
text = list(csv.reader(open("rejects.csv", encoding="utf-8-sig")))
print(book[0] == text[0], book[0][-4:])
line = book[0].index("_line")
cells = [c for r in ws.iter_rows(min_row=2) for i, c in enumerate(r) if i != line and c.value is not None]
print("values:", sorted({(type(c.value).__name__, c.number_format) for c in cells}),
      "_line:", sorted({type(r[line]).__name__ for r in book[1:]}))
same = all([("" if v is None else str(v)) for v in r] == t for r, t in zip(book[1:], text[1:]))
print(len(book) - 1, "rows, value for value the CSV's:", same and len(book) == len(text))
print(book[11][:1], book[11][8], book[11][line:])
PY
# read back: the same rows, the same errors, tcreg's own columns expected
for f in rejects.csv rejects.xlsx; do
	raw register --csv $f --dry-run --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
o = json.load(sys.stdin)
print(o["format"], o["rows"], o["rejected"], o["conflicts"], len(o["warnings"]), "warnings")
print(json.dumps([(e["line"], e["column"], e["code"], e["value"]) for e in o["errors"]], ensure_ascii=False), file=sys.stderr)' 2> $f.back
done
cmp rejects.csv.back rejects.xlsx.back && echo "the workbook reads back as the CSV does"
# a clerk fixes a row in Excel and imports the workbook again
/usr/bin/python3 -c '
import openpyxl
wb = openpyxl.load_workbook("rejects.xlsx")
ws = wb.active
ws["L2"] = "123000"
wb.save("fixed.xlsx")'
raw register --csv fixed.xlsx --keep-going 2>&1 | tail -1
tcreg list --status submitted
# a cell Excel cannot hold stops the import: nothing saved, no file
/usr/bin/python3 -c '
import csv
rows = list(csv.reader(open("rejects.csv", encoding="utf-8-sig")))
rows[1][rows[0].index("项目名称")] = "长" * 40000
csv.writer(open("long.csv", "w", encoding="utf-8")).writerows(r[:-3] for r in rows[:2])'
raw --db "$TMP"/d.db -q init
tcreg --db "$TMP"/d.db register --csv long.csv --keep-going --rejects long.xlsx
raw --db "$TMP"/d.db list --json | /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)), "contracts")'
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --force --rejects /nonexistent/dir/r.xlsx
ls
