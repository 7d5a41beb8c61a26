/*
 * pages_board: the challenges board on the participant's side.  The
 * public pages (/p/SLUG/challenges, /p/SLUG/challenges/ID) only read;
 * the same pages under the person's signed link (/me/TOKEN/board...)
 * also post, mark "we face this too", offer to talk, report, and (for
 * the owner) mark solved.  Nothing shows while the board is off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_challenge.h"
#include "app/app.h"
#include "core/programme.h"
#include "web/pages.h"
#include "web/templates.h"
#include "util/num.h"

static const struct {
	const char *off_title, *off, *no_such, *posted_shown, *posted_pending,
		*moderate_before, *moderate_after, *acted[5], *search_bad;
} W = {
	.off_title = N_("No challenges board here"),
	.off = N_("This programme has not opened a challenges board."),
	.no_such = N_("There is no such challenge."),
	.posted_shown = N_("Posted: your challenge is on the board."),
	.posted_pending = N_("Thank you: your challenge appears once an organiser "
			     "has read it."),
	.moderate_before = N_("An organiser reads each challenge before it appears."),
	.moderate_after = N_("Your challenge appears at once; organisers may hide "
			     "or edit it."),
	.acted = {N_("Noted: you face this too."), N_("Noted: you no longer face this."),
		  N_("Thank you: the person who posted it can now see your offer."),
		  N_("Thank you: the organisers will look at it."),
		  N_("Marked solved. Thank you for sharing what worked.")},
	.search_bad = N_("Type a word to search for."),
};

static const char *const actions[] = {"too", "untoo", "talk", "report", "solve"};

struct board {
	struct programme p;
	struct person who;     /* on /me pages */
	bool me;
	const char *base;      /* "/p/SLUG/challenges" or "/me/TOKEN/board" */
};

/* Loads the programme (and person, on /me pages) with the board on;
 * answers and returns -1 otherwise. */
static int board_load(struct web_ctx *cx, bool me, struct board *b)
{
	struct err e = {0};
	struct programme_board pb;
	b->me = me;
	if (me) {
		struct link_claims c;
		if (link_check(cx, LINK_ME, &c, &b->who) < 0)
			return -1;
		if (app_programme_get_id(cx->st, b->who.programme_id, cx->a, &b->p,
					   &e) < 0) {
			web_error(cx, 500, &e);
			return -1;
		}
		b->base = arena_printf(cx->a, "/me/%s/board", web_param(cx, "token"));
	} else {
		const char *slug = web_param(cx, "slug");
		if (app_programme_get(cx->st, slug, cx->a, &b->p, &e) < 0 ||
		    strcmp(b->p.slug, slug) != 0) {
			if (e.code == ERR_NOTFOUND || e.code == ERR_NONE)
				web_message(cx, 404, N_("Not found"),
					    N_("There is no programme at this address."));
			else
				web_error(cx, 500, &e);
			return -1;
		}
		b->base = arena_printf(cx->a, "/p/%s/challenges", b->p.slug);
	}
	if (!me) {
		struct lang_list langs;
		programme_languages(&b->p, &langs);
		web_lang_for(cx, &langs, NULL);
	}
	programme_board(&b->p, &pb);
	if (!pb.on) {
		web_message(cx, 404, W.off_title, W.off);
		return -1;
	}
	return 0;
}

static const char *by_line(struct web_ctx *cx, const struct challenge *c)
{
	return c->show_name ? arena_printf(cx->a, "%s, %s", c->name, c->organisation)
			    : arena_printf(cx->a, T_(cx->lang, "Someone at %s"),
					   c->organisation);
}

static void counts(struct web_ctx *cx, struct tv *o, const struct challenge *c)
{
	tv_set(o, "people", arena_printf(cx->a, TN_(cx->lang, "%lld person",
						      "%lld people", c->people),
					 (long long)c->people));
	tv_set(o, "orgs", arena_printf(cx->a, TN_(cx->lang, "%lld organisation",
						    "%lld organisations",
						    c->organisations),
				       (long long)c->organisations));
}

static void board_render(struct web_ctx *cx, struct board *b, int status,
			 const char *flash, const char *error,
			 const char *title, const char *body, const char *topics)
{
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	struct challenge *c;
	struct programme_board pb;
	int64_t *hits = NULL;
	size_t n, nhits = 0, shown = 0;
	struct err e = {0};
	const char *q = web_query(cx->rq, "q");
	bool searched = q && *q;
	if (searched &&
	    app_challenge_search(cx->st, &b->p, q, cx->a, &hits, &nhits,
			 &e) < 0) {
		if (e.code != ERR_INVALID) {
			web_error(cx, 500, &e);
			return;
		}
		error = W.search_bad;
		nhits = 0;
	}
	static const int64_t none[1] = {0};
	if (app_challenge_list(cx->st, &b->p, false,
				 searched ? (hits ? hits : none) : NULL, nhits,
				 cx->a, &c, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		bool mine = b->me && c[i].person_id == b->who.id;
		if (c[i].state != CHALLENGE_SHOWN && !(mine && c[i].state == CHALLENGE_PENDING))
			continue;
		struct tv *o = tv_push(l);
		tv_setf(o, "id", "%lld", (long long)c[i].id);
		tv_set(o, "title", c[i].title);
		tv_set(o, "by", by_line(cx, &c[i]));
		tv_set(o, "topics", c[i].topics);
		tv_set_bool(o, "pending", c[i].state == CHALLENGE_PENDING);
		tv_set_bool(o, "solved", *c[i].solved_at != '\0');
		counts(cx, o, &c[i]);
		shown++;
	}
	if (shown) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", l);
		tv_set_tv(d, "challenges", w);
	}
	programme_board(&b->p, &pb);
	tv_set(d, "programme", b->p.name);
	tv_set(d, "base", b->base);
	tv_set(d, "token", web_param(cx, "token"));
	tv_set_bool(d, "me", b->me);
	tv_set(d, "q", q);
	tv_set_bool(d, "searched", searched);
	tv_set(d, "found", arena_printf(cx->a, TN_(cx->lang, "%zu challenge found.",
						   "%zu challenges found.", (long)shown),
					shown));
	tv_set(d, "flash", flash ? web_t(cx, flash) : NULL);
	tv_set(d, "error", error ? web_t(cx, error) : NULL);
	tv_set(d, "title", title);
	tv_set(d, "body", body);
	tv_set(d, "topics", topics);
	tv_set(d, "moderation", web_t(cx, pb.moderate_before ? W.moderate_before
							     : W.moderate_after));
	web_page(cx, status, arena_printf(cx->a, T_(cx->lang, "Challenges: %s"),
					  b->p.name),
		 tpl_board, d);
}

void page_board(struct web_ctx *cx)
{
	struct board b;
	if (board_load(cx, false, &b) == 0)
		board_render(cx, &b, 200, NULL, NULL, "", "", "");
}

void page_me_board(struct web_ctx *cx)
{
	struct board b;
	if (board_load(cx, true, &b) == 0)
		board_render(cx, &b, 200, NULL, NULL, "", "", "");
}

void page_me_board_post(struct web_ctx *cx)
{
	struct board b;
	struct err e = {0};
	int64_t id;
	enum challenge_state state;
	const char *title = web_field(cx, "title"), *body = web_field(cx, "body"),
		   *topics = web_field(cx, "topics"), *sn = web_field(cx, "show_name");
	if (board_load(cx, true, &b) < 0)
		return;
	if (*sn && strcmp(sn, "yes") && strcmp(sn, "no")) {
		board_render(cx, &b, 400, NULL, N_("Please choose what shows with it."),
			     title, body, topics);
		return;
	}
	if (app_challenge_post(cx->st, b.who.id, title, body, topics,
			       !strcmp(sn, "yes"), &id, &state, &e) < 0) {
		if (e.code == ERR_INTERNAL || e.code == ERR_IO) {
			web_error(cx, 500, &e);
			return;
		}
		board_render(cx, &b, web_status_of(&e), NULL,
			     e.field[0] ? arena_printf(cx->a, "%s: %s",
						       web_t(cx, !strcmp(e.field, "body") ? N_("Text")
							      : !strcmp(e.field, "title") ? N_("Title")
											  : N_("Topics")),
						       web_err(cx, &e))
					: web_err(cx, &e),
			     title, body, topics);
		return;
	}
	board_render(cx, &b, 200,
		     state == CHALLENGE_SHOWN ? W.posted_shown : W.posted_pending,
		     NULL, "", "", "");
}

static void challenge_render(struct web_ctx *cx, struct board *b, int status,
			     const char *flash, const char *error)
{
	struct tv *d = tv_obj(cx->a), *paras = tv_list(cx->a);
	struct challenge c;
	struct err e = {0};
	long long id;
	bool own;
	if (num_parse(web_param(cx, "id"), 1, INT64_MAX, &id) < 0 ||
	    app_challenge_get(cx->st, &b->p, id, cx->a, &c, &e) < 0) {
		if (e.code && e.code != ERR_NOTFOUND)
			web_error(cx, 500, &e);
		else
			web_message(cx, 404, N_("Not found"), W.no_such);
		return;
	}
	own = b->me && c.person_id == b->who.id;
	if (c.state != CHALLENGE_SHOWN && !own) {
		web_message(cx, 404, N_("Not found"), W.no_such);
		return;
	}
	/* paragraphs: split at blank lines (LF or CRLF, as forms send) */
	for (const char *p = c.body; *p;) {
		const char *q = p, *stop = NULL;
		while (*q && !stop) {
			const char *r = q;
			if (*r == '\r')
				r++;
			if (*r == '\n' && (r[1] == '\n' || (r[1] == '\r' && r[2] == '\n')))
				stop = q;
			else
				q++;
		}
		size_t len = stop ? (size_t)(stop - p) : strlen(p);
		if (len)
			tv_set(tv_push(paras), "p", arena_strndup(cx->a, p, len));
		p += len;
		while (*p == '\n' || *p == '\r')
			p++;
	}
	tv_set_tv(d, "paras", paras);
	tv_setf(d, "id", "%lld", (long long)c.id);
	tv_set(d, "title", c.title);
	tv_set(d, "by", by_line(cx, &c));
	tv_set(d, "topics", c.topics);
	tv_set(d, "solved", c.solved_note);
	tv_set_bool(d, "pending", c.state == CHALLENGE_PENDING);
	tv_set_bool(d, "hidden", c.state == CHALLENGE_HIDDEN);
	counts(cx, d, &c);
	tv_set(d, "programme", b->p.name);
	tv_set(d, "base", b->base);
	tv_set_bool(d, "me", b->me);
	tv_set_bool(d, "own", own);
	tv_set_bool(d, "other", b->me && !own);
	tv_set(d, "flash", flash ? web_t(cx, flash) : NULL);
	tv_set(d, "error", error ? web_t(cx, error) : NULL);
	if (b->me && !own) {
		unsigned bits = 0;
		if (app_challenge_marks_of(cx->st, c.id, b->who.id, &bits, &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
		tv_set_bool(d, "too", bits & (1u << MARK_TOO));
		tv_set_bool(d, "talked", bits & (1u << MARK_TALK));
	}
	if (own) {
		struct challenge_offer *o;
		size_t n;
		struct tv *l = tv_list(cx->a);
		if (app_challenge_offers(cx->st, c.id, cx->a, &o, &n, &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct tv *x = tv_push(l);
			tv_set(x, "name", o[i].name);
			tv_set(x, "organisation", o[i].organisation);
			tv_set(x, "email", o[i].email);
			tv_set(x, "note", o[i].note);
		}
		if (n) {
			struct tv *w = tv_obj(cx->a);
			tv_set_tv(w, "list", l);
			tv_set_tv(d, "offers", w);
		}
	}
	web_page(cx, status, c.title, tpl_challenge, d);
}

void page_challenge(struct web_ctx *cx)
{
	struct board b;
	if (board_load(cx, false, &b) == 0)
		challenge_render(cx, &b, 200, NULL, NULL);
}

void page_me_challenge(struct web_ctx *cx)
{
	struct board b;
	if (board_load(cx, true, &b) == 0)
		challenge_render(cx, &b, 200, NULL, NULL);
}

void page_me_challenge_post(struct web_ctx *cx)
{
	struct board b;
	struct err e = {0};
	const char *action = web_field(cx, "action");
	long long id;
	int bad_id = num_parse(web_param(cx, "id"), 1, INT64_MAX, &id);
	int k = -1;
	if (board_load(cx, true, &b) < 0)
		return;
	for (int i = 0; i < 5; i++)
		if (!strcmp(action, actions[i]))
			k = i;
	if (bad_id) {
		web_message(cx, 404, N_("Not found"), W.no_such);
		return;
	}
	if (k < 0) {
		challenge_render(cx, &b, 400, NULL, N_("Please use one of the buttons."));
		return;
	}
	if (app_challenge_act(cx->st, b.who.id, id, action, web_field(cx, "note"),
			      &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.no_such);
		else if (e.code == ERR_INTERNAL || e.code == ERR_IO)
			web_error(cx, 500, &e);
		else
			challenge_render(cx, &b, web_status_of(&e), NULL,
					 e.field[0] ? arena_printf(cx->a, T_(cx->lang, "Your note %s."),
								   web_err(cx, &e))
						    : web_err(cx, &e));
		return;
	}
	challenge_render(cx, &b, 200, W.acted[k], NULL);
}
