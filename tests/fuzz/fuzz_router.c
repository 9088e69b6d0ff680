/* Request paths: req_init decodes REQUEST_URI (path and query), then
 * router_match walks the real route table; router_match_pattern is also
 * run on the raw bytes against every pattern. The first byte picks the
 * method. Properties: a match has the asked method and non-empty, slash-free
 * parameters; a miss is 404, or 405 with an Allow list. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const methods[] = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD"};

static void
check_params(char **vals, int n)
{
	if (n < 0 || n > LIM_PATH_PARAMS)
		abort();
	for (int i = 0; i < n; i++)
		if (vals[i] == NULL || vals[i][0] == '\0' || strchr(vals[i], '/'))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char uri[LIM_PATH_LEN * 2 + 16];
	static char method[32];
	char *env[] = {method, uri, NULL};
	const char *path;
	char allow[128];
	int status = 0, rc;
	req_t r;

	if (size == 0)
		return 0;
	snprintf(method, sizeof(method), "REQUEST_METHOD=%s",
	    methods[data[0] % (sizeof(methods) / sizeof(methods[0]))]);
	data++;
	size--;
	if (size > sizeof(uri) - 13)
		size = sizeof(uri) - 13;
	memcpy(uri, "REQUEST_URI=", 12);
	memcpy(uri + 12, data, size);
	uri[12 + size] = '\0';
	path = uri + 12;

	/* the raw string against every pattern */
	for (const struct route *rt = routes; rt->method; rt++) {
		const char *names[LIM_PATH_PARAMS];
		char *vals[LIM_PATH_PARAMS];
		int n = -1;

		if (router_match_pattern(rt->pattern, path, names, vals, &n)) {
			check_params(vals, n);
			for (int i = 0; i < n; i++) {
				if (names[i] < rt->pattern || names[i][0] != '{')
					abort();
				free(vals[i]);
			}
		} else if (n != 0)
			abort();
	}

	/* the decoded request through the router */
	rc = req_init(&r, NULL, env);
	if (rc == 0) {
		const struct route *rt = router_match(&r, &status, allow, sizeof(allow));

		if (rt) {
			if (strcmp(rt->method, r.method) != 0)
				abort();
			check_params(r.pvals, r.npath);
			if (strstr(rt->pattern, "{tenant_id}") && req_path(&r, "tenant_id") == NULL)
				abort();
		} else if (!(status == 404 && allow[0] == '\0') && !(status == 405 && allow[0]))
			abort();
	} else if (rc != -1 && rc != -2)
		abort();
	if (strlen(r.request_id) == 0 || strlen(r.request_id) > LIM_REQUEST_ID)
		abort();
	req_free(&r);
	return 0;
}
