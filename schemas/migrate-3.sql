-- migrate-3.sql: registry schema 2 -> 3: committed award runs (tcreg award --commit),
-- and the indexes the award engine reads through.
DROP INDEX contract_reg_date;
CREATE INDEX contract_reg_date ON contract(reg_date, reg_no, status, category, tech_field,
	seller_id, buyer_id, ip_type, related_party, total_amount_fen, verified_tech_amount_fen,
	tech_amount_fen) WHERE reg_date IS NOT NULL;
CREATE INDEX payment_date ON payment(pay_date, contract_id, amount_fen);
-- Award runs committed with `tcreg award --commit`: what was paid, under
-- which policy text, by whom.  Paid money is never edited: the award tables
-- are append-only like the audit trail.
CREATE TABLE award_run (
	id            INTEGER PRIMARY KEY,
	policy        TEXT NOT NULL,
	policy_sha256 TEXT NOT NULL CHECK (length(policy_sha256) = 64),
	year          INTEGER NOT NULL,
	operator      TEXT NOT NULL,
	committed_at  TEXT NOT NULL,
	awards        INTEGER NOT NULL CHECK (awards >= 0),
	total_fen     INTEGER NOT NULL CHECK (total_fen >= 0)
) STRICT;
CREATE TABLE award (
	id          INTEGER PRIMARY KEY,
	run_id      INTEGER NOT NULL REFERENCES award_run(id),
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	year        INTEGER NOT NULL,
	role        TEXT NOT NULL,
	party_id    INTEGER REFERENCES party(id),  -- NULL for the registration agency
	applicant   TEXT NOT NULL,
	unit        TEXT NOT NULL,
	project     TEXT,                          -- for lifetime caps per project
	base_fen    INTEGER NOT NULL CHECK (base_fen >= 0),
	award_fen   INTEGER NOT NULL CHECK (award_fen >= 0),
	capped      INTEGER NOT NULL CHECK (capped IN (0, 1))
) STRICT;
CREATE INDEX award_applicant ON award(policy, rule, year, party_id);
CREATE INDEX award_project ON award(policy, rule, project) WHERE project IS NOT NULL;
-- the contracts behind each award: one contract is paid once per policy rule
CREATE TABLE award_contract (
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	award_id    INTEGER NOT NULL REFERENCES award(id),
	PRIMARY KEY (policy, rule, contract_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER award_run_no_update BEFORE UPDATE ON award_run
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_run_no_delete BEFORE DELETE ON award_run
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_no_update BEFORE UPDATE ON award
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_no_delete BEFORE DELETE ON award
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_contract_no_update BEFORE UPDATE ON award_contract
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_contract_no_delete BEFORE DELETE ON award_contract
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
PRAGMA user_version = 3;
