/* SPDX-License-Identifier: MIT
 * uscc.c - 统一社会信用代码 (GB 32100-2015): 18 characters, the last one a
 * check character computed modulo 31 over the first 17.
 */
#include <ctype.h>
#include <string.h>

#include "tcreg-private.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

tcreg_status
tcreg_uscc_check(const char *text, char out[19], const char **code, const char **msgid)
{
	const char *dummy_c, *dummy_m;
	if (!code)
		code = &dummy_c;
	if (!msgid)
		msgid = &dummy_m;
	char buf[64];
	*code = "E_USCC";
	*msgid = N_("a 统一社会信用代码 has 18 characters");
	if (!text || strlen(text) >= sizeof(buf))
		return TCREG_ERR_INVALID;
	strcpy(buf, text);
	tcreg__fold_width(buf);
	char *s = tcreg__trim(buf);
	if (tcreg__is_excel_sci(s)) {
		*code = "E_EXCEL_SCI";
		*msgid = N_("scientific notation: Excel changed this code; format the column as text and re-enter it");
		return TCREG_ERR_INVALID;
	}
	if (strlen(s) != 18)
		return TCREG_ERR_INVALID;
	int sum = 0;
	for (int i = 0; i < 18; i++) {
		s[i] = (char)toupper((unsigned char)s[i]);
		const char *pos = s[i] ? strchr(alphabet, s[i]) : NULL;
		if (!pos) {
			*msgid = N_("a 统一社会信用代码 uses only digits and the letters ABCDEFGHJKLMNPQRTUWXY");
			return TCREG_ERR_INVALID;
		}
		if (i < 17)
			sum += (int)(pos - alphabet) * weights[i];
	}
	int check = (31 - sum % 31) % 31;
	if (s[17] != alphabet[check]) {
		*code = "E_USCC_CHECK";
		*msgid = N_("wrong check character in the 统一社会信用代码");
		return TCREG_ERR_INVALID;
	}
	memcpy(out, s, 19);
	return TCREG_OK;
}
