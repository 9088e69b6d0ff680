/* Cookie and Authorization headers: req_cookie with a fuzzed HTTP_COOKIE,
 * req_bearer with the same bytes as HTTP_AUTHORIZATION. The first byte
 * picks the output buffer size. Properties: a found value fits, is
 * NUL-terminated and holds no ';'; a bearer token is a non-empty suffix of
 * the header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_cookie(const req_t *r, const char *name, size_t outlen)
{
	static char out[LIM_HEADER_VALUE];
	const char *v;

	memset(out, 'x', outlen);
	v = req_cookie(r, name, out, outlen);
	if (v == NULL)
		return;
	if (v != out || memchr(out, '\0', outlen) == NULL || strchr(out, ';'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char cookie[LIM_HEADER_VALUE + 32], auth[LIM_HEADER_VALUE + 32];
	char *env[] = {cookie, auth, NULL};
	static const size_t sizes[] = {1, 2, 8, 64, 256, LIM_HEADER_VALUE};
	char name[32];
	const char *tok, *hdr;
	size_t outlen, nl = 0;
	req_t r;

	if (size == 0)
		return 0;
	outlen = sizes[data[0] % (sizeof(sizes) / sizeof(sizes[0]))];
	data++;
	size--;
	if (size > LIM_HEADER_VALUE)
		size = LIM_HEADER_VALUE;
	memcpy(cookie, "HTTP_COOKIE=", 12);
	memcpy(cookie + 12, data, size);
	cookie[12 + size] = '\0';
	memcpy(auth, "HTTP_AUTHORIZATION=", 19);
	memcpy(auth + 19, data, size);
	auth[19 + size] = '\0';

	/* a name taken from the input, so matches actually happen */
	while (nl < size && nl < sizeof(name) - 1 && data[nl] && data[nl] != '=' && data[nl] != ';')
		name[nl] = (char)data[nl], nl++;
	name[nl] = '\0';

	if (req_init(&r, NULL, env) < -2)
		abort();
	check_cookie(&r, "fd_session", outlen);
	check_cookie(&r, name, outlen);
	check_cookie(&r, "", outlen);

	tok = req_bearer(&r);
	hdr = req_param(&r, "HTTP_AUTHORIZATION");
	if (tok && (tok[0] == '\0' || tok[0] == ' ' || tok < hdr + 7 || tok > hdr + strlen(hdr)))
		abort();
	(void)req_header(&r, "Cookie");
	req_free(&r);
	return 0;
}
