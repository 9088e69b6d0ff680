/* Randomness, hashing and secrets, all through OpenSSL and libxcrypt. */
#ifndef FD_CRYPTO_H
#define FD_CRYPTO_H

#include <stddef.h>

/* Fill buf with n cryptographically secure random bytes. 0 or -1. */
int crypto_random(void *buf, size_t n);
/* A new secret token "<prefix>" + 43 base64url chars (256 bits). out >= 64 + strlen(prefix). */
int crypto_token(const char *prefix, char *out, size_t outlen);
/* Lowercase hex SHA-256 of s (out holds 65 bytes). */
void crypto_sha256_hex(const char *s, size_t n, char out[65]);
/* Constant-time equality of two strings of possibly different lengths:
 * compares SHA-256 digests so time does not depend on where they differ. */
int crypto_str_eq(const char *a, const char *b);
/* yescrypt (libxcrypt) password hash; out holds 128 bytes. 0 or -1. */
int crypto_password_hash(const char *password, char *out, size_t outlen);
/* 1 when password matches the stored hash, else 0. Constant-time compare. */
int crypto_password_verify(const char *password, const char *stored);

#endif
