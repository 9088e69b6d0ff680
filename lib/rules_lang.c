/* Words and phrases of the rules brain, as data (see rules.h). A language
 * is a table of recognised phrases (class, words, value) and a table of
 * replies (key, tone, text); a reply with tone NULL is the default for
 * every tone that has no own entry. Add a language by adding its tables to
 * `langs`; English is the fallback. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct rw_entry {
	enum rw_class cls;
	const char *words;      /* normalised words; a trailing '*' matches a prefix */
	int value;
};

struct rp_entry {
	enum rp_key key;
	const char *tone;       /* NULL: every tone */
	const char *text;
};

struct rules_lang {
	const char *code;
	const struct rw_entry *words;
	const struct rp_entry *phrases;
	const char *weekdays[7];    /* Monday first */
};

static const struct rw_entry en_words[] = {
	{RW_HUMAN, "talk to a person", 0}, {RW_HUMAN, "talk to someone", 0},
	{RW_HUMAN, "speak to a person", 0}, {RW_HUMAN, "speak to someone", 0},
	{RW_HUMAN, "speak with someone", 0}, {RW_HUMAN, "talk with someone", 0},
	{RW_HUMAN, "real person", 0}, {RW_HUMAN, "human", 0}, {RW_HUMAN, "someone real", 0},
	{RW_HUMAN, "representative", 0}, {RW_HUMAN, "operator", 0}, {RW_HUMAN, "the manager", 0},
	{RW_HUMAN, "the owner", 0}, {RW_HUMAN, "leave a message", 0},
	{RW_HUMAN, "take a message", 0}, {RW_HUMAN, "call me back", 0},
	{RW_HUMAN, "callback", 0}, {RW_HUMAN, "talk to staff", 0},
	{RW_CANCEL, "cancel", 0}, {RW_CANCEL, "call off", 0},
	{RW_RESCHEDULE, "reschedule", 0}, {RW_RESCHEDULE, "move my appointment", 0},
	{RW_RESCHEDULE, "change my appointment", 0}, {RW_RESCHEDULE, "move my booking", 0},
	{RW_RESCHEDULE, "change my booking", 0}, {RW_RESCHEDULE, "postpone", 0},
	{RW_RESCHEDULE, "move it", 0}, {RW_RESCHEDULE, "push my appointment", 0},
	{RW_BOOK, "book*", 0}, {RW_BOOK, "appointment*", 0}, {RW_BOOK, "schedule", 0},
	{RW_BOOK, "reserve", 0}, {RW_BOOK, "reservation", 0}, {RW_BOOK, "availability", 0},
	{RW_BOOK, "are you available", 0}, {RW_BOOK, "openings", 0}, {RW_BOOK, "free slot*", 0},
	{RW_BOOK, "time slot*", 0}, {RW_BOOK, "come in", 0}, {RW_BOOK, "fit me in", 0},
	{RW_WANT, "i want", 0}, {RW_WANT, "i would like", 0}, {RW_WANT, "id like", 0},
	{RW_WANT, "can i get", 0}, {RW_WANT, "could i get", 0}, {RW_WANT, "i need", 0},
	{RW_WANT, "looking for", 0}, {RW_WANT, "can i have", 0}, {RW_WANT, "id love", 0},
	{RW_HOURS, "hours", 0}, {RW_HOURS, "open", 0}, {RW_HOURS, "opening times", 0},
	{RW_HOURS, "do you close", 0}, {RW_HOURS, "closed", 0}, {RW_HOURS, "closing", 0},
	{RW_HOURS, "what time do you", 0}, {RW_HOURS, "when do you", 0},
	{RW_OPEN_NOW, "open now", 0}, {RW_OPEN_NOW, "open right now", 0},
	{RW_OPEN_NOW, "open today", 0}, {RW_OPEN_NOW, "still open", 0},
	{RW_OPEN_NOW, "are you open", 0},
	{RW_PRICES, "price*", 0}, {RW_PRICES, "cost*", 0}, {RW_PRICES, "how much", 0},
	{RW_PRICES, "services", 0}, {RW_PRICES, "menu", 0}, {RW_PRICES, "what do you offer", 0},
	{RW_PRICES, "do you offer", 0}, {RW_PRICES, "rates", 0}, {RW_PRICES, "price list", 0},
	{RW_PRICES, "fees", 0},
	{RW_GOODBYE, "bye", 0}, {RW_GOODBYE, "goodbye", 0}, {RW_GOODBYE, "good bye", 0},
	{RW_GOODBYE, "bye bye", 0}, {RW_GOODBYE, "see you", 0}, {RW_GOODBYE, "thats all", 0},
	{RW_GOODBYE, "that is all", 0}, {RW_GOODBYE, "have a good day", 0},
	{RW_GOODBYE, "have a nice day", 0}, {RW_GOODBYE, "talk later", 0},
	{RW_THANKS, "thank*", 0}, {RW_THANKS, "thx", 0}, {RW_THANKS, "cheers", 0},
	{RW_THANKS, "appreciate it", 0},
	{RW_GREETING, "hi", 0}, {RW_GREETING, "hello", 0}, {RW_GREETING, "hey", 0},
	{RW_GREETING, "hiya", 0}, {RW_GREETING, "good morning", 0},
	{RW_GREETING, "good afternoon", 0}, {RW_GREETING, "good evening", 0},
	{RW_GREETING, "howdy", 0}, {RW_GREETING, "greetings", 0},
	{RW_YES, "yes", 0}, {RW_YES, "yeah", 0}, {RW_YES, "yep", 0}, {RW_YES, "yup", 0},
	{RW_YES, "sure", 0}, {RW_YES, "ok", 0}, {RW_YES, "okay", 0}, {RW_YES, "correct", 0},
	{RW_YES, "please do", 0}, {RW_YES, "go ahead", 0}, {RW_YES, "sounds good", 0},
	{RW_YES, "confirm*", 0}, {RW_YES, "that works", 0}, {RW_YES, "perfect", 0},
	{RW_YES, "y", 0}, {RW_YES, "absolutely", 0}, {RW_YES, "of course", 0},
	{RW_NO, "no", 0}, {RW_NO, "nope", 0}, {RW_NO, "nah", 0}, {RW_NO, "not really", 0},
	{RW_NO, "n", 0}, {RW_NO, "wrong", 0}, {RW_NO, "incorrect", 0}, {RW_NO, "dont", 0},
	{RW_ABORT, "never mind", 0}, {RW_ABORT, "nevermind", 0}, {RW_ABORT, "forget it", 0},
	{RW_ABORT, "forget about it", 0}, {RW_ABORT, "stop", 0}, {RW_ABORT, "start over", 0},
	{RW_ORDINAL, "first", 1}, {RW_ORDINAL, "1st", 1}, {RW_ORDINAL, "second", 2},
	{RW_ORDINAL, "2nd", 2}, {RW_ORDINAL, "third", 3}, {RW_ORDINAL, "3rd", 3},
	{RW_ORDINAL, "fourth", 4}, {RW_ORDINAL, "4th", 4}, {RW_ORDINAL, "fifth", 5},
	{RW_ORDINAL, "5th", 5}, {RW_ORDINAL, "last", -1}, {RW_ORDINAL, "last one", -1},
	{RW_ORDINAL, "earliest", 1}, {RW_ORDINAL, "one", 1}, {RW_ORDINAL, "two", 2},
	{RW_ORDINAL, "three", 3},
	{RW_PICK, "option", 0}, {RW_PICK, "number", 0}, {RW_PICK, "choice", 0},
	{RW_PICK, "slot", 0}, {RW_PICK, "take", 0}, {RW_PICK, "ill take", 0}, {RW_PICK, "the", 0},
	{RW_QUESTION, "what", 0}, {RW_QUESTION, "where", 0}, {RW_QUESTION, "how", 0},
	{RW_QUESTION, "when", 0}, {RW_QUESTION, "why", 0}, {RW_QUESTION, "who", 0},
	{RW_QUESTION, "which", 0}, {RW_QUESTION, "do you", 0}, {RW_QUESTION, "can i", 0},
	{RW_QUESTION, "is there", 0}, {RW_QUESTION, "are there", 0}, {RW_QUESTION, "is it", 0},
	{RW_QUESTION, "tell me", 0},
	{RW_NAME_PREFIX, "my name is", 0}, {RW_NAME_PREFIX, "name is", 0},
	{RW_NAME_PREFIX, "names", 0}, {RW_NAME_PREFIX, "i am", 0}, {RW_NAME_PREFIX, "im", 0},
	{RW_NAME_PREFIX, "this is", 0}, {RW_NAME_PREFIX, "its", 0}, {RW_NAME_PREFIX, "it is", 0},
	{RW_NAME_PREFIX, "call me", 0}, {RW_NAME_PREFIX, "put it under", 0},
	{RW_NAME_PREFIX, "under", 0},
	{RW_CH_SERVICE, "service", 0}, {RW_CH_SERVICE, "treatment", 0},
	{RW_CH_TIME, "time", 0}, {RW_CH_TIME, "day", 0}, {RW_CH_TIME, "date", 0},
	{RW_CH_TIME, "when", 0}, {RW_CH_TIME, "later", 0}, {RW_CH_TIME, "earlier", 0},
	{RW_CH_NAME, "name", 0},
	{RW_CH_PHONE, "phone", 0}, {RW_CH_PHONE, "number", 0},
	{RW_VAGUE_TIME, "week", 0}, {RW_VAGUE_TIME, "weekend", 0}, {RW_VAGUE_TIME, "soon", 0},
	{RW_VAGUE_TIME, "sometime", 0}, {RW_VAGUE_TIME, "some time", 0},
	{RW_VAGUE_TIME, "month", 0}, {RW_VAGUE_TIME, "whenever", 0},
	{RW_VAGUE_TIME, "asap", 0}, {RW_VAGUE_TIME, "later", 0},
	{RW__MAX, NULL, 0},
};

static const struct rp_entry en_phrases[] = {
	{RP_GREETING, "friendly", "Hi there! Welcome to {biz}. How can I help you today?"},
	{RP_GREETING, "casual", "Hey! This is {biz}. What can I do for you?"},
	{RP_GREETING, "formal", "Good day, and thank you for contacting {biz}. How may I be of "
	    "assistance?"},
	{RP_GREETING, "empathetic", "Hello, and welcome to {biz}. I'm here to help. What can I do "
	    "for you?"},
	{RP_GREETING, NULL, "Hello, thank you for contacting {biz}. How may I help you?"},
	{RP_GOODBYE, "friendly", "Thanks for chatting with us. Have a great day!"},
	{RP_GOODBYE, "casual", "Cheers, talk soon!"},
	{RP_GOODBYE, "formal", "Thank you for contacting us. Goodbye."},
	{RP_GOODBYE, "empathetic", "Thank you for reaching out. Take care!"},
	{RP_GOODBYE, NULL, "Thank you for contacting us. Have a good day."},
	{RP_THANKS, "casual", "No worries! Anything else?"},
	{RP_THANKS, "formal", "You are most welcome. Is there anything else I may help you with?"},
	{RP_THANKS, "friendly", "You're welcome! Is there anything else I can help with?"},
	{RP_THANKS, NULL, "You're welcome. Is there anything else I can help you with?"},
	{RP_ANYTHING_ELSE, "casual", "Anything else?"},
	{RP_ANYTHING_ELSE, "formal", "Is there anything else I may help you with?"},
	{RP_ANYTHING_ELSE, NULL, "Is there anything else I can help you with?"},
	{RP_FALLBACK, NULL, "Sorry, I didn't quite get that. I can book, move or cancel an "
	    "appointment, tell you our hours and prices, answer questions about {biz}, or take a "
	    "message."},
	{RP_ABORTED, NULL, "No problem, I've stopped there."},
	{RP_ASK_SERVICE, NULL, "Which service would you like? We offer {services}."},
	{RP_UNKNOWN_SERVICE, NULL, "Sorry, I couldn't match that to one of our services. We offer "
	    "{services}. Which one would you like?"},
	{RP_NO_SERVICES, NULL, "Sorry, there is nothing I can book online at the moment."},
	{RP_ASK_WHEN, NULL, "What day and time would you like for your {service}?"},
	{RP_ASK_WHEN_AGAIN, NULL, "Sorry, I couldn't tell which day you mean. Could you give me a "
	    "day and a time, like \"tomorrow at 3pm\" or \"Friday morning\"?"},
	{RP_ASK_NEW_WHEN, NULL, "Your {service} is on {when}. What day and time would you like "
	    "instead?"},
	{RP_SLOT_FREE, NULL, "Good news: {when} is free."},
	{RP_SLOT_TAKEN, NULL, "Sorry, {when} isn't available."},
	{RP_OFFER_NEAR, NULL, "The nearest free times are:"},
	{RP_OFFER, NULL, "Here are the first free times:"},
	{RP_OFFER_LATER, NULL, "Nothing is free then. The next free times are:"},
	{RP_PICK, NULL, "Which one would you like? You can answer with its number."},
	{RP_PICK_AGAIN, NULL, "Which of these works for you? Answer with its number, or give me "
	    "another day and time."},
	{RP_NO_SLOTS, NULL, "Sorry, I couldn't find a free time for a {service} in the next two "
	    "weeks. Would you like me to take a message so we can call you back? (yes/no)"},
	{RP_ASK_NAME, NULL, "May I have your name, please?"},
	{RP_ASK_NAME_AGAIN, NULL, "Sorry, what name should I put the booking under?"},
	{RP_ASK_PHONE, NULL, "And what's the best phone number to reach you?"},
	{RP_ASK_PHONE_AGAIN, NULL, "That doesn't look like a phone number. Could you give it with "
	    "the area code, like (312) 555-0100?"},
	{RP_CONFIRM_BOOK, NULL, "Shall I book {service} on {when} for {name}? (yes/no)"},
	{RP_CONFIRM_CANCEL, NULL, "I found your {service} on {when}. Shall I cancel it? (yes/no)"},
	{RP_CONFIRM_MOVE, NULL, "Shall I move your {service} from {from} to {when}? (yes/no)"},
	{RP_YES_NO, NULL, "Sorry, was that a yes or a no?"},
	{RP_ASK_CHANGE, NULL, "No problem. What would you like to change: the service, the time, "
	    "the name or the phone number?"},
	{RP_BOOKED, "friendly", "You're all set, {name}! Your {service} is booked for {when}. See "
	    "you then!"},
	{RP_BOOKED, "casual", "Done! {service} on {when} is yours, {name}. See you then!"},
	{RP_BOOKED, "formal", "Thank you, {name}. Your {service} is confirmed for {when}."},
	{RP_BOOKED, NULL, "Thank you, {name}. Your {service} is booked for {when}."},
	{RP_CANCELLED, NULL, "Done. Your {service} on {when} is cancelled."},
	{RP_MOVED, NULL, "Done. Your {service} is now on {when}."},
	{RP_ASK_LOOKUP_PHONE, NULL, "Sure. What phone number is the appointment under?"},
	{RP_NO_APPOINTMENT, NULL, "I couldn't find an upcoming appointment under {phone}."},
	{RP_ACTION_FAILED, NULL, "{error}"},
	{RP_OPEN_NOW, NULL, "We're open right now, until {until}."},
	{RP_CLOSED_NOW, NULL, "We're closed right now. We open again {next}."},
	{RP_CLOSED_NOW_NONE, NULL, "We're closed right now."},
	{RP_HOURS, NULL, "Our hours are {hours}."},
	{RP_HOURS_NONE, NULL, "We don't have regular opening hours at the moment."},
	{RP_DAY_CLOSED, NULL, "closed on {day}"},
	{RP_TODAY, NULL, "today at {time}"},
	{RP_TOMORROW, NULL, "tomorrow at {time}"},
	{RP_ON_DAY, NULL, "on {day} at {time}"},
	{RP_SERVICES, NULL, "Here's what we offer: {services}. Would you like to book one?"},
	{RP_SERVICE_PRICE, NULL, "A {service} is {price} and takes {duration} minutes. Would you "
	    "like to book one?"},
	{RP_KB_ANSWER, NULL, "{answer}"},
	{RP_KB_UNKNOWN, NULL, "I'm not sure about that one, I'm afraid. Would you like me to take "
	    "a message so someone from {biz} can get back to you? (yes/no)"},
	{RP_ASK_MESSAGE, "empathetic", "Of course, I understand. What would you like me to pass "
	    "on to the team?"},
	{RP_ASK_MESSAGE, NULL, "Of course. What message would you like me to pass on to the "
	    "team?"},
	{RP_ASK_MSG_PHONE, NULL, "Got it. What's the best number for us to call you back? (or "
	    "say \"no\" to skip)"},
	{RP_MESSAGE_TAKEN, NULL, "Thank you. I've passed your message on, and someone will get "
	    "back to you soon."},
	{RP_TRANSFER, NULL, "Let me put you through to someone now. Please hold."},
	{RP_FAILED, NULL, "Sorry, something went wrong on our side. Please try again in a "
	    "moment."},
	{RP_SEP_LIST, NULL, ", "},
	{RP_SEP_LAST, NULL, " and "},
	{RP_TO, NULL, "{a} to {b}"},
	{RP__MAX, NULL, NULL},
};

static const rules_lang langs[] = {
	{"en", en_words, en_phrases, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	    "Saturday", "Sunday"}},
};

const rules_lang *
rules_lang_get(const char *code)
{
	for (size_t i = 0; code && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strncasecmp(code, langs[i].code, 2) == 0 && (code[2] == '\0' || code[2] == '-' ||
		    code[2] == '_'))
			return &langs[i];
	return &langs[0];
}

const char *
rules_lang_code(const rules_lang *l)
{
	return l->code;
}

const char *
rules_weekday(const rules_lang *l, int monday0)
{
	return l->weekdays[((monday0 % 7) + 7) % 7];
}

void
rules_say(buf_t *b, const rules_lang *l, const char *tone, enum rp_key key, const rp_var *vars)
{
	const char *text = NULL;

	for (const struct rp_entry *e = l->phrases; e->text && !text; e++)
		if (e->key == key && e->tone && tone && strcmp(e->tone, tone) == 0)
			text = e->text;
	for (const struct rp_entry *e = l->phrases; e->text && !text; e++)
		if (e->key == key && e->tone == NULL)
			text = e->text;
	if (text == NULL)
		return;
	for (const char *p = text; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		int done = 0;

		for (const rp_var *v = vars; close && v && v->name && !done; v++)
			if ((size_t)(close - p - 1) == strlen(v->name) &&
			    strncmp(p + 1, v->name, strlen(v->name)) == 0) {
				buf_puts(b, v->value ? v->value : "");
				p = close + 1;
				done = 1;
			}
		if (!done)
			buf_putc(b, *p++);
	}
}

char *
rules_norm(const char *text)
{
	size_t n = text ? strlen(text) : 0;
	char *o = malloc(n + 3), *q = o;

	if (o == NULL)
		return NULL;
	*q++ = ' ';
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\'' || (ch == 0xE2 && i + 2 < n && (unsigned char)text[i + 1] == 0x80 &&
		    (unsigned char)text[i + 2] == 0x99)) { /* ' and the typographic one */
			if (ch == 0xE2)
				i += 2;
			continue;
		}
		if (isalnum(ch) || ch >= 0x80)
			*q++ = (char)(ch < 0x80 ? tolower(ch) : ch);
		else if (q[-1] != ' ')
			*q++ = ' ';
	}
	if (q[-1] != ' ')
		*q++ = ' ';
	*q = '\0';
	return o;
}

/* words: normalised words, optionally ending in '*' (prefix of the last word). */
static int
has_entry(const char *norm, const char *words)
{
	size_t n = strlen(words);
	int prefix = n > 0 && words[n - 1] == '*';
	const char *p = norm;

	if (prefix)
		n--;
	if (n == 0)
		return 0;
	while ((p = strstr(p, " ")) != NULL && p[1]) {
		p++;
		if (strncmp(p, words, n) == 0 && (prefix || p[n] == ' '))
			return 1;
	}
	return 0;
}

int
rules_has(const rules_lang *l, const char *norm, enum rw_class cls, int *value)
{
	for (const struct rw_entry *e = l->words; e->words; e++)
		if (e->cls == cls && has_entry(norm, e->words)) {
			if (value)
				*value = e->value;
			return 1;
		}
	return 0;
}

int
rules_has_words(const char *norm, const char *phrase)
{
	char *w = rules_norm(phrase);
	int r = 0;

	if (w && strlen(w) > 2) {
		w[strlen(w) - 1] = '\0'; /* " a b " -> " a b": match from a word start */
		r = has_entry(norm, w + 1);
	}
	free(w);
	return r;
}

const char *
rules_strip_prefix(const rules_lang *l, enum rw_class cls, const char *text)
{
	const char *best = text;

	while (*best == ' ' || *best == '\t')
		best++;
	text = best;
	for (const struct rw_entry *e = l->words; e->words; e++) {
		const char *p = text, *w = e->words;

		if (e->cls != cls)
			continue;
		/* compare as rules_norm would: case folded, apostrophes dropped, a
		 * run of other characters one space */
		while (*w && *p) {
			unsigned char ch = (unsigned char)*p;

			if (ch == '\'') {
				p++;
			} else if (*w == ' ') {
				if (isalnum(ch) || ch >= 0x80)
					break;
				while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80 &&
				    *p != '\'')
					p++;
				w++;
			} else if (tolower(ch) == *w) {
				p++;
				w++;
			} else
				break;
		}
		if (*w == '\0' && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80 && p > best)
			best = p;
	}
	return best;
}
