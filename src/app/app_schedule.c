/* app_schedule: the scheduler (see app_schedule.h). */
#include "app/app_schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "util/clock.h"
#include "text/text.h"

int app_schedule_check(const struct programme *p, struct err *e)
{
	struct schedule s;
	struct tz *z = NULL;
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0 ||
	    schedule_check(&s, e) < 0)
		return -1;
	if (!s.on)
		return 0;
	if (tz_load(s.zone, &z, NULL) < 0)
		return err_field(e, ERR_INVALID, "timezone",
				 N_("'%s' is not a known time zone (an IANA name "
				 "such as Europe/London)"), s.zone);
	tz_free(z);
	return 0;
}

/* ---- settings from options (CLI, dashboard, API) ---- */

int app_schedule_apply(const struct programme *p, const struct schedule_input *o,
		       struct arena *a, char **settings, struct err *e)
{
	struct schedule s;
	char *end;
	long v;
	bool off = o->start && (!*o->start || !strcmp(o->start, "none"));
	bool any = o->start || o->timezone || o->monthly || o->review_days ||
		   o->auto_publish || o->review_only || o->nskips || o->rounds ||
		   o->pause || o->resume;
	*settings = p->settings;
	if (!any && !o->cadence)
		return 0;
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0)
		return -1;
	s.cadence_days = p->cadence_days;
	if (o->start && !off &&
	    schedule_parse_start(o->start, &s.start_day, &s.start_min, e) < 0)
		return -1;
	if (o->start)
		s.on = !off;
	if (any && !s.on && !off)
		return err_field(e, ERR_INVALID, "start",
				 "a schedule needs a start: YYYY-MM-DDTHH:MM "
				 "(local time)");
	if (o->timezone) {
		struct tz *z;
		if (!tz_name_ok(o->timezone) || tz_load(o->timezone, &z, NULL) < 0)
			return err_field(e, ERR_INVALID, "timezone",
					 N_("'%s' is not a known time zone (an IANA "
					 "name such as Europe/London)"), o->timezone);
		tz_free(z);
		snprintf(s.zone, sizeof s.zone, "%s", o->timezone);
	}
	if (o->monthly && o->cadence)
		return err_field(e, ERR_INVALID, "monthly",
				 "give either monthly or a number of days "
				 "between rounds, not both");
	if (o->monthly)
		s.monthly = true;
	else if (o->cadence)
		s.monthly = false;
	if (o->review_days) {
		v = strtol(o->review_days, &end, 10);
		if (!*o->review_days || *end || v < 0 || v > 365)
			return err_field(e, ERR_INVALID, "review-days",
					 N_("'%s' is not a number of days"), o->review_days);
		s.review_days = (int)v;
	}
	if (o->auto_publish && o->review_only)
		return err_field(e, ERR_INVALID, "review-only",
				 "give either auto-publish or review-only");
	if (o->auto_publish)
		s.review_only = false;
	if (o->review_only)
		s.review_only = true;
	if (o->nskips) {
		s.nskips = 0;
		for (int i = 0; i < o->nskips; i++) {
			if (!*o->skips[i] || !strcmp(o->skips[i], "none"))
				continue;
			if (s.nskips >= SCHEDULE_SKIPS_MAX)
				return err_field(e, ERR_INVALID, "skip", "at most 24 windows");
			if (schedule_parse_skip(o->skips[i], &s.skips[s.nskips], e) < 0)
				return -1;
			s.nskips++;
		}
	}
	if (o->rounds) {
		v = strtol(o->rounds, &end, 10);
		if (!*o->rounds || !strcmp(o->rounds, "none"))
			s.rounds = 0;
		else if (*end || v < 1 || v > SCHEDULE_ROUNDS_MAX)
			return err_field(e, ERR_INVALID, "rounds",
					 N_("'%s' must be a number of rounds from 1 to %d"
					 " (or none for no limit)"), o->rounds,
					 SCHEDULE_ROUNDS_MAX);
		else
			s.rounds = (int)v;
	}
	if (o->pause && o->resume)
		return err_field(e, ERR_INVALID, "pause", "give either pause or resume");
	if (o->pause)
		s.paused = true;
	if (o->resume)
		s.paused = false;
	if (schedule_check(&s, e) < 0)
		return -1;
	return schedule_to_settings(p->settings, &s, a, settings, e);
}

/* ---- what the rounds table says ---- */

struct rounds_now {
	int latest;          /* highest published or closed number, 0 */
	int draft;           /* number of the draft, 0 when none */
	int64_t draft_id;
};

static int rounds_now(struct store *st, int64_t pid, struct arena *a,
		      struct rounds_now *out, struct err *e)
{
	struct round *r;
	size_t n;
	memset(out, 0, sizeof *out);
	if (store_round_list(st, pid, a, &r, &n, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (r[i].state == ROUND_DRAFT) {
			out->draft = r[i].number;
			out->draft_id = r[i].id;
		} else if (r[i].number > out->latest) {
			out->latest = r[i].number;
		}
	}
	return 0;
}

/* Places the state on a slot: first use (the first slot publishing after
 * now: a schedule applies from when it is set), or after a round was
 * published by hand (publish early): the next slot after now.  True when
 * it changed. */
static bool normalise(const struct schedule *s, const struct tz *z,
		      time_t now, const struct rounds_now *rn,
		      struct schedule_state *stt)
{
	struct schedule_slot sl;
	bool fresh = stt->slot < 0;
	if (!fresh && stt->round > rn->latest)
		return false;
	if (schedule_next(s, z, stt->slot, (int64_t)now, &sl) < 0)
		sl.k = SCHEDULE_SLOTS_MAX;
	stt->slot = sl.k;
	stt->round = rn->latest + 1;
	stt->drafted = false;
	if (!fresh)
		stt->held = false; /* the held round was published by hand */
	return true;
}

enum step { STEP_NONE, STEP_DRAFT, STEP_PUBLISH, STEP_REMIND };

static const char *const step_names[] = {"", "draft", "publish", "remind"};

static char *local_day(struct arena *a, const struct tz *z, time_t now)
{
	int64_t l = (int64_t)now + tz_offset(z, (int64_t)now);
	int64_t d = l / 86400 - (l % 86400 < 0);
	return schedule_day_iso(a, d);
}

static enum step decide(const struct schedule *s, const struct tz *z,
			time_t now, const struct schedule_state *stt,
			struct arena *a)
{
	struct schedule_slot sl;
	if (s->paused || stt->slot >= SCHEDULE_SLOTS_MAX ||
	    (s->rounds && stt->round > s->rounds))
		return STEP_NONE;
	schedule_slot(s, z, stt->slot, &sl);
	if (s->review_only) {
		if (!stt->drafted)
			return now >= sl.draft ? STEP_DRAFT : STEP_NONE;
		return strcmp(local_day(a, z, now), stt->reminded) > 0
			       ? STEP_REMIND : STEP_NONE;
	}
	if (now >= sl.publish && !stt->held)
		return STEP_PUBLISH;
	if (!stt->drafted && now >= sl.draft)
		return STEP_DRAFT;
	return STEP_NONE;
}

/* ---- organisers' mail ---- */

static int tell_organisers(struct store *st, const struct programme *p,
			   const struct schedule *s, const struct tz *z,
			   const struct schedule_state *stt, int64_t round_id,
			   const char *variant, const char *day, struct arena *a,
			   struct err *e)
{
	struct organiser_addr *o;
	struct schedule_slot sl;
	size_t n;
	schedule_slot(s, z, stt->slot, &sl);
	if (store_schedule_organisers(st, p->id, a, &o, &n, e) < 0)
		return -1;
	/* days and times as data: the composer says them in each
	 * language (mail/review.h) */
	char *detail = arena_printf(a, "%s\t%d\t%s\t%s\t%s", variant, stt->round,
				    schedule_day_iso(a, sl.day),
				    schedule_local_iso(a, z, sl.publish), s->zone);
	for (size_t i = 0; i < n; i++) {
		char *dedupe = arena_printf(a, "review:r%lld:o%lld:%s",
					    (long long)round_id, (long long)o[i].id,
					    day ? day : "ready");
		if (!detail || !dedupe)
			return err_set(e, ERR_INTERNAL, "out of memory");
		if (store_schedule_mail(st, p->id, o[i].id, o[i].email, "review",
					round_id, dedupe, detail,
					(int64_t)time(NULL), NULL, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- the steps, each inside the caller's transaction ---- */

static int step_draft(struct store *st, const struct programme *p,
		      const struct schedule *s, const struct tz *z,
		      struct schedule_state *stt, const struct rounds_now *rn,
		      struct arena *a, struct err *e)
{
	int number = rn->draft;
	int64_t id = rn->draft_id;
	if (number != stt->round) {
		/* An organiser's own draft of this round is kept. */
		struct round_detail rd;
		if (app_round_new_in_tx(st, p, app_round_seed(), "scheduler", a,
					&number, e) < 0 ||
		    store_round_detail(st, p->id, number, a, &rd, e) < 0)
			return -1;
		id = rd.round.id;
	}
	stt->drafted = true;
	stt->reminded = local_day(a, z, clock_now());
	return tell_organisers(st, p, s, z, stt, id,
			       s->review_only ? "manual" : "auto", NULL, a, e);
}

static int step_publish(struct store *st, const struct programme *p,
			const struct schedule *s, const struct tz *z,
			time_t now, struct schedule_state *stt,
			const struct rounds_now *rn, struct arena *a,
			int *changes, struct err *e)
{
	int number = rn->draft;
	struct schedule_slot sl;
	*changes = 0;
	if (number != stt->round) {
		/* Nothing ran at draft time (an outage): form it now. */
		if (app_round_new_in_tx(st, p, app_round_seed(), "scheduler", a,
					&number, e) < 0)
			return -1;
	} else if (app_schedule_refresh(st, p, number, changes, e) < 0) {
		return -1;
	}
	if (app_round_publish_in_tx(st, p, number, "scheduler", e) < 0)
		return -1;
	/* One round, once: the schedule continues at the first slot after
	 * now, however many were missed. */
	if (schedule_next(s, z, stt->slot, (int64_t)now, &sl) < 0)
		sl.k = SCHEDULE_SLOTS_MAX;
	stt->slot = sl.k;
	stt->round = number + 1;
	stt->drafted = false;
	stt->held = false;
	return 0;
}

/* ---- one programme ---- */

/* One tick's state.  Zones are loaded once per tick, not once per
 * programme: most programmes share a few. */
#define TICK_ZONES 16
struct tick {
	struct store *st;
	time_t now;
	json_t *steps;
	int nsteps;
	size_t nzones;
	struct {
		char name[65];
		struct tz *z;
	} zones[TICK_ZONES];
};

static int load_zone(const struct schedule *s, struct tz **z, struct err *e)
{
	if (tz_load(s->zone, z, NULL) < 0)
		return err_field(e, ERR_INVALID, "timezone",
				 N_("'%s' is not a known time zone"), s->zone);
	return 0;
}

/* Fault injection for the crash tests: with CUPPA_TEST_STEP_DELAY_MS set,
 * a step announces itself on stderr and waits that long before its
 * commit, so a test can kill -9 the process inside the transaction. */
static void test_stall(const char *step)
{
	const char *v = getenv("CUPPA_TEST_STEP_DELAY_MS");
	char *end;
	long ms = v ? strtol(v, &end, 10) : 0;
	if (!v || *end || ms <= 0 || ms > 600000)
		return;
	fprintf(stderr, "cuppa: test: %s step waiting %ld ms before commit\n",
		step, ms);
	fflush(stderr);
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* The zone of s from the tick's zones (loaded on first use); *own is
 * set when it could not be kept there (the caller frees it). */
static int tick_zone(struct tick *t, const struct schedule *s,
		     const struct tz **z, struct tz **own, struct err *e)
{
	*own = NULL;
	for (size_t i = 0; i < t->nzones; i++)
		if (!strcmp(t->zones[i].name, s->zone)) {
			*z = t->zones[i].z;
			return 0;
		}
	if (load_zone(s, own, e) < 0)
		return -1;
	*z = *own;
	if (t->nzones < TICK_ZONES) {
		snprintf(t->zones[t->nzones].name, sizeof t->zones[0].name, "%s", s->zone);
		t->zones[t->nzones++].z = *own;
		*own = NULL;
	}
	return 0;
}

/* One step of a programme's schedule, decided again under its lock. */
struct tick_step {
	struct tick *t;
	const struct programme *p;
	const struct schedule *s;
	const struct tz *z;
	struct arena *a;
	enum step step;
	int round, changes;
	char at[21];
};

static int tick_step(struct app_tx *tx, void *arg, struct err *e)
{
	struct tick_step *ts = arg;
	const struct programme *p = ts->p;
	const struct schedule *s = ts->s;
	struct arena *a = ts->a;
	time_t now = ts->t->now;
	struct schedule_state stt;
	struct rounds_now rn;
	enum step step;
	if (store_schedule_lock(tx->st, p->id, e) < 0 ||
	    store_schedule_get(tx->st, p->id, a, &stt, e) < 0 ||
	    rounds_now(tx->st, p->id, a, &rn, e) < 0)
		return -1;
	normalise(s, ts->z, now, &rn, &stt);
	step = ts->step = decide(s, ts->z, now, &stt, a);
	ts->round = stt.round;
	if (step == STEP_DRAFT) {
		if (step_draft(tx->st, p, s, ts->z, &stt, &rn, a, e) < 0)
			return -1;
	} else if (step == STEP_PUBLISH) {
		if (step_publish(tx->st, p, s, ts->z, now, &stt, &rn, a,
				 &ts->changes, e) < 0)
			return -1;
	} else if (step == STEP_REMIND) {
		stt.reminded = local_day(a, ts->z, now);
		if (tell_organisers(tx->st, p, s, ts->z, &stt, rn.draft_id,
				    "remind", stt.reminded, a, e) < 0)
			return -1;
	}
	clock_instant(now, ts->at);
	if (step != STEP_NONE) {
		test_stall(step_names[step]);
		stt.last_step = arena_printf(a, "%s %d", step_names[step],
					     ts->round);
		stt.last_step_at = ts->at;
		tx->au->action = arena_printf(a, "schedule.%s", step_names[step]);
		tx->au->detail = arena_printf(a, "round=%d", ts->round);
	}
	return store_schedule_put(tx->st, &stt, e);
}

static int tick_programme(struct tick *t, const struct programme *p,
			  struct err *e)
{
	struct schedule s;
	const struct tz *z;
	struct tz *own;
	struct arena a;
	int rc = -1;
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0)
		return -1;
	if (!s.on || s.paused)
		return 0;
	if (tick_zone(t, &s, &z, &own, e) < 0)
		return -1;
	arena_init(&a, 0);
	for (int guard = 0; guard < 4; guard++) {
		struct schedule_state stt;
		struct rounds_now rn;
		struct tick_step ts = {t, p, &s, z, &a, STEP_NONE, 0, 0, ""};
		struct app_audit au = {p->id, "scheduler", NULL, NULL};
		/* Decide without a lock first: most ticks end here. */
		if (store_schedule_get(t->st, p->id, &a, &stt, e) < 0 ||
		    rounds_now(t->st, p->id, &a, &rn, e) < 0)
			goto done;
		bool moved = normalise(&s, z, t->now, &rn, &stt);
		if (!moved && decide(&s, z, t->now, &stt, &a) == STEP_NONE)
			break;
		/* Then lock, re-read and decide again: exactly once. */
		if (app_tx(t->st, tick_step, &ts, &au, e) < 0)
			goto done;
		if (ts.step == STEP_NONE)
			break;
		t->nsteps++;
		if (t->steps)
			json_array_append_new(
				t->steps, json_pack("{s:s, s:s, s:i, s:i, s:s}",
						    "programme", p->slug, "step",
						    step_names[ts.step], "round",
						    ts.round, "changes", ts.changes,
						    "at", ts.at));
	}
	rc = 0;
done:
	arena_release(&a);
	tz_free(own);
	return rc;
}

static int lease_seconds(void)
{
	const char *v = getenv("CUPPA_SCHEDULER_LEASE");
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	return v && *end == '\0' && n >= 1 && n <= 3600 ? (int)n : 60;
}

int app_schedule_tick(struct store *st, time_t now, const char *holder,
		      json_t **steps, bool *leased, struct err *e)
{
	struct tick t = {.st = st, .now = now};
	struct programme *list;
	size_t n;
	struct arena a;
	struct err first = {0};
	int64_t real = (int64_t)time(NULL);
	int rc = 0;
	char at[21];
	*leased = false;
	if (steps)
		*steps = t.steps = json_array();
	if (store_scheduler_lease(st, holder, real, real + lease_seconds(),
				  leased, e) < 0)
		return -1;
	if (!*leased)
		return 0;
	arena_init(&a, 0);
	if (store_programme_list(st, &a, &list, &n, e) < 0) {
		rc = -1;
		first = *e;
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct err pe = {0};
		/* One programme's trouble (a bad zone) must not stop the
		 * others: carry on, report the first error. */
		if (tick_programme(&t, &list[i], &pe) < 0 && rc == 0) {
			rc = -1;
			first = pe;
			snprintf(first.msg, sizeof first.msg, "%.64s: %.900s", list[i].slug,
				 pe.msg);
		}
	}
	clock_instant(now, at);
	struct err re = {0};
	if (store_scheduler_record(st, holder, at, real, rc == 0 ? "ok" : "error",
				   t.nsteps, rc == 0 ? "" : first.msg, &re) < 0 &&
	    rc == 0) {
		rc = -1;
		first = re;
	}
	/* The record gave the lease back, so the next tick (another
	 * process, perhaps) need not wait for it to run out; if recording
	 * failed, give it back anyway. */
	if (re.code)
		store_scheduler_release(st, holder, NULL);
	for (size_t i = 0; i < t.nzones; i++)
		tz_free(t.zones[i].z);
	arena_release(&a);
	if (rc < 0 && e)
		*e = first;
	return rc;
}

/* ---- organiser actions ---- */

/* An organiser's action on p's schedule, under its lock. */
struct schedule_act {
	const struct programme *p;
	time_t now;
	struct schedule s;
	struct tz *z;
	enum { ACT_HOLD, ACT_RELEASE, ACT_SKIP } what;
	int skipped;
};

static int schedule_act(struct app_tx *tx, void *arg, struct err *e)
{
	struct schedule_act *sa = arg;
	const struct programme *p = sa->p;
	struct schedule_state stt;
	struct rounds_now rn;
	struct schedule_slot sl;
	if (store_schedule_lock(tx->st, p->id, e) < 0 ||
	    store_schedule_get(tx->st, p->id, tx->a, &stt, e) < 0 ||
	    rounds_now(tx->st, p->id, tx->a, &rn, e) < 0)
		return -1;
	normalise(&sa->s, sa->z, sa->now, &rn, &stt);
	if (sa->what == ACT_SKIP) {
		if (rn.draft == stt.round &&
		    store_round_delete_draft(tx->st, p->id, e) < 0)
			return -1;
		sa->skipped = stt.round;
		if (schedule_next(&sa->s, sa->z, stt.slot, (int64_t)sa->now, &sl) < 0)
			sl.k = SCHEDULE_SLOTS_MAX;
		stt.slot = sl.k;
		stt.drafted = false;
		stt.held = false;
	} else {
		stt.held = sa->what == ACT_HOLD;
	}
	tx->au->detail = arena_printf(tx->a, "round=%d", stt.round);
	return store_schedule_put(tx->st, &stt, e) < 0 ||
		       store_notify(tx->st, STORE_SCHEDULE_CHANNEL, e) < 0
		       ? -1 : 0;
}

/* Runs sa on p's schedule (ERR_CONFLICT when the programme is manual),
 * audited as action. */
static int schedule_act_tx(struct store *st, struct schedule_act *sa,
			   const char *actor, const char *action,
			   struct err *e)
{
	const struct programme *p = sa->p;
	struct app_audit au = {p->id, actor, action, NULL};
	int rc;
	if (schedule_from_settings(p->settings, p->cadence_days, &sa->s, e) < 0)
		return -1;
	if (!sa->s.on)
		return err_set(e, ERR_CONFLICT,
			       N_("%s has no schedule (no --start): its rounds are "
			       "published by hand"), p->slug);
	if (load_zone(&sa->s, &sa->z, e) < 0)
		return -1;
	rc = app_tx(st, schedule_act, sa, &au, e);
	tz_free(sa->z);
	return rc;
}

int app_schedule_hold(struct store *st, const struct programme *p,
		      bool hold, const char *actor, struct err *e)
{
	struct schedule_act sa = {.p = p, .now = clock_now(),
				  .what = hold ? ACT_HOLD : ACT_RELEASE};
	return schedule_act_tx(st, &sa, actor,
			       hold ? "schedule.hold" : "schedule.release", e);
}

int app_schedule_skip(struct store *st, const struct programme *p,
		      time_t now, const char *actor, int *skipped,
		      struct err *e)
{
	struct schedule_act sa = {.p = p, .now = now, .what = ACT_SKIP};
	if (schedule_act_tx(st, &sa, actor, "schedule.skip", e) < 0)
		return -1;
	*skipped = sa.skipped;
	return 0;
}

/* ---- the view ---- */

int app_schedule_view(struct store *st, const struct programme *p,
		      time_t now, struct arena *a, struct schedule_view *out,
		      struct err *e)
{
	struct tz *z = NULL;
	struct rounds_now rn;
	struct schedule_slot sl;
	memset(out, 0, sizeof *out);
	if (schedule_from_settings(p->settings, p->cadence_days, &out->s, e) < 0 ||
	    store_schedule_get_with_run(st, p->id, a, &out->state, &out->run,
					e) < 0)
		return -1;
	if (!out->s.on)
		return 0;
	if (load_zone(&out->s, &z, e) < 0 ||
	    rounds_now(st, p->id, a, &rn, e) < 0) {
		tz_free(z);
		return -1;
	}
	normalise(&out->s, z, now, &rn, &out->state);
	out->finished = out->s.rounds && out->state.round > out->s.rounds;
	int k = out->state.slot, round = out->state.round;
	for (; out->n < SCHEDULE_VIEW_MAX && k < SCHEDULE_SLOTS_MAX; round++) {
		if (out->s.rounds && round > out->s.rounds)
			break;
		if (round == out->state.round)
			schedule_slot(&out->s, z, k, &sl);
		else if (schedule_next(&out->s, z, k, INT64_MIN, &sl) < 0)
			break;
		k = sl.k;
		struct schedule_upcoming *u = &out->next[out->n++];
		u->round = round;
		u->draft = sl.draft;
		u->publish = sl.publish;
		u->draft_local = schedule_local_iso(a, z, sl.draft);
		u->publish_local = schedule_local_iso(a, z, sl.publish);
	}
	tz_free(z);
	return 0;
}

json_t *app_schedule_json(const struct programme *p,
			  const struct schedule_view *v, struct arena *a)
{
	json_t *rounds = json_array(), *skips = json_array();
	char du[21], pu[21];
	for (int i = 0; i < v->n; i++) {
		clock_instant((time_t)v->next[i].draft, du);
		clock_instant((time_t)v->next[i].publish, pu);
		json_array_append_new(
			rounds, json_pack("{s:i, s:s, s:s, s:s, s:s}", "round",
					  v->next[i].round, "draft_local",
					  v->next[i].draft_local, "draft_utc", du,
					  "publish_local", v->next[i].publish_local,
					  "publish_utc", pu));
	}
	for (size_t i = 0; i < v->s.nskips; i++)
		json_array_append_new(
			skips, json_pack("{s:s, s:s}", "from",
					 schedule_day_iso(a, v->s.skips[i].from), "to",
					 schedule_day_iso(a, v->s.skips[i].to)));
	json_t *last = json_pack("{s:s, s:s, s:i, s:s}", "at", v->run.last_run_at,
				 "result", v->run.last_result, "steps",
				 v->run.last_steps, "error", v->run.last_error);
	if (!v->s.on) {
		json_decref(rounds);
		json_decref(skips);
		return json_pack("{s:s, s:b, s:o}", "programme", p->slug,
				 "scheduled", 0, "last_run", last);
	}
	return json_pack("{s:s, s:b, s:s, s:s, s:s, s:i, s:i, s:s, s:b, s:b, s:b,"
			 " s:i, s:o, s:o, s:o}",
			 "programme", p->slug, "scheduled", 1, "start",
			 arena_printf(a, "%sT%02d:%02d",
				      schedule_day_iso(a, v->s.start_day),
				      v->s.start_min / 60, v->s.start_min % 60),
			 "timezone", v->s.zone, "cadence",
			 v->s.monthly ? "monthly" : "days", "cadence_days",
			 v->s.cadence_days, "review_days", v->s.review_days,
			 "publish", v->s.review_only ? "review-only" : "auto",
			 "paused", v->s.paused, "held", v->state.held,
			 "finished", v->finished, "rounds", v->s.rounds, "next",
			 rounds, "skips", skips, "last_run", last);
}

int app_schedule_changes(struct store *st, int64_t round_id, struct arena *a,
			 struct round_change **out, size_t *n, struct err *e)
{
	return store_round_change_list(st, round_id, a, out, n, e);
}
