# the rejects file is written as -o is: put in place only for a saved batch,
# private (0600), replacing a symlink at the destination, never following it
umask 022
tcreg -q init
echo "someone else's file" > target.csv
ln -s target.csv rejects.csv
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --rejects rejects.csv
tcreg register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --dry-run --rejects rejects.csv
stat -c '%A %n' rejects.csv
tcreg -q register --csv "$TESTDATA/ledgers/errors.csv" --keep-going --rejects rejects.csv
stat -c '%A %F %n' rejects.csv reg.db
cat target.csv
grep -c '^E-' rejects.csv
ls
