/*
 * model: the nouns of cuppa as plain data.  No behaviour and no I/O here:
 * the rules live in the core modules (programme.c, person.c, round.c ...),
 * persistence in store/.  Strings in these structs belong to whoever
 * filled the struct, normally an arena (util/arena.h) of the caller's.
 *
 * Dates are ISO strings: "YYYY-MM-DD" for days, "YYYY-MM-DDTHH:MM:SSZ"
 * (UTC) for instants, so they sort as text in every backend.
 */
#ifndef CUPPA_MODEL_H
#define CUPPA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLUG_MAX 64
#define NAME_MAX_LEN 200
#define EMAIL_MAX 254
#define TEXT_MAX 2000

enum person_status {
	PERSON_PENDING = 0, /* signed up on the web, not yet confirmed */
	PERSON_ACTIVE,
	PERSON_SKIP_NEXT,   /* sits out the next published round only */
	PERSON_PAUSED,      /* sits out until paused_until (inclusive) */
	PERSON_LEFT,
};

enum round_state { ROUND_DRAFT = 0, ROUND_PUBLISHED, ROUND_CLOSED };

enum outcome { OUTCOME_NONE = 0, OUTCOME_MET, OUTCOME_MISSED };

struct programme {
	int64_t id;
	char *slug;           /* unique, url-safe, derived from the name */
	char *name;
	int cadence_days;     /* days between rounds, default 30 */
	int group_size;       /* 2 or 3 */
	unsigned avoid_same;  /* MATCH_ATTR_* bits: never the same ... */
	char *mix_attribute;  /* "" or "role" / "sector" / "organisation" */
	char *mix_values;     /* "user,staff" or "" */
	int repeat_after;     /* 0: never repeat; N: allowed after N rounds */
	bool allow_missed_repeat; /* pairs that both missed may meet again */
	char *settings;       /* JSON object: weights, email texts, ... */
	char *created_at;
};

struct person {
	int64_t id;
	int64_t programme_id;
	char *name;
	char *email;          /* lower-cased, unique within the programme */
	char *organisation;
	char *sector;
	char *role;
	char *location;
	char *timezone;
	char *topics;         /* "a;b;c" */
	char *intro;
	enum person_status status;
	char *paused_until;   /* "" unless paused */
	char *joined;         /* YYYY-MM-DD */
	bool show_name;       /* consented to being named in network pictures */
	char *created_at;
	char *language;       /* "cy", "en"; "" when not chosen (docs/text.md) */
};

struct round {
	int64_t id;
	int64_t programme_id;
	int number;           /* 1, 2, ... within the programme */
	enum round_state state;
	uint64_t seed;        /* < 2^53 so it survives JSON everywhere */
	char *created_at;
	char *published_at;   /* "" while draft */
	char *deadline;       /* YYYY-MM-DD meeting deadline */
};

struct member {
	int64_t person_id;
	char *email;
	char *name;
	char *organisation;
	enum outcome outcome;
	int rating;           /* 0 = none, else 1..5 */
	char *comment;        /* "" when none */
};

struct group {
	int64_t id;
	int n;                /* 2 or 3 */
	struct member member[3];
};

struct unplaced {
	int64_t person_id;
	char *email;
	char *reason;   /* English sentence */
	char *code;     /* the matcher's reason code ("" on rows stored
			 * before it had one): text_unplaced renders it */
};

/* A round with its groups and unplaced people. */
struct round_detail {
	struct round round;
	struct group *groups;
	size_t ngroups;
	struct unplaced *unplaced;
	size_t nunplaced;
};

/* One pair that was grouped together in a published or closed round. */
struct pair_history {
	int64_t a, b;          /* person ids, a < b */
	int round;             /* round number */
	enum outcome outcome_a, outcome_b;
};

const char *person_status_name(enum person_status s);
int person_status_parse(const char *s, enum person_status *out);
const char *round_state_name(enum round_state s);
const char *outcome_name(enum outcome o);
int outcome_parse(const char *s, enum outcome *out);

#endif
