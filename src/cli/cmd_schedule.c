/* cuppa tick, cuppa schedule, the schedule options of `programme add|set`
 * and `round hold|release|skip`. */
#include "cli/commands.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app_schedule.h"
#include "util/clock.h"

int cli_take_repeated(int *argc, char **argv, const char *name,
		      const char **values, int max, int *n)
{
	size_t len = strlen(name);
	int out = 0;
	*n = 0;
	for (int i = 0; i < *argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], name) == 0 && i + 1 < *argc)
			v = argv[++i];
		else if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=')
			v = argv[i] + len + 1;
		if (!v) {
			argv[out++] = argv[i];
			continue;
		}
		if (*n >= max)
			return -1;
		values[(*n)++] = v;
	}
	*argc = out;
	return 0;
}

int cli_schedule_apply(struct cli *c, const char *cmd,
		       const struct schedule_input *in, struct arena *a,
		       struct programme *p)
{
	struct err e = {0};
	if (app_schedule_apply(p, in, a, &p->settings, &e) < 0)
		return e.code == ERR_INVALID
			       ? cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg)
			       : cli_fail(c, &e);
	return CLI_OK;
}

/* ---- cuppa tick ---- */

int cmd_tick(struct cli *c, int argc, char **argv)
{
	bool json = false, leased;
	const struct cli_opt opts[] = {{"--json", NULL, &json}, {NULL, NULL, NULL}};
	const char *pos[1];
	int npos;
	struct err e = {0};
	json_t *steps = NULL;
	char holder[64];
	int rc;
	if (cli_parse(c, "tick", argc, argv, 1, opts, pos, 0, &npos) < 0)
		return CLI_USAGE;
	if (!cli_store(c))
		return CLI_FAIL;
	snprintf(holder, sizeof holder, "tick:%ld", (long)getpid());
	rc = app_schedule_tick(c->st, clock_now(), holder, &steps, &leased, &e);
	if (json) {
		json_t *doc = json_pack("{s:b, s:O, s:s}", "leased", leased, "steps",
					steps, "result", rc == 0 ? "ok" : "error");
		char *s = json_dumps(doc, JSON_INDENT(2));
		if (s)
			cli_print_json(c, s);
		free(s);
		json_decref(doc);
	} else if (!leased) {
		fprintf(c->out, "another scheduler is running; nothing done\n");
	} else {
		size_t i;
		json_t *st;
		json_array_foreach(steps, i, st) {
			fprintf(c->out, "%s: %s round %d",
				json_string_value(json_object_get(st, "programme")),
				json_string_value(json_object_get(st, "step")),
				(int)json_integer_value(json_object_get(st, "round")));
			int ch = (int)json_integer_value(json_object_get(st, "changes"));
			if (ch)
				fprintf(c->out, " (%d change%s since the draft)", ch,
					ch == 1 ? "" : "s");
			fputc('\n', c->out);
		}
		if (json_array_size(steps) == 0)
			fprintf(c->out, "nothing due\n");
	}
	json_decref(steps);
	return rc == 0 ? CLI_OK : cli_fail(c, &e);
}

/* ---- cuppa schedule ---- */

int cmd_schedule(struct cli *c, int argc, char **argv)
{
	bool json = false;
	const struct cli_opt opts[] = {{"--json", NULL, &json}, {NULL, NULL, NULL}};
	const char *pos[1];
	int npos, rc = CLI_FAIL;
	struct arena a;
	struct programme p;
	struct schedule_view v;
	struct err e = {0};
	if (cli_parse(c, "schedule", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "schedule", "needs a PROGRAMME");
	if (!cli_store(c))
		return CLI_FAIL;
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0)
		goto done;
	if (app_schedule_view(c->st, &p, clock_now(), &a, &v, &e) < 0) {
		rc = cli_fail(c, &e);
		goto done;
	}
	if (json) {
		json_t *doc = app_schedule_json(&p, &v, &a);
		char *s = json_dumps(doc, JSON_INDENT(2));
		if (s)
			cli_print_json(c, s);
		free(s);
		json_decref(doc);
		rc = CLI_OK;
		goto done;
	}
	if (!v.s.on) {
		fprintf(c->out, "%s has no schedule: rounds are published by hand"
				" (programme set %s --start YYYY-MM-DDTHH:MM)\n",
			p.slug, p.slug);
	} else {
		fprintf(c->out, "%s: %s at %02d:%02d %s, draft %d day%s before,"
				" %s%s%s\n", p.slug,
			v.s.monthly ? "monthly" : arena_printf(&a, "every %d days",
							      v.s.cadence_days),
			v.s.start_min / 60, v.s.start_min % 60, v.s.zone,
			v.s.review_days, v.s.review_days == 1 ? "" : "s",
			v.s.review_only ? "review-only (never published by itself)"
					: "published automatically",
			v.s.paused ? "; PAUSED" : "", v.state.held ? "; next round HELD" : "");
		if (v.finished)
			fprintf(c->out, "finished: all %d rounds are done\n", v.s.rounds);
		fprintf(c->out, "%-6s %-17s %-21s %-17s %s\n", "round", "draft (local)",
			"draft (UTC)", "publish (local)", "publish (UTC)");
		for (int i = 0; i < v.n; i++) {
			char du[21], pu[21];
			clock_instant((time_t)v.next[i].draft, du);
			clock_instant((time_t)v.next[i].publish, pu);
			fprintf(c->out, "%-6d %-17s %-21s %-17s %s\n", v.next[i].round,
				v.next[i].draft_local, du, v.next[i].publish_local, pu);
		}
		for (size_t i = 0; i < v.s.nskips; i++)
			fprintf(c->out, "skipped: %s to %s\n",
				schedule_day_iso(&a, v.s.skips[i].from),
				schedule_day_iso(&a, v.s.skips[i].to));
	}
	if (*v.run.last_result)
		fprintf(c->out, "last run: %s, %s (%d step%s)%s%s\n",
			v.run.last_run_at, v.run.last_result, v.run.last_steps,
			v.run.last_steps == 1 ? "" : "s", *v.run.last_error ? ": " : "",
			v.run.last_error);
	else
		fprintf(c->out, "last run: never (run cuppa serve, cuppa mail run"
				" or cuppa tick)\n");
	rc = CLI_OK;
done:
	arena_release(&a);
	return rc;
}

/* ---- round hold|release|skip ---- */

int cli_round_schedule(struct cli *c, const char *action,
		       const struct programme *p)
{
	struct err e = {0};
	if (!strcmp(action, "hold") || !strcmp(action, "release")) {
		bool hold = !strcmp(action, "hold");
		if (app_schedule_hold(c->st, p, hold, "cli", &e) < 0)
			return cli_fail(c, &e);
		fprintf(c->out, hold ? "%s: the next round is held: it will not be"
				       " published until released\n"
				     : "%s: released: the next round is published on"
				       " schedule\n", p->slug);
		return CLI_OK;
	}
	int n;
	if (app_schedule_skip(c->st, p, clock_now(), "cli", &n, &e) < 0)
		return cli_fail(c, &e);
	fprintf(c->out, "%s: the next scheduled date is skipped; round %d moves"
			" to the one after\n", p->slug, n);
	return CLI_OK;
}
