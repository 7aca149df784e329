-- migrate-12.sql: registry schema 11 -> 12: a contract's status checked by
-- comparisons one after another instead of an IN list.  The rule is the
-- same ten states; SQLite evaluates a CHECK's IN list of more than two
-- values by building a temporary B-tree for every row it writes (2.8 us a
-- row: a tenth of a large import).  Only the table's text changes, nothing
-- on disk, so it is edited in place, as SQLite documents for CHECK
-- constraints; registry.c does it (tcreg__status_check_rewrite in
-- schema-edit.c), since the text to replace is read from the registry and
-- checked before it is changed, and the schema cookie must move.
PRAGMA user_version = 12;
