/* notify: see notify.h.  Dedupe keys: KIND:rROUND:uPERSON, and
 * confirm:uPERSON:HOUR, welcome:uPERSON. */
#include "mail/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/mail.h"
#include "store/store_mail.h"
#include "util/arena.h"
#include "util/clock.h"
#include "text/text.h"

#define CHECKIN_DAYS 14   /* check-ins still go out this long after */
#define NUDGE_AFTER_DAYS 3
#define NUDGE_STREAK 3

static int enqueue(struct store *st, int64_t programme_id, int64_t person,
		   enum mail_kind k, int64_t round_id, int64_t group_id,
		   const char *rcpt, const char *detail, const char *dedupe,
		   bool *inserted, struct err *e)
{
	struct mail_row r = {
		.programme_id = programme_id,
		.person_id = person,
		.kind = (char *)mail_kind_name(k),
		.round_id = round_id,
		.group_id = group_id,
		.dedupe = (char *)dedupe,
		.rcpt = (char *)rcpt,
		.detail = (char *)detail,
		.due_at = mail_pace_now(),
	};
	return store_mail_enqueue(st, &r, inserted, e);
}

/* Fills one outbox row of a round; key holds its dedupe key. */
static void round_row(struct mail_row *r, int64_t programme_id, int64_t person,
		      enum mail_kind k, int64_t round_id, int64_t group_id,
		      const char *rcpt, const char *detail, char *key)
{
	snprintf(key, 96, "%s:r%lld:u%lld", mail_kind_name(k),
		 (long long)round_id, (long long)person);
	*r = (struct mail_row){
		.programme_id = programme_id,
		.person_id = person,
		.kind = (char *)mail_kind_name(k),
		.round_id = round_id,
		.group_id = group_id,
		.dedupe = key,
		.rcpt = (char *)rcpt,
		.detail = (char *)detail,
		.due_at = mail_pace_now(),
	};
}

char *mail_unplaced_detail(struct arena *a, const struct unplaced *u)
{
	return text_unplaced_pack(a, u->code, u->reason);
}

/* Every row of a round in one batch: a publish of 100,000 people is one
 * round trip to PostgreSQL, not 100,000. */
int mail_enqueue_round(struct store *st, const struct programme *p,
		       const struct round_detail *rd, struct err *e)
{
	struct arena a;
	struct mail_row *rows;
	char (*keys)[96];
	size_t n = rd->nunplaced, k = 0;
	int64_t rid = rd->round.id;
	int rc;
	for (size_t g = 0; g < rd->ngroups; g++)
		n += (size_t)(rd->groups[g].n < 3 ? rd->groups[g].n : 3);
	arena_init(&a, 0);
	rows = arena_calloc(&a, n ? n : 1, sizeof *rows);
	keys = arena_calloc(&a, n ? n : 1, sizeof *keys);
	if (!rows || !keys) {
		arena_release(&a);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	for (size_t g = 0; g < rd->ngroups; g++) {
		const struct group *gr = &rd->groups[g];
		for (int m = 0; m < gr->n && m < 3; m++, k++)
			round_row(&rows[k], p->id, gr->member[m].person_id, MAIL_INTRO,
				  rid, gr->id, gr->member[m].email, "", keys[k]);
	}
	for (size_t u = 0; u < rd->nunplaced; u++, k++) {
		char *detail = mail_unplaced_detail(&a, &rd->unplaced[u]);
		if (!detail) {
			arena_release(&a);
			return err_set(e, ERR_INTERNAL, "out of memory");
		}
		round_row(&rows[k], p->id, rd->unplaced[u].person_id, MAIL_UNPLACED,
			  rid, 0, rd->unplaced[u].email, detail, keys[k]);
	}
	rc = store_mail_enqueue_many(st, rows, k, e);
	arena_release(&a);
	return rc;
}

int mail_enqueue_confirm(struct store *st, const struct programme *p,
			 const struct person *who, struct err *e)
{
	char key[96], hour[21];
	clock_instant(clock_now(), hour);
	hour[13] = '\0'; /* YYYY-MM-DDTHH */
	snprintf(key, sizeof key, "confirm:u%lld:%s", (long long)who->id, hour);
	return enqueue(st, p->id, who->id, MAIL_CONFIRM, 0, 0, who->email, "",
		       key, NULL, e);
}

int mail_enqueue_welcome(struct store *st, const struct programme *p,
			 const struct person *who, struct err *e)
{
	char key[96];
	snprintf(key, sizeof key, "welcome:u%lld", (long long)who->id);
	return enqueue(st, p->id, who->id, MAIL_WELCOME, 0, 0, who->email, "",
		       key, NULL, e);
}

int mail_enqueue_welcomes(struct store *st, const struct programme *p,
			  struct err *e)
{
	return store_mail_enqueue_welcomes(st, p->id, mail_pace_now(), e);
}

int mail_unsubscribe(struct store *st, int64_t person_id, struct err *e)
{
	if (store_person_set_status(st, person_id, PERSON_LEFT, NULL, e) < 0)
		return -1;
	return store_mail_cancel_person(st, person_id, e) < 0 ? -1 : 0;
}

/* ---- the scheduler ---- */

static int cmp_person(const void *a, const void *b)
{
	int64_t x = ((const struct person *)a)->id;
	int64_t y = ((const struct person *)b)->id;
	return (x > y) - (x < y);
}

static const struct person *find_person(struct person *v, size_t n,
					int64_t id)
{
	struct person key = {.id = id};
	if (!n)
		return NULL;
	return bsearch(&key, v, n, sizeof *v, cmp_person);
}

static bool reachable(const struct person *p)
{
	return p && (p->status == PERSON_ACTIVE || p->status == PERSON_SKIP_NEXT);
}

static int day_diff(const char *a, const char *b)
{
	time_t x, y;
	if (clock_parse_day(a, &x) < 0 || clock_parse_day(b, &y) < 0)
		return 0;
	return (int)((x - y) / 86400);
}

static int schedule_round(struct store *st, const struct programme *p,
			  const struct round_detail *rd, struct person *people,
			  size_t npeople, const char *today,
			  struct mail_schedule_stats *stats, struct err *e)
{
	char key[96];
	int64_t rid = rd->round.id;
	/* days from today to the deadline: > 0 before it */
	int left = day_diff(rd->round.deadline, today);
	bool remind = rd->round.state == ROUND_PUBLISHED && left > 0 &&
		      left <= mail_reminder_days(p->cadence_days);
	bool checkin = left <= 0 && -left <= CHECKIN_DAYS;
	bool nudge = -left >= NUDGE_AFTER_DAYS && -left <= CHECKIN_DAYS + NUDGE_AFTER_DAYS;

	if (!remind && !checkin && !nudge)
		return 0;
	for (size_t g = 0; g < rd->ngroups; g++) {
		const struct group *gr = &rd->groups[g];
		bool met = false;
		for (int m = 0; m < gr->n; m++)
			met |= gr->member[m].outcome == OUTCOME_MET;
		if (met)
			continue;
		for (int m = 0; m < gr->n && m < 3; m++) {
			const struct member *mb = &gr->member[m];
			const struct person *who =
				find_person(people, npeople, mb->person_id);
			bool ins;
			/* A pause applies from the next round: someone who
			 * paused after publishing still hears about the group
			 * that stands, but is not nudged (paused already). */
			bool paused = who && who->status == PERSON_PAUSED;
			if (mb->outcome != OUTCOME_NONE ||
			    !(reachable(who) || paused))
				continue;
			if (remind) {
				snprintf(key, sizeof key, "reminder:r%lld:u%lld",
					 (long long)rid, (long long)who->id);
				if (enqueue(st, p->id, who->id, MAIL_REMINDER, rid,
					    gr->id, who->email, "", key, &ins, e) < 0)
					return -1;
				stats->reminders += ins;
			}
			if (checkin) {
				snprintf(key, sizeof key, "checkin:r%lld:u%lld",
					 (long long)rid, (long long)who->id);
				if (enqueue(st, p->id, who->id, MAIL_CHECKIN, rid,
					    gr->id, who->email, "", key, &ins, e) < 0)
					return -1;
				stats->checkins += ins;
			}
			if (nudge && !paused) {
				int count, unanswered;
				if (store_mail_checkins(st, who->id, NUDGE_STREAK,
							&count, &unanswered, e) < 0)
					return -1;
				if (count < NUDGE_STREAK || unanswered < NUDGE_STREAK)
					continue;
				snprintf(key, sizeof key, "nudge:r%lld:u%lld",
					 (long long)rid, (long long)who->id);
				if (enqueue(st, p->id, who->id, MAIL_NUDGE, rid,
					    gr->id, who->email, "", key, &ins, e) < 0)
					return -1;
				if (!ins)
					continue;
				/* Paused with no end: the nudge's link brings
				 * them back.  Audited by id, never by email. */
				char detail[64];
				snprintf(detail, sizeof detail,
					 "person=%lld reason=three-unanswered",
					 (long long)who->id);
				if (store_person_set_status(st, who->id, PERSON_PAUSED,
							    "", e) < 0 ||
				    store_audit(st, p->id, "mail", "person.pause",
						detail, e) < 0)
					return -1;
				stats->nudges++;
			}
		}
	}
	return 0;
}

struct schedule_job {
	const struct programme *p;
	const char *today;
	struct mail_schedule_stats *stats;
	struct arena *a;
};

/* One programme's reminders, check-ins, nudges and survey reminders:
 * inside store_tx's transaction (the one helper app_tx is built on:
 * mail/ is beneath app/, which queues mail through it). */
static int schedule_work(struct store *st, void *arg, struct err *e)
{
	struct schedule_job *j = arg;
	const struct programme *p = j->p;
	struct round *rounds;
	struct person *people;
	size_t nr, np;
	if (store_round_list(st, p->id, j->a, &rounds, &nr, e) < 0 ||
	    store_person_list(st, p->id, j->a, &people, &np, e) < 0)
		return -1;
	/* An empty programme lists no people and a NULL array: qsort's
	 * arguments must not be NULL even for zero elements (C11 7.22.5). */
	if (np > 1)
		qsort(people, np, sizeof *people, cmp_person);
	for (size_t i = 0; i < nr; i++) {
		struct round_detail rd;
		if (rounds[i].state == ROUND_DRAFT || !*rounds[i].deadline)
			continue;
		int left = day_diff(rounds[i].deadline, j->today);
		if (left > mail_reminder_days(p->cadence_days) ||
		    -left > CHECKIN_DAYS + NUDGE_AFTER_DAYS)
			continue;
		if (store_round_detail(st, p->id, rounds[i].number, j->a, &rd, e) < 0 ||
		    schedule_round(st, p, &rd, people, np, j->today, j->stats, e) < 0)
			return -1;
	}
	return mail_schedule_surveys(st, p, j->today, &j->stats->survey_reminders, e);
}

static int schedule_programme(struct store *st, const struct programme *p,
			      const char *today,
			      struct mail_schedule_stats *stats, struct err *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct schedule_job j = {p, today, stats, &a};
	int rc = store_tx(st, schedule_work, &j, e);
	arena_release(&a);
	return rc;
}

int mail_schedule(struct store *st, time_t now,
		  struct mail_schedule_stats *stats, struct err *e)
{
	struct arena a;
	struct programme *ps;
	size_t n;
	char today[11];
	int ret = -1;
	memset(stats, 0, sizeof *stats);
	clock_day(now, today);
	arena_init(&a, 0);
	if (store_programme_list(st, &a, &ps, &n, e) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (schedule_programme(st, &ps[i], today, stats, e) < 0)
			goto done;
	ret = 0;
done:
	arena_release(&a);
	return ret;
}
