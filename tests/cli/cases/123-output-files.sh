# Files written with -o: whole or not at all, with the mode of the file they
# replace, else the one the umask gives a new file (a cron job's report stays
# readable); the same for an Excel workbook.  {period} in the name is the
# period reported.
tcreg -q init --agency-name 黑龙江省技术市场管理办公室 --region 2300 --point 01
TCREG_NOW=2025-10-01 tcreg -q register --csv "$TESTDATA/ledger-sample.csv"
umask 022
tcreg -q report --month 2025-10 -o r.txt
stat -c '%a %n' r.txt
chmod 640 r.txt
tcreg -q report --month 2025-10 -o r.txt
stat -c '%a %n' r.txt
umask 077
tcreg -q report --month 2025-10 -o private.json
stat -c '%a %n' private.json
umask 022
tcreg -q award --compare hlj-2017 hlj-2024 --year 2025 -O xlsx -o c.xlsx
stat -c '%a %n' c.xlsx
# named for the period reported: on 2 November, "last month" is October
TCREG_NOW=2025-11-02 tcreg -q report --month last -o 'monthly-{period}.html'
TCREG_NOW=2025-11-02 tcreg report --quarter 2025-Q4 -o 'q-{period}-{period}.csv'
# nothing is left beside them
ls
