/* sse-bench: many concurrent server-sent-event streams, for `make bench`.
 *   sse-bench BASE_URL FILE [RAMP_MS]
 * FILE has one "conversation_id token" line per stream, each conversation
 * with an unanswered user message. The streams are opened with one libcurl
 * multi handle, spread evenly over RAMP_MS (0: all in the same instant); for
 * each the time from its own start to the first event, to the first delta
 * and to message_end is recorded. Prints one line:
 *   streams N completed C first_event_p50_ms .. p99_ms .. first_delta_p50_ms
 *   .. p99_ms .. total_p50_ms .. p99_ms .. max_ms .. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#define MAX_STREAMS 4096

struct stream {
	CURL *c;
	struct curl_slist *hdr;
	double start, first_event, first_delta, end;
	int done_ok;
	char tail[64];   /* last bytes seen, for markers split across writes */
};

static double t0;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 - t0;
}

/* does "needle" occur in tail+data? */
static int
seen(struct stream *s, const char *data, size_t n, const char *needle)
{
	char buf[64 + 512];
	size_t tl = strlen(s->tail), take = n < 512 ? n : 512;

	memcpy(buf, s->tail, tl);
	memcpy(buf + tl, data, take);
	buf[tl + take] = '\0';
	if (strstr(buf, needle))
		return 1;
	return n > 512 && memmem(data, n, needle, strlen(needle)) != NULL;
}

static size_t
on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct stream *s = arg;
	size_t n = size * nmemb, keep;

	if (s->first_event == 0 && seen(s, data, n, "event: "))
		s->first_event = now_ms();
	if (s->first_delta == 0 && seen(s, data, n, "event: delta"))
		s->first_delta = now_ms();
	if (s->end == 0 && seen(s, data, n, "event: message_end")) {
		s->end = now_ms();
		s->done_ok = 1;
	}
	keep = n < sizeof(s->tail) - 1 ? n : sizeof(s->tail) - 1;
	memcpy(s->tail, data + n - keep, keep);
	s->tail[keep] = '\0';
	return n;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	if (n == 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[(int)((n - 1) * p + 0.5)];
}

int
main(int argc, char **argv)
{
	static struct stream st[MAX_STREAMS];
	static double fe[MAX_STREAMS], fd[MAX_STREAMS], te[MAX_STREAMS];
	char conv[64], token[128], url[1024], auth[256];
	int n = 0, running = 1, completed = 0, nfe = 0, nfd = 0, nte = 0;
	double maxend = 0;
	CURLM *m;
	FILE *f;

	double ramp;
	int added = 0;

	if (argc < 3 || argc > 4 || (f = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "usage: sse-bench BASE_URL FILE [RAMP_MS]\n");
		return 2;
	}
	ramp = argc == 4 ? atof(argv[3]) : 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
	while (n < MAX_STREAMS && fscanf(f, "%63s %127s", conv, token) == 2) {
		struct stream *s = &st[n++];

		snprintf(url, sizeof(url), "%s/api/v1/public/conversations/%s/stream", argv[1], conv);
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		s->c = curl_easy_init();
		s->hdr = curl_slist_append(NULL, auth);
		s->hdr = curl_slist_append(s->hdr, "Accept: text/event-stream");
		curl_easy_setopt(s->c, CURLOPT_URL, url);
		curl_easy_setopt(s->c, CURLOPT_HTTPHEADER, s->hdr);
		curl_easy_setopt(s->c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(s->c, CURLOPT_WRITEDATA, s);
		curl_easy_setopt(s->c, CURLOPT_TIMEOUT, 120L);
		curl_easy_setopt(s->c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(s->c, CURLOPT_PRIVATE, s);
	}
	fclose(f);
	t0 = 0;
	t0 = now_ms();
	while (running || added < n) {
		/* open the streams that are due */
		while (added < n && now_ms() >= ramp * added / n) {
			st[added].start = now_ms();
			curl_multi_add_handle(m, st[added++].c);
		}
		curl_multi_perform(m, &running);
		if (running || added < n)
			curl_multi_poll(m, NULL, 0, added < n ? 1 : 50, NULL);
	}
	for (int i = 0; i < n; i++) {
		long code = 0;

		curl_easy_getinfo(st[i].c, CURLINFO_RESPONSE_CODE, &code);
		if (code == 200 && st[i].done_ok) {
			completed++;
			te[nte++] = st[i].end - st[i].start;
			if (st[i].end > maxend)
				maxend = st[i].end;
		}
		if (st[i].first_event > 0)
			fe[nfe++] = st[i].first_event - st[i].start;
		if (st[i].first_delta > 0)
			fd[nfd++] = st[i].first_delta - st[i].start;
		curl_multi_remove_handle(m, st[i].c);
		curl_easy_cleanup(st[i].c);
		curl_slist_free_all(st[i].hdr);
	}
	curl_multi_cleanup(m);
	printf("streams %d completed %d first_event_p50_ms %.1f first_event_p99_ms %.1f "
	    "first_delta_p50_ms %.1f first_delta_p99_ms %.1f total_p50_ms %.0f total_p99_ms %.0f "
	    "max_ms %.0f\n", n, completed, pct(fe, nfe, 0.5), pct(fe, nfe, 0.99), pct(fd, nfd, 0.5),
	    pct(fd, nfd, 0.99), pct(te, nte, 0.5), pct(te, nte, 0.99), maxend);
	curl_global_cleanup();
	return completed == n ? 0 : 1;
}
