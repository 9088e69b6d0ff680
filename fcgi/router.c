#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router.h"

int
router_match_pattern(const char *pattern, const char *path, const char **names, char **vals,
    int *n)
{
	const char *p = pattern, *s = path;

	*n = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			goto fail;
		p++;
		s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);

		if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (sl == 0 || *n >= LIM_PATH_PARAMS)
				goto fail;
			if ((vals[*n] = strndup(s, sl)) == NULL)
				goto fail;
			names[*n] = p; /* "{name}/...": lives as long as the route table */
			(*n)++;
		} else if (pl != sl || strncmp(p, s, pl) != 0)
			goto fail;
		p += pl;
		s += sl;
	}
	/* allow one trailing slash on the path */
	if (*p == '\0' && (*s == '\0' || (s[0] == '/' && s[1] == '\0')))
		return 1;
fail:
	for (int i = 0; i < *n; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
	*n = 0;
	return 0;
}

const struct route *
router_match(req_t *r, int *status, char *allow, size_t allowlen)
{
	const struct route *rt, *found = NULL;
	int path_matched = 0;

	allow[0] = '\0';
	for (rt = routes; rt->method; rt++) {
		const char *names[LIM_PATH_PARAMS];
		char *vals[LIM_PATH_PARAMS];
		int n;

		if (!router_match_pattern(rt->pattern, r->path, names, vals, &n))
			continue;
		if (strcmp(rt->method, r->method) == 0 && found == NULL) {
			found = rt;
			r->npath = n;
			for (int i = 0; i < n; i++) {
				r->pnames[i] = names[i];
				r->pvals[i] = vals[i];
			}
			continue;
		}
		for (int i = 0; i < n; i++)
			free(vals[i]);
		path_matched = 1;
		if (strstr(allow, rt->method) == NULL) {
			size_t l = strlen(allow);

			snprintf(allow + l, allowlen - l, "%s%s", l ? ", " : "", rt->method);
		}
	}
	if (found)
		return found;
	*status = path_matched ? 405 : 404;
	return NULL;
}
