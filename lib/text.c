/* SPDX-License-Identifier: MIT
 * text.c - UTF-8 helpers: validity, full-width folding, trimming, hashing.
 * Excel on Chinese Windows freely mixes full-width and half-width forms, so
 * every field that carries a number or a code is folded before parsing.
 */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

size_t
tcreg__utf8_valid_prefix(const unsigned char *s, size_t n, bool *truncated)
{
	size_t i = 0;
	*truncated = false;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned int cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*truncated = true;
				return i;
			}
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* overlong, surrogate or beyond U+10FFFF */
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return i;
}

void
tcreg__fold_width(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
	while (*r) {
		/* U+FF01..U+FF5E are EF BC 81..EF BC BF and EF BD 80..EF BD 9E */
		if (r[0] == 0xEF && (r[1] == 0xBC || r[1] == 0xBD) && r[2]) {
			unsigned int cp = 0xFF00 + ((r[1] & 0x01) << 6) + (r[2] & 0x3F);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*w++ = (unsigned char)(cp - 0xFF01 + 0x21);
				r += 3;
				continue;
			}
		}
		if (r[0] == 0xE3 && r[1] == 0x80 && r[2] == 0x80) { /* U+3000 */
			*w++ = ' ';
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static size_t
space_len(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

char *
tcreg__trim(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t k;
	while ((k = space_len(p)) > 0)
		p += k;
	size_t n = strlen((char *)p);
	while (n > 0) {
		if (strchr(" \t\r\n", p[n - 1]))
			n--;
		else if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	memmove(s, p, n);
	s[n] = '\0';
	return s;
}

char *
tcreg__header_norm(const char *in)
{
	char *s = tcreg__strdup(in);
	if (!s)
		return NULL;
	tcreg__fold_width(s);
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n' || *r == '_' || *r == '-')
			continue;
		*w++ = (char)tolower((unsigned char)*r);
	}
	*w = '\0';
	/* 【】 and [] are written for () in some templates */
	char *p;
	while ((p = strstr(s, "\xe3\x80\x90")) || (p = strstr(s, "\xe3\x80\x91"))) {
		char c = p[2] == '\x90' ? '(' : ')';
		p[0] = c;
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	for (p = s; *p; p++) {
		if (*p == '[')
			*p = '(';
		else if (*p == ']')
			*p = ')';
	}
	return s;
}

bool
tcreg__has_control(const char *s, bool allow_newline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7F)
			return true;
		if (*p < 0x20 && *p != '\t' && !(allow_newline && *p == '\n'))
			return true;
	}
	return false;
}

bool
tcreg__is_excel_sci(const char *s)
{
	/* Excel writes long numbers as one digit, an optional fraction, then
	 * "E+" and the exponent: 1.23457E+11, 9E+17.  A code that merely has
	 * an E among digits (91416863055E344730) is not that. */
	const char *p = s;
	if (!isdigit((unsigned char)*p++))
		return false;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if ((*p != 'E' && *p != 'e') || p[1] != '+')
		return false;
	p += 2;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

char *
tcreg__strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

uint32_t
tcreg__hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

void
tcreg__sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char d[32];
	unsigned int len = 0;
	EVP_Digest(data, n, d, &len, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	out[64] = '\0';
}
