/* A small fixed programme for the insight unit tests: 8 people, 3 rounds.
 *   round 1: 0-1 met, 2-3 missed, 4-5-6 trio unconfirmed
 *   round 2: 0-2 met, 1-3 met, 4-6 met again; 5 unplaced
 *   round 3: 0-3 unconfirmed, 1-2 missed; 7 unplaced
 * Organisations A A B B C - C - ; sectors x y x y x x - -. */
#ifndef TESTS_INSIGHT_FIXTURE_H
#define TESTS_INSIGHT_FIXTURE_H

#include "insight/metrics.h"

static const char *const fx_orgs[] = {"Alpha", "Beta", "Gamma"};
static const char *const fx_sectors[] = {"public", "voluntary"};
static const struct insight_person fx_people[] = {
	{1, 0, 0, "2025-12-01", "AA"}, {2, 0, 1, "2025-12-02", "AB"},
	{3, 1, 0, "2025-12-03", "AC"}, {4, 1, 1, "2025-12-04", "AD"},
	{5, 2, 0, "2025-12-05", "AE"}, {6, -1, 0, "2026-01-01", "AF"},
	{7, 2, -1, "2026-01-02", "AG"}, {8, -1, -1, "2026-02-10", "AH"},
};
static const struct insight_group fx_groups[] = {
	{1, 2, {0, 1, 0}, INSIGHT_MET},
	{1, 2, {2, 3, 0}, INSIGHT_MISSED},
	{1, 3, {4, 5, 6}, INSIGHT_UNCONFIRMED},
	{2, 2, {0, 2, 0}, INSIGHT_MET},
	{2, 2, {1, 3, 0}, INSIGHT_MET},
	{2, 2, {4, 6, 0}, INSIGHT_MET},
	{3, 2, {0, 3, 0}, INSIGHT_UNCONFIRMED},
	{3, 2, {1, 2, 0}, INSIGHT_MISSED},
};
static const struct insight_unplaced fx_unplaced[] = {{2, 5}, {3, 7}};
static const struct insight_round fx_rounds[] = {
	{1, "2026-01-05"}, {2, "2026-02-03"}, {3, "2026-03-02"},
};
static const char *const fx_signups[] = {
	"2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04", "2025-12-05",
	"2026-01-01", "2026-01-02", "2026-02-10",
};

static inline void insight_fixture(struct insight_input *in)
{
	*in = (struct insight_input){
		.people = fx_people, .npeople = 8,
		.orgs = fx_orgs, .norgs = 3,
		.sectors = fx_sectors, .nsectors = 2,
		.groups = fx_groups, .ngroups = 8,
		.unplaced = fx_unplaced, .nunplaced = 2,
		.rounds = fx_rounds, .nrounds = 3,
		.signups = fx_signups, .nsignups = 8,
	};
}

#endif
