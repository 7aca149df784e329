-- migrate-10.sql: registry schema 9 -> 10: stations that work offline.  A
-- station (a registry whose point 1 is the station) writes its work since
-- its last export into a bundle (tcreg export); the province merges it
-- (tcreg merge).  These tables keep what was exported, what was merged and
-- where each merged row came from.  All are sealed (lib/trust/seal.c); they
-- start empty, so their seal starts at zero rows.
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
INSERT INTO seal(tbl, n, x) VALUES ('export_log', 0, zeroblob(16)), ('merge_log', 0, zeroblob(16)),
	('origin', 0, zeroblob(16)), ('station_audit', 0, zeroblob(16)), ('merge_conflict', 0, zeroblob(16));

PRAGMA user_version = 10;
