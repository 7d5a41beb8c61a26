/*
 * admin: what the dashboard's pages (src/web/admin_*.c) share.  The
 * handlers themselves are declared in web.h, for the route table.
 */
#ifndef CUPPA_WEB_ADMIN_H
#define CUPPA_WEB_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app_schedule.h"
#include "core/model.h"
#include "util/err.h"
#include "web/admin_figures.h"
#include "web/web.h"

/* The audit actor of the request's organiser ("admin:ID"), in the arena. */
const char *admin_actor(struct web_ctx *cx);

/* "3 March 2026" from YYYY-MM-DD, in a; day itself when it is not one. */
const char *admin_human_day(struct web_ctx *cx, const char *day);
/* A day or a local time ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM") in the
 * page's language, as text_day's flags ask, the time after it: "Monday
 * 7 June 2027 at 09:30" / "dydd Llun 7 Mehefin 2027 am 09:30"
 * (TEXT_DATE_ON: "on Monday ..." / "ar ddydd Llun ..."). */
const char *admin_human_when(struct web_ctx *cx, const char *when,
			     unsigned flags);

/* The request's programme: the dispatcher loaded it and checked that the
 * organiser organises it; a copy, so a handler may change fields before
 * saving.  -1 after answering 404. */
int admin_load_programme(struct web_ctx *cx, struct programme *p);

/* admin_figures_get for p, using the audit stamp read with the
 * request's programme when it is that one. */
int admin_programme_figures(struct web_ctx *cx, const struct programme *p,
			    struct admin_fig *out, struct err *e);

/* A programme's people and latest round, as the home and programme pages
 * show them. */
struct admin_summary {
	size_t active, pending, total;
	struct round latest;         /* the last of rounds */
	bool has_round;
	struct round *rounds;        /* every round, by number */
	size_t nrounds;
	/* Read once here for everything the page shows (each read is a
	 * round trip to a networked database). */
	struct admin_fig fig;
	struct schedule_view view;
	bool has_view;               /* false: manual, or it could not be read */
};
/* stamp: p's newest audit id when the caller read it with p, else -1. */
int admin_summarise(struct web_ctx *cx, const struct programme *p,
		    int64_t stamp, struct admin_summary *s, struct err *e);

/* What the organiser should do next for p, or NULL; in the arena. */
const char *admin_next_step(struct web_ctx *cx, const struct programme *p,
			    const struct admin_summary *s);

/* The form field `name` as a whole number in [min, max] into *out; an
 * empty field keeps *out.  -1 with e naming the field otherwise. */
int admin_int_field(struct web_ctx *cx, const char *name, int min, int max,
		    int *out, struct err *e);

/* The programme page, with status and an error sentence (or NULL) above
 * the forms; other pages fall back to it when a form refused. */
void admin_programme_render(struct web_ctx *cx, struct programme *p,
			    int status, const char *error);

/* The schedule section of the programme page (admin_schedule.c), from v
 * (NULL: read it here); NULL when it cannot be read. */
struct tv;
struct tv *admin_schedule_tv(struct web_ctx *cx, const struct programme *p,
			     const struct schedule_view *v);
/* What publishing changed in a reviewed draft (round_change); NULL when
 * nothing did. */
struct tv *admin_round_changes_tv(struct web_ctx *cx, int64_t round_id);

/* Sets d's "pager" (page, pages, prev, next: base followed by a page
 * number) when there is more than one page. */
void admin_pager(struct web_ctx *cx, struct tv *d, const char *base,
		 size_t page, size_t pages);

#endif
