/*
 * programme: the rules for a programme's settings, with no I/O.
 */
#ifndef CUPPA_PROGRAMME_H
#define CUPPA_PROGRAMME_H

#include <stdbool.h>

#include "core/model.h"
#include "text/text.h"
#include "util/arena.h"
#include "match/match.h"
#include "util/err.h"

#define CADENCE_DEFAULT 30

/* Fills p with a programme's defaults (monthly, pairs, no rules). */
void programme_defaults(struct programme *p);

/* Makes a URL-safe slug from a name: lower-case ASCII letters and digits
 * joined by single dashes ("Leeds Health & Care" -> "leeds-health-care").
 * -1 when nothing usable is left. */
int programme_slugify(const char *name, char out[SLUG_MAX + 1], struct err *e);

/* Checks name, cadence, group size, rules. */
int programme_validate(const struct programme *p, struct err *e);

/* "organisation", "sector", "role" -> MATCH_ATTR_*; 0 when unknown. */
unsigned programme_attr_parse(const char *name);
const char *programme_attr_name(unsigned attr);

/* "organisation,sector" -> bits; -1 names the bad word. */
int programme_avoid_parse(const char *list, unsigned *out, struct err *e);

/* "role=user,staff" -> attribute "role", values "user,staff". */
int programme_mix_parse(const char *spec, char attr[32], char values[256],
			struct err *e);

/* Merges "name=N,name=N" (different_organisation, different_sector,
 * shared_topic, priority, noise, trio_fairness, new_connection,
 * new_sector_connection; N from 0 to 1000000) into
 * the "weights" object of the settings JSON.  *out (from a) is the new
 * settings text. */
int programme_weights_set(const char *settings, const char *spec,
			  struct arena *a, char **out, struct err *e);

/* Weights from p->settings ("weights" object), defaults for the rest. */
int programme_weights(const struct programme *p, struct match_weights *w,
		      struct err *e);

/* ---- the challenges board (off by default) ---- */

#define BOARD_CHALLENGE_WEIGHT 200 /* shared_challenge while the board is on */

struct programme_board {
	bool on;
	bool moderate_before;  /* new posts wait for an organiser (default) */
};
void programme_board(const struct programme *p, struct programme_board *out);
/* Sets "on"/"off" (on, NULL: keep) and "before"/"after" (moderation,
 * NULL: keep) in the settings JSON; *out (from a) is the new text. */
int programme_board_set(const char *settings, const char *on,
			const char *moderation, struct arena *a, char **out,
			struct err *e);
/* The effective weights of p as a JSON object (every name above), or
 * NULL when the settings are bad or memory runs out. */
struct json_t *programme_weights_json(const struct programme *p);

/* The weave goal's weight in new programmes (docs/matcher.md): as large
 * as different_organisation, so a new organisation pair outranks a
 * sector difference, while noise keeps the choice among equally new
 * pairs random. */
#define PROGRAMME_NEW_CONNECTION 100

/* root (a jansson object) as compact JSON with sorted keys into *out
 * (from a): the one way settings text is written. */
struct json_t;
int programme_settings_dump(struct json_t *root, struct arena *a, char **out,
			    struct err *e);

/* The settings a new programme starts with: settings plus the weave
 * goal on (weights.new_connection = PROGRAMME_NEW_CONNECTION) unless
 * settings already set it.  Programmes created before the goal existed
 * keep it off: a missing key reads as 0.  *out from a. */
int programme_settings_new(const char *settings, struct arena *a, char **out,
			   struct err *e);

/* ---- languages (programme_lang.c, docs/text.md) ---- */

/* The programme's languages from its settings ("languages": "cy,en"),
 * in order: the first is its main language.  English alone when unset
 * (every programme made before languages existed). */
void programme_languages(const struct programme *p, struct lang_list *out);
/* Sets "languages" in the settings JSON from spec ("en", "cy", "cy,en");
 * fails naming field, changing nothing, on a bad spec.  *out from a. */
int programme_languages_set(const char *settings, const char *spec,
			    const char *field, struct arena *a, char **out,
			    struct err *e);

#endif
