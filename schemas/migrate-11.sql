-- migrate-11.sql: registry schema 10 -> 11: an award's contracts found by
-- the award.  The award history lists each award with its contracts; the
-- table's key begins with (policy, rule, contract_id), so without this
-- index every award scanned the whole table (a history of 50,000 awards
-- took minutes).  An index holds no data of its own: nothing to seal.
CREATE INDEX award_contract_award ON award_contract(award_id);

PRAGMA user_version = 11;
