# a busy registry exits 75; a registry from a newer tcreg exits 78; not a registry
tcreg -q init
python3 -c "
import sqlite3, time, os
c = sqlite3.connect('$TCREG_DB', isolation_level=None)
c.execute('BEGIN IMMEDIATE')
open('locked', 'w').close()
time.sleep(3)
" &
while [ ! -e locked ]; do sleep 0.05; done
TCREG_BUSY_TIMEOUT=200 tcreg register --csv "$TESTDATA/ledger-sample.csv"
wait
python3 -c "import sqlite3; sqlite3.connect('$TCREG_DB').execute('PRAGMA user_version = 99')"
tcreg list
echo "plain text, not a database at all, long enough for sqlite to look at it......" > text.db
tcreg --db "$TMP"/text.db list
