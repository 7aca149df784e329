/* SPDX-License-Identifier: MIT
 * tcreg.h - public API of libtcreg, the technology-contract registry.
 *
 * Ownership, stated once:
 *  - *_open / *_new / *_import give the caller an object through **out that
 *    must be released with the matching *_close / *_free (NULL is accepted).
 *    On failure *out is NULL, except where a function says it returns a
 *    result with diagnostics even on failure.
 *  - const char * returned by getters are borrowed from the handle and stay
 *    valid until the handle is freed or changed.
 *  - char * returned are malloc'd; release with free(3).
 *
 * The library never prints and never exits.  Every call returns a
 * tcreg_status, with two kinds of detail:
 *  - why the call failed: one sentence in the reader's language (the
 *    catalogue of the "tcreg" domain), kept in the registry handle
 *    (tcreg_registry_errmsg); the two calls that run before there is a
 *    handle, tcreg_registry_open and tcreg_codes_load, hand the same
 *    sentence over through char **err (malloc'd, may be NULL);
 *  - what is wrong with data (a ledger, a document, a policy, a decision):
 *    diagnostics (struct tcreg_diag), every problem with its place, code
 *    and msgid, translated when printed.
 *
 * Messages in diagnostics are untranslated gettext msgids of the "tcreg"
 * domain with at most one "%s", filled from tcreg_diag.arg.  Machine output
 * uses tcreg_diag.code, which is stable.
 */
#ifndef TCREG_H
#define TCREG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TCREG_API __attribute__((visibility("default")))
#else
#define TCREG_API
#endif

#define TCREG_VERSION "0.1.0"
#define TCREG_DOMAIN "tcreg" /* gettext domain of library messages */

/* Status codes.  New codes are added before TCREG_STATUS_LAST; none is ever
 * renumbered. */
typedef enum {
	TCREG_OK = 0,
	TCREG_ERR_NOMEM,      /* out of memory */
	TCREG_ERR_IO,         /* read/write failure (disk full, SQLite I/O error) */
	TCREG_ERR_NOINPUT,    /* input file missing or unreadable */
	TCREG_ERR_CANTCREAT,  /* cannot create an output file */
	TCREG_ERR_INVALID,    /* data rejected; see diagnostics */
	TCREG_ERR_NOT_FOUND,  /* no such contract */
	TCREG_ERR_AMBIGUOUS,  /* an ID names several contracts */
	TCREG_ERR_STATE,      /* the contract's state does not allow the action */
	TCREG_ERR_BUSY,       /* registry locked past the busy timeout */
	TCREG_ERR_DB,         /* registry damaged or SQLite failure */
	TCREG_ERR_TOO_NEW,    /* registry made by a newer tcreg */
	TCREG_ERR_USAGE,      /* API misuse: bad argument or option */
	TCREG_ERR_DENIED,     /* not permitted (separation of duties) */
	TCREG_ERR_CONFIG,     /* bad configuration or policy file */
	TCREG_ERR_INTERNAL,   /* a bug */
	TCREG_STATUS_LAST
} tcreg_status;

/* English text of a status (a msgid of the "tcreg" domain). */
TCREG_API const char *tcreg_strerror(tcreg_status st);

/* ---- Diagnostics -------------------------------------------------------- */

typedef enum { TCREG_SEV_ERROR = 0, TCREG_SEV_WARNING = 1 } tcreg_severity;

struct tcreg_diag {
	tcreg_severity severity;
	long line;          /* 1-based physical line where the record starts (a
			     * workbook: its row); 0 = none */
	long col;           /* 1-based column in YAML documents and workbooks; 0 = none */
	const char *column; /* ledger column header as written, or field key; may be NULL */
	const char *code;   /* stable code, e.g. "E_AMOUNT" */
	const char *msgid;  /* untranslated message; may contain one %s */
	const char *arg;    /* fills the %s of msgid; may be NULL */
	const char *value;  /* the offending value as read; may be NULL */
};

typedef struct tcreg_diags tcreg_diags;

TCREG_API size_t tcreg_diags_count(const tcreg_diags *d);
TCREG_API const struct tcreg_diag *tcreg_diags_get(const tcreg_diags *d, size_t i);
/* Diagnostics not kept because the list reached its limit (they were still
 * counted as rejected rows and written to the rejects file). */
TCREG_API size_t tcreg_diags_dropped(const tcreg_diags *d);
TCREG_API size_t tcreg_diags_errors(const tcreg_diags *d);

/* ---- Money and dates ----------------------------------------------------- */

/* Parse an amount as written in a ledger cell: "1,234.56", full-width digits,
 * "¥", "元", "万元".  unit_wan says the column is in 万元.  On success *fen is
 * the amount in fen (分).  On failure returns TCREG_ERR_INVALID and sets
 * *code and *msgid (static strings). */
TCREG_API tcreg_status tcreg_amount_parse(const char *text, int unit_wan, int64_t *fen,
					  const char **code, const char **msgid);
/* Format fen as yuan with two decimals ("1234.56") into buf (>= 32 bytes). */
TCREG_API char *tcreg_amount_format(int64_t fen, char *buf, size_t size);
/* Format fen as 万元 with two decimals, rounded half away from zero. */
TCREG_API char *tcreg_amount_format_wan(int64_t fen, char *buf, size_t size);

/* Parse a date ("2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日",
 * "20250305") into ISO form in iso[11]. */
TCREG_API tcreg_status tcreg_date_parse(const char *text, char iso[11],
					const char **code, const char **msgid);

/* Check an 18-character 统一社会信用代码 (GB 32100) including its check
 * digit; writes the normalised (upper-case, half-width) code to out[19]. */
TCREG_API tcreg_status tcreg_uscc_check(const char *text, char out[19],
					const char **code, const char **msgid);

/* ---- Code tables --------------------------------------------------------- */

typedef enum {
	TCREG_TABLE_CATEGORY,
	TCREG_TABLE_REGION,
	TCREG_TABLE_NATURE,
	TCREG_TABLE_TECH_FIELD,
	TCREG_TABLE_IP_TYPE,
	TCREG_TABLE_PAY_METHOD,
	TCREG_TABLE_REFUSAL,    /* 不予登记 reasons (R01..) */
	TCREG_TABLE_REVOCATION, /* 撤销 reasons (V01..) */
	TCREG_TABLE_DEDUCTION,  /* non-technical deduction items */
	TCREG_TABLE_PLAN_SOURCE,     /* 项目计划来源 */
	TCREG_TABLE_OBJECTIVE,       /* 社会经济目标 */
	TCREG_TABLE_FOREIGN,         /* 涉外: no, import, export, yes */
	TCREG_TABLE_LICENCE_MODE,    /* 许可方式 */
	TCREG_TABLE_ENTERPRISE_TYPE, /* 企业登记注册类型 */
	TCREG_TABLE_NONACCEPTANCE,   /* 不予受理 reasons (N01..) */
	TCREG_TABLE_LAST
} tcreg_table;

typedef struct tcreg_codes tcreg_codes;

/* Load the code tables: from data_dir when it holds a file of that name,
 * else from the copy embedded at build time.  data_dir may be NULL. */
TCREG_API tcreg_status tcreg_codes_load(tcreg_codes **out, const char *data_dir, char **err);
TCREG_API void tcreg_codes_free(tcreg_codes *c);

/* Resolve text (a code, a name or an alias) to a code.  Returns
 * TCREG_ERR_NOT_FOUND when nothing matches exactly. */
TCREG_API tcreg_status tcreg_codes_resolve(const tcreg_codes *c, tcreg_table t,
					   const char *text, const char **code);
/* Name of a code; NULL when unknown.  For categories, the category name. */
TCREG_API const char *tcreg_codes_name(const tcreg_codes *c, tcreg_table t, const char *code);
/* The English name of a code (of its sub-type for a category that has one),
 * from the table's optional name_en column; NULL when it has none. */
TCREG_API const char *tcreg_codes_name_en(const tcreg_codes *c, tcreg_table t, const char *code);
/* The 4-digit region of the authority that issued a 统一社会信用代码 (its
 * characters 3-8, read as a 6-digit administrative code is).
 * TCREG_ERR_NOT_FOUND when that area is no region of the table (a national
 * authority's 100000, say). */
TCREG_API tcreg_status tcreg_codes_region_of_uscc(const tcreg_codes *c, const char *uscc,
						  const char **code);
/* For categories: the sub-type name or NULL; for natures: the statistics group. */
TCREG_API const char *tcreg_codes_extra(const tcreg_codes *c, tcreg_table t, const char *code);
TCREG_API size_t tcreg_codes_count(const tcreg_codes *c, tcreg_table t);
TCREG_API const char *tcreg_codes_code_at(const tcreg_codes *c, tcreg_table t, size_t i);
/* Every entry whose code, name, alias or English name contains text;
 * returns how many codes were written to out (at most max).  For
 * interactive choosing. */
TCREG_API size_t tcreg_codes_search(const tcreg_codes *c, tcreg_table t, const char *text,
				    const char **out, size_t max);

/* ---- The registry -------------------------------------------------------- */

typedef struct tcreg_registry tcreg_registry;

enum {
	TCREG_OPEN_CREATE = 1u << 0,   /* create the file and schema when missing */
	TCREG_OPEN_READONLY = 1u << 1, /* never write; never migrate */
};

/* Open (and create or migrate, unless read-only) the registry at path.
 * Creation makes missing parent directories (0700) and the file 0600,
 * whatever the umask (its WAL and SHM follow).  A file that is not a
 * registry (text, another SQLite database, a directory) is
 * TCREG_ERR_INVALID.  On failure *out is NULL and
 * *err (when err is not NULL) holds a malloc'd detail. */
TCREG_API tcreg_status tcreg_registry_open(tcreg_registry **out, const char *path,
					   unsigned flags, char **err);
TCREG_API void tcreg_registry_close(tcreg_registry *reg);
/* Detail of the last failure on this handle; borrowed. */
TCREG_API const char *tcreg_registry_errmsg(const tcreg_registry *reg);
/* Who is making changes (recorded in the audit trail); copied. */
TCREG_API tcreg_status tcreg_registry_set_operator(tcreg_registry *reg, const char *name);

/* ---- Operators (schema 6) ------------------------------------------------ */
/* Once a registry has operators, the acting operator is the login of the
 * real user running the program (getuid), set_operator is refused
 * (TCREG_ERR_DENIED) for any other name, and each action needs its role:
 * clerk (entering), certifier (deciding, committing awards), reviewer (expert
 * review), admin (settings, the agency, operators), auditor (audit verify
 * and risks).  The first operator may be added only by whoever created the
 * registry (or root), who becomes its first admin. */
/* Add or re-enable LOGIN (a login on this machine) with ROLES
 * ("clerk,certifier"); admin only.  Audited. */
TCREG_API tcreg_status tcreg_operator_add(tcreg_registry *reg, const char *login, const char *name,
					  const char *roles);
TCREG_API tcreg_status tcreg_operator_disable(tcreg_registry *reg, const char *login);
/* [{"login", "name", "roles": [...], "disabled_at", "created_by", "created_at"}] */
TCREG_API tcreg_status tcreg_operators_json(tcreg_registry *reg, char **json);
/* TCREG_ERR_DENIED unless the registry has no operators or the acting
 * login is an enabled operator; role NULL: any role. */
TCREG_API tcreg_status tcreg_registry_check_operator(tcreg_registry *reg, const char *role);
/* Replace the clock: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"; NULL restores it. */
TCREG_API tcreg_status tcreg_registry_set_now(tcreg_registry *reg, const char *iso);
/* How long to wait for a lock held by another process, in milliseconds. */
TCREG_API void tcreg_registry_set_busy_timeout(tcreg_registry *reg, int ms);
/* Directory of data files overriding the embedded code tables; copied. */
TCREG_API tcreg_status tcreg_registry_set_data_dir(tcreg_registry *reg, const char *dir);
/* The code tables used by this registry (loaded on first use); borrowed. */
TCREG_API tcreg_status tcreg_registry_codes(tcreg_registry *reg, const tcreg_codes **out);
TCREG_API int tcreg_registry_schema_version(const tcreg_registry *reg);

/* Set the agency profile (name, 4-digit region code, 2-digit point). */
TCREG_API tcreg_status tcreg_agency_set(tcreg_registry *reg, const char *name,
					const char *region, const char *point);
/* The same, with the area the office serves ("all", or 4-digit region codes
 * separated by commas, a province's xx00 covering its cities; NULL keeps
 * it, "" returns to the default: the province of its region).  Once numbers
 * have been issued, changing the region or the point is refused
 * (TCREG_ERR_STATE) unless flags has TCREG_AGENCY_FORCE; certificates
 * already issued keep the agency of their day either way. */
#define TCREG_AGENCY_FORCE 1u
TCREG_API tcreg_status tcreg_agency_update(tcreg_registry *reg, const char *name, const char *region,
					   const char *point, const char *area, unsigned flags);
/* The area the office serves, as stored (malloc'd), or NULL for the default. */
TCREG_API tcreg_status tcreg_agency_area(tcreg_registry *reg, char **area);
/* Read it; the strings are malloc'd.  TCREG_ERR_NOT_FOUND when not set. */
TCREG_API tcreg_status tcreg_agency_get(tcreg_registry *reg, char **name, char **region,
					char **point);

/* ---- Registration points (point.c) ------------------------------------- */
/* Point 1 is the registry's own office (the agency profile above); others
 * are added with point_add: a 2-digit code unique within its 4-digit region,
 * a name, optionally the area it serves and a station's Ed25519 key file
 * (PEM, public or private: only the public part is kept).  Admin only;
 * audited.  *id (may be NULL) is the new point's. */
TCREG_API tcreg_status tcreg_point_add(tcreg_registry *reg, const char *code, const char *name,
				       const char *region, const char *area, const char *key_file,
				       int64_t *id);
/* A point stops filing and deciding; its contracts and numbers stay. */
TCREG_API tcreg_status tcreg_point_disable(tcreg_registry *reg, const char *point);
/* The points as a JSON array (malloc'd). */
TCREG_API tcreg_status tcreg_points_json(tcreg_registry *reg, char **json);
/* How many points the registry has, and the name of the one labelled
 * region+code (as a contract's "point" says; *name malloc'd, NULL when no
 * point has the label).  Reads the point table alone: cheap enough for
 * every contract shown (tcreg_points_json counts each point's contracts). */
TCREG_API tcreg_status tcreg_point_name(tcreg_registry *reg, const char *label, char **name, int64_t *npoints);
/* A point named by its 2-digit code (when no other point has it) or by
 * region and code (6 digits).  TCREG_ERR_USAGE for a malformed or an
 * ambiguous name (the detail lists the candidates), TCREG_ERR_NOT_FOUND,
 * and with TCREG_POINT_ENABLED TCREG_ERR_STATE for a disabled point. */
#define TCREG_POINT_ENABLED 1u
TCREG_API tcreg_status tcreg_point_resolve(tcreg_registry *reg, const char *point, unsigned flags,
					   int64_t *id);

/* Where the contracts this handle registers (import, documents, entry) are
 * filed: a point as point_resolve names it; NULL: the acting operator's
 * one point, else point 1.  Checked now and as contracts are stored: an
 * operator limited to other points is refused (TCREG_ERR_DENIED), a
 * disabled point too (TCREG_ERR_STATE); an unknown or ambiguous name is
 * TCREG_ERR_NOT_FOUND or TCREG_ERR_USAGE. */
TCREG_API tcreg_status tcreg_registry_set_point(tcreg_registry *reg, const char *point);
/* What this handle lists, searches and queues: the contracts filed at one
 * point; NULL: at the acting operator's points (all points when they work
 * province-wide: no points, or the admin or auditor role).  An operator
 * limited to other points is refused (TCREG_ERR_DENIED). */
TCREG_API tcreg_status tcreg_registry_set_view(tcreg_registry *reg, const char *point);
/* TCREG_ERR_DENIED when the contract is outside that view. */
TCREG_API tcreg_status tcreg_contract_in_view(tcreg_registry *reg, int64_t id);
/* An operator's registration points: they then work at these only (n 0:
 * province-wide).  Admin only; audited.  operator_add_at is operator_add
 * setting them too (points NULL: kept as they are). */
TCREG_API tcreg_status tcreg_operator_set_points(tcreg_registry *reg, const char *login,
						 const char *const *points, size_t n);
TCREG_API tcreg_status tcreg_operator_add_at(tcreg_registry *reg, const char *login, const char *name,
					     const char *roles, const char *const *points, size_t n);

/* ---- Batch import -------------------------------------------------------- */

typedef enum {
	TCREG_ENC_AUTO = 0,
	TCREG_ENC_UTF8,
	TCREG_ENC_GB18030,
	TCREG_ENC_UTF16LE,
	TCREG_ENC_UTF16BE,
	TCREG_ENC_UTF16, /* UTF-16 by its BOM, little-endian without one */
} tcreg_encoding;

/* Parse an --encoding argument ("auto", "utf-8", "gb18030", "gbk", "utf-16",
 * "utf-16le", "utf-16be"); returns -1 when unknown. */
TCREG_API int tcreg_encoding_from_name(const char *name);
TCREG_API const char *tcreg_encoding_name(tcreg_encoding e);

enum {
	TCREG_IMPORT_DRY_RUN = 1u << 0,    /* run everything, then roll back */
	TCREG_IMPORT_KEEP_GOING = 1u << 1, /* commit the valid rows even if some fail */
	TCREG_IMPORT_FORCE = 1u << 2,      /* import a file whose content was imported before */
	TCREG_IMPORT_UPDATE = 1u << 3,     /* a conflicting row replaces a submitted contract */
};

typedef enum { TCREG_LEDGER_CONTRACTS, TCREG_LEDGER_PAYMENTS } tcreg_ledger_kind;

/* A rejects file in a format the caller writes (tcreg writes an Excel
 * workbook this way).  The library still makes the file as it makes the
 * CSV one: beside rejects_path, private, complete on the disk before the
 * batch commits, put in place only once it has, else removed.  open() gets
 * the name to write it under (a temporary one, for writers that take a
 * name), row() each line: the input's header, then each rejected row, both
 * ending in _line, _code and _reason; close() comes once after the last row
 * (before the commit, or when the import stops) and must leave the whole
 * file written.  Each returns 0, else the import saves nothing. */
struct tcreg_rejects_writer {
	void *ud;
	int (*open)(void *ud, const char *path);
	int (*row)(void *ud, const char *const *fields, size_t n);
	int (*close)(void *ud);
};

struct tcreg_import_opts {
	tcreg_ledger_kind kind;
	const char *path;          /* file to read */
	const char *display_name;  /* name used in diagnostics; NULL = path */
	tcreg_encoding encoding;
	unsigned flags;
	const char *rejects_path;  /* NULL = no rejects file */
	size_t max_diags;          /* 0 = 10000 */
	/* Called now and then with bytes read so far and the file size. */
	void (*progress)(void *ud, uint64_t done, uint64_t total);
	void *progress_ud;
	/* An Excel workbook's sheet to read, by name or else by number (1 =
	 * the first); NULL = the first sheet shown.  A ledger may be an .xlsx
	 * workbook (known by its content) wherever it may be a CSV file. */
	const char *sheet;
	/* With rejects_path: who writes the rejects file; NULL = CSV, in the
	 * input's encoding and delimiter. */
	const struct tcreg_rejects_writer *rejects_writer;
};

struct tcreg_import_result {
	const char *file;          /* display name */
	tcreg_encoding encoding;   /* the encoding used */
	char delimiter;            /* ',' or '\t' */
	char sha256[65];
	int64_t batch_id;          /* 0 when nothing was committed */
	long rows, inserted, updated, unchanged, conflicts, rejected;
	long previous_batch;       /* when the content was imported before: that batch */
	int committed;             /* 1 when the batch was committed */
	tcreg_diags *diags;        /* errors and warnings, in file order */
	long parties_updated;      /* parties whose details this import changed (--update) */
	/* The sheet read when the ledger was an Excel workbook, else NULL.  Then
	 * each diagnostic's line is the sheet's row and col its column (0 when
	 * the problem is the row's, not one cell's). */
	const char *sheet;
	/* tcreg_register_fields: the contract inserted, updated or found
	 * unchanged; 0 otherwise. */
	int64_t contract_id;
};

/* Import a ledger.  Returns TCREG_OK when every row was accepted,
 * TCREG_ERR_INVALID when rows were rejected or in conflict (or the file was
 * already imported, or its header is unusable), other codes for failures
 * that stop the import.  Even on failure *out holds what is known (counts,
 * diagnostics) unless the status is TCREG_ERR_NOMEM or TCREG_ERR_USAGE. */
TCREG_API tcreg_status tcreg_import(tcreg_registry *reg, const struct tcreg_import_opts *opts,
				   struct tcreg_import_result **out);
TCREG_API void tcreg_import_result_free(struct tcreg_import_result *r);

/* ---- Contract documents (YAML / JSON) ------------------------------------ */

/* Register the contracts in a YAML or JSON document (one mapping or a
 * sequence of them), all in one transaction.  Same outcomes and flags as
 * tcreg_import (kind and encoding are ignored). */
TCREG_API tcreg_status tcreg_register_document(tcreg_registry *reg,
					       const struct tcreg_import_opts *opts,
					       struct tcreg_import_result **out);

/* ---- One contract from field values (interactive entry) ----------------- */

/* The ledger's field keys in entry order, NULL-terminated. */
TCREG_API const char *const *tcreg_field_keys(void);
/* Whether a field must be given. */
TCREG_API int tcreg_field_required(const char *key);
/* The code table a field's value comes from; TCREG_TABLE_LAST for a field
 * that takes no code. */
TCREG_API tcreg_table tcreg_field_table(const char *key);
/* Check one answer with the same rules as the ledger import.  On success
 * *shown (malloc'd) is the value as it will be stored, for display ("2301
 * 哈尔滨市", "1234.56").  On failure returns TCREG_ERR_INVALID and *diags
 * holds why; a code field matched by several entries also lists them in
 * *shown.  *diags is always set (free with tcreg_diags_free). */
TCREG_API tcreg_status tcreg_field_check(tcreg_registry *reg, const char *key, const char *text,
					 char **shown, tcreg_diags **diags);
/* Register one contract given as parallel arrays of field keys and texts,
 * with every check of a ledger row (cross-field rules included), in one
 * transaction with its audit record. */
TCREG_API tcreg_status tcreg_register_fields(tcreg_registry *reg, const char *const *keys,
					     const char *const *values, size_t n,
					     struct tcreg_import_result **out);
/* The same with flags: TCREG_IMPORT_UPDATE corrects the seller's submitted
 * contract of that number (as `register --update` does) instead of
 * reporting the difference as a conflict.  (*out)->contract_id names the
 * contract saved. */
TCREG_API tcreg_status tcreg_register_fields_ex(tcreg_registry *reg, const char *const *keys,
						const char *const *values, size_t n, unsigned flags,
						struct tcreg_import_result **out);
/* The contracts with this contract number, whatever their seller: a
 * NULL-terminated array (possibly empty; free with tcreg_strv_free) of
 * "id<TAB>seller<TAB>status" strings, oldest first. */
TCREG_API tcreg_status tcreg_contracts_numbered(tcreg_registry *reg, const char *contract_no,
						char ***rows);
/* A stored contract's values as tcreg_register_fields takes them (codes,
 * amounts in 元 as "1234.56", 是/否), one for each key of
 * tcreg_field_keys() in that order, "" where it has none; NULL-terminated,
 * free with tcreg_strv_free.  TCREG_ERR_NOT_FOUND when there is no such
 * contract. */
TCREG_API tcreg_status tcreg_contract_fields(tcreg_registry *reg, int64_t id, char ***values);

/* ---- Contracts ----------------------------------------------------------- */

/* Resolve an ID (registration number, internal id, or contract number) to
 * the internal id.  TCREG_ERR_AMBIGUOUS fills *candidates (malloc'd array
 * of malloc'd "id<TAB>contract_no<TAB>seller" strings, NULL-terminated). */
TCREG_API tcreg_status tcreg_contract_find(tcreg_registry *reg, const char *id_text,
					   int64_t *id, char ***candidates);
TCREG_API void tcreg_strv_free(char **v);

/* The contract as a JSON object text (the stable shape of `show --json`,
 * plus "history" and "payments" arrays when full is non-zero).  malloc'd. */
TCREG_API tcreg_status tcreg_contract_json(tcreg_registry *reg, int64_t id, int full, char **json);

/* Iterate over contracts, oldest (by signing date, then id) first. */
struct tcreg_list_filter {
	const char *status; /* NULL = any; several comma-separated: "registered,changed" */
	const char *from;   /* ISO sign_date lower bound, inclusive; NULL = none */
	const char *to;     /* upper bound, inclusive; NULL = none */
	/* a party: part of its name (now or as registered) or its whole
	 * credit code; NULL = any */
	const char *seller, *buyer;
	const char *category;         /* a category code or its start ("1" = 技术开发); NULL = any */
	const char *reg_from, *reg_to; /* registration date bounds, inclusive; NULL = none */
};
typedef struct tcreg_cursor tcreg_cursor;
TCREG_API tcreg_status tcreg_contract_list(tcreg_registry *reg, const struct tcreg_list_filter *f,
					   tcreg_cursor **out);
/* Contracts matching text, best first, at most limit of them (read them
 * with tcreg_cursor_next):
 *   - its contract or registration number, or a party's credit code, is
 *     text (first) or begins with it (next), letters in either case;
 *   - its project name, a party's name, or a party's name as registered
 *     (when no longer the party's own) contains text, Chinese included,
 *     one character or more, letters in either case; the more of the
 *     name text covers, the better;
 *   - last, text is a short form of a party's name (2 to 4 Chinese
 *     characters, the first the name's first, the others in the name in
 *     order: 哈工大 for 哈尔滨工业大学).
 * Equals among them, the newest first.  *more: how many other contracts
 * matched; *more_at_least: the search stopped counting there (each kind
 * of match is read up to limit + 1000 contracts). */
/* Build the search indexes anew from the contracts and parties (rows
 * added outside tcreg, an index damaged with its file); admin only once
 * the registry has operators; audited (search_rebuild). */
TCREG_API tcreg_status tcreg_search_rebuild(tcreg_registry *reg);
TCREG_API tcreg_status tcreg_contract_search(tcreg_registry *reg, const char *text, size_t limit,
					     tcreg_cursor **out, size_t *more, int *more_at_least);
/* Next contract as JSON text (borrowed until the next call); *json = NULL at the end. */
TCREG_API tcreg_status tcreg_cursor_next(tcreg_cursor *c, const char **json);
TCREG_API void tcreg_cursor_free(tcreg_cursor *c);

/* ---- Configuration ------------------------------------------------------ */

/* Keys: large_threshold (元, default 5000000), review_days (15),
 * review_days_large (30), allow_single_clerk (no), reg_no_template
 * ({year4}{region4}{point2}{seq6}), amount_ceiling (元, 10000000000: no
 * amount above it enters the registry), and others (tcreg_config_keys).  Returns the value or its default
 * (malloc'd).  TCREG_ERR_USAGE for an unknown key. */
TCREG_API tcreg_status tcreg_config_get(tcreg_registry *reg, const char *key, char **value);
/* Set a key after checking the value; audited.  TCREG_ERR_USAGE for an
 * unknown key or a bad value (detail in tcreg_registry_errmsg). */
TCREG_API tcreg_status tcreg_config_set(tcreg_registry *reg, const char *key, const char *value);
/* The known keys, NULL-terminated. */
TCREG_API const char *const *tcreg_config_keys(void);

/* ---- Working days --------------------------------------------------------- */

/* The date n working days after from (ISO).  Holidays and make-up working
 * days come from calendar-YYYY.csv (data dir or built in); for a year with
 * no calendar Monday to Friday count, and *assumed is set. */
TCREG_API tcreg_status tcreg_workdays_add(tcreg_registry *reg, const char *from, int n,
					  char out[11], int *assumed);
/* Working days after from up to and including to (negative when to is
 * earlier). */
TCREG_API tcreg_status tcreg_workdays_between(tcreg_registry *reg, const char *from,
					      const char *to, int *n, int *assumed);

/* ---- Recognition and registration (certify) ----------------------------- */

typedef enum {
	TCREG_CERT_ACCEPT,     /* submitted -> registered: number assigned */
	TCREG_CERT_REJECT,     /* submitted -> rejected (不予登记), reason code */
	TCREG_CERT_SUPPLEMENT, /* submitted -> needs_supplement (补正), note */
	TCREG_CERT_RESUBMIT,   /* needs_supplement -> submitted; the clock restarts */
	TCREG_CERT_REVIEW,     /* record an expert review (state unchanged) */
	TCREG_CERT_CHANGE,     /* registered|changed -> changed (变更), re-verified */
	TCREG_CERT_CANCEL,     /* registered|changed -> cancelled (注销), reason */
	TCREG_CERT_REVOKE,     /* registered|changed -> revoked (撤销), reason code */
	TCREG_CERT_NOT_ACCEPT, /* submitted -> not_accepted (不予受理), reason code N01.. */
	TCREG_CERT_WITHDRAW,   /* submitted|needs_supplement -> withdrawn (撤回, by the applicant) */
	TCREG_CERT_OBJECTION,  /* registered|changed|rejected: an objection (异议) is raised */
	TCREG_CERT_RESOLVE,    /* an open objection upheld or dismissed */
	TCREG_CERT_EXTERNAL,   /* submitted|needs_supplement -> external: registered elsewhere */
} tcreg_cert_action;

struct tcreg_decision {
	const char *category;      /* ACCEPT/CHANGE: new category or sub-type; NULL = keep */
	const char *const *deduct; /* ACCEPT/CHANGE: "ITEM=AMOUNT" or "ITEM=AMOUNT:NOTE",
				    * NULL-terminated; NULL = keep (none on ACCEPT) */
	const char *const *set;    /* CHANGE: "field=value" with ledger field keys */
	const char *reason;        /* REJECT/REVOKE: reason code; CANCEL: text */
	const char *note;
	const char *expert, *review_date, *opinion; /* REVIEW */
	const char *by;      /* OBJECTION: who objects (a party, or a 财政/税务 organ) */
	const char *outcome; /* RESOLVE: "uphold" or "dismiss" */
	const char *external_reg_no, *external_agency, *external_date; /* EXTERNAL */
	int force;           /* OBJECTION: outside the objection period, on purpose */
};

/* Carry out a decision in one transaction with its audit record.
 * TCREG_ERR_STATE: the contract's state does not allow it (detail says which
 * states do); TCREG_ERR_DENIED: the operator entered the contract and the
 * office does not allow single-clerk decisions; TCREG_ERR_INVALID: see diags.
 * *diags (always set, caller frees with tcreg_diags_free) also holds the
 * reviewer's warnings.  *reg_no (may be NULL) receives the number. */
TCREG_API tcreg_status tcreg_certify(tcreg_registry *reg, int64_t id, tcreg_cert_action action,
				     const struct tcreg_decision *d, tcreg_diags **diags,
				     char **reg_no);
TCREG_API void tcreg_diags_free(tcreg_diags *d);

/* What awaits a decision, most urgent first, as a JSON array (malloc'd). */
TCREG_API tcreg_status tcreg_queue_json(tcreg_registry *reg, char **json);
/* The same, read entry by entry: a queue after a large import holds
 * hundreds of thousands.  Open sorts the whole queue (O(n log n): a
 * deadline is worked out once per acceptance date and track) in one read
 * transaction, held until tcreg_queue_free; next gives the first limit
 * entries (0: all) one JSON object at a time (borrowed until the next
 * call; NULL at the end), each read in full only then, with the flags of
 * tcreg audit risks ("risks") when at most 2000 are given. */
typedef struct tcreg_queue tcreg_queue;
TCREG_API tcreg_status tcreg_queue_open(tcreg_registry *reg, size_t limit, tcreg_queue **out);
/* How many await a decision (given or not). */
TCREG_API size_t tcreg_queue_total(const tcreg_queue *q);
TCREG_API tcreg_status tcreg_queue_next(tcreg_queue *q, const char **json);
TCREG_API void tcreg_queue_free(tcreg_queue *q);
/* The registration certificate (登记证明) as a JSON object (malloc'd).
 * TCREG_ERR_STATE when the contract was never registered. */
TCREG_API tcreg_status tcreg_certificate_json(tcreg_registry *reg, int64_t id, char **json);

/* ---- Statistics ----------------------------------------------------------- */

/* The report of a period ("2025-10", "2025-Q3", "2025", or "last" for the
 * month before today) as JSON (malloc'd): {"period", "from", "to",
 * "previous", "ytd", "agency", "tables": {overview, by_category,
 * by_tech_field, by_seller_nature, by_buyer_nature, by_region_flow,
 * by_ip_type, large_contracts, quality, trend}}.  Table rows carry the
 * period's count and amounts (fen), the same for the period a year earlier
 * and the year to date, and shares and growth in basis points (null when
 * there is nothing to compare with).  TCREG_ERR_USAGE for a bad period. */
TCREG_API tcreg_status tcreg_report_json(tcreg_registry *reg, const char *period, char **json);
/* The report's rollups summed again from the contracts: *json (free())
 * is an array of the rows that differ, each {"month", "point_id", "dim",
 * "key", "expected", "found"} (each {"count", "total_amount_fen",
 * "tech_amount_fen"} or null for none); [] when none do. */
TCREG_API tcreg_status tcreg_report_check(tcreg_registry *reg, char **json);
/* Make the report's rollups anew from the contracts (rows changed outside
 * tcreg); admin only once the registry has operators; audited
 * (report_rebuild). */
TCREG_API tcreg_status tcreg_report_rebuild(tcreg_registry *reg);

/* ---- Award policies and awards ------------------------------------------ */

typedef struct tcreg_policy tcreg_policy;

/* Load and check a policy file (YAML, see tcreg-policy(5)).  codes may be
 * NULL (the embedded code tables are used).  *diags is always set (free with
 * tcreg_diags_free) and holds every problem with its line and column.
 * TCREG_ERR_CONFIG when the file is not a valid policy, TCREG_ERR_NOINPUT
 * when it cannot be read. */
TCREG_API tcreg_status tcreg_policy_load(tcreg_policy **out, const char *path,
					 const tcreg_codes *codes, tcreg_diags **diags);
TCREG_API void tcreg_policy_free(tcreg_policy *p);
/* The policy's name (its "policy:" key) and the SHA-256 of the file; borrowed. */
TCREG_API const char *tcreg_policy_name(const tcreg_policy *p);
TCREG_API const char *tcreg_policy_sha256(const tcreg_policy *p);
/* A summary for people: name, title, source, in force, rules (malloc'd JSON). */
TCREG_API tcreg_status tcreg_policy_json(const tcreg_policy *p, char **json);

struct tcreg_award_opts {
	const tcreg_policy *policy;
	int year;               /* the year whose transactions are rewarded */
	const char *facts_path; /* CSV of per-applicant figures (invoiced, vat_paid); NULL = none */
	const char *explain;    /* a contract ID or an applicant (USCC or name); NULL = none */
	int commit;             /* record the run so that nothing in it is paid again */
};

/* Compute the awards of a policy for a year as JSON (malloc'd): {"policy",
 * "year", "total_award_fen", "awards": [...], "excluded": [...]} and, with
 * explain, "explain": [every step for that contract or applicant].  With
 * commit the run and every award are recorded in one transaction with an
 * audit record.  TCREG_ERR_CONFIG when the policy is not in force in that
 * year; TCREG_ERR_INVALID when the facts file has errors (*diags, always
 * set); TCREG_ERR_NOT_FOUND when explain names nothing. */
TCREG_API tcreg_status tcreg_award(tcreg_registry *reg, const struct tcreg_award_opts *o,
				   char **json, tcreg_diags **diags);
/* The same run as a result to read piece by piece: a year of a large
 * registry holds hundreds of thousands of awards and exclusions, too many
 * to pass through one JSON text.  Same statuses as tcreg_award; *out is NULL
 * on failure.  The result borrows the policy: free the result first. */
typedef struct tcreg_award_result tcreg_award_result;
TCREG_API tcreg_status tcreg_award_run(tcreg_registry *reg, const struct tcreg_award_opts *o,
				       tcreg_award_result **out, tcreg_diags **diags);
TCREG_API void tcreg_award_result_free(tcreg_award_result *r);
/* Everything but the two lists (policy, year, committed, run_id, totals,
 * rules, explain) as JSON; malloc'd. */
TCREG_API char *tcreg_award_result_head(const tcreg_award_result *r);
/* The whole result: the JSON tcreg_award gives; malloc'd. */
TCREG_API char *tcreg_award_result_json(const tcreg_award_result *r);
/* The same JSON handed to write() piece by piece (a 100 MB result need not
 * be held in memory); write returns 0 on success.  TCREG_ERR_IO when it
 * fails. */
TCREG_API tcreg_status tcreg_award_result_write_json(const tcreg_award_result *r,
						     int (*write)(void *ud, const char *data, size_t n),
						     void *ud);

/* One award; strings are borrowed until the next call on the result. */
struct tcreg_award_info {
	const char *rule, *applicant, *uscc, *role, *unit, *project; /* uscc, project may be NULL */
	size_t ncontracts;
	const char *const *contracts; /* registration numbers */
	int64_t base_fen, award_fen, previous_fen;
	int capped;
	const char *reason; /* English, stable */
	const char *json;   /* the award as a JSON object, as in tcreg_award's "awards" */
	const char *basis_json; /* {"basis": ..., "allocation": [...]} alone: the reason's parts */
	/* for comparisons: who the applicant is and what the award is for */
	int64_t party_id;         /* 0 for the registration agency */
	const char *region;       /* the applicant's 4-digit region; NULL for the agency */
	const char *nature;       /* the applicant's nature code; NULL for the agency */
	const char *category;     /* the category code its contracts share; NULL when they differ */
	const char *first_reg_no; /* its earliest contract: the order of "first come" */
	/* The basis, typed: what basis_json holds, to read without parsing it.
	 * Filled by tcreg_award_result_get_typed only: tcreg_award_result_get
	 * writes the fields above and no further, so that a caller built
	 * before these were added (a smaller struct) keeps working. */
	const char *const *base; /* the base kinds ("received", ...), NULL-terminated */
	int growth;              /* the growth over the year before */
	const char *rate;        /* "flat", "band", "marginal" or "base_plus" */
	const char *pct;         /* the percentage applied ("2.5"); NULL when none */
	int64_t band_from_fen;   /* band rates: where the band used starts; -1 otherwise */
	int64_t plus_amount_fen, plus_above_fen; /* base_plus rates; 0 otherwise */
	unsigned contracts_summed; /* contracts of one applicant summed (per contract); 0 = none */
	const char *cap_per;     /* the cap that bound ("vat_paid", "band" or a unit); NULL = none */
	int64_t cap_fen;         /* that cap */
	size_t nshares;
	const struct tcreg_award_share *shares; /* the allocation: how the award may be shared */
};
/* A share of an award's allocation: at least min_fen, at most max_fen go to
 * to (-1: no such bound). */
struct tcreg_award_share {
	const char *to;
	int64_t min_fen, max_fen;
};
TCREG_API size_t tcreg_award_result_count(const tcreg_award_result *r);
TCREG_API tcreg_status tcreg_award_result_get(tcreg_award_result *r, size_t i,
					      struct tcreg_award_info *out);
/* Every field, the typed basis too, but .json and .basis_json (NULL),
 * which cost more than the rest together: for writers that read the typed
 * basis. */
TCREG_API tcreg_status tcreg_award_result_get_typed(tcreg_award_result *r, size_t i,
						    struct tcreg_award_info *out);

/* A contract of the year that a rule does not pay, and why. */
struct tcreg_award_exclusion {
	const char *contract, *rule, *code, *detail;
	const char *reason; /* English: the msgid of code with detail filled in */
};
TCREG_API size_t tcreg_award_result_excluded(const tcreg_award_result *r);
TCREG_API tcreg_status tcreg_award_result_excluded_get(tcreg_award_result *r, size_t i,
						       struct tcreg_award_exclusion *out);

/* What several policies would pay on the same registry, side by side, for
 * the years year_from..year_to, nothing committed, as JSON (malloc'd):
 * {"year_from", "year_to", "budget_fen", "policies": [{"policy", "title",
 * "total_award_fen", "awards", "applicants", "contracts", "by_year",
 * "not_in_force", "by_city", "by_category", "by_nature", "by_size",
 * "budget"}], "changes": [the applicants whose award differs most]}.
 * budget_fen < 0: no budget; else each year's round of each policy is
 * shared within it, pro rata or first come as the policy says. */
struct tcreg_compare_opts {
	const tcreg_policy *const *policies;
	size_t npolicies;
	int year_from, year_to;
	int64_t budget_fen;
	const char *facts_path;
};
TCREG_API tcreg_status tcreg_award_compare_json(tcreg_registry *reg, const struct tcreg_compare_opts *o,
						char **json, tcreg_diags **diags);

/* The message (a msgid with one %s for "detail") of an exclusion code of
 * the award output ("X_THRESHOLD", ...); NULL when unknown. */
TCREG_API const char *tcreg_award_reason(const char *code);
/* Committed award runs, oldest first, with their awards (malloc'd JSON
 * array); policy NULL = every policy. */
TCREG_API tcreg_status tcreg_award_history_json(tcreg_registry *reg, const char *policy,
						char **json);

/* ---- Risks (骗补) ---------------------------------------------------------- */

/* Contracts worth a second look in a year (signing dates), each flag with
 * its rule (splitting, clustering, circular, round_trip,
 * awarded_then_cancelled, resold_development), a score, an English reason
 * and the contracts involved, most worrying first, as JSON (malloc'd):
 * {"year", "flags": [...], "settings": {...}}.  contract_id > 0: only the
 * flags that involve that contract, from a quick look at its own seller
 * (for --accept and the queue); point: only the flags involving a contract
 * registered at that registration point (NULL: all). */
TCREG_API tcreg_status tcreg_risks_json(tcreg_registry *reg, int year, int64_t contract_id, const char *point,
				       char **json);

/* ---- Audit --------------------------------------------------------------- */

/* Check the audit chain.  Returns TCREG_OK when intact, TCREG_ERR_INVALID
 * when a row was changed, removed or inserted out of order (*bad_id names
 * the first bad row), other codes for failures. */
TCREG_API tcreg_status tcreg_audit_verify(tcreg_registry *reg, int64_t *rows, int64_t *bad_id);

/* One thing `audit verify` found wrong.  kind: "integrity" (SQLite's
 * integrity check), "chain" (an audit record), "head", "row" (a row whose
 * content no longer matches its seal: changed or added outside tcreg),
 * "seal" (rows removed, or the seal itself edited), "regno" (registration
 * numbers issued but held by no contract), "anchor". */
typedef struct tcreg_finding {
	char kind[16];
	char table[24];  /* for "row" and "seal" */
	char key[96];    /* the row's primary key, "v1,v2" */
	char *detail;    /* in the reader's language */
} tcreg_finding;

typedef struct tcreg_verify_result {
	int64_t records;       /* audit records checked */
	int64_t rows;          /* sealed rows checked */
	char head[88];         /* the chain head, "ID:HASH" */
	int64_t anchor_id;     /* the record the anchor names (0: none given) */
	size_t n;              /* findings kept (at most 10,000) */
	size_t more;           /* findings beyond those kept */
	tcreg_finding *findings;
} tcreg_verify_result;

/* Everything `audit verify` checks: SQLite's integrity, the keyed audit
 * chain and its head, each sealed row against its MAC, each table against
 * the seal, the seal against the chain, and the registration numbers for
 * gaps; with anchor (a chain head printed earlier, "HASH" or "ID:HASH"),
 * that the trail up to it is unchanged.  TCREG_OK when the checks ran (look
 * at n); another status when they could not (the key unreadable, say). */
TCREG_API tcreg_status tcreg_registry_verify(tcreg_registry *reg, const char *anchor,
					     tcreg_verify_result **out);
TCREG_API void tcreg_verify_result_free(tcreg_verify_result *r);

/* ---- Backup and restore -------------------------------------------------- */
/* An online, consistent copy of the registry at dest (SQLite's backup API,
 * one step: clerks go on working), verified with the registry's key as
 * `audit verify` would, then renamed into place; never left half-written.
 * TCREG_ERR_INVALID (and *result) when the copy does not verify. */
TCREG_API tcreg_status tcreg_backup(tcreg_registry *reg, const char *dest, tcreg_verify_result **result);
/* Put the backup at src in place of reg's content: verified first with
 * reg's key; TCREG_ERR_STATE when reg holds audit records the backup does
 * not, unless force.  The restore is recorded in the restored trail. */
TCREG_API tcreg_status tcreg_restore(tcreg_registry *reg, const char *src, int force,
				     tcreg_verify_result **result);

/* The chain head now, "ID:HASH" (for anchoring a report or certificate). */
TCREG_API tcreg_status tcreg_audit_head(tcreg_registry *reg, char out[88]);

/* ---- Stations: export and merge (schema 9) ------------------------------- */
typedef struct tcreg_export_result {
	int64_t seq;            /* this export's number at the station */
	int64_t audit_from;     /* audit records (audit_from, audit_to] carried */
	int64_t audit_to;
	int64_t contracts, parties, payments;
	int signed_;            /* signed with the station's private key */
	char hash[65];          /* the bundle's hash (SHA-256 of its content) */
	char prev_hash[65];     /* the hash of the export before it */
} tcreg_export_result;

/* Write the station's work since export `since` (-1: the last export; 0:
 * from the start) into a new bundle file at path (which must not exist),
 * signed with the Ed25519 private key in key_file when not NULL; recorded
 * in export_log and the audit trail in one transaction.  Exports after
 * `since` are superseded (a lost file is written again, covering more). */
TCREG_API tcreg_status tcreg_export(tcreg_registry *reg, int64_t since, const char *key_file,
				    const char *path, tcreg_export_result *out);

typedef struct tcreg_merge_conflict {
	int64_t id;             /* merge_conflict.id: what --resolve names */
	char *rule;             /* "same_number" | "same_parties" */
	char *station;          /* the point that filed it, RRRRCC */
	char *contract_no, *reg_no;   /* as the station filed it */
	char *twin_reg_no;      /* the contract already here (NULL: not registered) */
	char *twin_point;       /* its point, RRRRCC */
	int64_t merged_id;      /* the carried contract's id here; 0 when held out */
	char *outcome;          /* NULL (open) or "revoked" / "kept" */
} tcreg_merge_conflict;

typedef struct tcreg_merge_result {
	char station[7];        /* region and code, RRRRCC */
	char *station_name;
	int64_t seq;
	char hash[65];
	int point_created;      /* the point was new here */
	int signature_checked;  /* the point has a key and the signature is its */
	int nothing_new;        /* this export was merged before: nothing changed */
	int64_t contracts_new, contracts_updated, parties_new, payments_new, audit_records;
	size_t n_conflicts;
	tcreg_merge_conflict *conflicts;
} tcreg_merge_result;

/* Merge a station's bundle: integrity (the content hash, the chain of
 * exports, the station's audit chain link by link) always, the signature
 * when the point has a key (TCREG_ERR_DENIED when it is missing or not by
 * that key); a gap in the station's exports is refused (TCREG_ERR_INVALID,
 * naming what is missing), an export merged before is a no-op.  One
 * transaction, rolled back when dry_run. */
TCREG_API tcreg_status tcreg_merge(tcreg_registry *reg, const char *path, int dry_run,
				   tcreg_merge_result **out);
/* The conflicts recorded here (open ones only unless all). */
TCREG_API tcreg_status tcreg_merge_conflicts(tcreg_registry *reg, int all, tcreg_merge_result **out);
/* Decide conflict id: outcome "revoke" (the later filing revoked, V03) or
 * "keep" (both kept; not possible for the same seller and number). */
TCREG_API tcreg_status tcreg_merge_resolve(tcreg_registry *reg, int64_t id, const char *outcome,
					   const char *note);
TCREG_API void tcreg_merge_result_free(tcreg_merge_result *r);

#ifdef __cplusplus
}
#endif
#endif /* TCREG_H */
