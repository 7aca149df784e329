-- migrate-4.sql: registry schema 3 -> 4: the money (issue "the money must be
-- right").  Payments may be reversed, never edited; committed award runs
-- record the money they counted, so that money, not contracts, is never
-- paid twice; a 技术中介 contract may name the deal it served.  The C side
-- of the migration (lib/migrate.c) then corrects verified amounts above the
-- declared technology amount, each with its audit record.

-- a reversal is a negative entry naming the voucher it reverses
CREATE TABLE payment_v4 (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	pay_date    TEXT NOT NULL,
	amount_fen  INTEGER NOT NULL CHECK (amount_fen <> 0),
	voucher     TEXT NOT NULL CHECK (voucher <> ''),
	batch_id    INTEGER REFERENCES import_batch(id),
	batch_line  INTEGER,
	entered_by  TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	reverses_id INTEGER REFERENCES payment(id),
	note        TEXT,
	CHECK ((amount_fen < 0) = (reverses_id IS NOT NULL)),
	UNIQUE (contract_id, voucher)
) STRICT;
INSERT INTO payment_v4(id, contract_id, pay_date, amount_fen, voucher, batch_id, batch_line,
	entered_by, created_at)
	SELECT id, contract_id, pay_date, amount_fen, voucher, batch_id, batch_line, entered_by,
	       created_at FROM payment;
DROP TABLE payment;
ALTER TABLE payment_v4 RENAME TO payment;
CREATE INDEX payment_date ON payment(pay_date, contract_id, amount_fen);
CREATE INDEX payment_reverses ON payment(reverses_id) WHERE reverses_id IS NOT NULL;

-- the registered deal a 技术中介 contract served (所服务合同)
ALTER TABLE contract ADD COLUMN served_contract_id INTEGER REFERENCES contract(id);

-- a contract may be paid in several rounds (on different money)
DROP TRIGGER award_contract_no_update;
DROP TRIGGER award_contract_no_delete;
CREATE TABLE award_contract_v4 (
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	award_id    INTEGER NOT NULL REFERENCES award(id),
	PRIMARY KEY (policy, rule, contract_id, award_id)
) STRICT, WITHOUT ROWID;
INSERT INTO award_contract_v4 SELECT policy, rule, contract_id, award_id FROM award_contract;
DROP TABLE award_contract;
ALTER TABLE award_contract_v4 RENAME TO award_contract;
CREATE TRIGGER award_contract_no_update BEFORE UPDATE ON award_contract
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_contract_no_delete BEFORE DELETE ON award_contract
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;

-- the money each committed award counted: payment by payment
CREATE TABLE award_payment (
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	payment_id  INTEGER NOT NULL REFERENCES payment(id),
	award_id    INTEGER NOT NULL REFERENCES award(id),
	counted_fen INTEGER NOT NULL CHECK (counted_fen > 0),
	PRIMARY KEY (policy, rule, payment_id, award_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX award_payment_award ON award_payment(award_id);
CREATE TRIGGER award_payment_no_update BEFORE UPDATE ON award_payment
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_payment_no_delete BEFORE DELETE ON award_payment
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;

-- Runs committed by earlier versions recorded contracts, not money.  So that
-- nothing they paid can be paid again, every payment of a contract they paid
-- that had arrived by the day of the commit counts as counted, in full (the
-- most they can have counted).
INSERT INTO award_payment(policy, rule, payment_id, award_id, counted_fen)
	SELECT ac.policy, ac.rule, p.id, ac.award_id, p.amount_fen
	FROM award_contract ac
	JOIN award a ON a.id = ac.award_id
	JOIN award_run r ON r.id = a.run_id
	JOIN payment p ON p.contract_id = ac.contract_id
	WHERE p.amount_fen > 0 AND p.pay_date <= substr(r.committed_at, 1, 10);

PRAGMA user_version = 4;
