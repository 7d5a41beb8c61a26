/* store_programme: programmes in the database (see store.h). */
#include "store/store_impl.h"
#include "store/store_access.h"

#include <string.h>

#define PROGRAMME_COLS \
	"id, slug, name, cadence_days, group_size, avoid_same, mix_attribute," \
	" mix_values, repeat_after, allow_missed_repeat, settings, created_at"

static void programme_from_row(struct db_stmt *s, struct arena *a,
			       struct programme *p)
{
	p->id = db_col_int(s, 0);
	p->slug = arena_strdup(a, db_col_text(s, 1));
	p->name = arena_strdup(a, db_col_text(s, 2));
	p->cadence_days = (int)db_col_int(s, 3);
	p->group_size = (int)db_col_int(s, 4);
	p->avoid_same = (unsigned)db_col_int(s, 5);
	p->mix_attribute = arena_strdup(a, db_col_text(s, 6));
	p->mix_values = arena_strdup(a, db_col_text(s, 7));
	p->repeat_after = (int)db_col_int(s, 8);
	p->allow_missed_repeat = db_col_int(s, 9) != 0;
	p->settings = arena_strdup(a, db_col_text(s, 10));
	p->created_at = arena_strdup(a, db_col_text(s, 11));
}

int store_programme_insert(struct store *st, struct programme *p,
			   struct err *e)
{
	struct db_stmt *s = NULL;
	char now[32];
	int rc;
	store_now(now);
	if (db_prepare(st->db,
		       "INSERT INTO programme (slug, name, cadence_days, group_size,"
		       " avoid_same, mix_attribute, mix_values, repeat_after,"
		       " allow_missed_repeat, settings, created_at)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ttiiittiitt", p->slug, p->name,
		      (int64_t)p->cadence_days, (int64_t)p->group_size,
		      (int64_t)p->avoid_same, p->mix_attribute ? p->mix_attribute : "",
		      p->mix_values ? p->mix_values : "", (int64_t)p->repeat_after,
		      (int64_t)p->allow_missed_repeat,
		      p->settings ? p->settings : "{}", now);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		p->id = db_col_int(s, 0);
	db_finalize(s);
	if (rc < 0 && e && e->code == ERR_CONFLICT)
		err_field(e, ERR_CONFLICT, "name",
			  "a programme called '%s' exists already", p->slug);
	return rc == 1 ? 0 : -1;
}

int store_programme_update(struct store *st, const struct programme *p,
			   struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE programme SET name = ?, cadence_days = ?,"
			   " group_size = ?, avoid_same = ?, mix_attribute = ?,"
			   " mix_values = ?, repeat_after = ?, allow_missed_repeat = ?,"
			   " settings = ? WHERE id = ?",
			   "tiiittiiti", p->name, (int64_t)p->cadence_days,
			   (int64_t)p->group_size, (int64_t)p->avoid_same,
			   p->mix_attribute, p->mix_values,
			   (int64_t)p->repeat_after,
			   (int64_t)p->allow_missed_repeat, p->settings, p->id);
	if (n < 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "no such programme");
	return 0;
}

static int programme_get_one(struct store *st, const char *sql,
			     const char *fmt, const char *text, int64_t id,
			     struct arena *a, struct programme *out,
			     struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	if (fmt[0] == 't')
		rc = db_bindf(s, e, "ttt", text, text, text);
	else
		rc = db_bindf(s, e, "i", id);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		programme_from_row(s, a, out);
	db_finalize(s);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "no programme called '%s'",
			       text ? text : "(by id)");
	return rc == 1 ? 0 : -1;
}

int store_programme_get(struct store *st, const char *slug_or_name,
			struct arena *a, struct programme *out, struct err *e)
{
	return programme_get_one(st,
				 "SELECT " PROGRAMME_COLS " FROM programme"
				 " WHERE slug = ? OR name = ?"
				 " ORDER BY (slug = ?) DESC LIMIT 1",
				 "t", slug_or_name, 0, a, out, e);
}

int store_programme_get_id(struct store *st, int64_t id, struct arena *a,
			   struct programme *out, struct err *e)
{
	return programme_get_one(st,
				 "SELECT " PROGRAMME_COLS " FROM programme WHERE id = ?",
				 "i", NULL, id, a, out, e);
}

int store_programme_get_organised(struct store *st, const char *slug,
				  int64_t organiser_id, struct arena *a,
				  struct programme *out, bool *organised,
				  int64_t *stamp, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	*organised = false;
	*stamp = 0;
	if (db_prepare(st->db,
		       "SELECT " PROGRAMME_COLS ", EXISTS (SELECT 1 FROM"
		       " programme_organiser o WHERE o.programme_id = programme.id"
		       " AND o.organiser_id = ?), (SELECT CAST(COALESCE(MAX(au.id),"
		       " 0) AS BIGINT) FROM audit au"
		       " WHERE au.programme_id = programme.id)"
		       " FROM programme WHERE slug = ?",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "it", organiser_id, slug);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1) {
		programme_from_row(s, a, out);
		*organised = db_col_int(s, 12) != 0;
		*stamp = db_col_int(s, 13);
	}
	db_finalize(s);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "no programme called '%s'", slug);
	return rc == 1 ? 0 : -1;
}

static void programme_row(struct db_stmt *s, struct arena *a, void *elem)
{
	programme_from_row(s, a, elem);
}

/* A programme and its audit stamp (column 12). */
struct programme_stamped {
	struct programme p;
	int64_t stamp;
};

static void programme_stamped_row(struct db_stmt *s, struct arena *a,
				  void *elem)
{
	struct programme_stamped *ps = elem;
	programme_from_row(s, a, &ps->p);
	ps->stamp = db_col_int(s, 12);
}

int store_programme_list_of(struct store *st, int64_t organiser_id,
			    struct arena *a, struct programme **out,
			    int64_t **stamps, size_t *n, struct err *e)
{
	struct programme_stamped *rows;
	if (store_list(st, a, sizeof *rows, programme_stamped_row, &rows, n, e,
		       "SELECT " PROGRAMME_COLS ", (SELECT CAST(COALESCE("
		       "MAX(au.id), 0) AS BIGINT) FROM audit au"
		       " WHERE au.programme_id = programme.id) FROM programme"
		       " WHERE EXISTS (SELECT 1 FROM programme_organiser o"
		       "  WHERE o.programme_id = programme.id"
		       "  AND o.organiser_id = ?) ORDER BY id", "i",
		       organiser_id) < 0)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof **out);
	if (stamps)
		*stamps = arena_calloc(a, *n ? *n : 1, sizeof **stamps);
	if (!*out || (stamps && !*stamps))
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < *n; i++) {
		(*out)[i] = rows[i].p;
		if (stamps)
			(*stamps)[i] = rows[i].stamp;
	}
	return 0;
}

int store_programme_list(struct store *st, struct arena *a,
			 struct programme **out, size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, programme_row, out, n, e,
			  "SELECT " PROGRAMME_COLS " FROM programme ORDER BY id",
			  "");
}
