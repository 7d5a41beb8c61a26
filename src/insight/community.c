/* community: see community.h.  The words are in the table W. */
#include "insight/community.h"

#include <jansson.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/app_survey.h"
#include "store/store_dashboard.h"
#include "store/store_story.h"
#include "store/store_survey.h"

static const struct {
	const char *heading, *ratings, *no_ratings, *came, *surveys, *asked,
		*quotes_none, *option, *took, *did_not, *by_anon, *stories,
		*no_stories, *story_anon;
} W = {
	.heading = "What people said",
	.ratings = "How useful the chats were (ratings after \"we met\")",
	.no_ratings = "No ratings yet.",
	.came = "What came of the meetings",
	.surveys = "Surveys",
	.asked = "Asked: %lld who took part and %lld who did not; answered: "
		 "%lld and %lld.",
	.quotes_none = "No written answers may be quoted.",
	.option = "Answer",
	.took = "Took part",
	.did_not = "Did not take part",
	.by_anon = "someone who %s",
	.stories = "Stories",
	.no_stories = "No approved stories yet.",
	.story_anon = "a participant",
};

static void counts_table(struct buf *b, const struct survey_qresult *x)
{
	buf_printf(b, "<table class=\"survey-counts\">\n<thead><tr><th scope=\"col\">%s"
		      "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		      "</thead>\n<tbody>\n", W.option, W.took, W.did_not);
	for (size_t i = 0; i < x->noptions; i++) {
		buf_puts(b, "<tr><td>");
		buf_html(b, x->options[i]);
		buf_printf(b, "</td><td>%lld</td><td>%lld</td></tr>\n",
			   (long long)x->count[1][i], (long long)x->count[0][i]);
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

static void quotes_list(struct buf *b, const struct survey_qresult *x)
{
	if (x->nquotes == 0) {
		buf_printf(b, "<p class=\"lede\">%lld written; %s</p>\n",
			   (long long)x->texts, W.quotes_none);
		return;
	}
	for (size_t i = 0; i < x->nquotes; i++) {
		buf_puts(b, "<blockquote><p>");
		buf_html(b, x->quotes[i].text);
		buf_puts(b, "</p><footer>&#8212; ");
		if (*x->quotes[i].by)
			buf_html(b, x->quotes[i].by);
		else
			buf_printf(b, W.by_anon,
				   x->quotes[i].took_part ? "took part"
							  : "did not take part");
		buf_puts(b, "</footer></blockquote>\n");
	}
}

static int surveys_html(struct store *st, const struct programme *p,
			struct buf *b, struct err *e)
{
	struct arena a;
	struct survey *sv;
	size_t n;
	int rc = -1;
	bool any = false;
	arena_init(&a, 0);
	if (store_survey_list(st, p->id, &a, &sv, &n, e) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		struct survey_results r;
		if (sv[i].state == SURVEY_DRAFT)
			continue;
		if (!any)
			buf_printf(b, "<h3>%s</h3>\n", W.surveys);
		any = true;
		if (app_survey_results(st, p, sv[i].number, &a, &r, e) < 0)
			goto done;
		buf_puts(b, "<h4>");
		buf_html(b, r.survey.title);
		buf_printf(b, " (%s)</h4>\n<p>", survey_state_name(r.survey.state));
		buf_printf(b, W.asked, (long long)r.asked[1], (long long)r.asked[0],
			   (long long)r.responded[1], (long long)r.responded[0]);
		buf_puts(b, "</p>\n");
		for (size_t k = 0; k < r.nq; k++) {
			buf_printf(b, "<h5>%d. ", r.q[k].q.position);
			buf_html(b, r.q[k].q.text);
			buf_puts(b, "</h5>\n");
			if (r.q[k].q.kind == SQ_TEXT)
				quotes_list(b, &r.q[k]);
			else
				counts_table(b, &r.q[k]);
		}
	}
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

/* Approved stories their writers let us show. */
static int stories_html(struct store *st, const struct programme *p,
			struct buf *b, struct err *e)
{
	struct arena a;
	struct story *s;
	size_t n;
	arena_init(&a, 0);
	if (store_story_list(st, p->id, true, &a, &s, &n, e) < 0) {
		arena_release(&a);
		return -1;
	}
	buf_printf(b, "<h3>%s</h3>\n", W.stories);
	if (n == 0)
		buf_printf(b, "<p>%s</p>\n", W.no_stories);
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "<blockquote><p>");
		buf_html(b, s[i].body);
		buf_puts(b, "</p><footer>&#8212; ");
		if (s[i].visibility == STORY_NAMED) {
			buf_html(b, s[i].name);
			buf_puts(b, ", ");
			buf_html(b, s[i].organisation);
		} else {
			buf_puts(b, W.story_anon);
		}
		buf_puts(b, "</footer></blockquote>\n");
	}
	arena_release(&a);
	return 0;
}

int insight_community_html(struct store *st, const struct programme *p,
			   struct buf *b, struct err *e)
{
	json_t *j = json_object();
	int64_t ratings[6];
	int rc = -1;
	/* Counted in SQL, not app_stats (which loads every round: minutes
	 * for 100,000 people). */
	if (!j)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_dash_ratings(st, p->id, ratings, e) < 0 ||
	    app_feedback_json(st, p, 0, ratings, j, e) < 0) {
		json_decref(j);
		return -1;
	}
	json_t *r = json_object_get(j, "ratings");
	json_t *c = json_object_get(j, "what_came_of_it");
	json_int_t count = json_integer_value(json_object_get(r, "count"));
	buf_printf(b, "<section class=\"community\">\n<h2>%s</h2>\n<h3>%s</h3>\n",
		   W.heading, W.ratings);
	if (count == 0) {
		buf_printf(b, "<p>%s</p>\n", W.no_ratings);
	} else {
		buf_printf(b, "<p>%lld ratings, average %.1f out of 5.</p>\n"
			      "<table class=\"ratings\"><thead><tr><th scope=\"col\">"
			      "Rating</th><th scope=\"col\">People</th></tr></thead>"
			      "<tbody>\n", (long long)count,
			   json_real_value(json_object_get(r, "mean")));
		for (int i = 5; i >= 1; i--) {
			char k[2] = {(char)('0' + i), 0};
			buf_printf(b, "<tr><td>%d</td><td>%lld</td></tr>\n", i,
				   (long long)json_integer_value(json_object_get(
					   json_object_get(r, "distribution"), k)));
		}
		buf_puts(b, "</tbody></table>\n");
	}
	buf_printf(b, "<h3>%s</h3>\n<ul>\n", W.came);
	for (int i = 0; i < CAME_KINDS; i++)
		buf_printf(b, "<li>%s: %lld</li>\n", app_came_labels[i],
			   (long long)json_integer_value(
				   json_object_get(c, store_came_names[i])));
	buf_puts(b, "</ul>\n");
	if (stories_html(st, p, b, e) < 0 || surveys_html(st, p, b, e) < 0)
		goto done;
	buf_puts(b, "</section>\n");
	rc = 0;
done:
	json_decref(j);
	return rc;
}
