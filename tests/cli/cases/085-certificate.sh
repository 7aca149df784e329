# the certificate as text, HTML and JSON; a cancelled one says so first
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
export TCREG_OPERATOR=clerk2
tcreg -q certify HGC-2025-020 --accept --deduct 'instrument=150000:检测仪器一台'
tcreg certify HGC-2025-020 --certificate
tcreg certify HGC-2025-020 --certificate -O json
tcreg certify HGC-2025-020 --certificate -o cert.html
cat cert.html
python3 -c "import xml.dom.minidom as m; m.parse('cert.html'); print('well-formed')"
tcreg -q certify HGC-2025-020 --cancel --reason 合同解除
tcreg certify HGC-2025-020 --certificate
tcreg certify HGC-2025-011 --certificate
tcreg certify HGC-2025-020 --certificate -O pdf
tcreg certify HGC-2025-020 --certificate -o /nonexistent/dir/c.html
