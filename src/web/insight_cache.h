/*
 * insight_cache: the organiser's insight page without stalling the HTTP
 * pool.  The page's network picture needs a graph layout (Graphviz sfdp
 * behind one process-wide lock) that can take seconds on a large
 * programme; a pool thread must not spend that long.  So:
 *
 *  - rendered fragments are cached per (programme, round, names shown,
 *    language),
 *    keyed by the programme's data version (store_insight_version):
 *    a view of unchanged data is a copy, whatever the programme's size;
 *  - a fragment that is missing or stale is drawn by one worker thread
 *    with its own store connection, never by a pool thread;
 *  - the pool thread waits for it at most wait_ms; past that the page
 *    says the picture is being drawn and reloads itself (Refresh header),
 *    and the next view after the worker finished is served from cache.
 *
 * Bounded: WEB_INSIGHT_SLOTS entries (the least recently drawn ready
 * entry is reused); when every slot is queued or being drawn, a new
 * request is told to come back rather than queued.  Entries also expire
 * after WEB_INSIGHT_TTL_S, a safety net for changes the version misses.
 * The struct is owned by the web app (one per server); no global state.
 */
#ifndef CUPPA_INSIGHT_CACHE_H
#define CUPPA_INSIGHT_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

#define WEB_INSIGHT_SLOTS 16
#define WEB_INSIGHT_TTL_S 600
#define WEB_INSIGHT_WAIT_MS 1000

enum web_insight_state {
	WI_EMPTY = 0,
	WI_QUEUED,
	WI_DRAWING,
	WI_READY,
};

struct web_insight_entry {
	int64_t programme_id;
	int round;
	bool names;
	enum lang lang;            /* the reader's language */
	char slug[128];
	char version[200];
	enum web_insight_state state;
	char *html;                /* malloc'd, when READY without error */
	size_t len;
	struct err err;            /* code ERR_NONE, or why it was not drawn */
	double at;                 /* monotonic: queued, then drawn */
};

struct web_insight {
	pthread_mutex_t wi_lock;   /* guards everything below */
	pthread_cond_t wi_work;    /* an entry was queued, or stop */
	pthread_cond_t wi_done;    /* an entry became READY */
	pthread_t wi_thread;
	bool wi_started, wi_stop;
	const char *wi_db_path;
	unsigned wi_wait_ms;       /* how long a pool thread may wait */
	struct web_insight_entry wi_e[WEB_INSIGHT_SLOTS];
};

/* No thread is started until the first web_insight_get. */
void web_insight_init(struct web_insight *wi, const char *db_path,
		      unsigned wait_ms);
/* Stops and joins the worker (after it finished the picture it is
 * drawing), frees the cache. */
void web_insight_release(struct web_insight *wi);

/* The fragment of programme p after round `round` (0: latest) with the
 * data version `version`.  1: appended to out; 0: being drawn, come
 * back later; -1: cannot be drawn (e set, ERR_NOTFOUND when no round is
 * published yet). */
int web_insight_get(struct web_insight *wi, const struct programme *p,
		    int round, bool names, enum lang lang, const char *version,
		    struct buf *out, struct err *e);

#endif
