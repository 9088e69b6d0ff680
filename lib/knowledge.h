/* Answers from the business's own words: the tenant's knowledge_base text
 * split into passages (paragraphs, long ones into sentence groups) and
 * ranked against a question with BM25 over normalised word stems, with a
 * small stop-word list. Pure functions: no database, no network. */
#ifndef FD_KNOWLEDGE_H
#define FD_KNOWLEDGE_H

#include <json-c/json.h>

/* The best passages of text for query: a new array of {"text", "score"}
 * (score > 0, best first, at most limit). Empty when no word of the query
 * (other than stop words) occurs. text and query may be any bytes. */
json_object *kb_search(const char *text, const char *query, int limit);

#endif
