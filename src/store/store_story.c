/* store_story: see store_story.h. */
#include "store/store_story.h"

#include "store/store_impl.h"

int store_story_put(struct store *st, struct story *s, struct err *e)
{
	char now[32];
	struct story *v;
	size_t n;
	struct arena a;
	int rc = -1;
	store_now(now);
	arena_init(&a, 0);
	if (db_run(st->db, e,
		   "INSERT INTO story (programme_id, person_id, group_id,"
		   " challenge_id, body, visibility, state, created_at, updated_at)"
		   " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
		   " ON CONFLICT (person_id, group_id, challenge_id) DO UPDATE SET"
		   " body = excluded.body, visibility = excluded.visibility,"
		   " state = 'pending', updated_at = excluded.updated_at",
		   "iiiittt" "t", s->programme_id, s->person_id, s->group_id,
		   s->challenge_id, s->body, story_visibility_name(s->visibility),
		   now, now) < 0)
		goto done;
	if (store_story_of_person(st, s->person_id, &a, &v, &n, e) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (v[i].group_id == s->group_id &&
		    v[i].challenge_id == s->challenge_id)
			s->id = v[i].id;
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

#define STORY_SQL \
	"SELECT s.id, s.programme_id, s.person_id, s.group_id, s.challenge_id," \
	" s.body, s.visibility, s.state, s.created_at, s.updated_at," \
	" p.name, p.organisation," \
	" COALESCE((SELECT r.number FROM grp g JOIN round r ON r.id = g.round_id" \
	"  WHERE g.id = s.group_id), 0)" \
	" FROM story s JOIN person p ON p.id = s.person_id"

static void story_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct story *x = elem;
	x->id = db_col_int(s, 0);
	x->programme_id = db_col_int(s, 1);
	x->person_id = db_col_int(s, 2);
	x->group_id = db_col_int(s, 3);
	x->challenge_id = db_col_int(s, 4);
	x->body = arena_strdup(a, db_col_text(s, 5));
	if (story_visibility_parse(db_col_text(s, 6), &x->visibility) < 0)
		x->visibility = STORY_HIDDEN;
	if (story_state_parse(db_col_text(s, 7), &x->state) < 0)
		x->state = STORY_PENDING;
	x->created_at = arena_strdup(a, db_col_text(s, 8));
	x->updated_at = arena_strdup(a, db_col_text(s, 9));
	x->name = arena_strdup(a, db_col_text(s, 10));
	x->organisation = arena_strdup(a, db_col_text(s, 11));
	x->round = (int)db_col_int(s, 12);
}

int store_story_get(struct store *st, int64_t programme_id, int64_t id,
		    struct arena *a, struct story *out, struct err *e)
{
	return store_one(st, a, sizeof *out, story_row, out, "no such story", e,
			 STORY_SQL " WHERE s.id = ? AND s.programme_id = ?", "ii",
			 id, programme_id);
}

int store_story_list(struct store *st, int64_t programme_id,
		     bool only_approved, struct arena *a, struct story **out,
		     size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, story_row, out, n, e,
			  only_approved
				  ? STORY_SQL " WHERE s.programme_id = ?"
					      " AND s.state = 'approved'"
					      " AND s.visibility <> 'hidden'"
					      " ORDER BY s.updated_at DESC, s.id DESC"
				  : STORY_SQL " WHERE s.programme_id = ?"
					      " ORDER BY s.updated_at DESC, s.id DESC",
			  "i", programme_id);
}

int store_story_of_person(struct store *st, int64_t person_id,
			  struct arena *a, struct story **out, size_t *n,
			  struct err *e)
{
	return store_list(st, a, sizeof **out, story_row, out, n, e,
			  STORY_SQL " WHERE s.person_id = ?"
				    " ORDER BY s.updated_at DESC, s.id DESC",
			  "i", person_id);
}

int store_story_set_state(struct store *st, int64_t id,
			  enum story_state state, const char *when,
			  struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE story SET state = ?, updated_at = ? WHERE id = ?",
			   "tti", story_state_name(state), when, id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such story");
}

int store_community_erase(struct store *st, int64_t person_id, struct err *e)
{
	/* What they wrote goes; their choices stay, no longer linked to a
	 * name, so survey counts do not change. */
	if (db_run(st->db, e, "DELETE FROM story WHERE person_id = ?", "i",
		   person_id) < 0 ||
	    db_run(st->db, e,
		   "DELETE FROM survey_answer WHERE person_id = ? AND question_id IN"
		   " (SELECT id FROM survey_question WHERE kind = 'text')", "i",
		   person_id) < 0 ||
	    db_run(st->db, e,
		   "UPDATE survey_response SET quote = 'no' WHERE person_id = ?",
		   "i", person_id) < 0)
		return -1;
	return 0;
}
