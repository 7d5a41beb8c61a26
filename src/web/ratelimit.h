/*
 * ratelimit: counts failures per key (a client address) in a fixed-size
 * table, so that a key with `max` failures within `window_s` seconds is
 * refused until the window that began with its first failure ends.  It
 * knows nothing of HTTP or of logins.
 *
 * The table never grows: when it is full, the entry whose window began
 * longest ago is reused, so a flood of new addresses costs memory only
 * once (nslots entries) and at worst forgets old, quiet offenders.  The
 * struct is owned by whoever embeds it (the web app: one per server);
 * there is no global state.  All functions are thread-safe.
 */
#ifndef CUPPA_RATELIMIT_H
#define CUPPA_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/err.h"

#define RATELIMIT_KEY_MAX 64

struct ratelimit_slot {
	char key[RATELIMIT_KEY_MAX];   /* "" when free */
	time_t since;                  /* first failure of the window */
	int count;
};

struct ratelimit {
	pthread_mutex_t rl_lock;       /* guards rl_slots */
	struct ratelimit_slot *rl_slots;
	size_t rl_nslots;
	int rl_max;                    /* failures allowed per window; 0: off */
	int rl_window_s;
};

/* Allocates nslots entries (>= 1).  max 0 disables the limit.  Release
 * with ratelimit_release. */
int ratelimit_init(struct ratelimit *rl, size_t nslots, int max,
		   int window_s, struct err *e);
void ratelimit_release(struct ratelimit *rl);
/* True when key has used up its failures in the current window. */
bool ratelimit_blocked(struct ratelimit *rl, const char *key, time_t now);
/* Records one failure of key at now. */
void ratelimit_fail(struct ratelimit *rl, const char *key, time_t now);
/* How many keys the table holds now (for tests). */
size_t ratelimit_used(struct ratelimit *rl, time_t now);

#endif
