/* app_survey: see app_survey.h. */
#include "app/app_survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/notify.h"
#include "store/store_survey.h"
#include "store/store_web.h"
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

/* Audits "survey N: what" and commits; rolls back on failure. */
static int audit_commit(struct store *st, const struct programme *p,
			const char *actor, const char *action, int number,
			const char *more, struct err *e)
{
	char detail[128];
	snprintf(detail, sizeof detail, "survey %d%s", number, more ? more : "");
	if (store_audit(st, p->id, actor, action, detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_survey_add(struct store *st, const struct programme *p,
		   const char *template_name, const char *title,
		   const char *actor, int *number, struct err *e)
{
	const struct survey_question *tq;
	struct survey_question *q = NULL;
	const char *ttitle;
	size_t n;
	struct survey sv = {.programme_id = p->id};
	int rc = -1;
	if (survey_template(template_name ? template_name : "rct", &tq, &n,
			    &ttitle, e) < 0)
		return -1;
	if (!title)
		title = ttitle;
	if (survey_title_check(title, e) < 0)
		return -1;
	q = calloc(n, sizeof *q);
	if (!q)
		return err_set(e, ERR_INTERNAL, "out of memory");
	memcpy(q, tq, n * sizeof *q);
	sv.title = (char *)title;
	if (store_begin(st, e) < 0)
		goto done;
	if (store_survey_insert(st, &sv, q, n, e) < 0) {
		store_rollback(st);
		goto done;
	}
	if (audit_commit(st, p, actor, "survey.add", sv.number, NULL, e) < 0)
		goto done;
	*number = sv.number;
	rc = 0;
done:
	free(q);
	return rc;
}

int app_survey_question_add(struct store *st, const struct programme *p,
			    int number, const struct survey_question *q,
			    const char *actor, struct err *e)
{
	struct arena a;
	struct survey sv;
	struct survey_question *old, *all = NULL;
	size_t n;
	int rc = -1;
	if (survey_question_check(q, e) < 0)
		return -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (survey_load_draft(st, p, number, &a, &sv, e) < 0 ||
	    store_survey_questions(st, sv.id, &a, &old, &n, e) < 0)
		goto fail;
	if (n >= SURVEY_QUESTIONS_MAX) {
		err_set(e, ERR_CONFLICT, N_("a survey has at most %d questions"),
			SURVEY_QUESTIONS_MAX);
		goto fail;
	}
	all = arena_calloc(&a, 1, sizeof *all);
	*all = *q;
	if (store_survey_question_add(st, sv.id, (int)n + 1, all, e) < 0)
		goto fail;
	rc = audit_commit(st, p, actor, "survey.question", number, NULL, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_survey_question_remove(struct store *st, const struct programme *p,
			       int number, int64_t id, const char *actor,
			       struct err *e)
{
	struct arena a;
	struct survey sv;
	int rc = -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (survey_load_draft(st, p, number, &a, &sv, e) < 0)
		goto fail;
	if (store_survey_question_remove(st, sv.id, id, e) < 0)
		goto fail;
	rc = audit_commit(st, p, actor, "survey.question.remove", number, NULL, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

int app_survey_send(struct store *st, const struct programme *p, int number,
		    bool include_left, const char *actor, int *asked,
		    struct err *e)
{
	struct arena a;
	struct survey sv;
	struct survey_question *q;
	struct person *people;
	int64_t *took;
	size_t nq, npeople, ntook;
	char now[32], more[48];
	int rc = -1;
	*asked = 0;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	if (store_begin(st, e) < 0)
		goto done;
	if (survey_load(st, p, number, &a, &sv, e) < 0 ||
	    store_survey_questions(st, sv.id, &a, &q, &nq, e) < 0 ||
	    store_person_list(st, p->id, &a, &people, &npeople, e) < 0 ||
	    store_survey_took_part(st, p->id, &a, &took, &ntook, e) < 0)
		goto fail;
	if (sv.state == SURVEY_CLOSED) {
		err_set(e, ERR_CONFLICT, N_("survey %d is closed"), number);
		goto fail;
	}
	if (nq == 0) {
		err_set(e, ERR_CONFLICT, N_("survey %d has no questions"), number);
		goto fail;
	}
	for (size_t i = 0; i < npeople; i++) {
		const struct person *who = &people[i];
		bool inserted;
		if (who->status == PERSON_PENDING ||
		    (who->status == PERSON_LEFT && !include_left) ||
		    strncmp(who->email, "erased-", 7) == 0)
			continue;
		if (store_survey_recipient_add(st, sv.id, who->id,
					       has_id(took, ntook, who->id), now,
					       &inserted, e) < 0)
			goto fail;
		if (!inserted)
			continue;
		if (mail_enqueue_survey(st, p, who, sv.id, false, NULL, e) < 0)
			goto fail;
		(*asked)++;
	}
	if (store_survey_set_state(st, sv.id, SURVEY_OPEN, now, e) < 0)
		goto fail;
	snprintf(more, sizeof more, ": %d asked%s", *asked,
		 include_left ? " (with people who left)" : "");
	rc = audit_commit(st, p, actor, "survey.send", number, more, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_survey_close(struct store *st, const struct programme *p, int number,
		     const char *actor, struct err *e)
{
	struct arena a;
	struct survey sv;
	char now[32];
	int rc = -1;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	if (store_begin(st, e) < 0)
		goto done;
	if (survey_load(st, p, number, &a, &sv, e) < 0)
		goto fail;
	if (sv.state == SURVEY_CLOSED) {
		err_set(e, ERR_CONFLICT, N_("survey %d is already closed"), number);
		goto fail;
	}
	if (store_survey_set_state(st, sv.id, SURVEY_CLOSED, now, e) < 0)
		goto fail;
	rc = audit_commit(st, p, actor, "survey.close", number, NULL, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

static const struct survey_question *find_q(const struct survey_question *q,
					    size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (q[i].id == id)
			return &q[i];
	return NULL;
}

int app_survey_answer(struct store *st, int64_t survey_id, int64_t person_id,
		      const struct survey_raw *raw, size_t nraw,
		      enum survey_quote quote, struct err *e)
{
	struct arena a;
	struct survey sv;
	struct survey_question *q;
	struct survey_recipient rc_;
	struct survey_value *vals;
	const char **one, **tmp;
	size_t nq, nvals = 0;
	char now[32], field[32];
	int rc = -1;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	vals = arena_calloc(&a, nraw + 1, sizeof *vals);
	one = arena_calloc(&a, nraw + 1, sizeof *one);
	tmp = arena_calloc(&a, SURVEY_OPTIONS_MAX + 1, sizeof *tmp);
	if (!vals || !one || !tmp) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	if (store_begin(st, e) < 0)
		goto done;
	if (store_survey_get_id(st, survey_id, &a, &sv, e) < 0 ||
	    store_survey_recipient_get(st, survey_id, person_id, &a, &rc_, e) < 0 ||
	    store_survey_questions(st, survey_id, &a, &q, &nq, e) < 0)
		goto fail;
	if (sv.state != SURVEY_OPEN) {
		err_set(e, ERR_CONFLICT,
			sv.state == SURVEY_CLOSED
				? "this survey has closed: answers can no longer change"
				: "this survey has not been sent yet");
		goto fail;
	}
	/* every raw answer names a question of this person's side */
	for (size_t i = 0; i < nraw; i++) {
		const struct survey_question *qq = find_q(q, nq, raw[i].question_id);
		if (!qq || !survey_asks(qq, rc_.took_part)) {
			snprintf(field, sizeof field, "q%lld",
				 (long long)raw[i].question_id);
			err_field(e, ERR_INVALID, field,
				  N_("is not a question of this survey"));
			goto fail;
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
			err_field(e, ERR_INVALID, field, N_("has too many answers"));
			goto fail;
		}
		if (survey_answer_check(&q[k], one, n1, &a, tmp, &nout, e) < 0)
			goto fail;
		for (size_t j = 0; j < nout; j++)
			vals[nvals++] = (struct survey_value){q[k].id, tmp[j]};
	}
	if (store_survey_response_set(st, survey_id, person_id, quote, vals,
				      nvals, now, e) < 0 ||
	    store_audit(st, sv.programme_id, "self", "survey.answer",
			arena_printf(&a, "survey %d", sv.number), e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_outcome_came(struct store *st, int64_t person_id, int64_t group_id,
		     unsigned what, struct err *e)
{
	struct arena a;
	struct web_person_group g;
	int rc = -1;
	if (what >= (1u << CAME_KINDS))
		return err_field(e, ERR_INVALID, "came", N_("is not one of the choices"));
	if ((what & (1u << (CAME_KINDS - 1))) && what != (1u << (CAME_KINDS - 1)))
		return err_field(e, ERR_INVALID, "came",
				 N_("\"nothing yet\" goes alone"));
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_web_membership(st, person_id, group_id, &a, &g, e) < 0)
		goto fail;
	if (g.state == ROUND_DRAFT || g.outcome != OUTCOME_MET) {
		err_set(e, ERR_CONFLICT, N_("what came of it goes with \"we met\""));
		goto fail;
	}
	if (store_came_set(st, group_id, person_id, what, e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}
