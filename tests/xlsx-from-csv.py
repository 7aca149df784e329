#!/usr/bin/python3
# xlsx-from-csv.py IN.csv OUT.xlsx [--sheet NAME] [--extra-sheet NAME] [--group TEXT:FIRST:LAST]
#                 [--title TEXT] [--text-dates]
# The Excel twin of a CSV ledger, as a clerk's workbook looks: amounts as
# numbers, dates as real dates (date cells), region codes as numbers; with
# --title a title row merged across the columns; with --group a header of
# two rows where TEXT is merged over columns FIRST..LAST (1-based) and the
# CSV headers there lose that prefix, the others being merged down both
# rows; blank formatted rows and columns after the data.
import argparse
import csv
import datetime
import re
from decimal import Decimal

import openpyxl
from openpyxl.styles import Font

AMOUNT = re.compile(r"^[¥￥]?[0-9,]+(\.[0-9]+)?$")
DATES = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), None),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), None),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), None),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), None),
]


def value(header, text, text_dates):
    if header.endswith("日期") or header.startswith("有效期"):
        for rx, _ in DATES:
            m = rx.match(text)
            if m and not text_dates:
                return datetime.date(*map(int, m.groups()))
    if ("额" in header or "金额" in header) and AMOUNT.match(text):
        d = Decimal(text.lstrip("¥￥").replace(",", ""))
        return int(d) if d == d.to_integral_value() else float(d)
    if header.endswith("地区") and text.isdigit():
        return int(text)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("out")
    ap.add_argument("--sheet", default="Sheet1")
    ap.add_argument("--extra-sheet", action="append", default=[])
    ap.add_argument("--group")
    ap.add_argument("--title")
    ap.add_argument("--text-dates", action="store_true")
    a = ap.parse_args()
    with open(a.csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    wb = openpyxl.Workbook()
    for name in a.extra_sheet:  # sheets before the ledger's
        wb.create_sheet(name).append(["这里不是台账"])
    ws = wb.active
    ws.title = a.sheet
    wb.move_sheet(ws, offset=len(a.extra_sheet))
    wb.active = len(a.extra_sheet)
    r = 1
    if a.title:
        ws.cell(row=1, column=1, value=a.title).font = Font(bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        r = 2
    if a.group:
        text, first, last = a.group.split(":")
        first, last = int(first), int(last)
        for c, h in enumerate(header, 1):
            if first <= c <= last:
                ws.cell(row=r + 1, column=c, value=h[len(text):] if h.startswith(text) else h)
            else:
                ws.cell(row=r, column=c, value=h)
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        ws.cell(row=r, column=first, value=text)
        ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
        r += 2
    else:
        for c, h in enumerate(header, 1):
            ws.cell(row=r, column=c, value=h)
        r += 1
    for row in data:
        for c, (h, t) in enumerate(zip(header, row), 1):
            if t != "":
                ws.cell(row=r, column=c, value=value(h, t, a.text_dates))
        r += 1
    # what a spreadsheet leaves below and beside a table: formatted, empty
    for k in range(3):
        for c in range(1, len(header) + 3):
            ws.cell(row=r + k, column=c).font = Font(italic=True)
    wb.save(a.out)


main()
