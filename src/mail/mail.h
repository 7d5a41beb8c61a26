/*
 * mail: what every part of the mail area shares: the kinds of message,
 * the settings read from the environment, and the composer that turns one
 * outbox row into a complete RFC 5322 message.
 *
 * Links in messages (paths served by `cuppa serve`):
 *   BASE/confirm/TOKEN   double opt-in           (LINK_CONFIRM)
 *   BASE/me/TOKEN        self-service page       (LINK_ME)
 *   BASE/r/TOKEN         one-click outcome       (LINK_OUTCOME, met|missed)
 *   BASE/u/TOKEN         unsubscribe; GET shows a confirm button, POST
 *                        with "List-Unsubscribe=One-Click" (RFC 8058)
 *                        leaves at once          (LINK_UNSUBSCRIBE)
 * BASE is $CUPPA_BASE_URL (default http://127.0.0.1:8080).
 */
#ifndef CUPPA_MAIL_H
#define CUPPA_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/model.h"
#include "core/secrets.h"
#include "util/tz.h"
#include "store/store_mail.h"
#include "util/arena.h"
#include "util/err.h"

/* The clock that paces the outbox transport (due_at, lease_until, retry
 * delays): the real clock, on purpose never CUPPA_NOW.  A simulated
 * instant is frozen, so a lease would never run out and a retry never
 * come due.  Everything the programme sees (which reminder is due, the
 * Date: header, link expiry, sent_at, dedupe keys) uses clock_now(). */
static inline int64_t mail_pace_now(void)
{
	return (int64_t)time(NULL);
}

enum mail_kind {
	MAIL_CONFIRM = 0,
	MAIL_WELCOME,
	MAIL_INTRO,
	MAIL_UNPLACED,
	MAIL_REMINDER,
	MAIL_CHECKIN,
	MAIL_NUDGE,
	MAIL_SURVEY,          /* an evaluation survey: row detail = survey id */
	MAIL_SURVEY_REMINDER, /* one reminder a week later, if unanswered */
	MAIL_KIND_COUNT
};

/* "confirm", "welcome", "intro", "unplaced", "reminder", "checkin",
 * "nudge", "survey", "survey-reminder". */
const char *mail_kind_name(enum mail_kind k);
int mail_kind_parse(const char *s, enum mail_kind *out);

struct mail_config {
	struct secrets keys;
	char base_url[256];     /* no trailing slash */
	char from[512];         /* From: header value */
	char from_addr[256];    /* envelope sender */
	char domain[256];       /* right side of Message-IDs */
	char smtp_url[512];     /* smtp://host:port or smtps://... */
	char smtp_user[256];
	char smtp_password[256];
	bool smtp_insecure;     /* CUPPA_SMTP_INSECURE set: no TLS checks */
	/* 0: the worker's default.  Checked whole numbers of seconds. */
	int retry_base_s;       /* CUPPA_MAIL_RETRY_BASE, 1-86400 */
	int lease_s;            /* CUPPA_MAIL_LEASE, 1-86400 */
	int smtp_timeout_s;     /* CUPPA_SMTP_TIMEOUT, 1-3600 */
};

/* Reads CUPPA_BASE_URL, CUPPA_MAIL_FROM ("Name <addr>" or "addr"),
 * CUPPA_SMTP_URL (default smtp://127.0.0.1:25), CUPPA_SMTP_USER,
 * CUPPA_SMTP_PASSWORD, CUPPA_SMTP_INSECURE, CUPPA_MAIL_RETRY_BASE,
 * CUPPA_MAIL_LEASE, CUPPA_SMTP_TIMEOUT, and the link key of the database
 * at db_path.  A malformed value fails with ERR_INVALID naming the
 * variable (in e->field for the URL and address settings, in e->msg for
 * the numbers); nothing is guessed. */
int mail_config_load(const char *db_path, struct mail_config *cfg,
		     struct err *e);
/* The settings part of mail_config_load, from get(name, user) instead of
 * the environment (NULL: unset), without the keys (cfg->keys stays
 * empty): what the fuzz target drives in memory. */
typedef const char *(*mail_setting_fn)(const char *name, void *user);
int mail_config_parse(mail_setting_fn get, void *user,
		      struct mail_config *cfg, struct err *e);
/* Wipes the keys and the password. */
void mail_config_release(struct mail_config *cfg);

/* One composed message.  Strings live in the arena given to
 * mail_compose. */
struct mail_message {
	const char *rcpt;       /* envelope recipient */
	const char *subject;
	const char *text;       /* plain-text body */
	const char *html;       /* HTML body */
	const char *ics;        /* calendar object, NULL when none */
	const char *data;       /* the whole message, CRLF lines */
	size_t len;
};

/* What composing many messages shares: the store connection, the
 * settings, and the time zones loaded so far (so a worker reads each zone
 * file once, not once per message).  One per thread; the caller owns it
 * and keeps st and cfg alive until mail_composer_release. */
struct mail_composer {
	struct store *st;
	const struct mail_config *cfg;
	struct tz_cache zones;
};
void mail_composer_init(struct mail_composer *mc, struct store *st,
			const struct mail_config *cfg);
void mail_composer_release(struct mail_composer *mc);

/* Composes the message for outbox row r at time date: its Date header,
 * its links' expiry, the deadline's days left and the next round are
 * all reckoned from date (so a message is the same whenever it is
 * composed for the same date).  When the message
 * must not go (its person left, is paused, or has not confirmed; its
 * round is no longer published), returns 0 with *skip set to a short
 * reason and out untouched; otherwise *skip is NULL.  The Message-ID is
 * derived from the row (id and dedupe key), so every try of one row
 * carries the same one. */
int mail_compose(struct mail_composer *mc, const struct mail_row *r,
		 time_t date, struct arena *a, struct mail_message *out,
		 const char **skip, struct err *e);

/* Default subject and body of a kind (for docs and the settings page). */
const char *mail_default_subject(enum mail_kind k);
const char *mail_default_body(enum mail_kind k);
/* The placeholders a kind's texts may use (NULL-terminated). */
const char *const *mail_placeholders(enum mail_kind k);
/* Checks an organiser's override of kind k's subject or body. */
int mail_text_check(enum mail_kind k, const char *text, struct err *e);

/* Cadence-aware words: "this month", "every month" ... for a cadence. */
const char *mail_period(int cadence_days);
const char *mail_cadence(int cadence_days);
/* Days before the deadline a reminder goes out. */
int mail_reminder_days(int cadence_days);

#endif
