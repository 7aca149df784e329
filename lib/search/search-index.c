/* SPDX-License-Identifier: MIT
 * search-index.c - keeping the search indexes of registry.sql (schema 7)
 * in step with the data, in the same transactions.
 *
 * Indexing row by row is what made the first search too costly for imports:
 * FTS5 writes out the terms it holds at every savepoint (each statement of a
 * transaction that may have to be undone), so an import of 100,000
 * contracts wrote 100,000 small index segments.  Here a transaction's new
 * contracts and parties are simply those above the highest id each index
 * holds, and temporary triggers (this connection's, like the seal's) note
 * in a temporary table only the rows whose text changed; as the
 * transaction commits, tcreg__search_flush indexes them all in a handful of
 * statements, each writing its segment once.  A rolled-back transaction
 * takes its notes with it.  The indexes keep their text, so a row is
 * forgotten by its id, whatever happened to the tables meanwhile.
 * Registered contracts keep their parties' names as they were; where those
 * are no longer the parties' own (a party renamed since) they are indexed
 * too: for each registered contract changed, and each contract of a party
 * renamed, in the transaction.
 */
#include "tcreg-private.h"

/* What is indexed, the same for the notes, the flush and the rebuild.  The
 * two U+001F after each text give every character and pair of characters
 * a trigram of their own (search.c finds one or two characters through
 * them); no query holds U+001F, so they match nothing else. */
#define END " || char(31, 31)"
#define PROJECT_TEXT(x) x ".project_name" END
#define PARTY_TEXT(x) x ".name" END
/* a contract's parties as two words, s<seller id> and b<buyer id> */
#define PARTIES_TEXT(s, b) "'s' || " s " || ' b' || " b
/* the names as registered that the parties no longer have; c, s and b are
 * the contract, its seller and its buyer */
#define REGISTERED_TEXT                                                                         \
	"coalesce(CASE WHEN c.seller_name_reg <> s.name THEN c.seller_name_reg" END " END, '') " \
	"|| coalesce(CASE WHEN c.buyer_name_reg <> b.name THEN c.buyer_name_reg" END " END, '')"
#define REGISTERED_DIFFERS "(c.seller_name_reg <> s.name OR c.buyer_name_reg <> b.name)"
#define PARTIES_OF_C "JOIN main.party s ON s.id = c.seller_id JOIN main.party b ON b.id = c.buyer_id "

/* A row whose text changed, or that went, noted once per transaction:
 * kind 0, a contract (its project, its parties, its names as registered),
 * 1, a party.  Rows added need no note: they are those above the highest
 * id an index holds (rowids only grow; tcreg never removes a contract or a
 * party), found so even when added by someone else.  (NOT EXISTS rather
 * than OR IGNORE: an OR clause of the statement that fires a trigger
 * overrides the trigger's own.) */
#define NOTE(k)                                                                                  \
	"INSERT INTO search_dirty(kind, id) SELECT " k ", OLD.id WHERE NOT EXISTS "              \
	"(SELECT 1 FROM search_dirty WHERE kind = " k " AND id = OLD.id); END;\n"
static const char install_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS search_dirty(kind INTEGER NOT NULL, id INTEGER NOT NULL, "
	"PRIMARY KEY (kind, id)) WITHOUT ROWID;\n"
	"CREATE TEMP TABLE IF NOT EXISTS search_touched(id INTEGER PRIMARY KEY);\n"
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_search_contract_u AFTER UPDATE OF project_name, seller_id, "
	"buyer_id, seller_name_reg, buyer_name_reg ON main.contract BEGIN " NOTE("0")
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_search_contract_d AFTER DELETE ON main.contract BEGIN " NOTE("0")
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_search_party_u AFTER UPDATE OF name ON main.party BEGIN " NOTE("1")
	"CREATE TEMP TRIGGER IF NOT EXISTS tcreg_search_party_d AFTER DELETE ON main.party BEGIN " NOTE("1");
#undef NOTE

/* The highest id each index holds, then the highest contract and party. */
static const char highest_sql[] =
	"SELECT coalesce((SELECT max(id) FROM main.search_project_content), 0), "
	"coalesce((SELECT max(id) FROM main.search_contract_parties_content), 0), "
	"coalesce((SELECT max(id) FROM main.search_party_content), 0), "
	"coalesce((SELECT max(id) FROM main.contract), 0), coalesce((SELECT max(id) FROM main.party), 0), "
	"EXISTS (SELECT 1 FROM temp.search_dirty)";

/* The flush, with ?1, ?2, ?3 the highest ids search_project,
 * search_contract_parties and search_party held when it began.  Each index
 * forgets the rows noted (by rowid: it keeps their text), then takes them
 * again with the rows added.  Rows go in in rowid order: FTS5 writes out
 * what it holds whenever a rowid is not above the last one (and the
 * party_name index would give name order). */
#define FORGET(idx, k) "DELETE FROM main." idx " WHERE rowid IN (SELECT id FROM temp.search_dirty WHERE kind = " k ");\n"
#define INDEX(idx, text, table, k, wm)                                                                          \
	"INSERT INTO main." idx "(rowid, text) SELECT x.id, " text " FROM (SELECT id FROM temp.search_dirty "       \
	"WHERE kind = " k " AND id <= " wm ") d JOIN main." table " x ON x.id = d.id ORDER BY x.id;\n"             \
	"INSERT INTO main." idx "(rowid, text) SELECT x.id, " text " FROM main." table " x WHERE x.id > " wm         \
	" ORDER BY x.id;\n"
static const char flush_sql[] =
	FORGET("search_project", "0")
	FORGET("search_contract_parties", "0")
	FORGET("search_party", "1")
	INDEX("search_project", PROJECT_TEXT("x"), "contract", "0", "?1")
	INDEX("search_contract_parties", PARTIES_TEXT("x.seller_id", "x.buyer_id"), "contract", "0", "?2")
	INDEX("search_party", PARTY_TEXT("x"), "party", "1", "?3")
	/* names as registered: a contract added is not registered (yet); one
	 * changed may be, and so may the contracts of a party renamed */
	"INSERT OR IGNORE INTO temp.search_touched SELECT id FROM temp.search_dirty WHERE kind = 0;\n"
	"INSERT OR IGNORE INTO temp.search_touched SELECT f.rowid FROM temp.search_dirty d "
	"JOIN main.search_contract_parties f ON f.search_contract_parties MATCH ('s' || d.id || ' OR b' || d.id) "
	"WHERE d.kind = 1;\n"
	"DELETE FROM main.search_registered WHERE rowid IN (SELECT id FROM temp.search_touched);\n"
	"INSERT INTO main.search_registered(rowid, text) SELECT c.id, " REGISTERED_TEXT
	" FROM temp.search_touched t JOIN main.contract c ON c.id = t.id " PARTIES_OF_C "WHERE " REGISTERED_DIFFERS
	" ORDER BY c.id;\n"
	"DELETE FROM temp.search_touched;\n"
	"DELETE FROM temp.search_dirty;\n";
#undef FORGET
#undef INDEX

/* Empty the indexes and fill them from the tables: once, on the new and
 * empty indexes of a migration (emptying a large one row by row would be
 * slow); and in the unit test that compares them with what the flushes
 * made. */
static const char rebuild_sql[] =
	"DELETE FROM main.search_project;\n"
	"DELETE FROM main.search_contract_parties;\n"
	"DELETE FROM main.search_party;\n"
	"DELETE FROM main.search_registered;\n"
	"INSERT INTO main.search_project(rowid, text) SELECT c.id, " PROJECT_TEXT("c")
	" FROM main.contract c ORDER BY c.id;\n"
	"INSERT INTO main.search_contract_parties(rowid, text) SELECT c.id, " PARTIES_TEXT("c.seller_id", "c.buyer_id")
	" FROM main.contract c ORDER BY c.id;\n"
	"INSERT INTO main.search_party(rowid, text) SELECT p.id, " PARTY_TEXT("p") " FROM main.party p ORDER BY p.id;\n"
	"INSERT INTO main.search_registered(rowid, text) SELECT c.id, " REGISTERED_TEXT
	" FROM main.contract c " PARTIES_OF_C "WHERE " REGISTERED_DIFFERS " ORDER BY c.id;\n"
	/* one segment each: the fastest to search */
	"INSERT INTO main.search_project(search_project) VALUES ('optimize');\n"
	"INSERT INTO main.search_contract_parties(search_contract_parties) VALUES ('optimize');\n"
	"INSERT INTO main.search_party(search_party) VALUES ('optimize');\n";

/* Run each statement of sql with ?1, ?2, ?3 = v[0], v[1], v[2]. */
static tcreg_status
run_bound(tcreg_registry *reg, const char *sql, const long long v[3], const char *doing)
{
	int rc = SQLITE_OK;
	while (rc == SQLITE_OK && sql && *sql) {
		sqlite3_stmt *st = NULL;
		rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, &sql);
		if (rc != SQLITE_OK || !st)
			break;
		for (int i = 0; i < sqlite3_bind_parameter_count(st) && i < 3; i++)
			sqlite3_bind_int64(st, i + 1, v[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_finalize(st);
	}
	return rc == SQLITE_OK ? TCREG_OK : tcreg__db_err(reg, rc, doing);
}

tcreg_status
tcreg__search_install(tcreg_registry *reg)
{
	if (reg->searching)
		return TCREG_OK;
	tcreg_status st = tcreg__exec(reg, install_sql, TCREG_ERR_DB, N_("installing the search index's triggers"));
	if (st == TCREG_OK)
		reg->searching = true;
	return st;
}

tcreg_status
tcreg__search_flush(tcreg_registry *reg)
{
	if (!reg->searching)
		return TCREG_OK;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(reg->db, highest_sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	long long v[6] = { 0 };
	for (int i = 0; rc == SQLITE_ROW && i < 6; i++)
		v[i] = sqlite3_column_int64(st, i);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tcreg__db_err(reg, rc, "updating the search index");
	/* most transactions change no text: that look, and nothing else */
	if (!v[5] && v[0] == v[3] && v[1] == v[3] && v[2] == v[4])
		return TCREG_OK;
	return run_bound(reg, flush_sql, v, "updating the search index");
}

tcreg_status
tcreg__search_rebuild(tcreg_registry *reg)
{
	tcreg_status st = tcreg__exec(reg, rebuild_sql, TCREG_ERR_DB, N_("building the search index"));
	/* what the transaction did so far is in the rebuilt index */
	if (st == TCREG_OK && reg->searching)
		st = tcreg__exec(reg, "DELETE FROM temp.search_dirty", TCREG_ERR_DB, N_("building the search index"));
	return st;
}

tcreg_status
tcreg_search_rebuild(tcreg_registry *reg)
{
	return tcreg__admin_rebuild(reg, "search_rebuild", tcreg__search_rebuild);
}
