/* admin_figures: see admin_figures.h. */
#include "web/admin_figures.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_web.h"

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void admin_figures_init(struct admin_figures *f)
{
	memset(f, 0, sizeof *f);
	pthread_mutex_init(&f->af_lock, NULL);
}

void admin_figures_release(struct admin_figures *f)
{
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++)
		free(f->slot[i].rounds);
	pthread_mutex_destroy(&f->af_lock);
	memset(f, 0, sizeof *f);
}

/* Copies slot into out (rounds into a); called with the lock held. */
static int copy_out(const struct admin_figures_slot *s, struct arena *a,
		    struct admin_fig *out, struct err *e)
{
	out->people = s->people;
	out->nrounds = s->nrounds;
	out->rounds = NULL;
	memcpy(out->version, s->version, sizeof out->version);
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

int admin_figures_get(struct admin_figures *f, struct store *st,
		      int64_t programme_id, struct arena *a,
		      struct admin_fig *out, struct err *e)
{
	return admin_figures_get_at(f, st, programme_id, -1, a, out, e);
}

int admin_figures_get_at(struct admin_figures *f, struct store *st,
			 int64_t programme_id, int64_t stamp, struct arena *a,
			 struct admin_fig *out, struct err *e)
{
	double now = mono();
	struct admin_figures_slot *s;
	struct dash_round_counts *rows;
	size_t nrows;
	struct admin_fig fresh;
	int rc;

	if (stamp < 0 && store_dash_audit_stamp(st, programme_id, &stamp, e) < 0)
		return -1;
	pthread_mutex_lock(&f->af_lock);
	s = find(f, programme_id);
	if (s && (s->busy || (s->until > now && s->stamp == stamp))) {
		/* fresh, or being recomputed by another request: use it */
		rc = copy_out(s, a, out, e);
		pthread_mutex_unlock(&f->af_lock);
		return rc;
	}
	if (s)
		s->busy = true;
	pthread_mutex_unlock(&f->af_lock);

	memset(&fresh, 0, sizeof fresh);
	rc = store_dash_people_counts(st, programme_id, &fresh.people, e);
	if (rc == 0)
		rc = store_dash_round_counts(st, programme_id, a, &rows, &nrows, e);
	if (rc == 0)
		rc = store_web_insight_version(st, programme_id, fresh.version, e);

	pthread_mutex_lock(&f->af_lock);
	s = find(f, programme_id);
	if (rc == 0 && !s) { /* an empty or the oldest slot */
		s = &f->slot[0];
		for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++) {
			if (!f->slot[i].programme_id) {
				s = &f->slot[i];
				break;
			}
			if (!f->slot[i].busy && f->slot[i].until < s->until)
				s = &f->slot[i];
		}
	}
	if (rc == 0) {
		struct dash_round_counts *copy =
			nrows ? malloc(nrows * sizeof *copy) : NULL;
		if (nrows && !copy) {
			rc = err_set(e, ERR_INTERNAL, "out of memory");
		} else {
			if (nrows)
				memcpy(copy, rows, nrows * sizeof *copy);
			free(s->rounds);
			s->programme_id = programme_id;
			s->stamp = stamp;
			s->until = now + ADMIN_FIGURES_TTL_S;
			s->people = fresh.people;
			s->rounds = copy;
			s->nrounds = nrows;
			memcpy(s->version, fresh.version, sizeof s->version);
			rc = copy_out(s, a, out, e);
		}
	}
	if (s)
		s->busy = false;
	pthread_mutex_unlock(&f->af_lock);
	return rc;
}

void admin_figures_forget(struct admin_figures *f, int64_t programme_id)
{
	pthread_mutex_lock(&f->af_lock);
	struct admin_figures_slot *s = find(f, programme_id);
	if (s)
		s->until = 0;
	pthread_mutex_unlock(&f->af_lock);
}

void admin_figures_forget_all(struct admin_figures *f)
{
	pthread_mutex_lock(&f->af_lock);
	for (int i = 0; i < ADMIN_FIGURES_SLOTS; i++)
		f->slot[i].until = 0;
	pthread_mutex_unlock(&f->af_lock);
}
