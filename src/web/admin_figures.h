/*
 * admin_figures: the dashboard's figures that still scan a programme's
 * rows (people by state, groups met per round, the insight data version),
 * cached per programme so every dashboard page costs the same whatever
 * the programme's size.
 *
 * An entry is fresh while both hold: it is younger than
 * ADMIN_FIGURES_TTL_S, and the programme's newest audit row is the one it
 * was computed under (every change that matters leaves an audit row, so
 * a change through another process shows at once when audited, else
 * within the TTL; every write through this server forgets the entries).  When an entry goes stale, one request recomputes it
 * while the others keep using the old figures, so a large programme
 * never has every pool thread scanning at once.
 * Owned by the web app (one per server); no global state.
 */
#ifndef CUPPA_ADMIN_FIGURES_H
#define CUPPA_ADMIN_FIGURES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_dashboard.h"
#include "util/arena.h"
#include "util/err.h"

#define ADMIN_FIGURES_SLOTS 32
#define ADMIN_FIGURES_TTL_S 10.0

struct admin_figures_slot {
	int64_t programme_id;      /* 0: empty */
	int64_t stamp;             /* newest audit id when computed */
	double until;              /* monotonic expiry */
	bool busy;                 /* a request is recomputing it */
	struct dash_people_counts people;
	struct dash_round_counts *rounds; /* malloc'd */
	size_t nrounds;
	char version[200];         /* store_web_insight_version */
};

struct admin_figures {
	pthread_mutex_t af_lock;   /* guards slot[] */
	struct admin_figures_slot slot[ADMIN_FIGURES_SLOTS];
};

/* What a page reads: the rounds are a copy in the caller's arena. */
struct admin_fig {
	struct dash_people_counts people;
	struct dash_round_counts *rounds;
	size_t nrounds;
	char version[200];
};

void admin_figures_init(struct admin_figures *f);
void admin_figures_release(struct admin_figures *f);

/* The figures of programme_id through st, from the cache or computed. */
int admin_figures_get(struct admin_figures *f, struct store *st,
		      int64_t programme_id, struct arena *a,
		      struct admin_fig *out, struct err *e);
/* The same when the caller has read the programme's newest audit id
 * already (stamp >= 0; -1: read it here): one query less per page. */
int admin_figures_get_at(struct admin_figures *f, struct store *st,
			 int64_t programme_id, int64_t stamp, struct arena *a,
			 struct admin_fig *out, struct err *e);

/* Forgets programme_id's entry (after a change this server made that
 * leaves no audit row). */
void admin_figures_forget(struct admin_figures *f, int64_t programme_id);

/* Forgets every entry: after any write through this server. */
void admin_figures_forget_all(struct admin_figures *f);

#endif
