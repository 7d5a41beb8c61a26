/*
 * story: what came of a meeting, told by a participant, as plain data
 * and rules with no I/O.  The writer chooses how it may be shown (not at
 * all: only organisers read it; anonymously; with their name and
 * organisation); an organiser approves it before it appears on the
 * programme's public stories page and in the report.  Changing an
 * approved story sends it back for approval.
 */
#ifndef CUPPA_STORY_H
#define CUPPA_STORY_H

#include <stdint.h>

#include "util/err.h"

#define STORY_BODY_MAX 2000

enum story_visibility { STORY_HIDDEN = 0, STORY_ANONYMOUS, STORY_NAMED };
enum story_state { STORY_PENDING = 0, STORY_APPROVED, STORY_REJECTED };

struct story {
	int64_t id;
	int64_t programme_id;
	int64_t person_id;
	int64_t group_id;        /* the meeting it tells of; 0 for none */
	int64_t challenge_id;    /* a solved challenge's note; 0 for none */
	char *body;
	enum story_visibility visibility;
	enum story_state state;
	char *created_at, *updated_at;
	char *name, *organisation; /* the writer's, filled by reads */
	int round;               /* the meeting's round, 0 when none */
};

/* 1..STORY_BODY_MAX characters of text (paragraphs allowed). */
int story_body_check(const char *body, struct err *e);

const char *story_visibility_name(enum story_visibility v);
int story_visibility_parse(const char *s, enum story_visibility *out);
const char *story_state_name(enum story_state s);
int story_state_parse(const char *s, enum story_state *out);

#endif
