/* SPDX-License-Identifier: MIT
 * bundle-sign.c - a station's identity: its export is signed with its
 * Ed25519 private key (PEM), and the province checks the signature with the
 * public key it registered for the point (point add --key-file).  What is
 * signed is the bundle's content hash, as its 64 hex digits: the hash
 * already covers every row and the header.
 */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>

#include "tcreg-private.h"

tcreg_status
tcreg__bundle_sign(tcreg_registry *reg, const char *key_file, const char *hash, unsigned char *sig,
		   size_t *siglen)
{
	FILE *f = fopen(key_file, "r");
	if (!f)
		return tcreg__set_err(reg, TCREG_ERR_NOINPUT, "cannot read the key file '%s'", key_file);
	EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(key);
		return tcreg__set_err(reg, TCREG_ERR_CONFIG,
				      "'%s' is not an Ed25519 private key in PEM (make one with "
				      "'openssl genpkey -algorithm ed25519 -out FILE')",
				      key_file);
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	tcreg_status s = TCREG_OK;
	if (!md || EVP_DigestSignInit(md, NULL, NULL, NULL, key) != 1 ||
	    EVP_DigestSign(md, sig, siglen, (const unsigned char *)hash, strlen(hash)) != 1)
		s = tcreg__set_err(reg, TCREG_ERR_INTERNAL, "signing the bundle failed");
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	return s;
}

tcreg_status
tcreg__bundle_verify_sig(tcreg_registry *reg, const char *pem, const char *hash, const unsigned char *sig,
			 size_t siglen)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!key)
		return tcreg__set_err(reg, TCREG_ERR_CONFIG, "the point's key is not a public key in PEM");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && siglen > 0 && EVP_DigestVerifyInit(md, NULL, NULL, NULL, key) == 1 &&
		  EVP_DigestVerify(md, sig, siglen, (const unsigned char *)hash, strlen(hash)) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	return ok ? TCREG_OK : TCREG_ERR_DENIED;
}
