-- migrate-7.sql: registry schema 6 -> 7: tcreg search.  The same text as
-- registry.sql's, so that a migrated registry and a new one are alike.
-- The indexes are derived data (see registry.sql): tcreg fills them from
-- the tables right after this script (tcreg__search_rebuild), once; on a
-- million contracts that takes a while.
CREATE VIRTUAL TABLE search_project USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_party USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_registered USING fts5(text, tokenize = 'trigram', columnsize = 0);
CREATE VIRTUAL TABLE search_contract_parties USING fts5(text, columnsize = 0, detail = none);
CREATE VIRTUAL TABLE search_project_terms USING fts5vocab(search_project, 'row');
CREATE VIRTUAL TABLE search_party_terms USING fts5vocab(search_party, 'row');
CREATE VIRTUAL TABLE search_registered_terms USING fts5vocab(search_registered, 'row');

PRAGMA user_version = 7;
