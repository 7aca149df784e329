#!/bin/sh
# render-cjk.sh TCREG LEDGER - the certificate and the monthly report, laid
# out by headless Chromium with the fonts .ci/deps installs, show their
# Chinese text: every distinct Chinese character on each page is drawn in
# the page's own font and compared with the box a missing glyph becomes
# (tofu); none may be one.  Also screenshots the A4 certificate.
set -u
tcreg=$1
ledger=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-cjk-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TCREG_DB="$work/reg.db" TCREG_NOW=2026-10-01 TCREG_OPERATOR=clerk1
fail() { echo "FAIL: $*"; exit 1; }
chrome=$(command -v chromium || command -v chromium-browser) || fail "chromium is not installed (apt-get install chromium)"
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || fail "no Chinese font is installed (apt-get install fonts-noto-cjk)"
"$tcreg" -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01 || fail init
"$tcreg" -q register --csv "$ledger" || fail register
TCREG_OPERATOR=clerk2 "$tcreg" -q certify 1 --accept --deduct equipment=100000 >/dev/null 2>&1 || fail accept
"$tcreg" -q certify 1 --certificate -O html -o "$work/cert.html" || fail certificate
"$tcreg" -q report --month 2026-10 -o "$work/report.html" || fail report

# the probe: each distinct CJK character of the page, in the page's own
# font, against the glyph of a character no font has (U+10FFFD)
cat >"$work/probe.js" <<'JS'
(function () {
  var font = getComputedStyle(document.body).fontFamily;
  var c = document.createElement("canvas");
  c.width = 64; c.height = 64;
  var g = c.getContext("2d");
  function draw(ch) {
    g.clearRect(0, 0, 64, 64);
    g.font = "48px " + font;
    g.fillStyle = "#000";
    g.fillText(ch, 4, 52);
    var d = g.getImageData(0, 0, 64, 64).data, s = "";
    for (var i = 3; i < d.length; i += 4) s += d[i] > 127 ? "1" : "0";
    return s;
  }
  var tofu = draw("\u{10FFFD}");
  var seen = {}, chars = [], missing = [];
  var text = document.body.innerText;
  for (var k = 0; k < text.length; k++) {
    var ch = text[k];
    if (/[\u4e00-\u9fff]/.test(ch) && !seen[ch]) { seen[ch] = 1; chars.push(ch); }
  }
  chars.forEach(function (ch) { if (draw(ch) === tofu) missing.push(ch); });
  var p = document.createElement("pre");
  p.id = "cjk-probe";
  p.textContent = "chars=" + chars.length + " missing=" + missing.join("") + " font=" + font;
  document.body.appendChild(p);
})();
JS
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
 --disable-background-networking --disable-component-update --disable-sync \
 --user-data-dir=$work/profile"
for page in cert report; do
	{ sed 's|</body>||; s|</html>||' "$work/$page.html"; printf '<script>'; cat "$work/probe.js"; printf '</script>\n</body>\n</html>\n'; } >"$work/$page-probe.html"
	timeout 120 "$chrome" $flags --dump-dom "file://$work/$page-probe.html" >"$work/$page.dom" 2>/dev/null
	probe=$(sed -n 's/.*<pre id="cjk-probe">\([^<]*\)<.*/\1/p' "$work/$page.dom")
	[ -n "$probe" ] || fail "$page: the probe did not run"
	chars=$(echo "$probe" | sed 's/^chars=\([0-9]*\).*/\1/')
	missing=$(echo "$probe" | sed 's/.* missing=\([^ ]*\) font=.*/\1/')
	[ "$chars" -ge 20 ] || fail "$page: only $chars Chinese characters on the page ($probe)"
	[ -z "$missing" ] || fail "$page: drawn as missing-glyph boxes: $missing ($probe)"
	echo "ok: $page: $chars distinct Chinese characters, none a missing-glyph box"
done
# the certificate on A4, as it would print
timeout 120 "$chrome" $flags --window-size=794,1123 --screenshot="$work/cert.png" "file://$work/cert.html" >/dev/null 2>&1
[ "$(head -c 8 "$work/cert.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "no certificate screenshot"
cp "$work/cert.png" "${RENDER_KEEP:-/dev/null}" 2>/dev/null || true
echo "ok: certificate rendered at A4 (794x1123)"
