-- migrate-2.sql: registry schema 1 -> 2: recognition and registration (certify).
ALTER TABLE contract ADD COLUMN track TEXT NOT NULL DEFAULT 'normal' CHECK (track IN ('normal', 'large'));
ALTER TABLE contract ADD COLUMN reason_code TEXT;      -- refusal or revocation reason
ALTER TABLE contract ADD COLUMN status_note TEXT;      -- the note of the last decision
ALTER TABLE contract ADD COLUMN certified_by TEXT;     -- who registered it
ALTER TABLE contract ADD COLUMN decided_at TEXT;       -- when the last decision was made

-- non-technical deductions (非技术性费用) behind a verified technology amount
CREATE TABLE deduction (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	item        TEXT NOT NULL,
	amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
	note        TEXT
) STRICT;
CREATE INDEX deduction_contract ON deduction(contract_id);

-- expert reviews of large contracts (大额技术合同)
CREATE TABLE review (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	expert      TEXT NOT NULL CHECK (expert <> ''),
	review_date TEXT NOT NULL,
	opinion     TEXT NOT NULL CHECK (opinion <> ''),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX review_contract ON review(contract_id);

-- the last registration number issued in each year; only ever grows
CREATE TABLE reg_sequence (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL CHECK (last > 0)
) STRICT;

CREATE INDEX contract_status ON contract(status, accept_date);
-- Statistics are by registration date.  The index covers every column the
-- report reads, so a period is one sequential index range; it is partial, so
-- imports (which register nothing) never touch it.
CREATE INDEX contract_reg_date ON contract(reg_date, status, category, tech_field, seller_id,
	buyer_id, ip_type, related_party, total_amount_fen, verified_tech_amount_fen,
	tech_amount_fen) WHERE reg_date IS NOT NULL;
CREATE INDEX audit_at ON audit(at);

PRAGMA user_version = 2;
