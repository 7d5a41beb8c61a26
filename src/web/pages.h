/*
 * pages: what the page modules (pages_public.c, admin_*.c, api.c)
 * share: the table of participant fields as forms show them
 * (person_form.c), and signed link helpers.
 */
#ifndef CUPPA_PAGES_H
#define CUPPA_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/link.h"
#include "core/model.h"
#include "web/web.h"

struct person_field {
	const char *id, *label, *type, *autocomplete, *hint;
	bool required, textarea;
	size_t offset;            /* of the char * in struct person */
};

extern const struct person_field person_fields[];

char **person_slot(struct person *p, const struct person_field *f);
/* The time-zone field's list of suggestions, as template data. */
struct tv *person_zone_choices_tv(struct web_ctx *cx);
/* The form fields of p as template data, with errs next to their field. */
struct tv *person_fields_tv(struct web_ctx *cx, struct person *p,
			    const struct err *errs, size_t nerr,
			    bool with_email);
/* Copies the posted person fields (and language) into p and checks
 * each; returns the number of errors, written to errs (room for 16). */
size_t person_form_read(struct web_ctx *cx, struct person *p,
			struct err *errs, bool with_email);
/* The language choice (radio buttons) for d when the programme offers
 * more than one language; current is the person's choice or NULL. */
void person_lang_choice_tv(struct web_ctx *cx, struct tv *d,
			   const char *current, const char *error);
/* The language field's error among errs, or NULL. */
const char *person_lang_error(const struct err *errs, size_t nerr);
/* A signed link: full URL, or just the token; in the arena. */
const char *link_url(struct web_ctx *cx, enum link_kind kind,
		     int64_t person_id, int64_t group_id, int outcome,
		     int days);
const char *link_token(struct web_ctx *cx, enum link_kind kind,
		       int64_t person_id, int64_t group_id, int outcome,
		       int days);
/* Verifies the {token} of this URL for kind and loads its person;
 * renders the refusal page and returns -1 when it is not valid. */
int link_check(struct web_ctx *cx, enum link_kind kind,
	       struct link_claims *c, struct person *p);

#endif
