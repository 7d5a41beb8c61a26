/* Unit tests: mail templates, composition, outbox, worker (with a fake
 * transport) and the scheduler.  SMTP itself is tested in tests/mail. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "failalloc.h"
#include "mail/mail.h"
#include "mail/notify.h"
#include "text/tmpl.h"
#include "mail/transport.h"
#include "mail/worker.h"
#include "store/store.h"
#include "store/store_mail.h"
#include "util/buf.h"
#include "util/clock.h"

/* ---- templates and words ---- */

/* Mail renders through the page template engine: its text mode
 * escapes nothing; its text-as-HTML mode escapes the template's own
 * text and the values, makes paragraphs and line breaks, and inserts a
 * value's own markup (a link) as it is. */
Test(mail_tmpl, text_and_html)
{
	struct arena a;
	struct buf b;
	struct err e = {0};
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a);
	tv_set(d, "name", "Ann & <Bob>");
	tv_set_markup(d, "link", "http://x/y?a=1&b=2",
		      "<a href=\"http://x/y?a=1&amp;b=2\">http://x/y?a=1&amp;b=2</a>");
	buf_init(&b, 0);
	cr_assert_eq(tmpl_render_mode(&b, "Hi {{name}}\n\nGo {{ link }} {{nope}}.", d,
				      LANG_EN, TMPL_TEXT, &e), 0);
	cr_assert_str_eq(buf_str(&b), "Hi Ann & <Bob>\n\nGo http://x/y?a=1&b=2 .");
	buf_reset(&b);
	cr_assert_eq(tmpl_render_mode(&b, "Hi <{{name}}>\n\nGo {{link}}\nnow {{&name}}",
				      d, LANG_EN, TMPL_TEXT_HTML, &e), 0);
	cr_assert_str_eq(buf_str(&b),
			 "Hi &lt;Ann &amp; &lt;Bob&gt;&gt;</p>\n<p>Go "
			 "<a href=\"http://x/y?a=1&amp;b=2\">http://x/y?a=1&amp;b=2</a>"
			 "<br>\nnow Ann &amp; &lt;Bob&gt;");
	/* pages keep their meaning: the template is HTML, values escaped */
	buf_reset(&b);
	cr_assert_eq(tmpl_render_mode(&b, "<p>{{name}}</p>\n", d, LANG_EN, TMPL_HTML,
				      &e), 0);
	cr_assert_str_eq(buf_str(&b), "<p>Ann &amp; &lt;Bob&gt;</p>\n");
	buf_reset(&b);
	cr_assert_eq(tmpl_render_mode(&b, "a {{name", d, LANG_EN, TMPL_TEXT, &e), -1);
	buf_release(&b);
	arena_release(&a);
}

Test(mail_tmpl, check_names)
{
	struct err e = {0};
	cr_assert_eq(mail_text_check(MAIL_INTRO, "Hi {{first_name}} {{others}}", &e), 0);
	cr_assert_eq(mail_text_check(MAIL_INTRO, "Hi {{frist_name}}", &e), -1);
	cr_assert(strstr(e.msg, "frist_name"));
	/* every default text passes its own check */
	for (int k = 0; k < MAIL_KIND_COUNT; k++) {
		cr_assert_eq(mail_text_check(k, mail_default_subject(k), &e), 0, "%s", e.msg);
		cr_assert_eq(mail_text_check(k, mail_default_body(k), &e), 0, "%s", e.msg);
	}
}

Test(mail_words, cadence_aware)
{
	cr_assert_str_eq(mail_period(30), "this month");
	cr_assert_str_eq(mail_period(7), "this week");
	cr_assert_str_eq(mail_cadence(30), "every month");
	cr_assert_null(mail_cadence(45));
	/* No default text hard-codes a period. */
	for (int k = 0; k < MAIL_KIND_COUNT; k++) {
		cr_assert_null(strstr(mail_default_body(k), "week"));
		cr_assert_null(strstr(mail_default_subject(k), "week"));
		cr_assert_null(strstr(mail_default_body(k), "month"));
	}
	cr_assert_eq(mail_reminder_days(30), 3);
	cr_assert_eq(mail_reminder_days(7), 2);
}

Test(mail_backoff, grows_with_jitter)
{
	for (int i = 0; i < 50; i++) {
		long d1 = mail_backoff_s(30, 1), d3 = mail_backoff_s(30, 3);
		cr_assert(d1 >= 15 && d1 <= 30, "%ld", d1);
		cr_assert(d3 >= 60 && d3 <= 120, "%ld", d3);
		cr_assert(mail_backoff_s(30, 40) <= 6 * 3600);
	}
}

/* ---- a small database ---- */

struct fx {
	char dir[64];
	char db[128];
	struct store *st;
	struct programme p;
	struct person people[7];
	struct round r;
	struct group g[3];
	struct unplaced u;
	struct mail_config cfg;
	struct mail_composer mc;
};

static struct fx fx;

static const char *const fx_names[] = {"Ann Abel", "Bob Bold", "Cat Côté",
				       "Dan Dee", "Eve Eng", "Fay Fox", "Gus Gil"};
static const char *const fx_tz[] = {"Europe/London", "America/New_York", "",
				    "Asia/Tokyo", "Europe/Paris", "UTC",
				    "Europe/London"};

static void fx_setup(void)
{
	struct err e = {0};
	strcpy(fx.dir, "/tmp/cuppa-mail-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(fx.dir));
	snprintf(fx.db, sizeof fx.db, "%s/t.db", fx.dir);
	cr_assert_eq(store_open(fx.db, &fx.st, &e), 0, "%s", e.msg);
	fx.p = (struct programme){.slug = "t", .name = "Test Trials",
				  .cadence_days = 30, .group_size = 2,
				  .mix_attribute = "", .mix_values = "",
				  .settings = "{}"};
	cr_assert_eq(store_programme_insert(fx.st, &fx.p, &e), 0, "%s", e.msg);
	for (int i = 0; i < 7; i++) {
		char email[64];
		bool created;
		snprintf(email, sizeof email, "p%d@example.org", i);
		struct person *q = &fx.people[i];
		*q = (struct person){.programme_id = fx.p.id,
				     .name = (char *)fx_names[i],
				     .email = strdup(email),
				     .organisation = "Org, Ltd",
				     .sector = "", .role = "Analyst",
				     .location = "Leeds",
				     .timezone = (char *)fx_tz[i],
				     .topics = "housing;data", .intro = "Hello; I like maps.",
				     .status = PERSON_ACTIVE, .paused_until = "",
				     .joined = "2026-01-01"};
		cr_assert_eq(store_person_upsert(fx.st, q, &created, &e), 0, "%s", e.msg);
	}
	/* groups (0,1) (2,3) (4,5); 6 unplaced */
	for (int g = 0; g < 3; g++) {
		fx.g[g].n = 2;
		for (int m = 0; m < 2; m++) {
			struct person *q = &fx.people[2 * g + m];
			fx.g[g].member[m] = (struct member){.person_id = q->id,
							    .email = q->email,
							    .name = q->name};
		}
	}
	fx.u = (struct unplaced){fx.people[6].id, fx.people[6].email,
				 "odd one out and no trio allowed", ""};
	fx.r = (struct round){.programme_id = fx.p.id, .number = 1, .seed = 7};
	cr_assert_eq(store_round_insert(fx.st, &fx.r, fx.g, 3, &fx.u, 1, &e), 0, "%s", e.msg);
	cr_assert_eq(store_round_set_state(fx.st, fx.r.id, ROUND_PUBLISHED,
					   "2026-03-02T10:00:00Z", &e), 0, "%s", e.msg);
	cr_assert_eq(store_round_set_deadline(fx.st, fx.r.id, "2026-03-02", 30, &e), 0);
	setenv("CUPPA_MAIL_FROM", "Coffee <coffee@example.org>", 1);
	setenv("CUPPA_BASE_URL", "http://127.0.0.1:9/", 1);
	cr_assert_eq(mail_config_load(fx.db, &fx.cfg, &e), 0, "%s", e.msg);
	mail_composer_init(&fx.mc, fx.st, &fx.cfg);
}

static void fx_teardown(void)
{
	char cmd[128];
	mail_composer_release(&fx.mc);
	mail_config_release(&fx.cfg);
	store_close(fx.st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", fx.dir);
	cr_assert_eq(system(cmd), 0);
}

/* Queues round 1's mail; returns the time after queueing, from which
 * every row is due (a time taken before could be a second too early). */
static int64_t publish(void)
{
	struct arena a;
	struct round_detail rd;
	struct err e = {0};
	arena_init(&a, 0);
	cr_assert_eq(store_round_detail(fx.st, fx.p.id, 1, &a, &rd, &e), 0, "%s", e.msg);
	cr_assert_eq(store_begin(fx.st, &e), 0);
	cr_assert_eq(mail_enqueue_round(fx.st, &fx.p, rd.round.id, &e), 0, "%s", e.msg);
	/* a second call for the same cause adds nothing */
	cr_assert_eq(mail_enqueue_round(fx.st, &fx.p, rd.round.id, &e), 0, "%s", e.msg);
	cr_assert_eq(store_commit(fx.st, &e), 0);
	arena_release(&a);
	return time(NULL);
}

TestSuite(mail_outbox, .init = fx_setup, .fini = fx_teardown);

Test(mail_outbox, round_enqueues_once_per_person)
{
	struct mail_counts mc;
	struct err e = {0};
	publish();
	cr_assert_eq(store_mail_counts(fx.st, fx.p.id, &mc, &e), 0);
	cr_assert_eq(mc.queued, 7);
}

Test(mail_outbox, claim_leases_and_others_wait)
{
	struct arena a;
	struct mail_row *rows, *rows2;
	size_t n, n2;
	struct err e = {0};
	int64_t now = publish();
	arena_init(&a, 0);
	cr_assert_eq(store_mail_claim(fx.st, "w1#1", now, now + 300, 5, &a, &rows, &n, &e), 0);
	cr_assert_eq(n, 5);
	cr_assert_eq(store_mail_claim(fx.st, "w2#1", now, now + 300, 5, &a, &rows2, &n2, &e), 0);
	cr_assert_eq(n2, 2, "only the unleased rest");
	for (size_t i = 0; i < n2; i++)
		for (size_t j = 0; j < n; j++)
			cr_assert_neq(rows2[i].id, rows[j].id);
	/* w1's lease expires: w3 takes its rows; w1 can no longer record */
	cr_assert_eq(store_mail_claim(fx.st, "w3#1", now + 400, now + 700, 10, &a, &rows2, &n2, &e), 0);
	cr_assert_eq(n2, 7);
	bool held = true;
	cr_assert_eq(store_mail_sent(fx.st, rows[0].id, "w1#1", 250, "ok", "x", &held, &e), 0);
	cr_assert_eq(held, false);
	arena_release(&a);
}

/* Publishes round 1 and claims its rows: person 0's introduction and the
 * unplaced person's message (rows in a). */
static void claim_round(struct arena *a, struct mail_row **intro,
			struct mail_row **unpl)
{
	struct mail_row *rows;
	size_t n;
	struct err e = {0};
	int64_t now = publish();
	cr_assert_eq(store_mail_claim(fx.st, "w#1", now, now + 300, 10, a, &rows, &n, &e), 0);
	*intro = *unpl = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(rows[i].kind, "intro") && rows[i].person_id == fx.people[0].id)
			*intro = &rows[i];
		if (!strcmp(rows[i].kind, "unplaced"))
			*unpl = &rows[i];
	}
	cr_assert_not_null(*intro);
	cr_assert_not_null(*unpl);
}

Test(mail_outbox, compose_intro)
{
	struct arena a;
	struct err e = {0};
	struct mail_row *intro, *unpl;
	arena_init(&a, 0);
	claim_round(&a, &intro, &unpl);
	struct mail_message m;
	const char *skip;
	cr_assert_eq(mail_compose(&fx.mc, intro, 1772445600, &a, &m, &skip, &e), 0, "%s", e.msg);
	cr_assert_null(skip);
	cr_assert_str_eq(m.rcpt, "p0@example.org");
	cr_assert(strstr(m.data, "Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n"));
	cr_assert(strstr(m.data, "To: \"Ann Abel\" <p0@example.org>\r\n"));
	cr_assert(strstr(m.data, "Message-ID: <cuppa."));
	cr_assert(strstr(m.data, "List-Unsubscribe: <http://127.0.0.1:9/u/"));
	cr_assert(strstr(m.data, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	cr_assert(strstr(m.data, "multipart/alternative"));
	cr_assert(strstr(m.data, "text/calendar; charset=utf-8; method=PUBLISH"));
	cr_assert(strstr(m.text, "Bob Bold, Analyst at Org, Ltd"));
	cr_assert(strstr(m.text, "Works on: housing, data"));
	cr_assert(strstr(m.text, "You go first"), "lowest id writes first");
	cr_assert(strstr(m.html, "<strong>Bob Bold</strong>"));
	cr_assert_null(strstr(m.text, "week"));
	cr_assert(strstr(m.ics, "UID:cuppa-r"));
	cr_assert(strstr(m.ics, "METHOD:PUBLISH\r\n"));
	cr_assert_null(strstr(m.ics, "ORGANIZER"));
	cr_assert_null(strstr(m.ics, "RSVP"));
	cr_assert(strstr(m.text, "suits you both"), "pair wording");
	cr_assert(strstr(m.ics, "Bob Bold"), "the entry names the partner");
	/* every line of the message ends in CRLF and none is over 998 */
	for (const char *p = m.data; *p;) {
		const char *nl = strchr(p, '\n');
		cr_assert_not_null(nl);
		cr_assert(nl > p && nl[-1] == '\r');
		cr_assert(nl - p < 998);
		p = nl + 1;
	}
	/* same row, same Message-ID and same invite */
	struct mail_message m2;
	cr_assert_eq(mail_compose(&fx.mc, intro, 1772449999, &a, &m2, &skip, &e), 0);
	cr_assert_str_eq(m.ics, m2.ics);
	const char *id1 = strstr(m.data, "Message-ID:"), *id2 = strstr(m2.data, "Message-ID:");
	cr_assert_eq(strncmp(id1, id2, strcspn(id1, "\r")), 0);

	cr_assert_eq(mail_compose(&fx.mc, unpl, 1772445600, &a, &m, &skip, &e), 0, "%s", e.msg);
	cr_assert(strstr(m.text, "odd one out and no trio allowed"));
	cr_assert_null(m.ics);
	arena_release(&a);
}

/* Allocation failure (failalloc.h): composing an introduction with its
 * 1st, 2nd, 3rd, ... allocation failing returns an error with a message
 * each time (never a message cut short), until it composes the same
 * message as with no failure; the sanitizer build checks for leaks. */
Test(mail_outbox, compose_survives_allocation_failure)
{
	struct arena a;
	struct err e = {0};
	struct mail_row *intro, *unpl;
	arena_init(&a, 0);
	claim_round(&a, &intro, &unpl);
	struct mail_message want;
	const char *skip;
	cr_assert_eq(mail_compose(&fx.mc, intro, 1772445600, &a, &want, &skip, &e), 0);
	long k;
	for (k = 1; k < 100000; k++) {
		struct arena b;
		struct mail_message m;
		arena_init(&b, 0);
		err_clear(&e);
		failalloc_arm(k);
		int rc = mail_compose(&fx.mc, intro, 1772445600, &b, &m, &skip, &e);
		bool injected = failalloc_disarm();
		if (rc < 0) {
			cr_assert(injected, "failed with no failure injected: %s", e.msg);
			cr_assert(e.msg[0], "allocation %ld: an error without a message", k);
		} else {
			cr_assert_null(skip);
			size_t at = 0;
			while (m.data[at] && m.data[at] == want.data[at])
				at++;
			cr_assert(!m.data[at] && !want.data[at],
				  "allocation %ld: the message differs at %zu: %.60s",
				  k, at, m.data + (at > 20 ? at - 20 : 0));
		}
		arena_release(&b);
		if (rc == 0 && !injected)
			break;
	}
	cr_assert(k > 10 && k < 100000, "%ld allocations", k);
	arena_release(&a);
}

/* Someone who left gets nothing; someone who paused after publishing
 * still gets the introduction of the group that stands. */
Test(mail_outbox, nothing_for_left_intro_for_paused)
{
	struct arena a;
	struct mail_row *rows;
	size_t n;
	struct err e = {0};
	int64_t now = publish();
	cr_assert_eq(store_person_set_status(fx.st, fx.people[1].id, PERSON_LEFT, NULL, &e), 0);
	cr_assert_eq(store_person_set_status(fx.st, fx.people[2].id, PERSON_PAUSED, "", &e), 0);
	arena_init(&a, 0);
	cr_assert_eq(store_mail_claim(fx.st, "w#1", now, now + 300, 10, &a, &rows, &n, &e), 0);
	int skipped = 0;
	for (size_t i = 0; i < n; i++) {
		struct mail_message m;
		const char *skip;
		cr_assert_eq(mail_compose(&fx.mc, &rows[i], now, &a, &m, &skip, &e), 0);
		if (skip) {
			skipped++;
			cr_assert(rows[i].person_id == fx.people[1].id);
		} else if (rows[i].person_id == fx.people[0].id &&
			   !strcmp(rows[i].kind, "intro")) {
			/* alone after the partner left: told so, no invitation */
			cr_assert(strstr(m.text, "left the programme before"));
			cr_assert_null(m.ics);
		}
	}
	cr_assert_eq(skipped, 1);
	arena_release(&a);
}

Test(mail_outbox, programme_text_override)
{
	struct arena a;
	struct mail_row *rows;
	size_t n;
	struct err e = {0};
	int64_t now;
	fx.p.settings = "{\"mail\":{\"intro\":{\"subject\":\"Hi {{first_name}}!\","
			"\"body\":\"Custom {{programme}} text.\"}}}";
	cr_assert_eq(store_programme_update(fx.st, &fx.p, &e), 0, "%s", e.msg);
	now = publish();
	arena_init(&a, 0);
	cr_assert_eq(store_mail_claim(fx.st, "w#1", now, now + 300, 1, &a, &rows, &n, &e), 0);
	struct mail_message m;
	const char *skip;
	cr_assert_eq(mail_compose(&fx.mc, &rows[0], now, &a, &m, &skip, &e), 0);
	cr_assert_str_eq(m.subject, "Hi Ann!");
	cr_assert(strstr(m.text, "Custom Test Trials text."));
	cr_assert(strstr(m.text, "Unsubscribe: http"), "footer always there");
	arena_release(&a);
}

/* ---- worker with a fake transport ---- */

struct fake {
	struct mail_transport base;
	int sent, calls;
	const char *reject;   /* rcpt answered 550 */
	int down;             /* first `down` calls: connection refused */
};

static int fake_send(struct mail_transport *t, const char *from,
		     const char *rcpt, const char *data, size_t len,
		     struct mail_result *r, struct err *e)
{
	struct fake *f = (struct fake *)t;
	(void)from, (void)data, (void)len, (void)e;
	memset(r, 0, sizeof *r);
	if (f->calls++ < f->down) {
		r->verdict = MAIL_TEMPFAIL;
		r->conn_failed = true;
		strcpy(r->reply, "curl: Couldn't connect to server");
		return 0;
	}
	if (f->reject && !strcmp(rcpt, f->reject)) {
		r->verdict = MAIL_PERMFAIL;
		r->code = 550;
		strcpy(r->reply, "550 5.1.1 no such mailbox");
		return 0;
	}
	r->verdict = MAIL_SENT;
	r->code = 250;
	strcpy(r->reply, "250 OK");
	f->sent++;
	return 0;
}

static void fake_free(struct mail_transport *t) { (void)t; }

static const struct mail_transport_ops fake_ops = {"fake", fake_send, fake_free};

Test(mail_worker, sends_records_and_fails_550, .init = fx_setup, .fini = fx_teardown)
{
	struct fake f = {.base = {&fake_ops}, .reject = "p3@example.org"};
	struct mail_worker_options o = {.st = fx.st, .cfg = &fx.cfg,
					.transport = &f.base, .once = true,
					.no_schedule = true, .batch = 3};
	struct mail_worker_stats ws;
	struct mail_counts mc;
	struct err e = {0};
	publish();
	cr_assert_eq(mail_worker_run(&o, &ws, &e), 0, "%s", e.msg);
	cr_assert_eq(ws.sent, 6);
	cr_assert_eq(ws.failed, 1);
	cr_assert_eq(f.sent, 6);
	cr_assert_eq(store_mail_counts(fx.st, fx.p.id, &mc, &e), 0);
	cr_assert_eq(mc.sent, 6);
	cr_assert_eq(mc.failed, 1);
	struct arena a;
	struct mail_row *rows;
	size_t n;
	arena_init(&a, 0);
	cr_assert_eq(store_mail_list(fx.st, fx.p.id, "failed", 10, &a, &rows, &n, &e), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(rows[0].rcpt, "p3@example.org");
	cr_assert_eq(rows[0].last_code, 550);
	arena_release(&a);
	/* a second run sends nothing more */
	cr_assert_eq(mail_worker_run(&o, &ws, &e), 0);
	cr_assert_eq(ws.sent + ws.failed, 0);
}

Test(mail_worker, server_down_keeps_everything, .init = fx_setup, .fini = fx_teardown)
{
	struct fake f = {.base = {&fake_ops}, .down = 1};
	struct mail_worker_options o = {.st = fx.st, .cfg = &fx.cfg,
					.transport = &f.base, .once = true,
					.no_schedule = true, .retry_base_s = 1};
	struct mail_worker_stats ws;
	struct mail_counts mc;
	struct err e = {0};
	publish();
	cr_assert_eq(mail_worker_run(&o, &ws, &e), 0);
	cr_assert_eq(ws.sent, 0);
	cr_assert_eq(ws.retried, 1);
	cr_assert_eq(store_mail_counts(fx.st, fx.p.id, &mc, &e), 0);
	cr_assert_eq(mc.queued, 7, "the other rows were given back untouched");
	sleep(2); /* past the 1 s backoff (0.5-1 s with jitter) */
	cr_assert_eq(mail_worker_run(&o, &ws, &e), 0);
	cr_assert_eq(ws.sent, 7);
	cr_assert_eq(store_mail_counts(fx.st, fx.p.id, &mc, &e), 0);
	cr_assert_eq(mc.sent, 7);
}

Test(mail_worker, thread_sends_and_stops, .init = fx_setup, .fini = fx_teardown)
{
	struct mail_thread *t;
	struct mail_counts mc;
	struct err e = {0};
	publish();
	/* nothing listens on port 9: the rows stay queued, the thread
	 * keeps retrying, and stopping it is prompt */
	setenv("CUPPA_SMTP_URL", "smtp://127.0.0.1:9", 1);
	cr_assert_eq(mail_thread_start(fx.db, NULL, NULL, &t, &e), 0, "%s", e.msg);
	usleep(300 * 1000);
	mail_thread_stop(t);
	cr_assert_eq(store_mail_counts(fx.st, fx.p.id, &mc, &e), 0);
	cr_assert_eq(mc.queued, 7);
	cr_assert_eq(mc.failed, 0);
}

/* ---- scheduler ---- */

static void set_outcome(int person, enum outcome o)
{
	struct err e = {0};
	int g = person / 2;
	cr_assert_eq(store_outcome_set(fx.st, fx.g[g].id, fx.people[person].id, o,
				       0, NULL, "2026-03-20T00:00:00Z", &e), 0, "%s", e.msg);
}

Test(mail_schedule, reminders_and_checkins_on_time, .init = fx_setup, .fini = fx_teardown)
{
	struct mail_schedule_stats ss;
	struct err e = {0};
	time_t t;
	/* deadline 2026-04-01: nothing on 2026-03-20 */
	cr_assert_eq(clock_parse_day("2026-03-20", &t), 0);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0, "%s", e.msg);
	cr_assert_eq(ss.reminders + ss.checkins + ss.nudges, 0);
	set_outcome(0, OUTCOME_MET);            /* group 0 met */
	set_outcome(2, OUTCOME_MISSED);         /* group 1: 3 still asked */
	cr_assert_eq(store_person_set_status(fx.st, fx.people[5].id, PERSON_LEFT, NULL, &e), 0);
	cr_assert_eq(store_person_set_status(fx.st, fx.people[4].id, PERSON_PAUSED, "", &e), 0);
	/* three days before: reminders to 3 and 4 (4 paused after the
	 * round was published: the group stands; 5 left) */
	cr_assert_eq(clock_parse_day("2026-03-29", &t), 0);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0);
	cr_assert_eq(ss.reminders, 2);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0);
	cr_assert_eq(ss.reminders, 0, "exactly once");
	/* the deadline day: check-ins */
	cr_assert_eq(clock_parse_day("2026-04-01", &t), 0);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0);
	cr_assert_eq(ss.checkins, 2);
	cr_assert_eq(ss.reminders, 0);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0);
	cr_assert_eq(ss.checkins, 0);
	/* long after: nothing new */
	cr_assert_eq(clock_parse_day("2026-06-01", &t), 0);
	cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0);
	cr_assert_eq(ss.reminders + ss.checkins + ss.nudges, 0);
}

Test(mail_schedule, nudge_after_three_unanswered, .init = fx_setup, .fini = fx_teardown)
{
	struct mail_schedule_stats ss;
	struct err e = {0};
	struct arena a;
	time_t t;
	char when[32];
	arena_init(&a, 0);
	/* rounds 2 and 3 with the same groups, deadlines a month apart */
	for (int n = 2; n <= 3; n++) {
		struct round r = {.programme_id = fx.p.id, .number = n, .seed = 1};
		struct group g[3];
		memcpy(g, fx.g, sizeof g);
		cr_assert_eq(store_round_insert(fx.st, &r, g, 3, NULL, 0, &e), 0, "%s", e.msg);
		snprintf(when, sizeof when, "2026-%02d-02T10:00:00Z", 2 + n);
		cr_assert_eq(store_round_set_state(fx.st, r.id, ROUND_PUBLISHED, when, &e), 0);
		when[10] = '\0';
		cr_assert_eq(store_round_set_deadline(fx.st, r.id, when, 30, &e), 0);
	}
	int nudges = 0, checkins = 0;
	const char *days[] = {"2026-04-01", "2026-04-05", "2026-05-02", "2026-05-06",
			      "2026-06-01", "2026-06-05"};
	set_outcome(0, OUTCOME_MET);
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(clock_parse_day(days[i], &t), 0);
		cr_assert_eq(mail_schedule(fx.st, t, &ss, &e), 0, "%s", e.msg);
		nudges += ss.nudges;
		checkins += ss.checkins;
	}
	/* round 1: 2..5 (group 0 met); rounds 2 and 3: all six */
	cr_assert_eq(checkins, 16, "%d", checkins);
	cr_assert_eq(nudges, 4, "%d", nudges);
	struct person q;
	cr_assert_eq(store_person_get_id(fx.st, fx.people[3].id, &a, &q, &e), 0);
	cr_assert_eq(q.status, PERSON_PAUSED);
	cr_assert_eq(store_person_get_id(fx.st, fx.people[1].id, &a, &q, &e), 0);
	cr_assert_eq(q.status, PERSON_ACTIVE, "group 0 met");
	arena_release(&a);
}

/* Organisers' texts are input: random ones must render or fail cleanly.
 * Rendering fails only on an unterminated "{{", with a message; what
 * renders keeps the variables' markup escaped in HTML and stays on one
 * line in header mode; a text the checker accepts always renders. */
Test(mail_tmpl, survives_random_text)
{
	static const char alphabet[] = "{{}}ab_ \n<&>\"'é";
	static const enum tmpl_mode modes[] = {TMPL_TEXT, TMPL_TEXT_HTML};
	struct arena a;
	int rendered = 0, refused = 0;
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a);
	tv_set(d, "a", "x<y");
	tv_set_markup(d, "b_", "http://u", "<a href=\"http://u\">http://u</a>");
	srand(11);
	for (int i = 0; i < 3000; i++) {
		char t[64];
		int n = rand() % 63;
		for (int k = 0; k < n; k++)
			t[k] = alphabet[rand() % (int)(sizeof alphabet - 1)];
		t[n] = '\0';
		int rc_text = -1;
		for (int mi = 0; mi < 2; mi++) {
			struct buf b;
			struct err e = {0};
			buf_init(&b, 1 << 16);
			int rc = tmpl_render_mode(&b, t, d, LANG_EN, modes[mi], &e);
			cr_assert(rc == 0 || rc == -1, "rc %d for '%s'", rc, t);
			if (rc < 0) {
				refused++;
				cr_assert(e.msg[0], "a refusal says why: '%s'", t);
				cr_assert_not_null(strstr(t, "{{"), "only '{{' fails: '%s'", t);
			} else {
				rendered++;
				cr_assert(!buf_failed(&b));
				if (modes[mi] == TMPL_TEXT_HTML)
					cr_assert_null(strstr(buf_str(&b), "<y"),
						       "unescaped value for '%s': %s", t,
						       buf_str(&b));
			}
			if (modes[mi] == TMPL_TEXT)
				rc_text = rc;
			buf_release(&b);
		}
		struct err e = {0};
		if (mail_text_check(MAIL_INTRO, t, &e) == 0)
			cr_assert_eq(rc_text, 0, "checked but does not render: '%s'", t);
		else
			cr_assert(e.msg[0]);
	}
	cr_assert(rendered > 100 && refused > 100, "%d rendered, %d refused",
		  rendered, refused);
	arena_release(&a);
}

/* Numbers in the settings are checked: a typo is reported, naming the
 * variable, instead of silently becoming the default. */
Test(mail_config, refuses_bad_numbers, .init = fx_setup, .fini = fx_teardown)
{
	static const char *const vars[] = {"CUPPA_MAIL_LEASE", "CUPPA_MAIL_RETRY_BASE",
					   "CUPPA_SMTP_TIMEOUT"};
	static const char *const bad[] = {"abc", "5x", "0", "-3", "99999999999", " 7"};
	for (size_t v = 0; v < 3; v++) {
		for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
			struct mail_config cfg;
			struct err e = {0};
			setenv(vars[v], bad[b], 1);
			cr_assert_eq(mail_config_load(fx.db, &cfg, &e), -1, "%s=%s", vars[v], bad[b]);
			cr_assert_eq(e.code, ERR_INVALID);
			cr_assert(strstr(e.msg, vars[v]), "%s", e.msg);
		}
		struct mail_config cfg;
		struct err e = {0};
		setenv(vars[v], "", 1); /* empty: unset, the default */
		cr_assert_eq(mail_config_load(fx.db, &cfg, &e), 0, "%s", e.msg);
		mail_config_release(&cfg);
		unsetenv(vars[v]);
	}
	struct mail_config cfg;
	struct err e = {0};
	setenv("CUPPA_MAIL_LEASE", "7", 1);
	setenv("CUPPA_SMTP_TIMEOUT", "2", 1);
	cr_assert_eq(mail_config_load(fx.db, &cfg, &e), 0, "%s", e.msg);
	cr_assert_eq(cfg.lease_s, 7);
	cr_assert_eq(cfg.smtp_timeout_s, 2);
	cr_assert_eq(cfg.retry_base_s, 0, "unset: the worker's default");
	mail_config_release(&cfg);
	unsetenv("CUPPA_MAIL_LEASE");
	unsetenv("CUPPA_SMTP_TIMEOUT");
}

/* ---- Welsh (docs/text.md) ---- */

#include "app/app_survey.h"
#include "store/store_access.h"
#include "store/store_participant.h"
#include "text/catalog.h"

/* Fails when s holds a sentence of the English catalogue: every literal
 * run (between placeholders, of at least 12 characters with a space) of
 * each msgid whose Welsh differs from it.  Names and data aside: they
 * are not in the catalogue. */
static void no_english(const char *what, const char *s)
{
	for (size_t i = 0; i < text_catalog_cy_count; i++) {
		const struct text_entry *en = &text_catalog_cy[i];
		if (en->nforms == 1 && !strcmp(en->msgid, en->forms[0]))
			continue;
		const char *p = en->msgid;
		while (*p) {
			size_t n = strcspn(p, "{%\n");
			if (n >= 12 && memchr(p, ' ', n)) {
				char frag[256];
				snprintf(frag, sizeof frag, "%.*s", (int)(n < 255 ? n : 255), p);
				if (!strstr(en->forms[0], frag))
					cr_assert_null(strstr(s, frag),
						       "%s: English \"%s\" in:\n%s", what, frag, s);
			}
			p += n;
			if (*p == '{') {
				const char *end = strstr(p, "}}");
				p = end ? end + 2 : p + strlen(p);
			} else if (*p) {
				p++;
				p += strspn(p, ".*0123456789lzsd");
			}
		}
	}
}

static void set_languages(const char *langs)
{
	struct err e = {0};
	fx.p.settings = (char *)langs;
	cr_assert_eq(store_programme_update(fx.st, &fx.p, &e), 0, "%s", e.msg);
}

Test(mail_outbox, every_kind_in_welsh)
{
	struct arena a;
	struct err e = {0};
	struct mail_row *intro, *unpl, *rows;
	size_t n;
	const char *skip;
	struct mail_message m;
	int64_t now = time(NULL);
	set_languages("{\"languages\":\"cy\"}");
	arena_init(&a, 0);
	claim_round(&a, &intro, &unpl);
	static const char *const kinds[] = {"welcome", "intro", "reminder",
					    "checkin", "nudge"};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct mail_row r = *intro;
		r.kind = (char *)kinds[k];
		cr_assert_eq(mail_compose(&fx.mc, &r, now, &a, &m, &skip, &e), 0,
			     "%s: %s", kinds[k], e.msg);
		cr_assert_null(skip, "%s: %s", kinds[k], skip);
		cr_assert(strstr(m.text, "Helo Ann"), "%s:\n%s", kinds[k], m.text);
		cr_assert(strstr(m.text, "Dad-danysgrifio"), "%s: the footer", kinds[k]);
		cr_assert(strstr(m.html, "<html lang=\"cy\">"));
		no_english(kinds[k], m.subject);
		no_english(kinds[k], m.text);
		no_english(kinds[k], m.html);
		if (m.ics) /* what a calendar shows; PRODID is a product id */
			no_english(kinds[k], strstr(m.ics, "BEGIN:VEVENT"));
	}
	/* the introduction names the day and month in Welsh */
	cr_assert_eq(mail_compose(&fx.mc, intro, now, &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.text, "erbyn dydd Mercher 1 Ebrill 2026"), "%s", m.text);
	cr_assert(strstr(m.text, " am "), "the suggested slot: %s", m.text);
	cr_assert(strstr(m.ics, "SUMMARY:Sgwrs goffi gyda Bob Bold"), "%s", m.ics);
	/* the calendar's description and alarm, in Welsh too (folded lines:
	 * look for the first words only) */
	cr_assert(strstr(m.ics, "DESCRIPTION:Rownd 1 o "), "%s", m.ics);
	cr_assert(strstr(m.ics, "DESCRIPTION:Nodyn atgoffa"), "the alarm: %s", m.ics);
	cr_assert(strstr(m.text, "chi'ch dau"));
	cr_assert_eq(mail_compose(&fx.mc, unpl, now, &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.subject, "dim pâr i chi yn rownd 1"), "%s", m.subject);
	no_english("unplaced", m.subject);
	/* a survey and its reminder */
	int number = 0, asked = 0;
	cr_assert_eq(app_survey_add(fx.st, &fx.p, "rct", NULL, "t", &number, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(app_survey_send(fx.st, &fx.p, number, false, "t", &asked, &e), 0,
		     "%s", e.msg);
	/* due from when they were queued: claim with the time after it
	 * (`now` can be a second earlier on a loaded machine) */
	int64_t later = time(NULL);
	cr_assert_eq(store_mail_claim(fx.st, "w#2", later, later + 300, 100, &a, &rows,
				      &n, &e), 0);
	int surveys = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].kind, "survey"))
			continue;
		struct mail_row r = rows[i];
		cr_assert_eq(mail_compose(&fx.mc, &r, now, &a, &m, &skip, &e), 0, "%s", e.msg);
		cr_assert(strstr(m.subject, "Sut aeth y treial coffi?"), "%s", m.subject);
		no_english("survey", m.subject);
		no_english("survey", m.text);
		no_english("survey", m.html);
		r.kind = "survey-reminder";
		cr_assert_eq(mail_compose(&fx.mc, &r, now, &a, &m, &skip, &e), 0, "%s", e.msg);
		no_english("survey-reminder", m.subject);
		no_english("survey-reminder", m.text);
		no_english("survey-reminder", m.html);
		surveys++;
		break;
	}
	cr_assert_eq(surveys, 1);
	/* the confirmation goes to someone who has not confirmed yet */
	cr_assert_eq(store_person_set_status(fx.st, fx.people[0].id, PERSON_PENDING,
					     NULL, &e), 0, "%s", e.msg);
	struct mail_row r = *intro;
	r.kind = "confirm";
	r.round_id = r.group_id = 0;
	cr_assert_eq(mail_compose(&fx.mc, &r, now, &a, &m, &skip, &e), 0, "%s", e.msg);
	cr_assert_null(skip);
	cr_assert(strstr(m.subject, "Cadarnhewch"), "%s", m.subject);
	no_english("confirm", m.subject);
	no_english("confirm", m.text);
	no_english("confirm", m.html);
	arena_release(&a);
}

/* A bilingual programme: both languages in every message, the reader's
 * own first, Welsh first when they have not chosen. */
Test(mail_outbox, bilingual_reader_first)
{
	struct arena a;
	struct err e = {0};
	struct mail_row *intro, *unpl;
	const char *skip;
	struct mail_message m;
	set_languages("{\"languages\":\"en,cy\"}");
	arena_init(&a, 0);
	claim_round(&a, &intro, &unpl);
	cr_assert_eq(mail_compose(&fx.mc, intro, time(NULL), &a, &m, &skip, &e), 0);
	const char *cy = strstr(m.text, "Helo Ann"), *en = strstr(m.text, "Hello Ann");
	cr_assert(cy && en && cy < en, "not chosen: Welsh first\n%s", m.text);
	cr_assert(strstr(m.subject, " / "), "%s", m.subject);
	cr_assert(strstr(m.html, "<html lang=\"cy\">"));
	cr_assert(strstr(m.html, "<div lang=\"en\">"));
	cr_assert(strstr(m.ics, "Sgwrs goffi"));
	cr_assert(strstr(m.ics, "Coffee chat"));
	/* Ann chooses English: English first */
	fx.people[0].language = "en";
	cr_assert_eq(store_person_details(fx.st, &fx.people[0], &e), 0, "%s", e.msg);
	cr_assert_eq(mail_compose(&fx.mc, intro, time(NULL), &a, &m, &skip, &e), 0);
	cy = strstr(m.text, "Helo Ann");
	en = strstr(m.text, "Hello Ann");
	cr_assert(cy && en && en < cy, "English first\n%s", m.text);
	cr_assert(strstr(m.html, "<html lang=\"en\">"));
	cr_assert(strstr(m.html, "<div lang=\"cy\">"));
	arena_release(&a);
}

/* Why someone was not placed, in the reader's language: the outbox row
 * carries the matcher's code beside its sentence (mail_unplaced_detail),
 * and the message says it through text_unplaced; a row queued before
 * codes keeps its English sentence. */
Test(mail_outbox, unplaced_reason_in_reader_language)
{
	struct arena a;
	struct err e = {0};
	struct mail_row *intro, *unpl;
	const char *skip;
	struct mail_message m;
	set_languages("{\"languages\":\"cy,en\"}");
	arena_init(&a, 0);
	claim_round(&a, &intro, &unpl);
	cr_assert_str_eq(unpl->detail, "odd one out and no trio allowed",
			 "no code: the sentence alone");
	struct unplaced u = {fx.people[6].id, fx.people[6].email,
			     "nobody left they may meet: 2 met before or blocked, 3 "
			     "share an avoided attribute, 0 fail the mix rule",
			     "nobody|2|3|0"};
	struct mail_row r = *unpl;
	r.detail = mail_unplaced_detail(&a, &u);
	cr_assert_str_eq(r.detail, "nobody|2|3|0\tnobody left they may meet: 2 met "
			 "before or blocked, 3 share an avoided attribute, 0 fail "
			 "the mix rule");
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0,
		     "%s", e.msg);
	const char *cy = strstr(m.text, "does neb ar ôl y cânt gwrdd â nhw: 2 wedi "
				"cwrdd o'r blaen");
	const char *en = strstr(m.text, "nobody left they may meet: 2 met before");
	cr_assert(cy && en && cy < en, "Welsh first, then English:\n%s", m.text);
	cr_assert_null(strstr(m.text, "nobody|"), "never the code itself");
	/* Welsh only: the Welsh reason and no English sentence */
	set_languages("{\"languages\":\"cy\"}");
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.text, "does neb ar ôl"), "%s", m.text);
	no_english("unplaced", m.text);
	no_english("unplaced", m.html);
	/* a tab inside a value of the code does not move the split */
	u.code = "mix_none|role|a\tb";
	u.reason = "mix rule: nobody has role=a\tb to be grouped with";
	r.detail = mail_unplaced_detail(&a, &u);
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.text, "role=a b"), "%s", m.text);
	/* a row queued before codes: its sentence, as written */
	cr_assert_eq(mail_compose(&fx.mc, unpl, time(NULL), &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.text, "odd one out and no trio allowed"), "%s", m.text);
	arena_release(&a);
}

/* The organisers' review email, in the programme's languages: days and
 * times from the row's data, in words of each language; a row queued
 * before (day and time already in English words) still goes. */
Test(mail_outbox, review_in_programme_languages)
{
	struct arena a;
	struct err e = {0};
	const char *skip;
	struct mail_message m;
	struct round r2 = {.programme_id = fx.p.id, .number = 2, .seed = 3};
	struct group g[1];
	memcpy(g, fx.g, sizeof g);
	cr_assert_eq(store_round_insert(fx.st, &r2, g, 1, NULL, 0, &e), 0, "%s", e.msg);
	struct mail_row r = {.id = 9, .programme_id = fx.p.id, .kind = "review",
			     .round_id = r2.id, .rcpt = "org@example.org",
			     .dedupe = "review:r2:o1:ready",
			     .detail = "auto\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London"};
	arena_init(&a, 0);
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0,
		     "%s", e.msg);
	cr_assert_null(skip);
	cr_assert_str_eq(m.subject, "Test Trials: round 2 is ready: review it by "
			 "Friday 1 January 2027");
	cr_assert(strstr(m.text, "published automatically at Monday 4 January 2027 "
			 "at 09:30 (Europe/London)."), "%s", m.text);
	cr_assert(strstr(m.text, "http://127.0.0.1:9/admin/programmes/t/rounds/2"));
	cr_assert(strstr(m.text, "because you organise Test Trials"), "%s", m.text);
	cr_assert_null(strstr(m.text, "Rownd"), "English only: %s", m.text);

	set_languages("{\"languages\":\"cy\"}");
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0);
	cr_assert(strstr(m.subject, "adolygwch hi erbyn dydd Gwener 1 Ionawr 2027"),
		  "%s", m.subject);
	cr_assert(strstr(m.text, "dydd Llun 4 Ionawr 2027 am 09:30 (Europe/London)"),
		  "%s", m.text);
	no_english("review", m.subject);
	no_english("review", m.text);
	cr_assert_null(m.html, "an organiser's notice is plain text");
	/* the review-only reminder and a manual publish, in Welsh only */
	static const char *const cy_only[] = {
		"manual\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London",
		"remind\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London"};
	for (size_t v = 0; v < 2; v++) {
		r.detail = (char *)cy_only[v];
		cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0,
			     "%s", e.msg);
		cr_assert(strstr(m.text, "dydd Llun 4 Ionawr 2027 am 09:30"), "%s", m.text);
		no_english(cy_only[v], m.subject);
		no_english(cy_only[v], m.text);
	}
	r.detail = "auto\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London";

	set_languages("{\"languages\":\"en,cy\"}");
	for (size_t v = 0; v < 3; v++) {
		static const char *const variants[] = {
			"auto\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London",
			"manual\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London",
			"remind\t2\t2027-01-01\t2027-01-04T09:30\tEurope/London"};
		r.detail = (char *)variants[v];
		cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0,
			     "%s", e.msg);
		const char *cy = strstr(m.text, "Mae rownd 2 Test Trials");
		const char *en = strstr(m.text, "Round 2 of Test Trials");
		cr_assert(cy && en && cy < en, "bilingual, Welsh first:\n%s", m.text);
		cr_assert(strstr(m.subject, " / "), "%s", m.subject);
	}
	/* a row queued before: its English words as they are */
	set_languages("{\"languages\":\"en\"}");
	r.detail = "auto\t2\tFriday 1 January 2027\tMonday 4 January 2027 at 09:30 "
		   "(Europe/London)";
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), 0,
		     "%s", e.msg);
	cr_assert(strstr(m.text, "review it by Friday 1 January 2027; it will be "
			 "published automatically at Monday 4 January 2027 at 09:30 "
			 "(Europe/London)."), "%s", m.text);
	r.detail = "bogus\t2\tx\ty";
	cr_assert_eq(mail_compose(&fx.mc, &r, time(NULL), &a, &m, &skip, &e), -1);
	arena_release(&a);
}

/* ---- fill + render, per kind, with no store (compose.h) ---- */

#include "mail/compose.h"

static char *S(const char *s) { return (char *)s; }

/* Renders kind k about facts built here in langs; returns the words. */
static struct mail_words render_kind(struct arena *a, enum mail_kind k,
				     const char *langs, struct tz_cache *zones)
{
	static struct programme p;
	static struct person who, bob;
	struct lang_list ll;
	struct err e = {0};
	p = (struct programme){.id = 1, .slug = S("t"), .name = S("Tea & <Talk>"),
			       .cadence_days = 30, .mix_attribute = S(""),
			       .mix_values = S(""), .settings = S("{}")};
	who = (struct person){.id = 1, .name = S("Ann Abel"), .email = S("a@x.org"),
			      .organisation = S("Org A"), .sector = S(""), .role = S(""),
			      .location = S(""), .timezone = S("Europe/London"),
			      .topics = S(""), .intro = S(""), .language = S("")};
	bob = who;
	bob.id = 2;
	bob.name = S("Bob Bold");
	bob.email = S("b@x.org");
	bob.role = S("Analyst");
	bob.organisation = S("Org <B>");
	struct mail_facts f = {.kind = k, .p = &p, .who = &who, .days_left = -1,
			       .me_link = "http://x/me/T", .unsubscribe_link = "http://x/u/T"};
	switch (k) {
	case MAIL_CONFIRM:
		f.confirm_link = "http://x/confirm/T";
		break;
	case MAIL_WELCOME:
		f.welcome = true;
		f.added = true;
		f.next_local = "2027-01-04T09:30";
		f.next_zone = "Europe/London";
		f.contact = "org@x.org";
		break;
	case MAIL_SURVEY:
	case MAIL_SURVEY_REMINDER:
		f.survey = "How was the coffee trial?";
		f.survey_link = "http://x/s/T";
		break;
	case MAIL_UNPLACED:
		f.round = true;
		f.round_no = 3;
		f.deadline = "2027-02-03";
		f.reason = "alone\tthe only person in the round";
		break;
	default: /* the round kinds with a group */
		f.round = true;
		f.round_no = 3;
		f.deadline = "2027-02-03";
		f.days_left = 2;
		f.group = true;
		f.others[0] = &bob;
		f.no = 1;
		f.first = &who;
		f.met_link = "http://x/r/M";
		f.missed_link = "http://x/r/X";
		if (k == MAIL_INTRO) {
			f.has_slot = true;
			f.slot = 1801562400; /* 2027-02-02T10:00:00Z */
			f.shared = "Affordable <homes>";
		}
		break;
	}
	struct mail_words w;
	cr_assert_eq(lang_list_parse(langs, "languages", &ll, &e), 0);
	cr_assert_eq(mail_render(&f, &ll, ll.v[0], zones, a, &w, &e), 0,
		     "%s: %s", mail_kind_name(k), e.msg);
	return w;
}

Test(mail_render, every_kind_in_both_languages)
{
	/* per kind: a piece of the English subject, of the Welsh subject,
	 * and of the English text only that kind's filling makes */
	static const struct {
		enum mail_kind k;
		const char *en, *cy, *filled;
	} want[] = {
		{MAIL_CONFIRM, "Please confirm your place in Tea & <Talk>",
		 "Cadarnhewch eich lle yn Tea & <Talk>", "http://x/confirm/T"},
		{MAIL_WELCOME, "Welcome to Tea & <Talk>", "Croeso i Tea & <Talk>",
		 "Monday 4 January 2027 at 09:30 (Europe/London)"},
		{MAIL_INTRO, "Tea & <Talk>: meet Bob Bold", "cwrdd â Bob Bold",
		 "Affordable <homes>"},
		{MAIL_UNPLACED, "no match for you in round 3", "dim pâr i chi yn rownd 3",
		 "the only person in the round"},
		{MAIL_REMINDER, "Reminder: your Tea & <Talk> chat with Bob Bold",
		 "Nodyn atgoffa: eich sgwrs", "2 days from now"},
		{MAIL_CHECKIN, "Did you meet Bob Bold?", "Wnaethoch chi gwrdd â Bob Bold?",
		 "We did not meet: http://x/r/X"},
		{MAIL_NUDGE, "we have paused your matches", "rydym wedi oedi eich paru",
		 "Pick up again whenever you like: http://x/me/T"},
		{MAIL_SURVEY, "Tea & <Talk>: How was the coffee trial?",
		 "Sut aeth y treial coffi?", "http://x/s/T"},
		{MAIL_SURVEY_REMINDER, "Reminder: How was the coffee trial?",
		 "Nodyn atgoffa: Sut aeth y treial coffi?", "This is the only reminder"},
	};
	struct tz_cache zones;
	tz_cache_init(&zones);
	cr_assert_eq(sizeof want / sizeof want[0], MAIL_KIND_COUNT, "every kind");
	for (size_t i = 0; i < MAIL_KIND_COUNT; i++) {
		struct arena a;
		arena_init(&a, 0);
		const char *kn = mail_kind_name(want[i].k);
		struct mail_words en = render_kind(&a, want[i].k, "en", &zones);
		cr_assert(strstr(en.subject, want[i].en), "%s: %s", kn, en.subject);
		cr_assert(strstr(en.text, want[i].filled), "%s:\n%s", kn, en.text);
		cr_assert(strstr(en.text, "Unsubscribe: http://x/u/T"), "%s: footer", kn);
		/* HTML: the template's text and every value escaped, links
		 * made anchors, the programme's name never raw */
		cr_assert(strstr(en.html, "<html lang=\"en\">"), "%s", kn);
		cr_assert(strstr(en.html, "<title>"), "%s: a title (the subject)", kn);
		cr_assert(strstr(en.html, "Tea &amp; &lt;Talk&gt;"), "%s:\n%s", kn, en.html);
		cr_assert_null(strstr(en.html, "<Talk>"), "%s:\n%s", kn, en.html);
		cr_assert(strstr(en.html, "<a href=\"http://x/u/T\">http://x/u/T</a>"),
			  "%s:\n%s", kn, en.html);
		cr_assert_null(strpbrk(en.subject, "\r\n"), "%s: one line", kn);

		struct mail_words cy = render_kind(&a, want[i].k, "cy", &zones);
		cr_assert(strstr(cy.subject, want[i].cy), "%s: %s", kn, cy.subject);
		cr_assert(strstr(cy.text, "Helo Ann"), "%s:\n%s", kn, cy.text);
		cr_assert(strstr(cy.html, "<html lang=\"cy\">"), "%s", kn);
		no_english(kn, cy.subject);
		no_english(kn, cy.text);
		no_english(kn, cy.html);

		struct mail_words both = render_kind(&a, want[i].k, "cy,en", &zones);
		const char *c = strstr(both.text, "Helo Ann"), *e2 = strstr(both.text, "Hello Ann");
		cr_assert(c && e2 && c < e2, "%s: Welsh, then English", kn);
		cr_assert(strstr(both.html, "<div lang=\"en\">"), "%s", kn);
		if (want[i].k == MAIL_INTRO) {
			cr_assert(strstr(en.html, "<li><strong>Bob Bold</strong>, Analyst at "
					 "Org &lt;B&gt;"), "%s", en.html);
			cr_assert(strstr(en.ics_summary, "Coffee chat with Bob Bold"));
			cr_assert(strstr(cy.ics_summary, "Sgwrs goffi gyda Bob Bold"));
			cr_assert(strstr(both.ics_summary, " / "));
			cr_assert(strstr(cy.text, "dydd Mawrth 2 Chwefror am 10:00"), "%s",
				  cy.text);
		} else {
			cr_assert_null(en.ics_summary, "%s: no calendar entry", kn);
		}
		arena_release(&a);
	}
	tz_cache_release(&zones);
}

/* decide is pure: what was loaded in, facts or a reason to skip out. */
Test(mail_decide, skips_and_turns)
{
	struct mail_loaded ld = {0};
	struct mail_facts f;
	const char *skip;
	struct person members[2] = {
		{.id = 1, .name = S("Ann Abel"), .status = PERSON_ACTIVE},
		{.id = 2, .name = S("Bob Bold"), .status = PERSON_ACTIVE},
	};
	struct mail_row r = {.kind = S("intro"), .round_id = 5, .group_id = 7,
			     .detail = S("")};
	ld.who = members[0];
	ld.p = (struct programme){.name = S("T"), .cadence_days = 30};
	ld.has_round = true;
	ld.rd = (struct round){.number = 3, .state = ROUND_PUBLISHED,
			       .deadline = S("2027-02-03"), .published_at = S("")};
	ld.members = members;
	ld.nm = 2;
	time_t now = 1801000000; /* 2027-01-26 */
	mail_decide(&r, MAIL_INTRO, &ld, false, now, &f, &skip);
	cr_assert_null(skip);
	cr_assert(f.group && f.no == 1 && f.others[0]->id == 2 && f.first->id == 1);
	cr_assert_eq(f.days_left, 8);
	/* the partner left: the introduction becomes "unplaced", all left */
	members[1].status = PERSON_LEFT;
	mail_decide(&r, MAIL_INTRO, &ld, false, now, &f, &skip);
	cr_assert_null(skip);
	cr_assert(f.kind == MAIL_UNPLACED && f.all_left && !f.group);
	/* ... and a reminder to the one left in it does not go */
	mail_decide(&r, MAIL_REMINDER, &ld, false, now, &f, &skip);
	cr_assert_str_eq(skip, "no longer in the group");
	members[1].status = PERSON_ACTIVE;
	/* a draft round: only a preview composes it, with a deadline */
	ld.rd.state = ROUND_DRAFT;
	ld.rd.deadline = S("");
	mail_decide(&r, MAIL_INTRO, &ld, false, now, &f, &skip);
	cr_assert_str_eq(skip, "round not published");
	mail_decide(&r, MAIL_INTRO, &ld, true, now, &f, &skip);
	cr_assert_null(skip);
	cr_assert_str_eq(f.deadline, "2027-02-25");
	/* the reader left; a pending sign-up gets only its confirmation */
	ld.who.status = PERSON_LEFT;
	mail_decide(&r, MAIL_INTRO, &ld, true, now, &f, &skip);
	cr_assert_str_eq(skip, "person left");
	ld.who.status = PERSON_PENDING;
	mail_decide(&r, MAIL_WELCOME, &ld, true, now, &f, &skip);
	cr_assert_str_eq(skip, "person not active");
	/* an added person whose first introduction is queued: no welcome;
	 * the introduction opens with the welcome's words */
	ld.who.status = PERSON_ACTIVE;
	ld.ws = (struct mail_welcome_state){.added = true, .intro_queued = true};
	mail_decide(&r, MAIL_WELCOME, &ld, true, now, &f, &skip);
	cr_assert_str_eq(skip, "welcomed by the first introduction");
	mail_decide(&r, MAIL_INTRO, &ld, true, now, &f, &skip);
	cr_assert(!skip && f.lead && f.welcome);
	/* an unplaced row's reason: the packed code and sentence */
	struct mail_row u = {.kind = S("unplaced"), .round_id = 5,
			     .detail = S("alone\tthe only person in the round")};
	ld.members = NULL;
	ld.rd.state = ROUND_PUBLISHED;
	mail_decide(&u, MAIL_UNPLACED, &ld, false, now, &f, &skip);
	cr_assert(!skip && !strcmp(f.reason, u.detail));
}
