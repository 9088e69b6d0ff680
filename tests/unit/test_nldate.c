/* lib/nldate.c: the phrase table (each phrase said at a fixed now in a zone,
 * with the kind, UTC start and end, has_date, has_time and gap expected),
 * DST days in Chicago, Berlin and Sydney, month/year rollover, leap day,
 * phrases that must not parse, what is left over (rest), the Spanish table,
 * and the bounds on untrusted text. */
#include <string.h>

#include "unit.h"
#include "../../lib/nldate.h"

#define P NLD_POINT
#define R NLD_RANGE

/* when the phrase is said (UTC) */
#define SUN "2026-11-22T15:00:00Z"              /* Sunday 09:00 in Chicago */
#define SUNPM "2026-11-22T23:00:00Z"            /* Sunday 17:00 in Chicago */
#define WED "2026-11-25T18:00:00Z"              /* Wednesday 12:00 in Chicago */
#define SAT "2026-11-28T18:00:00Z"              /* Saturday 12:00 in Chicago */
#define CHI_SPRING "2026-03-07T18:00:00Z"       /* Saturday 12:00 CST, eve of spring forward */
#define CHI_SPRING_0130 "2026-03-08T07:30:00Z"  /* 01:30 CST, half an hour before it */
#define CHI_FALL "2026-10-31T15:00:00Z"         /* Saturday 10:00 CDT, eve of fall back */
#define BER_SPRING "2026-03-28T12:00:00Z"       /* Saturday 13:00 CET */
#define BER_FALL "2026-10-24T12:00:00Z"         /* Saturday 14:00 CEST */
#define SYD_FALL "2026-04-04T01:00:00Z"         /* Saturday 12:00 AEDT */
#define SYD_SPRING "2026-10-03T01:00:00Z"       /* Saturday 11:00 AEST */
#define NYE "2026-12-31T20:00:00Z"              /* Thursday */
#define JAN31 "2027-01-31T12:00:00Z"
#define JAN10 "2027-01-10T12:00:00Z"
#define DEC10 "2026-12-10T12:00:00Z"
#define JUN10 "2026-06-10T12:00:00Z"
#define APR10 "2026-04-10T12:00:00Z"

#define CHI "America/Chicago"
#define BER "Europe/Berlin"
#define SYD "Australia/Sydney"
#define UTC "UTC"
#define MAD_NOW SUN                             /* Sunday 16:00 in Madrid */
#define MAD_TZ "Europe/Madrid"

struct nld_case {
	const char *phrase, *now, *zone;
	int kind;
	const char *start, *end;        /* UTC; end NULL for a point */
	int has_date, has_time, gap;
};

static const struct nld_case cases_en[] = {
	/* days named relative to today (Sunday 22 Nov 2026, 09:00 in Chicago) */
	{"today", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"tomorrow", SUN, CHI, R, "2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z", 1, 0, 0},
	{"day after tomorrow", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"the day after tomorrow", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"yesterday", SUN, CHI, R, "2026-11-21T06:00:00Z", "2026-11-22T06:00:00Z", 1, 0, 0},
	/* parts of day: with "this"/"tonight" today; alone today while not over, else tomorrow */
	{"tonight", SUN, CHI, R, "2026-11-23T00:00:00Z", "2026-11-23T04:00:00Z", 1, 1, 0},
	{"this morning", SUN, CHI, R, "2026-11-22T14:00:00Z", "2026-11-22T18:00:00Z", 1, 1, 0},
	{"this afternoon", SUN, CHI, R, "2026-11-22T18:00:00Z", "2026-11-22T23:00:00Z", 1, 1, 0},
	{"this evening", SUN, CHI, R, "2026-11-22T23:00:00Z", "2026-11-23T03:00:00Z", 1, 1, 0},
	{"morning", SUN, CHI, R, "2026-11-22T14:00:00Z", "2026-11-22T18:00:00Z", 0, 1, 0},
	{"afternoon", SUN, CHI, R, "2026-11-22T18:00:00Z", "2026-11-22T23:00:00Z", 0, 1, 0},
	{"in the evening", SUN, CHI, R, "2026-11-22T23:00:00Z", "2026-11-23T03:00:00Z", 0, 1, 0},
	{"tomorrow morning", SUN, CHI, R, "2026-11-23T14:00:00Z", "2026-11-23T18:00:00Z", 1, 1, 0},
	{"tomorrow afternoon", SUN, CHI, R, "2026-11-23T18:00:00Z", "2026-11-23T23:00:00Z", 1, 1, 0},
	{"tomorrow evening", SUN, CHI, R, "2026-11-23T23:00:00Z", "2026-11-24T03:00:00Z", 1, 1, 0},
	{"tomorrow night", SUN, CHI, R, "2026-11-24T00:00:00Z", "2026-11-24T04:00:00Z", 1, 1, 0},
	/* times: am/pm, 24-hour, bare hours (1-7 pm, 8-11 am, 12 noon, leading zero 24-hour) */
	{"tomorrow at 3pm", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 3 pm", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 3:30pm", SUN, CHI, P, "2026-11-23T21:30:00Z", NULL, 1, 1, 0},
	{"tomorrow at 15:30", SUN, CHI, P, "2026-11-23T21:30:00Z", NULL, 1, 1, 0},
	{"tomorrow 3pm", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"3pm tomorrow", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 3", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 10", SUN, CHI, P, "2026-11-23T16:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 8", SUN, CHI, P, "2026-11-23T14:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 7", SUN, CHI, P, "2026-11-24T01:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 12", SUN, CHI, P, "2026-11-23T18:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at noon", SUN, CHI, P, "2026-11-23T18:00:00Z", NULL, 1, 1, 0},
	{"noon tomorrow", SUN, CHI, P, "2026-11-23T18:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 12 noon", SUN, CHI, P, "2026-11-23T18:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at midnight", SUN, CHI, P, "2026-11-24T06:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 9am", SUN, CHI, P, "2026-11-23T15:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 9:45 a.m.", SUN, CHI, P, "2026-11-23T15:45:00Z", NULL, 1, 1, 0},
	{"tomorrow at 12am", SUN, CHI, P, "2026-11-23T06:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 12pm", SUN, CHI, P, "2026-11-23T18:00:00Z", NULL, 1, 1, 0},
	{"tomorrow at 0:30", SUN, CHI, P, "2026-11-23T06:30:00Z", NULL, 1, 1, 0},
	{"tomorrow at 07:30", SUN, CHI, P, "2026-11-23T13:30:00Z", NULL, 1, 1, 0},
	/* a time without a day: today if still ahead, else tomorrow (has_date 0) */
	{"at 3", SUN, CHI, P, "2026-11-22T21:00:00Z", NULL, 0, 1, 0},
	{"3pm", SUN, CHI, P, "2026-11-22T21:00:00Z", NULL, 0, 1, 0},
	{"at 10:30", SUN, CHI, P, "2026-11-22T16:30:00Z", NULL, 0, 1, 0},
	{"at 8:30", SUN, CHI, P, "2026-11-23T14:30:00Z", NULL, 0, 1, 0},
	{"noon", SUN, CHI, P, "2026-11-22T18:00:00Z", NULL, 0, 1, 0},
	{"midnight", SUN, CHI, P, "2026-11-23T06:00:00Z", NULL, 0, 1, 0},
	{"at 9", SUN, CHI, P, "2026-11-23T15:00:00Z", NULL, 0, 1, 0},
	/* a part of day beside an hour settles am/pm; minutes before/after the hour */
	{"10 in the morning", SUN, CHI, P, "2026-11-22T16:00:00Z", NULL, 0, 1, 0},
	{"3 in the afternoon", SUN, CHI, P, "2026-11-22T21:00:00Z", NULL, 0, 1, 0},
	{"7 in the evening", SUN, CHI, P, "2026-11-23T01:00:00Z", NULL, 0, 1, 0},
	{"8 tonight", SUN, CHI, P, "2026-11-23T02:00:00Z", NULL, 1, 1, 0},
	{"tonight at 11", SUN, CHI, P, "2026-11-23T05:00:00Z", NULL, 1, 1, 0},
	{"tomorrow morning at 7", SUN, CHI, P, "2026-11-23T13:00:00Z", NULL, 1, 1, 0},
	{"quarter past 3", SUN, CHI, P, "2026-11-22T21:15:00Z", NULL, 0, 1, 0},
	{"half past ten", SUN, CHI, P, "2026-11-22T16:30:00Z", NULL, 0, 1, 0},
	{"quarter to 4", SUN, CHI, P, "2026-11-22T21:45:00Z", NULL, 0, 1, 0},
	{"ten to five", SUN, CHI, P, "2026-11-22T22:50:00Z", NULL, 0, 1, 0},
	{"3 o'clock", SUN, CHI, P, "2026-11-22T21:00:00Z", NULL, 0, 1, 0},
	{"at three", SUN, CHI, P, "2026-11-22T21:00:00Z", NULL, 0, 1, 0},
	{"at eleven", SUN, CHI, P, "2026-11-22T17:00:00Z", NULL, 0, 1, 0},
	/* weekdays: bare or "this" = the coming one, today included;
	 * "next" = the one in next week (English weeks start on Sunday) */
	{"Tuesday", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"on Tuesday", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"this Tuesday", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"next Tuesday", SUN, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"Monday", SUN, CHI, R, "2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z", 1, 0, 0},
	{"Sunday", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"this Sunday", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"next Sunday", SUN, CHI, R, "2026-11-29T06:00:00Z", "2026-11-30T06:00:00Z", 1, 0, 0},
	{"Saturday", SUN, CHI, R, "2026-11-28T06:00:00Z", "2026-11-29T06:00:00Z", 1, 0, 0},
	{"next Saturday", SUN, CHI, R, "2026-12-05T06:00:00Z", "2026-12-06T06:00:00Z", 1, 0, 0},
	{"next Monday", SUN, CHI, R, "2026-11-30T06:00:00Z", "2026-12-01T06:00:00Z", 1, 0, 0},
	{"Tue", SUN, CHI, R, "2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z", 1, 0, 0},
	{"on sat", SUN, CHI, R, "2026-11-28T06:00:00Z", "2026-11-29T06:00:00Z", 1, 0, 0},
	/* "next week"/"this week" pick the week; a calendar date beside a weekday rules */
	{"Tuesday next week", SUN, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"next week on Tuesday", SUN, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"Friday this week", SUN, CHI, R, "2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z", 1, 0, 0},
	{"Tuesday, December 1st", SUN, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"Tues, Dec 1 at 3pm", SUN, CHI, P, "2026-12-01T21:00:00Z", NULL, 1, 1, 0},
	{"Tuesday the 5th", SUN, CHI, R, "2026-12-05T06:00:00Z", "2026-12-06T06:00:00Z", 1, 0, 0},
	/* weekdays with times and parts of day; today's weekday whose time is over moves a week */
	{"Friday at 2pm", SUN, CHI, P, "2026-11-27T20:00:00Z", NULL, 1, 1, 0},
	{"this Friday after 4", SUN, CHI, R, "2026-11-27T22:00:00Z", "2026-11-28T06:00:00Z", 1, 1, 0},
	{"next Tuesday morning", SUN, CHI, R, "2026-12-01T14:00:00Z", "2026-12-01T18:00:00Z", 1, 1, 0},
	{"Sunday at 10am", SUN, CHI, P, "2026-11-22T16:00:00Z", NULL, 1, 1, 0},
	{"Sunday at 8am", SUN, CHI, P, "2026-11-29T14:00:00Z", NULL, 1, 1, 0},
	{"Sunday morning", SUN, CHI, R, "2026-11-22T14:00:00Z", "2026-11-22T18:00:00Z", 1, 1, 0},
	{"Friday after 4pm", SUN, CHI, R, "2026-11-27T22:00:00Z", "2026-11-28T06:00:00Z", 1, 1, 0},
	{"Wednesday before noon", SUN, CHI, R, "2026-11-25T06:00:00Z", "2026-11-25T18:00:00Z", 1, 1, 0},
	{"Wednesday between 2 and 4", SUN, CHI, R, "2026-11-25T20:00:00Z",
	    "2026-11-25T22:00:00Z", 1, 1, 0},
	{"Thursday from 10 to 2", SUN, CHI, R, "2026-11-26T16:00:00Z", "2026-11-26T20:00:00Z", 1, 1, 0},
	/* month and day, in every order; no year = next occurrence */
	{"March 5", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"March 5 at 10:30", SUN, CHI, P, "2027-03-05T16:30:00Z", NULL, 1, 1, 0},
	{"Mar 5th", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"5 March", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"5th of March", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"the 5th of March", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"March 5 2027", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"March 5, 2027", SUN, CHI, R, "2027-03-05T06:00:00Z", "2027-03-06T06:00:00Z", 1, 0, 0},
	{"March 5 2028", SUN, CHI, R, "2028-03-05T06:00:00Z", "2028-03-06T06:00:00Z", 1, 0, 0},
	{"December 24", SUN, CHI, R, "2026-12-24T06:00:00Z", "2026-12-25T06:00:00Z", 1, 0, 0},
	{"Dec 25th at 9am", SUN, CHI, P, "2026-12-25T15:00:00Z", NULL, 1, 1, 0},
	{"November 22", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"November 21", SUN, CHI, R, "2027-11-21T06:00:00Z", "2027-11-22T06:00:00Z", 1, 0, 0},
	{"January 3", SUN, CHI, R, "2027-01-03T06:00:00Z", "2027-01-04T06:00:00Z", 1, 0, 0},
	/* numeric dates: month/day in English; ISO */
	{"5/3", SUN, CHI, R, "2027-05-03T05:00:00Z", "2027-05-04T05:00:00Z", 1, 0, 0},
	{"12/24", SUN, CHI, R, "2026-12-24T06:00:00Z", "2026-12-25T06:00:00Z", 1, 0, 0},
	{"12/25/2026", SUN, CHI, R, "2026-12-25T06:00:00Z", "2026-12-26T06:00:00Z", 1, 0, 0},
	{"12/25/26", SUN, CHI, R, "2026-12-25T06:00:00Z", "2026-12-26T06:00:00Z", 1, 0, 0},
	{"2026-12-24", SUN, CHI, R, "2026-12-24T06:00:00Z", "2026-12-25T06:00:00Z", 1, 0, 0},
	{"2026-12-24 at 3pm", SUN, CHI, P, "2026-12-24T21:00:00Z", NULL, 1, 1, 0},
	{"2027-07-04", SUN, CHI, R, "2027-07-04T05:00:00Z", "2027-07-05T05:00:00Z", 1, 0, 0},
	/* day of month: this month if not passed, else next month */
	{"the 12th", SUN, CHI, R, "2026-12-12T06:00:00Z", "2026-12-13T06:00:00Z", 1, 0, 0},
	{"the 22nd", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"the 21st", SUN, CHI, R, "2026-12-21T06:00:00Z", "2026-12-22T06:00:00Z", 1, 0, 0},
	{"on the 12th", SUN, CHI, R, "2026-12-12T06:00:00Z", "2026-12-13T06:00:00Z", 1, 0, 0},
	{"12th", SUN, CHI, R, "2026-12-12T06:00:00Z", "2026-12-13T06:00:00Z", 1, 0, 0},
	{"the 30th", SUN, CHI, R, "2026-11-30T06:00:00Z", "2026-12-01T06:00:00Z", 1, 0, 0},
	{"on the first", SUN, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"the 12th at 3pm", SUN, CHI, P, "2026-12-12T21:00:00Z", NULL, 1, 1, 0},
	/* relative offsets: minutes/hours elapse from now; days/weeks/months are calendar days */
	{"in two hours", SUN, CHI, P, "2026-11-22T17:00:00Z", NULL, 1, 1, 0},
	{"in 30 minutes", SUN, CHI, P, "2026-11-22T15:30:00Z", NULL, 1, 1, 0},
	{"in an hour", SUN, CHI, P, "2026-11-22T16:00:00Z", NULL, 1, 1, 0},
	{"in half an hour", SUN, CHI, P, "2026-11-22T15:30:00Z", NULL, 1, 1, 0},
	{"in 3 days", SUN, CHI, R, "2026-11-25T06:00:00Z", "2026-11-26T06:00:00Z", 1, 0, 0},
	{"in a week", SUN, CHI, R, "2026-11-29T06:00:00Z", "2026-11-30T06:00:00Z", 1, 0, 0},
	{"in 2 weeks", SUN, CHI, R, "2026-12-06T06:00:00Z", "2026-12-07T06:00:00Z", 1, 0, 0},
	{"in a month", SUN, CHI, R, "2026-12-22T06:00:00Z", "2026-12-23T06:00:00Z", 1, 0, 0},
	{"2 hours from now", SUN, CHI, P, "2026-11-22T17:00:00Z", NULL, 1, 1, 0},
	{"in 3 days at 4pm", SUN, CHI, P, "2026-11-25T22:00:00Z", NULL, 1, 1, 0},
	/* after/before/between and ranges */
	{"after 4", SUN, CHI, R, "2026-11-22T22:00:00Z", "2026-11-23T06:00:00Z", 0, 1, 0},
	{"after 4pm", SUN, CHI, R, "2026-11-22T22:00:00Z", "2026-11-23T06:00:00Z", 0, 1, 0},
	{"before noon", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-22T18:00:00Z", 0, 1, 0},
	{"by 5pm", SUN, CHI, R, "2026-11-22T06:00:00Z", "2026-11-22T23:00:00Z", 0, 1, 0},
	{"between 2 and 4", SUN, CHI, R, "2026-11-22T20:00:00Z", "2026-11-22T22:00:00Z", 0, 1, 0},
	{"from 2 to 4", SUN, CHI, R, "2026-11-22T20:00:00Z", "2026-11-22T22:00:00Z", 0, 1, 0},
	{"2-4pm", SUN, CHI, R, "2026-11-22T20:00:00Z", "2026-11-22T22:00:00Z", 0, 1, 0},
	{"9am-5pm", SUN, CHI, R, "2026-11-22T15:00:00Z", "2026-11-22T23:00:00Z", 0, 1, 0},
	{"from 10am to 2", SUN, CHI, R, "2026-11-22T16:00:00Z", "2026-11-22T20:00:00Z", 0, 1, 0},
	{"11 to 1pm", SUN, CHI, R, "2026-11-22T17:00:00Z", "2026-11-22T19:00:00Z", 0, 1, 0},
	{"from 7 to 9", SUN, CHI, R, "2026-11-23T01:00:00Z", "2026-11-23T03:00:00Z", 0, 1, 0},
	{"tomorrow morning after 10", SUN, CHI, R, "2026-11-23T16:00:00Z",
	    "2026-11-23T18:00:00Z", 1, 1, 0},
	{"this afternoon before 3", SUN, CHI, R, "2026-11-22T18:00:00Z", "2026-11-22T21:00:00Z", 1, 1, 0},
	/* case and punctuation */
	{"TOMORROW AT 3PM", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"Tomorrow, at 3 p.m.!", SUN, CHI, P, "2026-11-23T21:00:00Z", NULL, 1, 1, 0},
	{"at noon on Friday", SUN, CHI, P, "2026-11-27T18:00:00Z", NULL, 1, 1, 0},
	{"Friday at midnight", SUN, CHI, P, "2026-11-28T06:00:00Z", NULL, 1, 1, 0},
	/* said on Wednesday 25 Nov, 12:00 in Chicago */
	{"next Tuesday", WED, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"this Tuesday", WED, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	{"next Friday", WED, CHI, R, "2026-12-04T06:00:00Z", "2026-12-05T06:00:00Z", 1, 0, 0},
	{"this Friday", WED, CHI, R, "2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z", 1, 0, 0},
	{"Friday", WED, CHI, R, "2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z", 1, 0, 0},
	{"Wednesday", WED, CHI, R, "2026-11-25T06:00:00Z", "2026-11-26T06:00:00Z", 1, 0, 0},
	{"next Wednesday", WED, CHI, R, "2026-12-02T06:00:00Z", "2026-12-03T06:00:00Z", 1, 0, 0},
	{"morning", WED, CHI, R, "2026-11-26T14:00:00Z", "2026-11-26T18:00:00Z", 0, 1, 0},
	{"at 11", WED, CHI, P, "2026-11-26T17:00:00Z", NULL, 0, 1, 0},
	{"noon", WED, CHI, P, "2026-11-26T18:00:00Z", NULL, 0, 1, 0},
	{"the 25th", WED, CHI, R, "2026-11-25T06:00:00Z", "2026-11-26T06:00:00Z", 1, 0, 0},
	{"the 24th", WED, CHI, R, "2026-12-24T06:00:00Z", "2026-12-25T06:00:00Z", 1, 0, 0},
	/* said on Sunday 22 Nov, 17:00 in Chicago; and on Saturday 28 Nov */
	{"Sunday morning", SUNPM, CHI, R, "2026-11-29T14:00:00Z", "2026-11-29T18:00:00Z", 1, 1, 0},
	{"Sunday", SUNPM, CHI, R, "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z", 1, 0, 0},
	{"tonight", SUNPM, CHI, R, "2026-11-23T00:00:00Z", "2026-11-23T04:00:00Z", 1, 1, 0},
	{"this morning", SUNPM, CHI, R, "2026-11-22T14:00:00Z", "2026-11-22T18:00:00Z", 1, 1, 0},
	{"at 3", SUNPM, CHI, P, "2026-11-23T21:00:00Z", NULL, 0, 1, 0},
	{"afternoon", SUNPM, CHI, R, "2026-11-23T18:00:00Z", "2026-11-23T23:00:00Z", 0, 1, 0},
	{"evening", SUNPM, CHI, R, "2026-11-22T23:00:00Z", "2026-11-23T03:00:00Z", 0, 1, 0},
	{"next Tuesday", SAT, CHI, R, "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 1, 0, 0},
	/* Chicago spring forward, Sunday 8 Mar 2026 02:00 -> 03:00: a 23-hour
	 * day; 2:00-2:59 do not exist and move forward by the gap */
	{"tomorrow", CHI_SPRING, CHI, R, "2026-03-08T06:00:00Z", "2026-03-09T05:00:00Z", 1, 0, 0},
	    /* 2026-03-08T00:00-06:00 .. 2026-03-09T00:00-05:00, 23 h */
	{"tomorrow at 2:30am", CHI_SPRING, CHI, P, "2026-03-08T08:30:00Z", NULL, 1, 1, 1},
	    /* 2026-03-08T03:30-05:00 */
	{"tomorrow at 2am", CHI_SPRING, CHI, P, "2026-03-08T08:00:00Z", NULL, 1, 1, 1},
	    /* 2026-03-08T03:00-05:00 */
	{"tomorrow at 3am", CHI_SPRING, CHI, P, "2026-03-08T08:00:00Z", NULL, 1, 1, 0},
	    /* 2026-03-08T03:00-05:00 */
	{"tomorrow at 1:59am", CHI_SPRING, CHI, P, "2026-03-08T07:59:00Z", NULL, 1, 1, 0},
	    /* 2026-03-08T01:59-06:00 */
	{"tomorrow at 10am", CHI_SPRING, CHI, P, "2026-03-08T15:00:00Z", NULL, 1, 1, 0},
	    /* 2026-03-08T10:00-05:00 */
	{"Sunday", CHI_SPRING, CHI, R, "2026-03-08T06:00:00Z", "2026-03-09T05:00:00Z", 1, 0, 0},
	    /* 2026-03-08T00:00-06:00 .. 2026-03-09T00:00-05:00, 23 h */
	{"tomorrow morning", CHI_SPRING, CHI, R, "2026-03-08T13:00:00Z", "2026-03-08T17:00:00Z", 1, 1, 0},
	    /* 2026-03-08T08:00-05:00 .. 2026-03-08T12:00-05:00, 4 h */
	{"in two hours", CHI_SPRING_0130, CHI, P, "2026-03-08T09:30:00Z", NULL, 1, 1, 0},
	    /* 2026-03-08T04:30-05:00 */
	/* Chicago fall back, Sunday 1 Nov 2026 02:00 -> 01:00: a 25-hour day;
	 * 1:00-1:59 happen twice and the earlier is taken */
	{"tomorrow", CHI_FALL, CHI, R, "2026-11-01T05:00:00Z", "2026-11-02T06:00:00Z", 1, 0, 0},
	    /* 2026-11-01T00:00-05:00 .. 2026-11-02T00:00-06:00, 25 h */
	{"tomorrow at 1:30am", CHI_FALL, CHI, P, "2026-11-01T06:30:00Z", NULL, 1, 1, 0},
	    /* 2026-11-01T01:30-05:00 */
	{"tomorrow at 1am", CHI_FALL, CHI, P, "2026-11-01T06:00:00Z", NULL, 1, 1, 0},
	    /* 2026-11-01T01:00-05:00 */
	{"tomorrow at 2am", CHI_FALL, CHI, P, "2026-11-01T08:00:00Z", NULL, 1, 1, 0},
	    /* 2026-11-01T02:00-06:00 */
	{"Sunday", CHI_FALL, CHI, R, "2026-11-01T05:00:00Z", "2026-11-02T06:00:00Z", 1, 0, 0},
	    /* 2026-11-01T00:00-05:00 .. 2026-11-02T00:00-06:00, 25 h */
	{"tomorrow at 9am", CHI_FALL, CHI, P, "2026-11-01T15:00:00Z", NULL, 1, 1, 0},
	    /* 2026-11-01T09:00-06:00 */
	/* Berlin: spring forward 29 Mar 2026, fall back 25 Oct 2026 */
	{"tomorrow", BER_SPRING, BER, R, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 1, 0, 0},
	    /* 2026-03-29T00:00+01:00 .. 2026-03-30T00:00+02:00, 23 h */
	{"tomorrow at 2:30am", BER_SPRING, BER, P, "2026-03-29T01:30:00Z", NULL, 1, 1, 1},
	    /* 2026-03-29T03:30+02:00 */
	{"tomorrow at 10am", BER_SPRING, BER, P, "2026-03-29T08:00:00Z", NULL, 1, 1, 0},
	    /* 2026-03-29T10:00+02:00 */
	{"tomorrow", BER_FALL, BER, R, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 1, 0, 0},
	    /* 2026-10-25T00:00+02:00 .. 2026-10-26T00:00+01:00, 25 h */
	{"tomorrow at 2:30am", BER_FALL, BER, P, "2026-10-25T00:30:00Z", NULL, 1, 1, 0},
	    /* 2026-10-25T02:30+02:00 */
	{"tomorrow at 3am", BER_FALL, BER, P, "2026-10-25T02:00:00Z", NULL, 1, 1, 0},
	    /* 2026-10-25T03:00+01:00 */
	/* Sydney: fall back Sunday 5 Apr 2026 03:00 -> 02:00; spring forward
	 * Sunday 4 Oct 2026 02:00 -> 03:00 */
	{"tomorrow", SYD_FALL, SYD, R, "2026-04-04T13:00:00Z", "2026-04-05T14:00:00Z", 1, 0, 0},
	    /* 2026-04-05T00:00+11:00 .. 2026-04-06T00:00+10:00, 25 h */
	{"tomorrow at 2:30am", SYD_FALL, SYD, P, "2026-04-04T15:30:00Z", NULL, 1, 1, 0},
	    /* 2026-04-05T02:30+11:00 */
	{"tomorrow at 9am", SYD_FALL, SYD, P, "2026-04-04T23:00:00Z", NULL, 1, 1, 0},
	    /* 2026-04-05T09:00+10:00 */
	{"tomorrow", SYD_SPRING, SYD, R, "2026-10-03T14:00:00Z", "2026-10-04T13:00:00Z", 1, 0, 0},
	    /* 2026-10-04T00:00+10:00 .. 2026-10-05T00:00+11:00, 23 h */
	{"tomorrow at 2:30am", SYD_SPRING, SYD, P, "2026-10-03T16:30:00Z", NULL, 1, 1, 1},
	    /* 2026-10-04T03:30+11:00 */
	{"tomorrow at 9am", SYD_SPRING, SYD, P, "2026-10-03T22:00:00Z", NULL, 1, 1, 0},
	    /* 2026-10-04T09:00+11:00 */
	/* Sydney is already Monday 23 Nov when it is Sunday 15:00 UTC */
	{"today", SUN, SYD, R, "2026-11-22T13:00:00Z", "2026-11-23T13:00:00Z", 1, 0, 0},
	{"tomorrow", SUN, SYD, R, "2026-11-23T13:00:00Z", "2026-11-24T13:00:00Z", 1, 0, 0},
	{"at 3", SUN, SYD, P, "2026-11-23T04:00:00Z", NULL, 0, 1, 0},
	/* year and month rollover: 31 Dec 2026, 20:00 UTC */
	{"tomorrow", NYE, UTC, R, "2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z", 1, 0, 0},
	{"today", NYE, UTC, R, "2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", 1, 0, 0},
	{"January 3", NYE, UTC, R, "2027-01-03T00:00:00Z", "2027-01-04T00:00:00Z", 1, 0, 0},
	{"the 5th", NYE, UTC, R, "2027-01-05T00:00:00Z", "2027-01-06T00:00:00Z", 1, 0, 0},
	{"Dec 31", NYE, UTC, R, "2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", 1, 0, 0},
	{"Dec 30", NYE, UTC, R, "2027-12-30T00:00:00Z", "2027-12-31T00:00:00Z", 1, 0, 0},
	{"next Friday", NYE, UTC, R, "2027-01-08T00:00:00Z", "2027-01-09T00:00:00Z", 1, 0, 0},
	{"in a week", NYE, UTC, R, "2027-01-07T00:00:00Z", "2027-01-08T00:00:00Z", 1, 0, 0},
	{"at 9pm", NYE, UTC, P, "2026-12-31T21:00:00Z", NULL, 0, 1, 0},
	{"at 7", NYE, UTC, P, "2027-01-01T19:00:00Z", NULL, 0, 1, 0},
	{"in 2 hours", NYE, UTC, P, "2026-12-31T22:00:00Z", NULL, 1, 1, 0},
	{"in 5 hours", NYE, UTC, P, "2027-01-01T01:00:00Z", NULL, 1, 1, 0},
	/* 31 Jan 2027: the 30th skips February; a month later is clamped to 28 Feb */
	{"the 5th", JAN31, UTC, R, "2027-02-05T00:00:00Z", "2027-02-06T00:00:00Z", 1, 0, 0},
	{"the 31st", JAN31, UTC, R, "2027-01-31T00:00:00Z", "2027-02-01T00:00:00Z", 1, 0, 0},
	{"the 30th", JAN31, UTC, R, "2027-03-30T00:00:00Z", "2027-03-31T00:00:00Z", 1, 0, 0},
	{"in a month", JAN31, UTC, R, "2027-02-28T00:00:00Z", "2027-03-01T00:00:00Z", 1, 0, 0},
	{"tomorrow", JAN31, UTC, R, "2027-02-01T00:00:00Z", "2027-02-02T00:00:00Z", 1, 0, 0},
	/* leap day said in 2027 is 2028-02-29; dates before today roll to next year */
	{"Feb 29", JAN10, UTC, R, "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z", 1, 0, 0},
	{"2/29", JAN10, UTC, R, "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z", 1, 0, 0},
	{"February 29th", JAN10, UTC, R, "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z", 1, 0, 0},
	{"2/29/2028", JAN10, UTC, R, "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z", 1, 0, 0},
	{"January 3", DEC10, UTC, R, "2027-01-03T00:00:00Z", "2027-01-04T00:00:00Z", 1, 0, 0},
	{"5/3", JUN10, UTC, R, "2027-05-03T00:00:00Z", "2027-05-04T00:00:00Z", 1, 0, 0},
	{"the 31st", APR10, UTC, R, "2026-05-31T00:00:00Z", "2026-06-01T00:00:00Z", 1, 0, 0},
};

/* Spanish is a second lexicon, not code: day/month order, weeks from Monday. */
static const struct nld_case cases_es[] = {
	{"hoy", MAD_NOW, MAD_TZ, R, "2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z", 1, 0, 0},
	{"mañana", MAD_NOW, MAD_TZ, R, "2026-11-22T23:00:00Z", "2026-11-23T23:00:00Z", 1, 0, 0},
	{"MAÑANA", MAD_NOW, MAD_TZ, R, "2026-11-22T23:00:00Z", "2026-11-23T23:00:00Z", 1, 0, 0},
	{"pasado mañana", MAD_NOW, MAD_TZ, R, "2026-11-23T23:00:00Z", "2026-11-24T23:00:00Z", 1, 0, 0},
	{"ayer", MAD_NOW, MAD_TZ, R, "2026-11-20T23:00:00Z", "2026-11-21T23:00:00Z", 1, 0, 0},
	{"el martes", MAD_NOW, MAD_TZ, R, "2026-11-23T23:00:00Z", "2026-11-24T23:00:00Z", 1, 0, 0},
	{"el próximo martes", MAD_NOW, MAD_TZ, R, "2026-11-23T23:00:00Z",
	    "2026-11-24T23:00:00Z", 1, 0, 0},
	{"el martes de la semana que viene", MAD_NOW, MAD_TZ, R, "2026-11-23T23:00:00Z",
	    "2026-11-24T23:00:00Z", 1, 0, 0},
	{"el domingo", MAD_NOW, MAD_TZ, R, "2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z", 1, 0, 0},
	{"el 5 de marzo", MAD_NOW, MAD_TZ, R, "2027-03-04T23:00:00Z", "2027-03-05T23:00:00Z", 1, 0, 0},
	{"el 5 de marzo de 2027", MAD_NOW, MAD_TZ, R, "2027-03-04T23:00:00Z",
	    "2027-03-05T23:00:00Z", 1, 0, 0},
	{"5/3", MAD_NOW, MAD_TZ, R, "2027-03-04T23:00:00Z", "2027-03-05T23:00:00Z", 1, 0, 0},
	{"el 12", MAD_NOW, MAD_TZ, R, "2026-12-11T23:00:00Z", "2026-12-12T23:00:00Z", 1, 0, 0},
	{"mañana a las 5 de la tarde", MAD_NOW, MAD_TZ, P, "2026-11-23T16:00:00Z", NULL, 1, 1, 0},
	{"mañana por la mañana", MAD_NOW, MAD_TZ, R, "2026-11-23T07:00:00Z",
	    "2026-11-23T11:00:00Z", 1, 1, 0},
	{"esta noche", MAD_NOW, MAD_TZ, R, "2026-11-22T18:00:00Z", "2026-11-22T22:00:00Z", 1, 1, 0},
	{"a las 3 y media", MAD_NOW, MAD_TZ, P, "2026-11-23T14:30:00Z", NULL, 0, 1, 0},
	{"a las 4 menos cuarto", MAD_NOW, MAD_TZ, P, "2026-11-23T14:45:00Z", NULL, 0, 1, 0},
	{"el sábado entre las 10 y las 12", MAD_NOW, MAD_TZ, R, "2026-11-28T09:00:00Z",
	    "2026-11-28T11:00:00Z", 1, 1, 0},
	{"dentro de una hora", MAD_NOW, MAD_TZ, P, "2026-11-22T16:00:00Z", NULL, 1, 1, 0},
	{"en 3 días", MAD_NOW, MAD_TZ, R, "2026-11-24T23:00:00Z", "2026-11-25T23:00:00Z", 1, 0, 0},
	{"mañana a las 10", MAD_NOW, MAD_TZ, P, "2026-11-23T09:00:00Z", NULL, 1, 1, 0},
	{"el viernes después de las 4", MAD_NOW, MAD_TZ, R, "2026-11-27T15:00:00Z",
	    "2026-11-27T23:00:00Z", 1, 1, 0},
};

/* Said on Sunday 22 Nov 2026 in Chicago: none of these names a date or time. */
static const char *const never_en[] = {
	"", "   ", "\t\n", "hello", "I need a haircut", "cut and color", "3 people", "call me",
	"$30", "$3.50", "the 32nd", "13/45", "Febtember 3", "!!!", ".,;:-", "?", "at", "next",
	"this", "March", "may I come in", "the first thing", "I sat down", "the sun is out",
	"3 to 5 people", "Feb 30", "2/30", "0/5", "99:99", "at 25", "13pm", "in hours",
	"5 days", "room 101", "tomorrowland", "12345", "2026-13-01", "2026-02-30",
	"in 5000 days", "the 0th", "on the thirty-second", "next week", "I have 2 kids",
	"call me at 555-1234", "order #12", "this week",
};

static int64_t
utc(const char *s)
{
	int64_t t;
	int naive;

	cr_assert_eq(tz_parse_time(s, tz_get("UTC"), &t, &naive), TZ_OK, "%s", s);
	return t;
}

static void
run_table(const struct nld_case *c, size_t n, const char *lang)
{
	for (size_t i = 0; i < n; i++, c++) {
		const tz_t *tz = tz_get(c->zone);
		char s[32], e[32];
		nld_result r;
		int k;

		cr_assert_not_null(tz, "zone %s", c->zone);
		k = nld_parse(c->phrase, utc(c->now), tz, lang, &r);
		tz_format_utc(r.start, s, sizeof(s));
		tz_format_utc(r.end, e, sizeof(e));
		cr_expect_eq(k, c->kind, "\"%s\" at %s in %s: kind %d, want %d", c->phrase, c->now,
		    c->zone, k, c->kind);
		cr_expect_eq(r.kind, k, "\"%s\": out->kind", c->phrase);
		cr_expect_str_eq(s, c->start, "\"%s\" at %s in %s: start %s, want %s", c->phrase,
		    c->now, c->zone, s, c->start);
		cr_expect_str_eq(e, c->end ? c->end : c->start, "\"%s\" at %s in %s: end %s, want %s",
		    c->phrase, c->now, c->zone, e, c->end ? c->end : c->start);
		cr_expect_eq(r.has_date, c->has_date, "\"%s\": has_date %d", c->phrase, r.has_date);
		cr_expect_eq(r.has_time, c->has_time, "\"%s\": has_time %d", c->phrase, r.has_time);
		cr_expect_eq(r.gap, c->gap, "\"%s\": gap %d", c->phrase, r.gap);
		cr_expect_str_eq(r.rest, "", "\"%s\": rest \"%s\"", c->phrase, r.rest);
	}
}

UTEST(nldate, table_en)
{
	cr_assert_geq(sizeof(cases_en) / sizeof(cases_en[0]), 150);
	run_table(cases_en, sizeof(cases_en) / sizeof(cases_en[0]), "en");
}

UTEST(nldate, table_es)
{
	run_table(cases_es, sizeof(cases_es) / sizeof(cases_es[0]), "es");
}

UTEST(nldate, never_a_date)
{
	const tz_t *tz = tz_get(CHI);

	for (size_t i = 0; i < sizeof(never_en) / sizeof(never_en[0]); i++) {
		nld_result r;
		int k = nld_parse(never_en[i], utc(SUN), tz, "en", &r);

		cr_expect_eq(k, NLD_NONE, "\"%s\" parsed as %d", never_en[i], k);
		cr_expect_eq(r.kind, NLD_NONE);
		cr_expect(!r.has_date && !r.has_time && r.start == 0 && r.end == 0, "\"%s\"",
		    never_en[i]);
	}
	for (const char *const *p = (const char *const[]){"hola", "quiero un corte", "3 personas",
	    "el 32", "13/45", NULL}; *p; p++) {
		nld_result r;

		cr_expect_eq(nld_parse(*p, utc(SUN), tz_get(MAD_TZ), "es", &r), NLD_NONE, "%s", *p);
	}
}

/* rest: the words not taken, in the user's spelling, trimmed */
UTEST(nldate, rest)
{
	static const struct {
		const char *phrase, *rest;
		int kind;
	} c[] = {
		{"a haircut tomorrow at 3", "a haircut", P},
		{"I need a haircut, tomorrow at 3.", "I need a haircut", P},
		{"Tomorrow, at 3 p.m.!", "", P},
		{"cut and color next Tuesday morning please", "cut and color please", R},
		{"today or tomorrow", "or tomorrow", R},
		{"tomorrow 3", "3", R},
		{"tomorrow, cut & color.", "cut & color.", R},
		{"$30 haircut on Friday", "$30 haircut", R},
		{"(tomorrow)", "", R},
		{"e-mail me tomorrow", "e-mail me", R},
		{"Table for 4 at 5", "Table for 4", P},
		{"hello", "hello", NLD_NONE},
		{"  spaced   out  ", "spaced out", NLD_NONE},
		{"hello!", "hello!", NLD_NONE},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		nld_result r;

		cr_expect_eq(nld_parse(c[i].phrase, utc(SUN), tz_get(CHI), "en", &r), c[i].kind,
		    "\"%s\"", c[i].phrase);
		cr_expect_str_eq(r.rest, c[i].rest, "\"%s\": rest \"%s\", want \"%s\"", c[i].phrase,
		    r.rest, c[i].rest);
	}
}

UTEST(nldate, defaults)
{
	nld_result a, b;
	int64_t now = utc(SUN);

	/* unknown or NULL language is English; NULL zone is UTC */
	cr_assert_eq(nld_parse("tomorrow", now, tz_get(CHI), NULL, &a), R);
	cr_assert_eq(nld_parse("tomorrow", now, tz_get(CHI), "xx", &b), R);
	cr_assert_eq(a.start, b.start);
	cr_assert_eq(nld_parse("tomorrow", now, NULL, "en", &a), R);
	cr_assert_eq(a.start, utc("2026-11-23T00:00:00Z"));
	cr_assert_eq(nld_parse(NULL, now, tz_get(CHI), "en", &a), NLD_NONE);
	cr_assert_eq(nld_parse("tomorrow", now, tz_get(CHI), "en", NULL), NLD_NONE);
	/* a fixed offset zone */
	cr_assert_eq(nld_parse("tomorrow at 9am", now, tz_get("-06:00"), "en", &a), P);
	cr_assert_eq(a.start, utc("2026-11-23T15:00:00Z"));
	/* a now no calendar holds */
	cr_assert_eq(nld_parse("tomorrow", INT64_MAX, tz_get(CHI), "en", &a), NLD_NONE);
	cr_assert_eq(nld_parse("tomorrow", INT64_MIN, tz_get(CHI), "en", &a), NLD_NONE);
}

UTEST(nldate, untrusted_bytes)
{
	static char big[20000];
	nld_result r;
	int64_t now = utc(SUN);

	/* invalid UTF-8 and control bytes are just unknown words */
	cr_assert_eq(nld_parse("\xff\xfe tomorrow \x01\x7f", now, tz_get(CHI), "en", &r), R);
	cr_assert_eq(nld_parse("tomorrow\xc2\xa0" "at\xc2\xa0" "3", now, tz_get(CHI), "en", &r), P,
	    "no-break spaces separate words");
	cr_assert_eq(nld_parse("3 o\xe2\x80\x99" "clock", now, tz_get(CHI), "en", &r), P,
	    "a typographic apostrophe");
	/* far past the token limit: the date there is not seen; rest is cut */
	for (size_t i = 0; i + 2 <= sizeof(big) - 16; i += 2)
		memcpy(big + i, "a ", 2);
	memcpy(big + sizeof(big) - 16, "tomorrow", 9);
	cr_assert_eq(strlen(big), sizeof(big) - 8);
	cr_assert_eq(nld_parse(big, now, tz_get(CHI), "en", &r), NLD_NONE);
	cr_assert_lt(strlen(r.rest), sizeof(r.rest));
	/* a date first, then a long tail: found, and rest holds what fits */
	memcpy(big, "tomorrow ", 9);
	cr_assert_eq(nld_parse(big, now, tz_get(CHI), "en", &r), R);
	cr_assert_lt(strlen(r.rest), sizeof(r.rest));
	cr_assert_gt(strlen(r.rest), 200);
	/* one enormous word and number */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(nld_parse(big, now, tz_get(CHI), "en", &r), NLD_NONE);
	cr_assert_lt(strlen(r.rest), sizeof(r.rest));
	memset(big, '9', sizeof(big) - 1);
	cr_assert_eq(nld_parse(big, now, tz_get(CHI), "en", &r), NLD_NONE);
	/* past the token limit the raw text is cut on a whole UTF-8 character */
	memset(big, '.', 128);          /* 128 tokens */
	memcpy(big + 128, " x", 2);
	for (size_t i = 130; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(nld_parse(big, now, tz_get(CHI), "en", &r), NLD_NONE);
	/* 128 dots, a space, then "x" and 62 two-byte characters of the 126 bytes left */
	cr_assert_eq(strlen(r.rest), 128 + 1 + 1 + 62 * 2, "%zu", strlen(r.rest));
	cr_assert_eq((unsigned char)r.rest[strlen(r.rest) - 1], 0xa9);
}
