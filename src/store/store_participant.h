/*
 * store_participant: a participant's own view of the programme, as the
 * self-service pages show it (their groups, one membership), and the
 * writes only they ask for (their details, their erasure).  Conventions
 * as store.h.
 */
#ifndef CUPPA_STORE_PARTICIPANT_H
#define CUPPA_STORE_PARTICIPANT_H

#include <stdint.h>

#include "core/model.h"
#include "store/store.h"

/* One group a person was in, in a published or closed round. */
struct participant_group {
	int round;
	enum round_state state;
	int64_t group_id;
	char *deadline;
	char *others;         /* the other members' names, ", "-joined */
	enum outcome outcome; /* this person's answer */
	int rating;
	char *comment;
};

/* Newest round first; drafts are not shown to participants. */
int store_person_groups(struct store *st, int64_t person_id,
			    struct arena *a, struct participant_group **out,
			    size_t *n, struct err *e);
/* The person's group group_id (with its round state, drafts included);
 * ERR_NOTFOUND when the person is not a member. */
int store_person_membership(struct store *st, int64_t person_id,
			 int64_t group_id, struct arena *a,
			 struct participant_group *out, struct err *e);
/* Replaces name, organisation, sector, role, location, timezone, topics,
 * intro and show_name. */
int store_person_details(struct store *st, const struct person *p,
			     struct err *e);
/* Empties every personal field and comment (see app_participant.h). */
int store_person_erase(struct store *st, int64_t person_id,
			   struct err *e);

#endif
