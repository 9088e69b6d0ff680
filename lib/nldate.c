/* Natural date and time understanding (see nldate.h).
 *
 * How it works. The text is cut into at most NLD_MAX_TOKENS tokens (a word,
 * a number or one punctuation mark, each remembering whether it was glued to
 * the previous one: "3pm", "5/3", "10:30"). Then, left to right, every
 * matcher in `matchers` is tried at the current token and the longest match
 * wins (ties: table order). A matcher fills one slot of a `struct spec` (the
 * day, the time, the part of day, an offset), and only while that slot is
 * empty, so "today or tomorrow" takes "today" and leaves "or tomorrow" in
 * rest. Tokens that no matcher takes are skipped and become rest. Finally
 * the spec is resolved against now in the zone. Work is bounded: at most
 * NLD_MAX_TOKENS tokens, each looked at by a fixed set of matchers that read
 * a bounded number of tokens ahead.
 *
 * Words are data: one `struct nld_lang` per language, with a lexicon of
 * (phrase, class, values) entries, the numeric date order, the first day of
 * the week and the bare-hour rule. A phrase is one or more lower-case words
 * separated by single spaces ("day after tomorrow", "p m"); a one-character
 * phrase word that is not a letter matches that punctuation mark ("-", "@").
 * Matching is case-insensitive (ASCII and Latin-1 letters in UTF-8) and skips
 * '.' between the words of a phrase ("p.m.").
 *
 * The rules, as a receptionist would take them:
 * - "Tuesday", "on Tuesday", "this Tuesday": the coming Tuesday within 7
 *   days, today included; when that is today and what was named (the time,
 *   the part of day) is already over, the Tuesday a week later.
 * - "next Tuesday", "Tuesday next week": the Tuesday of next week, weeks
 *   starting on the language's week_start (Sunday in English). Said on
 *   Sunday 22 Nov 2026 it is Tuesday 1 Dec (not the Tuesday two days
 *   later); said on Wednesday 25 Nov it is Tuesday 1 Dec too (and on a
 *   Saturday "next Sunday" is the next day). "next week" alone is no date.
 * - A weekday beside a calendar date ("Tuesday, December 1st") is taken but
 *   the date decides.
 * - A time or part of day without a day: today while it is still ahead (a
 *   point after now, a range whose end is after now), else tomorrow;
 *   has_date stays 0 so the caller can confirm.
 * - Bare hours ("at 3", "from 2 to 4"): 1-7 are afternoon (15:00), 8-11
 *   morning, 12 noon; 0, 13-23 and hours written with a leading zero
 *   ("07:30") are the 24-hour clock. A part of day beside the time overrides
 *   it: "7 in the morning", "tonight at 11", "tomorrow morning at 7".
 * - "after 4": from 16:00 to the end of that day (the next local midnight;
 *   business hours clip it later), or to the end of the part of day when one
 *   is named ("tomorrow morning after 10" = 10:00-12:00). "before noon":
 *   from the start of the day (or of the part of day) to noon.
 * - Dates without a year are the next occurrence: one earlier than today
 *   means next year ("January 3" said in December, "5/3" said in June);
 *   "Feb 29" means the next Feb 29. "the 12th": this month if the 12th has
 *   not passed, else the next month that has one ("the 31st" in April is
 *   31 May). A date with a year is taken as said, past or not; so is
 *   "yesterday".
 * - "5/3": month/day or day/month by the language's day_first (English:
 *   month first, May 3); "2026-12-24" is always year-month-day.
 * - "midnight" is the end of the named day (24:00, i.e. the next day's
 *   00:00): "Friday at midnight" is the night from Friday to Saturday.
 * - "in 2 hours", "in 30 minutes": now plus that much elapsed time (a point;
 *   has_date and has_time both 1). "in 3 days", "in a week", "in a month":
 *   that calendar day (a range), so a time can follow ("in 3 days at 4pm").
 * - A date alone is the local day [00:00, next 00:00) from tz_from_local, so
 *   DST days last 23 or 25 hours. A named local time in a DST gap moves
 *   forward by the gap (2:30 on a spring-forward day is 3:30) and sets gap;
 *   an ambiguous one (fall-back) is the earlier instant.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "nldate.h"

#define NLD_MAX_TOKENS 128
#define NLD_WORD_MAX 24
#define NLD_MAX_QTY 1000        /* "in 1000 days" at most */
#define NLD_NOW_MAX INT64_C(253402300799)   /* 9999-12-31T23:59:59Z */

/* Lexicon classes. a and b are the entry's values. */
enum lcls {
	L_MONTH,        /* a = 1..12 */
	L_WDAY,         /* a = 0 (Sunday)..6 */
	L_WDAY_WEAK,    /* same, but also a common word ("sat", "sun"): needs on/this/next */
	L_RELDAY,       /* a = days from today */
	L_NUM,          /* a = value (one..fifty) */
	L_ORD,          /* a = day of month (first..thirtieth) */
	L_ORDSUF,       /* "st", "nd": glued to a number */
	L_PART,         /* a part of day: [a, b) minutes from midnight */
	L_PART_TODAY,   /* same, and it means today ("tonight", "this morning") */
	L_TIME,         /* a named time: a = minutes from midnight ("noon") */
	L_MER,          /* a = 0 (am) or 12 (pm) */
	L_THIS,         /* "this Friday" */
	L_NEXT,         /* "next Friday" */
	L_WEEK,         /* "Friday next week": a = 1 this week, 2 next week */
	L_UMIN,         /* a unit of elapsed time: a = minutes */
	L_UDAY,         /* a unit of calendar days: a = days */
	L_UMON,         /* a unit of calendar months: a = months */
	L_USELF,        /* a quantity and unit in one: a = minutes ("half an hour") */
	L_ON,           /* before a day: "on", "for" */
	L_AT,           /* before a time: "at", "around" */
	L_AFTER,        /* "after 4" */
	L_BEFORE,       /* "before noon", "by 5" */
	L_FROM,         /* "from 2 to 4" */
	L_BETWEEN,      /* "between 2 and 4" */
	L_TO,           /* range connector after "from" or none: "to", "-" */
	L_AND,          /* range connector after "between" */
	L_IN,           /* "in 2 hours" */
	L_FROMNOW,      /* "2 hours from now" */
	L_THE,          /* "the 12th" */
	L_OF,           /* "5th of March" */
	L_PAST,         /* "quarter past 3" */
	L_TILL,         /* "quarter to 4" */
	L_MINQ,         /* minutes in "quarter past": a = 15, 30 */
	L_OCLOCK,       /* "3 o'clock" */
	L_ARTICLE,      /* "a", "an": a quantity of one before a unit */
	L__MAX
};
#define B(c) (UINT64_C(1) << (c))

struct nld_lex {
	const char *p;
	unsigned char cls;
	short a, b;
};

struct nld_lang {
	const char *code;
	const struct nld_lex *lex;      /* ends with {NULL} */
	int day_first;                  /* numeric dates: 1 = 5/3 is 5 March; 0 = May 3 */
	int week_start;                 /* 0 = Sunday: "next X" is X in the following week */
	int bare_pm_max;                /* bare hours 1..bare_pm_max are afternoon */
};

static const struct nld_lex lex_en[] = {
	{"january", L_MONTH, 1, 0}, {"jan", L_MONTH, 1, 0},
	{"february", L_MONTH, 2, 0}, {"feb", L_MONTH, 2, 0},
	{"march", L_MONTH, 3, 0}, {"mar", L_MONTH, 3, 0},
	{"april", L_MONTH, 4, 0}, {"apr", L_MONTH, 4, 0},
	{"may", L_MONTH, 5, 0},
	{"june", L_MONTH, 6, 0}, {"jun", L_MONTH, 6, 0},
	{"july", L_MONTH, 7, 0}, {"jul", L_MONTH, 7, 0},
	{"august", L_MONTH, 8, 0}, {"aug", L_MONTH, 8, 0},
	{"september", L_MONTH, 9, 0}, {"sep", L_MONTH, 9, 0}, {"sept", L_MONTH, 9, 0},
	{"october", L_MONTH, 10, 0}, {"oct", L_MONTH, 10, 0},
	{"november", L_MONTH, 11, 0}, {"nov", L_MONTH, 11, 0},
	{"december", L_MONTH, 12, 0}, {"dec", L_MONTH, 12, 0},

	{"sunday", L_WDAY, 0, 0}, {"sun", L_WDAY_WEAK, 0, 0},
	{"monday", L_WDAY, 1, 0}, {"mon", L_WDAY, 1, 0},
	{"tuesday", L_WDAY, 2, 0}, {"tue", L_WDAY, 2, 0}, {"tues", L_WDAY, 2, 0},
	{"wednesday", L_WDAY, 3, 0}, {"wed", L_WDAY, 3, 0},
	{"thursday", L_WDAY, 4, 0}, {"thu", L_WDAY, 4, 0}, {"thur", L_WDAY, 4, 0},
	{"thurs", L_WDAY, 4, 0},
	{"friday", L_WDAY, 5, 0}, {"fri", L_WDAY, 5, 0},
	{"saturday", L_WDAY, 6, 0}, {"sat", L_WDAY_WEAK, 6, 0},

	{"today", L_RELDAY, 0, 0},
	{"tomorrow", L_RELDAY, 1, 0}, {"tomorow", L_RELDAY, 1, 0}, {"tmrw", L_RELDAY, 1, 0},
	{"tmr", L_RELDAY, 1, 0},
	{"day after tomorrow", L_RELDAY, 2, 0}, {"the day after tomorrow", L_RELDAY, 2, 0},
	{"yesterday", L_RELDAY, -1, 0},
	{"day before yesterday", L_RELDAY, -2, 0},
	{"the day before yesterday", L_RELDAY, -2, 0},

	{"one", L_NUM, 1, 0}, {"two", L_NUM, 2, 0}, {"three", L_NUM, 3, 0},
	{"four", L_NUM, 4, 0}, {"five", L_NUM, 5, 0}, {"six", L_NUM, 6, 0},
	{"seven", L_NUM, 7, 0}, {"eight", L_NUM, 8, 0}, {"nine", L_NUM, 9, 0},
	{"ten", L_NUM, 10, 0}, {"eleven", L_NUM, 11, 0}, {"twelve", L_NUM, 12, 0},
	{"thirteen", L_NUM, 13, 0}, {"fourteen", L_NUM, 14, 0}, {"fifteen", L_NUM, 15, 0},
	{"sixteen", L_NUM, 16, 0}, {"seventeen", L_NUM, 17, 0}, {"eighteen", L_NUM, 18, 0},
	{"nineteen", L_NUM, 19, 0}, {"twenty", L_NUM, 20, 0}, {"thirty", L_NUM, 30, 0},
	{"forty", L_NUM, 40, 0}, {"fifty", L_NUM, 50, 0},

	{"first", L_ORD, 1, 0}, {"second", L_ORD, 2, 0}, {"third", L_ORD, 3, 0},
	{"fourth", L_ORD, 4, 0}, {"fifth", L_ORD, 5, 0}, {"sixth", L_ORD, 6, 0},
	{"seventh", L_ORD, 7, 0}, {"eighth", L_ORD, 8, 0}, {"ninth", L_ORD, 9, 0},
	{"tenth", L_ORD, 10, 0}, {"eleventh", L_ORD, 11, 0}, {"twelfth", L_ORD, 12, 0},
	{"thirteenth", L_ORD, 13, 0}, {"fourteenth", L_ORD, 14, 0},
	{"fifteenth", L_ORD, 15, 0}, {"sixteenth", L_ORD, 16, 0},
	{"seventeenth", L_ORD, 17, 0}, {"eighteenth", L_ORD, 18, 0},
	{"nineteenth", L_ORD, 19, 0}, {"twentieth", L_ORD, 20, 0},
	{"thirtieth", L_ORD, 30, 0},
	{"st", L_ORDSUF, 0, 0}, {"nd", L_ORDSUF, 0, 0}, {"rd", L_ORDSUF, 0, 0},
	{"th", L_ORDSUF, 0, 0},

	{"morning", L_PART, 8 * 60, 12 * 60}, {"in the morning", L_PART, 8 * 60, 12 * 60},
	{"this morning", L_PART_TODAY, 8 * 60, 12 * 60},
	{"afternoon", L_PART, 12 * 60, 17 * 60}, {"in the afternoon", L_PART, 12 * 60, 17 * 60},
	{"this afternoon", L_PART_TODAY, 12 * 60, 17 * 60},
	{"evening", L_PART, 17 * 60, 21 * 60}, {"in the evening", L_PART, 17 * 60, 21 * 60},
	{"this evening", L_PART_TODAY, 17 * 60, 21 * 60},
	{"tonight", L_PART_TODAY, 18 * 60, 22 * 60},
	{"night", L_PART, 18 * 60, 22 * 60}, {"at night", L_PART, 18 * 60, 22 * 60},
	{"lunchtime", L_PART, 12 * 60, 14 * 60}, {"lunch time", L_PART, 12 * 60, 14 * 60},

	{"noon", L_TIME, 12 * 60, 0}, {"midday", L_TIME, 12 * 60, 0},
	{"midnight", L_TIME, 24 * 60, 0},
	{"am", L_MER, 0, 0}, {"a m", L_MER, 0, 0},
	{"pm", L_MER, 12, 0}, {"p m", L_MER, 12, 0},

	{"this", L_THIS, 0, 0}, {"this coming", L_THIS, 0, 0}, {"coming", L_THIS, 0, 0},
	{"next", L_NEXT, 0, 0},
	{"this week", L_WEEK, 1, 0}, {"next week", L_WEEK, 2, 0},
	{"of next week", L_WEEK, 2, 0},

	{"minute", L_UMIN, 1, 0}, {"minutes", L_UMIN, 1, 0}, {"min", L_UMIN, 1, 0},
	{"mins", L_UMIN, 1, 0},
	{"hour", L_UMIN, 60, 0}, {"hours", L_UMIN, 60, 0}, {"hr", L_UMIN, 60, 0},
	{"hrs", L_UMIN, 60, 0},
	{"day", L_UDAY, 1, 0}, {"days", L_UDAY, 1, 0},
	{"week", L_UDAY, 7, 0}, {"weeks", L_UDAY, 7, 0}, {"fortnight", L_UDAY, 14, 0},
	{"month", L_UMON, 1, 0}, {"months", L_UMON, 1, 0},
	{"year", L_UMON, 12, 0}, {"years", L_UMON, 12, 0},
	{"half an hour", L_USELF, 30, 0}, {"half hour", L_USELF, 30, 0},
	{"a half hour", L_USELF, 30, 0},

	{"on", L_ON, 0, 0}, {"for", L_ON, 0, 0},
	{"at", L_AT, 0, 0}, {"@", L_AT, 0, 0}, {"around", L_AT, 0, 0}, {"about", L_AT, 0, 0},
	{"at around", L_AT, 0, 0}, {"at about", L_AT, 0, 0},
	{"after", L_AFTER, 0, 0}, {"later than", L_AFTER, 0, 0},
	{"any time after", L_AFTER, 0, 0}, {"anytime after", L_AFTER, 0, 0},
	{"before", L_BEFORE, 0, 0}, {"by", L_BEFORE, 0, 0}, {"until", L_BEFORE, 0, 0},
	{"till", L_BEFORE, 0, 0}, {"no later than", L_BEFORE, 0, 0},
	{"earlier than", L_BEFORE, 0, 0},
	{"from", L_FROM, 0, 0}, {"between", L_BETWEEN, 0, 0},
	{"to", L_TO, 0, 0}, {"-", L_TO, 0, 0}, {"until", L_TO, 0, 0}, {"till", L_TO, 0, 0},
	{"through", L_TO, 0, 0}, {"thru", L_TO, 0, 0},
	{"and", L_AND, 0, 0},
	{"in", L_IN, 0, 0}, {"within", L_IN, 0, 0},
	{"from now", L_FROMNOW, 0, 0}, {"from today", L_FROMNOW, 0, 0},
	{"the", L_THE, 0, 0}, {"of", L_OF, 0, 0},
	{"past", L_PAST, 0, 0}, {"after", L_PAST, 0, 0},
	{"to", L_TILL, 0, 0}, {"till", L_TILL, 0, 0}, {"before", L_TILL, 0, 0},
	{"of", L_TILL, 0, 0},
	{"quarter", L_MINQ, 15, 0}, {"a quarter", L_MINQ, 15, 0}, {"half", L_MINQ, 30, 0},
	{"o'clock", L_OCLOCK, 0, 0}, {"oclock", L_OCLOCK, 0, 0}, {"o clock", L_OCLOCK, 0, 0},
	{"a", L_ARTICLE, 0, 0}, {"an", L_ARTICLE, 0, 0},
	{NULL, 0, 0, 0},
};

/* Spanish: the same grammar with other words. Accented words are listed with
 * and without the accent, since people type both. */
static const struct nld_lex lex_es[] = {
	{"enero", L_MONTH, 1, 0}, {"ene", L_MONTH, 1, 0},
	{"febrero", L_MONTH, 2, 0}, {"feb", L_MONTH, 2, 0},
	{"marzo", L_MONTH, 3, 0}, {"mar", L_MONTH, 3, 0},
	{"abril", L_MONTH, 4, 0}, {"abr", L_MONTH, 4, 0},
	{"mayo", L_MONTH, 5, 0},
	{"junio", L_MONTH, 6, 0}, {"jun", L_MONTH, 6, 0},
	{"julio", L_MONTH, 7, 0}, {"jul", L_MONTH, 7, 0},
	{"agosto", L_MONTH, 8, 0}, {"ago", L_MONTH, 8, 0},
	{"septiembre", L_MONTH, 9, 0}, {"setiembre", L_MONTH, 9, 0}, {"sep", L_MONTH, 9, 0},
	{"octubre", L_MONTH, 10, 0}, {"oct", L_MONTH, 10, 0},
	{"noviembre", L_MONTH, 11, 0}, {"nov", L_MONTH, 11, 0},
	{"diciembre", L_MONTH, 12, 0}, {"dic", L_MONTH, 12, 0},

	{"domingo", L_WDAY, 0, 0}, {"lunes", L_WDAY, 1, 0},
	{"martes", L_WDAY, 2, 0},
	{"miércoles", L_WDAY, 3, 0}, {"miercoles", L_WDAY, 3, 0},
	{"jueves", L_WDAY, 4, 0}, {"viernes", L_WDAY, 5, 0},
	{"sábado", L_WDAY, 6, 0}, {"sabado", L_WDAY, 6, 0},

	{"hoy", L_RELDAY, 0, 0},
	{"mañana", L_RELDAY, 1, 0}, {"manana", L_RELDAY, 1, 0},
	{"pasado mañana", L_RELDAY, 2, 0}, {"pasado manana", L_RELDAY, 2, 0},
	{"ayer", L_RELDAY, -1, 0}, {"anteayer", L_RELDAY, -2, 0},

	{"una", L_NUM, 1, 0}, {"uno", L_NUM, 1, 0}, {"dos", L_NUM, 2, 0},
	{"tres", L_NUM, 3, 0}, {"cuatro", L_NUM, 4, 0}, {"cinco", L_NUM, 5, 0},
	{"seis", L_NUM, 6, 0}, {"siete", L_NUM, 7, 0}, {"ocho", L_NUM, 8, 0},
	{"nueve", L_NUM, 9, 0}, {"diez", L_NUM, 10, 0}, {"once", L_NUM, 11, 0},
	{"doce", L_NUM, 12, 0}, {"quince", L_NUM, 15, 0}, {"veinte", L_NUM, 20, 0},
	{"treinta", L_NUM, 30, 0},
	{"primero", L_ORD, 1, 0}, {"primer", L_ORD, 1, 0},
	{"º", L_ORDSUF, 0, 0}, {"o", L_ORDSUF, 0, 0},

	{"por la mañana", L_PART, 8 * 60, 12 * 60}, {"por la manana", L_PART, 8 * 60, 12 * 60},
	{"en la mañana", L_PART, 8 * 60, 12 * 60}, {"en la manana", L_PART, 8 * 60, 12 * 60},
	{"de la mañana", L_PART, 8 * 60, 12 * 60}, {"de la manana", L_PART, 8 * 60, 12 * 60},
	{"esta mañana", L_PART_TODAY, 8 * 60, 12 * 60},
	{"esta manana", L_PART_TODAY, 8 * 60, 12 * 60},
	{"por la tarde", L_PART, 12 * 60, 19 * 60}, {"en la tarde", L_PART, 12 * 60, 19 * 60},
	{"de la tarde", L_PART, 12 * 60, 19 * 60},
	{"esta tarde", L_PART_TODAY, 12 * 60, 19 * 60},
	{"por la noche", L_PART, 19 * 60, 23 * 60}, {"en la noche", L_PART, 19 * 60, 23 * 60},
	{"de la noche", L_PART, 19 * 60, 23 * 60},
	{"esta noche", L_PART_TODAY, 19 * 60, 23 * 60},

	{"mediodía", L_TIME, 12 * 60, 0}, {"mediodia", L_TIME, 12 * 60, 0},
	{"medianoche", L_TIME, 24 * 60, 0},
	{"am", L_MER, 0, 0}, {"a m", L_MER, 0, 0},
	{"pm", L_MER, 12, 0}, {"p m", L_MER, 12, 0},

	{"este", L_THIS, 0, 0}, {"esta", L_THIS, 0, 0},
	{"próximo", L_NEXT, 0, 0}, {"proximo", L_NEXT, 0, 0},
	{"próxima", L_NEXT, 0, 0}, {"proxima", L_NEXT, 0, 0},
	{"esta semana", L_WEEK, 1, 0}, {"de esta semana", L_WEEK, 1, 0},
	{"la semana que viene", L_WEEK, 2, 0}, {"de la semana que viene", L_WEEK, 2, 0},
	{"la próxima semana", L_WEEK, 2, 0}, {"la proxima semana", L_WEEK, 2, 0},
	{"de la próxima semana", L_WEEK, 2, 0}, {"de la proxima semana", L_WEEK, 2, 0},

	{"minuto", L_UMIN, 1, 0}, {"minutos", L_UMIN, 1, 0},
	{"hora", L_UMIN, 60, 0}, {"horas", L_UMIN, 60, 0},
	{"día", L_UDAY, 1, 0}, {"dia", L_UDAY, 1, 0}, {"días", L_UDAY, 1, 0},
	{"dias", L_UDAY, 1, 0},
	{"semana", L_UDAY, 7, 0}, {"semanas", L_UDAY, 7, 0},
	{"mes", L_UMON, 1, 0}, {"meses", L_UMON, 1, 0},
	{"media hora", L_USELF, 30, 0},

	{"el", L_ON, 0, 0}, {"para el", L_ON, 0, 0}, {"para", L_ON, 0, 0},
	{"a las", L_AT, 0, 0}, {"a la", L_AT, 0, 0}, {"sobre las", L_AT, 0, 0},
	{"después de las", L_AFTER, 0, 0}, {"despues de las", L_AFTER, 0, 0},
	{"después de la", L_AFTER, 0, 0}, {"despues de la", L_AFTER, 0, 0},
	{"antes de las", L_BEFORE, 0, 0}, {"antes de la", L_BEFORE, 0, 0},
	{"antes del", L_BEFORE, 0, 0},
	{"de", L_FROM, 0, 0}, {"desde las", L_FROM, 0, 0}, {"de las", L_FROM, 0, 0},
	{"entre las", L_BETWEEN, 0, 0}, {"entre", L_BETWEEN, 0, 0},
	{"a", L_TO, 0, 0}, {"a las", L_TO, 0, 0}, {"hasta las", L_TO, 0, 0}, {"-", L_TO, 0, 0},
	{"y", L_AND, 0, 0}, {"y las", L_AND, 0, 0},
	{"en", L_IN, 0, 0}, {"dentro de", L_IN, 0, 0},
	{"el", L_THE, 0, 0}, {"de", L_OF, 0, 0}, {"del", L_OF, 0, 0},
	{"y", L_PAST, 0, 0}, {"menos", L_TILL, 0, 0},
	{"cuarto", L_MINQ, 15, 0}, {"media", L_MINQ, 30, 0},
	{"en punto", L_OCLOCK, 0, 0},
	{"un", L_ARTICLE, 0, 0}, {"una", L_ARTICLE, 0, 0},
	{NULL, 0, 0, 0},
};

static const struct nld_lang langs[] = {
	{"en", lex_en, 0, 0, 7},
	{"es", lex_es, 1, 1, 7},
};

/* ---- tokens ---- */

enum { TK_WORD, TK_NUM, TK_PUNCT };

struct tok {
	unsigned char kind;
	unsigned char glued;            /* no space before it */
	unsigned char ndig;             /* TK_NUM: digits (capped at 255) */
	unsigned char used;             /* taken by a matcher */
	char ch;                        /* TK_PUNCT */
	int val;                        /* TK_NUM: value, -1 past 9 digits */
	size_t off, len;                /* its bytes in the text */
	uint64_t starts;                /* classes with a phrase whose first word is this */
	char w[NLD_WORD_MAX];           /* TK_WORD: lower case; "" when too long */
};

struct ps {
	const struct nld_lang *lang;
	const char *text;
	struct tok t[NLD_MAX_TOKENS];
	int n;
	size_t tail;                    /* where tokenizing stopped (token limit) */
	int tail_glued;                 /* no space before it */
};

static int
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* UTF-8 no-break space (a separator) and right single quote (an apostrophe).
 * && stops at the first mismatch, so nothing past the NUL is read. */
static int
is_nbsp(const unsigned char *s)
{
	return s[0] == 0xc2 && s[1] == 0xa0;
}

static int
is_rsquo(const unsigned char *s)
{
	return s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0x99;
}

/* One word starting at s: lower-cased into t->w (ASCII, and Latin-1 capitals
 * in UTF-8), apostrophes kept inside it ("o'clock"). Returns bytes read. */
static size_t
read_word(const unsigned char *s, struct tok *t)
{
	size_t i = 0, wl = 0;
	int toolong = 0;

	for (;;) {
		unsigned char c[2];
		size_t adv, cl;

		if (is_rsquo(s + i) || s[i] == '\'') {
			adv = s[i] == '\'' ? 1 : 3;
			if (i == 0 || !is_letter(s[i + adv]) || is_nbsp(s + i + adv))
				break;
			c[0] = '\'';
			cl = 1;
		} else if (is_letter(s[i]) && !is_nbsp(s + i)) {
			adv = cl = 1;
			c[0] = s[i];
			if (c[0] >= 'A' && c[0] <= 'Z')
				c[0] = (unsigned char)(c[0] + 32);
			else if (c[0] == 0xc3 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9e && s[i + 1] != 0x97) {
				c[1] = (unsigned char)(s[i + 1] + 0x20);
				adv = cl = 2;
			}
		} else
			break;
		if (wl + cl < NLD_WORD_MAX) {
			memcpy(t->w + wl, c, cl);
			wl += cl;
		} else
			toolong = 1;
		i += adv;
	}
	t->w[toolong ? 0 : wl] = '\0';
	return i;
}

/* Does the first word of phrase p match token t? */
static int
first_word_is(const struct tok *t, const char *p)
{
	size_t n = strcspn(p, " ");

	if (n == 1 && !is_letter((unsigned char)p[0]))
		return t->kind == TK_PUNCT && t->ch == p[0];
	return t->kind == TK_WORD && strlen(t->w) == n && memcmp(t->w, p, n) == 0;
}

static void
tokenize(struct ps *ps, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int glued = 0;

	ps->n = 0;
	while (s[i] != '\0') {
		struct tok *t;

		if (is_space(s[i]) || is_nbsp(s + i)) {
			i += s[i] == 0xc2 ? 2 : 1;
			glued = 0;
			continue;
		}
		if (ps->n == NLD_MAX_TOKENS) {
			ps->tail_glued = glued;
			break;
		}
		t = &ps->t[ps->n++];
		memset(t, 0, sizeof(*t));
		t->off = i;
		t->glued = (unsigned char)glued;
		if (is_digit(s[i])) {
			t->kind = TK_NUM;
			for (; is_digit(s[i]); i++) {
				if (t->ndig < 255)
					t->ndig++;
				if (t->ndig <= 9)
					t->val = t->val * 10 + (s[i] - '0');
			}
			if (t->ndig > 9)
				t->val = -1;
		} else if (is_letter(s[i]) && !is_rsquo(s + i)) {
			t->kind = TK_WORD;
			i += read_word(s + i, t);
		} else {
			t->kind = TK_PUNCT;
			t->ch = (char)s[i++];
		}
		t->len = i - t->off;
		glued = 1;
	}
	ps->tail = i;
	for (int k = 0; k < ps->n; k++)
		for (const struct nld_lex *e = ps->lang->lex; e->p; e++)
			if (first_word_is(&ps->t[k], e->p))
				ps->t[k].starts |= B(e->cls);
}

/* Tokens from i matching phrase p ('.' between its words skipped); 0 if not. */
static int
phrase_at(const struct ps *ps, int i, const char *p)
{
	int j = i;

	while (*p) {
		size_t n = strcspn(p, " ");
		const struct tok *t;

		if (j > i)
			while (j < ps->n && ps->t[j].kind == TK_PUNCT && ps->t[j].ch == '.')
				j++;
		if (j >= ps->n)
			return 0;
		t = &ps->t[j];
		if (n == 1 && !is_letter((unsigned char)p[0])) {
			if (t->kind != TK_PUNCT || t->ch != p[0])
				return 0;
		} else if (t->kind != TK_WORD || strlen(t->w) != n || memcmp(t->w, p, n) != 0)
			return 0;
		j++;
		p += n;
		if (*p == ' ')
			p++;
	}
	return j - i;
}

/* The longest lexicon phrase of a class in mask at token i: tokens taken. */
static int
lex_at(const struct ps *ps, int i, uint64_t mask, const struct nld_lex **hit)
{
	int best = 0;

	if (i < 0 || i >= ps->n || (ps->t[i].starts & mask) == 0)
		return 0;
	for (const struct nld_lex *e = ps->lang->lex; e->p; e++) {
		int n;

		if ((mask & B(e->cls)) && (n = phrase_at(ps, i, e->p)) > best) {
			best = n;
			*hit = e;
		}
	}
	return best;
}

/* Skip an optional phrase of a class: tokens taken (0 if absent). */
static int
opt(const struct ps *ps, int i, uint64_t mask)
{
	const struct nld_lex *e;

	return lex_at(ps, i, mask, &e);
}

static const struct tok *
tok_at(const struct ps *ps, int i)
{
	return i >= 0 && i < ps->n ? &ps->t[i] : NULL;
}

static int
is_punct(const struct ps *ps, int i, char ch)
{
	const struct tok *t = tok_at(ps, i);

	return t && t->kind == TK_PUNCT && t->ch == ch;
}

/* A number of mindig..maxdig digits at i. */
static int
num_at(const struct ps *ps, int i, int mindig, int maxdig, int *v)
{
	const struct tok *t = tok_at(ps, i);

	if (t == NULL || t->kind != TK_NUM || t->ndig < mindig || t->ndig > maxdig)
		return 0;
	*v = t->val;
	return 1;
}

/* The number at i ends cleanly: what follows is not glued to it, or is a
 * glued mark that does not continue it (a comma, a final full stop). */
static int
num_ends(const struct ps *ps, int i)
{
	const struct tok *n = tok_at(ps, i + 1), *nn;

	if (n == NULL || !n->glued)
		return 1;
	if (n->kind != TK_PUNCT || n->ch == ':' || n->ch == '/')
		return 0;
	nn = tok_at(ps, i + 2);
	return !(nn && nn->glued && nn->kind == TK_NUM);
}

/* A number word ("seven", "twenty five", "twenty-five"): tokens taken. */
static int
numword_at(const struct ps *ps, int i, int *v)
{
	const struct nld_lex *e, *u;
	int n = lex_at(ps, i, B(L_NUM), &e), m, dash;

	if (n == 0)
		return 0;
	*v = e->a;
	if (e->a >= 20 && e->a % 10 == 0) {
		dash = is_punct(ps, i + n, '-');
		if ((m = lex_at(ps, i + n + dash, B(L_NUM), &u)) > 0 && u->a >= 1 && u->a <= 9) {
			*v += u->a;
			n += dash + m;
		}
	}
	return n;
}

/* A quantity: digits, a number word, or (when article) "a"/"an" = 1. */
static int
qty_at(const struct ps *ps, int i, int article, int *v)
{
	int n;

	if (num_at(ps, i, 1, 4, v))
		return 1;
	if ((n = numword_at(ps, i, v)) > 0)
		return n;
	if (article && (n = opt(ps, i, B(L_ARTICLE))) > 0) {
		*v = 1;
		return n;
	}
	return 0;
}

/* A day of the month as an ordinal: "5th", "fifth", "twenty-first". *word is
 * set for spelled-out ordinals. */
static int
ordday_at(const struct ps *ps, int i, int *d, int *word)
{
	const struct nld_lex *e, *u;
	const struct tok *s;
	int n, m, dash;

	*word = 0;
	if (num_at(ps, i, 1, 2, d) && (s = tok_at(ps, i + 1)) && s->glued && s->kind == TK_WORD &&
	    lex_at(ps, i + 1, B(L_ORDSUF), &e) == 1)
		return *d >= 1 && *d <= 31 ? 2 : 0;
	*word = 1;
	if ((n = lex_at(ps, i, B(L_ORD), &e)) > 0) {
		*d = e->a;
		return n;
	}
	if ((n = lex_at(ps, i, B(L_NUM), &e)) > 0 && (e->a == 20 || e->a == 30)) {
		dash = is_punct(ps, i + n, '-');
		if ((m = lex_at(ps, i + n + dash, B(L_ORD), &u)) > 0 && u->a <= 9 &&
		    e->a + u->a <= 31) {
			*d = e->a + u->a;
			return n + dash + m;
		}
	}
	return 0;
}

/* A day of the month: an ordinal, or a plain 1-2 digit number. */
static int
day_at(const struct ps *ps, int i, int *d, int *word)
{
	int n = ordday_at(ps, i, d, word);

	if (n > 0)
		return n;
	*word = 0;
	if (num_at(ps, i, 1, 2, d) && *d >= 1 && *d <= 31 && num_ends(ps, i))
		return 1;
	return 0;
}

static int
year_at(const struct ps *ps, int i, int *y)
{
	return num_at(ps, i, 4, 4, y) && *y >= 1900 && *y <= 2199 && num_ends(ps, i);
}

/* ---- calendar ---- */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* ---- what was said ---- */

enum { D_NONE, D_REL, D_MON, D_WDAY, D_MD, D_DOM };
enum { T_NONE, T_POINT, T_AFTER, T_BEFORE, T_RANGE };
enum { CK_BARE, CK_AM, CK_PM, CK_24, CK_MIN };
enum { W_BARE, W_THIS, W_NEXT };

struct clock {
	int mode;                       /* CK_*; CK_MIN: h holds minutes (a named time) */
	int h, m;
	int off;                        /* minutes added after the hour is settled ("quarter to") */
	const struct nld_lex *hint;     /* a part of day said with it ("10 in the morning") */
};

struct spec {
	int dk;                         /* D_* */
	int rel;                        /* D_REL days, D_MON months */
	int wday, wmod;                 /* D_WDAY */
	int year, mon, day;             /* D_MD (year 0: not said), D_DOM (day) */
	int tk;                         /* T_* */
	struct clock c0, c1;
	const struct nld_lex *part;     /* "morning" */
	int today;                      /* "tonight", "8 tonight": the day is today */
	int off_set;                    /* "in 2 hours" */
	int64_t off_sec;
};

static int
date_free(const struct spec *sp)
{
	return sp->dk == D_NONE && !sp->off_set;
}

static int
time_free(const struct spec *sp)
{
	return sp->tk == T_NONE && !sp->off_set;
}

/* An hour: "3", "3pm", "3:30 p.m.", "15:30", "three", "ten o'clock".
 * *strong: it cannot be a mere number (a colon, am/pm, o'clock). */
static int
hour_at(const struct ps *ps, int i, struct clock *c, int *strong)
{
	const struct nld_lex *e;
	const struct tok *t = tok_at(ps, i);
	int j = i, v, mm, n;

	c->mode = CK_BARE;
	c->m = 0;
	*strong = 0;
	if (num_at(ps, j, 1, 2, &v)) {
		if (v > 24)
			return 0;
		c->h = v;
		j++;
		if ((is_punct(ps, j, ':') || (is_punct(ps, j, '.') &&
		    lex_at(ps, j + 2, B(L_MER), &e) > 0)) && ps->t[j].glued &&
		    num_at(ps, j + 1, 2, 2, &mm) && ps->t[j + 1].glued) {
			/* "10:30", and "10.30" when am/pm follows ("$3.50" is no time) */
			if (mm > 59)
				return 0;
			c->m = mm;
			*strong = 1;
			j += 2;
			if (is_punct(ps, j, ':') && ps->t[j].glued && num_at(ps, j + 1, 2, 2, &mm) &&
			    ps->t[j + 1].glued && mm <= 59)
				j += 2;         /* seconds, ignored */
		}
		if ((t->ndig == 2 && v < 10) || v == 0 || v > 12)
			c->mode = CK_24;
		if (v == 24 && c->m != 0)
			return 0;
		if ((n = lex_at(ps, j, B(L_MER), &e)) > 0) {
			if (c->mode != CK_BARE)
				return 0;
			c->mode = e->a ? CK_PM : CK_AM;
			*strong = 1;
			j += n;
		} else if (!num_ends(ps, j - 1) && !is_punct(ps, j, '-'))
			return 0;       /* "5th", "5/3", "3x"; but "2-4pm" is a range */
	} else if ((n = numword_at(ps, j, &v)) > 0) {
		if (v < 1 || v > 12)
			return 0;
		c->h = v;
		j += n;
		if ((n = lex_at(ps, j, B(L_MER), &e)) > 0) {
			c->mode = e->a ? CK_PM : CK_AM;
			*strong = 1;
			j += n;
		}
	} else
		return 0;
	if (c->m == 0 && (n = opt(ps, j, B(L_OCLOCK))) > 0) {
		*strong = 1;
		j += n;
	}
	return j - i;
}

/* Minutes said before an hour: "quarter", "half", "ten", "20 minutes". */
static int
minutes_at(const struct ps *ps, int i, int *q)
{
	const struct nld_lex *e;
	int n;

	if ((n = lex_at(ps, i, B(L_MINQ), &e)) > 0) {
		*q = e->a;
		return n;
	}
	if ((n = numword_at(ps, i, q)) > 0)
		return *q <= 59 ? n + opt(ps, i + n, B(L_UMIN)) : 0;
	if (num_at(ps, i, 1, 2, q) && *q >= 1 && *q <= 59 && lex_at(ps, i + 1, B(L_UMIN), &e) > 0 &&
	    e->a == 1)
		return 2;
	return 0;
}

/* +1 for "past", -1 for "to" at i; *n tokens. */
static int
past_or_till(const struct ps *ps, int i, int *n)
{
	if ((*n = opt(ps, i, B(L_PAST))) > 0)
		return 1;
	if ((*n = opt(ps, i, B(L_TILL))) > 0)
		return -1;
	return 0;
}

/* A time of day, then maybe a part of day for it: "noon", "quarter past 3"
 * (when rel), "3 y media", "3:30pm", "10 in the morning". */
static int
clock_at(const struct ps *ps, int i, struct spec *sp, struct clock *c, int *strong, int rel)
{
	const struct nld_lex *e;
	int j = i, n, m, h, q, sign, s2;

	memset(c, 0, sizeof(*c));
	*strong = 0;
	if ((n = lex_at(ps, j, B(L_TIME), &e)) > 0) {
		c->mode = CK_MIN;
		c->h = e->a;
		*strong = 1;
		j += n;
		goto hint;
	}
	if (rel && (n = minutes_at(ps, j, &q)) > 0) {
		if ((sign = past_or_till(ps, j + n, &m)) != 0 &&
		    (h = hour_at(ps, j + n + m, c, &s2)) > 0 && c->m == 0 && c->mode != CK_24) {
			c->off = sign * q;
			*strong = 1;
			j += n + m + h;
			goto hint;
		}
		memset(c, 0, sizeof(*c));
	}
	if ((n = hour_at(ps, j, c, strong)) == 0)
		return 0;
	j += n;
	if (c->mode == CK_BARE && c->h == 12 && c->m == 0 &&
	    (n = lex_at(ps, j, B(L_TIME), &e)) > 0) {
		c->mode = CK_MIN;       /* "12 noon", "12 midnight" */
		c->h = e->a;
		*strong = 1;
		j += n;
		goto hint;
	}
	/* minutes said after the hour: "las 3 y media", "las 4 menos cuarto" */
	if (c->m == 0 && c->mode != CK_24 && (sign = past_or_till(ps, j, &m)) != 0 &&
	    (n = lex_at(ps, j + m, B(L_MINQ), &e)) > 0 && past_or_till(ps, j + m + n, &h) == 0) {
		c->off = sign * e->a;
		*strong = 1;
		j += m + n;
	}
hint:
	if ((n = lex_at(ps, j, B(L_PART) | B(L_PART_TODAY), &e)) > 0) {
		if (c->mode != CK_MIN) {
			c->hint = e;
			*strong = 1;
		} else if (e->cls != L_PART_TODAY)
			n = 0;          /* "noon" needs no hint; "midnight tonight" means today */
		if (n > 0 && e->cls == L_PART_TODAY)
			sp->today = 1;
		j += n;
	}
	return j - i;
}

/* ---- matchers: each returns the tokens it took from i, 0 if none ---- */

/* "in 2 hours", "in half an hour", "in a week", "3 days from now" */
static int
m_offset(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e;
	int j = i, in, n, q = 1, fromnow;

	in = opt(ps, j, B(L_IN));
	j += in;
	if ((n = lex_at(ps, j, B(L_USELF), &e)) > 0) {
		j += n;
	} else {
		if ((n = qty_at(ps, j, 1, &q)) == 0 || q > NLD_MAX_QTY)
			return 0;
		j += n;
		if ((n = lex_at(ps, j, B(L_UMIN) | B(L_UDAY) | B(L_UMON), &e)) == 0)
			return 0;
		j += n;
	}
	fromnow = opt(ps, j, B(L_FROMNOW));
	if (!in && !fromnow)
		return 0;
	j += fromnow;
	if (e->cls == L_UMIN || e->cls == L_USELF) {
		if (!date_free(sp) || !time_free(sp) || sp->part)
			return 0;
		sp->off_set = 1;
		sp->off_sec = (int64_t)q * e->a * 60;
	} else {
		if (!date_free(sp))
			return 0;
		sp->dk = e->cls == L_UDAY ? D_REL : D_MON;
		sp->rel = q * e->a;
	}
	return j - i;
}

/* "today", "tomorrow", "the day after tomorrow", "for tomorrow" */
static int
m_relday(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e;
	int j = i + opt(ps, i, B(L_ON)), n;

	if (!date_free(sp) || (n = lex_at(ps, j, B(L_RELDAY), &e)) == 0)
		return 0;
	sp->dk = D_REL;
	sp->rel = e->a;
	return j + n - i;
}

/* "Tuesday", "on Tuesday", "this Friday", "next Tuesday", "Tuesday next week",
 * "next week on Tuesday". Beside a calendar date ("Tuesday, December 1st")
 * the weekday is taken but the date rules. */
static int
m_wday(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e, *w;
	int j = i, on, n, mod = W_BARE;

	if (sp->off_set)
		return 0;
	if ((n = lex_at(ps, j, B(L_WEEK), &w)) > 0) {
		mod = w->a == 2 ? W_NEXT : W_THIS;
		j += n;
	}
	on = opt(ps, j, B(L_ON));
	j += on;
	if (mod == W_BARE && (n = lex_at(ps, j, B(L_THIS) | B(L_NEXT), &e)) > 0) {
		mod = e->cls == L_NEXT ? W_NEXT : W_THIS;
		j += n;
	}
	if ((n = lex_at(ps, j, B(L_WDAY) | B(L_WDAY_WEAK), &e)) == 0)
		return 0;
	j += n;
	if (e->cls == L_WDAY_WEAK && !on && mod == W_BARE)
		return 0;
	if (mod == W_BARE && (n = lex_at(ps, j, B(L_WEEK), &w)) > 0) {
		mod = w->a == 2 ? W_NEXT : W_THIS;
		j += n;
	}
	if (sp->dk == D_MD || sp->dk == D_DOM)
		return j - i;
	if (sp->dk != D_NONE)
		return 0;
	sp->dk = D_WDAY;
	sp->wday = e->a;
	sp->wmod = mod;
	return j - i;
}

/* A calendar date may replace a weekday said before it. */
static int
date_free_for_calendar(const struct spec *sp)
{
	return (sp->dk == D_NONE || sp->dk == D_WDAY) && !sp->off_set;
}

/* "March 5", "Mar. 5th, 2027", "March the 5th", "5 March", "the 5th of March 2027" */
static int
m_monthday(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e;
	int j = i, n, d, y = 0, mon, word;

	if (!date_free_for_calendar(sp))
		return 0;
	j += opt(ps, j, B(L_ON));
	j += opt(ps, j, B(L_THE));
	if ((n = lex_at(ps, j, B(L_MONTH), &e)) > 0) {
		mon = e->a;
		j += n;
		j += is_punct(ps, j, '.');
		j += opt(ps, j, B(L_THE));
		if ((n = day_at(ps, j, &d, &word)) == 0)
			return 0;
		j += n;
	} else {
		if ((n = day_at(ps, j, &d, &word)) == 0)
			return 0;
		j += n;
		j += opt(ps, j, B(L_OF));
		if ((n = lex_at(ps, j, B(L_MONTH), &e)) == 0)
			return 0;
		mon = e->a;
		j += n;
		j += is_punct(ps, j, '.');
	}
	if (d > mdays(2000, mon))
		return 0;
	/* a year: "March 5 2027", "March 5, 2027", "5 de marzo de 2027" */
	{
		int k = j + is_punct(ps, j, ',');

		k += opt(ps, k, B(L_OF));
		if (year_at(ps, k, &y)) {
			if (d > mdays(y, mon))
				return 0;
			j = k + 1;
		} else
			y = 0;
	}
	sp->dk = D_MD;
	sp->year = y;
	sp->mon = mon;
	sp->day = d;
	return j - i;
}

/* "5/3", "5/3/2027", "5/3/27", "2026-12-24", "2026/12/24" */
static int
m_numdate(const struct ps *ps, int i, struct spec *sp)
{
	int j = i + opt(ps, i, B(L_ON)), a, b, c, y = 0, mon, d, n;
	char sep;

	if (!date_free_for_calendar(sp) || !num_at(ps, j, 1, 4, &a))
		return 0;
	sep = is_punct(ps, j + 1, '/') ? '/' : is_punct(ps, j + 1, '-') ? '-' : 0;
	if (sep == 0 || !ps->t[j + 1].glued || (sep == '-' && ps->t[j].ndig != 4))
		return 0;
	if (!num_at(ps, j + 2, 1, 2, &b) || !ps->t[j + 2].glued)
		return 0;
	n = 3;
	if (is_punct(ps, j + 3, sep) && ps->t[j + 3].glued && num_at(ps, j + 4, 1, 4, &c) &&
	    ps->t[j + 4].glued) {
		n = 5;
		if (ps->t[j].ndig == 4) {
			y = a;                  /* year first */
			mon = b;
			d = c;
			if (ps->t[j + 4].ndig > 2)
				return 0;
		} else {
			if (ps->t[j].ndig > 2 || (ps->t[j + 4].ndig != 2 && ps->t[j + 4].ndig != 4))
				return 0;
			y = ps->t[j + 4].ndig == 2 ? 2000 + c : c;
			mon = ps->lang->day_first ? b : a;
			d = ps->lang->day_first ? a : b;
		}
	} else {
		if (ps->t[j].ndig > 2 || sep != '/')
			return 0;
		mon = ps->lang->day_first ? b : a;
		d = ps->lang->day_first ? a : b;
	}
	if (!num_ends(ps, j + n - 1) || (y && (y < 1900 || y > 2199)) || mon < 1 || mon > 12 ||
	    d < 1 || d > mdays(y ? y : 2000, mon))
		return 0;
	sp->dk = D_MD;
	sp->year = y;
	sp->mon = mon;
	sp->day = d;
	return j + n - i;
}

/* "the 12th", "on the 12th", "12th", "on the first", "on the 12" */
static int
m_dom(const struct ps *ps, int i, struct spec *sp)
{
	int j = i, on, the, n, d, word;

	if (!date_free_for_calendar(sp))
		return 0;
	on = opt(ps, j, B(L_ON));
	j += on;
	the = opt(ps, j, B(L_THE));
	j += the;
	if (on && !the && opt(ps, i, B(L_THE)) == on)
		the = 1;                /* Spanish "el" is both: "el 12" */
	if ((n = ordday_at(ps, j, &d, &word)) > 0) {
		if (word && !on)        /* "the first thing" is not a date */
			return 0;
	} else if (on && the && num_at(ps, j, 1, 2, &d) && d >= 1 && d <= 31 && num_ends(ps, j))
		n = 1;
	else
		return 0;
	sp->dk = D_DOM;
	sp->day = d;
	return j + n - i;
}

/* "at 3", "3pm", "noon", "at 10:30", "quarter past 3", "10 in the morning" */
static int
m_at(const struct ps *ps, int i, struct spec *sp)
{
	int at = opt(ps, i, B(L_AT)), n, strong;
	struct clock c;

	if (!time_free(sp) || (n = clock_at(ps, i + at, sp, &c, &strong, 1)) == 0 || (!at && !strong))
		return 0;
	sp->tk = T_POINT;
	sp->c0 = c;
	return at + n;
}

/* "after 4", "before noon", "by 5pm" */
static int
m_afterbefore(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e;
	int n = lex_at(ps, i, B(L_AFTER) | B(L_BEFORE), &e), at, m, strong;
	struct clock c;

	if (n == 0 || !time_free(sp))
		return 0;
	at = opt(ps, i + n, B(L_AT));
	if ((m = clock_at(ps, i + n + at, sp, &c, &strong, 1)) == 0)
		return 0;
	sp->tk = e->cls == L_AFTER ? T_AFTER : T_BEFORE;
	sp->c0 = c;
	return n + at + m;
}

/* "from 2 to 4", "between 2 and 4pm", "2-4pm", "9am to 5pm" */
static int
m_range(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e = NULL;
	int j = i, n, s0, s1;
	struct clock c0, c1;

	if (!time_free(sp))
		return 0;
	j += lex_at(ps, j, B(L_FROM) | B(L_BETWEEN), &e);
	if ((n = clock_at(ps, j, sp, &c0, &s0, 0)) == 0)
		return 0;
	j += n;
	if ((n = opt(ps, j, e && e->cls == L_BETWEEN ? B(L_AND) | B(L_TO) : B(L_TO))) == 0)
		return 0;
	j += n;
	j += opt(ps, j, B(L_AT));
	if ((n = clock_at(ps, j, sp, &c1, &s1, 1)) == 0)
		return 0;
	j += n;
	if (e == NULL && !s0 && !s1)    /* "3 to 5 people" */
		return 0;
	sp->tk = T_RANGE;
	sp->c0 = c0;
	sp->c1 = c1;
	return j - i;
}

/* "morning", "in the afternoon", "tonight", "this evening" */
static int
m_part(const struct ps *ps, int i, struct spec *sp)
{
	const struct nld_lex *e;
	int n = lex_at(ps, i, B(L_PART) | B(L_PART_TODAY), &e);

	if (n == 0 || sp->part || sp->off_set)
		return 0;
	sp->part = e;
	if (e->cls == L_PART_TODAY)
		sp->today = 1;
	return n;
}

typedef int (*matcher_fn)(const struct ps *, int, struct spec *);

static const matcher_fn matchers[] = {
	m_offset, m_relday, m_wday, m_monthday, m_numdate, m_dom,
	m_range, m_afterbefore, m_at, m_part,
};

/* ---- resolution ---- */

/* Minutes from local midnight for a clock (0..1440), -1 when impossible.
 * part: a part of day said elsewhere, used when the clock has no hint. */
static int
clock_min(const struct nld_lang *lang, const struct clock *c, const struct nld_lex *part)
{
	const struct nld_lex *hint = c->hint ? c->hint : part;
	int h = c->h, mins;

	switch (c->mode) {
	case CK_MIN:
		mins = h;
		break;
	case CK_AM:
		mins = (h % 12) * 60 + c->m;
		break;
	case CK_PM:
		mins = (h % 12 + 12) * 60 + c->m;
		break;
	case CK_24:
		mins = h * 60 + c->m;
		break;
	default:
		if (hint && hint->a >= 12 * 60)         /* afternoon, evening, night */
			h = h < 12 ? h + 12 : hint->a >= 17 * 60 ? 24 : 12;
		else if (!hint && h <= lang->bare_pm_max)
			h += 12;
		mins = h * 60 + c->m;
		break;
	}
	mins += c->off;
	return mins >= 0 && mins <= 24 * 60 ? mins : -1;
}

/* The instant of local day `day` (days since the epoch) at `mins` minutes
 * (0..1440). A time in a DST gap moves forward by the gap and sets *gap. */
static int
local_instant(const tz_t *tz, int64_t day, int mins, int64_t *out, int *gap)
{
	int y, m, d, rc;

	day += mins / 1440;
	mins %= 1440;
	tz_civil_from_days(day, &y, &m, &d);
	rc = tz_from_local(tz, y, m, d, mins / 60, mins % 60, 0, out);
	if (rc == TZ_GAP) {
		/* wall time L with offsets o1 before and o2 after the change:
		 * L + (o2 - o1) read with o2 is the instant L - o1 */
		int64_t wall = day * 86400 + (int64_t)mins * 60;

		*out = wall - tz_offset_at(tz, wall - 2 * 86400);
		if (gap)
			*gap = 1;
		return 0;
	}
	return rc == TZ_INVALID ? -1 : 0;
}

/* The range of a RANGE clock pair, settling am/pm between the two ends:
 * "2-4pm" is 14-16, "11 to 1pm" 11-13, "from 10am to 2" 10-14. */
static int
range_mins(const struct nld_lang *lang, const struct spec *sp, int *m0, int *m1)
{
	struct clock a = sp->c0, b = sp->c1;

	if (a.mode == CK_BARE && (b.mode == CK_AM || b.mode == CK_PM)) {
		a.mode = b.mode;
		if (clock_min(lang, &a, sp->part) >= clock_min(lang, &b, sp->part))
			a.mode = b.mode == CK_AM ? CK_PM : CK_AM;
	} else if (b.mode == CK_BARE && (a.mode == CK_AM || a.mode == CK_PM)) {
		b.mode = a.mode;
		if (clock_min(lang, &b, sp->part) <= clock_min(lang, &a, sp->part))
			b.mode = a.mode == CK_AM ? CK_PM : CK_AM;
	}
	*m0 = clock_min(lang, &a, sp->part);
	*m1 = clock_min(lang, &b, sp->part);
	if (*m1 >= 0 && *m1 <= *m0 && b.mode == CK_BARE && b.h < 12 && *m1 + 720 <= 1440)
		*m1 += 720;                     /* "7 to 9" as 19-21 */
	return *m0 >= 0 && *m1 > *m0 ? 0 : -1;
}

/* The result for local day `day`. */
static int
compose(const struct nld_lang *lang, const struct spec *sp, const tz_t *tz, int64_t day,
    nld_result *out)
{
	int a = 0, b = 1440, named = 1, *gap = &out->gap;

	out->gap = 0;
	switch (sp->tk) {
	case T_NONE:
		named = 0;
		if (sp->part) {
			a = sp->part->a;
			b = sp->part->b;
		}
		break;
	case T_POINT:
		if ((a = b = clock_min(lang, &sp->c0, sp->part)) < 0)
			return -1;
		break;
	case T_AFTER:
		if ((a = clock_min(lang, &sp->c0, sp->part)) < 0)
			return -1;
		if (a == 1440)
			a = 0;                  /* "after midnight" */
		if (sp->part && sp->part->b > a)
			b = sp->part->b;
		if (a >= b)
			return -1;
		break;
	case T_BEFORE:
		if ((b = clock_min(lang, &sp->c0, sp->part)) <= 0)
			return -1;
		a = sp->part && sp->part->a < b ? sp->part->a : 0;
		break;
	default:
		if (range_mins(lang, sp, &a, &b) < 0)
			return -1;
		break;
	}
	if (local_instant(tz, day, a, &out->start, named ? gap : NULL) < 0)
		return -1;
	if (a == b) {
		out->kind = NLD_POINT;
		out->end = out->start;
		return 0;
	}
	/* a day boundary in a gap (midnight in some zones) is no named time */
	if (local_instant(tz, day, b, &out->end, named && b != 1440 ? gap : NULL) < 0 ||
	    out->end <= out->start)
		return -1;
	out->kind = NLD_RANGE;
	return 0;
}

static int
is_past(const nld_result *r, int64_t now)
{
	return r->kind == NLD_POINT ? r->start <= now : r->end <= now;
}

static int
resolve(const struct nld_lang *lang, const struct spec *sp, int64_t now, const tz_t *tz,
    nld_result *out)
{
	struct tm tm;
	int64_t today, day;
	int floating = 0, y, m, d, k;

	if (sp->off_set) {
		out->kind = NLD_POINT;
		out->start = out->end = now + sp->off_sec;
		out->has_date = out->has_time = 1;
		return 0;
	}
	tz_to_local(tz, now, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon + 1;
	d = tm.tm_mday;
	today = tz_days_from_civil(y, m, d);
	day = today;
	switch (sp->dk) {
	case D_NONE:
		if (sp->tk == T_NONE && sp->part == NULL)
			return -1;
		floating = !sp->today;
		break;
	case D_REL:
		day = today + sp->rel;
		break;
	case D_MON:
		m += sp->rel;
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
		if (d > mdays(y, m))
			d = mdays(y, m);
		day = tz_days_from_civil(y, m, d);
		break;
	case D_WDAY:
		if (sp->wmod == W_NEXT) {
			int ws = lang->week_start;

			day = today + 7 - (tm.tm_wday - ws + 7) % 7 + (sp->wday - ws + 7) % 7;
		} else
			day = today + (sp->wday - tm.tm_wday + 7) % 7;
		break;
	case D_MD:
		if (sp->year) {
			day = tz_days_from_civil(sp->year, sp->mon, sp->day);
			break;
		}
		/* the next occurrence; Feb 29 waits for a leap year */
		for (k = 0; k < 9; k++)
			if (sp->day <= mdays(y + k, sp->mon) &&
			    (day = tz_days_from_civil(y + k, sp->mon, sp->day)) >= today)
				break;
		if (k == 9)
			return -1;
		break;
	case D_DOM:
		for (k = 0; k < 3; k++) {
			int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;

			if (sp->day <= mdays(yy, mm) &&
			    (day = tz_days_from_civil(yy, mm, sp->day)) >= today)
				break;
		}
		if (k == 3)
			return -1;
		break;
	}
	if (compose(lang, sp, tz, day, out) < 0)
		return -1;
	if (is_past(out, now)) {
		if (floating && compose(lang, sp, tz, day + 1, out) < 0)
			return -1;
		if (sp->dk == D_WDAY && sp->wmod != W_NEXT && day == today &&
		    (sp->tk != T_NONE || sp->part) && compose(lang, sp, tz, day + 7, out) < 0)
			return -1;
	}
	out->has_date = sp->dk != D_NONE || sp->today;
	out->has_time = sp->tk != T_NONE || sp->part != NULL;
	return 0;
}

/* ---- rest ---- */

/* The tokens no matcher took, in the text's own spelling and spacing; a
 * punctuation mark glued to a taken token goes with it ("3pm." -> ""). */
static void
build_rest(const struct ps *ps, int any_used, char *out, size_t cap)
{
	unsigned char drop[NLD_MAX_TOKENS];
	size_t len = 0, s = 0, e;
	int prev = -1;

	/* taken tokens, and marks glued to them, directly or through other marks */
	for (int i = 0; i < ps->n; i++)
		drop[i] = ps->t[i].used || (ps->t[i].kind == TK_PUNCT && ps->t[i].glued && i > 0 &&
		    drop[i - 1]);
	for (int i = ps->n - 2; i >= 0; i--)
		if (ps->t[i].kind == TK_PUNCT && ps->t[i + 1].glued && drop[i + 1])
			drop[i] = 1;
	for (int i = 0; i < ps->n; i++) {
		const struct tok *t = &ps->t[i];
		int sep;

		if (drop[i])
			continue;
		sep = len > 0 && !(prev == i - 1 && t->glued);
		if (len + (size_t)sep + t->len >= cap) {
			prev = -2;
			break;
		}
		if (sep)
			out[len++] = ' ';
		memcpy(out + len, ps->text + t->off, t->len);
		len += t->len;
		prev = i;
	}
	if (prev != -2 && ps->text[ps->tail] != '\0' && len + 1 < cap) {
		/* past the token limit: the raw text, cut at a character boundary */
		size_t n = strnlen(ps->text + ps->tail, cap);

		if (len > 0 && !(prev == ps->n - 1 && ps->tail_glued))
			out[len++] = ' ';
		if (n > cap - 1 - len) {
			n = cap - 1 - len;
			while (n > 0 && ((unsigned char)ps->text[ps->tail + n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(out + len, ps->text + ps->tail, n);
		len += n;
	}
	out[len] = '\0';
	/* trim spaces, and the commas and dashes left dangling by what was taken */
	e = len;
	for (;;) {
		while (s < e && is_space((unsigned char)out[s]))
			s++;
		while (e > s && is_space((unsigned char)out[e - 1]))
			e--;
		if (any_used && s < e && strchr(",;:-", out[s]))
			s++;
		else if (any_used && e > s && strchr(",;:-", out[e - 1]))
			e--;
		else
			break;
	}
	memmove(out, out + s, e - s);
	out[e - s] = '\0';
}

/* ---- entry ---- */

static const struct nld_lang *
lang_get(const char *code)
{
	for (size_t i = 0; code && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(langs[i].code, code) == 0)
			return &langs[i];
	return &langs[0];
}

int
nld_parse(const char *text, int64_t now_utc, const tz_t *tz, const char *lang,
    nld_result *out)
{
	struct ps ps;
	struct spec sp;
	int any = 0;

	if (out == NULL)
		return NLD_NONE;
	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return NLD_NONE;
	memset(&ps, 0, sizeof(ps));
	ps.lang = lang_get(lang);
	ps.text = text;
	tokenize(&ps, text);
	memset(&sp, 0, sizeof(sp));
	for (int i = 0; i < ps.n;) {
		struct spec best_sp = sp;
		int best = 0;

		for (size_t k = 0; k < sizeof(matchers) / sizeof(matchers[0]); k++) {
			struct spec s = sp;
			int n = matchers[k](&ps, i, &s);

			if (n > best) {
				best = n;
				best_sp = s;
			}
		}
		if (best == 0) {
			i++;
			continue;
		}
		sp = best_sp;
		for (int k = 0; k < best; k++)
			ps.t[i + k].used = 1;
		any = 1;
		i += best;
	}
	if (tz == NULL)
		tz = tz_get("UTC");
	if (!any || tz == NULL || now_utc < -NLD_NOW_MAX || now_utc > NLD_NOW_MAX ||
	    resolve(ps.lang, &sp, now_utc, tz, out) < 0) {
		for (int i = 0; i < ps.n; i++)
			ps.t[i].used = 0;
		memset(out, 0, sizeof(*out));
		build_rest(&ps, 0, out->rest, sizeof(out->rest));
		return NLD_NONE;
	}
	build_rest(&ps, 1, out->rest, sizeof(out->rest));
	return out->kind;
}
