/*
 * review: the scheduler's messages to a programme's organisers (outbox
 * kind "review", organiser rows with no person): "round N is ready for
 * review" when a draft is formed, and the daily reminder of review-only
 * programmes.  The texts are here, in one table, marked for the
 * catalogue: each message is in the programme's languages, Welsh first
 * in a bilingual one (organisers record no language).
 *
 * The row's detail holds, tab-separated: variant ("auto", "manual" or
 * "remind"), round number, the review-by day (YYYY-MM-DD), the publish
 * time (local YYYY-MM-DDTHH:MM) and its zone, as the scheduler computed
 * them when it formed the draft; the composer says them in each
 * language.  Rows queued before (four fields, day and time in English
 * words) are sent with those words.
 */
#ifndef CUPPA_MAIL_REVIEW_H
#define CUPPA_MAIL_REVIEW_H

#include "mail/mail.h"

/* As mail_compose, for a "review" row.  Skipped when the round is no
 * longer a draft (published or skipped meanwhile). */
int mail_compose_review(struct mail_composer *mc, const struct mail_row *r,
			time_t date, struct arena *a, struct mail_message *out,
			const char **skip, struct err *e);

#endif
