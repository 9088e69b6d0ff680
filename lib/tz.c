/* Time zones without setenv("TZ"): TZif files (RFC 8536) read into immutable
 * values, the footer POSIX TZ rule evaluated arithmetically, fixed offsets.
 * The file is untrusted input as far as this code is concerned: every count
 * is bounded, every read checked against the buffer (tests/fuzz/fuzz_tzif.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz.h"

#define TZ_DIR          "/usr/share/zoneinfo/"
#define TZ_NAME_MAX     64
#define TZ_FILE_MAX     (256 * 1024)  /* real files are under 4 KiB */
#define TZ_MAX_TIMES    8192          /* zic emits a few hundred at most */
#define TZ_MAX_TYPES    256           /* the type index is one byte */
#define TZ_MAX_CHARS    4096
#define TZ_FOOTER_MAX   256
#define TZ_ABBR_MAX     16            /* longer designations are truncated */
#define TZ_UTOFF_MIN    (-89999)      /* RFC 8536 3.2: -24:59:59 .. +25:59:59 */
#define TZ_UTOFF_MAX    93599
#define TZ_WINDOW       93600         /* no offset reaches this far */
#define TZ_FIXED_MAX    (14 * 3600)
#define TZ_RULE_HOURS   167           /* RFC 8536 3.3.1: rule times -167..167 h */
/* Instants are clamped to about +-1.1 million years before calendar
 * arithmetic, so years fit an int and nothing overflows. */
#define TZ_T_LIMIT      ((int64_t)1 << 45)

struct tz_type {
	int32_t utoff;
	int isdst;
	char abbr[TZ_ABBR_MAX];
};

/* A footer rule date: Jn (1-365, Feb 29 never counted), n (0-365, counted),
 * or Mm.w.d (day d of week w of month m, w 5 = last); secs is local time of
 * day, -167 h .. +167 h. */
enum { RD_JULIAN1, RD_ZERO, RD_MONTH };
struct tz_rdate {
	int kind, n, m, w, d;
	int32_t secs;
};

struct tz_rule {
	int present;        /* a non-empty footer */
	int has_dst;
	struct tz_type std, dst;
	struct tz_rdate start, end;
};

struct tz {
	char name[TZ_NAME_MAX + 1];
	size_t ntimes, ntypes;
	int64_t *times;             /* strictly ascending */
	unsigned char *idx;         /* ntimes, each < ntypes */
	struct tz_type *types;      /* ntypes >= 1; types[0] before the first transition */
	struct tz_rule rule;        /* governs instants from the last transition on */
	struct tz *cache_next;      /* tz_get's list */
};

/* ---- calendar ---- */

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_len(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int
weekday(int64_t days)   /* 0 = Sunday; 1970-01-01 was a Thursday */
{
	return (int)(((days % 7) + 11) % 7);
}

static int64_t
clamp_t(int64_t t)
{
	return t < -TZ_T_LIMIT ? -TZ_T_LIMIT : t > TZ_T_LIMIT ? TZ_T_LIMIT : t;
}

/* Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms". */
int64_t
tz_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp, yy;
	const int64_t lim = (int64_t)1 << 38;   /* keeps the year within an int */

	z = z < -lim ? -lim : z > lim ? lim : z;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* ---- the footer rule ---- */

/* Local (as-if-UTC) seconds of a rule date's transition in year y. */
static int64_t
rdate_when(const struct tz_rdate *r, int y)
{
	int64_t day = tz_days_from_civil(y, 1, 1);

	switch (r->kind) {
	case RD_JULIAN1:
		day += r->n - 1 + (is_leap(y) && r->n >= 60);
		break;
	case RD_ZERO:
		day += r->n;
		break;
	default: {
		int64_t first = tz_days_from_civil(y, r->m, 1);
		int mday = 1 + (r->d - weekday(first) + 7) % 7 + 7 * (r->w - 1);

		while (mday > month_len(y, r->m))
			mday -= 7;
		day = first + mday - 1;
		break;
	}
	}
	return day * 86400 + r->secs;
}

static int
year_of(int64_t t)
{
	int y, m, d;

	tz_civil_from_days(floor_div(t, 86400), &y, &m, &d);
	return y;
}

/* UTC instants at which DST starts and ends in year y (start is expressed
 * in standard time, end in daylight time). */
static void
rule_year(const struct tz_rule *r, int y, int64_t *start, int64_t *end)
{
	*start = rdate_when(&r->start, y) - r->std.utoff;
	*end = rdate_when(&r->end, y) - r->dst.utoff;
}

/* The rule is a sequence of events, DST starting at start(y) and ending at
 * end(y) for every year y; the state at t is that of the latest event at or
 * before t, a start winning a tie ("DST all year" rules end one year at the
 * instant the next starts). A year's events lie within its bounds +-9 days
 * (rule times reach +-167 h) and move by about a year per year, so the
 * latest event before t and the first after it come from the years around
 * t. Deciding by event order rather than by "is start < end this year"
 * keeps the answer a step function whose steps next_transition reports,
 * whatever the rule. */
static void
rule_events(const struct tz_rule *r, int64_t t, int *dst, int64_t *next)
{
	int y = year_of(t);
	int64_t prev = INT64_MIN;

	*dst = 0;
	*next = INT64_MAX;
	for (int k = y - 2; k <= y + 2; k++) {
		int64_t s, e;

		rule_year(r, k, &s, &e);
		if (e <= t && e > prev) {
			prev = e;
			*dst = 0;
		}
		if (s <= t && s >= prev) {
			prev = s;
			*dst = 1;
		}
		if (s > t && s < *next)
			*next = s;
		if (e > t && e < *next)
			*next = e;
	}
}

static const struct tz_type *
rule_type(const struct tz_rule *r, int64_t t)
{
	int64_t next;
	int dst;

	if (!r->has_dst)
		return &r->std;
	rule_events(r, clamp_t(t), &dst, &next);
	return dst ? &r->dst : &r->std;
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* std/dst designation: 3+ letters, or <...> of letters, digits, '+', '-'. */
static const char *
parse_abbr(const char *p, char *out)
{
	size_t n = 0;

	if (*p == '<') {
		for (p++; is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-'; p++, n++)
			if (n < TZ_ABBR_MAX - 1)
				out[n] = *p;
		if (*p++ != '>')
			return NULL;
	} else {
		for (; is_alpha(*p); p++, n++)
			if (n < TZ_ABBR_MAX - 1)
				out[n] = *p;
	}
	if (n < 3)
		return NULL;
	out[n < TZ_ABBR_MAX - 1 ? n : TZ_ABBR_MAX - 1] = '\0';
	return p;
}

static const char *
parse_num(const char *p, int maxdigits, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < maxdigits && is_digit(*p)) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	return n == 0 || *v > max ? NULL : p;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; seconds, sign applied. */
static const char *
parse_hms(const char *p, int maxh, int32_t *secs)
{
	int sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = parse_num(p, 3, maxh, &h)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = parse_num(p + 1, 2, 59, &m)) == NULL)
			return NULL;
		if (*p == ':' && (p = parse_num(p + 1, 2, 59, &s)) == NULL)
			return NULL;
	}
	*secs = sign * (h * 3600 + m * 60 + s);
	return p;
}

static const char *
parse_rdate(const char *p, struct tz_rdate *r)
{
	memset(r, 0, sizeof(*r));
	if (*p == 'J') {
		r->kind = RD_JULIAN1;
		if ((p = parse_num(p + 1, 3, 365, &r->n)) == NULL || r->n < 1)
			return NULL;
	} else if (*p == 'M') {
		r->kind = RD_MONTH;
		if ((p = parse_num(p + 1, 2, 12, &r->m)) == NULL || r->m < 1 || *p != '.' ||
		    (p = parse_num(p + 1, 1, 5, &r->w)) == NULL || r->w < 1 || *p != '.' ||
		    (p = parse_num(p + 1, 1, 6, &r->d)) == NULL)
			return NULL;
	} else {
		r->kind = RD_ZERO;
		if ((p = parse_num(p, 3, 365, &r->n)) == NULL)
			return NULL;
	}
	r->secs = 7200;
	if (*p == '/')
		p = parse_hms(p + 1, TZ_RULE_HOURS, &r->secs);
	return p;
}

/* A POSIX TZ string as RFC 8536 3.3 allows it in a footer. "" is valid
 * (no rule); anything else must parse completely. */
static int
parse_posix(const char *s, struct tz_rule *r)
{
	const char *p = s;
	int32_t off;

	memset(r, 0, sizeof(*r));
	if (*p == '\0')
		return 0;
	if ((p = parse_abbr(p, r->std.abbr)) == NULL || (p = parse_hms(p, 24, &off)) == NULL)
		return -1;
	r->std.utoff = -off;    /* POSIX offsets are positive west */
	r->present = 1;
	if (*p == '\0')
		return 0;
	if ((p = parse_abbr(p, r->dst.abbr)) == NULL)
		return -1;
	r->has_dst = 1;
	r->dst.isdst = 1;
	r->dst.utoff = r->std.utoff + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = parse_hms(p, 24, &off)) == NULL)
			return -1;
		r->dst.utoff = -off;
	}
	if (*p == '\0') {
		/* no rule: the US rules since 2007, as glibc and tzcode assume */
		r->start = (struct tz_rdate){RD_MONTH, 0, 3, 2, 0, 7200};
		r->end = (struct tz_rdate){RD_MONTH, 0, 11, 1, 0, 7200};
		return 0;
	}
	if (*p != ',' || (p = parse_rdate(p + 1, &r->start)) == NULL || *p != ',' ||
	    (p = parse_rdate(p + 1, &r->end)) == NULL || *p != '\0')
		return -1;
	return 0;
}

/* ---- TZif ---- */

struct tzif_hdr {
	int version;
	uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);

	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

static int
read_hdr(const unsigned char *buf, size_t len, size_t off, struct tzif_hdr *h)
{
	const unsigned char *p = buf + off;

	if (off > len || len - off < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return 0;
}

/* Bytes of the data block after a header; counts are < 2^32, so no overflow. */
static uint64_t
block_len(const struct tzif_hdr *h, uint64_t tsize)
{
	return h->timecnt * tsize + h->timecnt + h->typecnt * 6 + h->charcnt +
	    h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

void
tz_free(tz_t *tz)
{
	if (tz == NULL)
		return;
	free(tz->times);
	free(tz->idx);
	free(tz->types);
	free(tz);
}

static tz_t *
tz_new(const char *name, size_t ntimes, size_t ntypes)
{
	tz_t *tz = calloc(1, sizeof(*tz));

	if (tz == NULL)
		return NULL;
	snprintf(tz->name, sizeof(tz->name), "%s", name ? name : "");
	tz->ntimes = ntimes;
	tz->ntypes = ntypes;
	tz->types = calloc(ntypes, sizeof(*tz->types));
	if (ntimes) {
		tz->times = calloc(ntimes, sizeof(*tz->times));
		tz->idx = calloc(ntimes, 1);
	}
	if (tz->types == NULL || (ntimes && (tz->times == NULL || tz->idx == NULL))) {
		tz_free(tz);
		return NULL;
	}
	return tz;
}

tz_t *
tz_parse_tzif(const unsigned char *buf, size_t len, const char *name)
{
	struct tzif_hdr h;
	size_t off = 0, tsize = 4, i;
	const unsigned char *p, *chars;
	tz_t *tz = NULL;

	if (buf == NULL || read_hdr(buf, len, 0, &h) < 0)
		return NULL;
	if (h.version != 0) {
		/* version 2+: skip the 32-bit block, read the second header */
		uint64_t skip = block_len(&h, 4);

		if (skip > len - 44)
			return NULL;
		off = 44 + (size_t)skip;
		if (read_hdr(buf, len, off, &h) < 0)
			return NULL;
		tsize = 8;
	}
	/* leapcnt: "right/" zones count leap seconds, which Unix time does not */
	if (h.timecnt > TZ_MAX_TIMES || h.typecnt < 1 || h.typecnt > TZ_MAX_TYPES ||
	    h.charcnt < 1 || h.charcnt > TZ_MAX_CHARS || h.leapcnt != 0 ||
	    (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) ||
	    (h.isutcnt != 0 && h.isutcnt != h.typecnt))
		return NULL;
	off += 44;
	if (block_len(&h, tsize) > len - off)
		return NULL;
	if ((tz = tz_new(name, (size_t)h.timecnt, (size_t)h.typecnt)) == NULL)
		return NULL;

	p = buf + off;
	for (i = 0; i < tz->ntimes; i++, p += tsize) {
		tz->times[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
		if (i > 0 && tz->times[i] <= tz->times[i - 1])
			goto bad;
	}
	for (i = 0; i < tz->ntimes; i++, p++) {
		if (*p >= tz->ntypes)
			goto bad;
		tz->idx[i] = *p;
	}
	chars = p + tz->ntypes * 6;
	for (i = 0; i < tz->ntypes; i++, p += 6) {
		struct tz_type *ty = &tz->types[i];
		int32_t utoff = (int32_t)be32(p);
		size_t at = p[5], n;
		const unsigned char *nul;

		if (utoff < TZ_UTOFF_MIN || utoff > TZ_UTOFF_MAX || p[4] > 1 || at >= h.charcnt)
			goto bad;
		nul = memchr(chars + at, '\0', (size_t)h.charcnt - at);
		if (nul == NULL)
			goto bad;
		n = (size_t)(nul - (chars + at));
		if (n >= TZ_ABBR_MAX)
			n = TZ_ABBR_MAX - 1;
		ty->utoff = utoff;
		ty->isdst = p[4];
		memcpy(ty->abbr, chars + at, n);
		ty->abbr[n] = '\0';
	}
	off += (size_t)block_len(&h, tsize);

	if (tsize == 8) {
		/* footer: "\n" TZ-string "\n" */
		char footer[TZ_FOOTER_MAX];
		const unsigned char *nl;
		size_t n;

		if (len - off < 2 || buf[off] != '\n')
			goto bad;
		nl = memchr(buf + off + 1, '\n', len - off - 1);
		if (nl == NULL)
			goto bad;
		n = (size_t)(nl - (buf + off + 1));
		if (n >= sizeof(footer) || memchr(buf + off + 1, '\0', n) != NULL)
			goto bad;
		memcpy(footer, buf + off + 1, n);
		footer[n] = '\0';
		if (parse_posix(footer, &tz->rule) < 0)
			goto bad;
	}
	return tz;
bad:
	tz_free(tz);
	return NULL;
}

/* ---- loading ---- */

/* An IANA name: components of letters, digits, '_', '-', '+', each starting
 * with a letter, joined by single '/'. This rules out "..", absolute paths,
 * hidden files and trailing slashes before the filesystem is touched. */
static int
name_ok(const char *name)
{
	size_t n = strnlen(name, TZ_NAME_MAX + 1);
	int start = 1;

	if (n == 0 || n > TZ_NAME_MAX || strcmp(name, "localtime") == 0)
		return 0;    /* "localtime" is the server's zone, never a tenant's */
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (start && !is_alpha(c))
			return 0;
		start = c == '/';
		if (!is_alpha(c) && !is_digit(c) && c != '/' && c != '_' && c != '-' && c != '+')
			return 0;
	}
	return !start && strstr(name, "..") == NULL;
}

/* "+HH:MM" / "-HH:MM", |offset| <= 14:00; seconds east, or -1 when not one. */
static int
fixed_offset(const char *s, int32_t *utoff)
{
	int h, m;

	if (strnlen(s, 7) != 6 || (s[0] != '+' && s[0] != '-') || !is_digit(s[1]) ||
	    !is_digit(s[2]) || s[3] != ':' || !is_digit(s[4]) || !is_digit(s[5]))
		return -1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	if (m > 59 || h * 3600 + m * 60 > TZ_FIXED_MAX)
		return -1;
	*utoff = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return 0;
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > TZ_FILE_MAX || (buf = malloc((size_t)st.st_size)) == NULL)
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

tz_t *
tz_load(const char *name)
{
	char path[sizeof(TZ_DIR) + TZ_NAME_MAX];
	unsigned char *buf;
	size_t len = 0;
	int32_t utoff = 0;
	tz_t *tz;

	if (name == NULL)
		return NULL;
	if (strcmp(name, "UTC") == 0 || fixed_offset(name, &utoff) == 0) {
		if ((tz = tz_new(name, 0, 1)) == NULL)
			return NULL;
		tz->types[0].utoff = utoff;
		snprintf(tz->types[0].abbr, sizeof(tz->types[0].abbr), "%s", name);
		return tz;
	}
	if (!name_ok(name))
		return NULL;
	snprintf(path, sizeof(path), "%s%s", TZ_DIR, name);
	if ((buf = read_file(path, &len)) == NULL)
		return NULL;
	tz = tz_parse_tzif(buf, len, name);
	free(buf);
	return tz;
}

/* Loaded once per name and kept for the life of the process; failures are
 * not cached, so junk names cannot grow the list (valid names are finite). */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static tz_t *cache_head;

const tz_t *
tz_get(const char *name)
{
	tz_t *tz;

	if (name == NULL)
		return NULL;
	pthread_mutex_lock(&cache_lock);
	for (tz = cache_head; tz; tz = tz->cache_next)
		if (strcmp(tz->name, name) == 0)
			break;
	if (tz == NULL && (tz = tz_load(name)) != NULL) {
		tz->cache_next = cache_head;
		cache_head = tz;
	}
	pthread_mutex_unlock(&cache_lock);
	return tz;
}

const char *
tz_name(const tz_t *tz)
{
	return tz ? tz->name : "UTC";
}

/* ---- lookups ---- */

static const struct tz_type utc_type = {0, 0, "UTC"};

static const struct tz_type *
type_at(const tz_t *tz, int64_t t)
{
	size_t n, lo, hi;

	if (tz == NULL)
		return &utc_type;
	n = tz->ntimes;
	if (n == 0)
		return tz->rule.present ? rule_type(&tz->rule, t) : &tz->types[0];
	if (t < tz->times[0])
		return &tz->types[0];
	if (t >= tz->times[n - 1])
		return tz->rule.present ? rule_type(&tz->rule, t) : &tz->types[tz->idx[n - 1]];
	/* times[lo] <= t < times[hi] */
	lo = 0;
	hi = n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &tz->types[tz->idx[lo]];
}

/* The first instant after t at which the offset may change (INT64_MAX if
 * none): a table transition, or a footer rule transition. */
static int64_t
next_transition(const tz_t *tz, int64_t t)
{
	const struct tz_rule *r;
	size_t n, lo, hi;
	int64_t best;
	int dst;

	if (tz == NULL)
		return INT64_MAX;
	n = tz->ntimes;
	if (n > 0 && t < tz->times[n - 1]) {
		/* smallest i with times[i] > t: times[lo] <= t < times[hi] */
		if (t < tz->times[0])
			return tz->times[0];
		lo = 0;
		hi = n - 1;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (tz->times[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		return tz->times[hi];
	}
	r = &tz->rule;
	if (!r->present || !r->has_dst || t >= TZ_T_LIMIT)
		return INT64_MAX;
	rule_events(r, clamp_t(t), &dst, &best);
	return best;
}

int
tz_offset_at(const tz_t *tz, int64_t t)
{
	return type_at(tz, t)->utoff;
}

void
tz_to_local(const tz_t *tz, int64_t t, struct tm *out)
{
	const struct tz_type *ty;
	int64_t local, days, secs;
	int y, m, d;

	t = clamp_t(t);
	ty = type_at(tz, t);
	local = t + ty->utoff;
	days = floor_div(local, 86400);
	secs = local - days * 86400;
	tz_civil_from_days(days, &y, &m, &d);
	memset(out, 0, sizeof(*out));
	out->tm_year = y - 1900;
	out->tm_mon = m - 1;
	out->tm_mday = d;
	out->tm_hour = (int)(secs / 3600);
	out->tm_min = (int)(secs / 60 % 60);
	out->tm_sec = (int)(secs % 60);
	out->tm_wday = weekday(days);
	out->tm_yday = (int)(days - tz_days_from_civil(y, 1, 1));
	out->tm_isdst = ty->isdst;
	out->tm_gmtoff = ty->utoff;
	out->tm_zone = ty->abbr;    /* lives as long as the zone */
}

static void
add_unique(int64_t *set, size_t *n, size_t cap, int64_t v)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == v)
			return;
	if (*n < cap)
		set[(*n)++] = v;
}

int
tz_from_local(const tz_t *tz, int year, int mon, int day, int hour, int min, int sec,
    int64_t *out)
{
	/* distinct offsets: the zone's types plus the footer's two */
	enum { MAXOFF = TZ_MAX_TYPES + 2 };
	int64_t offs[MAXOFF], found[MAXOFF], w, tr;
	size_t noffs = 0, nfound = 0;

	if (year < 0 || year > 9999 || mon < 1 || mon > 12 || day < 1 ||
	    day > month_len(year, mon) || hour < 0 || hour > 23 || min < 0 || min > 59 ||
	    sec < 0 || sec > 59)
		return TZ_INVALID;
	w = tz_days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
	/* Every instant that reads as w lies within TZ_WINDOW of it; collect
	 * the offsets in effect anywhere in that window (next_transition grows
	 * strictly, so this ends), then keep those whose instant w - offset
	 * really has that offset. */
	tr = w - TZ_WINDOW;
	add_unique(offs, &noffs, MAXOFF, tz_offset_at(tz, tr));
	while ((tr = next_transition(tz, tr)) <= w + TZ_WINDOW)
		add_unique(offs, &noffs, MAXOFF, tz_offset_at(tz, tr));
	for (size_t i = 0; i < noffs; i++)
		if (tz_offset_at(tz, w - offs[i]) == offs[i])
			add_unique(found, &nfound, MAXOFF, w - offs[i]);
	if (nfound == 0)
		return TZ_GAP;
	if (out) {
		*out = found[0];
		for (size_t i = 1; i < nfound; i++)
			if (found[i] < *out)
				*out = found[i];
	}
	return nfound > 1 ? TZ_AMBIGUOUS : TZ_OK;
}

/* ---- text ---- */

static void
format(int64_t t, int utoff, int utc, char *out, size_t outlen)
{
	int64_t local = clamp_t(t) + utoff, days = floor_div(local, 86400);
	int64_t secs = local - days * 86400;
	int y, m, d, a = utoff < 0 ? -utoff : utoff;

	tz_civil_from_days(days, &y, &m, &d);
	if (utc)
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	else
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
		    utoff < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

void
tz_format_utc(int64_t t, char *out, size_t outlen)
{
	format(t, 0, 1, out, outlen);
}

void
tz_format_local(const tz_t *tz, int64_t t, char *out, size_t outlen)
{
	int off = tz_offset_at(tz, t);

	/* RFC 3339 offsets have no seconds (only LMT before ~1900 has them):
	 * round to whole minutes and show the wall time under that offset, so
	 * the string still names instant t exactly. */
	off = off >= 0 ? (off + 30) / 60 * 60 : -((-off + 30) / 60 * 60);
	format(t, off, 0, out, outlen);
}

/* Exactly n digits. */
static int
digits(const char **pp, int n, int *v)
{
	const char *p = *pp;

	*v = 0;
	for (int i = 0; i < n; i++, p++) {
		if (!is_digit(*p))
			return 0;
		*v = *v * 10 + (*p - '0');
	}
	*pp = p;
	return 1;
}

static int
lit(const char **pp, char c)
{
	if (**pp != c)
		return 0;
	(*pp)++;
	return 1;
}

int
tz_parse_time(const char *s, const tz_t *tz, int64_t *out, int *naive)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	int64_t t;

	if (naive)
		*naive = 0;
	if (s == NULL)
		return TZ_INVALID;
	if (!digits(&p, 4, &y) || !lit(&p, '-') || !digits(&p, 2, &mo) || !lit(&p, '-') ||
	    !digits(&p, 2, &d))
		return TZ_INVALID;
	if (!lit(&p, 'T') && !lit(&p, 't') && !lit(&p, ' '))
		return TZ_INVALID;
	if (!digits(&p, 2, &h) || !lit(&p, ':') || !digits(&p, 2, &mi))
		return TZ_INVALID;
	if (lit(&p, ':')) {
		if (!digits(&p, 2, &sec))
			return TZ_INVALID;
		if (lit(&p, '.')) {     /* fraction: truncated */
			if (!is_digit(*p))
				return TZ_INVALID;
			while (is_digit(*p))
				p++;
		}
	}
	if (lit(&p, 'Z') || lit(&p, 'z'))
		sign = 1;
	else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh))
			return TZ_INVALID;
		(void)lit(&p, ':');     /* +HH:MM or +HHMM */
		if (!digits(&p, 2, &om) || oh > 23 || om > 59)
			return TZ_INVALID;
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > month_len(y, mo) || h > 23 ||
	    mi > 59 || sec > 59)
		return TZ_INVALID;
	if (sign == 0) {
		if (naive)
			*naive = 1;
		if (tz == NULL)
			return TZ_INVALID;
		return tz_from_local(tz, y, mo, d, h, mi, sec, out);
	}
	t = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t -= sign * (oh * 3600 + om * 60);
	if (out)
		*out = t;
	return TZ_OK;
}
