/* store_survey: see store_survey.h. */
#include "store/store_survey.h"

#include <string.h>

#include "store/store_impl.h"

const char *const store_came_names[CAME_KINDS] = {
	"contact", "practice", "working", "follow-up", "nothing-yet",
};

/* Runs a query that returns one integer in its first row (*out), binding
 * the texts and integers of fmt; ERR_NOTFOUND when there is no row. */
static int one_int(struct store *st, int64_t *out, struct err *e,
		   const char *sql, const char *fmt, int64_t i1, int64_t i2,
		   const char *t1)
{
	struct db_stmt *s = NULL;
	int rc, ii = 0;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	for (int k = 0; fmt[k]; k++) {
		if (fmt[k] == 't')
			db_bind_text(s, k + 1, t1);
		else
			db_bind_int(s, k + 1, ii++ ? i2 : i1);
	}
	rc = db_step(s, e);
	if (rc == 1)
		*out = db_col_int(s, 0);
	db_finalize(s);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "not found");
	return rc < 0 ? -1 : 0;
}

int store_survey_question_add(struct store *st, int64_t survey_id,
			       int position, struct survey_question *q,
			       struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db,
		       "INSERT INTO survey_question (survey_id, position,"
		       " kind, audience, text, options)"
		       " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iitttt", survey_id, (int64_t)position,
		      survey_kind_name(q->kind), survey_audience_name(q->audience),
		      q->text, q->options ? q->options : "");
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		q->id = db_col_int(s, 0);
	db_finalize(s);
	if (rc != 1)
		return rc == 0 ? err_set(e, ERR_INTERNAL, "insert returned nothing")
			       : -1;
	q->position = position;
	return 0;
}

int store_survey_question_remove(struct store *st, int64_t survey_id,
				 int64_t id, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "DELETE FROM survey_question WHERE survey_id = ? AND id = ?",
			   "ii", survey_id, id);
	if (n < 0)
		return -1;
	return n ? 0 : err_field(e, ERR_NOTFOUND, "question",
				 "is not a question of this survey");
}

int store_survey_insert(struct store *st, struct survey *sv,
			struct survey_question *q, size_t nq, struct err *e)
{
	char now[32];
	int64_t next;
	store_now(now);
	if (one_int(st, &next, e,
		    "SELECT COALESCE(MAX(number), 0) + 1 FROM survey"
		    " WHERE programme_id = ?", "i", sv->programme_id, 0, NULL) < 0 ||
	    db_run(st->db, e,
		   "INSERT INTO survey (programme_id, number, title, state,"
		   " created_at) VALUES (?, ?, ?, 'draft', ?)", "iitt",
		   sv->programme_id, next, sv->title, now) < 0 ||
	    one_int(st, &sv->id, e,
		    "SELECT id FROM survey WHERE programme_id = ? AND number = ?",
		    "ii", sv->programme_id, next, NULL) < 0)
		return -1;
	sv->number = (int)next;
	for (size_t i = 0; i < nq; i++)
		if (store_survey_question_add(st, sv->id, (int)(i + 1), &q[i], e) < 0)
			return -1;
	return 0;
}

#define SURVEY_COLS \
	"id, programme_id, number, title, state, created_at, sent_at, closed_at"

static void survey_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct survey *v = elem;
	v->id = db_col_int(s, 0);
	v->programme_id = db_col_int(s, 1);
	v->number = (int)db_col_int(s, 2);
	v->title = arena_strdup(a, db_col_text(s, 3));
	if (survey_state_parse(db_col_text(s, 4), &v->state) < 0)
		v->state = SURVEY_CLOSED;
	v->created_at = arena_strdup(a, db_col_text(s, 5));
	v->sent_at = arena_strdup(a, db_col_text(s, 6));
	v->closed_at = arena_strdup(a, db_col_text(s, 7));
}

static int survey_one(struct store *st, struct arena *a, struct survey *out,
		      struct err *e, const char *sql, const char *fmt,
		      int64_t i1, int64_t i2)
{
	return store_one(st, a, sizeof *out, survey_row, out, "no such survey", e,
			 sql, fmt, i1, i2);
}

int store_survey_get(struct store *st, int64_t programme_id, int number,
		     struct arena *a, struct survey *out, struct err *e)
{
	return survey_one(st, a, out, e,
			  "SELECT " SURVEY_COLS " FROM survey"
			  " WHERE programme_id = ? AND number = ?", "ii",
			  programme_id, (int64_t)number);
}

int store_survey_get_id(struct store *st, int64_t id, struct arena *a,
			struct survey *out, struct err *e)
{
	return survey_one(st, a, out, e,
			  "SELECT " SURVEY_COLS " FROM survey WHERE id = ? AND ? = 0",
			  "ii", id, (int64_t)0);
}

int store_survey_list(struct store *st, int64_t programme_id,
		      struct arena *a, struct survey **out, size_t *n,
		      struct err *e)
{
	return store_list(st, a, sizeof **out, survey_row, out, n, e,
			  "SELECT " SURVEY_COLS " FROM survey"
			  " WHERE programme_id = ? ORDER BY number", "i",
			  programme_id);
}

static void question_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct survey_question *q = elem;
	q->id = db_col_int(s, 0);
	q->position = (int)db_col_int(s, 1);
	if (survey_kind_parse(db_col_text(s, 2), &q->kind) < 0)
		q->kind = SQ_TEXT;
	if (survey_audience_parse(db_col_text(s, 3), &q->audience) < 0)
		q->audience = SA_EVERYONE;
	q->text = arena_strdup(a, db_col_text(s, 4));
	q->options = arena_strdup(a, db_col_text(s, 5));
}

int store_survey_questions(struct store *st, int64_t survey_id,
			   struct arena *a, struct survey_question **out,
			   size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, question_row, out, n, e,
			  "SELECT id, position, kind, audience, text, options"
			  " FROM survey_question WHERE survey_id = ?"
			  " ORDER BY position, id", "i", survey_id);
}

int store_survey_set_state(struct store *st, int64_t survey_id,
			   enum survey_state state, const char *when,
			   struct err *e)
{
	const char *sql =
		state == SURVEY_OPEN
			? "UPDATE survey SET state = ?,"
			  " sent_at = CASE WHEN sent_at = '' THEN ? ELSE sent_at END"
			  " WHERE id = ?"
			: state == SURVEY_CLOSED
				  ? "UPDATE survey SET state = ?, closed_at = ? WHERE id = ?"
				  : "UPDATE survey SET state = ?, closed_at = ?"
				    " WHERE id = ? AND 0 = 1";
	int64_t n = db_run(st->db, e, sql, "tti", survey_state_name(state),
			   when, survey_id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such survey");
}

/* ---- recipients ---- */

int store_survey_recipient_add(struct store *st, int64_t survey_id,
			       int64_t person_id, bool took_part,
			       const char *when, bool *inserted,
			       struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "INSERT INTO survey_recipient (survey_id, person_id,"
			   " took_part, asked_at) VALUES (?, ?, ?, ?)"
			   " ON CONFLICT DO NOTHING", "iiit", survey_id,
			   person_id, (int64_t)took_part, when);
	if (n < 0)
		return -1;
	*inserted = n > 0;
	return 0;
}

static void recipient_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct survey_recipient *r = elem;
	r->person_id = db_col_int(s, 0);
	r->took_part = db_col_int(s, 1) != 0;
	r->asked_at = arena_strdup(a, db_col_text(s, 2));
	r->answered = db_col_int(s, 3) != 0;
}

#define RECIPIENT_SQL \
	"SELECT r.person_id, r.took_part, r.asked_at," \
	" CASE WHEN x.person_id IS NULL THEN 0 ELSE 1 END" \
	" FROM survey_recipient r LEFT JOIN survey_response x" \
	" ON x.survey_id = r.survey_id AND x.person_id = r.person_id" \
	" WHERE r.survey_id = ?"

int store_survey_recipient_get(struct store *st, int64_t survey_id,
			       int64_t person_id, struct arena *a,
			       struct survey_recipient *out, struct err *e)
{
	return store_one(st, a, sizeof *out, recipient_row, out,
			 "you were not asked this survey", e,
			 RECIPIENT_SQL " AND r.person_id = ?", "ii", survey_id,
			 person_id);
}

int store_survey_recipients(struct store *st, int64_t survey_id,
			    struct arena *a, struct survey_recipient **out,
			    size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, recipient_row, out, n, e,
			  RECIPIENT_SQL " ORDER BY r.person_id", "i", survey_id);
}

/* ---- responses ---- */

int store_survey_response_set(struct store *st, int64_t survey_id,
			      int64_t person_id, enum survey_quote quote,
			      const struct survey_value *v, size_t n,
			      const char *when, struct err *e)
{
	if (db_run(st->db, e,
		   "DELETE FROM survey_answer WHERE survey_id = ? AND person_id = ?",
		   "ii", survey_id, person_id) < 0 ||
	    db_run(st->db, e,
		   "DELETE FROM survey_response WHERE survey_id = ? AND person_id = ?",
		   "ii", survey_id, person_id) < 0 ||
	    db_run(st->db, e,
		   "INSERT INTO survey_response (survey_id, person_id, quote,"
		   " answered_at) VALUES (?, ?, ?, ?)", "iitt", survey_id,
		   person_id, survey_quote_name(quote), when) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (db_run(st->db, e,
			   "INSERT INTO survey_answer (survey_id, person_id,"
			   " question_id, value) VALUES (?, ?, ?, ?)", "iiit",
			   survey_id, person_id, v[i].question_id, v[i].value) < 0)
			return -1;
	return 0;
}

static void value_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct survey_value *v = elem;
	v->question_id = db_col_int(s, 0);
	v->value = arena_strdup(a, db_col_text(s, 1));
}

int store_survey_response_get(struct store *st, int64_t survey_id,
			      int64_t person_id, struct arena *a,
			      bool *answered, enum survey_quote *quote,
			      struct survey_value **v, size_t *n,
			      struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	*answered = false;
	*quote = SQUOTE_NO;
	if (db_prepare(st->db, "SELECT quote FROM survey_response"
			       " WHERE survey_id = ? AND person_id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", survey_id, person_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		*answered = true;
		if (survey_quote_parse(db_col_text(s, 0), quote) < 0)
			*quote = SQUOTE_NO;
	}
	db_finalize(s);
	if (rc < 0)
		return -1;
	return store_list(st, a, sizeof **v, value_row, v, n, e,
			  "SELECT question_id, value FROM survey_answer"
			  " WHERE survey_id = ? AND person_id = ?"
			  " ORDER BY question_id, value", "ii", survey_id,
			  person_id);
}

static void answer_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct survey_answer_row *r = elem;
	r->person_id = db_col_int(s, 0);
	r->question_id = db_col_int(s, 1);
	r->value = arena_strdup(a, db_col_text(s, 2));
	r->took_part = db_col_int(s, 3) != 0;
	if (survey_quote_parse(db_col_text(s, 4), &r->quote) < 0)
		r->quote = SQUOTE_NO;
	r->name = arena_strdup(a, db_col_text(s, 5));
	r->organisation = arena_strdup(a, db_col_text(s, 6));
}

int store_survey_answers(struct store *st, int64_t survey_id,
			 struct arena *a, struct survey_answer_row **out,
			 size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, answer_row, out, n, e,
			  "SELECT x.person_id, x.question_id, x.value,"
			  " r.took_part, s.quote, p.name, p.organisation"
			  " FROM survey_answer x"
			  " JOIN survey_recipient r ON r.survey_id = x.survey_id"
			  "  AND r.person_id = x.person_id"
			  " JOIN survey_response s ON s.survey_id = x.survey_id"
			  "  AND s.person_id = x.person_id"
			  " JOIN person p ON p.id = x.person_id"
			  " WHERE x.survey_id = ?"
			  " ORDER BY x.question_id, x.person_id, x.value", "i",
			  survey_id);
}

int store_survey_took_part(struct store *st, int64_t programme_id,
			   struct arena *a, int64_t **out, size_t *n,
			   struct err *e)
{
	return store_list(st, a, sizeof **out, store_row_id, out, n, e,
			  "SELECT DISTINCT m.person_id FROM member m"
			  " JOIN grp g ON g.id = m.group_id"
			  " JOIN round r ON r.id = g.round_id"
			  " WHERE r.programme_id = ?"
			  " AND r.state IN ('published', 'closed')"
			  " AND EXISTS (SELECT 1 FROM member o"
			  "  WHERE o.group_id = m.group_id AND o.outcome = 'met')"
			  " ORDER BY m.person_id", "i", programme_id);
}

/* ---- what came of a meeting ---- */

int store_came_set(struct store *st, int64_t group_id, int64_t person_id,
		   unsigned what, struct err *e)
{
	if (db_run(st->db, e,
		   "DELETE FROM outcome_came WHERE group_id = ? AND person_id = ?",
		   "ii", group_id, person_id) < 0)
		return -1;
	for (int i = 0; i < CAME_KINDS; i++)
		if ((what & (1u << i)) &&
		    db_run(st->db, e,
			   "INSERT INTO outcome_came (group_id, person_id, what)"
			   " VALUES (?, ?, ?)", "iit", group_id, person_id,
			   store_came_names[i]) < 0)
			return -1;
	return 0;
}

int store_came_get(struct store *st, int64_t group_id, int64_t person_id,
		   unsigned *what, struct err *e)
{
	struct arena a;
	char **v;
	size_t n;
	int rc;
	arena_init(&a, 0);
	*what = 0;
	rc = store_list(st, &a, sizeof *v, store_row_text, &v, &n, e,
			"SELECT what FROM outcome_came"
			" WHERE group_id = ? AND person_id = ?", "ii", group_id,
			person_id);
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (int k = 0; k < CAME_KINDS; k++)
			if (!strcmp(v[i], store_came_names[k]))
				*what |= 1u << k;
	arena_release(&a);
	return rc;
}

int store_came_counts(struct store *st, int64_t programme_id, int upto,
		      int64_t counts[CAME_KINDS], struct err *e)
{
	struct arena a;
	char **v;
	size_t n;
	int rc;
	arena_init(&a, 0);
	memset(counts, 0, sizeof(int64_t) * CAME_KINDS);
	rc = store_list(st, &a, sizeof *v, store_row_text, &v, &n, e,
			"SELECT c.what FROM outcome_came c"
			" JOIN grp g ON g.id = c.group_id"
			" JOIN round r ON r.id = g.round_id"
			" WHERE r.programme_id = ? AND r.state <> 'draft'"
			" AND (? = 0 OR r.number <= ?)", "iii", programme_id,
			(int64_t)upto, (int64_t)upto);
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (int k = 0; k < CAME_KINDS; k++)
			if (!strcmp(v[i], store_came_names[k]))
				counts[k]++;
	arena_release(&a);
	return rc;
}
