-- migrate-8.sql: registry schema 7 -> 8: registration points.  The one
-- office of `agency` becomes point 1 (same name, region, code and area), every
-- contract is filed at it, and its numbers keep their sequence, so every
-- number and certificate issued stays what it is.  The rows changed here are
-- sealed anew by tcreg right after this script (the seal covers every
-- column, point_id included).
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
INSERT INTO point(id, code, name, region, area) SELECT 1, point, name, region, area FROM agency;
DROP TABLE agency;
DELETE FROM seal WHERE tbl = 'agency';

ALTER TABLE contract ADD COLUMN point_id INTEGER NOT NULL DEFAULT 1;

CREATE TABLE reg_sequence_8 (
	point_id INTEGER NOT NULL REFERENCES point(id),
	year     INTEGER NOT NULL,
	last     INTEGER NOT NULL CHECK (last > 0),
	mac BLOB,
	PRIMARY KEY (point_id, year)
) STRICT;
INSERT INTO reg_sequence_8(point_id, year, last) SELECT 1, year, last FROM reg_sequence;
DROP TABLE reg_sequence;
ALTER TABLE reg_sequence_8 RENAME TO reg_sequence;

CREATE TABLE operator_point (
	login    TEXT NOT NULL REFERENCES operator(login),
	point_id INTEGER NOT NULL REFERENCES point(id),
	mac BLOB,
	PRIMARY KEY (login, point_id)
) STRICT;

PRAGMA user_version = 8;
