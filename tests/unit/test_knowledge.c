/* lib/knowledge.c: passages, stemming and stop words, BM25 order, limits,
 * and arbitrary bytes. */
#include <string.h>

#include "unit.h"
#include "../../lib/knowledge.h"

TestSuite(knowledge);

static const char kb_text[] =
    "Parking: free parking is available behind the building on Elm Street.\n"
    "\n"
    "We accept cash, all major credit cards and Apple Pay. Gift cards are sold at the desk.\n"
    "   \n"
    "Cancellations: please cancel at least 24 hours ahead; late cancellations are charged 50%.\n"
    "\n\n"
    "Dogs are welcome in the waiting area. We are wheelchair accessible.\n";

static const char *
text_at(json_object *arr, size_t i)
{
	return json_object_get_string(json_object_object_get(json_object_array_get_idx(arr, i),
	    "text"));
}

static double
score_at(json_object *arr, size_t i)
{
	return json_object_get_double(json_object_object_get(json_object_array_get_idx(arr, i),
	    "score"));
}

UTEST(knowledge, best_passage_first)
{
	json_object *r = kb_search(kb_text, "Where can I park my car?", 3);

	cr_assert_eq(json_object_array_length(r), 1, "only the parking passage mentions parking");
	cr_assert(strstr(text_at(r, 0), "Elm Street"));
	cr_assert_gt(score_at(r, 0), 0);
	json_object_put(r);

	/* plural and suffixes: "credit card" meets "credit cards"; "cancelling"
	 * meets "cancel" */
	r = kb_search(kb_text, "Do you take a credit card?", 3);
	cr_assert_geq(json_object_array_length(r), 1);
	cr_assert(strstr(text_at(r, 0), "Apple Pay"));
	json_object_put(r);
	r = kb_search(kb_text, "what about cancelling", 3);
	cr_assert_eq(json_object_array_length(r), 1);
	cr_assert(strstr(text_at(r, 0), "24 hours"));
	json_object_put(r);
	r = kb_search(kb_text, "Can I bring my DOG?", 3);
	cr_assert_eq(json_object_array_length(r), 1);
	cr_assert(strstr(text_at(r, 0), "Dogs are welcome"));
	json_object_put(r);
}

UTEST(knowledge, ranking_and_limit)
{
	static const char t[] = "Cards cards cards: gift cards for every occasion.\n\n"
	    "We take cards.\n\nNothing here about that.\n\nCards again, and a longer passage with "
	    "many other words that dilute the term frequency of the one word that matters here.";
	json_object *r = kb_search(t, "gift cards", 10);

	cr_assert_eq(json_object_array_length(r), 3);
	cr_assert(strstr(text_at(r, 0), "gift"), "both terms, more often: first");
	for (size_t i = 1; i < json_object_array_length(r); i++)
		cr_assert_geq(score_at(r, i - 1), score_at(r, i), "best first");
	json_object_put(r);
	r = kb_search(t, "gift cards", 1);
	cr_assert_eq(json_object_array_length(r), 1);
	json_object_put(r);
	/* limit below 1 means the default */
	r = kb_search(t, "cards", 0);
	cr_assert_eq(json_object_array_length(r), 3);
	json_object_put(r);
}

UTEST(knowledge, stop_words_and_nothing)
{
	json_object *r = kb_search(kb_text, "what is the", 3);

	cr_assert_eq(json_object_array_length(r), 0, "only stop words: nothing");
	json_object_put(r);
	r = kb_search(kb_text, "do you sell surfboards", 3);
	cr_assert_eq(json_object_array_length(r), 0);
	json_object_put(r);
	r = kb_search("", "parking", 3);
	cr_assert_eq(json_object_array_length(r), 0);
	json_object_put(r);
	r = kb_search(NULL, "parking", 3);
	cr_assert_eq(json_object_array_length(r), 0);
	json_object_put(r);
	r = kb_search(kb_text, NULL, 3);
	cr_assert_eq(json_object_array_length(r), 0);
	json_object_put(r);
}

UTEST(knowledge, long_paragraph_split_into_sentences)
{
	char t[4000] = "";
	json_object *r;

	for (int i = 0; i < 30; i++) {
		char s[128];

		snprintf(s, sizeof(s), "Sentence number %d talks about %s things here. ", i,
		    i == 17 ? "umbrella" : "ordinary");
		strcat(t, s);
	}
	r = kb_search(t, "umbrella", 3);
	cr_assert_eq(json_object_array_length(r), 1);
	cr_assert_leq(strlen(text_at(r, 0)), 400, "a passage is a group of sentences");
	cr_assert(strstr(text_at(r, 0), "Sentence number 17 talks about umbrella"));
	/* whole sentences: it starts at one */
	cr_assert_eq(strncmp(text_at(r, 0), "Sentence number", 15), 0);
	json_object_put(r);

	/* one endless word: cut, never overrun */
	memset(t, 'x', sizeof(t) - 1);
	t[sizeof(t) - 1] = '\0';
	r = kb_search(t, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 3);
	cr_assert_geq(json_object_array_length(r), 1);
	cr_assert_leq(strlen(text_at(r, 0)), 800);
	json_object_put(r);
}

UTEST(knowledge, utf8_and_whitespace)
{
	static const char t[] = "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\x65 is our dessert.\r\n"
	    "   Served\tdaily.\n\n\xff\xfe garbage \x01\x02 bytes";
	json_object *r = kb_search(t, "CAF\xc3\xa9", 3);

	/* ASCII folds to lower case; UTF-8 bytes stay part of the word */
	cr_assert_eq(json_object_array_length(r), 1);
	json_object_put(r);
	r = kb_search(t, "caf", 3);
	cr_assert_eq(json_object_array_length(r), 0, "caf\\xc3\\xa9 is one word, not caf");
	json_object_put(r);
	r = kb_search(t, "caf\xc3\xa9 dessert", 3);
	cr_assert_eq(json_object_array_length(r), 1);
	cr_assert_str_eq(text_at(r, 0),
	    "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\x65 is our dessert. Served daily.");
	json_object_put(r);
	r = kb_search(t, "\xff\xfe garbage", 3);
	cr_assert_eq(json_object_array_length(r), 1);
	json_object_put(r);
}
