/*
 * review: the scheduler's messages to a programme's organisers (outbox
 * kind "review", organiser rows with no person): "round N is ready for
 * review" when a draft is formed, and the daily reminder of review-only
 * programmes.  The texts are here, in one table.
 *
 * The row's detail holds, tab-separated: variant ("auto", "manual" or
 * "remind"), round number, the publish day and the publish time in words,
 * as the scheduler computed them when it formed the draft.
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
