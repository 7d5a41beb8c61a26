/*
 * store_survey: storage of evaluation surveys (core/survey.h), who was
 * asked, their responses, and what came of meetings.  Conventions as
 * store.h: 0 / -1 with e, strings from the caller's arena; writes that
 * belong together are wrapped by the caller in store_begin/commit.
 */
#ifndef CUPPA_STORE_SURVEY_H
#define CUPPA_STORE_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/survey.h"
#include "store/store.h"

/* Inserts s as the programme's next survey (sets s->id and s->number)
 * with its questions (their ids set). */
int store_survey_insert(struct store *st, struct survey *s,
			struct survey_question *q, size_t nq, struct err *e);
/* Appends q at position (sets q->id). */
int store_survey_question_add(struct store *st, int64_t survey_id,
			       int position, struct survey_question *q,
			       struct err *e);
/* Deletes question id of survey_id; ERR_NOTFOUND when it is not one. */
int store_survey_question_remove(struct store *st, int64_t survey_id,
				 int64_t id, struct err *e);
/* By programme and number, or by id; ERR_NOTFOUND when none. */
int store_survey_get(struct store *st, int64_t programme_id, int number,
		     struct arena *a, struct survey *out, struct err *e);
int store_survey_get_id(struct store *st, int64_t id, struct arena *a,
			struct survey *out, struct err *e);
/* Ordered by number. */
int store_survey_list(struct store *st, int64_t programme_id,
		      struct arena *a, struct survey **out, size_t *n,
		      struct err *e);
/* Ordered by position. */
int store_survey_questions(struct store *st, int64_t survey_id,
			   struct arena *a, struct survey_question **out,
			   size_t *n, struct err *e);
/* Sets the state, and sent_at (open) or closed_at (closed) to when. */
int store_survey_set_state(struct store *st, int64_t survey_id,
			   enum survey_state state, const char *when,
			   struct err *e);

struct survey_recipient {
	int64_t person_id;
	bool took_part;
	char *asked_at;
	bool answered;
};
/* Records that person_id is asked; *inserted false when they already
 * were (a person is asked at most once per survey). */
int store_survey_recipient_add(struct store *st, int64_t survey_id,
			       int64_t person_id, bool took_part,
			       const char *when, bool *inserted,
			       struct err *e);
/* ERR_NOTFOUND when the person was not asked. */
int store_survey_recipient_get(struct store *st, int64_t survey_id,
			       int64_t person_id, struct arena *a,
			       struct survey_recipient *out, struct err *e);
int store_survey_recipients(struct store *st, int64_t survey_id,
			    struct arena *a, struct survey_recipient **out,
			    size_t *n, struct err *e);

/* One stored answer value of one question. */
struct survey_value {
	int64_t question_id;
	const char *value;
};
/* Replaces the person's response (quote consent and every answer). */
int store_survey_response_set(struct store *st, int64_t survey_id,
			      int64_t person_id, enum survey_quote quote,
			      const struct survey_value *v, size_t n,
			      const char *when, struct err *e);
/* The person's answers and consent; *answered false when none yet. */
int store_survey_response_get(struct store *st, int64_t survey_id,
			      int64_t person_id, struct arena *a,
			      bool *answered, enum survey_quote *quote,
			      struct survey_value **v, size_t *n,
			      struct err *e);

/* Every answer of a survey with what results need about its author. */
struct survey_answer_row {
	int64_t person_id, question_id;
	char *value;
	bool took_part;
	enum survey_quote quote;
	char *name, *organisation;
};
/* Ordered by question, then person. */
int store_survey_answers(struct store *st, int64_t survey_id,
			 struct arena *a, struct survey_answer_row **out,
			 size_t *n, struct err *e);

/* The ids of the programme's people who took part: members of a group
 * of a published or closed round in which someone said met. */
int store_survey_took_part(struct store *st, int64_t programme_id,
			   struct arena *a, int64_t **out, size_t *n,
			   struct err *e);

/* ---- what came of a meeting ---- */

#define CAME_KINDS 5
/* "contact", "practice", "working", "follow-up", "nothing-yet". */
extern const char *const store_came_names[CAME_KINDS];
/* Replaces what the person said came of their group's meeting: bit i of
 * what is store_came_names[i]. */
int store_came_set(struct store *st, int64_t group_id, int64_t person_id,
		   unsigned what, struct err *e);
int store_came_get(struct store *st, int64_t group_id, int64_t person_id,
		   unsigned *what, struct err *e);
/* Counts per kind over the programme's rounds up to upto (0: all). */
int store_came_counts(struct store *st, int64_t programme_id, int upto,
		      int64_t counts[CAME_KINDS], struct err *e);

#endif
