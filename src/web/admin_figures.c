/* admin_figures: see admin_figures.h. */
#include "web/admin_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "insight/community.h"
#include "util/background.h"
#include "util/buf.h"

static void community_free(char *c[LANG_COUNT])
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(c[l]);
		c[l] = NULL;
	}
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void admin_figures_init(struct admin_figures *f, const char *db_path)
{
	memset(f, 0, sizeof *f);
	pthread_mutex_init(&f->af_lock, NULL);
	pthread_cond_init(&f->af_work, NULL);
	f->af_db_path = db_path;
}

void admin_figures_release(struct admin_figures *f)
{
	pthread_mutex_lock(&f->af_lock);
	f->af_stop = true;
	pthread_cond_broadcast(&f->af_work);
	pthread_mutex_unlock(&f->af_lock);
	if (f->af_started)
		pthread_join(f->af_thread, NULL);
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++) {
		free(f->slot[i].rounds);
		community_free(f->slot[i].community);
	}
	pthread_cond_destroy(&f->af_work);
	pthread_mutex_destroy(&f->af_lock);
	memset(f, 0, sizeof *f);
}

/* One computation, before it goes into a slot (rounds and community
 * malloc'd, owned here until stored). */
struct computed {
	int64_t stamp;
	struct dash_people_counts people;
	struct dash_round_counts *rounds;
	size_t nrounds;
	char version[200];
	char *community[LANG_COUNT];
};

static void computed_release(struct computed *c)
{
	free(c->rounds);
	community_free(c->community);
	memset(c, 0, sizeof *c);
}

/* Every figure of p through st; stamp is the audit stamp it is valid
 * under (read before the figures, so a change meanwhile shows as stale). */
static int compute(struct store *st, const struct programme *p, int64_t stamp,
		   struct computed *c, struct err *e)
{
	struct arena a;
	struct dash_round_counts *rows;
	struct buf html;
	int rc;
	memset(c, 0, sizeof *c);
	c->stamp = stamp;
	arena_init(&a, 0);
	buf_init(&html, (size_t)4 << 20);
	rc = app_programme_figures(st, p->id, &a, &c->people, &rows, &c->nrounds,
				   c->version, e);
	/* in every language: organisers read the dashboard in either */
	for (int l = 0; rc == 0 && l < LANG_COUNT; l++) {
		size_t len;
		buf_reset(&html);
		rc = insight_community_html(st, p, (enum lang)l, &html, e);
		if (rc == 0 && buf_failed(&html))
			rc = err_set(e, ERR_INTERNAL, "the insight page is too large");
		if (rc == 0 && !(c->community[l] = buf_detach(&html, &len)))
			rc = err_set(e, ERR_INTERNAL, "out of memory");
	}
	if (rc == 0 && c->nrounds) {
		c->rounds = malloc(c->nrounds * sizeof *c->rounds);
		if (!c->rounds)
			rc = err_set(e, ERR_INTERNAL, "out of memory");
		else
			memcpy(c->rounds, rows, c->nrounds * sizeof *rows);
	}
	buf_release(&html);
	arena_release(&a);
	if (rc < 0)
		computed_release(c);
	return rc;
}

/* Moves c into s (taking its allocations).  Caller holds the lock;
 * forgets is f->af_forgets when the computation started: after a forget
 * since, the figures may predate that write, so they stay stale (and
 * `must` stays as the forget left it). */
static void slot_fill(struct admin_figures *f, struct admin_figures_slot *s,
		       struct computed *c, uint64_t forgets)
{
	bool current = f->af_forgets == forgets;
	free(s->rounds);
	community_free(s->community);
	s->stamp = c->stamp;
	s->until = current ? mono() + ADMIN_FIGURES_TTL_S : 0;
	s->people = c->people;
	s->rounds = c->rounds;
	s->nrounds = c->nrounds;
	memcpy(s->community, c->community, sizeof s->community);
	memcpy(s->version, c->version, sizeof s->version);
	if (current)
		s->must = false;
	memset(c, 0, sizeof *c);
}

/* Copies slot into out (into a); called with the lock held. */
static int copy_out(const struct admin_figures_slot *s, struct arena *a,
		    struct admin_fig *out, struct err *e)
{
	out->people = s->people;
	out->nrounds = s->nrounds;
	out->rounds = NULL;
	memcpy(out->version, s->version, sizeof out->version);
	for (int l = 0; l < LANG_COUNT; l++)
		if (!(out->community[l] = arena_strdup(a, s->community[l] ? s->community[l] : "")))
			return err_set(e, ERR_INTERNAL, "out of memory");
	if (s->nrounds) {
		out->rounds = arena_calloc(a, s->nrounds, sizeof *out->rounds);
		if (!out->rounds)
			return err_set(e, ERR_INTERNAL, "out of memory");
		memcpy(out->rounds, s->rounds, s->nrounds * sizeof *out->rounds);
	}
	return 0;
}

static struct admin_figures_slot *find(struct admin_figures *f, int64_t pid)
{
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++)
		if (f->slot[i].programme_id == pid)
			return &f->slot[i];
	return NULL;
}

/* The queued slot, or NULL.  Caller holds the lock. */
static struct admin_figures_slot *next_job(struct admin_figures *f)
{
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++)
		if (f->slot[i].queued && !f->slot[i].busy)
			return &f->slot[i];
	return NULL;
}

/* The background thread: recomputes queued slots with its own store. */
static void *worker(void *arg)
{
	struct admin_figures *f = arg;
	struct store *st = NULL;
	background_priority();
	pthread_mutex_lock(&f->af_lock);
	for (;;) {
		struct admin_figures_slot *s;
		struct computed c;
		struct programme p;
		struct arena a;
		struct err e = {0};
		int64_t pid, stamp = 0;
		uint64_t forgets;
		char slug[sizeof s->slug];
		int rc;
		while (!f->af_stop && !(s = next_job(f)))
			pthread_cond_wait(&f->af_work, &f->af_lock);
		if (f->af_stop)
			break;
		s->busy = true;
		pid = s->programme_id;
		forgets = f->af_forgets;
		memcpy(slug, s->slug, sizeof slug);
		pthread_mutex_unlock(&f->af_lock);

		arena_init(&a, 0);
		rc = (st || store_open(f->af_db_path, &st, &e) == 0) ? 0 : -1;
		if (rc == 0)
			rc = app_programme_stamp(st, pid, &stamp, &e);
		if (rc == 0)
			rc = app_programme_get(st, slug, &a, &p, &e);
		if (rc == 0)
			rc = compute(st, &p, stamp, &c, &e);
		arena_release(&a);
		if (rc < 0 && st) { /* a broken connection: a new one next time */
			store_close(st);
			st = NULL;
		}

		pthread_mutex_lock(&f->af_lock);
		/* The slot is ours while busy: nobody else reuses it. */
		if (rc == 0)
			slot_fill(f, s, &c, forgets);
		else /* keep the old figures; the next reader tries again */
			s->until = mono() + 1.0;
		s->busy = false;
		s->queued = false;
	}
	pthread_mutex_unlock(&f->af_lock);
	if (st)
		store_close(st);
	return NULL;
}

/* Has the background thread recompute s; false when there is none.
 * Caller holds the lock. */
static bool queue(struct admin_figures *f, struct admin_figures_slot *s)
{
	if (!f->af_db_path || f->af_stop)
		return false;
	if (!f->af_started) {
		if (pthread_create(&f->af_thread, NULL, worker, f) != 0)
			return false;
		f->af_started = true;
	}
	s->queued = true;
	pthread_cond_signal(&f->af_work);
	return true;
}

int admin_figures_get(struct admin_figures *f, struct store *st,
		      const struct programme *p, struct arena *a,
		      struct admin_fig *out, struct err *e)
{
	return admin_figures_get_at(f, st, p, -1, a, out, e);
}

int admin_figures_get_at(struct admin_figures *f, struct store *st,
			 const struct programme *p, int64_t stamp,
			 struct arena *a, struct admin_fig *out,
			 struct err *e)
{
	double now = mono();
	struct admin_figures_slot *s;
	struct computed c;
	uint64_t forgets;
	bool mine = false;
	int rc;

	if (stamp < 0 && app_programme_stamp(st, p->id, &stamp, e) < 0)
		return -1;
	pthread_mutex_lock(&f->af_lock);
	s = find(f, p->id);
	/* A new audit row is an organiser's change (through another process:
	 * the CLI, another server): computed at once, like a write here.
	 * Only age sends an entry to the background thread. */
	if (s && s->stamp != stamp)
		s->must = true;
	if (s && (s->busy ||
		  (!s->must && (s->queued || s->until > now || queue(f, s))))) {
		/* fresh, or being recomputed: the figures we have */
		rc = copy_out(s, a, out, e);
		pthread_mutex_unlock(&f->af_lock);
		return rc;
	}
	if (s) {
		s->busy = true;
		mine = true;
	}
	forgets = f->af_forgets;
	pthread_mutex_unlock(&f->af_lock);

	rc = compute(st, p, stamp, &c, e);

	pthread_mutex_lock(&f->af_lock);
	if (!s && rc == 0 && !(s = find(f, p->id))) {
		/* an empty slot, or the one least recently computed */
		for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++) {
			struct admin_figures_slot *x = &f->slot[i];
			if (!x->programme_id) {
				s = x;
				break;
			}
			if (!x->busy && !x->queued && (!s || x->until < s->until))
				s = x;
		}
		if (s) {
			free(s->rounds);
			community_free(s->community);
			memset(s, 0, sizeof *s);
			s->programme_id = p->id;
			snprintf(s->slug, sizeof s->slug, "%s", p->slug);
		}
	}
	if (rc == 0 && s && (mine || !s->busy)) {
		slot_fill(f, s, &c, forgets);
		rc = copy_out(s, a, out, e);
	} else if (rc == 0) { /* no slot to keep it in: answer uncached */
		out->people = c.people;
		out->nrounds = c.nrounds;
		memcpy(out->version, c.version, sizeof out->version);
		out->rounds = arena_calloc(a, c.nrounds ? c.nrounds : 1,
					   sizeof *out->rounds);
		bool oom = !out->rounds;
		for (int l = 0; l < LANG_COUNT; l++)
			oom |= !(out->community[l] = arena_strdup(a, c.community[l]));
		if (oom)
			rc = err_set(e, ERR_INTERNAL, "out of memory");
		else if (c.nrounds)
			memcpy(out->rounds, c.rounds, c.nrounds * sizeof *c.rounds);
		computed_release(&c);
	}
	if (mine)
		s->busy = false;
	pthread_mutex_unlock(&f->af_lock);
	return rc;
}

void admin_figures_forget_all(struct admin_figures *f, bool at_once)
{
	pthread_mutex_lock(&f->af_lock);
	f->af_forgets++;
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++) {
		f->slot[i].until = 0;
		if (at_once)
			f->slot[i].must = true;
	}
	pthread_mutex_unlock(&f->af_lock);
}
