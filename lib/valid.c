#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "valid.h"

const char *const tenant_status_names[] = {"active", "suspended", "deleted", NULL};
const char *const tenant_plan_names[] = {"starter", "growth", "custom", NULL};
const char *const user_role_names[] = {"owner", "admin", "member", NULL};

static const char *
type_name(enum vtype t)
{
	switch (t) {
	case V_STRING: return "a string";
	case V_INT: return "an integer";
	case V_BOOL: return "a boolean";
	case V_OBJECT: return "an object";
	case V_ARRAY: return "an array";
	default: return "a value";
	}
}

static int
type_ok(json_object *v, enum vtype t)
{
	switch (t) {
	case V_STRING: return json_object_is_type(v, json_type_string);
	case V_INT: return json_object_is_type(v, json_type_int);
	case V_BOOL: return json_object_is_type(v, json_type_boolean);
	case V_OBJECT: return json_object_is_type(v, json_type_object);
	case V_ARRAY: return json_object_is_type(v, json_type_array);
	default: return 1;
	}
}

fd_err
valid_object(json_object *body, const struct vfield *fields, err_detail *d)
{
	const struct vfield *f;

	if (body) {
		json_object_object_foreach(body, key, val) {
			for (f = fields; f->name; f++)
				if (strcmp(f->name, key) == 0)
					break;
			if (f->name == NULL)
				return err_set(d, ERR_VALIDATION, key, "unknown field '%.40s'", key);
			if (val == NULL || json_object_is_type(val, json_type_null)) {
				if (!f->nullable)
					return err_set(d, ERR_VALIDATION, key, "%s must not be null", key);
				continue;
			}
			if (!type_ok(val, f->type))
				return err_set(d, ERR_VALIDATION, key, "%s must be %s", key, type_name(f->type));
			if (f->type == V_STRING) {
				const char *s = json_object_get_string(val);
				size_t n = (size_t)json_object_get_string_len(val);

				if (strlen(s) != n)
					return err_set(d, ERR_VALIDATION, key, "%s must not contain NUL", key);
				if (f->maxlen && n > f->maxlen)
					return err_set(d, ERR_VALIDATION, key, "%s is longer than %zu bytes",
					    key, f->maxlen);
			}
		}
	}
	for (f = fields; f->name; f++) {
		json_object *v = NULL;

		if (!f->required)
			continue;
		if (body == NULL || !json_object_object_get_ex(body, f->name, &v) ||
		    json_object_is_type(v, json_type_null))
			return err_set(d, ERR_VALIDATION, f->name, "%s is required", f->name);
		if (f->type == V_STRING) {
			const char *s = json_object_get_string(v);

			while (*s && isspace((unsigned char)*s))
				s++;
			if (*s == '\0')
				return err_set(d, ERR_VALIDATION, f->name, "%s must not be empty", f->name);
		}
	}
	return OK;
}

const char *
valid_str(json_object *body, const char *field)
{
	json_object *v;

	if (body == NULL || !json_object_object_get_ex(body, field, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int
valid_has(json_object *body, const char *field)
{
	return body && json_object_object_get_ex(body, field, NULL);
}

int
valid_enum(const char *const *names, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
valid_handle(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return 0;
		} else if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	}
	return 1;
}

static int
fixed_offset(const char *s)
{
	/* +HH:MM or -HH:MM, |offset| <= 14:00 */
	int h, m;

	if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return 0;
	for (int i = 1; i < 6; i++)
		if (i != 3 && !isdigit((unsigned char)s[i]))
			return 0;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	return m < 60 && (h < 14 || (h == 14 && m == 0));
}

int
valid_timezone(const char *s)
{
	char path[256];
	struct stat sb;
	FILE *f;
	char magic[4];
	int ok;

	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return 0;
	if (strcmp(s, "UTC") == 0 || fixed_offset(s))
		return 1;
	/* IANA names: letters, digits, '/', '_', '-', '+'; no "..", no leading '/' */
	if (s[0] == '/' || s[0] == '.' || strstr(s, ".."))
		return 0;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return 0;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", s);
	if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

int
valid_email(const char *s)
{
	const char *at, *dot;
	size_t n = s ? strlen(s) : 0;

	if (n < 3 || n > 254)
		return 0;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x21 || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || *p == '"')
			return 0;
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@'))
		return 0;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

void
valid_slugify(const char *in, char *out, size_t outlen)
{
	size_t o = 0;
	int dash = 0;

	if (outlen == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < outlen && o < 40; p++) {
		if (isalnum(*p)) {
			if (dash && o > 0 && o + 2 < outlen)
				out[o++] = '-';
			dash = 0;
			out[o++] = (char)tolower(*p);
		} else
			dash = 1;
	}
	out[o] = '\0';
}

void
valid_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

const char *const weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

int
valid_e164(const char *in, char out[17])
{
	size_t o = 0;
	int plus = 0;

	if (in == NULL)
		return 0;
	for (const char *p = in; *p; p++) {
		if (*p == '+' && o == 0 && !plus) {
			plus = 1;
			out[o++] = '+';
		} else if (isdigit((unsigned char)*p)) {
			if (o >= 16)
				return 0;
			out[o++] = *p;
		} else if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')')
			continue;
		else
			return 0;
	}
	out[o] = '\0';
	return plus && o >= 9 && o <= 16 && out[1] != '0';
}

/* ISO 4217 active codes (2024). */
static const char iso4217[] =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD "
    "BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD "
    "EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD "
    "IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL "
    "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN "
    "PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN "
    "SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES "
    "VND VUV WST XAF XAG XAU XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG";

int
valid_currency(const char *s)
{
	if (s == NULL || strlen(s) != 3)
		return 0;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	/* entries are "XXX " but the last has no space: stop at the end, not past it */
	for (size_t o = 0; o + 3 <= sizeof(iso4217) - 1; o += 4)
		if (strncmp(iso4217 + o, s, 3) == 0)
			return 1;
	return 0;
}

int
valid_bcp47(const char *s)
{
	/* language (2-3 letters) then subtags of 2-8 alphanumerics */
	size_t n = s ? strlen(s) : 0, i = 0, len;

	if (n == 0 || n > 35)
		return 0;
	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	if (i < 2 || i > 3)
		return 0;
	while (i < n) {
		if (s[i] != '-')
			return 0;
		i++;
		len = 0;
		while (i < n && isalnum((unsigned char)s[i])) {
			i++;
			len++;
		}
		if (len < 1 || len > 8)
			return 0;
	}
	return 1;
}

int
valid_http_url(const char *s)
{
	const char *h;

	if (s == NULL || strlen(s) > 2048)
		return 0;
	if (strncmp(s, "https://", 8) == 0)
		h = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return 0;
	if (!isalnum((unsigned char)*h))
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return 0;
	return 1;
}

static int
hhmm(const char *s, int *minutes)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return 0;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	/* 24:00 closes a day that runs to midnight */
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return 0;
	*minutes = h * 60 + m;
	return 1;
}

fd_err
valid_weekly_hours(const char *field, json_object *v, err_detail *d)
{
	json_object *weekly;
	char f[96];

	if (!json_object_is_type(v, json_type_object))
		return err_set(d, ERR_VALIDATION, field, "%s must be an object", field);
	json_object_object_foreach(v, key, val) {
		if (strcmp(key, "weekly") != 0) {
			snprintf(f, sizeof(f), "%s.%.40s", field, key);
			return err_set(d, ERR_VALIDATION, f, "unknown field '%.40s'", key);
		}
		(void)val;
	}
	if (!json_object_object_get_ex(v, "weekly", &weekly) ||
	    !json_object_is_type(weekly, json_type_object)) {
		snprintf(f, sizeof(f), "%s.weekly", field);
		return err_set(d, ERR_VALIDATION, f, "weekly must be an object of days");
	}
	json_object_object_foreach(weekly, day, list) {
		int prev_end = -1;

		snprintf(f, sizeof(f), "%s.weekly.%.20s", field, day);
		if (valid_enum(weekday_names, day) < 0)
			return err_set(d, ERR_VALIDATION, f, "days are mon, tue, wed, thu, fri, sat, sun");
		if (!json_object_is_type(list, json_type_array))
			return err_set(d, ERR_VALIDATION, f, "%s must be a list of intervals", day);
		if (json_object_array_length(list) > 12)
			return err_set(d, ERR_VALIDATION, f, "at most 12 intervals a day");
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			json_object *iv = json_object_array_get_idx(list, i), *s = NULL, *e = NULL;
			int a, b;

			if (!json_object_is_type(iv, json_type_object) ||
			    !json_object_object_get_ex(iv, "start", &s) ||
			    !json_object_object_get_ex(iv, "end", &e) ||
			    json_object_object_length(iv) != 2 ||
			    !json_object_is_type(s, json_type_string) ||
			    !json_object_is_type(e, json_type_string) ||
			    !hhmm(json_object_get_string(s), &a) || !hhmm(json_object_get_string(e), &b))
				return err_set(d, ERR_VALIDATION, f,
				    "each interval is {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}");
			if (a >= b)
				return err_set(d, ERR_VALIDATION, f, "an interval must end after it starts");
			if (a < prev_end)
				return err_set(d, ERR_VALIDATION, f,
				    "intervals must be in order and must not overlap");
			prev_end = b;
		}
	}
	return OK;
}
