/*
 * message_text: the words of cuppa's emails to participants, in every
 * language (docs/text.md, docs/mail.md).  Internal to src/mail/:
 * message.c loads what a message is about once (struct mail_facts),
 * then asks for the placeholders' values in each language the reader
 * gets (mail_lang_vars) and renders the kind's texts with them.
 *
 * Every default text and phrase lives in message_text.c, marked N_ for
 * the catalogue; an organiser's own text (settings "mail") replaces the
 * default in the programme's main language only.
 */
#ifndef CUPPA_MAIL_MESSAGE_TEXT_H
#define CUPPA_MAIL_MESSAGE_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "mail/mail.h"
#include "mail/template.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/tz.h"

#define MAIL_MAXV 24

/* The placeholders' values of one language; strings in a. */
struct mail_vars {
	struct arena *a;
	struct mail_var v[MAIL_MAXV];
	size_t n;
	bool oom;       /* a value could not be built: the message fails */
};

/* Sets name (a later value wins); text NULL marks the message failed. */
void mail_vars_set(struct mail_vars *vs, const char *name, const char *text,
		   const char *html, bool url);

/* What a message is about, whatever its language. */
struct mail_facts {
	enum mail_kind kind;
	const struct programme *p;
	const struct person *who;
	bool round;                 /* the message is about a round */
	int round_no;
	const char *deadline;       /* YYYY-MM-DD */
	long days_left;             /* until the deadline; -1 unknown */
	const char *reason;         /* why unplaced: the matcher's English
				     * sentence, or NULL */
	const char *reason_code;    /* and its code ("" for old rows) */
	bool all_left;              /* everyone else in the group left */
	struct person *const *others;   /* the rest of the group */
	size_t no;
	const struct person *first; /* makes first contact */
	bool group;
	const char *shared;         /* a board challenge both share, or NULL */
	const char *survey;         /* the survey's title, or NULL */
	bool added;                 /* an organiser added them (not a sign-up) */
	bool welcome;               /* the welcome's words are wanted */
	const char *next_local;     /* the next round, "YYYY-MM-DDTHH:MM", or NULL */
	const char *next_zone;
	const char *contact;        /* the organisers' address, "" for none */
	bool has_slot;
	int64_t slot;               /* the suggested time (UTC) */
};

/* Fills vs with every language-dependent placeholder of f in l. */
void mail_lang_vars(struct mail_vars *vs, enum lang l,
		    const struct mail_facts *f, struct tz_cache *zones);

/* The subject ("subject") or body ("body") of kind k in l: the
 * programme's own text when main (l is its main language) and it has
 * one, else the default.  In a. */
const char *mail_text_for(const struct programme *p, enum mail_kind k,
			  const char *field, enum lang l, bool main,
			  struct arena *a);
/* The lead of a first introduction that overtook the welcome, in l. */
const char *mail_welcome_lead(enum lang l);
/* The fixed footer (self-service and unsubscribe links) in l. */
const char *mail_footer(enum lang l);
/* The languages person gets mail in, first first: the programme's
 * languages, the person's own choice first, Welsh first when they have
 * not chosen (the Welsh Language Standards' rule). */
void mail_langs(const struct programme *p, const struct person *who,
		struct lang_list *out);
/* The first word of a name ("Ann" of "Ann Jones"), in a. */
char *mail_first_word(struct arena *a, const char *name);
/* "Ann Jones (ann@x.org) and Bob Patel (bob@x.org)": the partners as
 * the calendar entry names them, in a. */
char *mail_with_list(struct arena *a, enum lang l, struct person *const *o,
		     size_t no);
/* The calendar entry's summary and description in l. */
char *mail_ics_summary(struct arena *a, enum lang l, const char *names,
		       const char *programme);
char *mail_ics_description(struct arena *a, enum lang l, int round,
			   const char *programme, const char *with, size_t no);

#endif
