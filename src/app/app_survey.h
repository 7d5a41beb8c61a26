/*
 * app_survey: evaluation surveys (core/survey.h) as operations the CLI,
 * the dashboard and the survey page share.  Each write is one
 * transaction with an audit row; actor as in app.h.
 *
 * Who is asked (app_survey_send): everyone in the programme but pending
 * sign-ups; people who left (including those who unsubscribed) only
 * with include_left.  Each person is asked at most once per survey, on
 * the side fixed at that moment: took part (in a group of a published
 * round that met) or did not.  Sending again asks only people not asked
 * yet (new sign-ups, or the left ones when ticked later).
 */
#ifndef CUPPA_APP_SURVEY_H
#define CUPPA_APP_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/model.h"
#include "core/survey.h"
#include "store/store.h"
#include "store/store_survey.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/* Creates a draft survey from a template ("rct"; NULL: "rct") with title
 * (NULL: the template's).  *number is the new survey's number. */
int app_survey_add(struct store *st, const struct programme *p,
		   const char *template_name, const char *title,
		   const char *actor, int *number, struct err *e);

/* Adds one question (checked) to the end of a draft survey. */
int app_survey_question_add(struct store *st, const struct programme *p,
			    int number, const struct survey_question *q,
			    const char *actor, struct err *e);

/* Removes question id from a draft survey. */
int app_survey_question_remove(struct store *st, const struct programme *p,
			       int number, int64_t id, const char *actor,
			       struct err *e);

/* Opens the survey and queues one email per person newly asked; *asked
 * says how many.  A closed survey cannot be sent (ERR_CONFLICT). */
int app_survey_send(struct store *st, const struct programme *p, int number,
		    bool include_left, const char *actor, int *asked,
		    struct err *e);

/* Closes the survey: answers become final and links refuse. */
int app_survey_close(struct store *st, const struct programme *p, int number,
		     const char *actor, struct err *e);

/* One raw answer as it arrived: "q<id>" fields of a form. */
struct survey_raw {
	int64_t question_id;
	const char *value;
};

/* Records (or replaces) the response of person_id to survey_id: every
 * raw answer must name a question of the survey asked of the person's
 * side, with an acceptable value; otherwise nothing changes and e names
 * the field ("q<id>").  ERR_CONFLICT when the survey is not open,
 * ERR_NOTFOUND when the person was not asked. */
int app_survey_answer(struct store *st, int64_t survey_id, int64_t person_id,
		      const struct survey_raw *raw, size_t nraw,
		      enum survey_quote quote, struct err *e);

/* ---- results ---- */

struct survey_quote_row {
	const char *text;
	const char *by;          /* "" when anonymous, else "Name, Organisation" */
	bool took_part;
};

struct survey_qresult {
	struct survey_question q;
	char **options;          /* choices; "1".."5" for a scale */
	size_t noptions;
	int64_t *count[2];       /* [0] did not, [1] took part; per option */
	int64_t answered[2];     /* people who answered this question */
	int64_t texts;           /* written answers (text questions) */
	struct survey_quote_row *quotes;  /* only with consent */
	size_t nquotes;
};

struct survey_results {
	struct survey survey;
	int64_t asked[2], responded[2];   /* [0] did not, [1] took part */
	struct survey_qresult *q;
	size_t nq;
};

/* Everything results need, in a. */
int app_survey_results(struct store *st, const struct programme *p,
		       int number, struct arena *a, struct survey_results *out,
		       struct err *e);
json_t *app_survey_results_json(const struct survey_results *r);
/* Plain text for the terminal. */
void app_survey_results_text(const struct survey_results *r, struct buf *out);
/* One line per answer value: respondent (a number, never a name), side,
 * question, answer; formula-safe. */
int app_survey_answers_csv(struct store *st, const struct programme *p,
			   int number, struct buf *out, struct err *e);

/* The words for each of store_came_names, in the same order. */
extern const char *const app_came_labels[];

/* After "we met": what came of it (bits of store_came_names; "nothing
 * yet" only alone).  ERR_CONFLICT unless the person said met. */
int app_outcome_came(struct store *st, int64_t person_id, int64_t group_id,
		     unsigned what, struct err *e);

/* ---- feedback already collected (stats --json, report) ---- */

/* Adds to obj "ratings" {count, mean, distribution {"1".."5"}} from
 * ratings[1..5], and "what_came_of_it" {contact, practice, working,
 * follow-up, nothing-yet} counted over rounds up to upto (0: all). */
int app_feedback_json(struct store *st, const struct programme *p, int upto,
		      const int64_t ratings[6], json_t *obj, struct err *e);

/* The programme's surveys by number, each with how many people were
 * asked and how many answered. */
struct app_survey_count {
	struct survey survey;
	size_t asked, answered;
};
int app_survey_list(struct store *st, const struct programme *p,
		    struct arena *a, struct app_survey_count **out, size_t *n,
		    struct err *e);

/* What came of a meeting, as the person said (a bit per kind). */
int app_outcome_came_get(struct store *st, int64_t person_id,
			 int64_t group_id, unsigned *what, struct err *e);

/* Survey survey_id as person_id, who was asked it, sees it: the survey,
 * their place in it and its questions.  ERR_NOTFOUND when there is no
 * such survey or they were not asked. */
struct app_survey_asked {
	struct survey sv;
	struct survey_recipient r;
	struct survey_question *q;
	size_t nq;
};
int app_survey_asked(struct store *st, int64_t survey_id, int64_t person_id,
		     struct arena *a, struct app_survey_asked *out,
		     struct err *e);

/* The answers person_id gave to survey_id (*answered false: none yet). */
int app_survey_response(struct store *st, int64_t survey_id,
			int64_t person_id, struct arena *a, bool *answered,
			enum survey_quote *quote, struct survey_value **v,
			size_t *n, struct err *e);

#endif
