/* core/survey: templates, question checks, who is asked, answers. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/survey.h"

Test(survey, rct_template_is_valid)
{
	const struct survey_question *q;
	const char *title;
	size_t n;
	struct err e = {0};
	bool took = false, did = false, anything_else = false;
	cr_assert_eq(survey_template("rct", &q, &n, &title, &e), 0);
	cr_assert_eq(survey_title_check(title, &e), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(survey_question_check(&q[i], &e), 0, "%s: %s", q[i].text, e.msg);
		took |= q[i].audience == SA_TOOK_PART;
		did |= q[i].audience == SA_DID_NOT;
		anything_else |= q[i].kind == SQ_TEXT && q[i].audience == SA_EVERYONE &&
				 strstr(q[i].text, "Anything else");
	}
	cr_assert(took && did && anything_else);
	cr_assert_eq(survey_template("nope", &q, &n, &title, &e), -1);
	cr_assert_str_eq(e.field, "template");
}

Test(survey, titles_and_questions)
{
	struct err e = {0};
	char big[300];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_assert_eq(survey_title_check("  ", &e), -1);
	cr_assert_eq(survey_title_check(big, &e), -1);
	cr_assert_eq(survey_title_check("two\nlines", &e), -1);
	struct survey_question q = {.kind = SQ_SINGLE, .text = "Q?", .options = "a"};
	cr_assert_eq(survey_question_check(&q, &e), -1); /* one option */
	q.options = "a;b";
	cr_assert_eq(survey_question_check(&q, &e), 0);
	q.kind = SQ_SCALE;
	cr_assert_eq(survey_question_check(&q, &e), -1); /* scale with options */
}

Test(survey, audience)
{
	struct survey_question q = {.audience = SA_TOOK_PART};
	cr_assert(survey_asks(&q, true));
	cr_assert_not(survey_asks(&q, false));
	q.audience = SA_DID_NOT;
	cr_assert(survey_asks(&q, false));
	cr_assert_not(survey_asks(&q, true));
	q.audience = SA_EVERYONE;
	cr_assert(survey_asks(&q, true) && survey_asks(&q, false));
}

Test(survey, answers)
{
	struct arena a;
	struct err e = {0};
	const char *out[SURVEY_OPTIONS_MAX];
	size_t n;
	struct survey_question q = {.id = 5, .kind = SQ_MULTI, .text = "Q?",
				    .options = "a;b;c"};
	arena_init(&a, 0);
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"1", "3"}, 2, &a, out, &n, &e), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"4"}, 1, &a, out, &n, &e), -1);
	cr_assert_str_eq(e.field, "q5");
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"2", "2"}, 2, &a, out, &n, &e), -1);
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"01"}, 1, &a, out, &n, &e), -1);
	q.kind = SQ_SINGLE;
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"1", "2"}, 2, &a, out, &n, &e), -1);
	q.kind = SQ_SCALE;
	q.options = "";
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"6"}, 1, &a, out, &n, &e), -1);
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"5"}, 1, &a, out, &n, &e), 0);
	cr_assert_eq(survey_answer_check(&q, NULL, 0, &a, out, &n, &e), 0);
	cr_assert_eq(n, 0);
	q.kind = SQ_TEXT;
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"<b>fine</b>"}, 1, &a, out, &n, &e), 0);
	cr_assert_str_eq(out[0], "<b>fine</b>"); /* stored as written, escaped on output */
	cr_assert_eq(survey_answer_check(&q, (const char *[]){"bad\x01"}, 1, &a, out, &n, &e), -1);
	arena_release(&a);
}
