#!/bin/sh
# render-report.sh TCREG LEDGER - render an HTML report in headless Chromium:
# it must lay out to a PNG, and the rendered page must hold the three charts
# with their bars and the trend line.  Needs Debian's chromium (.ci/deps).
set -u
tcreg=$1
ledger=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-render-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-10-01 TCREG_OPERATOR=clerk1
fail() { echo "FAIL: $*"; exit 1; }
chrome=$(command -v chromium || command -v chromium-browser) || fail "chromium is not installed (apt-get install chromium)"
"$tcreg" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01 || fail init
"$tcreg" -q register --csv "$ledger" || fail register
for id in 1 2 3 4 5 6 8 9 10 11; do
	TCREG_OPERATOR=clerk2 "$tcreg" -q certify "$id" --accept >/dev/null 2>&1 || fail "accept $id"
done
"$tcreg" -q report --month 2026-10 -o "$work/r.html" || fail report
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
 --disable-background-networking --disable-component-update --disable-sync \
 --user-data-dir=$work/profile --window-size=900,2400"
timeout 120 "$chrome" $flags --screenshot="$work/r.png" "file://$work/r.html" >/dev/null 2>&1
[ -s "$work/r.png" ] || fail "no screenshot"
[ "$(head -c 8 "$work/r.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "not a PNG"
timeout 120 "$chrome" $flags --dump-dom "file://$work/r.html" >"$work/dom.html" 2>/dev/null
python3 - "$work/dom.html" "$work/r.png" <<'PY' || exit 1
import re, struct, sys, zlib
dom = open(sys.argv[1], encoding="utf-8").read()
for chart in ("chart-category", "chart-field", "trend"):
    m = re.search(r'<svg id="%s".*?</svg>' % chart, dom, re.S)
    if not m:
        sys.exit("FAIL: chart %s missing from the rendered page" % chart)
    bars = re.findall(r'<rect class="bar"[^>]*width="(\d+)"', m.group(0))
    if not bars or max(int(b) for b in bars) == 0:
        sys.exit("FAIL: chart %s has no bars" % chart)
if '<polyline class="amount"' not in dom:
    sys.exit("FAIL: the trend has no amount line")
# the screenshot is not blank: its pixels take more than a few values
png = open(sys.argv[2], "rb").read()
w, h = struct.unpack(">II", png[16:24])
data = b"".join(png[i + 8:i + 8 + struct.unpack(">I", png[i:i + 4])[0]]
                for i in [m.start() - 4 for m in re.finditer(b"IDAT", png)])
raw = zlib.decompress(data)
colours = len(set(raw[i:i + 3] for i in range(1, min(len(raw), 4000000), 97)))
if colours < 20:
    sys.exit("FAIL: the screenshot looks blank (%d colours)" % colours)
print("ok: rendered %dx%d, charts present with bars and the trend line" % (w, h))
PY
cp "$work/r.png" "${RENDER_KEEP:-/dev/null}" 2>/dev/null || true
