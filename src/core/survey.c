/*
 * survey: see survey.h.  The words of the ready templates live in the
 * table below, one row per question, marked for the catalogue: they are
 * stored in English and shown in the reader's language (pages_survey.c).
 */
#include "core/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/person.h"
#include "text/text.h"

/* The "rct" template: what organisers of Randomised Coffee Trials asked
 * the delegates who took part and those who did not. */
static const struct survey_question rct[] = {
	{0, 1, SQ_MULTI, SA_TOOK_PART,
	 N_("What did you get out of your conversations?"),
	 N_("Shared frustrations with someone who understood;"
	 "Good practice I could use in my own work;"
	 "People I would never otherwise have met;"
	 "Opportunities for my own organisation;"
	 "Nothing much yet")},
	{0, 2, SQ_SCALE, SA_TOOK_PART,
	 N_("Overall, how useful was taking part? (1 = not at all, 5 = very)"), ""},
	{0, 3, SQ_TEXT, SA_TOOK_PART,
	 N_("What is one thing that came out of a conversation?"), ""},
	{0, 4, SQ_MULTI, SA_DID_NOT,
	 N_("What kept you from taking part?"),
	 N_("I did not have time;"
	 "It did not interest me;"
	 "I did not understand how it works;"
	 "My meeting fell through;"
	 "Something else")},
	{0, 5, SQ_TEXT, SA_DID_NOT,
	 N_("What would make it easier for you to take part?"), ""},
	{0, 6, SQ_SINGLE, SA_EVERYONE,
	 N_("Would you like to take part in a future round?"),
	 N_("Yes;Maybe;No")},
	{0, 7, SQ_TEXT, SA_EVERYONE,
	 N_("Anything else you would like to tell us?"), ""},
};

static const struct {
	const char *name, *title;
	const struct survey_question *q;
	size_t n;
} templates[] = {
	{"rct", N_("How was the coffee trial?"), rct, sizeof rct / sizeof rct[0]},
};

int survey_template(const char *name, const struct survey_question **out,
		    size_t *n, const char **title, struct err *e)
{
	for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
		if (name && !strcmp(name, templates[i].name)) {
			*out = templates[i].q;
			*n = templates[i].n;
			*title = templates[i].title;
			return 0;
		}
	return err_field(e, ERR_INVALID, "template",
			 "'%s' is not a survey template (try rct)",
			 name ? name : "");
}

int survey_title_check(const char *t, struct err *e)
{
	size_t n = t ? strlen(t) : 0;
	size_t i = 0;
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i == n)
		return err_field(e, ERR_INVALID, "title", "is required");
	if (n > SURVEY_TITLE_MAX || !person_text_ok(t, false))
		return err_field(e, ERR_INVALID, "title",
				 "must be one line of at most %d characters",
				 SURVEY_TITLE_MAX);
	return 0;
}

int survey_question_check(const struct survey_question *q, struct err *e)
{
	size_t nopt = 0;
	if (!q->text || !*q->text || strlen(q->text) > 500 ||
	    !person_text_ok(q->text, false))
		return err_field(e, ERR_INVALID, "question",
				 "must be one line of 1 to 500 characters");
	if (!q->options || !person_text_ok(q->options, false) ||
	    strlen(q->options) > 2000)
		return err_field(e, ERR_INVALID, "options", "are not valid text");
	if (*q->options)
		for (const char *p = q->options; p; p = strchr(p, ';'), p = p ? p + 1 : p)
			nopt++;
	if ((q->kind == SQ_SINGLE || q->kind == SQ_MULTI) &&
	    (nopt < 2 || nopt > SURVEY_OPTIONS_MAX))
		return err_field(e, ERR_INVALID, "options",
				 "a choice needs 2 to %d options separated by ';'",
				 SURVEY_OPTIONS_MAX);
	if ((q->kind == SQ_SCALE || q->kind == SQ_TEXT) && nopt)
		return err_field(e, ERR_INVALID, "options",
				 "only choices have options");
	return 0;
}

bool survey_asks(const struct survey_question *q, bool took_part)
{
	return q->audience == SA_EVERYONE ||
	       (q->audience == SA_TOOK_PART) == took_part;
}

int survey_options(const struct survey_question *q, struct arena *a,
		   char ***out, size_t *n)
{
	char **v = arena_calloc(a, SURVEY_OPTIONS_MAX, sizeof *v);
	const char *p = q->options;
	*n = 0;
	*out = v;
	if (!v)
		return -1;
	while (p && *p && *n < SURVEY_OPTIONS_MAX) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		v[(*n)++] = arena_strndup(a, p, len);
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* A whole decimal number from 1 to max, else 0. */
static int choice(const char *s, size_t max)
{
	char *end;
	long v;
	if (!s || *s < '1' || *s > '9')
		return 0;
	v = strtol(s, &end, 10);
	return *end || v < 1 || (size_t)v > max ? 0 : (int)v;
}

int survey_answer_check(const struct survey_question *q,
			const char *const *raw, size_t nraw, struct arena *a,
			const char **out, size_t *nout, struct err *e)
{
	char field[32], **opts;
	size_t nopt;
	snprintf(field, sizeof field, "q%lld", (long long)q->id);
	*nout = 0;
	if (q->kind == SQ_TEXT) {
		if (nraw > 1)
			return err_field(e, ERR_INVALID, field, "takes one answer");
		if (nraw == 0 || !*raw[0])
			return 0;
		if (strlen(raw[0]) > SURVEY_TEXT_MAX || !person_text_ok(raw[0], true))
			return err_field(e, ERR_INVALID, field,
					 "must be at most %d characters of text",
					 SURVEY_TEXT_MAX);
		out[(*nout)++] = raw[0];
		return 0;
	}
	if (q->kind == SQ_SCALE) {
		if (nraw > 1)
			return err_field(e, ERR_INVALID, field, "takes one answer");
		if (nraw == 0 || !*raw[0])
			return 0;
		if (!choice(raw[0], 5))
			return err_field(e, ERR_INVALID, field,
					 "must be a number from 1 to 5");
		out[(*nout)++] = raw[0];
		return 0;
	}
	if (survey_options(q, a, &opts, &nopt) < 0)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (q->kind == SQ_SINGLE && nraw > 1)
		return err_field(e, ERR_INVALID, field, "takes one answer");
	if (nraw > nopt)
		return err_field(e, ERR_INVALID, field, "has too many answers");
	for (size_t i = 0; i < nraw; i++) {
		int c = choice(raw[i], nopt);
		if (!c)
			return err_field(e, ERR_INVALID, field,
					 "'%.40s' is not one of its options", raw[i]);
		for (size_t j = 0; j < *nout; j++)
			if (!strcmp(out[j], raw[i]))
				return err_field(e, ERR_INVALID, field,
						 "gives the same option twice");
		out[(*nout)++] = raw[i];
	}
	return 0;
}

/* ---- names ---- */

static const char *const kind_names[] = {"single", "multi", "scale", "text"};
static const char *const audience_names[] = {"everyone", "took-part", "did-not"};
static const char *const state_names[] = {N_("draft"), N_("open"),
					  N_("closed")};
static const char *const quote_names[] = {"no", "anonymous", "named"};

static int name_parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s && !strcmp(s, names[i]))
			return i;
	return -1;
}

#define NAMES(fn_name, fn_parse, type, table)                                \
	const char *fn_name(type x)                                          \
	{                                                                    \
		return (unsigned)x < sizeof table / sizeof table[0]          \
			       ? table[x] : "?";                             \
	}                                                                    \
	int fn_parse(const char *s, type *out)                               \
	{                                                                    \
		int i = name_parse(table, (int)(sizeof table / sizeof table[0]), s); \
		if (i < 0)                                                   \
			return -1;                                           \
		*out = (type)i;                                              \
		return 0;                                                    \
	}

NAMES(survey_kind_name, survey_kind_parse, enum survey_kind, kind_names)
NAMES(survey_audience_name, survey_audience_parse, enum survey_audience,
      audience_names)
NAMES(survey_state_name, survey_state_parse, enum survey_state, state_names)
NAMES(survey_quote_name, survey_quote_parse, enum survey_quote, quote_names)
