/* app_survey: see app_survey.h. */
#include "app/app_survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "mail/notify.h"
#include "store/store_survey.h"
#include "store/store_access.h"
#include "store/store_participant.h"
#include "util/clock.h"
#include "text/text.h"

static int survey_load(struct store *st, const struct programme *p,
		       int number, struct arena *a, struct survey *sv,
		       struct err *e)
{
	if (store_survey_get(st, p->id, number, a, sv, e) < 0) {
		if (e && e->code == ERR_NOTFOUND)
			err_field(e, ERR_NOTFOUND, "survey",
				  N_("%s has no survey %d"), p->slug, number);
		return -1;
	}
	return 0;
}

/* survey_load, for changing its questions: only a draft's may change. */
static int survey_load_draft(struct store *st, const struct programme *p,
			     int number, struct arena *a, struct survey *sv,
			     struct err *e)
{
	if (survey_load(st, p, number, a, sv, e) < 0)
		return -1;
	if (sv->state != SURVEY_DRAFT)
		return err_set(e, ERR_CONFLICT,
			       N_("survey %d has been sent: its questions are fixed"),
			       number);
	return 0;
}

/* One change to survey `number` of p (most of what follows). */
struct survey_change {
	const struct programme *p;
	int number;
	const struct survey_question *q;
	size_t nq;
	const char *title;
	int64_t id;	/* a question's */
	bool include_left;
	int asked;
};

/* Runs work on c in one transaction, audited as action on "survey N"
 * (work may say more). */
static int survey_tx(struct store *st, const char *actor, const char *action,
		     app_work *work, struct survey_change *c, struct err *e)
{
	char detail[32];
	struct app_audit au = {c->p->id, actor, action, detail};
	snprintf(detail, sizeof detail, "survey %d", c->number);
	return app_tx(st, work, c, &au, e);
}

static int survey_add(struct app_tx *tx, void *arg, struct err *e)
{
	struct survey_change *c = arg;
	struct survey_question *q;
	struct survey sv = {.programme_id = c->p->id, .title = (char *)c->title};
	q = arena_calloc(tx->a, c->nq, sizeof *q);
	if (!q)
		return err_set(e, ERR_INTERNAL, "out of memory");
	memcpy(q, c->q, c->nq * sizeof *q);
	if (store_survey_insert(tx->st, &sv, q, c->nq, e) < 0)
		return -1;
	c->number = sv.number;
	tx->au->detail = arena_printf(tx->a, "survey %d", sv.number);
	return 0;
}

int app_survey_add(struct store *st, const struct programme *p,
		   const char *template_name, const char *title,
		   const char *actor, int *number, struct err *e)
{
	const char *ttitle;
	struct survey_change c = {.p = p};
	if (survey_template(template_name ? template_name : "rct", &c.q, &c.nq,
			    &ttitle, e) < 0)
		return -1;
	c.title = title ? title : ttitle;
	if (survey_title_check(c.title, e) < 0 ||
	    survey_tx(st, actor, "survey.add", survey_add, &c, e) < 0)
		return -1;
	*number = c.number;
	return 0;
}

static int survey_question_add(struct app_tx *tx, void *arg, struct err *e)
{
	struct survey_change *c = arg;
	struct survey sv;
	struct survey_question *old, *one;
	size_t n;
	if (survey_load_draft(tx->st, c->p, c->number, tx->a, &sv, e) < 0 ||
	    store_survey_questions(tx->st, sv.id, tx->a, &old, &n, e) < 0)
		return -1;
	if (n >= SURVEY_QUESTIONS_MAX)
		return err_set(e, ERR_CONFLICT, N_("a survey has at most %d questions"),
			       SURVEY_QUESTIONS_MAX);
	one = arena_calloc(tx->a, 1, sizeof *one);
	if (!one)
		return err_set(e, ERR_INTERNAL, "out of memory");
	*one = *c->q;
	return store_survey_question_add(tx->st, sv.id, (int)n + 1, one, e);
}

int app_survey_question_add(struct store *st, const struct programme *p,
			    int number, const struct survey_question *q,
			    const char *actor, struct err *e)
{
	struct survey_change c = {.p = p, .number = number, .q = q};
	if (survey_question_check(q, e) < 0)
		return -1;
	return survey_tx(st, actor, "survey.question", survey_question_add, &c, e);
}

static int survey_question_remove(struct app_tx *tx, void *arg,
				  struct err *e)
{
	struct survey_change *c = arg;
	struct survey sv;
	return survey_load_draft(tx->st, c->p, c->number, tx->a, &sv, e) < 0 ||
		       store_survey_question_remove(tx->st, sv.id, c->id, e) < 0
		       ? -1 : 0;
}

int app_survey_question_remove(struct store *st, const struct programme *p,
			       int number, int64_t id, const char *actor,
			       struct err *e)
{
	struct survey_change c = {.p = p, .number = number, .id = id};
	return survey_tx(st, actor, "survey.question.remove",
			 survey_question_remove, &c, e);
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static int survey_send(struct app_tx *tx, void *arg, struct err *e)
{
	struct survey_change *c = arg;
	const struct programme *p = c->p;
	struct store *st = tx->st;
	struct survey sv;
	struct survey_question *q;
	struct person *people;
	int64_t *took;
	size_t nq, npeople, ntook;
	char now[32];
	clock_instant(clock_now(), now);
	if (survey_load(st, p, c->number, tx->a, &sv, e) < 0 ||
	    store_survey_questions(st, sv.id, tx->a, &q, &nq, e) < 0 ||
	    store_person_list(st, p->id, tx->a, &people, &npeople, e) < 0 ||
	    store_survey_took_part(st, p->id, tx->a, &took, &ntook, e) < 0)
		return -1;
	if (sv.state == SURVEY_CLOSED)
		return err_set(e, ERR_CONFLICT, N_("survey %d is closed"), c->number);
	if (nq == 0)
		return err_set(e, ERR_CONFLICT, N_("survey %d has no questions"),
			       c->number);
	for (size_t i = 0; i < npeople; i++) {
		const struct person *who = &people[i];
		bool inserted;
		if (who->status == PERSON_PENDING ||
		    (who->status == PERSON_LEFT && !c->include_left) ||
		    strncmp(who->email, "erased-", 7) == 0)
			continue;
		if (store_survey_recipient_add(st, sv.id, who->id,
					       has_id(took, ntook, who->id), now,
					       &inserted, e) < 0)
			return -1;
		if (!inserted)
			continue;
		if (mail_enqueue_survey(st, p, who, sv.id, false, NULL, e) < 0)
			return -1;
		c->asked++;
	}
	if (store_survey_set_state(st, sv.id, SURVEY_OPEN, now, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "survey %d: %d asked%s", c->number,
				      c->asked,
				      c->include_left ? " (with people who left)"
						      : "");
	return 0;
}

int app_survey_send(struct store *st, const struct programme *p, int number,
		    bool include_left, const char *actor, int *asked,
		    struct err *e)
{
	struct survey_change c = {.p = p, .number = number,
				  .include_left = include_left};
	int rc = survey_tx(st, actor, "survey.send", survey_send, &c, e);
	*asked = rc == 0 ? c.asked : 0;
	return rc;
}

static int survey_close(struct app_tx *tx, void *arg, struct err *e)
{
	struct survey_change *c = arg;
	struct survey sv;
	char now[32];
	clock_instant(clock_now(), now);
	if (survey_load(tx->st, c->p, c->number, tx->a, &sv, e) < 0)
		return -1;
	if (sv.state == SURVEY_CLOSED)
		return err_set(e, ERR_CONFLICT, N_("survey %d is already closed"),
			       c->number);
	return store_survey_set_state(tx->st, sv.id, SURVEY_CLOSED, now, e);
}

int app_survey_close(struct store *st, const struct programme *p, int number,
		     const char *actor, struct err *e)
{
	struct survey_change c = {.p = p, .number = number};
	return survey_tx(st, actor, "survey.close", survey_close, &c, e);
}

static const struct survey_question *find_q(const struct survey_question *q,
					    size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (q[i].id == id)
			return &q[i];
	return NULL;
}

struct survey_answer {
	int64_t survey_id, person_id;
	const struct survey_raw *raw;
	size_t nraw;
	enum survey_quote quote;
};

static int survey_answer(struct app_tx *tx, void *arg, struct err *e)
{
	struct survey_answer *an = arg;
	const struct survey_raw *raw = an->raw;
	size_t nraw = an->nraw;
	struct arena *a = tx->a;
	struct survey sv;
	struct survey_question *q;
	struct survey_recipient rc_;
	struct survey_value *vals;
	const char **one, **tmp;
	size_t nq, nvals = 0;
	char now[32], field[32];
	clock_instant(clock_now(), now);
	vals = arena_calloc(a, nraw + 1, sizeof *vals);
	one = arena_calloc(a, nraw + 1, sizeof *one);
	tmp = arena_calloc(a, SURVEY_OPTIONS_MAX + 1, sizeof *tmp);
	if (!vals || !one || !tmp)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_survey_get_id(tx->st, an->survey_id, a, &sv, e) < 0 ||
	    store_survey_recipient_get(tx->st, an->survey_id, an->person_id, a,
				       &rc_, e) < 0 ||
	    store_survey_questions(tx->st, an->survey_id, a, &q, &nq, e) < 0)
		return -1;
	if (sv.state != SURVEY_OPEN)
		return err_set(e, ERR_CONFLICT,
			       sv.state == SURVEY_CLOSED
				       ? "this survey has closed: answers can no longer change"
				       : "this survey has not been sent yet");
	/* every raw answer names a question of this person's side */
	for (size_t i = 0; i < nraw; i++) {
		const struct survey_question *qq = find_q(q, nq, raw[i].question_id);
		if (!qq || !survey_asks(qq, rc_.took_part)) {
			snprintf(field, sizeof field, "q%lld",
				 (long long)raw[i].question_id);
			return err_field(e, ERR_INVALID, field,
					 N_("is not a question of this survey"));
		}
	}
	/* then each question's values together, in the order asked */
	for (size_t k = 0; k < nq; k++) {
		size_t n1 = 0, nout;
		for (size_t i = 0; i < nraw; i++)
			if (raw[i].question_id == q[k].id)
				one[n1++] = raw[i].value;
		if (n1 > SURVEY_OPTIONS_MAX) {
			snprintf(field, sizeof field, "q%lld", (long long)q[k].id);
			return err_field(e, ERR_INVALID, field,
					 N_("has too many answers"));
		}
		if (survey_answer_check(&q[k], one, n1, a, tmp, &nout, e) < 0)
			return -1;
		for (size_t j = 0; j < nout; j++)
			vals[nvals++] = (struct survey_value){q[k].id, tmp[j]};
	}
	tx->au->programme_id = sv.programme_id;
	tx->au->detail = arena_printf(a, "survey %d", sv.number);
	return store_survey_response_set(tx->st, an->survey_id, an->person_id,
					 an->quote, vals, nvals, now, e);
}

int app_survey_answer(struct store *st, int64_t survey_id, int64_t person_id,
		      const struct survey_raw *raw, size_t nraw,
		      enum survey_quote quote, struct err *e)
{
	struct survey_answer an = {survey_id, person_id, raw, nraw, quote};
	struct app_audit au = {.actor = "self", .action = "survey.answer"};
	return app_tx(st, survey_answer, &an, &au, e);
}

struct outcome_came {
	int64_t person_id, group_id;
	unsigned what;
};

static int outcome_came(struct app_tx *tx, void *arg, struct err *e)
{
	struct outcome_came *c = arg;
	struct participant_group g;
	if (store_person_membership(tx->st, c->person_id, c->group_id, tx->a, &g,
				 e) < 0)
		return -1;
	if (g.state == ROUND_DRAFT || g.outcome != OUTCOME_MET)
		return err_set(e, ERR_CONFLICT,
			       N_("what came of it goes with \"we met\""));
	return store_came_set(tx->st, c->group_id, c->person_id, c->what, e);
}

int app_outcome_came(struct store *st, int64_t person_id, int64_t group_id,
		     unsigned what, struct err *e)
{
	struct outcome_came c = {person_id, group_id, what};
	if (what >= (1u << CAME_KINDS))
		return err_field(e, ERR_INVALID, "came", N_("is not one of the choices"));
	if ((what & (1u << (CAME_KINDS - 1))) && what != (1u << (CAME_KINDS - 1)))
		return err_field(e, ERR_INVALID, "came",
				 N_("\"nothing yet\" goes alone"));
	return app_tx(st, outcome_came, &c, NULL, e);
}

int app_survey_list(struct store *st, const struct programme *p,
		    struct arena *a, struct app_survey_count **out, size_t *n,
		    struct err *e)
{
	struct survey *sv;
	struct survey_recipient *r;
	size_t nr;
	if (store_survey_list(st, p->id, a, &sv, n, e) < 0)
		return -1;
	*out = arena_calloc(a, *n + 1, sizeof **out);
	if (!*out)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < *n; i++) {
		(*out)[i].survey = sv[i];
		if (store_survey_recipients(st, sv[i].id, a, &r, &nr, e) < 0)
			return -1;
		(*out)[i].asked = nr;
		for (size_t k = 0; k < nr; k++)
			(*out)[i].answered += r[k].answered;
	}
	return 0;
}

int app_outcome_came_get(struct store *st, int64_t person_id,
			 int64_t group_id, unsigned *what, struct err *e)
{
	return store_came_get(st, group_id, person_id, what, e);
}

int app_survey_asked(struct store *st, int64_t survey_id, int64_t person_id,
		     struct arena *a, struct app_survey_asked *out,
		     struct err *e)
{
	return store_survey_get_id(st, survey_id, a, &out->sv, e) < 0 ||
		       store_survey_recipient_get(st, survey_id, person_id, a,
						  &out->r, e) < 0 ||
		       store_survey_questions(st, survey_id, a, &out->q, &out->nq,
					      e) < 0
		       ? -1 : 0;
}

int app_survey_response(struct store *st, int64_t survey_id,
			int64_t person_id, struct arena *a, bool *answered,
			enum survey_quote *quote, struct survey_value **v,
			size_t *n, struct err *e)
{
	return store_survey_response_get(st, survey_id, person_id, a, answered,
					 quote, v, n, e);
}
