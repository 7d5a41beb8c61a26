/*
 * survey: evaluation surveys as plain data and rules, with no I/O.
 *
 * A survey belongs to a programme and holds questions of four kinds
 * (single choice, multiple choice, a 1-5 scale, short text).  Each
 * question says whose it is: those who took part (were in a group of a
 * published round that met), those who did not, or everyone.  The page
 * a person opens from their signed link asks only the questions of their
 * side.  Life: draft (being written) -> open (sent; answers accepted and
 * changeable) -> closed (answers final, links refuse).
 *
 * Answers arrive as strings from a form or a CLI: survey_answer_check
 * turns one question's raw values into the values stored (an option's
 * number from 1, a scale point, or the text), or says what is wrong.
 */
#ifndef CUPPA_SURVEY_H
#define CUPPA_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

#define SURVEY_TITLE_MAX 200
#define SURVEY_TEXT_MAX 2000    /* a short-text answer */
#define SURVEY_QUESTIONS_MAX 40
#define SURVEY_OPTIONS_MAX 12
#define SURVEY_LINK_DAYS 60
#define SURVEY_REMIND_DAYS 7

enum survey_kind { SQ_SINGLE = 0, SQ_MULTI, SQ_SCALE, SQ_TEXT };
enum survey_audience { SA_EVERYONE = 0, SA_TOOK_PART, SA_DID_NOT };
enum survey_state { SURVEY_DRAFT = 0, SURVEY_OPEN, SURVEY_CLOSED };
/* How a person lets their written answers be quoted. */
enum survey_quote { SQUOTE_NO = 0, SQUOTE_ANONYMOUS, SQUOTE_NAMED };

struct survey {
	int64_t id;
	int64_t programme_id;
	int number;              /* 1, 2, ... within the programme */
	char *title;
	enum survey_state state;
	char *created_at, *sent_at, *closed_at;   /* "" when not yet */
};

struct survey_question {
	int64_t id;
	int position;
	enum survey_kind kind;
	enum survey_audience audience;
	char *text;
	char *options;           /* "a;b;c" for single and multi, else "" */
};

/* A ready template by name ("rct"): its questions (static storage) and
 * default title.  -1 (ERR_INVALID, field "template") for an unknown name. */
int survey_template(const char *name, const struct survey_question **out,
		    size_t *n, const char **title, struct err *e);

/* Checks a title: 1..SURVEY_TITLE_MAX characters of one-line text. */
int survey_title_check(const char *title, struct err *e);
/* Checks one question's kind, text and options. */
int survey_question_check(const struct survey_question *q, struct err *e);

/* Whether a person on this side (took_part) is asked q. */
bool survey_asks(const struct survey_question *q, bool took_part);

/* The options of q as an array of n strings in a. */
int survey_options(const struct survey_question *q, struct arena *a,
		   char ***out, size_t *n);

/* Checks the raw values a person gave for q (nraw of them; none means
 * unanswered, which is always allowed) and writes the values to store
 * into out (at most SURVEY_OPTIONS_MAX, strings in a), *nout of them.
 * Errors are ERR_INVALID with field "q<id>". */
int survey_answer_check(const struct survey_question *q,
			const char *const *raw, size_t nraw, struct arena *a,
			const char **out, size_t *nout, struct err *e);

const char *survey_kind_name(enum survey_kind k);
int survey_kind_parse(const char *s, enum survey_kind *out);
const char *survey_audience_name(enum survey_audience x);
int survey_audience_parse(const char *s, enum survey_audience *out);
const char *survey_state_name(enum survey_state s);
int survey_state_parse(const char *s, enum survey_state *out);
const char *survey_quote_name(enum survey_quote q);
int survey_quote_parse(const char *s, enum survey_quote *out);

#endif
