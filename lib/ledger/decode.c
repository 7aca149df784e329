/* SPDX-License-Identifier: MIT
 * decode.c - what Excel on Chinese Windows writes (UTF-8 with or without
 * BOM, GB18030/GBK, UTF-16 "Unicode text") turned into UTF-8, strictly: a
 * byte sequence that is not valid in the file's encoding is an error with a
 * position, never a replacement character.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

struct tcreg__decoder {
	tcreg_encoding enc;
	iconv_t cd;
};

int
tcreg_encoding_from_name(const char *name)
{
	if (!name)
		return -1;
	char n[32];
	size_t k = 0;
	for (const char *p = name; *p && k + 1 < sizeof(n); p++)
		if (*p != '-' && *p != '_')
			n[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	n[k] = '\0';
	if (strcmp(n, "auto") == 0)
		return TCREG_ENC_AUTO;
	if (strcmp(n, "utf8") == 0)
		return TCREG_ENC_UTF8;
	if (strcmp(n, "gb18030") == 0 || strcmp(n, "gbk") == 0 || strcmp(n, "cp936") == 0 ||
	    strcmp(n, "gb2312") == 0)
		return TCREG_ENC_GB18030;
	if (strcmp(n, "utf16") == 0)
		return TCREG_ENC_UTF16;
	if (strcmp(n, "utf16le") == 0)
		return TCREG_ENC_UTF16LE;
	if (strcmp(n, "utf16be") == 0)
		return TCREG_ENC_UTF16BE;
	return -1;
}

const char *
tcreg_encoding_name(tcreg_encoding e)
{
	switch (e) {
	case TCREG_ENC_UTF8:
		return "utf-8";
	case TCREG_ENC_GB18030:
		return "gb18030";
	case TCREG_ENC_UTF16LE:
		return "utf-16le";
	case TCREG_ENC_UTF16BE:
		return "utf-16be";
	case TCREG_ENC_UTF16:
		return "utf-16";
	default:
		return "auto";
	}
}

tcreg_encoding
tcreg__detect_encoding(const unsigned char *p, size_t n, tcreg_encoding asked, size_t *bom_len)
{
	*bom_len = 0;
	bool utf8_bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
	bool le_bom = n >= 2 && p[0] == 0xFF && p[1] == 0xFE;
	bool be_bom = n >= 2 && p[0] == 0xFE && p[1] == 0xFF;
	bool gb_bom = n >= 4 && p[0] == 0x84 && p[1] == 0x31 && p[2] == 0x95 && p[3] == 0x33;

	switch (asked) {
	case TCREG_ENC_UTF8:
		*bom_len = utf8_bom ? 3 : 0;
		return TCREG_ENC_UTF8;
	case TCREG_ENC_GB18030:
		*bom_len = gb_bom ? 4 : 0;
		return TCREG_ENC_GB18030;
	case TCREG_ENC_UTF16LE:
		*bom_len = le_bom ? 2 : 0;
		return TCREG_ENC_UTF16LE;
	case TCREG_ENC_UTF16BE:
		*bom_len = be_bom ? 2 : 0;
		return TCREG_ENC_UTF16BE;
	case TCREG_ENC_UTF16:
		*bom_len = le_bom || be_bom ? 2 : 0;
		return be_bom ? TCREG_ENC_UTF16BE : TCREG_ENC_UTF16LE;
	default:
		break;
	}
	if (utf8_bom) {
		*bom_len = 3;
		return TCREG_ENC_UTF8;
	}
	if (le_bom) {
		*bom_len = 2;
		return TCREG_ENC_UTF16LE;
	}
	if (be_bom) {
		*bom_len = 2;
		return TCREG_ENC_UTF16BE;
	}
	if (gb_bom) {
		*bom_len = 4;
		return TCREG_ENC_GB18030;
	}
	/* UTF-16 without a BOM: ASCII text has a NUL in every other byte */
	size_t zeros_odd = 0, zeros_even = 0;
	for (size_t i = 0; i < n && i < 4096; i++)
		if (p[i] == 0)
			*(i % 2 ? &zeros_odd : &zeros_even) += 1;
	size_t half = (n < 4096 ? n : 4096) / 2;
	if (half > 8 && zeros_odd > half / 4 && zeros_even == 0)
		return TCREG_ENC_UTF16LE;
	if (half > 8 && zeros_even > half / 4 && zeros_odd == 0)
		return TCREG_ENC_UTF16BE;
	bool truncated;
	size_t ok = tcreg__utf8_valid_prefix(p, n, &truncated);
	if (ok == n || (truncated && n - ok < 4))
		return TCREG_ENC_UTF8;
	/* Chinese text that starts as valid UTF-8 (a UTF-8 header, say) and
	 * breaks later is UTF-8 with bad bytes, which must be reported; GB18030
	 * text almost never forms several valid UTF-8 sequences in a row. */
	size_t multibyte = 0;
	for (size_t i = 0; i < ok; i++)
		multibyte += (p[i] & 0xC0) == 0xC0;
	if (multibyte >= 4)
		return TCREG_ENC_UTF8;
	return TCREG_ENC_GB18030;
}

static const char *
iconv_name(tcreg_encoding e)
{
	switch (e) {
	case TCREG_ENC_GB18030:
		return "GB18030";
	case TCREG_ENC_UTF16LE:
		return "UTF-16LE";
	case TCREG_ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return NULL;
	}
}

tcreg_status
tcreg__decoder_new(struct tcreg__decoder **out, tcreg_encoding enc)
{
	*out = NULL;
	struct tcreg__decoder *d = calloc(1, sizeof(*d));
	if (!d)
		return TCREG_ERR_NOMEM;
	d->enc = enc == TCREG_ENC_UTF16 ? TCREG_ENC_UTF16LE : enc;
	d->cd = (iconv_t)-1;
	const char *from = iconv_name(d->enc);
	if (from) {
		d->cd = iconv_open("UTF-8", from);
		if (d->cd == (iconv_t)-1) {
			free(d);
			return TCREG_ERR_INTERNAL;
		}
	}
	*out = d;
	return TCREG_OK;
}

void
tcreg__decoder_free(struct tcreg__decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d);
}

tcreg_status
tcreg__decode(struct tcreg__decoder *d, const char *in, size_t n, bool final,
	      struct tcreg__buf *out, size_t *consumed, size_t *bad_offset)
{
	*consumed = 0;
	*bad_offset = 0;
	if (d->cd == (iconv_t)-1) {
		bool truncated;
		size_t ok = tcreg__utf8_valid_prefix((const unsigned char *)in, n, &truncated);
		if (!tcreg__buf_append(out, in, ok))
			return TCREG_ERR_NOMEM;
		*consumed = ok;
		if (ok < n && (!truncated || final)) {
			*bad_offset = ok;
			return TCREG_ERR_INVALID;
		}
		return TCREG_OK;
	}
	char *src = (char *)in;
	size_t left = n;
	while (left > 0) {
		/* decoded text takes at most 4 bytes per input byte */
		if (!tcreg__buf_reserve(out, left * 4 + 16))
			return TCREG_ERR_NOMEM;
		char *dst = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(d->cd, &src, &left, &dst, &room);
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final)
			break; /* an incomplete sequence: wait for more input */
		if (errno == EILSEQ && d->enc == TCREG_ENC_GB18030 && (unsigned char)*src == 0x80) {
			/* CP936 writes the euro sign as the single byte 0x80, which
			 * GB18030 proper does not accept */
			if (!tcreg__buf_append(out, "\xe2\x82\xac", 3))
				return TCREG_ERR_NOMEM;
			src++;
			left--;
			continue;
		}
		*consumed = (size_t)(src - in);
		*bad_offset = *consumed;
		return TCREG_ERR_INVALID;
	}
	*consumed = (size_t)(src - in);
	return TCREG_OK;
}

char *
tcreg__encode(const char *utf8, size_t n, tcreg_encoding enc, size_t *outlen)
{
	const char *to = iconv_name(enc == TCREG_ENC_UTF16 ? TCREG_ENC_UTF16LE : enc);
	if (!to) {
		char *p = malloc(n + 1);
		if (p) {
			memcpy(p, utf8, n);
			p[n] = '\0';
			*outlen = n;
		}
		return p;
	}
	iconv_t cd = iconv_open(to, "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 4 + 16;
	char *buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return NULL;
	}
	char *src = (char *)utf8, *dst = buf;
	size_t left = n, room = cap;
	size_t r = iconv(cd, &src, &left, &dst, &room);
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(buf);
		return NULL;
	}
	*outlen = (size_t)(dst - buf);
	return buf;
}
