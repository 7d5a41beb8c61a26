/* store_person: participants in the database (see store.h). */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#define PERSON_COLS STORE_PERSON_COLS

void store_person_from_row(struct db_stmt *s, struct arena *a, struct person *p)
{
	p->id = db_col_int(s, 0);
	p->programme_id = db_col_int(s, 1);
	p->name = arena_strdup(a, db_col_text(s, 2));
	p->email = arena_strdup(a, db_col_text(s, 3));
	p->organisation = arena_strdup(a, db_col_text(s, 4));
	p->sector = arena_strdup(a, db_col_text(s, 5));
	p->role = arena_strdup(a, db_col_text(s, 6));
	p->location = arena_strdup(a, db_col_text(s, 7));
	p->timezone = arena_strdup(a, db_col_text(s, 8));
	p->topics = arena_strdup(a, db_col_text(s, 9));
	p->intro = arena_strdup(a, db_col_text(s, 10));
	if (person_status_parse(db_col_text(s, 11), &p->status) < 0)
		p->status = PERSON_LEFT;
	p->paused_until = arena_strdup(a, db_col_text(s, 12));
	p->joined = arena_strdup(a, db_col_text(s, 13));
	p->show_name = db_col_int(s, 14) != 0;
	p->created_at = arena_strdup(a, db_col_text(s, 15));
	p->language = arena_strdup(a, db_col_text(s, 16));
}

static const char *nz(const char *s) { return s ? s : ""; }

static int person_find_id(struct store *st, int64_t programme_id,
			  const char *email, int64_t *id, struct err *e)
{
	*id = 0;
	return db_int(st->db, id, e, "SELECT id FROM person"
		      " WHERE programme_id = ? AND email = ?", "it",
		      programme_id, email) < 0 ? -1 : 0;
}

int store_person_upsert(struct store *st, struct person *p, bool *created,
			struct err *e)
{
	struct db_stmt *s = NULL;
	char now[32];
	int64_t id;
	int rc;
	if (person_find_id(st, p->programme_id, p->email, &id, e) < 0)
		return -1;
	if (id) {
		/* A re-import refreshes details and keeps id, status, joined
		 * and created_at, so nobody's state is reset; a language is
		 * changed only when one is given. */
		if (db_run(st->db, e,
			   "UPDATE person SET name = ?, organisation = ?, sector = ?,"
			   " role = ?, location = ?, timezone = ?, topics = ?,"
			   " intro = ?, language = CASE WHEN ? = '' THEN language"
			   " ELSE ? END WHERE id = ?",
			   "tttttttttti", nz(p->name), nz(p->organisation),
			   nz(p->sector), nz(p->role), nz(p->location),
			   nz(p->timezone), nz(p->topics), nz(p->intro),
			   nz(p->language), nz(p->language), id) < 0)
			return -1;
		p->id = id;
		*created = false;
		return 0;
	}
	store_now(now);
	if (db_prepare(st->db,
		       "INSERT INTO person (programme_id, name, email, organisation,"
		       " sector, role, location, timezone, topics, intro, status,"
		       " paused_until, joined, show_name, created_at, language)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		       " RETURNING id",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "itttttttttttti" "tt", p->programme_id, nz(p->name),
		      nz(p->email), nz(p->organisation), nz(p->sector),
		      nz(p->role), nz(p->location), nz(p->timezone),
		      nz(p->topics), nz(p->intro), person_status_name(p->status),
		      nz(p->paused_until), nz(p->joined), (int64_t)p->show_name,
		      now, nz(p->language));
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		p->id = db_col_int(s, 0);
	db_finalize(s);
	*created = true;
	return rc == 1 ? 0 : -1;
}

/* Details a re-import refreshes; the rest (id, status, joined,
 * created_at...) is kept, so nobody's state is reset. */
#define PERSON_REFRESH                                                     \
	" ON CONFLICT (programme_id, email) DO UPDATE SET"                  \
	" name = excluded.name, organisation = excluded.organisation,"      \
	" sector = excluded.sector, role = excluded.role,"                  \
	" location = excluded.location, timezone = excluded.timezone,"      \
	" topics = excluded.topics, intro = excluded.intro,"                \
	" language = CASE WHEN excluded.language = '' THEN person.language" \
	" ELSE excluded.language END"

static int person_count(struct store *st, int64_t programme_id, int64_t *n,
			struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, "SELECT COUNT(*) FROM person WHERE programme_id = ?",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", programme_id);
	if (rc == 0)
		rc = db_step(s, e);
	*n = rc == 1 ? db_col_int(s, 0) : 0;
	db_finalize(s);
	return rc == 1 ? 0 : -1;
}

/* The upsert of people[] through spec; `organiser` adds the import's two
 * columns (joined_by for new rows, show_name). */
static int upsert_batch(struct store *st, const struct db_batch_spec *spec,
			bool organiser, int64_t programme_id,
			const struct person *people, size_t n, size_t *created,
			size_t *updated, struct err *e)
{
	struct db_batch *b;
	char now[32];
	int64_t before, after;
	if (person_count(st, programme_id, &before, e) < 0 ||
	    db_batch_begin(st->db, spec, &b, e) < 0)
		return -1;
	store_now(now);
	for (size_t i = 0; i < n; i++) {
		const struct person *p = &people[i];
		int rc = organiser
			? db_batch_add(b, e, programme_id, nz(p->name), nz(p->email),
				       nz(p->organisation), nz(p->sector), nz(p->role),
				       nz(p->location), nz(p->timezone), nz(p->topics),
				       nz(p->intro), person_status_name(p->status),
				       nz(p->paused_until), nz(p->joined),
				       (int64_t)p->show_name, now, "organiser",
				       nz(p->language))
			: db_batch_add(b, e, programme_id, nz(p->name), nz(p->email),
				       nz(p->organisation), nz(p->sector), nz(p->role),
				       nz(p->location), nz(p->timezone), nz(p->topics),
				       nz(p->intro), person_status_name(p->status),
				       nz(p->paused_until), nz(p->joined),
				       (int64_t)p->show_name, now, nz(p->language));
		if (rc < 0)
			break;
	}
	if (db_batch_end(b, e) < 0 || person_count(st, programme_id, &after, e) < 0)
		return -1;
	*created = (size_t)(after - before);
	*updated = n - *created;
	return 0;
}

#define PERSON_INSERT \
	"INSERT INTO person (programme_id, name, email, organisation, sector," \
	" role, location, timezone, topics, intro, status, paused_until," \
	" joined, show_name, created_at"

int store_person_upsert_many(struct store *st, int64_t programme_id,
			     const struct person *people, size_t n,
			     size_t *created, size_t *updated, struct err *e)
{
	static const struct db_batch_spec spec = {
		.insert = PERSON_INSERT ", language)",
		.fmt = "itttttttttttti" "tt",
		.suffix = PERSON_REFRESH,
	};
	return upsert_batch(st, &spec, false, programme_id, people, n, created,
			    updated, e);
}

int store_person_import(struct store *st, int64_t programme_id,
			const struct person *people, size_t n, bool consent,
			size_t *created, size_t *updated, struct err *e)
{
	static const struct db_batch_spec plain = {
		.insert = PERSON_INSERT ", joined_by, language)",
		.fmt = "itttttttttttti" "ttt",
		.suffix = PERSON_REFRESH,
	}, with_consent = {
		.insert = PERSON_INSERT ", joined_by, language)",
		.fmt = "itttttttttttti" "ttt",
		.suffix = PERSON_REFRESH ", show_name = excluded.show_name",
	};
	return upsert_batch(st, consent ? &with_consent : &plain, true,
			    programme_id, people, n, created, updated, e);
}

int store_person_mark_added(struct store *st, int64_t person_id,
			    struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE person SET joined_by = 'organiser' WHERE id = ?",
		      "i", person_id) < 0 ? -1 : 0;
}

int store_person_set_consent(struct store *st, int64_t person_id,
			     bool show_name, struct err *e)
{
	return db_run(st->db, e, "UPDATE person SET show_name = ? WHERE id = ?",
		      "ii", (int64_t)show_name, person_id) < 0 ? -1 : 0;
}

int store_person_count_by_status(struct store *st, int64_t programme_id,
				 size_t counts[PERSON_LEFT + 1], struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(counts, 0, sizeof(size_t) * (PERSON_LEFT + 1));
	if (db_prepare(st->db, "SELECT status, COUNT(*) FROM person"
			       " WHERE programme_id = ? GROUP BY status", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", programme_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		enum person_status ps;
		if (person_status_parse(db_col_text(s, 0), &ps) == 0)
			counts[ps] += (size_t)db_col_int(s, 1);
		rc = 0;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

static int person_get_one(struct store *st, const char *where,
			  const char *fmt, int64_t a1, const char *a2,
			  struct arena *a, struct person *out, struct err *e)
{
	struct db_stmt *s = NULL;
	char sql[512];
	int rc;
	snprintf(sql, sizeof sql, "SELECT " PERSON_COLS " FROM person WHERE %s",
		 where);
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	rc = fmt[1] ? db_bindf(s, e, fmt, a1, a2) : db_bindf(s, e, fmt, a1);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		store_person_from_row(s, a, out);
	db_finalize(s);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "no such person in this programme");
	return store_rows_ok(a, failed, rc, e) == 1 ? 0 : -1;
}

int store_person_get(struct store *st, int64_t programme_id,
		     const char *email, struct arena *a, struct person *out,
		     struct err *e)
{
	return person_get_one(st, "programme_id = ? AND email = ?", "it",
			      programme_id, email, a, out, e);
}

int store_person_get_id(struct store *st, int64_t person_id, struct arena *a,
			struct person *out, struct err *e)
{
	return person_get_one(st, "id = ?", "i", person_id, NULL, a, out, e);
}

static void person_row(struct db_stmt *s, struct arena *a, void *elem)
{
	store_person_from_row(s, a, elem);
}

int store_person_list(struct store *st, int64_t programme_id, struct arena *a,
		      struct person **out, size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, person_row, out, n, e,
			  "SELECT " PERSON_COLS " FROM person WHERE programme_id = ?"
			  " ORDER BY id", "i", programme_id);
}

int store_person_set_status(struct store *st, int64_t person_id,
			    enum person_status status, const char *until,
			    struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE person SET status = ?, paused_until = ? WHERE id = ?",
			   "tti", person_status_name(status),
			   status == PERSON_PAUSED && until ? until : "", person_id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such person");
}

int store_person_clear_skips(struct store *st, int64_t programme_id,
			     struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE person SET status = 'active'"
		      " WHERE programme_id = ? AND status = 'skip-next'",
		      "i", programme_id) < 0 ? -1 : 0;
}

int store_person_wake_paused(struct store *st, int64_t programme_id,
			     const char *today, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE person SET status = 'active', paused_until = ''"
		      " WHERE programme_id = ? AND status = 'paused'"
		      " AND paused_until <> '' AND paused_until < ?",
		      "it", programme_id, today) < 0 ? -1 : 0;
}

int store_block_add(struct store *st, int64_t programme_id, int64_t a,
		    int64_t b, struct err *e)
{
	if (a == b)
		return err_set(e, ERR_INVALID, "a person cannot be blocked from themselves");
	return db_run(st->db, e,
		      "INSERT INTO blocked_pair (programme_id, person_a, person_b)"
		      " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		      "iii", programme_id, a < b ? a : b, a < b ? b : a) < 0 ? -1 : 0;
}

static void block_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct pair_history *h = elem;
	(void)a;
	h->a = db_col_int(s, 0);
	h->b = db_col_int(s, 1);
}

int store_block_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct pair_history **out, size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, block_row, out, n, e,
			  "SELECT person_a, person_b FROM blocked_pair"
			  " WHERE programme_id = ? ORDER BY person_a, person_b",
			  "i", programme_id);
}
