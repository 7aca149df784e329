# init creates the registry, sets the agency profile, and is idempotent
tcreg init
tcreg init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
tcreg init
tcreg init --point 02
tcreg init --region 9999
tcreg init --region 23 --point 1
tcreg audit verify
tcreg --db "$TMP"/new/dir/reg.db init
