-- registry.sql: the tcreg registry schema, version 10 (a new registry is made from
-- this file; older ones are brought forward by migrate-N.sql).
-- Embedded in libtcreg at build time; this file is the single source of truth.
-- Money is INTEGER fen (分) everywhere; dates are ISO 'YYYY-MM-DD' text;
-- times are ISO 'YYYY-MM-DDTHH:MM:SS' text (from TCREG_NOW when set).

CREATE TABLE config (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	mac BLOB
) STRICT;

-- Registration points (schema 8; 合同登记点): the offices that file and
-- number contracts in this registry.  Point 1 is the registry's own office
-- (tcreg init --agency-name/--region/--point; before schema 8 the one row of
-- `agency`); a province adds its cities' points with `tcreg point add`.
-- A registration number is made of a point's region and code.
CREATE TABLE point (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL CHECK (length(code) = 2),  -- 合同登记点编号
	name        TEXT NOT NULL CHECK (name <> ''),
	region      TEXT NOT NULL CHECK (length(region) = 4),
	-- the area it serves: region codes separated by commas, 'all', or NULL
	-- for the province of its own region
	area        TEXT,
	key         TEXT,                    -- a station's public key (point add --key-file)
	disabled_at TEXT,
	created_at  TEXT,
	mac BLOB,
	UNIQUE (region, code)
) STRICT;

-- One row per legal person: keyed by 统一社会信用代码 when known, else by name.
CREATE TABLE party (
	id     INTEGER PRIMARY KEY,
	name   TEXT NOT NULL CHECK (name <> ''),
	uscc   TEXT UNIQUE CHECK (uscc IS NULL OR length(uscc) = 18),
	region TEXT NOT NULL,
	nature TEXT NOT NULL,
	mac BLOB
) STRICT;
CREATE UNIQUE INDEX party_name_nouscc ON party(name) WHERE uscc IS NULL;
CREATE INDEX party_name ON party(name);

CREATE TABLE import_batch (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('contracts', 'payments')),
	file_name   TEXT NOT NULL,
	sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
	encoding    TEXT NOT NULL,
	operator    TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	rows        INTEGER NOT NULL DEFAULT 0,
	inserted    INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL DEFAULT 0,
	unchanged   INTEGER NOT NULL DEFAULT 0,
	conflicts   INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0,
	mac BLOB
) STRICT;
CREATE INDEX import_batch_sha ON import_batch(sha256, kind);

CREATE TABLE contract (
	id               INTEGER PRIMARY KEY,
	contract_no      TEXT NOT NULL CHECK (contract_no <> ''),
	seller_id        INTEGER NOT NULL REFERENCES party(id),
	buyer_id         INTEGER NOT NULL REFERENCES party(id),
	project_name     TEXT NOT NULL CHECK (project_name <> ''),
	category         TEXT NOT NULL,
	total_amount_fen INTEGER NOT NULL CHECK (total_amount_fen >= 0),
	tech_amount_fen  INTEGER NOT NULL CHECK (tech_amount_fen BETWEEN 0 AND total_amount_fen),
	verified_tech_amount_fen INTEGER CHECK (verified_tech_amount_fen BETWEEN 0 AND total_amount_fen),
	sign_date        TEXT NOT NULL,
	valid_from       TEXT NOT NULL,
	valid_to         TEXT NOT NULL CHECK (valid_to >= valid_from),
	tech_field       TEXT NOT NULL,
	ip_type          TEXT,
	pay_method       TEXT,
	related_party    INTEGER CHECK (related_party IN (0, 1)),
	note             TEXT,
	-- one comparison after another, not IN (...): SQLite checks an IN list of
	-- more than two values by building a temporary B-tree for every row it
	-- writes (schema 12; 2.8 us a row, a tenth of an import)
	status           TEXT NOT NULL DEFAULT 'submitted' CHECK (status = 'submitted' OR
	                 status = 'needs_supplement' OR status = 'registered' OR status = 'rejected' OR
	                 status = 'changed' OR status = 'cancelled' OR status = 'revoked' OR
	                 status = 'not_accepted' OR status = 'withdrawn' OR status = 'external'),
	reg_no           TEXT,                   -- unique when set (index below)
	reg_date         TEXT,
	accept_date      TEXT NOT NULL,          -- 受理: the review clock starts here
	batch_id         INTEGER REFERENCES import_batch(id),
	batch_line       INTEGER,                -- physical line of the record in that batch's file
	entered_by       TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	track            TEXT NOT NULL DEFAULT 'normal' CHECK (track IN ('normal', 'large')),
	reason_code      TEXT,                   -- refusal or revocation reason
	status_note      TEXT,                   -- the note of the last decision
	certified_by     TEXT,                   -- who registered it
	decided_at       TEXT,                   -- when the last decision was made
	served_contract_id INTEGER REFERENCES contract(id), -- 技术中介: the deal it served
	-- fields of the national form (code tables in schemas/)
	plan_source      TEXT,                   -- 项目计划来源
	objective        TEXT,                   -- 社会经济目标
	foreign_trade    TEXT,                   -- 涉外: no, import, export, yes
	licence_mode     TEXT,                   -- 许可方式
	licence_years    INTEGER CHECK (licence_years > 0), -- 许可年限
	enterprise_type  TEXT,                   -- the seller's 企业登记注册类型
	-- the parties and the agency as they were when the contract was
	-- registered (NULL until then: an undecided contract follows its parties)
	seller_name_reg  TEXT,
	seller_uscc_reg  TEXT,
	seller_region_reg TEXT,
	seller_nature_reg TEXT,
	buyer_name_reg   TEXT,
	buyer_uscc_reg   TEXT,
	buyer_region_reg TEXT,
	buyer_nature_reg TEXT,
	agency_name_reg  TEXT,
	agency_region_reg TEXT,
	agency_point_reg TEXT,
	external_agency  TEXT,                   -- status external: the office that registered it
	mac              BLOB,                   -- the seal: HMAC of the row's content
	point_id         INTEGER NOT NULL DEFAULT 1, -- the registration point it is filed at (schema 8)
	-- the natural key; contract_no first so that it also finds a contract
	-- by its number alone
	UNIQUE (contract_no, seller_id)
) STRICT;
-- partial: a million submitted contracts put nothing in it
CREATE UNIQUE INDEX contract_reg_no ON contract(reg_no) WHERE reg_no IS NOT NULL;
-- 一次登记: a registered twin (same parties, signing date, project, amount)
-- is found through this index; partial, so imports never maintain it
CREATE INDEX contract_twin ON contract(seller_id, buyer_id, sign_date) WHERE reg_no IS NOT NULL;

-- Money actually received (实际到账). The voucher identifies a payment within its contract.
-- A payment is never edited: a correction is a reversal, a negative entry
-- naming the voucher it reverses (reverses_id), with its reason in note.
CREATE TABLE payment (
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
	mac         BLOB,
	CHECK ((amount_fen < 0) = (reverses_id IS NOT NULL)),
	UNIQUE (contract_id, voucher)
) STRICT;
CREATE INDEX payment_reverses ON payment(reverses_id) WHERE reverses_id IS NOT NULL;
-- award windows read the payments of a period (covering: no table lookups)
CREATE INDEX payment_date ON payment(pay_date, contract_id, amount_fen);

-- non-technical deductions (非技术性费用) behind a verified technology amount
CREATE TABLE deduction (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	item        TEXT NOT NULL,
	amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
	note        TEXT,
	mac BLOB
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
	recorded_at TEXT NOT NULL,
	mac BLOB
) STRICT;
CREATE INDEX review_contract ON review(contract_id);

-- the last registration number issued at each point in each year; only ever grows
CREATE TABLE reg_sequence (
	point_id INTEGER NOT NULL REFERENCES point(id),
	year     INTEGER NOT NULL,
	last     INTEGER NOT NULL CHECK (last > 0),
	mac BLOB,
	PRIMARY KEY (point_id, year)
) STRICT;

CREATE INDEX contract_status ON contract(status, accept_date);
-- Statistics and awards are by registration date.  The index covers every
-- column the report and the award engine read, so a period is one
-- sequential index range, in registration order (date, then number); it is
-- partial, so imports (which register nothing) never touch it.
CREATE INDEX contract_reg_date ON contract(reg_date, reg_no, status, category, tech_field,
	seller_id, buyer_id, ip_type, related_party, total_amount_fen, verified_tech_amount_fen,
	tech_amount_fen) WHERE reg_date IS NOT NULL;

-- Append-only trail of every change, written in the change's own transaction.
-- Each row carries a SHA-256 over its content and the previous row's hash, so
-- `tcreg audit verify` can tell an edited or deleted row.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	operator  TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id INTEGER,
	batch_id  INTEGER,
	old_value TEXT,       -- JSON, or NULL for a creation
	new_value TEXT,       -- JSON, or NULL for a deletion
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Award runs committed with `tcreg award --commit`: what was paid, under
-- which policy text, by whom.  Paid money is never edited: the award tables
-- are append-only like the audit trail (a row's seal is written once, in
-- the statement that inserts it: hence WHEN OLD.mac IS NOT NULL).
CREATE TABLE award_run (
	id            INTEGER PRIMARY KEY,
	policy        TEXT NOT NULL,
	policy_sha256 TEXT NOT NULL CHECK (length(policy_sha256) = 64),
	year          INTEGER NOT NULL,
	operator      TEXT NOT NULL,
	committed_at  TEXT NOT NULL,
	awards        INTEGER NOT NULL CHECK (awards >= 0),
	total_fen     INTEGER NOT NULL CHECK (total_fen >= 0),
	mac BLOB
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
	capped      INTEGER NOT NULL CHECK (capped IN (0, 1)),
	mac BLOB
) STRICT;
CREATE INDEX award_applicant ON award(policy, rule, year, party_id);
CREATE INDEX award_project ON award(policy, rule, project) WHERE project IS NOT NULL;
-- the contracts behind each award (a contract may be paid in several rounds,
-- on different money)
CREATE TABLE award_contract (
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	award_id    INTEGER NOT NULL REFERENCES award(id),
	mac         BLOB,
	PRIMARY KEY (policy, rule, contract_id, award_id)
) STRICT, WITHOUT ROWID;
-- the money each award counted, payment by payment: money is never counted
-- twice by one rule of one policy
CREATE TABLE award_payment (
	policy      TEXT NOT NULL,
	rule        TEXT NOT NULL,
	payment_id  INTEGER NOT NULL REFERENCES payment(id),
	award_id    INTEGER NOT NULL REFERENCES award(id),
	counted_fen INTEGER NOT NULL CHECK (counted_fen > 0),
	mac         BLOB,
	PRIMARY KEY (policy, rule, payment_id, award_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX award_payment_award ON award_payment(award_id);
CREATE INDEX award_contract_award ON award_contract(award_id);
CREATE TRIGGER award_run_no_update BEFORE UPDATE ON award_run WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_run_no_delete BEFORE DELETE ON award_run
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_no_update BEFORE UPDATE ON award WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_no_delete BEFORE DELETE ON award
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_contract_no_update BEFORE UPDATE ON award_contract WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_contract_no_delete BEFORE DELETE ON award_contract
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_payment_no_update BEFORE UPDATE ON award_payment WHEN OLD.mac IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;
CREATE TRIGGER award_payment_no_delete BEFORE DELETE ON award_payment
BEGIN SELECT RAISE(ABORT, 'committed awards are append-only'); END;

-- 异议 (DRAFT-2024 art 17): raised on a registered or rejected contract by
-- the 登记主体 or a 财政/税务 organ, then upheld or dismissed
CREATE TABLE objection (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contract(id),
	raised_by   TEXT NOT NULL CHECK (raised_by <> ''),  -- who objects (a party or an organ)
	note        TEXT NOT NULL CHECK (note <> ''),
	raised_at   TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	status_then TEXT NOT NULL,                          -- the contract's status when raised
	outcome     TEXT CHECK (outcome IN ('upheld', 'dismissed')),
	outcome_note TEXT,
	decided_at  TEXT,
	decided_by  TEXT,
	mac BLOB
) STRICT;
CREATE INDEX objection_contract ON objection(contract_id);

-- Operators (schema 6): once one exists, the acting operator is the login
-- of the Unix user running tcreg, and roles gate what each may do.
CREATE TABLE operator (
	login       TEXT PRIMARY KEY CHECK (login <> ''),
	name        TEXT NOT NULL CHECK (name <> ''),
	roles       TEXT NOT NULL,            -- comma-separated: clerk,certifier,reviewer,admin,auditor
	disabled_at TEXT,
	created_by  TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	mac         BLOB
) STRICT;

-- The points an operator works at (schema 8); an operator without one
-- works province-wide.
CREATE TABLE operator_point (
	login    TEXT NOT NULL REFERENCES operator(login),
	point_id INTEGER NOT NULL REFERENCES point(id),
	mac BLOB,
	PRIMARY KEY (login, point_id)
) STRICT;

-- The seal (schema 6): every row that matters carries `mac`, an HMAC of its
-- content made with the registry's key (PATH.key), kept by tcreg in the
-- row's own statement.  `seal` holds per table the number of rows and the
-- XOR of their MACs; `seal_state` a MAC over those and the audit head,
-- written as each transaction commits.  A row changed, added or removed
-- outside tcreg no longer matches: `tcreg audit verify` names it.
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

-- Search (tcreg search, schema 7).  Derived data, rebuilt from the tables
-- above at will, so never sealed; tcreg keeps it in each transaction that
-- changes the text it holds, in bulk as the transaction commits
-- (search-index.c).  Full-text indexes, whose bulk writes are sequential
-- (B-tree indexes on contract(seller_id) and (buyer_id), updated row by row,
-- made an import of 100,000 contracts a third slower):
--   search_project: each contract's project name (rowid = contract id);
--   search_party: each party's name (rowid = party id): a renamed party is
--     indexed again once, not once for each of its contracts;
--   search_registered: a registered contract's parties as registered, only
--     where those names are no longer the parties' own (rowid = contract);
--   search_contract_parties: each contract's parties as words s<id> b<id>:
--     the contracts of a party found by its name or credit code.
-- The trigram tokenizer finds any part of three characters or more,
-- Chinese included.  Each text indexed ends in two U+001F, so that every
-- character and pair of characters starts a trigram: one or two
-- characters are found through the terms (the *_terms tables) rather than
-- by reading every row.  The indexes keep their text (a row is forgotten
-- by its id alone) but not its length (columnsize = 0: tcreg ranks by the
-- tables' own text).  Numbers and credit codes need nothing more:
-- contract_no, reg_no and uscc are indexed above.
CREATE VIRTUAL TABLE search_project USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_party USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_registered USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_contract_parties USING fts5(text, columnsize = 0, detail = none);
CREATE VIRTUAL TABLE search_project_terms USING fts5vocab(search_project, 'row');
CREATE VIRTUAL TABLE search_party_terms USING fts5vocab(search_party, 'row');
CREATE VIRTUAL TABLE search_registered_terms USING fts5vocab(search_registered, 'row');

-- Report rollups (tcreg report, schema 9).  Derived data, like the search
-- indexes: what tcreg report counts, summed by month, registration point,
-- dimension and key, so that a report reads a few thousand rows instead of
-- every contract of its windows.  Never sealed: the contracts they are
-- summed from are, and 'tcreg report --check' sums them again and names
-- each difference; 'tcreg report --rebuild' makes them anew (rollup.c).
-- tcreg keeps them in the transaction of each change to a contract or a
-- party (temporary triggers, this connection's, like the seal's); rows
-- written outside tcreg are not counted until a rebuild.
--   month: 'YYYY-MM' of reg_date; point_id: the registration point;
--   dim and key (rollup.c): of a registered or changed contract, 'cat'
--     (category:licence of 5 years or more), 'field', 'snat', 'bnat'
--     (natures), 'region' (seller>buyer region), 'ip', 'plan', 'obj'
--     ('=' and the code, or '' when none), 'point' (point U+001F agency
--     name as registered) and 'related' ('1'); 'inactive' ('') for a
--     cancelled or revoked one, 'external' (the seller's region) for one
--     registered by another office;
--   n, total_fen, tech_fen: how many contracts, their amounts and their
--     technology amounts (verified when verified).  A row with n = 0 is
--     deleted.
CREATE TABLE report_rollup (
	month     TEXT NOT NULL,
	point_id  INTEGER NOT NULL,
	dim       TEXT NOT NULL,
	key       TEXT NOT NULL,
	n         INTEGER NOT NULL,
	total_fen INTEGER NOT NULL,
	tech_fen  INTEGER NOT NULL,
	PRIMARY KEY (month, point_id, dim, key)
) WITHOUT ROWID;
-- the contracts of a buyer whose region or nature changes (a seller's are
-- found through contract_twin); partial, so imports never maintain it
CREATE INDEX contract_buyer_reg ON contract(buyer_id) WHERE reg_no IS NOT NULL;

-- Stations that work offline (schema 10; migrate-10.sql says more): exports
-- made, exports merged, where each merged row came from, the stations' audit
-- records, and the contracts held as filed twice.
CREATE TABLE export_log (
	seq         INTEGER PRIMARY KEY,          -- the station's export number, 1, 2, ...
	audit_from  INTEGER NOT NULL,             -- audit ids (audit_from, audit_to] carried
	audit_to    INTEGER NOT NULL,
	prev_hash   TEXT NOT NULL,                -- the hash of export seq - 1
	hash        TEXT NOT NULL CHECK (length(hash) = 64),
	file_name   TEXT NOT NULL,
	contracts   INTEGER NOT NULL,
	exported_at TEXT NOT NULL,
	exported_by TEXT NOT NULL,
	mac BLOB
) STRICT;
CREATE TABLE merge_log (
	id          INTEGER PRIMARY KEY,
	point_id    INTEGER NOT NULL REFERENCES point(id),
	seq         INTEGER NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL CHECK (length(hash) = 64),
	audit_to    INTEGER NOT NULL,
	audit_head  TEXT NOT NULL,                -- the station's audit head at export
	signed      INTEGER NOT NULL CHECK (signed IN (0, 1)),
	file_name   TEXT NOT NULL,
	contracts   INTEGER NOT NULL,
	conflicts   INTEGER NOT NULL,
	merged_at   TEXT NOT NULL,
	merged_by   TEXT NOT NULL,
	mac BLOB,
	UNIQUE (point_id, seq)
) STRICT;
-- provenance: the station's row id behind each merged row
CREATE TABLE origin (
	tbl       TEXT NOT NULL,
	point_id  INTEGER NOT NULL REFERENCES point(id),
	remote_id INTEGER NOT NULL,
	local_id  INTEGER NOT NULL,
	merge_id  INTEGER NOT NULL REFERENCES merge_log(id),
	mac BLOB,
	PRIMARY KEY (tbl, point_id, remote_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX origin_local ON origin(tbl, local_id);
-- the stations' audit records, as carried (their chain is checked link by link)
CREATE TABLE station_audit (
	point_id  INTEGER NOT NULL REFERENCES point(id),
	id        INTEGER NOT NULL,
	at        TEXT NOT NULL,
	operator  TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id INTEGER,
	batch_id  INTEGER,
	old_value TEXT,
	new_value TEXT,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL,
	merge_id  INTEGER NOT NULL REFERENCES merge_log(id),
	mac BLOB,
	PRIMARY KEY (point_id, id)
) STRICT, WITHOUT ROWID;
-- 一次登记 across offices: a contract carried by a station that is filed
-- already at another point is held here, not merged, until the province
-- decides (tcreg merge --resolve)
CREATE TABLE merge_conflict (
	id          INTEGER PRIMARY KEY,
	merge_id    INTEGER NOT NULL REFERENCES merge_log(id),
	point_id    INTEGER NOT NULL REFERENCES point(id),
	remote_id   INTEGER NOT NULL,
	contract_no TEXT NOT NULL,
	reg_no      TEXT,
	reg_date    TEXT,                       -- the held number's year is told by it
	twin_id     INTEGER NOT NULL REFERENCES contract(id),
	merged_id   INTEGER REFERENCES contract(id),   -- NULL: held out (same number)
	rule        TEXT NOT NULL CHECK (rule IN ('same_number', 'same_parties')),
	outcome     TEXT CHECK (outcome IN ('revoked', 'kept')),
	reason_code TEXT,
	note        TEXT,
	decided_by  TEXT,
	decided_at  TEXT,
	mac BLOB,
	UNIQUE (point_id, remote_id)
) STRICT;
PRAGMA user_version = 12;
