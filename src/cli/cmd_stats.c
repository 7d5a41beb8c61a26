/* cuppa stats: a programme's figures, as text or JSON. */
#include "cli/commands.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "insight/insight_stats.h"

static void stats_text(struct cli *c, json_t *j)
{
	json_t *people = json_object_get(j, "people");
	json_t *out = json_object_get(j, "outcomes");
	const char *k;
	json_t *v;
	fprintf(c->out, "%s: %lld people (", json_string_value(json_object_get(j, "name")),
		(long long)json_integer_value(json_object_get(people, "total")));
	int first = 1;
	json_object_foreach(people, k, v) {
		if (json_integer_value(v) == 0 || !strcmp(k, "total"))
			continue;
		fprintf(c->out, "%s%lld %s", first ? "" : ", ",
			(long long)json_integer_value(v), k);
		first = 0;
	}
	fprintf(c->out, ")\n%lld rounds, %lld groups: %lld met, %lld missed,"
		" %lld no answer (%.0f%% met)\n",
		(long long)json_integer_value(json_object_get(j, "rounds")),
		(long long)json_integer_value(json_object_get(j, "groups")),
		(long long)json_integer_value(json_object_get(out, "met")),
		(long long)json_integer_value(json_object_get(out, "missed")),
		(long long)json_integer_value(json_object_get(out, "no_answer")),
		100.0 * json_real_value(json_object_get(j, "completion_rate")));
}

int cmd_stats(struct cli *c, int argc, char **argv)
{
	bool json = false;
	const char *round_s = NULL;
	const struct cli_opt opts[] = {
		{"--json", NULL, &json}, {"--round", &round_s, NULL},
		{NULL, NULL, NULL},
	};
	const char *pos[1];
	struct arena a;
	struct programme p;
	struct err e = {0};
	json_t *j = NULL;
	long long upto = 0;
	int npos, rc = CLI_FAIL;
	if (cli_parse(c, "stats", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "stats", "needs a PROGRAMME");
	if (round_s && cli_int(round_s, 1, 1000000, &upto) < 0)
		return cli_usage_error(c, "stats", "--round: '%s' is not a round number",
				       round_s);
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0)
		goto done;
	if (app_stats(c->st, &p, (int)upto, &j, &e) < 0 ||
	    insight_stats_add(c->st, &p, (int)upto, j, &e) < 0) {
		cli_fail(c, &e);
		goto done;
	}
	if (json) {
		char *s = json_dumps(j, JSON_INDENT(2));
		if (!s)
			goto done;
		cli_print_json(c, s);
		free(s);
	} else {
		stats_text(c, j);
	}
	rc = CLI_OK;
done:
	json_decref(j);
	arena_release(&a);
	return rc;
}
