/*
 * store_figures: the cache of a programme's figures (`cuppa stats`,
 * migration 560) and the cheap reads that key it.
 *
 * A cached figure is stored with a stamp: a digest of everything it was
 * computed from that could change later.  Rounds carry a generation
 * (round.figures_gen) that every change to their groups, members,
 * outcomes, ratings or state bumps (store_round.c, in the writer's
 * transaction); people are digested from their rows.  A reader takes the
 * generations and the digest BEFORE reading the data it computes from,
 * so a change that commits meanwhile makes the stored stamp old, never a
 * new stamp over old figures.  No write has to know about this cache.
 */
#ifndef CUPPA_STORE_FIGURES_H
#define CUPPA_STORE_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* A published or closed round and its generation. */
struct store_figures_round {
	int64_t id;
	int number;
	enum round_state state;
	int64_t gen;
	char *published_at;
};

/* The programme's published and closed rounds, by number, in a. */
int store_figures_rounds(struct store *st, int64_t programme_id,
			 struct arena *a, struct store_figures_round **out,
			 size_t *n, struct err *e);

/* People: a 64-bit digest of every person's id, organisation, sector,
 * joined day and whether they are pending (what the figures read of
 * people), and the count in each status. */
struct store_figures_people {
	uint64_t digest;
	int64_t count[PERSON_LEFT + 1];
	int64_t total;
};
int store_figures_people(struct store *st, int64_t programme_id,
			 struct store_figures_people *out, struct err *e);

/* One round's outcomes, counted in SQL: groups by best outcome (met when
 * anyone met, missed when someone missed and nobody met), members'
 * answers by enum outcome, ratings 1-5 (index 0 unused). */
struct store_figures_tally {
	int64_t groups, met, missed, none;
	int64_t answers[3];
	int64_t ratings[6];
};
int store_figures_tally(struct store *st, int64_t round_id,
			struct store_figures_tally *out, struct err *e);

/* The stamp of figures (format: the caller's version of how it computes
 * them) read from rounds[0..n) and, unless people is NULL, the people:
 * "F.<digest>", at most STORE_FIGURES_STAMP - 1 characters. */
#define STORE_FIGURES_STAMP 48
void store_figures_stamp(int format, const struct store_figures_people *people,
			 const struct store_figures_round *rounds, size_t n,
			 char out[STORE_FIGURES_STAMP]);

/* The cached body of (programme, part, upto) when its stamp equals
 * stamp: 1 and *body in a; 0 when missing or stale; -1 on error. */
int store_figures_get(struct store *st, int64_t programme_id,
		      const char *part, int upto, const char *stamp,
		      struct arena *a, char **body, struct err *e);

/* Stores (or replaces) the body.  Best effort: inside the caller's
 * transaction it stores nothing (a failed write there would spoil it);
 * otherwise 0 or -1 (a read-only database, say), which callers may
 * ignore, since the figures are then simply computed again. */
int store_figures_put(struct store *st, int64_t programme_id,
		      const char *part, int upto, const char *stamp,
		      const char *body, struct err *e);

#endif
