/* model: names of the enums, shared by store, CLI, web and mail. */
#include "core/model.h"

#include <string.h>

#include "text/text.h"

/* Codes (CLI, API, CSV) and, through the catalogue, the words the
 * dashboard shows: marked N_, translated where shown. */
static const char *const status_names[] = {
	[PERSON_PENDING] = N_("pending"), [PERSON_ACTIVE] = N_("active"),
	[PERSON_SKIP_NEXT] = N_("skip-next"), [PERSON_PAUSED] = N_("paused"),
	[PERSON_LEFT] = N_("left"),
};

const char *person_status_name(enum person_status s)
{
	return (unsigned)s <= PERSON_LEFT ? status_names[s] : "unknown";
}

int person_status_parse(const char *s, enum person_status *out)
{
	for (unsigned i = 0; i <= PERSON_LEFT; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum person_status)i;
			return 0;
		}
	return -1;
}

const char *round_state_name(enum round_state s)
{
	static const char *const names[] = {N_("draft"), N_("published"),
					     N_("closed")};
	return (unsigned)s <= ROUND_CLOSED ? names[s] : "unknown";
}

static const char *const outcome_names[] = {"none", "met", "missed"};

const char *outcome_name(enum outcome o)
{
	return (unsigned)o <= OUTCOME_MISSED ? outcome_names[o] : "unknown";
}

int outcome_parse(const char *s, enum outcome *out)
{
	for (unsigned i = 0; i <= OUTCOME_MISSED; i++)
		if (strcmp(s, outcome_names[i]) == 0) {
			*out = (enum outcome)i;
			return 0;
		}
	return -1;
}
