#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "uuid.h"

/* The last (milliseconds << 12 | fraction) handed out by this process. */
static _Atomic uint64_t last_stamp;

/* RFC 9562 UUIDv7 with method 3 of section 6.2: the 12 bits after the
 * version hold the fraction of the millisecond (244 ns steps), so ids made
 * by different processes of one host sort in the order they were made
 * (messages of a conversation are listed by id); within a process the stamp
 * also never repeats or goes back. */
int
uuid_v7(char out[UUID_STR_LEN])
{
	unsigned char b[16];
	struct timespec ts;
	uint64_t ms, stamp, prev;

	if (crypto_random(b, sizeof(b)) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	stamp = ms << 12 | (uint64_t)(ts.tv_nsec % 1000000) * 4096 / 1000000;
	prev = last_stamp;
	do {
		if (stamp <= prev)
			stamp = prev + 1;
	} while (!__atomic_compare_exchange_n(&last_stamp, &prev, stamp, 0, __ATOMIC_SEQ_CST,
	    __ATOMIC_SEQ_CST));
	ms = stamp >> 12;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (8 * (5 - i)));
	b[6] = (unsigned char)(0x70 | ((stamp >> 8) & 0x0f));
	b[7] = (unsigned char)(stamp & 0xff);
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	snprintf(out, UUID_STR_LEN,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	    b[13], b[14], b[15]);
	return 0;
}

int
uuid_valid(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	}
	return 1;
}
