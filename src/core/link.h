/*
 * link: signed tokens for the links in emails and self-service pages.
 * A token carries what the link is for (kind), whom it is for (person),
 * optionally which group and outcome, and when it stops working; it is
 * authenticated with HMAC (libsodium crypto_auth, HMAC-SHA-512-256) under
 * the link key from secrets.h, so nobody can forge or alter one, and no
 * database lookup is needed to check it.
 *
 * Token text: base64url without padding of
 *   version(1) kind(1) person(8) group(8) outcome(1) expires(8) | mac(32)
 * all integers big-endian.  It is URL-safe as is.
 */
#ifndef CUPPA_LINK_H
#define CUPPA_LINK_H

#include <stdint.h>
#include <time.h>

#include "core/secrets.h"
#include "util/err.h"

enum link_kind {
	LINK_CONFIRM = 1,     /* double opt-in after sign-up */
	LINK_ME = 2,          /* self-service page */
	LINK_OUTCOME = 3,     /* one-click "we met" / "we didn't meet" */
	LINK_UNSUBSCRIBE = 4, /* leave from an email footer */
	LINK_SURVEY = 5,      /* a survey page; group_id carries the survey id */
};

struct link_claims {
	enum link_kind kind;
	int64_t person_id;
	int64_t group_id;     /* 0 when not about a group */
	int outcome;          /* enum outcome for LINK_OUTCOME, else 0 */
	time_t expires;       /* the link works until this instant */
};

#define LINK_TOKEN_MAX 96 /* characters, with the NUL */

/* Default lifetimes, in days. */
#define LINK_DAYS_CONFIRM 7
#define LINK_DAYS_ME 90
#define LINK_DAYS_OUTCOME 60

/* Writes the token for c into out (LINK_TOKEN_MAX bytes). */
int link_sign(const struct secrets *k, const struct link_claims *c,
	      char out[LINK_TOKEN_MAX], struct err *e);

/* Checks token at time now.  A malformed or tampered token fails with
 * ERR_INVALID ("this link is not valid"), an expired one with
 * ERR_FORBIDDEN ("this link has expired"); *out is filled only on
 * success. */
int link_verify(const struct secrets *k, const char *token, time_t now,
		struct link_claims *out, struct err *e);

#endif
