/* SPDX-License-Identifier: MIT
 * tcreg-private.h - internals shared by the files of libtcreg; never installed.
 */
#ifndef TCREG_PRIVATE_H
#define TCREG_PRIVATE_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcreg/tcreg.h"

#define N_(s) (s)
/* A msgid with a context (xgettext -kNC_:1c,2), translated by tcreg__pgettext:
 * the same English word can read differently in Chinese by what it names. */
#define NC_(c, s) (c "\004" s)
const char *tcreg__pgettext(const char *ctx_msgid);
#define TCREG_UNUSED __attribute__((unused))
#define TCREG_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ---- growable byte buffer (buf.c) ---- */
struct tcreg__buf {
	char *data;
	size_t len, cap;
	bool failed; /* an allocation failed; later appends are no-ops */
};
void tcreg__buf_init(struct tcreg__buf *b);
void tcreg__buf_release(struct tcreg__buf *b);
void tcreg__buf_reset(struct tcreg__buf *b);
bool tcreg__buf_append(struct tcreg__buf *b, const void *p, size_t n);
/* Make room for extra more bytes (plus the NUL). */
bool tcreg__buf_reserve(struct tcreg__buf *b, size_t extra);
bool tcreg__buf_puts(struct tcreg__buf *b, const char *s);
bool tcreg__buf_printf(struct tcreg__buf *b, const char *fmt, ...) TCREG_PRINTF(2, 3);
/* Hand the NUL-terminated contents to the caller (or NULL on failure). */
char *tcreg__buf_steal(struct tcreg__buf *b);

/* ---- text (text.c) ---- */
/* Length of the valid UTF-8 prefix of s[0..n); *truncated tells whether the
 * invalid part is only an incomplete sequence at the very end. */
size_t tcreg__utf8_valid_prefix(const unsigned char *s, size_t n, bool *truncated);
/* Fold full-width ASCII (U+FF01..FF5E) to ASCII and U+3000 to a space, in
 * place (the result is never longer). */
void tcreg__fold_width(char *s);
/* Trim ASCII white space and U+3000 at both ends, in place; returns s. */
char *tcreg__trim(char *s);
/* Header normalisation: fold width, drop all spaces, lower-case ASCII,
 * unify parentheses; malloc'd. */
char *tcreg__header_norm(const char *s);
/* Does s hold a C0 control character other than those allowed? */
bool tcreg__has_control(const char *s, bool allow_newline);
/* Looks like Excel scientific notation of a long number ("1.23E+17")? */
bool tcreg__is_excel_sci(const char *s);
char *tcreg__strdup(const char *s);
/* 32-bit FNV-1a */
uint32_t tcreg__hash(const char *s);
/* SHA-256 of data as 64 lower-case hex digits. */
void tcreg__sha256_hex(const void *data, size_t n, char out[65]);

/* ---- diagnostics (diag.c) ---- */
struct tcreg_diags {
	struct tcreg_diag *v;
	size_t n, cap, max, dropped, errors;
	/* the first error since tcreg__diags_mark, for the rejects file */
	const char *row_code, *row_msgid;
	char row_arg[256];
	size_t mark_at; /* where the row's diagnostics start */
};
void tcreg__diags_mark(tcreg_diags *d);
/* Remove the diagnostics from index from on that are at column col. */
void tcreg__diags_drop_at(tcreg_diags *d, size_t from, long col);
/* Empty the list for reuse. */
void tcreg__diags_reset(tcreg_diags *d);
tcreg_diags *tcreg__diags_new(size_t max);
void tcreg__diags_free(tcreg_diags *d);
/* Add a diagnostic; strings are copied.  Returns false only on no memory. */
bool tcreg__diags_add(tcreg_diags *d, tcreg_severity sev, long line, long col,
		      const char *column, const char *code, const char *msgid, const char *arg,
		      const char *value);

/* ---- days (date.c) ---- */
/* Days since 1970-01-01 of an ISO date (which must be valid). */
int64_t tcreg__days(const char *iso);
void tcreg__date_of(int64_t days, char iso[11]);
/* 0 = Monday .. 6 = Sunday */
int tcreg__weekday(int64_t days);

/* ---- configuration (config.c) ---- */
/* A setting as stored, the user's or one tcreg keeps for itself
 * (audit_head, owner, schema_mac ...), into value ("" when unset). */
tcreg_status tcreg__config_raw(tcreg_registry *reg, const char *key, char *value, size_t n);
/* Store a setting (sealed by the triggers, as every row of config). */
tcreg_status tcreg__config_put(tcreg_registry *reg, const char *key, const char *value);
/* Integer value of a key (its default when unset); -1 on failure. */
int64_t tcreg__config_int(tcreg_registry *reg, const char *key);
/* The amount_ceiling setting in fen: no single amount may be above it. */
int64_t tcreg__amount_ceiling(tcreg_registry *reg);

/* ---- embedded data files (embedded.c, generated) ---- */
const char *tcreg__embedded(const char *name, size_t *len);

/* ---- code tables (codes.c) ---- */
/* Read a small data file: from dir when present there, else embedded.
 * Returns malloc'd NUL-terminated contents or NULL. */
char *tcreg__data_file(const char *dir, const char *name, size_t *len);

/* ---- registry (registry.c) ---- */
#define TCREG_MAC_BYTES 16      /* a row's seal (seal.c) */
#define TCREG__INLINE_TABLES 3  /* contract, party, payment (seal.c) */
struct tcreg_registry {
	sqlite3 *db;
	char *path;
	char *operator_name;
	char *now_override;
	char *data_dir;
	tcreg_codes *codes;
	int busy_ms;
	int tx_depth;
	bool readonly;
	bool sealing;            /* the seal triggers are installed (key.c, seal.c) */
	bool searching;          /* the search index's triggers are (search-index.c) */
	int operators;           /* operator.c: -1 not looked yet, 0 none, 1 some */
	char *os_login;          /* operator.c: the real user's login */
	char *filing_point;      /* scope.c: where new contracts are filed (register --point) */
	int64_t view_point;      /* scope.c: reads limited to this point (--point); 0: the operator's */
	int64_t keyed_from;      /* first audit id chained with the key; 0 = not read yet */
	/* seal.c: rows tcreg__sealed_insert sealed, to fold into the seal as
	 * the transaction commits (contract, party, payment) */
	struct tcreg__pending {
		int64_t n;
		unsigned char x[TCREG_MAC_BYTES];
	} pending[TCREG__INLINE_TABLES];
	unsigned char new_mac[TCREG_MAC_BYTES]; /* seal.c: of the row a sealed insert adds */
	bool new_mac_set;
	struct evp_mac_ctx_st *mac_ctx; /* HMAC-SHA256 keyed with the registry key */
	struct evp_mac_ctx_st *mac_work; /* key.c: a copy of it, each MAC's */
	char errmsg[512];
};
tcreg_status tcreg__set_err(tcreg_registry *reg, tcreg_status st, const char *fmt, ...)
	TCREG_PRINTF(3, 4);
/* A malloc'd detail for a char **err (no handle to keep it in): fmt is a
 * msgid, translated like tcreg__set_err's. */
char *tcreg__err_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Map the last SQLite failure to a status and record its message. */
tcreg_status tcreg__db_err(tcreg_registry *reg, int rc, const char *doing);
tcreg_status tcreg__begin(tcreg_registry *reg);
tcreg_status tcreg__commit(tcreg_registry *reg);
tcreg_status tcreg__exec(tcreg_registry *reg, const char *sql, tcreg_status on_error, const char *doing);
tcreg_status tcreg__admin_rebuild(tcreg_registry *reg, const char *action,
				  tcreg_status (*rebuild)(tcreg_registry *));
void tcreg__rollback(tcreg_registry *reg);
tcreg_status tcreg__prepare(tcreg_registry *reg, sqlite3_stmt **st, const char *sql);
/* Current time: "YYYY-MM-DDTHH:MM:SS" into buf[20]; the date alone into
 * date[11] when date is not NULL. */
void tcreg__now(const tcreg_registry *reg, char buf[20], char date[11]);
const char *tcreg__operator(tcreg_registry *reg);
void tcreg__bind_text_or_null(sqlite3_stmt *st, int i, const char *s);

/* ---- operators and roles (operator.c) ---- */
/* The login of the real user (getuid), cached. */
const char *tcreg__os_login(tcreg_registry *reg);
/* Whether the registry has operators (then identity is the OS login). */
bool tcreg__has_operators(tcreg_registry *reg);
/* TCREG_ERR_DENIED unless the acting operator has role (always OK in a
 * registry without operators). */
tcreg_status tcreg__require_role(tcreg_registry *reg, const char *role);

/* ---- the registry key (key.c) ---- */
/* Mode of the registry's files: 0600, or 0660 in the shared deployment. */
unsigned tcreg__file_mode(void);
/* Load PATH.key (once); TCREG_ERR_DENIED/CONFIG with the reason when it
 * cannot be read. */
tcreg_status tcreg__key_load(tcreg_registry *reg);
/* Load PATH.key, creating it with fresh random bytes when absent. */
tcreg_status tcreg__key_create(tcreg_registry *reg);
tcreg_status tcreg__hmac(tcreg_registry *reg, const void *data, size_t n, unsigned char out[32]);
void tcreg__key_free(tcreg_registry *reg);
/* A copy of the keyed MAC context, for a registry opened from a copy. */
struct evp_mac_ctx_st *tcreg__key_dup(tcreg_registry *reg);

/* ---- the seal on rows (seal.c) ---- */
extern const char *const tcreg__sealed_tables[];
/* A table's columns but mac, and its primary key, as quoted name lists. */
struct tcreg__shape {
	struct tcreg__buf cols, pk;
	int ncols, npk;
};
tcreg_status tcreg__table_shape(tcreg_registry *reg, const char *table, struct tcreg__shape *out);
void tcreg__shape_release(struct tcreg__shape *s);
/* SQL functions tcreg_mac(table, values...), tcreg_xor(...), tcreg_xor_agg(). */
tcreg_status tcreg__seal_functions(tcreg_registry *reg);
/* The triggers that keep each row's MAC and the seal (idempotent). */
tcreg_status tcreg__seal_install(tcreg_registry *reg);
/* MAC every row as it stands and rebuild the seal (new or migrated registry). */
tcreg_status tcreg__seal_all(tcreg_registry *reg);
tcreg_status tcreg__seal_state_mac(tcreg_registry *reg, int64_t audit_id, const char *audit_hash,
				   unsigned char out[32]);
/* guard.c: before a write, the seal and the schema as tcreg left them
 * (TCREG_ERR_DB with the finding when not); the schema's keyed MAC, as hex;
 * recording it (config 'schema_mac'); comparing with what was recorded. */
tcreg_status tcreg__guard(tcreg_registry *reg);
tcreg_status tcreg__seal_state_holds(tcreg_registry *reg);
tcreg_status tcreg__schema_mac(tcreg_registry *reg, char hex[65]);
tcreg_status tcreg__schema_seal(tcreg_registry *reg);
tcreg_status tcreg__schema_matches(tcreg_registry *reg, bool *matches, bool *sealed);
/* Whether the key is the one the registry was marked with (config
 * 'key_mark', written with the schema's seal); *marked false before. */
tcreg_status tcreg__key_matches(tcreg_registry *reg, bool *matches, bool *marked);
/* each(ctx, missing, type, name): the objects the registry has and a fresh
 * registry has not, then (missing) those it lacks. */
tcreg_status tcreg__schema_differences(tcreg_registry *reg, void (*each)(void *, bool, const char *, const char *),
				       void *ctx);
/* TCREG_ERR_IO when the contract's row or its parties' rows no longer match
 * their seal (changed outside tcreg). */
tcreg_status tcreg__check_contract_seal(tcreg_registry *reg, int64_t id);
/* An INSERT into contract, party or payment that seals the row it adds in
 * the same statement (an import adds many: one trigger each, and one pass
 * over the seal each, would cost more than the rest of the import).  cols
 * and vals are the columns given and their values (comma-separated, one
 * per column; the id is taken as SQLite would give it); tail follows the
 * values (an ON CONFLICT clause, or "").  Run it with tcreg__sealed_step,
 * which keeps the row's MAC for tcreg__seal_fold when the row was added;
 * it returns sqlite3_step's code (SQLITE_DONE when all went well). */
tcreg_status tcreg__sealed_insert(tcreg_registry *reg, const char *table, const char *cols,
				  const char *vals, const char *tail, sqlite3_stmt **out);
int tcreg__sealed_step(tcreg_registry *reg, sqlite3_stmt *st, const char *table);
/* Fold the rows sealed as they were added into the seal (tcreg__commit),
 * or forget them (a rollback). */
tcreg_status tcreg__seal_fold(tcreg_registry *reg);
void tcreg__seal_forget(tcreg_registry *reg);
/* Write seal_state for the state the current transaction leaves. */
tcreg_status tcreg__seal_state(tcreg_registry *reg);

/* ---- the search indexes (search-index.c) ---- */
/* The temporary triggers that note changed text (idempotent). */
tcreg_status tcreg__search_install(tcreg_registry *reg);
/* Index what the transaction changed; called as it commits. */
tcreg_status tcreg__search_flush(tcreg_registry *reg);
/* Empty the indexes and fill them from the tables (a migrated registry). */
tcreg_status tcreg__search_rebuild(tcreg_registry *reg);

/* ---- the report rollups (rollup.c) ---- */
/* The temporary triggers that keep them in each transaction (idempotent). */
tcreg_status tcreg__rollup_install(tcreg_registry *reg);
/* Empty them and sum every contract into them (a migrated registry). */
tcreg_status tcreg__rollup_rebuild(tcreg_registry *reg);

/* ---- audit (audit.c) ---- */
/* The last audit row's id and hash (0 and the genesis hash when none). */
tcreg_status tcreg__audit_head(tcreg_registry *reg, int64_t *last_id, char hash[65]);
/* The hash a row of "SELECT id, at, operator, action, entity, entity_id,
 * batch_id, old_value, new_value, ..." should have after prev. */
tcreg_status tcreg__audit_row_hash(tcreg_registry *reg, sqlite3_stmt *st, const char *prev, char hash[65]);
#define TCREG_AUDIT_COLUMNS \
	"id, at, operator, action, entity, entity_id, batch_id, old_value, new_value, prev_hash, hash"
/* Start the keyed chain after the last record (new or migrated registry). */
tcreg_status tcreg__audit_key_from_here(tcreg_registry *reg);
/* Append one audit row in the current transaction. */
tcreg_status tcreg__audit(tcreg_registry *reg, const char *action, const char *entity,
			  int64_t entity_id, int64_t batch_id, const char *old_json,
			  const char *new_json);

/* ---- decoding (decode.c) ---- */
struct tcreg__decoder;
tcreg_status tcreg__decoder_new(struct tcreg__decoder **out, tcreg_encoding enc);
void tcreg__decoder_free(struct tcreg__decoder *d);
/* Convert in[0..n) to UTF-8 appended to out.  *consumed tells how many input
 * bytes were used (an incomplete sequence at the end waits for more unless
 * final).  Returns TCREG_ERR_INVALID on a byte sequence that is not valid in
 * the encoding; *bad_offset then gives its offset in in. */
tcreg_status tcreg__decode(struct tcreg__decoder *d, const char *in, size_t n, bool final,
			   struct tcreg__buf *out, size_t *consumed, size_t *bad_offset);
/* Detect the encoding from the first bytes of a file; *bom_len is the length
 * of a byte-order mark to skip. */
tcreg_encoding tcreg__detect_encoding(const unsigned char *p, size_t n, tcreg_encoding asked,
				      size_t *bom_len);
/* Encode UTF-8 text into enc (for the rejects file); malloc'd, *outlen set. */
char *tcreg__encode(const char *utf8, size_t n, tcreg_encoding enc, size_t *outlen);

/* ---- ledger reading (ledger.c; workbooks in xlsx*.c) ---- */
/* A cell of a workbook row whose value could not be read as text (an Excel
 * error, a formula never calculated, part of merged cells): an error at
 * that cell, whatever else the row holds. */
struct tcreg__cell_note {
	long col;                 /* 1-based column */
	const char *code, *msgid; /* msgid has at most one %s, from arg */
	char arg[32], value[40];
};
struct tcreg__row {
	long line;        /* physical line where the record starts (a sheet's row) */
	long end_line;    /* physical line where it ends */
	size_t nfields;
	char **fields;    /* UTF-8, NUL-terminated, CRLF folded to LF */
	const char *error_code;  /* set when the record itself is malformed */
	const char *error_msgid;
	const struct tcreg__cell_note *notes; /* workbooks only */
	size_t nnotes;
};
struct tcreg__ledger;
/* Open a CSV ledger, or with workbooks also an Excel .xlsx workbook (told
 * apart by content), reading its sheet named or numbered sheet (NULL: the
 * first one shown).  *enc_used and *delim are known after the first row.
 * A file that cannot be read as a ledger gives TCREG_ERR_INVALID with the
 * reason in diags (which may be NULL for CSV only). */
tcreg_status tcreg__ledger_open(struct tcreg__ledger **out, const char *path,
				tcreg_encoding enc, bool workbooks, const char *sheet,
				tcreg_diags *diags, char *err, size_t errsz);
/* The sheet read, or NULL for a CSV ledger. */
const char *tcreg__ledger_sheet(const struct tcreg__ledger *l);
/* After TCREG_ERR_INVALID from tcreg__ledger_next: say why in diags (err as
 * that call filled it). */
void tcreg__ledger_invalid(const struct tcreg__ledger *l, const char *err, tcreg_diags *diags);
void tcreg__ledger_close(struct tcreg__ledger *l);
/* Next record; *row = NULL at the end.  The row is borrowed until the next call. */
tcreg_status tcreg__ledger_next(struct tcreg__ledger *l, const struct tcreg__row **row,
				char *err, size_t errsz);
tcreg_encoding tcreg__ledger_encoding(const struct tcreg__ledger *l);
char tcreg__ledger_delim(const struct tcreg__ledger *l);
void tcreg__ledger_sha256(struct tcreg__ledger *l, char out[65]);
uint64_t tcreg__ledger_bytes_read(const struct tcreg__ledger *l);
uint64_t tcreg__ledger_size(const struct tcreg__ledger *l);
/* After TCREG_ERR_INVALID from tcreg__ledger_next: the line of the bad bytes
 * (err then holds their byte offset). */
long tcreg__ledger_err_line(const struct tcreg__ledger *l);
/* ... when what stopped it was a NUL byte: its error (line and column) is
 * added to d and true returned. */
bool tcreg__ledger_nul_diag(const struct tcreg__ledger *l, tcreg_diags *d);
/* The last row's error stops reading (nothing after it can be trusted). */
bool tcreg__ledger_fatal(const struct tcreg__ledger *l);

/* ---- fields of a contract (fields.c) ---- */
enum tcreg__col {
	COL_CONTRACT_NO, COL_PROJECT_NAME, COL_CATEGORY,
	COL_SELLER_NAME, COL_SELLER_USCC, COL_SELLER_REGION, COL_SELLER_NATURE,
	COL_BUYER_NAME, COL_BUYER_USCC, COL_BUYER_REGION, COL_BUYER_NATURE,
	COL_TOTAL_AMOUNT, COL_TECH_AMOUNT, COL_SIGN_DATE, COL_VALID_FROM, COL_VALID_TO,
	COL_TECH_FIELD, COL_IP_TYPE, COL_PAY_METHOD, COL_RELATED_PARTY, COL_NOTE,
	COL_SERVED_CONTRACT, COL_PLAN_SOURCE, COL_OBJECTIVE, COL_FOREIGN, COL_LICENCE_MODE,
	COL_LICENCE_YEARS, COL_ENTERPRISE_TYPE,
	COL__COUNT
};
enum tcreg__pcol { PCOL_REG_NO, PCOL_SELLER_NAME, PCOL_CONTRACT_NO, PCOL_PAY_DATE,
		   PCOL_AMOUNT, PCOL_VOUCHER, PCOL_REVERSES, PCOL_NOTE, PCOL__COUNT };

/* A value as found in the input, for one field. */
struct tcreg__cell {
	char *text;         /* NULL when the column is absent; trimmed in place */
	const char *header; /* column header as written / document key */
	long line, col;     /* where the value is (col 0 in CSV) */
	bool unit_wan;      /* amount column in 万元 */
	bool fen;           /* the value is an integer number of fen (document *_fen keys) */
};

struct tcreg__party {
	const char *name;
	char uscc[19]; /* "" when absent */
	const char *region, *nature;
};
struct tcreg__contract {
	const char *contract_no, *project_name, *category;
	struct tcreg__party seller, buyer;
	int64_t total_fen, tech_fen;
	char sign_date[11], valid_from[11], valid_to[11];
	const char *tech_field, *ip_type, *pay_method;
	int related; /* -1 unknown */
	const char *note;
	const char *served; /* 技术中介: the registration number of the deal it served */
	/* fields of the national form: codes, NULL when not given */
	const char *plan_source, *objective, *foreign, *licence_mode, *enterprise_type;
	int licence_years; /* 0 when not given */
};
struct tcreg__payment {
	const char *reg_no, *seller_name, *contract_no, *voucher;
	const char *reverses; /* a reversal (amount_fen < 0): the voucher it reverses */
	const char *note;
	char pay_date[11];
	int64_t amount_fen;
};

/* Keys and header aliases of the ledger columns. */
const char *tcreg__col_key(enum tcreg__col c);
bool tcreg__col_required(enum tcreg__col c);
const char *tcreg__pcol_key(enum tcreg__pcol c);

/* Convert cells (indexed by enum tcreg__col; text may be NULL) into a
 * contract; all problems go to diags with the record's line.  Returns the
 * number of errors added.  Text fields are trimmed in place.  An amount
 * above ceiling_fen (tcreg__amount_ceiling) is an error. */
int tcreg__contract_from_cells(const tcreg_codes *codes, const char *today, int64_t ceiling_fen,
			       struct tcreg__cell *cells, long line,
			       struct tcreg__contract *out, tcreg_diags *diags);
int tcreg__payment_from_cells(const char *today, int64_t ceiling_fen, struct tcreg__cell *cells,
			      long line, struct tcreg__payment *out, tcreg_diags *diags);
/* Parse and report one field (for interactive entry and documents). */
int tcreg__field_error(tcreg_diags *diags, const struct tcreg__cell *c, long line,
		       const char *code, const char *msgid, const char *arg);

/* ---- header mapping (columns.c) ---- */
#define TCREG__MAX_FIELDS ((int)COL__COUNT > (int)PCOL__COUNT ? (int)COL__COUNT : (int)PCOL__COUNT)
struct tcreg__header_map {
	size_t ncols;                         /* columns in the header row */
	int field_col[TCREG__MAX_FIELDS];     /* field -> ledger column, or -1 */
	bool unit_wan[TCREG__MAX_FIELDS];     /* the field's column is in 万元 */
	char *header[TCREG__MAX_FIELDS];      /* the header as written, or the usual name */
};
tcreg_status tcreg__header_map(const char *data_dir, tcreg_ledger_kind kind,
			       const struct tcreg__row *hdr, struct tcreg__header_map *m,
			       tcreg_diags *diags);
void tcreg__header_map_release(struct tcreg__header_map *m);
/* The alias table alone, for documents whose keys are column names. */
struct tcreg__aliases;
tcreg_status tcreg__aliases_load(const char *dir, tcreg_ledger_kind kind, struct tcreg__aliases **out);
void tcreg__aliases_free(struct tcreg__aliases *t);
/* Field index of a column name, or -1; *wan = 1 for a 万元 suffix, 0 for 元, -1 none. */
int tcreg__aliases_find(const struct tcreg__aliases *t, tcreg_ledger_kind kind, const char *name,
			int *wan);

/* ---- storing contracts (store.c) ---- */
enum tcreg__outcome { OUT_INSERTED, OUT_UPDATED, OUT_UNCHANGED, OUT_CONFLICT, OUT_REJECTED };
/* Named parameters of a statement run per row (params.c): the caller's
 * vocabulary is an array of ":name"s indexed by its own enum.  Binding a
 * name the statement lacks is remembered and tcreg__params_check returns
 * TCREG_ERR_INTERNAL; a statement parameter outside the vocabulary fails
 * tcreg__params_init. */
#define TCREG_PARAMS_MAX 48
struct tcreg__params {
	sqlite3_stmt *st;
	const char *const *names;
	const char *missing; /* the first name bound that the statement lacks */
	int idx[TCREG_PARAMS_MAX];
};
tcreg_status tcreg__params_init(tcreg_registry *reg, struct tcreg__params *p, sqlite3_stmt *st,
				const char *const *names, int n);
void tcreg__param_text(struct tcreg__params *p, int name, const char *v);
void tcreg__param_text_or_null(struct tcreg__params *p, int name, const char *v);
void tcreg__param_null(struct tcreg__params *p, int name);
void tcreg__param_int64(struct tcreg__params *p, int name, int64_t v);
void tcreg__param_id_or_null(struct tcreg__params *p, int name, int64_t id);
tcreg_status tcreg__params_check(tcreg_registry *reg, struct tcreg__params *p);

struct tcreg__store;
tcreg_status tcreg__store_new(tcreg_registry *reg, int64_t batch_id, bool update,
			      struct tcreg__store **out);
void tcreg__store_free(struct tcreg__store *s);
/* Store one valid contract.  On OUT_CONFLICT / OUT_REJECTED a diagnostic was
 * added.  Other return values are failures that stop the import. */
/* names: the column names to use in messages, indexed by field (NULL: keys). */
tcreg_status tcreg__store_contract(struct tcreg__store *s, const struct tcreg__contract *c,
				   long line, const char *const *names, tcreg_diags *diags,
				   enum tcreg__outcome *outcome);
tcreg_status tcreg__store_payment(struct tcreg__store *s, const struct tcreg__payment *p,
				  long line, const char *const *names, tcreg_diags *diags,
				  enum tcreg__outcome *outcome);

/* How many parties the store's imports changed (--update). */
long tcreg__store_parties_updated(const struct tcreg__store *s);
/* The id of the contract the last tcreg__store_contract inserted, updated
 * or found unchanged; 0 when it saved none. */
int64_t tcreg__store_last_contract(const struct tcreg__store *s);
/* The ledger values of a stored contract (malloc'd; NULL where it has none). */
tcreg_status tcreg__contract_values(tcreg_registry *reg, int64_t id, char *val[COL__COUNT]);
/* A statement that writes a contract by the store's parameter names
 * (:seller_id ... :served_id; :id bound to id), and the fields a change can
 * set bound by them (store.c): one vocabulary for every writer. */
tcreg_status tcreg__contract_params(tcreg_registry *reg, struct tcreg__params *p, sqlite3_stmt *st, int64_t id);
void tcreg__bind_contract_fields(struct tcreg__params *p, const struct tcreg__contract *c, int64_t seller,
				 int64_t buyer, int64_t served);
/* The registered contract (registered or changed) with this registration
 * number: *id, or 0 when there is none. */
tcreg_status tcreg__served_contract(tcreg_registry *reg, const char *reg_no, int64_t *id);

/* Find or create a party (a conflict with its registered details sets
 * *outcome to OUT_CONFLICT with a diagnostic). */
tcreg_status tcreg__store_party(struct tcreg__store *s, const struct tcreg__party *p,
				const char *column, tcreg_diags *diags, int64_t *id,
				enum tcreg__outcome *outcome);

/* ---- the verified technology amount (verified.c) ---- */
/* min(declared tech, total - deducted), never below 0 */
int64_t tcreg__verified_amount(int64_t total_fen, int64_t tech_fen, int64_t deducted_fen);
/* Correct verified amounts above the declared ones (migration to schema 4). */
tcreg_status tcreg__verified_fixup(tcreg_registry *reg);

/* ---- schema 12 (schema-edit.c) ---- */
/* The contract table's status rule as comparisons instead of an IN list,
 * edited in place in the schema's text (nothing on disk changes). */
tcreg_status tcreg__status_check_rewrite(tcreg_registry *reg);
/* The table text sql with its "CHECK (status IN (...))" written as
 * comparisons; NULL when that CHECK is not exactly the ten states
 * (*nomem: for want of memory).  The caller frees it. */
char *tcreg__status_check_text(const char *sql, bool *nomem);

/* ---- registration rules (registration-rules.c) ---- */
/* The registration number of a registered twin of the contract (一次登记),
 * or NULL when there is none. */
tcreg_status tcreg__registered_twin(tcreg_registry *reg, int64_t id, char **reg_no);
/* The area the office serves ("all", or codes separated by commas); NULL
 * when there is no agency profile. */
tcreg_status tcreg__point_area(tcreg_registry *reg, int64_t point_id, char **area);
tcreg_status tcreg__point_get(tcreg_registry *reg, int64_t id, char **name, char **region,
			      char **point);
bool tcreg__in_area(const char *area, const char *region);
/* "all", or region codes of the table separated by commas: normalised. */
tcreg_status tcreg__check_area(tcreg_registry *reg, const tcreg_codes *codes, const char *area, char **out);
/* ---- registration points (point.c) ---- */
/* A point's region and code ("230101", malloc'd), NULL when there is none. */
char *tcreg__point_label(tcreg_registry *reg, int64_t id);
int64_t tcreg__point_count(tcreg_registry *reg);
/* ---- who works where (scope.c) ---- */
/* The acting login's roles ("clerk,certifier"; malloc'd), NULL when it is
 * no enabled operator; whether a roles text has a role (operator.c). */
char *tcreg__acting_roles(tcreg_registry *reg);
bool tcreg__roles_have(const char *roles, const char *role);
/* Points named on the command line as ids (malloc'd array of n). */
tcreg_status tcreg__resolve_points(tcreg_registry *reg, const char *const *points, size_t n, int64_t **ids);
/* An operator's points become ids, in the current transaction; audited. */
tcreg_status tcreg__operator_points_replace(tcreg_registry *reg, const char *login, const int64_t *ids,
					   size_t n);
struct json_t;
/* ["230101", ...] of an operator (a new reference). */
struct json_t *tcreg__operator_points_json(tcreg_registry *reg, const char *login);
/* The acting operator's points; none (*ids NULL) when province-wide. */
tcreg_status tcreg__acting_points(tcreg_registry *reg, int64_t **ids, size_t *n);
/* DENIED unless the acting operator works at the point (or province-wide);
 * STATE when the point is disabled. */
tcreg_status tcreg__may_act_at(tcreg_registry *reg, int64_t point_id);
/* Where new contracts are filed: the point set with
 * tcreg_registry_set_point, else the acting operator's one point, else 1;
 * checked with may_act_at. */
tcreg_status tcreg__filing_point(tcreg_registry *reg, int64_t *id);
/* "column IN (2,3)" limiting a query to the acting operator's points
 * (malloc'd), NULL when they work province-wide. */
char *tcreg__scope_sql(tcreg_registry *reg, const char *column);
/* The same for what this handle reads: the point of set_view, else the
 * acting operator's points; NULL: everything. */
char *tcreg__view_sql(tcreg_registry *reg, const char *column);
/* ---- the report by point (report-points.c) ---- */
/* by_point and by_city into tables (a jansson object) when the registry has
 * several points; w: the current, previous and year-to-date windows. */
tcreg_status tcreg__report_points(tcreg_registry *reg, const char *const w[3][2], int64_t base,
				  struct json_t *tables);
/* report --point: the report's queries read one point's contracts (a
 * temporary view named contract) from begin to end. */
tcreg_status tcreg__point_view_begin(tcreg_registry *reg, bool *made);
void tcreg__point_view_end(tcreg_registry *reg, bool made);
/* A statement telling whether a contract id is in that view (*st NULL:
 * every contract is); view_has asks it. */
tcreg_status tcreg__view_stmt(tcreg_registry *reg, sqlite3_stmt **st);
bool tcreg__view_has(sqlite3_stmt *st, int64_t id);
/* Whether this office registers a contract with these parties: the seller
 * is in its area, or for a technology import the buyer. */
bool tcreg__files_here(const char *area, const char *seller_region, const char *buyer_region,
		       const char *foreign);

/* ---- the other states (states.c), inside tcreg_certify's transaction ---- */
struct json_t;
tcreg_status tcreg__not_accept(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec,
			       const tcreg_codes *codes, tcreg_diags *d, struct json_t *detail);
tcreg_status tcreg__withdraw(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec,
			     struct json_t *detail);
tcreg_status tcreg__external(tcreg_registry *reg, int64_t id, const struct tcreg_decision *dec,
			     tcreg_diags *d, struct json_t *detail);
tcreg_status tcreg__objection(tcreg_registry *reg, int64_t id, const char *status,
			      const struct tcreg_decision *dec, tcreg_diags *d, struct json_t *detail);
tcreg_status tcreg__resolve(tcreg_registry *reg, int64_t id, const char *status,
			    const struct tcreg_decision *dec, tcreg_diags *d, struct json_t *detail);

/* ---- certify (regno.c, change.c) ---- */
/* The parties and agency as they are now become the registered contract's. */
tcreg_status tcreg__keep_parties(tcreg_registry *reg, int64_t id);
/* The next registration number of today's year, inside the transaction. */
tcreg_status tcreg__regno_next(tcreg_registry *reg, int64_t point_id, const char *today, char **out);
/* Apply "field=value" changes (and a new category) to a contract after the
 * ledger's checks; *total_fen and *tech_fen are the contract amount and the
 * declared technology amount after them. */
tcreg_status tcreg__change_fields(tcreg_registry *reg, int64_t id, const char *const *set,
				  const char *category, tcreg_diags *d, int64_t *total_fen,
				  int64_t *tech_fen);

/* ---- batches (batch.c) ---- */
struct tcreg__batch {
	tcreg_registry *reg;
	struct tcreg_import_result *res;
	struct tcreg__store *store;
	const struct tcreg_import_opts *opts;
	bool in_tx;
	bool fatal; /* the file could not be read to the end: never commit */
	bool rollback_journal; /* a bulk import writing without the WAL (batch.c) */
};
tcreg_status tcreg__batch_begin(struct tcreg__batch *b, tcreg_registry *reg,
				const struct tcreg_import_opts *opts, const char *kind,
				struct tcreg_import_result *res);
/* Count an outcome. */
void tcreg__batch_count(struct tcreg__batch *b, enum tcreg__outcome o);
/* Finish: check for an earlier import of the same content, then commit or
 * roll back as the flags and outcomes say.  Returns the import's status. */
tcreg_status tcreg__batch_end(struct tcreg__batch *b, const char *kind, tcreg_status st);
struct tcreg_import_result *tcreg__result_new(const struct tcreg_import_opts *opts);

/* ---- files (files.c) ---- */
#include <sys/types.h>
/* The mode of every file holding registry data (registry, WAL, SHM,
 * rejects file), and of the directories made for the registry: the one
 * place a group deployment changes (0660). */
mode_t tcreg__data_mode(void);
mode_t tcreg__data_dir_mode(void);
/* A file written beside its destination, private (0600) until complete:
 * close with keep renames it over the path (a symlink there is replaced,
 * not followed), without keep removes it.  Unnamed while written where the
 * system allows, so a killed process leaves nothing.  err: the errno of a
 * failure. */
struct tcreg__outfile {
	FILE *f;
	int fd, err;
	char *path, *tmp;
	bool anonymous;
};
tcreg_status tcreg__outfile_open(struct tcreg__outfile *o, const char *path);
/* Flush and fsync: TCREG_ERR_IO when what was written did not all reach the disk. */
tcreg_status tcreg__outfile_sync(struct tcreg__outfile *o);
tcreg_status tcreg__outfile_close(struct tcreg__outfile *o, bool keep);

/* ---- rejects file (rejects.c) ---- */
struct tcreg__rejects;
/* w: the caller's writer of the file, else CSV in enc and delim. */
tcreg_status tcreg__rejects_open(struct tcreg__rejects **out, const char *path,
				 const struct tcreg_rejects_writer *w, tcreg_encoding enc, char delim,
				 const struct tcreg__row *header);
/* reason: an untranslated msgid with at most one %s filled from arg. */
tcreg_status tcreg__rejects_write(struct tcreg__rejects *r, const struct tcreg__row *row,
				  const char *code, const char *msgid, const char *arg);
/* The same with every error of the row: d's diagnostics [from, to); the
 * code, msgid and arg when none is there (dropped past the limit). */
tcreg_status tcreg__rejects_write_all(struct tcreg__rejects *r, const struct tcreg__row *row, const tcreg_diags *d,
				      size_t from, size_t to, const char *code, const char *msgid, const char *arg);
/* Everything written and on the disk (before the import commits). */
tcreg_status tcreg__rejects_sync(struct tcreg__rejects *r);
/* keep (the import was committed): put in place; else removed.  *err: the
 * errno of a failure. */
tcreg_status tcreg__rejects_close(struct tcreg__rejects *r, bool keep, int *err);

/* ---- JSON of contracts (contract.c) ---- */
struct json_t;
/* The one printer of the trees of tcreg-tree.h, for their text siblings:
 * on s == TCREG_OK, *json is tree printed with jansson's flags (malloc'd);
 * the reference to tree is taken either way.  Returns s, or
 * TCREG_ERR_NOMEM when printing fails. */
tcreg_status tcreg__tree_text(tcreg_status s, struct json_t *tree, size_t flags, char **json);
/* The contract's deductions as a JSON array (jansson). */
struct json_t *tcreg__deductions_json(tcreg_registry *reg, int64_t id, tcreg_status *status);
/* A cursor over these contracts, in this order (ids: malloc'd, taken). */
tcreg_status tcreg__cursor_of_ids(tcreg_registry *reg, int64_t *ids, size_t n, tcreg_cursor **out);
#define TCREG__CONTRACT_SELECT \
	"SELECT c.id, c.contract_no, c.project_name, c.category, " \
	/* a registered contract keeps its parties as they were then */ \
	"coalesce(c.seller_name_reg, s.name), " \
	"CASE WHEN c.seller_name_reg IS NULL THEN s.uscc ELSE c.seller_uscc_reg END, " \
	"coalesce(c.seller_region_reg, s.region), coalesce(c.seller_nature_reg, s.nature), " \
	"coalesce(c.buyer_name_reg, b.name), " \
	"CASE WHEN c.buyer_name_reg IS NULL THEN b.uscc ELSE c.buyer_uscc_reg END, " \
	"coalesce(c.buyer_region_reg, b.region), coalesce(c.buyer_nature_reg, b.nature), " \
	"c.total_amount_fen, c.tech_amount_fen, c.verified_tech_amount_fen, " \
	"c.sign_date, c.valid_from, c.valid_to, c.tech_field, c.ip_type, c.pay_method, " \
	"c.related_party, c.note, c.status, c.reg_no, c.reg_date, c.accept_date, " \
	"(SELECT sum(amount_fen) FROM payment p WHERE p.contract_id = c.id), " \
	"c.batch_id, c.batch_line, c.entered_by, c.created_at, " \
	"c.track, c.reason_code, c.status_note, c.certified_by, c.decided_at, " \
	"(SELECT x.reg_no FROM contract x WHERE x.id = c.served_contract_id), " \
	"c.plan_source, c.objective, c.foreign_trade, c.licence_mode, c.licence_years, " \
	"c.enterprise_type, c.external_agency, c.agency_name_reg, c.agency_region_reg, " \
	"c.agency_point_reg, " \
	/* the registration point it is filed at (schema 8) */ \
	"(SELECT pt.region || pt.code FROM point pt WHERE pt.id = c.point_id) " \
	"FROM contract c JOIN party s ON s.id = c.seller_id JOIN party b ON b.id = c.buyer_id "

/* A table's codes with their names into list (n bytes), for errors. */
const char *tcreg__codes_list(const tcreg_codes *codes, tcreg_table t, char *list, size_t n);
/* A decision written on a contract (certify.c): sql with ?1 the id, ?2..?4
 * a, b, c (NULL when absent), ?5 the time, ?6 the operator. */
tcreg_status tcreg__decision_update(tcreg_registry *reg, const char *sql, int64_t id, const char *a,
				    const char *b, const char *c);


/* ---- station bundles (bundle.c, bundle-sign.c, bundle-write.c, merge.c) ---- */
#define TCREG_BUNDLE_FORMAT "tcreg-bundle 1"
#define TCREG_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
struct tcreg__btable {
	const char *name;
	const char *cols; /* comma-separated, no spaces; the first is the key */
};
extern const struct tcreg__btable tcreg__btables[];
struct tcreg__bundle_head {
	char format[32], region[8], code[4], name[512], area[512];
	bool area_null;
	int64_t seq, audit_from, audit_to;
	char prev_hash[65], audit_prev[65], audit_head[65], created_at[24], hash[65];
	unsigned char sig[128];
	size_t siglen;
};
/* Create the bundle's tables in schema (an attached, empty file). */
tcreg_status tcreg__bundle_create(tcreg_registry *reg, const char *schema);
/* The content hash of the bundle in schema of db (hex SHA-256). */
tcreg_status tcreg__bundle_hash(tcreg_registry *reg, sqlite3 *db, const char *schema, char out[65]);
/* Read and check a bundle: its tables and nothing else, its header, its
 * hash, its audit records' chain.  Errors are recorded in reg. */
tcreg_status tcreg__bundle_check(tcreg_registry *reg, sqlite3 *db, const char *schema,
				 struct tcreg__bundle_head *h);
/* Ed25519: sign hash (its 64 hex digits) with the private key in key_file. */
tcreg_status tcreg__bundle_sign(tcreg_registry *reg, const char *key_file, const char *hash,
				unsigned char *sig, size_t *siglen);
/* Whether sig is hash signed by the public key pem: TCREG_ERR_DENIED if not. */
tcreg_status tcreg__bundle_verify_sig(tcreg_registry *reg, const char *pem, const char *hash,
				      const unsigned char *sig, size_t siglen);

/* ---- one open-addressing hash table (hashtab.c) ----
 * Slots hold a key's hash and a value the caller gives meaning to (an
 * index + 1, a pointer); 0 is an empty slot, so a value is never 0.  The
 * table does not hold keys: lookups pass the key and an equality test that
 * compares it with what a value stands for.  Linear probing, a power-of-two
 * number of slots, at most half of them used.  No removal but all at once
 * (tcreg__ht_clear).  Used by the code tables, the import's party cache and
 * the award's units; cmd/ keeps its own (it cannot link lib-private code). */
struct tcreg__hslot {
	uint64_t hash;
	uintptr_t val; /* 0: empty */
};
struct tcreg__hashtab {
	struct tcreg__hslot *slots;
	size_t cap, n; /* cap: 0 or a power of two */
};
/* Does the value stand for key? */
typedef bool (*tcreg__ht_eq)(const void *ctx, uintptr_t val, const void *key);
/* Room for at least n values without growing; false when memory ran out. */
bool tcreg__ht_init(struct tcreg__hashtab *t, size_t n);
void tcreg__ht_free(struct tcreg__hashtab *t);
/* Empty every slot (the caller frees what the values stand for first). */
void tcreg__ht_clear(struct tcreg__hashtab *t);
/* Would one more value take the table over half full? */
bool tcreg__ht_full(const struct tcreg__hashtab *t);
/* Twice the slots; false when memory ran out (the table is unchanged). */
bool tcreg__ht_grow(struct tcreg__hashtab *t);
/* The value standing for key, or 0. */
uintptr_t tcreg__ht_find(const struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx,
			 const void *key);
/* The slot of key: its value's, or the empty one where it would go (NULL
 * when the table has no slots).  Setting an empty slot's value is inserting
 * it: the caller counts it (t->n++) after tcreg__ht_full said there was room. */
struct tcreg__hslot *tcreg__ht_slot(struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx,
				    const void *key);
/* The value standing for key if there is one (*fresh false), else val put
 * in for it (*fresh true), growing the table first when it must; 0 when
 * memory ran out. */
uintptr_t tcreg__ht_put(struct tcreg__hashtab *t, uint64_t hash, tcreg__ht_eq eq, const void *ctx,
			const void *key, uintptr_t val, bool *fresh);

/* rejected-keys.c: the contracts (seller and number, as written) of a
 * ledger's rejected rows, and the first line that rejected one (0: none). */
void tcreg__rejected_note(struct tcreg__hashtab *t, const char *seller, const char *contract_no, long line);
long tcreg__rejected_line(const struct tcreg__hashtab *t, const char *seller, const char *contract_no);
void tcreg__rejected_free(struct tcreg__hashtab *t);

#endif
