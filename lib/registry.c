/* SPDX-License-Identifier: MIT
 * registry.c - opening, creating and migrating the SQLite registry, and the
 * transaction and error helpers every writer uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tcreg-private.h"

tcreg_status
tcreg__set_err(tcreg_registry *reg, tcreg_status st, const char *fmt, ...)
{
	if (reg) {
		va_list ap;
		va_start(ap, fmt);
		/* in the reader's language: the formats are msgids (xgettext
		 * -ktcreg__set_err:3), their arguments data or codes */
		vsnprintf(reg->errmsg, sizeof(reg->errmsg), dgettext(TCREG_DOMAIN, fmt), ap);
		va_end(ap);
	}
	return st;
}

/* The reader's words for an NC_() msgid; untranslated, the English after
 * the context. */
const char *
tcreg__pgettext(const char *ctx_msgid)
{
	const char *t = dgettext(TCREG_DOMAIN, ctx_msgid);
	const char *eot = t == ctx_msgid ? strchr(ctx_msgid, '\004') : NULL;
	return eot ? eot + 1 : t;
}

/* The detail of a call that has no registry handle to keep it in (opening
 * one, loading code tables): the same msgid and arguments, in the reader's
 * language, as tcreg__set_err's (xgettext -ktcreg__err_text:1). */
char *
tcreg__err_text(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, dgettext(TCREG_DOMAIN, fmt), ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static tcreg_status
map_rc(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TCREG_ERR_BUSY;
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return TCREG_ERR_IO;
	case SQLITE_NOMEM:
		return TCREG_ERR_NOMEM;
	case SQLITE_CANTOPEN:
		return TCREG_ERR_NOINPUT;
	default:
		return TCREG_ERR_DB;
	}
}

tcreg_status
tcreg__db_err(tcreg_registry *reg, int rc, const char *doing)
{
	tcreg_status st = map_rc(rc);
	const char *msg = reg && reg->db ? sqlite3_errmsg(reg->db) : sqlite3_errstr(rc);
	if (st == TCREG_ERR_BUSY)
		msg = "the registry is locked by another process";
	return tcreg__set_err(reg, st, "%s: %s", doing, msg);
}

/* Statements run as one script; a failure is `on_error` (TCREG_ERR_NOMEM
 * when memory ran out) with "doing: sqlite's words", doing in the reader's
 * language when the catalogue has it (mark it N_()). */
tcreg_status
tcreg__exec(tcreg_registry *reg, const char *sql, tcreg_status on_error, const char *doing)
{
	char *msg = NULL;
	int rc = sqlite3_exec(reg->db, sql, NULL, NULL, &msg);
	tcreg_status st = TCREG_OK;
	if (rc != SQLITE_OK)
		st = tcreg__set_err(reg, rc == SQLITE_NOMEM ? TCREG_ERR_NOMEM : on_error, "%s: %s",
				    dgettext(TCREG_DOMAIN, doing), msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return st;
}

/* An index or table derived from the others made anew (search, report
 * rollups): an admin's act, in one transaction with its audit record. */
tcreg_status
tcreg__admin_rebuild(tcreg_registry *reg, const char *action, tcreg_status (*rebuild)(tcreg_registry *))
{
	tcreg_status st = tcreg__require_role(reg, "admin");
	if (st == TCREG_OK)
		st = tcreg__begin(reg);
	if (st != TCREG_OK)
		return st;
	st = rebuild(reg);
	if (st == TCREG_OK)
		st = tcreg__audit(reg, action, "registry", 0, 0, NULL, NULL);
	if (st != TCREG_OK) {
		tcreg__rollback(reg);
		return st;
	}
	return tcreg__commit(reg);
}

tcreg_status
tcreg__prepare(tcreg_registry *reg, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v3(reg->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	if (rc != SQLITE_OK)
		return tcreg__db_err(reg, rc, "preparing a statement");
	return TCREG_OK;
}

void
tcreg__bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

tcreg_status
tcreg__begin(tcreg_registry *reg)
{
	if (reg->readonly)
		return tcreg__set_err(reg, TCREG_ERR_USAGE, "the registry was opened read-only");
	if (reg->tx_depth++ > 0)
		return TCREG_OK;
	/* IMMEDIATE: a busy registry is found before any work is done */
	int rc = sqlite3_exec(reg->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		reg->tx_depth = 0;
		return tcreg__db_err(reg, rc, "starting a transaction");
	}
	/* a write starts only from a registry as tcreg left it (guard.c); a
	 * registry being made or migrated is not sealed yet */
	tcreg_status st = reg->sealing ? tcreg__guard(reg) : TCREG_OK;
	if (st != TCREG_OK) {
		tcreg__rollback(reg);
		return st;
	}
	return TCREG_OK;
}

/* A transaction that cannot commit is rolled back with what this
 * connection kept for it (the MACs of rows sealed as they were added). */
static void
abandon(tcreg_registry *reg)
{
	tcreg__seal_forget(reg);
	sqlite3_exec(reg->db, "ROLLBACK", NULL, NULL, NULL);
}

tcreg_status
tcreg__commit(tcreg_registry *reg)
{
	if (reg->tx_depth == 0)
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "commit outside a transaction");
	if (--reg->tx_depth > 0)
		return TCREG_OK;
	/* the text it changed, searchable as it commits; then the seal of the
	 * state it leaves, in the transaction */
	tcreg_status fst = tcreg__search_flush(reg);
	if (fst != TCREG_OK) {
		abandon(reg);
		return fst;
	}
	if (reg->sealing) {
		tcreg_status st = tcreg__seal_fold(reg);
		if (st == TCREG_OK)
			st = tcreg__seal_state(reg);
		if (st != TCREG_OK) {
			abandon(reg);
			return st;
		}
	}
	int rc = sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		tcreg_status st = tcreg__db_err(reg, rc, "committing");
		abandon(reg);
		return st;
	}
	return TCREG_OK;
}

void
tcreg__rollback(tcreg_registry *reg)
{
	tcreg__seal_forget(reg);
	if (reg->tx_depth == 0)
		return;
	reg->tx_depth = 0;
	if (!sqlite3_get_autocommit(reg->db))
		sqlite3_exec(reg->db, "ROLLBACK", NULL, NULL, NULL);
}

void
tcreg__now(const tcreg_registry *reg, char buf[20], char date[11])
{
	if (reg && reg->now_override) {
		const char *o = reg->now_override;
		if (strlen(o) == 10)
			snprintf(buf, 20, "%sT00:00:00", o);
		else
			snprintf(buf, 20, "%.19s", o);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(buf, 20, "%Y-%m-%dT%H:%M:%S", &tm);
	}
	if (date)
		snprintf(date, 11, "%.10s", buf);
}

const char *
tcreg__operator(tcreg_registry *reg)
{
	/* once the registry has operators, who acts is who logged in; before,
	 * the name the caller gave, or else (making or migrating the registry,
	 * before any name is given) the login */
	if (tcreg__has_operators(reg))
		return tcreg__os_login(reg);
	return reg->operator_name ? reg->operator_name : tcreg__os_login(reg);
}

/* A new registry file gets tcreg__data_mode() whatever the umask; SQLite
 * gives its WAL and SHM the registry's mode.  An existing file is left as
 * it is. */
static int
create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, tcreg__data_mode());
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	int rc = fchmod(fd, tcreg__data_mode());
	close(fd);
	return rc;
}

static int
mkdir_parents(const char *path)
{
	char *p = tcreg__strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, tcreg__data_dir_mode()) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* The schema version the embedded registry.sql creates. */
static int
latest_version(void)
{
	const char *sql = tcreg__embedded("registry.sql", NULL);
	const char *p = sql ? strstr(sql, "PRAGMA user_version = ") : NULL;
	return p ? atoi(p + strlen("PRAGMA user_version = ")) : 0;
}

static tcreg_status
exec_embedded(tcreg_registry *reg, const char *name)
{
	const char *sql = tcreg__embedded(name, NULL);
	if (!sql)
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "missing embedded %s", name);
	char *msg = NULL;
	int rc = sqlite3_exec(reg->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		tcreg_status st = tcreg__set_err(reg, map_rc(rc), "applying %s: %s", name,
						 msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return st;
	}
	return TCREG_OK;
}

static int
user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static tcreg_status
set_owner(tcreg_registry *reg)
{
	return tcreg__config_put(reg, "owner", tcreg__os_login(reg));
}

/* A bulk import killed part-way leaves a rollback journal (intake/batch.c)
 * that a read-only connection cannot play back: roll it back with a
 * connection that can, and put the registry back in WAL mode, as any
 * read-write opening would.  False when this login may not write it. */
static bool
recover_journal(const char *path, int busy_ms)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return false;
	}
	sqlite3_busy_timeout(db, busy_ms);
	int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

/* How many tables and such an SQLite file holds; -1 on failure. */
static int
schema_objects(sqlite3 *db)
{
	sqlite3_stmt *q;
	int n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Create the schema in an empty file, or bring an older one forward with
 * migrate-N.sql files (N = the version they produce), in one transaction. */
static tcreg_status
create_or_migrate(tcreg_registry *reg, bool may_write)
{
	int v = 0, latest = latest_version();
	int rc = user_version(reg->db, &v);
	if (rc != SQLITE_OK)
		return tcreg__db_err(reg, rc, "reading the registry");
	/* a file that is not a registry is a data error (exit 65), not an I/O one */
	if (v == 0 && schema_objects(reg->db) > 0)
		return tcreg__set_err(reg, TCREG_ERR_INVALID,
				      "'%s' is an SQLite database but not a tcreg registry", reg->path);
	if (v > latest)
		return tcreg__set_err(reg, TCREG_ERR_TOO_NEW,
				      "registry schema version %d is newer than this tcreg "
				      "understands (%d); use a newer tcreg",
				      v, latest);
	if (v == latest)
		return TCREG_OK;
	if (!may_write)
		return tcreg__set_err(reg, TCREG_ERR_DB,
				      "registry schema version %d needs upgrading to %d; run 'tcreg init'",
				      v, latest);
	tcreg_status st = tcreg__begin(reg);
	if (st != TCREG_OK)
		return st;
	rc = user_version(reg->db, &v); /* another process may have done it meanwhile */
	if (rc != SQLITE_OK) {
		tcreg__rollback(reg);
		return tcreg__db_err(reg, rc, "reading the registry");
	}
	/* a keyed registry (schema 6 on) is migrated only as tcreg left it: a
	 * migration seals what it finds, and would make a hand-edited seal good */
	if (v >= 6 && v < latest && (st = tcreg__seal_state_holds(reg)) != TCREG_OK) {
		tcreg__rollback(reg);
		return st;
	}
	/* and its schema, once tcreg sealed one (from schema 12 on) */
	bool same = true, sealed = false;
	if (v >= 12 && v < latest && (st = tcreg__schema_matches(reg, &same, &sealed)) == TCREG_OK && sealed && !same)
		st = tcreg__set_err(reg, TCREG_ERR_DB,
				    "the registry's tables, indexes, triggers or views were changed outside tcreg; "
				    "nothing was written (run 'tcreg audit verify')");
	if (st != TCREG_OK) {
		tcreg__rollback(reg);
		return st;
	}
	if (v == 0) {
		sqlite3_stmt *q;
		rc = sqlite3_prepare_v2(reg->db, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL);
		int tables = 0;
		if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			tables = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		if (rc != SQLITE_OK) {
			tcreg__rollback(reg);
			return tcreg__db_err(reg, rc, "reading the registry");
		}
		if (tables > 0) {
			tcreg__rollback(reg);
			return tcreg__set_err(reg, TCREG_ERR_INVALID,
					      "'%s' is an SQLite database but not a tcreg registry",
					      reg->path);
		}
		st = exec_embedded(reg, "registry.sql");
	} else {
		for (int n = v + 1; st == TCREG_OK && n <= latest; n++) {
			char name[32];
			snprintf(name, sizeof(name), "migrate-%d.sql", n);
			st = exec_embedded(reg, name);
		}
	}
	/* schema 6: the key, the keyed chain from here on, every row sealed as
	 * found (the migration's audit record says so), and from then on the
	 * triggers keep the seal */
	if (st == TCREG_OK && v < 6)
		st = tcreg__key_create(reg);
	if (st == TCREG_OK && v < 6)
		st = tcreg__audit_key_from_here(reg);
	/* schema 8 adds a column to contract and moves agency to point: their
	 * rows are sealed anew */
	if (st == TCREG_OK && v < 8)
		st = tcreg__seal_all(reg);
	if (st == TCREG_OK)
		st = tcreg__seal_install(reg);
	/* schema 7: the search indexes, filled from the tables once */
	if (st == TCREG_OK && v > 0 && v < 7)
		st = tcreg__search_rebuild(reg);
	/* who set it up may name its first operator (tcreg operator add) */
	if (st == TCREG_OK && v == 0)
		st = set_owner(reg);
	/* what SQL alone cannot do, once the schema is the latest:
	 * corrections with audit records (schema 4) */
	if (st == TCREG_OK && v > 0 && v < 4)
		st = tcreg__verified_fixup(reg);
	/* schema 12: the status rule rewritten in the table's text */
	if (st == TCREG_OK && v > 0 && v < 12)
		st = tcreg__status_check_rewrite(reg);
	/* schema 9: the report rollups, summed from the contracts once, last:
	 * after every change to the contracts above */
	if (st == TCREG_OK && v > 0 && v < 9)
		st = tcreg__rollup_rebuild(reg);
	/* the schema as made or migrated, keyed: what every write checks */
	if (st == TCREG_OK)
		st = tcreg__schema_seal(reg);
	if (st == TCREG_OK)
		st = tcreg__audit(reg, v == 0 ? "create" : "migrate", "registry", latest, 0, NULL,
				  NULL);
	if (st != TCREG_OK) {
		tcreg__rollback(reg);
		return st;
	}
	return tcreg__commit(reg);
}

tcreg_status
tcreg_registry_open(tcreg_registry **out, const char *path, unsigned flags, char **err)
{
	*out = NULL;
	if (err)
		*err = NULL;
	if (!path || !*path)
		return TCREG_ERR_USAGE;
	/* SQLite's memory statistics take a global mutex on every allocation;
	 * tcreg never reads them.  This only works before SQLite initialises,
	 * and is harmlessly refused after. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	tcreg_registry *reg = calloc(1, sizeof(*reg));
	if (!reg)
		return TCREG_ERR_NOMEM;
	reg->path = tcreg__strdup(path);
	reg->busy_ms = 5000;
	reg->operators = -1;
	reg->readonly = flags & TCREG_OPEN_READONLY;
	tcreg_status st = TCREG_OK;
	if (!reg->path) {
		st = TCREG_ERR_NOMEM;
		goto fail;
	}
	int oflags = reg->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		st = tcreg__set_err(reg, TCREG_ERR_INVALID, "'%s' is a directory, not a tcreg registry",
				    path);
		goto fail;
	}
	if ((flags & TCREG_OPEN_CREATE) && !reg->readonly) {
		oflags |= SQLITE_OPEN_CREATE;
		if (mkdir_parents(path) != 0) {
			st = tcreg__set_err(reg, TCREG_ERR_CANTCREAT,
					    "cannot create the directory of '%s': %s", path,
					    strerror(errno));
			goto fail;
		}
		if (create_file(path) != 0) {
			st = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot create '%s': %s", path,
					    strerror(errno));
			goto fail;
		}
	} else {
		if (stat(path, &sb) != 0) {
			st = tcreg__set_err(reg, TCREG_ERR_NOINPUT, "no registry at '%s': %s; run 'tcreg init'", path,
					    strerror(errno));
			goto fail;
		}
	}
	int rc = sqlite3_open_v2(path, &reg->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = tcreg__db_err(reg, rc, "opening the registry");
		if (st == TCREG_ERR_NOINPUT && (oflags & SQLITE_OPEN_CREATE))
			st = TCREG_ERR_CANTCREAT;
		goto fail;
	}
	sqlite3_extended_result_codes(reg->db, 1);
	sqlite3_busy_timeout(reg->db, reg->busy_ms);
	rc = sqlite3_exec(reg->db, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema", NULL,
			  NULL, NULL);
	if (rc == SQLITE_READONLY_ROLLBACK && recover_journal(path, reg->busy_ms))
		rc = sqlite3_exec(reg->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc == SQLITE_OK && !reg->readonly) {
		rc = sqlite3_exec(reg->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
				  NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		st = tcreg__db_err(reg, rc, "opening the registry");
		if ((rc & 0xFF) == SQLITE_NOTADB)
			st = tcreg__set_err(reg, TCREG_ERR_INVALID, "'%s' is not a tcreg registry", path);
		goto fail;
	}
	st = tcreg__seal_functions(reg);
	if (st == TCREG_OK)
		st = create_or_migrate(reg, !reg->readonly);
	if (st == TCREG_OK && !reg->readonly)
		st = tcreg__seal_install(reg);
	if (st == TCREG_OK && !reg->readonly)
		st = tcreg__search_install(reg);
	if (st == TCREG_OK && !reg->readonly)
		st = tcreg__rollup_install(reg);
	if (st == TCREG_ERR_DB && strstr(reg->errmsg, "not a database"))
		st = tcreg__set_err(reg, TCREG_ERR_INVALID, "'%s' is not a tcreg registry", path);
	if (st != TCREG_OK)
		goto fail;
	*out = reg;
	return TCREG_OK;
fail:
	if (err)
		*err = tcreg__strdup(reg->errmsg[0] ? reg->errmsg : dgettext(TCREG_DOMAIN, tcreg_strerror(st)));
	tcreg_registry_close(reg);
	return st;
}

void
tcreg_registry_close(tcreg_registry *reg)
{
	if (!reg)
		return;
	tcreg__rollback(reg);
	if (reg->db)
		sqlite3_close_v2(reg->db);
	tcreg_codes_free(reg->codes);
	tcreg__key_free(reg);
	free(reg->path);
	free(reg->operator_name);
	free(reg->os_login);
	free(reg->filing_point);
	free(reg->now_override);
	free(reg->data_dir);
	free(reg);
}

const char *
tcreg_registry_errmsg(const tcreg_registry *reg)
{
	return reg && reg->errmsg[0] ? reg->errmsg : "";
}

static tcreg_status
replace_str(char **slot, const char *v)
{
	char *copy = NULL;
	if (v && !(copy = tcreg__strdup(v)))
		return TCREG_ERR_NOMEM;
	free(*slot);
	*slot = copy;
	return TCREG_OK;
}

tcreg_status
tcreg_registry_set_operator(tcreg_registry *reg, const char *name)
{
	if (!reg || !name || !*name)
		return TCREG_ERR_USAGE;
	if (tcreg__has_operators(reg) && strcmp(name, tcreg__os_login(reg)) != 0)
		return tcreg__set_err(reg, TCREG_ERR_DENIED,
				      "this registry has operators: who acts is the login running tcreg "
				      "(%s), not a name given with --operator or TCREG_OPERATOR (%s)",
				      tcreg__os_login(reg), name);
	return replace_str(&reg->operator_name, name);
}

tcreg_status
tcreg_registry_set_now(tcreg_registry *reg, const char *iso)
{
	if (!reg)
		return TCREG_ERR_USAGE;
	if (iso) {
		char d[11];
		size_t n = strlen(iso);
		char head[11];
		snprintf(head, sizeof(head), "%.10s", iso);
		if ((n != 10 && n != 19) || tcreg_date_parse(head, d, NULL, NULL) != TCREG_OK ||
		    strcmp(d, head) != 0 || (n == 19 && iso[10] != 'T' && iso[10] != ' '))
			return tcreg__set_err(reg, TCREG_ERR_USAGE,
					      "'%s' is not an ISO date or date-time", iso);
	}
	tcreg_status st = replace_str(&reg->now_override, iso);
	if (st == TCREG_OK && reg->now_override && strlen(reg->now_override) == 19)
		reg->now_override[10] = 'T';
	return st;
}

void
tcreg_registry_set_busy_timeout(tcreg_registry *reg, int ms)
{
	if (!reg)
		return;
	reg->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(reg->db, reg->busy_ms);
}

tcreg_status
tcreg_registry_set_data_dir(tcreg_registry *reg, const char *dir)
{
	if (!reg)
		return TCREG_ERR_USAGE;
	tcreg_codes_free(reg->codes);
	reg->codes = NULL;
	return replace_str(&reg->data_dir, dir);
}

tcreg_status
tcreg_registry_codes(tcreg_registry *reg, const tcreg_codes **out)
{
	*out = NULL;
	if (!reg->codes) {
		char *err = NULL;
		tcreg_status st = tcreg_codes_load(&reg->codes, reg->data_dir, &err);
		if (st != TCREG_OK) {
			tcreg__set_err(reg, st, "%s", err ? err : dgettext(TCREG_DOMAIN, tcreg_strerror(st)));
			free(err);
			return st;
		}
	}
	*out = reg->codes;
	return TCREG_OK;
}

int
tcreg_registry_schema_version(const tcreg_registry *reg)
{
	int v = 0;
	if (reg && reg->db)
		user_version(reg->db, &v);
	return v;
}
