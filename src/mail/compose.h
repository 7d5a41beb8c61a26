/*
 * compose: how one outbox row becomes a message (internal to src/mail/).
 * mail_compose (message.c) runs five steps, each with its own input:
 *
 *   load    message.c      the store's reads: the person, the programme,
 *                          the round, the group, the survey
 *                          (struct mail_loaded); once decided, the two
 *                          reads a decision may ask for (the welcome's
 *                          next round and organiser, a shared challenge)
 *   decide  compose.c      pure: whether it goes, which kind (an
 *                          introduction to someone whose group all left
 *                          becomes "unplaced"), who else is in the group
 *                          and who writes first (struct mail_facts)
 *   fill    message_text.c per kind, a table: the placeholders of one
 *                          language (a struct tv)
 *   render  compose.c      the page template engine (text/tmpl.h): the
 *                          subject and text part in TMPL_TEXT, the HTML
 *                          part in TMPL_TEXT_HTML, one block per language
 *                          the reader gets, theirs first
 *   MIME    message.c      mime_message (mime.c), with the calendar entry
 *
 * Every default text and phrase lives in message_text.c, marked N_ for
 * the catalogue; an organiser's own text (settings "mail") replaces the
 * default in the programme's main language only.
 */
#ifndef CUPPA_MAIL_COMPOSE_H
#define CUPPA_MAIL_COMPOSE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/model.h"
#include "mail/mail.h"
#include "store/store_mail.h"
#include "text/text.h"
#include "text/tmpl.h"
#include "util/arena.h"
#include "util/tz.h"

/* What the store says about a row (load).  Strings in the arena. */
struct mail_loaded {
	struct person who;
	struct programme p;
	struct mail_welcome_state ws;
	const char *survey;         /* survey kinds: the survey's title */
	bool has_round;
	struct round rd;
	struct person *members;     /* the row's group (NULL: none) */
	size_t nm;
};

/* What a message is about, whatever its language (decide, then the
 * links and the extra reads).  Strings belong to the caller's arena or
 * to the struct itself (not to be copied once decided). */
struct mail_facts {
	enum mail_kind kind;
	const struct programme *p;
	const struct person *who;
	bool round;                 /* the message is about a round */
	int round_no;
	const char *deadline;       /* YYYY-MM-DD */
	long days_left;             /* until the deadline; -1 unknown */
	const char *reason;         /* why unplaced: the matcher's code and
				     * sentence (text_unplaced_pack), or NULL */
	bool all_left;              /* everyone else in the group left */
	const struct person *others[3]; /* the rest of the group */
	size_t no;
	const struct person *first; /* makes first contact */
	bool group;
	bool lead;                  /* a first introduction that overtook
				     * the welcome opens with its words */
	const char *shared;         /* a board challenge both share, or NULL */
	const char *survey;         /* the survey's title, or NULL */
	bool added;                 /* an organiser added them (not a sign-up) */
	bool welcome;               /* the welcome's words are wanted */
	const char *next_local;     /* the next round, "YYYY-MM-DDTHH:MM", or NULL */
	const char *next_zone;
	const char *contact;        /* the organisers' address, "" for none */
	bool has_slot;
	int64_t slot;               /* the suggested time (UTC) */
	/* signed links (message.c), NULL when the kind has none */
	const char *me_link, *unsubscribe_link, *confirm_link, *survey_link,
		*met_link, *missed_link;
	char deadline_buf[11];      /* a preview's deadline */
};

/* decide: whether row r (kind k) goes, from what was loaded, at now:
 * *skip set to a short reason when it must not go; otherwise f filled
 * (pointing into ld and r) and *skip NULL.  preview: `mail preview`
 * composing a draft round.  Pure. */
void mail_decide(const struct mail_row *r, enum mail_kind k,
		 const struct mail_loaded *ld, bool preview, time_t now,
		 struct mail_facts *f, const char **skip);

/* fill: every placeholder of f's kind in l, into d.  *oom set when a
 * value could not be built (the message must then fail). */
void mail_fill(struct tv *d, enum lang l, const struct mail_facts *f,
	       struct tz_cache *zones, bool *oom);

/* render: the words of f's message in each of langs (the reader's
 * first; main: the programme's main language, where its own texts
 * apply).  Subject and calendar summary join the languages with " / ",
 * the text part with a "* * *" line, the HTML part with <hr> and the
 * other language's block in <div lang>.  All in a. */
struct mail_words {
	const char *subject, *text, *html;
	const char *ics_summary, *ics_description, *ics_alarm; /* intro only */
};
int mail_render(const struct mail_facts *f, const struct lang_list *langs,
		enum lang main, struct tz_cache *zones, struct arena *a,
		struct mail_words *out, struct err *e);

/* Appends tpl rendered with d in l and mode (text/tmpl.h) to out; line:
 * a header line, its newlines made spaces. */
int mail_tmpl(struct buf *out, const char *tpl, const struct tv *d,
	      enum lang l, enum tmpl_mode mode, bool line, struct err *e);

/* ---- the words (message_text.c) ---- */

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
/* The calendar entry's summary and description in l (f: an
 * introduction), in a; NULL when out of memory. */
char *mail_ics_summary(struct arena *a, enum lang l, const struct mail_facts *f);
char *mail_ics_description(struct arena *a, enum lang l,
			   const struct mail_facts *f);

#endif
