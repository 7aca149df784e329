/* SPDX-License-Identifier: MIT
 * enter-codes.c - help at a prompt of the interactive entry: "?" lists a
 * coded field's codes with their names in the clerk's language, "?TEXT"
 * those that match; amounts are echoed the way a person reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "enter.h"

/* A table longer than this is listed by its top level (codes ending in 00:
 * the provinces) unless filtered; the 366 regions do not fit a screen. */
#define LONG_LIST 40

bool
enter_lang_zh(void)
{
	/* tcreg.c sets LANGUAGE whenever Chinese was asked for, by --lang,
	 * TCREG_LANG or the locale */
	const char *l = getenv("LANGUAGE");
	return l && strncmp(l, "zh", 2) == 0;
}

/* The name shown for a code: the sub-type of a category that has one;
 * in English the English name with the Chinese after it, where the table
 * has one. */
static void
print_entry(const tcreg_codes *codes, tcreg_table t, const char *code, int width, bool zh)
{
	const char *sub = t == TCREG_TABLE_CATEGORY ? tcreg_codes_extra(codes, t, code) : NULL;
	const char *name = sub ? sub : tcreg_codes_name(codes, t, code);
	const char *en = zh ? NULL : tcreg_codes_name_en(codes, t, code);
	fputs("    ", stdout);
	cli_pad(stdout, code, width + 1);
	if (en)
		printf("%s (%s)\n", en, name ? name : "");
	else
		printf("%s\n", name ? name : "");
}

static bool
is_top_level(const char *code)
{
	size_t n = strlen(code);
	return n >= 2 && strcmp(code + n - 2, "00") == 0;
}

static bool
listed(const char *code, const char *filter, const char *const *hits, size_t nhits)
{
	if (!*filter)
		return true;
	if (strncmp(code, filter, strlen(filter)) == 0)
		return true;
	for (size_t k = 0; k < nhits; k++)
		if (strcmp(hits[k], code) == 0)
			return true;
	return false;
}

void
enter_list_codes(struct session *s, size_t i, const char *filter)
{
	tcreg_table t = tcreg_field_table(enter_fields[i].key);
	const tcreg_codes *codes;
	if (t == TCREG_TABLE_LAST || tcreg_registry_codes(s->ctx->reg, &codes) != TCREG_OK) {
		printf("  %s\n", _("no list for this field: it takes no code"));
		return;
	}
	while (*filter == ' ')
		filter++;
	size_t n = tcreg_codes_count(codes, t);
	const char **hits = calloc(n + 1, sizeof(*hits));
	if (!hits)
		return;
	size_t nhits = *filter ? tcreg_codes_search(codes, t, filter, hits, n) : 0;
	bool top = !*filter && n > LONG_LIST;
	int width = 0;
	size_t shown = 0;
	for (size_t k = 0; k < n; k++) {
		const char *code = tcreg_codes_code_at(codes, t, k);
		if (listed(code, filter, hits, nhits) && (!top || is_top_level(code)) && cli_width(code) > width)
			width = cli_width(code);
	}
	bool zh = enter_lang_zh();
	for (size_t k = 0; k < n; k++) {
		const char *code = tcreg_codes_code_at(codes, t, k);
		if (!listed(code, filter, hits, nhits) || (top && !is_top_level(code)))
			continue;
		print_entry(codes, t, code, width, zh);
		shown++;
	}
	free(hits);
	if (shown == 0)
		printf("  %s\n", _("nothing matches; type ? alone for the whole list"));
	if (top)
		printf("  %s\n", _("more: ? and the first digits of a code (?23), or part of a name (?哈), "
				   "lists the rest"));
}

/* fen as 万元, exactly: "300", "12.5", "0.0001" */
static void
wan_text(int64_t fen, char *buf, size_t n)
{
	char frac[8];
	snprintf(frac, sizeof(frac), "%06lld", (long long)(fen % 1000000));
	size_t k = strlen(frac);
	while (k > 0 && frac[k - 1] == '0')
		frac[--k] = '\0';
	snprintf(buf, n, "%lld%s%s", (long long)(fen / 1000000), k ? "." : "", frac);
}

const char *
enter_amount_text(const char *stored, const char *typed, char *buf, size_t n)
{
	int64_t fen;
	if (tcreg_amount_parse(stored, 0, &fen, NULL, NULL) != TCREG_OK) {
		snprintf(buf, n, "%s", stored);
		return buf;
	}
	char yuan[48], wan[48];
	cli_yuan(fen, yuan, sizeof(yuan));
	if (typed && strstr(typed, "万")) {
		wan_text(fen, wan, sizeof(wan));
		snprintf(buf, n, _("%s 元 (%s万元)"), yuan, wan);
	} else {
		snprintf(buf, n, "%s 元", yuan);
	}
	return buf;
}
