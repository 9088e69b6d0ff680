/* Knowledge search (see knowledge.h).
 *
 * Passages: the text is cut at blank lines into paragraphs; a paragraph
 * longer than KB_PASSAGE chars is cut into groups of whole sentences of
 * about that size (a sentence longer than twice that is cut at a space, or
 * at a UTF-8 boundary when it has none). Whitespace runs inside a passage
 * become one space.
 *
 * Words: runs of ASCII letters and digits and of bytes >= 0x80 (so UTF-8
 * letters stay inside their word), ASCII lower-cased, at most KB_WORD bytes
 * (longer words are cut there), stemmed by a few English suffix rules
 * (plural -s/-es/-ies, -ing, -ed) and dropped when they are stop words.
 *
 * Ranking: Okapi BM25 (k1 1.2, b 0.75) over the distinct query stems, idf
 * ln(1 + (N - df + 0.5) / (df + 0.5)), which stays positive. Work is linear
 * in the text times the (bounded) number of query stems. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge.h"

#define KB_PASSAGE 400          /* target passage size, bytes */
#define KB_WORD 32              /* longest word kept, bytes */
#define KB_QTERMS 32            /* distinct query stems used */
#define KB_MAX_LIMIT 50
#define KB_K1 1.2
#define KB_B 0.75

static const char *const kb_stop[] = {
	"a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
	"but", "by", "can", "could", "did", "do", "doe", "does", "for", "from", "get", "had", "has",
	"have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
	"just", "know", "like", "may", "me", "might", "my", "no", "not", "of", "on", "or", "our",
	"please", "she", "should", "so", "some", "tell", "than", "that", "the", "their", "them",
	"then", "there", "these", "they", "thi", "this", "those", "to", "too", "u", "up", "us", "wa",
	"was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
	"would", "ye", "yes", "you", "your", NULL,
};

typedef struct {
	char *text;             /* the passage, whitespace normalised */
	int len;                /* words (after stop words) */
	int tf[KB_QTERMS];      /* occurrences of each query stem */
} kb_passage;

typedef struct {
	kb_passage *p;
	int n, cap;
} kb_passages;

static int
is_word_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	    ch >= 0x80;
}

static int
is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static int
ends_with(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static int
is_vowel(char ch)
{
	return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

/* Strip a few English suffixes in place; both query and text go through the
 * same rules, so a stem only needs to be consistent, not a real word. */
static size_t
stem(char *w, size_t n)
{
	if (n > 4 && ends_with(w, n, "ies"))
		w[n - 3] = 'y', n -= 2;
	else if (n > 4 && (ends_with(w, n, "sses") || ends_with(w, n, "shes") ||
	    ends_with(w, n, "ches") || ends_with(w, n, "xes") || ends_with(w, n, "zes")))
		n -= 2;
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
		n -= 1;
	if (n > 5 && ends_with(w, n, "ing"))
		n -= 3;
	else if (n > 4 && ends_with(w, n, "ed") && !ends_with(w, n, "eed"))
		n -= 2;
	else
		return n;
	/* running -> runn -> run, cancelling -> cancel; but billed -> bill,
	 * missed -> miss */
	if (n > 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 's' &&
	    w[n - 1] != 'z' && (w[n - 1] != 'l' || n > 5))
		n--;
	return n;
}

/* Natural logarithm for x >= 1 without libm (the binaries do not link it):
 * halve into [1, 2), then 2 atanh((m - 1) / (m + 1)), whose series
 * converges fast there. */
static double
kb_ln(double x)
{
	double y, y2, term, sum = 0;
	int e = 0;

	while (x >= 2) {
		x /= 2;
		e++;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (int k = 1; k < 40; k += 2) {
		sum += term / k;
		term *= y2;
	}
	return 2 * sum + e * 0.69314718055994530942;
}

static int
is_stop(const char *w)
{
	for (int i = 0; kb_stop[i]; i++)
		if (strcmp(kb_stop[i], w) == 0)
			return 1;
	return 0;
}

/* The next word of s[*pos, len) as a NUL-terminated stem in out (KB_WORD + 1
 * bytes). 1 when one was found, 0 at the end. Stop words are skipped. */
static int
next_word(const char *s, size_t len, size_t *pos, char *out)
{
	while (*pos < len) {
		size_t n = 0;

		while (*pos < len && !is_word_byte((unsigned char)s[*pos]))
			(*pos)++;
		if (*pos >= len)
			return 0;
		while (*pos < len && is_word_byte((unsigned char)s[*pos])) {
			unsigned char ch = (unsigned char)s[*pos];

			if (n < KB_WORD)
				out[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
			(*pos)++;
		}
		out[stem(out, n)] = '\0';
		if (out[0] && !is_stop(out))
			return 1;
	}
	return 0;
}

/* Copy s[0, n) with whitespace runs folded to one space and the ends
 * trimmed. NULL when nothing is left (or out of memory). */
static char *
fold_space(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	size_t k = 0;
	int sp = 0;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (is_space(ch) || ch == '\0') {
			sp = k > 0;
			continue;
		}
		if (sp)
			o[k++] = ' ';
		sp = 0;
		o[k++] = (char)ch;
	}
	o[k] = '\0';
	if (k == 0) {
		free(o);
		return NULL;
	}
	return o;
}

static int
add_passage(kb_passages *ps, const char *s, size_t n)
{
	char *t = fold_space(s, n);

	if (t == NULL)
		return 0;
	if (ps->n == ps->cap) {
		int ncap = ps->cap ? ps->cap * 2 : 16;
		kb_passage *np = realloc(ps->p, (size_t)ncap * sizeof(*np));

		if (np == NULL) {
			free(t);
			return -1;
		}
		ps->p = np;
		ps->cap = ncap;
	}
	memset(&ps->p[ps->n], 0, sizeof(ps->p[ps->n]));
	ps->p[ps->n++].text = t;
	return 0;
}

/* Where the sentence starting at s[0] ends (exclusive), within n bytes: after
 * . ! ? followed by whitespace, else at a space near 2 * KB_PASSAGE, else at
 * a UTF-8 boundary there. */
static size_t
sentence_end(const char *s, size_t n)
{
	size_t lim = n < 2 * KB_PASSAGE ? n : 2 * KB_PASSAGE;

	for (size_t i = 0; i + 1 < lim; i++)
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && is_space((unsigned char)s[i + 1]))
			return i + 1;
	if (lim == n)
		return n;
	for (size_t i = lim; i > KB_PASSAGE; i--)
		if (is_space((unsigned char)s[i]))
			return i;
	while (lim > 1 && ((unsigned char)s[lim] & 0xC0) == 0x80)
		lim--;
	return lim;
}

/* One paragraph: as it is when short, else groups of sentences. */
static int
add_paragraph(kb_passages *ps, const char *s, size_t n)
{
	size_t start = 0, i = 0;

	if (n <= KB_PASSAGE)
		return add_passage(ps, s, n);
	while (i < n) {
		size_t e = i + sentence_end(s + i, n - i);

		/* close the group before a sentence that would overflow it */
		if (e - start > KB_PASSAGE && i > start) {
			if (add_passage(ps, s + start, i - start) < 0)
				return -1;
			start = i;
		}
		i = e;
	}
	return start < n ? add_passage(ps, s + start, n - start) : 0;
}

/* Paragraphs are separated by lines holding only whitespace. */
static int
split_passages(const char *text, kb_passages *ps)
{
	size_t n = strlen(text), para = 0, i = 0;

	while (i < n) {
		size_t eol = i, j;

		while (eol < n && text[eol] != '\n')
			eol++;
		for (j = i; j < eol && is_space((unsigned char)text[j]); j++)
			;
		if (j == eol) { /* a blank line ends the paragraph */
			if (i > para && add_paragraph(ps, text + para, i - para) < 0)
				return -1;
			para = eol + 1;
		}
		i = eol + 1;
	}
	if (n > para && add_paragraph(ps, text + para, n - para) < 0)
		return -1;
	return 0;
}

static void
free_passages(kb_passages *ps)
{
	for (int i = 0; i < ps->n; i++)
		free(ps->p[i].text);
	free(ps->p);
}

typedef struct {
	int idx;
	double score;
} kb_hit;

static int
hit_cmp(const void *a, const void *b)
{
	const kb_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->idx - y->idx; /* ties: earlier passage first */
}

json_object *
kb_search(const char *text, const char *query, int limit)
{
	json_object *out = json_object_new_array();
	char terms[KB_QTERMS][KB_WORD + 1], w[KB_WORD + 1];
	int nterms = 0, df[KB_QTERMS] = {0};
	kb_passages ps = {0};
	kb_hit *hits = NULL;
	size_t pos = 0, qlen;
	double avg = 0;
	int nhits = 0;

	if (out == NULL || text == NULL || query == NULL)
		return out;
	if (limit < 1)
		limit = 3;
	if (limit > KB_MAX_LIMIT)
		limit = KB_MAX_LIMIT;
	qlen = strlen(query);
	while (nterms < KB_QTERMS && next_word(query, qlen, &pos, w)) {
		int dup = 0;

		for (int i = 0; i < nterms && !dup; i++)
			dup = strcmp(terms[i], w) == 0;
		if (!dup)
			memcpy(terms[nterms++], w, sizeof(w));
	}
	if (nterms == 0 || split_passages(text, &ps) < 0 || ps.n == 0)
		goto out;

	for (int i = 0; i < ps.n; i++) {
		kb_passage *p = &ps.p[i];
		size_t plen = strlen(p->text);

		pos = 0;
		while (next_word(p->text, plen, &pos, w)) {
			p->len++;
			for (int t = 0; t < nterms; t++)
				if (strcmp(terms[t], w) == 0) {
					p->tf[t]++;
					break;
				}
		}
		for (int t = 0; t < nterms; t++)
			df[t] += p->tf[t] > 0;
		avg += p->len;
	}
	avg = avg / ps.n > 0 ? avg / ps.n : 1;

	if ((hits = calloc((size_t)ps.n, sizeof(*hits))) == NULL)
		goto out;
	for (int i = 0; i < ps.n; i++) {
		double s = 0;

		for (int t = 0; t < nterms; t++) {
			double tf = ps.p[i].tf[t], idf;

			if (tf == 0)
				continue;
			idf = kb_ln(1.0 + ((double)ps.n - df[t] + 0.5) / (df[t] + 0.5));
			s += idf * tf * (KB_K1 + 1) / (tf + KB_K1 * (1 - KB_B + KB_B * ps.p[i].len / avg));
		}
		if (s > 0) {
			hits[nhits].idx = i;
			hits[nhits++].score = s;
		}
	}
	qsort(hits, (size_t)nhits, sizeof(*hits), hit_cmp);
	for (int i = 0; i < nhits && i < limit; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "text", json_object_new_string(ps.p[hits[i].idx].text));
		/* three decimals: stable output, enough to rank */
		json_object_object_add(o, "score",
		    json_object_new_double((double)(int64_t)(hits[i].score * 1000 + 0.5) / 1000));
		json_object_array_add(out, o);
	}
out:
	free(hits);
	free_passages(&ps);
	return out;
}
