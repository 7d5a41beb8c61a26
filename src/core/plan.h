/*
 * plan: turns a programme's people and history into the matcher's input
 * and the matcher's result into groups and unplaced people.  No I/O: the
 * caller loads the data from the store and saves what comes back.
 *
 * Rules applied here (the matcher itself knows nothing of programmes):
 *  - only people eligible on the round's day take part (active, or paused
 *    with the pause over); the others are not unplaced, they sit out;
 *  - pairs from earlier published rounds are forbidden, unless
 *    repeat_after N allows them N rounds after they last met, or
 *    allow_missed_repeat and both said they did not meet;
 *  - priority 1 for people whose last group fell through (nobody met) or
 *    who were unplaced in the last round;
 *  - trios so far feed the matcher's fairness.
 */
#ifndef CUPPA_PLAN_H
#define CUPPA_PLAN_H

#include "core/model.h"
#include "match/match.h"
#include "util/arena.h"
#include "util/err.h"

/* One person's link to a challenge of the board (posted or shared). */
struct plan_challenge {
	int64_t person_id, challenge_id;
};

struct plan_input {
	const struct programme *programme;
	const struct person *people;        /* everyone in the programme */
	size_t npeople;
	const struct pair_history *history; /* published/closed rounds */
	size_t nhistory;
	const struct pair_history *blocked;
	size_t nblocked;
	const struct round_detail *last;    /* last published round or NULL */
	int number;                         /* the new round's number */
	const char *day;                    /* YYYY-MM-DD the round is formed */
	uint64_t seed;
	/* The board's links, ordered by person then challenge; pairs who
	 * share a challenge earn weights.shared_challenge. */
	const struct plan_challenge *challenges;
	size_t nchallenges;
};

/* The matcher's view of one round; everything lives in the arena. */
struct plan {
	struct match_input in;
	int64_t *person_id;     /* in.people[i] is person_id[i] */
	const struct person **who; /* and who[i] in plan_input.people */
};

int plan_build(const struct plan_input *pi, struct arena *a, struct plan *out,
	       struct err *e);

/* Converts a match result to groups and unplaced rows (arena-owned), with
 * emails and names filled in from the people given to plan_build. */
int plan_result(const struct plan *pl,
		const struct match_result *res, struct arena *a,
		struct group **groups, size_t *ngroups,
		struct unplaced **unplaced, size_t *nunplaced, struct err *e);

#endif
