/* challenge: see challenge.h. */
#include "core/challenge.h"

#include <string.h>

#include "core/person.h"
#include "text/text.h"

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

int challenge_check(const char *title, const char *body, const char *topics,
		    struct err *e)
{
	if (blank(title))
		return err_field(e, ERR_INVALID, "title", N_("is required"));
	if (strlen(title) > CHALLENGE_TITLE_MAX || !person_text_ok(title, false))
		return err_field(e, ERR_INVALID, "title",
				 N_("must be one line of at most %d characters"),
				 CHALLENGE_TITLE_MAX);
	if (blank(body))
		return err_field(e, ERR_INVALID, "body", N_("is required"));
	if (strlen(body) > CHALLENGE_BODY_MAX || !person_text_ok(body, true))
		return err_field(e, ERR_INVALID, "body",
				 N_("must be at most %d characters of text"),
				 CHALLENGE_BODY_MAX);
	if (topics && (strlen(topics) > CHALLENGE_TOPICS_MAX ||
		       !person_text_ok(topics, false)))
		return err_field(e, ERR_INVALID, "topics",
				 N_("must be one line of at most %d characters"),
				 CHALLENGE_TOPICS_MAX);
	return 0;
}

int challenge_note_check(const char *note, struct err *e)
{
	if (blank(note))
		return err_field(e, ERR_INVALID, "note",
				 N_("say in a few words what worked"));
	if (strlen(note) > CHALLENGE_NOTE_MAX || !person_text_ok(note, true))
		return err_field(e, ERR_INVALID, "note",
				 N_("must be at most %d characters of text"),
				 CHALLENGE_NOTE_MAX);
	return 0;
}

static const char *const state_names[] = {"pending", "shown", "hidden"};
static const char *const mark_names[] = {"too", "talk", "report"};

const char *challenge_state_name(enum challenge_state s)
{
	return (unsigned)s < 3 ? state_names[s] : "?";
}

int challenge_state_parse(const char *s, enum challenge_state *out)
{
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum challenge_state)i;
			return 0;
		}
	return -1;
}

const char *challenge_mark_name(enum challenge_mark m)
{
	return (unsigned)m < 3 ? mark_names[m] : "?";
}
