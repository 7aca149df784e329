-- migrate-9.sql: registry schema 8 -> 9: report rollups.  The same text as
-- registry.sql's, so that a migrated registry and a new one are alike.
-- tcreg fills them from the contracts right after this script
-- (tcreg__rollup_rebuild), once.
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

PRAGMA user_version = 9;
