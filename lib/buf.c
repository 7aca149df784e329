/* SPDX-License-Identifier: MIT
 * buf.c - growable byte buffer; a failed allocation makes it sticky-failed so
 * callers check once at the end instead of after every append.
 */
#include <stdlib.h>
#include <string.h>

#include "tcreg-private.h"

void
tcreg__buf_init(struct tcreg__buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
tcreg__buf_release(struct tcreg__buf *b)
{
	free(b->data);
	tcreg__buf_init(b);
}

void
tcreg__buf_reset(struct tcreg__buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static bool
grow(struct tcreg__buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

bool
tcreg__buf_reserve(struct tcreg__buf *b, size_t extra)
{
	return grow(b, extra);
}

bool
tcreg__buf_append(struct tcreg__buf *b, const void *p, size_t n)
{
	if (!grow(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool
tcreg__buf_puts(struct tcreg__buf *b, const char *s)
{
	return tcreg__buf_append(b, s, strlen(s));
}

bool
tcreg__buf_printf(struct tcreg__buf *b, const char *fmt, ...)
{
	/* format into the room there is; only a longer text formats twice */
	if (!grow(b, 64))
		return false;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return false;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (!grow(b, (size_t)n))
			return false;
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return true;
}

char *
tcreg__buf_steal(struct tcreg__buf *b)
{
	char *p = NULL;
	if (!b->failed) {
		if (!b->data)
			grow(b, 0);
		p = b->data;
		if (p)
			p[b->len] = '\0';
		b->data = NULL;
	}
	tcreg__buf_release(b);
	return p;
}
