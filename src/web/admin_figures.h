/*
 * admin_figures: the dashboard's figures that still scan a programme's
 * rows (people by state, groups met per round, the insight data version,
 * the insight page's "What people said" section), cached per programme so
 * every dashboard page costs the same whatever the programme's size.
 *
 * An entry is fresh while both hold: it is younger than
 * ADMIN_FIGURES_TTL_S, and the programme's newest audit row is the one it
 * was computed under (every change that matters leaves an audit row, so
 * a change through another process shows at once when audited, else
 * within the TTL).
 *
 * An entry that is only old is served as it is while a background
 * thread (its own store connection, started on first need) recomputes
 * it: at 100,000 people a recompute takes about 0.2 s, which no request
 * should wait for.  Three cases compute on the request's thread: the
 * first view of a programme, the first view after an organiser's change
 * (a new audit row, or a dashboard or API write through this server:
 * admin_figures_forget_all(f, true)), so an organiser always sees the
 * effect of what they just did.  Other writes (a sign-up, a "we met")
 * only mark the entries stale.
 * Owned by the web app (one per server); no global state.
 */
#ifndef CUPPA_ADMIN_FIGURES_H
#define CUPPA_ADMIN_FIGURES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "store/store_dashboard.h"
#include "util/arena.h"
#include "text/text.h"
#include "util/err.h"

#define ADMIN_FIGURES_SLOTS 32
#define ADMIN_FIGURES_TTL_S 10.0

struct admin_figures_slot {
	int64_t programme_id;      /* 0: empty */
	char slug[128];            /* for the background thread */
	int64_t stamp;             /* newest audit id when computed */
	double until;              /* monotonic expiry */
	bool busy;                 /* a request is recomputing it */
	bool queued;               /* the background thread will recompute it */
	bool must;                 /* forgotten: the next reader computes it */
	struct dash_people_counts people;
	struct dash_round_counts *rounds; /* malloc'd */
	size_t nrounds;
	char version[200];         /* store_insight_version */
	char *community[LANG_COUNT]; /* malloc'd HTML (insight_community_html),
				      * one per language */
};

struct admin_figures {
	pthread_mutex_t af_lock;   /* guards everything below */
	pthread_cond_t af_work;    /* a slot was queued, or stop */
	pthread_t af_thread;
	bool af_started, af_stop;
	const char *af_db_path;    /* NULL: recompute on the request's thread */
	uint64_t af_forgets;       /* how many forget_all calls so far */
	struct admin_figures_slot slot[ADMIN_FIGURES_SLOTS];
};

/* What a page reads: copies in the caller's arena. */
struct admin_fig {
	struct dash_people_counts people;
	struct dash_round_counts *rounds;
	size_t nrounds;
	char version[200];
	const char *community[LANG_COUNT]; /* by enum lang */
};

/* db_path (kept, not copied) is what the background thread opens; NULL
 * has every stale entry recomputed by the request that finds it. */
void admin_figures_init(struct admin_figures *f, const char *db_path);
/* Stops and joins the background thread, frees the cache. */
void admin_figures_release(struct admin_figures *f);

/* The figures of programme p through st, from the cache or computed. */
int admin_figures_get(struct admin_figures *f, struct store *st,
		      const struct programme *p, struct arena *a,
		      struct admin_fig *out, struct err *e);
/* The same when the caller has read the programme's newest audit id
 * already (stamp >= 0; -1: read it here): one query less per page. */
int admin_figures_get_at(struct admin_figures *f, struct store *st,
			 const struct programme *p, int64_t stamp,
			 struct arena *a, struct admin_fig *out,
			 struct err *e);

/* Forgets every entry after a write through this server: at_once (a
 * dashboard write) has the next reader compute it, else it is only
 * stale (recomputed in the background, the old figures served
 * meanwhile). */
void admin_figures_forget_all(struct admin_figures *f, bool at_once);

#endif
