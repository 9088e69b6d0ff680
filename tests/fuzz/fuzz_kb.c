/* Knowledge search (lib/knowledge.c) on arbitrary bytes: the input up to
 * the first NUL (or its first half when there is none) is the text, the
 * rest the query, and the first byte the limit. Properties: the answer is
 * a JSON array of at most limit (or 3 when limit < 1, 50 at most) objects
 * {"text": non-empty string no longer than the input, "score": > 0}, best
 * first; the same twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../../lib/knowledge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX 65536

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[FUZZ_MAX + 1], query[FUZZ_MAX + 1];
	const uint8_t *nul;
	json_object *a, *b;
	size_t tl, ql, n, cap;
	int limit;

	if (size == 0)
		return 0;
	limit = (int)(int8_t)data[0];
	data++;
	size--;
	if (size > FUZZ_MAX)
		size = FUZZ_MAX;
	nul = memchr(data, '\0', size);
	tl = nul ? (size_t)(nul - data) : size / 2;
	memcpy(text, data, tl);
	text[tl] = '\0';
	ql = size - tl - (nul ? 1 : 0);
	memcpy(query, data + size - ql, ql);
	query[ql] = '\0';

	a = kb_search(text, query, limit);
	b = kb_search(text, query, limit);
	if (!json_object_is_type(a, json_type_array))
		abort();
	cap = limit < 1 ? 3 : limit > 50 ? 50 : (size_t)limit;
	n = json_object_array_length(a);
	if (n > cap)
		abort();
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		const char *t = json_object_get_string(json_object_object_get(o, "text"));
		double s = json_object_get_double(json_object_object_get(o, "score"));

		if (t == NULL || *t == '\0' || strlen(t) > tl || !(s > 0))
			abort();
		if (i > 0 && s > json_object_get_double(json_object_object_get(
		    json_object_array_get_idx(a, i - 1), "score")))
			abort();
	}
	if (strcmp(json_object_to_json_string(a), json_object_to_json_string(b)) != 0)
		abort();
	json_object_put(a);
	json_object_put(b);
	return 0;
}
