# an unknown option after the command is a usage error, as before; so is a
# global option without its value
raw -q init
tcreg list --bogus
tcreg list -Z
tcreg list --status registered --db
tcreg certify 1 --accept --note
tcreg point list --bogus
tcreg --bogus list
# after "--" nothing is an option, global or not
tcreg list --status registered -- -q
