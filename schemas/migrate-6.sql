-- migrate-6.sql: registry schema 5 -> 6: a registry that cannot lie.
-- Every row that matters carries a MAC of its content made with the
-- registry's key (PATH.key); `seal` keeps, per table, the count of rows and
-- the XOR of their MACs, and `seal_state` a MAC over those and the audit
-- head, so `tcreg audit verify` names a row changed, added or removed
-- outside tcreg.  The MACs of the rows already here are computed by tcreg
-- right after this script (it has the key; SQL does not), and that act is
-- itself an audit record.  Operators and their roles arrive too.
ALTER TABLE config ADD COLUMN mac BLOB;
ALTER TABLE agency ADD COLUMN mac BLOB;
ALTER TABLE party ADD COLUMN mac BLOB;
ALTER TABLE import_batch ADD COLUMN mac BLOB;
ALTER TABLE contract ADD COLUMN mac BLOB;
ALTER TABLE payment ADD COLUMN mac BLOB;
ALTER TABLE deduction ADD COLUMN mac BLOB;
ALTER TABLE review ADD COLUMN mac BLOB;
ALTER TABLE reg_sequence ADD COLUMN mac BLOB;
ALTER TABLE award_run ADD COLUMN mac BLOB;
ALTER TABLE award ADD COLUMN mac BLOB;
ALTER TABLE award_contract ADD COLUMN mac BLOB;
ALTER TABLE award_payment ADD COLUMN mac BLOB;
ALTER TABLE objection ADD COLUMN mac BLOB;

-- the append-only award tables let the seal be written once, in the
-- statement that inserts a row
DROP TRIGGER award_run_no_update;
CREATE TRIGGER award_run_no_update BEFORE UPDATE ON award_run WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
DROP TRIGGER award_no_update;
CREATE TRIGGER award_no_update BEFORE UPDATE ON award WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
DROP TRIGGER award_contract_no_update;
CREATE TRIGGER award_contract_no_update BEFORE UPDATE ON award_contract WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
DROP TRIGGER award_payment_no_update;
CREATE TRIGGER award_payment_no_update BEFORE UPDATE ON award_payment WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;

CREATE TABLE operator (
	login       TEXT PRIMARY KEY CHECK (login <> ''),
	name        TEXT NOT NULL CHECK (name <> ''),
	roles       TEXT NOT NULL,            -- comma-separated: clerk,certifier,reviewer,admin,auditor
	disabled_at TEXT,
	created_by  TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	mac         BLOB
) STRICT;

CREATE TABLE seal (
	tbl TEXT PRIMARY KEY,
	n   INTEGER NOT NULL,
	x   BLOB
) STRICT;
CREATE TABLE seal_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	audit_id   INTEGER NOT NULL,
	audit_hash TEXT NOT NULL,
	mac        BLOB NOT NULL
) STRICT;

PRAGMA user_version = 6;
