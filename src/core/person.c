/* person: see person.h. */
#include "core/person.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "text/text.h"
#include "util/clock.h"
#include "util/tznames.h"

/* Where a check's problem goes: into an err (the public checks), or to
 * person_check_fields's caller as its field, format and arguments, so the
 * sentence is made only where it is listed (a CSV of bad rows has
 * thousands of problems: making each sentence in an err and copying it
 * again was about two fifths of the reader's time on a late fuzz
 * input).  Neither: only counted. */
struct sink {
	struct err *e;
	void (*bad)(void *arg, const char *field, const char *fmt, va_list ap);
	void *arg;
};

static int fail(const struct sink *s, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Returns -1, as err_field. */
static int fail(const struct sink *s, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (s->bad)
		s->bad(s->arg, field, fmt, ap);
	else if (s->e)
		err_vfield(s->e, ERR_INVALID, field, fmt, ap);
	va_end(ap);
	return -1;
}

static bool email_local_char(unsigned char c)
{
	return isalnum(c) || strchr("!#$%&'*+/=?^_`{|}~.-", c) != NULL;
}

static bool email_domain_ok(const char *d)
{
	size_t label = 0, labels = 0;
	const char *last = d;
	if (!*d)
		return false;
	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0 || label > 63 || p[-1] == '-' || *last == '-')
				return false;
			labels++;
			if (*p == '\0')
				break;
			label = 0;
			last = p + 1;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
		label++;
	}
	/* A top-level label of letters, at least two: catches "a@b" and
	 * "a@example.c0m" typos without rejecting real addresses. */
	if (labels < 2 || strlen(last) < 2)
		return false;
	for (const char *p = last; *p; p++)
		if (!isalpha((unsigned char)*p))
			return false;
	return true;
}

static int email_normalise(const char *email, char out[EMAIL_MAX + 1],
			   const struct sink *e)
{
	const char *s = email ? email : "";
	size_t len, at = 0, nat = 0;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return fail(e, "email", "is required");
	if (len > EMAIL_MAX)
		return fail(e, "email", "is longer than %d characters", EMAIL_MAX);
	for (size_t i = 0; i < len; i++) {
		out[i] = (char)tolower((unsigned char)s[i]);
		if (out[i] == '@') {
			at = i;
			nat++;
		}
	}
	out[len] = '\0';
	if (nat != 1 || at == 0 || at > 64 || at == len - 1)
		return fail(e, "email", "'%s' is not an email address", out);
	for (size_t i = 0; i < at; i++)
		if (!email_local_char((unsigned char)out[i]) ||
		    (out[i] == '.' && (i == 0 || i == at - 1 || out[i + 1] == '.')))
			return fail(e, "email", "'%s' is not an email address", out);
	if (!email_domain_ok(out + at + 1))
		return fail(e, "email", "'%s' has no valid domain", out);
	return 0;
}

int person_email_normalise(const char *email, char out[EMAIL_MAX + 1],
			   struct err *e)
{
	return email_normalise(email, out, &(struct sink){.e = e});
}

bool person_text_ok(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		int extra;
		if (c < 0x80) {
			if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' ||
							 c == '\t'))) || c == 0x7f)
				return false;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			extra = 1;
		else if (c >= 0xe0 && c <= 0xef)
			extra = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			extra = 3;
		else
			return false;
		uint32_t cp = c & (0x3fu >> extra);
		for (int i = 1; i <= extra; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates and past U+10FFFF. */
		if ((extra == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		p += extra + 1;
	}
	return true;
}

static int text_field(const char *name, const char *v, bool required,
		      size_t max, bool multiline, const struct sink *e)
{
	if (!v || !*v) {
		if (required)
			return fail(e, name, "is required");
		return 0;
	}
	if (strlen(v) > max)
		return fail(e, name, "is longer than %zu characters", max);
	if (!person_text_ok(v, multiline))
		return fail(e, name,
			    "has invalid characters (control characters or not UTF-8)");
	if (required) {
		const char *p = v;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return fail(e, name, "is required");
	}
	return 0;
}

/* A time zone is an IANA name present in the system's zoneinfo (from
 * the list of its names read once: a stat() per row was a system call
 * per line of a CSV import). */
static bool timezone_ok(const char *tz)
{
	if (strlen(tz) > 64 || strstr(tz, "..") || tz[0] == '/')
		return false;
	for (const char *p = tz; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	return tznames_has(tz);
}

int person_check_fields(const struct person *p,
			void (*bad)(void *arg, const char *field,
				    const char *fmt, va_list ap),
			void *arg)
{
	char email[EMAIL_MAX + 1];
	time_t t;
	const struct sink s = {.bad = bad, .arg = arg};
	int n = 0;
	enum lang l;
#define CHECK(cond) do { if ((cond) < 0) n++; } while (0)
	/* In the people CSV's column order, one problem per field. */
	CHECK(text_field("name", p->name, true, NAME_MAX_LEN, false, &s));
	CHECK(email_normalise(p->email, email, &s));
	CHECK(text_field("organisation", p->organisation, true, NAME_MAX_LEN,
			 false, &s));
	CHECK(text_field("sector", p->sector, false, NAME_MAX_LEN, false, &s));
	CHECK(text_field("role", p->role, false, NAME_MAX_LEN, false, &s));
	CHECK(text_field("location", p->location, false, NAME_MAX_LEN, false, &s));
	CHECK(text_field("timezone", p->timezone, false, 64, false, &s) < 0 ? -1
	      : p->timezone && *p->timezone && !timezone_ok(p->timezone)
	      ? fail(&s, "timezone",
		     "'%s' is not a time zone name like Europe/London",
		     p->timezone)
	      : 0);
	CHECK(text_field("topics", p->topics, false, TEXT_MAX, false, &s));
	CHECK(text_field("intro", p->intro, false, TEXT_MAX, true, &s));
	CHECK(p->joined && *p->joined && clock_parse_day(p->joined, &t) < 0
	      ? fail(&s, "joined", "'%s' is not a date as YYYY-MM-DD", p->joined)
	      : 0);
	CHECK(p->language && *p->language && lang_parse(p->language, &l) < 0
	      ? fail(&s, "language",
		     "'%.20s' is not a language: give cy or en (or leave "
		     "it empty)", p->language)
	      : 0);
#undef CHECK
	return n;
}

/* The first problem's sentence, made in the err (the others are only
 * counted). */
static void keep_first(void *arg, const char *field, const char *fmt,
		       va_list ap)
{
	struct err *first = arg;
	if (!first->code)
		err_vfield(first, ERR_INVALID, field, fmt, ap);
}

int person_validate(const struct person *p, struct err *e)
{
	struct err first = {0};
	if (person_check_fields(p, keep_first, &first) == 0)
		return 0;
	if (e)
		*e = first;
	return -1;
}

bool person_eligible(const struct person *p, const char *day)
{
	return person_sitting_out_reason(p, day) == NULL;
}

const char *person_sitting_out_reason(const struct person *p, const char *day)
{
	switch (p->status) {
	case PERSON_ACTIVE:
		return NULL;
	/* fixed phrases, shown to organisers through the catalogue */
	case PERSON_PENDING:
		return N_("has not confirmed their sign-up");
	case PERSON_SKIP_NEXT:
		return N_("skipping this round");
	case PERSON_PAUSED:
		/* paused_until is the last day of the pause. */
		if (p->paused_until && *p->paused_until &&
		    strcmp(p->paused_until, day) < 0)
			return NULL;
		return N_("paused");
	case PERSON_LEFT:
		return N_("left the programme");
	}
	return "unknown state";
}

int person_status_check(enum person_status to, const char *until,
			const char *today, struct err *e)
{
	time_t t;
	if (to == PERSON_PENDING)
		return err_field(e, ERR_INVALID, "status",
				 "a person cannot be set back to pending");
	if (to != PERSON_PAUSED) {
		if (until && *until)
			return err_field(e, ERR_INVALID, "until",
					 "only goes with --status paused");
		return 0;
	}
	if (!until || !*until)
		return err_field(e, ERR_INVALID, "until",
				 "a pause needs an end date (YYYY-MM-DD)");
	if (clock_parse_day(until, &t) < 0)
		return err_field(e, ERR_INVALID, "until",
				 "'%s' is not a date as YYYY-MM-DD", until);
	if (strcmp(until, today) < 0)
		return err_field(e, ERR_INVALID, "until",
				 "%s is in the past", until);
	return 0;
}

static int consent_parse(const char *s, bool *out, const struct sink *e)
{
	static const struct {
		const char *word;
		size_t len; /* compared first: an import asks this of every row */
		bool yes;
	} words[] = {
		{"yes", 3, true}, {"true", 4, true}, {"1", 1, true}, {"y", 1, true},
		{"no", 2, false}, {"false", 5, false}, {"0", 1, false},
		{"n", 1, false}, {"", 0, false},
	};
	size_t len = strlen(s);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (words[i].len == len && strcasecmp(s, words[i].word) == 0) {
			*out = words[i].yes;
			return 0;
		}
	}
	return fail(e, "network_consent",
		    "must be yes or no (also true/false, 1/0), not '%.40s'", s);
}

int person_consent_parse(const char *s, bool *out, struct err *e)
{
	return consent_parse(s, out, &(struct sink){.e = e});
}

int person_consent_check(const char *s, bool *out,
			 void (*bad)(void *arg, const char *field,
				     const char *fmt, va_list ap),
			 void *arg)
{
	return consent_parse(s, out, &(struct sink){.bad = bad, .arg = arg});
}
