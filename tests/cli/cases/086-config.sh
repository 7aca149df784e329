# the office's settings
tcreg config
tcreg config review_days
# only init makes a registry at a path given by --db or TCREG_DB
tcreg config review_days 20
raw -q init
tcreg config review_days 20
tcreg config review_days 0
tcreg config large_threshold 300万元
tcreg config large_threshold 12.5
tcreg config allow_single_clerk maybe
tcreg config colour red
tcreg config
tcreg audit verify
