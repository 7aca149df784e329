# help, version, usage errors
raw -q init # only init creates a registry at $TCREG_DB
tcreg --version
tcreg --help
tcreg
tcreg regster
tcreg frobnicate
tcreg --bogus list
tcreg register --help
tcreg register --bogus
tcreg register --encoding
tcreg register --encoding latin1 --csv x.csv
tcreg register
tcreg register --csv a.csv --payments b.csv
tcreg list --status weird
tcreg list --from 2025-02-30
tcreg show
tcreg help register
