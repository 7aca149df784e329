-- migrate-5.sql: registry schema 4 -> 5: registration as the rules have it.
-- The states 不予受理, 撤回 and 已在他处登记; objections (异议); the fields of
-- the national form tcreg lacked; a contract keeps the parties and the
-- agency as they were when it was registered; the area an office serves.

-- New states: only the CHECK constraint's list grows, which changes nothing
-- on disk, so the table's text is edited in place (the way SQLite documents
-- for loosening a CHECK constraint) instead of copying every contract.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'''changed'', ''cancelled'', ''revoked''))',
	'''changed'', ''cancelled'', ''revoked'', ''not_accepted'', ''withdrawn'', ''external''))')
	WHERE type = 'table' AND name = 'contract';
PRAGMA writable_schema = RESET;

-- fields of the national form (code tables in schemas/)
ALTER TABLE contract ADD COLUMN plan_source TEXT;        -- 项目计划来源
ALTER TABLE contract ADD COLUMN objective TEXT;          -- 社会经济目标
ALTER TABLE contract ADD COLUMN foreign_trade TEXT;      -- 涉外: no, import, export, yes
ALTER TABLE contract ADD COLUMN licence_mode TEXT;       -- 许可方式
ALTER TABLE contract ADD COLUMN licence_years INTEGER CHECK (licence_years > 0); -- 许可年限
ALTER TABLE contract ADD COLUMN enterprise_type TEXT;    -- the seller's 企业登记注册类型
-- the parties and the agency as they were when the contract was registered
-- (NULL until then: an undecided contract follows its parties)
ALTER TABLE contract ADD COLUMN seller_name_reg TEXT;
ALTER TABLE contract ADD COLUMN seller_uscc_reg TEXT;
ALTER TABLE contract ADD COLUMN seller_region_reg TEXT;
ALTER TABLE contract ADD COLUMN seller_nature_reg TEXT;
ALTER TABLE contract ADD COLUMN buyer_name_reg TEXT;
ALTER TABLE contract ADD COLUMN buyer_uscc_reg TEXT;
ALTER TABLE contract ADD COLUMN buyer_region_reg TEXT;
ALTER TABLE contract ADD COLUMN buyer_nature_reg TEXT;
ALTER TABLE contract ADD COLUMN agency_name_reg TEXT;
ALTER TABLE contract ADD COLUMN agency_region_reg TEXT;
ALTER TABLE contract ADD COLUMN agency_point_reg TEXT;
-- a contract registered by another office (status external): its agency
ALTER TABLE contract ADD COLUMN external_agency TEXT;

-- Contracts registered before: their certificates showed the parties and
-- the agency as they are now, so that is what they keep.
UPDATE contract SET
	seller_name_reg = (SELECT name FROM party WHERE id = seller_id),
	seller_uscc_reg = (SELECT uscc FROM party WHERE id = seller_id),
	seller_region_reg = (SELECT region FROM party WHERE id = seller_id),
	seller_nature_reg = (SELECT nature FROM party WHERE id = seller_id),
	buyer_name_reg = (SELECT name FROM party WHERE id = buyer_id),
	buyer_uscc_reg = (SELECT uscc FROM party WHERE id = buyer_id),
	buyer_region_reg = (SELECT region FROM party WHERE id = buyer_id),
	buyer_nature_reg = (SELECT nature FROM party WHERE id = buyer_id),
	agency_name_reg = (SELECT name FROM agency WHERE id = 1),
	agency_region_reg = (SELECT region FROM agency WHERE id = 1),
	agency_point_reg = (SELECT point FROM agency WHERE id = 1)
	WHERE reg_no IS NOT NULL;

-- 一次登记: a registered twin (same parties, signing date, project, amount)
-- is found through this index; partial, so imports never maintain it
CREATE INDEX contract_twin ON contract(seller_id, buyer_id, sign_date) WHERE reg_no IS NOT NULL;

-- the area the office serves: region codes separated by commas, 'all', or
-- NULL for the province of its own region
ALTER TABLE agency ADD COLUMN area TEXT;

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
	decided_by  TEXT
) STRICT;
CREATE INDEX objection_contract ON objection(contract_id);

PRAGMA user_version = 5;
