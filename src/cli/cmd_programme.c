/* cuppa programme: add, set and list programmes. */
#include "cli/commands.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_schedule.h"
#include "core/programme.h"

struct programme_opts {
	const char *cadence, *group_size, *avoid, *mix, *repeat_after, *weights;
	const char *board, *board_moderation, *languages;
	bool missed_repeat, json;
};

/* Applies the options given on the command line to p. */
static int programme_apply(struct cli *c, const char *cmd,
			   const struct programme_opts *o, struct arena *a,
			   struct programme *p)
{
	struct err e = {0};
	long long v;
	if (o->cadence) {
		if (cli_int(o->cadence, 1, 365, &v) < 0)
			return cli_usage_error(c, cmd, "--cadence-days: '%s' is not a"
					       " number of days from 1 to 365", o->cadence);
		p->cadence_days = (int)v;
	}
	if (o->group_size) {
		if (cli_int(o->group_size, 2, 3, &v) < 0)
			return cli_usage_error(c, cmd, "--group-size: must be 2 or 3");
		p->group_size = (int)v;
	}
	if (o->repeat_after) {
		if (cli_int(o->repeat_after, 0, 1000, &v) < 0)
			return cli_usage_error(c, cmd, "--repeat-after: '%s' is not a"
					       " number of rounds (0 = never)", o->repeat_after);
		p->repeat_after = (int)v;
	}
	if (o->avoid && programme_avoid_parse(o->avoid, &p->avoid_same, &e) < 0)
		return cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg);
	if (o->mix) {
		char attr[32], values[256];
		if (!*o->mix) {
			p->mix_attribute = "";
			p->mix_values = "";
		} else if (programme_mix_parse(o->mix, attr, values, &e) < 0) {
			return cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg);
		} else {
			p->mix_attribute = arena_strdup(a, attr);
			p->mix_values = arena_strdup(a, values);
		}
	}
	if (o->missed_repeat)
		p->allow_missed_repeat = true;
	if (o->weights &&
	    programme_weights_set(p->settings, o->weights, a, &p->settings, &e) < 0)
		return cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg);
	if ((o->board || o->board_moderation) &&
	    programme_board_set(p->settings, o->board, o->board_moderation, a,
				&p->settings, &e) < 0)
		return cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg);
	if (o->languages &&
	    programme_languages_set(p->settings, o->languages, "languages", a,
				    &p->settings, &e) < 0)
		return cli_usage_error(c, cmd, "--%s: %s", e.field, e.msg);
	return CLI_OK;
}

static json_t *programme_json(const struct programme *p)
{
	json_t *avoid = json_array();
	for (unsigned bit = 1; bit <= MATCH_ATTR_SECTOR; bit <<= 1)
		if (p->avoid_same & bit)
			json_array_append_new(avoid, json_string(programme_attr_name(bit)));
	json_t *weights = programme_weights_json(p);
	struct lang_list langs;
	char lc[16];
	programme_languages(p, &langs);
	lang_list_format(&langs, lc, sizeof lc);
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:o, s:s, s:s, s:i, s:b, s:o*, s:s, s:s}",
			 "id", (json_int_t)p->id, "slug", p->slug, "name", p->name,
			 "cadence_days", p->cadence_days, "group_size", p->group_size,
			 "avoid_same", avoid, "mix_attribute", p->mix_attribute,
			 "mix_values", p->mix_values, "repeat_after", p->repeat_after,
			 "allow_missed_repeat", p->allow_missed_repeat,
			 "weights", weights, "created_at", p->created_at,
			 "languages", lc);
}

static int programme_list(struct cli *c, bool json, struct arena *a)
{
	struct err e = {0};
	struct programme *list;
	size_t n;
	if (app_programme_list(c->st, a, &list, &n, &e) < 0)
		return cli_fail(c, &e);
	if (json) {
		json_t *arr = json_array();
		char *s;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, programme_json(&list[i]));
		s = json_dumps(arr, JSON_INDENT(2));
		json_decref(arr);
		if (!s)
			return CLI_FAIL;
		cli_print_json(c, s);
		free(s);
		return CLI_OK;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(c->out, "%-24s %-30s every %d days, groups of %d\n",
			list[i].slug, list[i].name, list[i].cadence_days,
			list[i].group_size);
	if (n == 0)
		fprintf(c->out, "no programmes yet: cuppa programme add NAME\n");
	return CLI_OK;
}

int cmd_programme(struct cli *c, int argc, char **argv)
{
	struct programme_opts o = {0};
	struct schedule_input so = {0};
	const struct cli_opt opts[] = {
		{"--start", &so.start, NULL},
		{"--timezone", &so.timezone, NULL},
		{"--monthly", NULL, &so.monthly},
		{"--review-days", &so.review_days, NULL},
		{"--auto-publish", NULL, &so.auto_publish},
		{"--review-only", NULL, &so.review_only},
		{"--rounds", &so.rounds, NULL},
		{"--pause", NULL, &so.pause},
		{"--resume", NULL, &so.resume},
		{"--cadence-days", &o.cadence, NULL},
		{"--group-size", &o.group_size, NULL},
		{"--avoid-same", &o.avoid, NULL},
		{"--mix", &o.mix, NULL},
		{"--repeat-after", &o.repeat_after, NULL},
		{"--weights", &o.weights, NULL},
		{"--board", &o.board, NULL},
		{"--board-moderation", &o.board_moderation, NULL},
		{"--languages", &o.languages, NULL},
		{"--allow-missed-repeat", NULL, &o.missed_repeat},
		{"--json", NULL, &o.json},
		{NULL, NULL, NULL},
	};
	const char *pos[2];
	struct arena a;
	struct programme p;
	struct err e = {0};
	int npos, rc = CLI_FAIL;
	if (argc < 2)
		return cli_usage_error(c, "programme", "needs add, set or list");
	if (cli_take_repeated(&argc, argv, "--skip", so.skips, 24, &so.nskips) < 0)
		return cli_usage_error(c, "programme", "--skip: at most 24 windows");
	if (cli_parse(c, "programme", argc, argv, 2, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	arena_init(&a, 0);
	so.cadence = o.cadence;
	if (!cli_store(c))
		goto done;
	if (strcmp(argv[1], "list") == 0) {
		rc = npos ? cli_usage_error(c, "programme", "list takes no name")
			  : programme_list(c, o.json, &a);
	} else if (strcmp(argv[1], "add") == 0) {
		if (npos != 1) {
			rc = cli_usage_error(c, "programme", "add needs a NAME");
			goto done;
		}
		programme_defaults(&p);
		p.name = (char *)pos[0];
		if ((rc = programme_apply(c, "programme", &o, &a, &p)) != CLI_OK ||
		    (rc = cli_schedule_apply(c, "programme", &so, &a, &p)) != CLI_OK)
			goto done;
		if (app_programme_add(c->st, &p, &a, "cli", &e) < 0) {
			rc = cli_fail(c, &e);
			goto done;
		}
		fprintf(c->out, "programme %s added (every %d days, groups of %d)\n",
			p.slug, p.cadence_days, p.group_size);
		/* A command-line programme has no organiser yet: say how to
		 * give it one, or nobody sees it on the dashboard. */
		fprintf(c->out, "Organisers see it on the dashboard once granted: "
				"cuppa admin grant EMAIL %s\n", p.slug);
		rc = CLI_OK;
	} else if (strcmp(argv[1], "set") == 0) {
		if (npos != 1) {
			rc = cli_usage_error(c, "programme", "set needs a NAME");
			goto done;
		}
		if (cli_programme(c, pos[0], &a, &p) < 0)
			goto done;
		if ((rc = programme_apply(c, "programme", &o, &a, &p)) != CLI_OK ||
		    (rc = cli_schedule_apply(c, "programme", &so, &a, &p)) != CLI_OK)
			goto done;
		rc = app_programme_update(c->st, &p, "cli", &e) < 0 ? cli_fail(c, &e)
								     : CLI_OK;
		if (rc == CLI_OK)
			fprintf(c->out, "programme %s updated\n", p.slug);
	} else {
		rc = cli_usage_error(c, "programme", "unknown action '%s'", argv[1]);
	}
done:
	arena_release(&a);
	return rc;
}
