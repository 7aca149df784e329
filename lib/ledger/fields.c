/* SPDX-License-Identifier: MIT
 * fields.c - turning the values of one record (ledger row, document or
 * interactive answers) into a checked contract or payment.  Every problem
 * of the record is reported, not just the first.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

enum kind { K_ID, K_TEXT, K_NOTE, K_CODE, K_USCC, K_AMOUNT, K_DATE, K_BOOL };

static const struct {
	const char *key;
	bool required;
	enum kind kind;
	tcreg_table table;
} cols[COL__COUNT] = {
	[COL_CONTRACT_NO] = { "contract_no", true, K_ID, 0 },
	[COL_PROJECT_NAME] = { "project_name", true, K_TEXT, 0 },
	[COL_CATEGORY] = { "category", true, K_CODE, TCREG_TABLE_CATEGORY },
	[COL_SELLER_NAME] = { "seller_name", true, K_TEXT, 0 },
	[COL_SELLER_USCC] = { "seller_uscc", false, K_USCC, 0 },
	[COL_SELLER_REGION] = { "seller_region", true, K_CODE, TCREG_TABLE_REGION },
	[COL_SELLER_NATURE] = { "seller_nature", true, K_CODE, TCREG_TABLE_NATURE },
	[COL_BUYER_NAME] = { "buyer_name", true, K_TEXT, 0 },
	[COL_BUYER_USCC] = { "buyer_uscc", false, K_USCC, 0 },
	[COL_BUYER_REGION] = { "buyer_region", true, K_CODE, TCREG_TABLE_REGION },
	[COL_BUYER_NATURE] = { "buyer_nature", true, K_CODE, TCREG_TABLE_NATURE },
	[COL_TOTAL_AMOUNT] = { "total_amount", true, K_AMOUNT, 0 },
	[COL_TECH_AMOUNT] = { "tech_amount", true, K_AMOUNT, 0 },
	[COL_SIGN_DATE] = { "sign_date", true, K_DATE, 0 },
	[COL_VALID_FROM] = { "valid_from", true, K_DATE, 0 },
	[COL_VALID_TO] = { "valid_to", true, K_DATE, 0 },
	[COL_TECH_FIELD] = { "tech_field", true, K_CODE, TCREG_TABLE_TECH_FIELD },
	[COL_IP_TYPE] = { "ip_type", false, K_CODE, TCREG_TABLE_IP_TYPE },
	[COL_PAY_METHOD] = { "pay_method", false, K_CODE, TCREG_TABLE_PAY_METHOD },
	[COL_RELATED_PARTY] = { "related_party", false, K_BOOL, 0 },
	[COL_NOTE] = { "note", false, K_NOTE, 0 },
	[COL_SERVED_CONTRACT] = { "served_contract", false, K_ID, 0 },
	[COL_PLAN_SOURCE] = { "plan_source", false, K_CODE, TCREG_TABLE_PLAN_SOURCE },
	[COL_OBJECTIVE] = { "objective", false, K_CODE, TCREG_TABLE_OBJECTIVE },
	[COL_FOREIGN] = { "foreign", false, K_CODE, TCREG_TABLE_FOREIGN },
	[COL_LICENCE_MODE] = { "licence_mode", false, K_CODE, TCREG_TABLE_LICENCE_MODE },
	[COL_LICENCE_YEARS] = { "licence_years", false, K_TEXT, 0 },
	[COL_ENTERPRISE_TYPE] = { "enterprise_type", false, K_CODE, TCREG_TABLE_ENTERPRISE_TYPE },
};

static const struct {
	const char *key;
	bool required;
	enum kind kind;
} pcols[PCOL__COUNT] = {
	[PCOL_REG_NO] = { "reg_no", false, K_ID },
	[PCOL_SELLER_NAME] = { "seller_name", false, K_TEXT },
	[PCOL_CONTRACT_NO] = { "contract_no", false, K_ID },
	[PCOL_PAY_DATE] = { "pay_date", true, K_DATE },
	[PCOL_AMOUNT] = { "amount", true, K_AMOUNT },
	[PCOL_VOUCHER] = { "voucher", true, K_ID },
	[PCOL_REVERSES] = { "reverses_voucher", false, K_ID },
	[PCOL_NOTE] = { "note", false, K_NOTE },
};

static const char *const unknown_code[TCREG_TABLE_LAST] = {
	[TCREG_TABLE_CATEGORY] = N_("unknown contract category"),
	[TCREG_TABLE_REGION] = N_("unknown region: give a 4-digit region code, a 6-digit administrative code or a region name"),
	[TCREG_TABLE_NATURE] = N_("unknown party nature"),
	[TCREG_TABLE_TECH_FIELD] = N_("unknown technical field"),
	[TCREG_TABLE_IP_TYPE] = N_("unknown IP type"),
	[TCREG_TABLE_PAY_METHOD] = N_("unknown payment method"),
	[TCREG_TABLE_PLAN_SOURCE] = N_("unknown plan source"),
	[TCREG_TABLE_OBJECTIVE] = N_("unknown socio-economic objective"),
	[TCREG_TABLE_FOREIGN] = N_("write 否, 技术进口, 技术出口 or 是"),
	[TCREG_TABLE_LICENCE_MODE] = N_("write 独占, 排他 or 普通"),
	[TCREG_TABLE_ENTERPRISE_TYPE] = N_("write 内资, 港澳台 or 外资"),
};

const char *
tcreg__col_key(enum tcreg__col c)
{
	return c < COL__COUNT ? cols[c].key : NULL;
}

bool
tcreg__col_required(enum tcreg__col c)
{
	return c < COL__COUNT && cols[c].required;
}

const char *
tcreg__pcol_key(enum tcreg__pcol c)
{
	return c < PCOL__COUNT ? pcols[c].key : NULL;
}

int
tcreg__field_error(tcreg_diags *diags, const struct tcreg__cell *c, long line, const char *code,
		   const char *msgid, const char *arg)
{
	tcreg__diags_add(diags, TCREG_SEV_ERROR, c->line ? c->line : line, c->col, c->header, code,
			 msgid, arg, c->text);
	return 1;
}

/* Are the control characters of s line breaks (\n, \r) and tabs only? */
static bool
only_line_breaks(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

/* A text value: trimmed in place; NULL when absent or empty. */
static const char *
text_value(struct tcreg__cell *c, enum kind kind, bool required, long line, tcreg_diags *diags,
	   int *errors)
{
	char *t = (char *)c->text;
	if (t)
		tcreg__trim(t);
	if (!t || !*t) {
		if (required)
			*errors += tcreg__field_error(diags, c, line, "E_REQUIRED",
						      N_("a value is required"), NULL);
		return NULL;
	}
	size_t max = kind == K_NOTE ? 4000 : kind == K_ID ? 100 : 500;
	if (strlen(t) > max) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", max);
		*errors += tcreg__field_error(diags, c, line, "E_TOO_LONG",
					      N_("longer than %s bytes"), n);
		return NULL;
	}
	if (tcreg__has_control(t, kind == K_NOTE)) {
		/* the usual one is Excel's Alt+Enter: named, so the clerk knows what to remove */
		*errors += tcreg__field_error(diags, c, line, "E_CONTROL_CHAR",
					      kind != K_NOTE && only_line_breaks(t)
						      ? N_("contains a line break (Alt+Enter in Excel); "
							   "only one line is allowed here")
						      : N_("contains a control character"),
					      NULL);
		return NULL;
	}
	if (kind == K_ID && tcreg__is_excel_sci(t)) {
		*errors += tcreg__field_error(
			diags, c, line, "E_EXCEL_SCI",
			N_("scientific notation: Excel changed this number; format the column as text and re-enter it"),
			NULL);
		return NULL;
	}
	return t;
}

/* The ceiling as whole 元 with thousands separators ("10,000,000,000"). */
static void
ceiling_text(int64_t ceiling_fen, char *buf, size_t n)
{
	char digits[32], out[48];
	snprintf(digits, sizeof(digits), "%lld", (long long)(ceiling_fen / 100));
	size_t len = strlen(digits), k = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	snprintf(buf, n, "%s", out); /* whole 元: tcreg config takes nothing else */
}

/* An amount above the office's plausibility ceiling is refused where it
 * enters: one such value (a slip of the finger, a hostile file) would
 * otherwise make every sum of its period meaningless. */
static bool
under_ceiling(struct tcreg__cell *c, long line, tcreg_diags *diags, int *errors, int64_t fen,
	      int64_t ceiling_fen)
{
	if (ceiling_fen <= 0 || fen <= ceiling_fen)
		return true;
	char buf[48];
	ceiling_text(ceiling_fen, buf, sizeof(buf));
	*errors += tcreg__field_error(diags, c, line, "E_AMOUNT_CEILING",
				      N_("implausibly large: above the amount ceiling of %s 元 (tcreg config amount_ceiling)"),
				      buf);
	return false;
}

static bool
parse_amount(struct tcreg__cell *c, bool required, long line, tcreg_diags *diags, int *errors,
	     int64_t *fen, int64_t ceiling_fen)
{
	const char *t = text_value(c, K_TEXT, required, line, diags, errors);
	if (!t)
		return false;
	const char *code, *msgid;
	if (c->fen) {
		/* documents may give whole fen: digits only */
		if (strspn(t, "0123456789") != strlen(t) || strlen(t) > 18) {
			*errors += tcreg__field_error(diags, c, line, "E_AMOUNT",
						      N_("not a whole number of fen"), NULL);
			return false;
		}
		*fen = 0;
		for (const char *p = t; *p; p++)
			*fen = *fen * 10 + (*p - '0');
		return under_ceiling(c, line, diags, errors, *fen, ceiling_fen);
	}
	if (tcreg_amount_parse(t, c->unit_wan, fen, &code, &msgid) != TCREG_OK) {
		*errors += tcreg__field_error(diags, c, line, code, msgid, NULL);
		return false;
	}
	return under_ceiling(c, line, diags, errors, *fen, ceiling_fen);
}

/* 许可年限: whole years, 1 to 99 (a trailing 年 is allowed); 0 when absent. */
static int
parse_years(struct tcreg__cell *c, long line, tcreg_diags *diags, int *errors)
{
	const char *t = text_value(c, K_TEXT, false, line, diags, errors);
	if (!t)
		return 0;
	size_t n = strspn(t, "0123456789");
	bool ok = n > 0 && n <= 2 && (t[n] == '\0' || strcmp(t + n, "年") == 0);
	int v = ok ? atoi(t) : 0;
	if (!ok || v < 1) {
		*errors += tcreg__field_error(diags, c, line, "E_YEARS",
					      N_("a number of whole years, 1 to 99"), NULL);
		return 0;
	}
	return v;
}

static bool
parse_date(struct tcreg__cell *c, bool required, long line, tcreg_diags *diags, int *errors,
	   char iso[11])
{
	iso[0] = '\0';
	const char *t = text_value(c, K_TEXT, required, line, diags, errors);
	if (!t)
		return false;
	const char *code, *msgid;
	if (tcreg_date_parse(t, iso, &code, &msgid) != TCREG_OK) {
		iso[0] = '\0';
		*errors += tcreg__field_error(diags, c, line, code, msgid, NULL);
		return false;
	}
	return true;
}

static const char *
parse_code(const tcreg_codes *codes, tcreg_table table, struct tcreg__cell *c, bool required,
	   long line, tcreg_diags *diags, int *errors)
{
	const char *t = text_value(c, K_TEXT, required, line, diags, errors);
	if (!t)
		return NULL;
	const char *code;
	if (tcreg_codes_resolve(codes, table, t, &code) != TCREG_OK) {
		*errors += tcreg__field_error(diags, c, line, "E_CODE", unknown_code[table], NULL);
		return NULL;
	}
	return code;
}

static bool
parse_uscc(struct tcreg__cell *c, long line, tcreg_diags *diags, int *errors, char out[19])
{
	out[0] = '\0';
	const char *t = text_value(c, K_TEXT, false, line, diags, errors);
	if (!t)
		return true;
	const char *code, *msgid;
	if (tcreg_uscc_check(t, out, &code, &msgid) != TCREG_OK) {
		out[0] = '\0';
		*errors += tcreg__field_error(diags, c, line, code, msgid, NULL);
		return false;
	}
	return true;
}

static int
parse_bool(struct tcreg__cell *c, long line, tcreg_diags *diags, int *errors)
{
	const char *t = text_value(c, K_TEXT, false, line, diags, errors);
	if (!t)
		return -1;
	static const char *const yes[] = { "是", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "1", "关联" };
	static const char *const no[] = { "否", "N", "n", "no", "No", "NO", "false", "FALSE", "0", "非关联" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(t, yes[i]) == 0)
			return 1;
		if (strcmp(t, no[i]) == 0)
			return 0;
	}
	*errors += tcreg__field_error(diags, c, line, "E_BOOL", N_("write 是 or 否"), NULL);
	return -1;
}

int
tcreg__contract_from_cells(const tcreg_codes *codes, const char *today, int64_t ceiling_fen,
			   struct tcreg__cell *cells, long line, struct tcreg__contract *out,
			   tcreg_diags *diags)
{
	int errors = 0;
	memset(out, 0, sizeof(*out));
	out->related = -1;
	bool ok_total = false, ok_tech = false;
	for (int i = 0; i < COL__COUNT; i++) {
		struct tcreg__cell *c = &cells[i];
		bool req = cols[i].required;
		switch (i) {
		case COL_CONTRACT_NO:
			out->contract_no = text_value(c, K_ID, req, line, diags, &errors);
			break;
		case COL_PROJECT_NAME:
			out->project_name = text_value(c, K_TEXT, req, line, diags, &errors);
			break;
		case COL_SELLER_NAME:
			out->seller.name = text_value(c, K_TEXT, req, line, diags, &errors);
			break;
		case COL_BUYER_NAME:
			out->buyer.name = text_value(c, K_TEXT, req, line, diags, &errors);
			break;
		case COL_NOTE:
			out->note = text_value(c, K_NOTE, req, line, diags, &errors);
			break;
		case COL_SERVED_CONTRACT:
			out->served = text_value(c, K_ID, req, line, diags, &errors);
			break;
		case COL_SELLER_USCC:
			parse_uscc(c, line, diags, &errors, out->seller.uscc);
			break;
		case COL_BUYER_USCC:
			parse_uscc(c, line, diags, &errors, out->buyer.uscc);
			break;
		case COL_TOTAL_AMOUNT:
			ok_total = parse_amount(c, req, line, diags, &errors, &out->total_fen, ceiling_fen);
			break;
		case COL_TECH_AMOUNT:
			ok_tech = parse_amount(c, req, line, diags, &errors, &out->tech_fen, ceiling_fen);
			break;
		case COL_SIGN_DATE:
			parse_date(c, req, line, diags, &errors, out->sign_date);
			break;
		case COL_VALID_FROM:
			parse_date(c, req, line, diags, &errors, out->valid_from);
			break;
		case COL_VALID_TO:
			parse_date(c, req, line, diags, &errors, out->valid_to);
			break;
		case COL_RELATED_PARTY:
			out->related = parse_bool(c, line, diags, &errors);
			break;
		case COL_LICENCE_YEARS:
			out->licence_years = parse_years(c, line, diags, &errors);
			break;
		default: {
			const char *code = parse_code(codes, cols[i].table, c, req, line, diags, &errors);
			switch (i) {
			case COL_CATEGORY: out->category = code; break;
			case COL_SELLER_REGION: out->seller.region = code; break;
			case COL_SELLER_NATURE: out->seller.nature = code; break;
			case COL_BUYER_REGION: out->buyer.region = code; break;
			case COL_BUYER_NATURE: out->buyer.nature = code; break;
			case COL_TECH_FIELD: out->tech_field = code; break;
			case COL_IP_TYPE: out->ip_type = code; break;
			case COL_PAY_METHOD: out->pay_method = code; break;
			case COL_PLAN_SOURCE: out->plan_source = code; break;
			case COL_OBJECTIVE: out->objective = code; break;
			case COL_FOREIGN: out->foreign = code; break;
			case COL_LICENCE_MODE: out->licence_mode = code; break;
			case COL_ENTERPRISE_TYPE: out->enterprise_type = code; break;
			}
		}
		}
	}

	/* rules across fields */
	char buf[40];
	if (ok_total && ok_tech && out->tech_fen > out->total_fen)
		errors += tcreg__field_error(diags, &cells[COL_TECH_AMOUNT], line, "E_TECH_GT_TOTAL",
					     N_("more than the contract amount (%s)"),
					     tcreg_amount_format(out->total_fen, buf, sizeof(buf)));
	if (out->valid_from[0] && out->valid_to[0] && strcmp(out->valid_to, out->valid_from) < 0)
		errors += tcreg__field_error(diags, &cells[COL_VALID_TO], line, "E_DATE_ORDER",
					     N_("before the start of validity (%s)"), out->valid_from);
	if (out->sign_date[0] && today && strcmp(out->sign_date, today) > 0)
		errors += tcreg__field_error(diags, &cells[COL_SIGN_DATE], line, "E_DATE_FUTURE",
					     N_("after today (%s)"), today);
	bool same = (out->seller.uscc[0] && strcmp(out->seller.uscc, out->buyer.uscc) == 0) ||
		    (!out->seller.uscc[0] && !out->buyer.uscc[0] && out->seller.name &&
		     out->buyer.name && strcmp(out->seller.name, out->buyer.name) == 0);
	if (same)
		errors += tcreg__field_error(diags, &cells[COL_BUYER_NAME], line, "E_SAME_PARTY",
					     N_("the buyer is the seller"), NULL);
	/* a licence's mode and term belong to a 技术许可 contract (codes 3x) */
	bool licence = out->category && out->category[0] == '3';
	if ((out->licence_mode || out->licence_years) && out->category && !licence)
		errors += tcreg__field_error(diags, &cells[out->licence_mode ? COL_LICENCE_MODE : COL_LICENCE_YEARS],
					     line, "E_LICENCE_CATEGORY",
					     N_("only a 技术许可 contract has a licence mode and term"), NULL);
	/* only an intermediary contract serves another deal (the code of 技术中介) */
	if (out->served && out->category && strcmp(out->category, "53") != 0)
		errors += tcreg__field_error(diags, &cells[COL_SERVED_CONTRACT], line, "E_SERVED_CATEGORY",
					     N_("only a 技术中介 contract names the deal it served"), NULL);
	return errors;
}

int
tcreg__payment_from_cells(const char *today, int64_t ceiling_fen, struct tcreg__cell *cells, long line,
			  struct tcreg__payment *out, tcreg_diags *diags)
{
	int errors = 0;
	memset(out, 0, sizeof(*out));
	out->reg_no = text_value(&cells[PCOL_REG_NO], K_ID, false, line, diags, &errors);
	out->seller_name = text_value(&cells[PCOL_SELLER_NAME], K_TEXT, false, line, diags, &errors);
	out->contract_no = text_value(&cells[PCOL_CONTRACT_NO], K_ID, false, line, diags, &errors);
	out->voucher = text_value(&cells[PCOL_VOUCHER], K_ID, true, line, diags, &errors);
	bool ok_date = parse_date(&cells[PCOL_PAY_DATE], true, line, diags, &errors, out->pay_date);
	out->reverses = text_value(&cells[PCOL_REVERSES], K_ID, false, line, diags, &errors);
	out->note = text_value(&cells[PCOL_NOTE], K_NOTE, false, line, diags, &errors);
	/* a reversal is written as a negative amount: the sign is read here,
	 * the amount by the ordinary parser */
	struct tcreg__cell amount = cells[PCOL_AMOUNT];
	bool negative = false;
	if (amount.text) {
		char *t = amount.text;
		while (*t == ' ')
			t++;
		if (*t == '-' || strncmp(t, "\xef\xbc\x8d", 3) == 0) { /* '-' or full-width '－' */
			negative = true;
			amount.text = t + (*t == '-' ? 1 : 3);
		}
	}
	bool ok_amount = parse_amount(&amount, true, line, diags, &errors, &out->amount_fen, ceiling_fen);
	if (ok_amount && negative)
		out->amount_fen = -out->amount_fen;
	if (ok_amount && negative && !out->reverses)
		errors += tcreg__field_error(diags, &cells[PCOL_AMOUNT], line, "E_REVERSAL_VOUCHER",
					     N_("a negative amount reverses a payment: name its voucher in the reverses_voucher (冲销凭证号) column"),
					     NULL);
	if (ok_amount && !negative && out->reverses)
		errors += tcreg__field_error(diags, &cells[PCOL_REVERSES], line, "E_REVERSAL_AMOUNT",
					     N_("a reversal has a negative amount"), NULL);
	if (ok_amount && negative && !out->note)
		errors += tcreg__field_error(diags, &cells[PCOL_AMOUNT], line, "E_REVERSAL_NOTE",
					     N_("say why the payment is reversed in the note (备注) column"), NULL);
	if (!out->reg_no && !(out->seller_name && out->contract_no))
		errors += tcreg__field_error(diags, &cells[PCOL_REG_NO], line, "E_REQUIRED",
					     N_("give the registration number, or the seller and the contract number"),
					     NULL);
	if (ok_amount && out->amount_fen == 0)
		errors += tcreg__field_error(diags, &cells[PCOL_AMOUNT], line, "E_AMOUNT_ZERO",
					     N_("a payment must be more than 0"), NULL);
	if (ok_date && today && strcmp(out->pay_date, today) > 0)
		errors += tcreg__field_error(diags, &cells[PCOL_PAY_DATE], line, "E_DATE_FUTURE",
					     N_("after today (%s)"), today);
	return errors;
}
