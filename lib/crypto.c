#include <string.h>

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "crypto.h"

int
crypto_random(void *buf, size_t n)
{
	return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

int
crypto_token(const char *prefix, char *out, size_t outlen)
{
	unsigned char raw[32];
	unsigned char b64[48];
	size_t pl = strlen(prefix);
	int n;

	if (outlen < pl + 44 || crypto_random(raw, sizeof(raw)) < 0)
		return -1;
	n = EVP_EncodeBlock(b64, raw, sizeof(raw)); /* 44 chars, one '=' */
	while (n > 0 && b64[n - 1] == '=')
		n--;
	for (int i = 0; i < n; i++) {
		if (b64[i] == '+')
			b64[i] = '-';
		else if (b64[i] == '/')
			b64[i] = '_';
	}
	memcpy(out, prefix, pl);
	memcpy(out + pl, b64, (size_t)n);
	out[pl + (size_t)n] = '\0';
	return 0;
}

void
crypto_sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	static const char hex[] = "0123456789abcdef";

	SHA256((const unsigned char *)s, n, md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[i * 2] = hex[md[i] >> 4];
		out[i * 2 + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

int
crypto_str_eq(const char *a, const char *b)
{
	unsigned char da[SHA256_DIGEST_LENGTH], db[SHA256_DIGEST_LENGTH];

	if (a == NULL || b == NULL)
		return 0;
	SHA256((const unsigned char *)a, strlen(a), da);
	SHA256((const unsigned char *)b, strlen(b), db);
	return CRYPTO_memcmp(da, db, sizeof(da)) == 0;
}

int
crypto_password_hash(const char *password, char *out, size_t outlen)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	const char *h;

	/* count 0 = libxcrypt's default yescrypt cost */
	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)) == NULL)
		return -1;
	memset(&cd, 0, sizeof(cd));
	h = crypt_r(password, salt, &cd);
	if (h == NULL || h[0] == '*' || strlen(h) >= outlen)
		return -1;
	memcpy(out, h, strlen(h) + 1);
	return 0;
}

int
crypto_password_verify(const char *password, const char *stored)
{
	struct crypt_data cd;
	const char *h;
	size_t n;

	if (stored == NULL || stored[0] != '$')
		return 0;
	memset(&cd, 0, sizeof(cd));
	h = crypt_r(password, stored, &cd);
	if (h == NULL || h[0] == '*')
		return 0;
	n = strlen(stored);
	return strlen(h) == n && CRYPTO_memcmp(h, stored, n) == 0;
}
