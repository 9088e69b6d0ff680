/* UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and serve as cursors. */
#ifndef FD_UUID_H
#define FD_UUID_H

#define UUID_STR_LEN 37

/* Write a new lowercase hyphenated UUIDv7 into out. 0 or -1. */
int uuid_v7(char out[UUID_STR_LEN]);
/* 1 when s is a canonical hyphenated UUID (any version), else 0. */
int uuid_valid(const char *s);

#endif
