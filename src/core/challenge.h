/*
 * challenge: the challenges board of a programme (the Made Open idea) as
 * plain data and rules, with no I/O.  A participant posts a challenge
 * (title, a few paragraphs, topics) showing their name and organisation
 * or only their organisation; others mark "we face this too", offer to
 * talk, or report it; organisers approve (when the programme moderates
 * before), hide, show and edit; the owner marks it solved with a note.
 * Life: pending (waiting for approval) -> shown <-> hidden.
 */
#ifndef CUPPA_CHALLENGE_H
#define CUPPA_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

#define CHALLENGE_TITLE_MAX 200
#define CHALLENGE_BODY_MAX 5000
#define CHALLENGE_TOPICS_MAX 500
#define CHALLENGE_NOTE_MAX 2000
#define CHALLENGE_DAILY_LIMIT 3   /* posts per person per day */

enum challenge_state { CHALLENGE_PENDING = 0, CHALLENGE_SHOWN, CHALLENGE_HIDDEN };
/* What a participant says about someone else's challenge. */
enum challenge_mark { MARK_TOO = 0, MARK_TALK, MARK_REPORT };

struct challenge {
	int64_t id, programme_id, person_id;
	char *title, *body, *topics;
	bool show_name;          /* else only the organisation shows */
	enum challenge_state state;
	char *solved_note, *solved_at;   /* "" until solved */
	char *created_at, *updated_at;
	char *name, *organisation;       /* the poster's */
	int64_t people;          /* poster + "we face this too" */
	int64_t organisations;   /* distinct organisations among them */
	int64_t talks, reports;
};

/* Checks title (one line), body (paragraphs) and topics ("a;b", one
 * line); e names the field. */
int challenge_check(const char *title, const char *body, const char *topics,
		    struct err *e);
int challenge_note_check(const char *note, struct err *e);

const char *challenge_state_name(enum challenge_state s);
int challenge_state_parse(const char *s, enum challenge_state *out);
const char *challenge_mark_name(enum challenge_mark m);

#endif
