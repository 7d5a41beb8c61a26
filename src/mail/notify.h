/*
 * notify: what causes mail.  The domain calls the mail_enqueue_* hooks
 * inside its own transactions; they only INSERT outbox rows through the
 * store (no network, no composition), so the message exists exactly when
 * its cause commits.  Each row carries a dedupe key, so calling a hook
 * twice for the same cause enqueues once.
 *
 * mail_schedule is the clock-driven side (reminders, check-ins, nudges),
 * run by the worker; it too is idempotent through the dedupe keys.
 */
#ifndef CUPPA_MAIL_NOTIFY_H
#define CUPPA_MAIL_NOTIFY_H

#include <stdbool.h>
#include <time.h>

#include "core/model.h"
#include "store/store.h"
#include "store/store_mail.h"
#include "util/err.h"

/* Introductions (with .ics) for every member of every group, and an
 * "unplaced" notice with its reason for each unplaced person.  Called
 * inside the publish transaction, with rd the round being published (its
 * round.id, groups[].id and member person ids must be set). */
int mail_enqueue_round(struct store *st, const struct programme *p,
		       const struct round_detail *rd, struct err *e);

/* The outbox detail of u's "unplaced" message: the matcher's reason code
 * and its English sentence, tab-separated ("nobody|3|1|0\tnobody left
 * ..."), so the composer says it in the reader's language
 * (text_unplaced); the sentence alone when u has no code (a round
 * stored before codes).  In a; NULL when out of memory. */
char *mail_unplaced_detail(struct arena *a, const struct unplaced *u);

/* Double opt-in message for a pending sign-up (at most one per person
 * per hour, so a repeated form does not flood an inbox). */
int mail_enqueue_confirm(struct store *st, const struct programme *p,
			 const struct person *who, struct err *e);

/* Welcome, once per person, after confirmation. */
int mail_enqueue_welcome(struct store *st, const struct programme *p,
			 const struct person *who, struct err *e);

/* Welcomes for the people an organiser added to p (an import, `people
 * add`) who have had neither a welcome nor an introduction: once each,
 * inside the caller's transaction.  The composer keeps the welcome
 * before the first introduction (see mail_compose). */
int mail_enqueue_welcomes(struct store *st, const struct programme *p,
			  struct err *e);

/* Unsubscribe: the person leaves the programme and nothing queued for
 * them is sent.  Inside the caller's transaction (app_participant's, for
 * the web's /u/TOKEN and /me). */
int mail_unsubscribe(struct store *st, int64_t person_id, struct err *e);

struct mail_schedule_stats {
	int reminders, checkins, nudges;
	int survey_reminders;
};

/* Enqueues what the clock says is due at `now` (clock_now() normally;
 * CUPPA_NOW in tests), for every programme:
 *  - reminder: mail_reminder_days() before a round's deadline, to each
 *    member with no outcome in a group where nobody said "met";
 *  - check-in: from the deadline day (for 14 days), to each member with
 *    no outcome in a group where nobody said "met", with met / didn't
 *    meet links;
 *  - nudge: 3 days after a check-in, if the person's last three
 *    check-ins are all unanswered; the person is paused (no end date,
 *    the self-service link brings them back) in the same transaction.
 * Never for paused, left or pending people.  Each programme is one
 * transaction. */
int mail_schedule(struct store *st, time_t now,
		  struct mail_schedule_stats *stats, struct err *e);

/* ---- surveys (notify_survey.c) ---- */

/* Queues the survey email (or its reminder) for one person asked in
 * survey survey_id; dedupe survey:sS:uP / survey-reminder:sS:uP
 * (*inserted, may be NULL: false when it was queued before).  Inside the
 * caller's transaction. */
int mail_enqueue_survey(struct store *st, const struct programme *p,
			const struct person *who, int64_t survey_id,
			bool reminder, bool *inserted, struct err *e);

/* For the composer: the survey title of row r (detail = survey id), or
 * *skip set when the message must not go (survey closed; a reminder to
 * someone who has answered). */
int mail_survey_vars(struct store *st, const struct mail_row *r,
		     bool reminder, struct arena *a, const char **title,
		     const char **skip, struct err *e);

/* Queues the one reminder, SURVEY_REMIND_DAYS after they were asked
 * (today: YYYY-MM-DD), to everyone asked in an open survey of programme
 * p who has not answered; adds their number to *n.  Inside the caller's
 * transaction (mail_schedule's, per programme). */
int mail_schedule_surveys(struct store *st, const struct programme *p,
			  const char *today, int *n, struct err *e);

#endif
