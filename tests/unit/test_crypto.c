/* lib/crypto.c: tokens, SHA-256, constant-time equality, yescrypt passwords. */
#include <string.h>

#include "unit.h"
#include "../../lib/crypto.h"

static int
is_b64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return 0;
	return 1;
}

UTEST(crypto, random_fills)
{
	unsigned char a[32], b[32];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	cr_assert_eq(crypto_random(a, sizeof(a)), 0);
	cr_assert_eq(crypto_random(b, sizeof(b)), 0);
	cr_assert_neq(memcmp(a, b, sizeof(a)), 0);
}

UTEST(crypto, token_shape)
{
	char tok[96];

	cr_assert_eq(crypto_token("fdk_", tok, sizeof(tok)), 0);
	cr_assert_eq(strncmp(tok, "fdk_", 4), 0);
	cr_assert_eq(strlen(tok), 4 + 43, "%s", tok);
	cr_assert(is_b64url(tok + 4), "base64url only: %s", tok);
	cr_assert_null(strchr(tok, '='), "no padding");

	cr_assert_eq(crypto_token("", tok, sizeof(tok)), 0);
	cr_assert_eq(strlen(tok), 43);
	cr_assert(is_b64url(tok));
}

UTEST(crypto, token_charset_over_many)
{
	char tok[96];
	int seen_dash = 0, seen_us = 0;

	/* over many tokens both url-safe substitutes show up, never '+' or '/' */
	for (int i = 0; i < 200; i++) {
		cr_assert_eq(crypto_token("fds_", tok, sizeof(tok)), 0);
		cr_assert_eq(strlen(tok), 47);
		cr_assert(is_b64url(tok + 4), "%s", tok);
		seen_dash |= strchr(tok + 4, '-') != NULL;
		seen_us |= strchr(tok + 4, '_') != NULL;
	}
	cr_assert(seen_dash && seen_us);
}

UTEST(crypto, token_unique)
{
	char toks[64][96];

	for (int i = 0; i < 64; i++) {
		cr_assert_eq(crypto_token("fdk_", toks[i], sizeof(toks[i])), 0);
		for (int j = 0; j < i; j++)
			cr_assert_str_neq(toks[i], toks[j]);
	}
}

UTEST(crypto, token_buffer_too_small)
{
	char small[47], exact[48];

	cr_assert_eq(crypto_token("fdk_", small, sizeof(small)), -1, "needs prefix + 43 + NUL");
	cr_assert_eq(crypto_token("fdk_", exact, sizeof(exact)), 0, "48 bytes is enough");
	cr_assert_eq(strlen(exact), 47);
}

UTEST(crypto, sha256_hex)
{
	char out[65];

	crypto_sha256_hex("abc", 3, out);
	cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	crypto_sha256_hex("", 0, out);
	cr_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* length, not NUL, ends the input */
	crypto_sha256_hex("abcdef", 3, out);
	cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert_eq(strlen(out), 64);
}

UTEST(crypto, str_eq)
{
	cr_assert(crypto_str_eq("secret-key", "secret-key"));
	cr_assert(crypto_str_eq("", ""));
	cr_assert_not(crypto_str_eq("secret-key", "secret-kez"));
	cr_assert_not(crypto_str_eq("secret-key", "secret-key2"));
	cr_assert_not(crypto_str_eq("secret", "secret-key"));
	cr_assert_not(crypto_str_eq("", "a"));
	cr_assert_not(crypto_str_eq(NULL, "a"));
	cr_assert_not(crypto_str_eq("a", NULL));
	cr_assert_not(crypto_str_eq(NULL, NULL));
}

UTEST(crypto, password_hash_and_verify)
{
	char h1[128], h2[128];

	cr_assert_eq(crypto_password_hash("correct horse", h1, sizeof(h1)), 0);
	cr_assert_eq(strncmp(h1, "$y$", 3), 0, "%s", h1);
	cr_assert(crypto_password_verify("correct horse", h1));
	cr_assert_not(crypto_password_verify("correct horsE", h1));
	cr_assert_not(crypto_password_verify("", h1));
	cr_assert_not(crypto_password_verify("correct horse ", h1));

	/* salted: the same password hashes differently */
	cr_assert_eq(crypto_password_hash("correct horse", h2, sizeof(h2)), 0);
	cr_assert_str_neq(h1, h2);
	cr_assert(crypto_password_verify("correct horse", h2));
}

UTEST(crypto, password_verify_rejects_garbage)
{
	cr_assert_not(crypto_password_verify("x", NULL));
	cr_assert_not(crypto_password_verify("x", ""));
	cr_assert_not(crypto_password_verify("x", "garbage"));
	cr_assert_not(crypto_password_verify("x", "$y$"));
	cr_assert_not(crypto_password_verify("x", "$y$garbage$garbage"));
	cr_assert_not(crypto_password_verify("x", "$zz$abc$def"));
	cr_assert_not(crypto_password_verify("x", "*0"));
	cr_assert_not(crypto_password_verify("", ""));
}

UTEST(crypto, password_hash_small_buffer)
{
	char h[16];

	cr_assert_eq(crypto_password_hash("pw", h, sizeof(h)), -1);
}
