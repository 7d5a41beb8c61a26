/*
 * event: schedules for one session (speed networking, workshops): R
 * rounds of groups of k among the people in the room, nobody meeting
 * anyone twice, groups mixed when a mix rule is given, colleagues kept
 * apart where possible.  A pure function like match_run.
 *
 * Constructions first, search only where none applies:
 *  - pairs, no mix rule, no earlier rounds: the circle method (round-robin
 *    tournament schedule, e.g. Lucas 1883 / any round-robin text): n-1
 *    rounds of perfect pairings without a repeat; an odd person out joins
 *    a pair that none of them has met;
 *  - n = q^2 people in groups of q (q prime), at most q+1 rounds, no mix
 *    rule: the q+1 parallel classes of the affine plane AG(2,q), i.e. the
 *    lines y = m x + b (one class per slope m) and x = c;
 *  - n = 2^m people in groups of 4: cosets of a partial line spread of
 *    GF(2)^m (2-dimensional subspaces meeting only in 0), as many rounds
 *    as the spread found has (9 for 32 people);
 *  - otherwise, round by round, a min-conflicts local search (swaps of
 *    two people between groups, seeded, with restarts) minimising
 *    repeats first, then groups missing a mix value, then same-
 *    organisation pairs.
 * Then, whatever built the rounds, a whole-schedule tabu search with
 * random kicks (the heuristic used for the social golfer problem) lowers
 * repeats first and colleagues sharing a table second, until none of
 * either is left or its work budget (about a second) is spent: where a
 * plan without repeats exists it nearly always finds one (17 people in
 * pairs for 6 rounds: every seed).  It is not a proof, so the plan
 * reports the repeats and colleague meetings it left.
 *
 * People are placed in seeded random order, so the same input and seed
 * give the same plan.
 */
#ifndef CUPPA_EVENT_H
#define CUPPA_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "match/match.h"
#include "util/err.h"

struct event_person {
	const char *id;
	const char *organisation;   /* "" when unknown */
	const char *sector;
	const char *role;
};

struct event_input {
	const struct event_person *people;
	size_t npeople;
	int rounds;                 /* total rounds wanted, >= 1 */
	int group_size;             /* k >= 2 */
	enum match_attr mix_attr;   /* 0: none */
	const char *mix_values[2];
	uint64_t seed;
	/* Rounds already run (late arrivals): kept as they are, and the
	 * new rounds avoid every pair they hold.  table[r][i] is person i's
	 * group in kept round r, or -1 if i was not there. */
	int nkept;
	const int32_t *const *kept;
};

/* table[r * npeople + i] = group of person i in round r (0-based), or -1
 * when the person sits out (never, unless only one person is present). */
struct event_plan {
	int nrounds;
	size_t npeople;
	int32_t *table;
	int32_t *ngroups;           /* per round */
	size_t repeats;             /* pairs meeting a second time */
	size_t unmixed;             /* groups missing a mix value */
	size_t colleagues;          /* times two people of one organisation
				     * share a table, over all rounds */
	const char *method;         /* "circle", "affine", "spread", "search",
				     * or "<construction>+search" */
};

/* Plans the session.  0 with *plan filled (release it), or -1 with e set
 * (bad input: too few people, k out of range; or out of memory). */
int event_plan_make(const struct event_input *in, struct event_plan *plan,
		    struct err *e);

void event_plan_release(struct event_plan *plan);

#endif
