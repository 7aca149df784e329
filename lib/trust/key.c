/* SPDX-License-Identifier: MIT
 * key.c - the registry's secret key and the HMAC-SHA256 made with it.
 *
 * The key seals every row tcreg writes and every audit record: someone who
 * can write the SQLite file but cannot read the key (a clerk in the shared
 * deployment, anyone with sqlite3 at a copy) cannot make an edit that
 * `tcreg audit verify` does not find.  It lives beside the registry in
 * PATH.key (32 random bytes as hex), mode 0600, or 0640 group tcreg in the
 * shared deployment; it never changes and is backed up once, apart from the
 * registry.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcreg-private.h"

#define KEY_BYTES 32

static bool
in_memory(const tcreg_registry *reg)
{
	return !reg->path || !*reg->path || strcmp(reg->path, ":memory:") == 0 ||
	       strncmp(reg->path, "file:", 5) == 0;
}

static char *
key_path(const tcreg_registry *reg)
{
	size_t n = strlen(reg->path);
	char *p = malloc(n + 5);
	if (p)
		memcpy(p, reg->path, n), memcpy(p + n, ".key", 5);
	return p;
}

/* The key file holds 64 hex digits and an optional newline, nothing else. */
static bool
parse_key(const char *text, size_t n, unsigned char key[KEY_BYTES])
{
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	if (n != 2 * KEY_BYTES)
		return false;
	for (size_t i = 0; i < KEY_BYTES; i++) {
		int hi = OPENSSL_hexchar2int((unsigned char)text[2 * i]);
		int lo = OPENSSL_hexchar2int((unsigned char)text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

static tcreg_status
use_key(tcreg_registry *reg, const unsigned char key[KEY_BYTES])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);
	OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
				OSSL_PARAM_construct_end() };
	if (!ctx || !EVP_MAC_init(ctx, key, KEY_BYTES, params)) {
		EVP_MAC_CTX_free(ctx);
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "OpenSSL cannot make an HMAC-SHA256");
	}
	reg->mac_ctx = ctx;
	return TCREG_OK;
}

static tcreg_status
read_key(tcreg_registry *reg, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return tcreg__set_err(reg, errno == EACCES || errno == EPERM || errno == ELOOP
						   ? TCREG_ERR_DENIED : TCREG_ERR_CONFIG,
				      "the registry key '%s' cannot be read (%s): without it no change "
				      "can be sealed nor the registry verified; restore it from where it "
				      "was backed up",
				      path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 0007)) {
		close(fd);
		return tcreg__set_err(reg, TCREG_ERR_DENIED,
				      "the registry key '%s' can be read by everyone: anyone could forge "
				      "the seal; make it readable by its owner only (chmod 600)",
				      path);
	}
	char text[160];
	ssize_t n = read(fd, text, sizeof(text));
	close(fd);
	unsigned char key[KEY_BYTES];
	if (n < 0 || !parse_key(text, (size_t)n, key))
		return tcreg__set_err(reg, TCREG_ERR_CONFIG,
				      "the registry key '%s' is not 64 hexadecimal digits", path);
	tcreg_status st = use_key(reg, key);
	OPENSSL_cleanse(key, sizeof(key));
	return st;
}

unsigned
tcreg__file_mode(void)
{
	return tcreg__data_mode();
}

tcreg_status
tcreg__key_load(tcreg_registry *reg)
{
	if (reg->mac_ctx)
		return TCREG_OK;
	if (in_memory(reg)) {
		/* a registry that dies with its process: a key of its own */
		unsigned char key[KEY_BYTES];
		if (RAND_bytes(key, sizeof(key)) != 1)
			return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "no random bytes for a key");
		return use_key(reg, key);
	}
	char *path = key_path(reg);
	if (!path)
		return TCREG_ERR_NOMEM;
	tcreg_status st = read_key(reg, path);
	free(path);
	return st;
}

tcreg_status
tcreg__key_create(tcreg_registry *reg)
{
	if (in_memory(reg))
		return tcreg__key_load(reg);
	char *path = key_path(reg);
	if (!path)
		return TCREG_ERR_NOMEM;
	/* a key already there is kept: the province may hand one out, and a
	 * registry restored beside its key must go on using it */
	struct stat sb;
	if (lstat(path, &sb) == 0) { /* a link too: read_key refuses to follow it */
		tcreg_status st = read_key(reg, path);
		free(path);
		return st;
	}
	unsigned char key[KEY_BYTES];
	char text[2 * KEY_BYTES + 1];
	if (RAND_bytes(key, sizeof(key)) != 1) {
		free(path);
		return tcreg__set_err(reg, TCREG_ERR_INTERNAL, "no random bytes for a key");
	}
	for (size_t i = 0; i < KEY_BYTES; i++)
		snprintf(text + 2 * i, 3, "%02x", key[i]);
	text[2 * KEY_BYTES] = '\n';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      tcreg__file_mode() & 0640);
	bool ok = fd >= 0 && write(fd, text, sizeof(text)) == (ssize_t)sizeof(text) && fsync(fd) == 0;
	int err = errno;
	if (fd >= 0)
		close(fd);
	tcreg_status st = TCREG_OK;
	if (!ok) {
		if (fd >= 0)
			unlink(path);
		st = tcreg__set_err(reg, TCREG_ERR_CANTCREAT, "cannot create the registry key '%s': %s",
				    path, strerror(err));
	} else {
		st = use_key(reg, key);
	}
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(text, sizeof(text));
	free(path);
	return st;
}

tcreg_status
tcreg__hmac(tcreg_registry *reg, const void *data, size_t n, unsigned char out[32])
{
	tcreg_status st = tcreg__key_load(reg);
	if (st != TCREG_OK)
		return st;
	/* the keyed context is set up once; each MAC starts a copy of it
	 * again (an import makes one per row: a fresh copy each time costs
	 * twice as much) */
	if (!reg->mac_work)
		reg->mac_work = EVP_MAC_CTX_dup(reg->mac_ctx);
	EVP_MAC_CTX *c = reg->mac_work;
	size_t len = 0;
	bool ok = c && EVP_MAC_init(c, NULL, 0, NULL) && EVP_MAC_update(c, data, n) &&
		  EVP_MAC_final(c, out, &len, 32) && len == 32;
	return ok ? TCREG_OK : tcreg__set_err(reg, TCREG_ERR_INTERNAL, "OpenSSL failed an HMAC");
}

struct evp_mac_ctx_st *
tcreg__key_dup(tcreg_registry *reg)
{
	return reg->mac_ctx ? EVP_MAC_CTX_dup(reg->mac_ctx) : NULL;
}

void
tcreg__key_free(tcreg_registry *reg)
{
	EVP_MAC_CTX_free(reg->mac_ctx);
	EVP_MAC_CTX_free(reg->mac_work);
	reg->mac_ctx = reg->mac_work = NULL;
}
