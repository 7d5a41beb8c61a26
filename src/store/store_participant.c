/* store_participant: see store_participant.h. */
#include "store/store_participant.h"

#include "store/store_impl.h"
#include "store/store_story.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

/* ---- participants ---- */

static int group_others(struct store *st, int64_t group_id, int64_t person_id,
			struct arena *a, char **out, struct err *e)
{
	struct db_stmt *s = NULL;
	struct buf b;
	int rc;
	if (db_prepare(st->db,
		       "SELECT p.name FROM member m JOIN person p ON p.id = m.person_id"
		       " WHERE m.group_id = ? AND m.person_id <> ? ORDER BY p.id",
		       &s, e) < 0)
		return -1;
	buf_init(&b, 4096);
	rc = db_bindf(s, e, "ii", group_id, person_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		if (buf_len(&b))
			buf_puts(&b, ", ");
		buf_puts(&b, db_col_text(s, 0));
		rc = 0;
	}
	db_finalize(s);
	*out = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	if (rc >= 0 && !*out)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return rc < 0 ? -1 : 0;
}

#define PG_SELECT \
	"SELECT r.number, r.state, g.id, r.deadline, m.outcome, m.rating," \
	" m.comment FROM member m JOIN grp g ON g.id = m.group_id" \
	" JOIN round r ON r.id = g.round_id"

static void pg_from_row(struct db_stmt *s, struct arena *a,
			struct participant_group *g)
{
	const char *st = db_col_text(s, 1);
	g->round = (int)db_col_int(s, 0);
	g->state = strcmp(st, "draft") == 0 ? ROUND_DRAFT
		 : strcmp(st, "published") == 0 ? ROUND_PUBLISHED : ROUND_CLOSED;
	g->group_id = db_col_int(s, 2);
	g->deadline = arena_strdup(a, db_col_text(s, 3));
	if (outcome_parse(db_col_text(s, 4), &g->outcome) < 0)
		g->outcome = OUTCOME_NONE;
	g->rating = (int)db_col_int(s, 5);
	g->comment = arena_strdup(a, db_col_text(s, 6));
}

static void pg_row(struct db_stmt *s, struct arena *a, void *elem)
{
	pg_from_row(s, a, elem);
}

int store_person_groups(struct store *st, int64_t person_id,
			    struct arena *a, struct participant_group **out,
			    size_t *n, struct err *e)
{
	if (store_list(st, a, sizeof **out, pg_row, out, n, e,
		       PG_SELECT " WHERE m.person_id = ? AND r.state <> 'draft'"
		       " ORDER BY r.number DESC", "i", person_id) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (group_others(st, (*out)[i].group_id, person_id, a,
				 &(*out)[i].others, e) < 0)
			return -1;
	return 0;
}

int store_person_membership(struct store *st, int64_t person_id,
			 int64_t group_id, struct arena *a,
			 struct participant_group *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, PG_SELECT
		       " WHERE m.person_id = ? AND m.group_id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", person_id, group_id);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		pg_from_row(s, a, out);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		rc = err_set(e, ERR_NOTFOUND, "that person is not in that group");
	db_finalize(s);
	if (rc < 0)
		return -1;
	return group_others(st, group_id, person_id, a, &out->others, e);
}

int store_person_details(struct store *st, const struct person *p,
			     struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE person SET name = ?, organisation = ?, sector = ?,"
			   " role = ?, location = ?, timezone = ?, topics = ?,"
			   " intro = ?, show_name = ?, language = CASE WHEN ? = ''"
			   " THEN language ELSE ? END WHERE id = ?",
			   "ttttttttitti", p->name, p->organisation, p->sector,
			   p->role, p->location, p->timezone, p->topics, p->intro,
			   (int64_t)p->show_name, p->language ? p->language : "",
			   p->language ? p->language : "", p->id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such person");
}

int store_person_erase(struct store *st, int64_t person_id,
			   struct err *e)
{
	char email[64];
	int64_t n;
	snprintf(email, sizeof email, "erased-%lld@invalid",
		 (long long)person_id);
	n = db_run(st->db, e,
		   "UPDATE person SET name = 'Erased participant', email = ?,"
		   " organisation = '', sector = '', role = '', location = '',"
		   " timezone = '', topics = '', intro = '', status = 'left',"
		   " paused_until = '', show_name = 0 WHERE id = ?",
		   "ti", email, person_id);
	if (n < 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "no such person");
	if (db_run(st->db, e, "UPDATE member SET comment = '' WHERE person_id = ?",
		   "i", person_id) < 0 ||
	    store_community_erase(st, person_id, e) < 0)
		return -1;
	/* The mail outbox keeps each message's recipient and the server's
	 * last reply; an erased person's address must not survive there
	 * either.  (Better as a hook of the mail area; see docs/web.md.) */
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET rcpt = ?, last_reply = ''"
		      " WHERE person_id = ?", "ti", email, person_id) < 0
		       ? -1 : 0;
}
