/*
 * app_participant: the participant rules behind the web's public pages
 * (sign-up with double opt-in, self-service, outcome links).  They sit
 * here, not in the handlers, so the API, the CLI or a mail worker can
 * apply the same rules.  Each function runs its writes in one
 * transaction.
 *
 * Erasure (app_participant_erase) anonymises instead of deleting: the
 * person row stays with its id, status "left" and no personal data (name
 * "Erased participant", email "erased-<id>@invalid", every other detail
 * and every comment they wrote emptied), so past groups still count for
 * the "never meet twice" rule and for the programme's figures, while
 * nothing identifies the person any more.  The old values leave the
 * database files at once (store_scrub), so a backup taken just after
 * does not carry them.
 */
#ifndef CUPPA_APP_PARTICIPANT_H
#define CUPPA_APP_PARTICIPANT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "store/store_access.h"
#include "store/store_participant.h"
#include "text/text.h"
#include "util/err.h"

/* Checks one participant field by name ("name", "email", "organisation",
 * "sector", "role", "location", "timezone", "topics", "intro"); -1 with
 * e->field set and the sentence in lang when the value is not acceptable. */
int app_participant_check_field(const char *field, const char *value,
			       enum lang lang, struct err *e);

/* Signs p up as pending (p->programme_id, fields already checked; email
 * is lower-cased here).  When the email is already in the programme,
 * nothing changes and *existed is set: the public form must not let a
 * stranger overwrite someone's details.  p->id is set either way. */
int app_participant_signup(struct store *st, struct person *p, bool *existed,
		   struct err *e);

/* Follows a confirm link: pending -> active.  Other states are left as
 * they are (a second click changes nothing). */
int app_participant_confirm(struct store *st, int64_t person_id, struct err *e);

enum app_participant_action { APP_SKIP, APP_PAUSE, APP_RESUME, APP_LEAVE };

/* Skip the next round, pause until `until` (a day after today), resume,
 * or leave.  A person who left or is pending cannot skip or pause. */
int app_participant_act(struct store *st, int64_t person_id,
		       enum app_participant_action act, const char *until,
		       struct err *e);

/* Replaces the editable details (not email, status or joined) of the
 * person p->id after checking each field. */
int app_participant_edit(struct store *st, const struct person *p,
			struct err *e);

/* Anonymises the person as described above. */
int app_participant_erase(struct store *st, int64_t person_id,
			 const char *actor, struct err *e);
/* The same erasure for an organiser acting on a request by email or
 * post (`cuppa people erase`): the person with this email in programme
 * p.  Audited as actor, without the erased values. */
int app_participant_erase_email(struct store *st, const struct programme *p,
			       const char *email, const char *actor,
			       struct err *e);

/* Records a member's outcome for a group of a published or closed round
 * (ERR_NOTFOUND if not a member, ERR_CONFLICT while the round is a
 * draft).  rating 0 keeps none; comment NULL keeps the old one. */
int app_participant_outcome(struct store *st, int64_t person_id, int64_t group_id,
		    enum outcome o, int rating, const char *comment,
		    struct err *e);

/* The person's groups, newest round first; drafts are not shown. */
int app_participant_groups(struct store *st, int64_t person_id,
			  struct arena *a, struct participant_group **out,
			  size_t *n, struct err *e);

/* The person's group group_id (drafts included); ERR_NOTFOUND when the
 * person is not a member. */
int app_participant_membership(struct store *st, int64_t person_id, int64_t group_id,
		       struct arena *a, struct participant_group *out,
		       struct err *e);

/* The address of p's first organiser, for participants to write to (in
 * a; "" when it has none). */
int app_participant_organiser_contact(struct store *st, const struct programme *p,
			      struct arena *a, char **out, struct err *e);

/* The members of group group_id as full persons (by id), with each
 * one's outcome in (*outcomes)[i] (outcomes may be NULL). */
int app_participant_group_members(struct store *st, int64_t group_id, struct arena *a,
			  struct person **out, enum outcome **outcomes,
			  size_t *n, struct err *e);

#endif
