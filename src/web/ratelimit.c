/* ratelimit: see ratelimit.h.  A linear scan of the table under one lock:
 * the table is small (hundreds of entries) and it is consulted only on
 * logins, whose Argon2id verification costs a thousand times more. */
#include "web/ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ratelimit_init(struct ratelimit *rl, size_t nslots, int max,
		   int window_s, struct err *e)
{
	memset(rl, 0, sizeof *rl);
	if (nslots < 1)
		nslots = 1;
	rl->rl_slots = calloc(nslots, sizeof *rl->rl_slots);
	if (!rl->rl_slots)
		return err_set(e, ERR_INTERNAL, "out of memory");
	rl->rl_nslots = nslots;
	rl->rl_max = max;
	rl->rl_window_s = window_s > 0 ? window_s : 1;
	pthread_mutex_init(&rl->rl_lock, NULL);
	return 0;
}

void ratelimit_release(struct ratelimit *rl)
{
	if (!rl->rl_slots)
		return;
	pthread_mutex_destroy(&rl->rl_lock);
	free(rl->rl_slots);
	rl->rl_slots = NULL;
	rl->rl_nslots = 0;
}

static bool live(const struct ratelimit *rl, const struct ratelimit_slot *s,
		 time_t now)
{
	return s->key[0] && now - s->since < rl->rl_window_s;
}

/* The live slot of key, or NULL.  Caller holds rl_lock. */
static struct ratelimit_slot *find(struct ratelimit *rl, const char *key,
				   time_t now)
{
	for (size_t i = 0; i < rl->rl_nslots; i++) {
		struct ratelimit_slot *s = &rl->rl_slots[i];
		if (live(rl, s, now) && strcmp(s->key, key) == 0)
			return s;
	}
	return NULL;
}

bool ratelimit_blocked(struct ratelimit *rl, const char *key, time_t now)
{
	struct ratelimit_slot *s;
	bool blocked;
	if (!rl->rl_slots || rl->rl_max <= 0)
		return false;
	pthread_mutex_lock(&rl->rl_lock);
	s = find(rl, key, now);
	blocked = s && s->count >= rl->rl_max;
	pthread_mutex_unlock(&rl->rl_lock);
	return blocked;
}

void ratelimit_fail(struct ratelimit *rl, const char *key, time_t now)
{
	struct ratelimit_slot *s, *victim = NULL;
	if (!rl->rl_slots || rl->rl_max <= 0)
		return;
	pthread_mutex_lock(&rl->rl_lock);
	s = find(rl, key, now);
	if (!s) {
		/* A free or expired slot, else the one whose window is oldest. */
		for (size_t i = 0; i < rl->rl_nslots; i++) {
			struct ratelimit_slot *c = &rl->rl_slots[i];
			if (!live(rl, c, now)) {
				victim = c;
				break;
			}
			if (!victim || c->since < victim->since)
				victim = c;
		}
		if (!victim) { /* no slots: cannot happen after init */
			pthread_mutex_unlock(&rl->rl_lock);
			return;
		}
		s = victim;
		snprintf(s->key, sizeof s->key, "%s", key);
		s->since = now;
		s->count = 0;
	}
	if (s->count < rl->rl_max)
		s->count++;
	pthread_mutex_unlock(&rl->rl_lock);
}

size_t ratelimit_used(struct ratelimit *rl, time_t now)
{
	size_t n = 0;
	if (!rl->rl_slots)
		return 0;
	pthread_mutex_lock(&rl->rl_lock);
	for (size_t i = 0; i < rl->rl_nslots; i++)
		n += live(rl, &rl->rl_slots[i], now);
	pthread_mutex_unlock(&rl->rl_lock);
	return n;
}
