/* story: see story.h. */
#include "core/story.h"

#include <string.h>

#include "core/person.h"
#include "text/text.h"

int story_body_check(const char *body, struct err *e)
{
	size_t n = body ? strlen(body) : 0, i = 0;
	while (i < n && strchr(" \t\r\n", body[i]))
		i++;
	if (i == n)
		return err_field(e, ERR_INVALID, "body", N_("is required"));
	if (n > STORY_BODY_MAX || !person_text_ok(body, true))
		return err_field(e, ERR_INVALID, "body",
				 N_("must be at most %d characters of text"),
				 STORY_BODY_MAX);
	return 0;
}

static const char *const vis_names[] = {"hidden", "anonymous", "named"};
static const char *const state_names[] = {"pending", "approved", "rejected"};

const char *story_visibility_name(enum story_visibility v)
{
	return (unsigned)v < 3 ? vis_names[v] : "?";
}

int story_visibility_parse(const char *s, enum story_visibility *out)
{
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, vis_names[i])) {
			*out = (enum story_visibility)i;
			return 0;
		}
	return -1;
}

const char *story_state_name(enum story_state s)
{
	return (unsigned)s < 3 ? state_names[s] : "?";
}

int story_state_parse(const char *s, enum story_state *out)
{
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum story_state)i;
			return 0;
		}
	return -1;
}
