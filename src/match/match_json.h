/*
 * match_json: the JSON face of the matcher, used by `cuppa match`.
 *
 * Input (every key but "people" optional; unknown keys are errors):
 *   {"seed": 42, "group_size": 2,
 *    "people": [{"id": "p1", "organisation": "A", "sector": "health",
 *                "role": "staff", "topics": ["housing"], "priority": 0,
 *                "trios": 0}],
 *    "history": [["p1","p2"]], "blocked": [["p3","p4"]],
 *    "avoid_same": ["organisation"],
 *    "mix": {"attribute": "role", "values": ["user","staff"]},
 *    "weights": {"different_organisation": 100, "different_sector": 20,
 *                "shared_topic": 0, "priority": 50, "noise": 100,
 *                "trio_fairness": 10, "new_connection": 0,
 *                "new_sector_connection": 0},
 *    "met_organisations": [["A","B"]], "met_sectors": [["health","police"]]}
 * Ids must be unique non-empty strings.  Pairs in history or blocked that
 * name someone absent from "people" are ignored (people leave
 * programmes); a pair naming one person twice is an error.
 * met_organisations / met_sectors: the attribute pairs already grouped in
 * the programme, which the weave goal (new_connection,
 * new_sector_connection) reads; names no person carries are ignored.
 *
 * Output:
 *   {"groups": [["p1","p7"],["p2","p9","p4"]],
 *    "unplaced": [{"id": "p5", "reason": "..."}],
 *    "weight": 12345, "optimal": true,
 *    "stats": {"repeats": 0, "same_organisation": 0, "seconds": 0.01}}
 */
#ifndef CUPPA_MATCH_JSON_H
#define CUPPA_MATCH_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "match/match.h"
#include "util/err.h"

/* A parsed document: in points into memory the doc owns. */
struct match_doc {
	struct match_input in;
	void *root;                    /* json_t*, keeps strings alive */
	struct match_person *people;
	const char **topics;
	struct match_pair *history;
	struct match_names *met_organisations, *met_sectors;
	struct match_pair *blocked;
};

/* Parses len bytes of text into d (release with match_doc_release, also
 * after a failure).  Bad input: -1 with ERR_INVALID and e->field naming
 * the key, e.g. "people[3].organisation". */
int match_json_parse(const char *text, size_t len, struct match_doc *d,
		     struct err *e);

void match_doc_release(struct match_doc *d);

/* The output document for r as a malloc'd NUL-terminated string (caller
 * frees), or NULL when out of memory.  with_time false writes seconds as
 * 0 so equal inputs give byte-identical output. */
char *match_json_result(const struct match_doc *d,
			const struct match_result *r, bool with_time);

#endif
