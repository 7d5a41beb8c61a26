/* cuppa round: new, show, publish, list. */
#include "cli/commands.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"

static void round_print_text(struct cli *c, const struct programme *p,
			     const struct round_detail *rd)
{
	fprintf(c->out, "%s round %d (%s), %zu groups", p->slug, rd->round.number,
		round_state_name(rd->round.state), rd->ngroups);
	if (*rd->round.deadline)
		fprintf(c->out, ", meet by %s", rd->round.deadline);
	fprintf(c->out, "\n");
	for (size_t g = 0; g < rd->ngroups; g++) {
		const struct group *gr = &rd->groups[g];
		fprintf(c->out, "  %3zu.", g + 1);
		for (int m = 0; m < gr->n; m++)
			fprintf(c->out, "%s %s (%s)%s", m ? " +" : "", gr->member[m].name,
				gr->member[m].organisation,
				gr->member[m].outcome != OUTCOME_NONE
					? (gr->member[m].outcome == OUTCOME_MET ? " [met]"
										: " [missed]")
					: "");
		fprintf(c->out, "\n");
	}
	for (size_t u = 0; u < rd->nunplaced; u++)
		fprintf(c->out, "  unplaced: %s: %s\n", rd->unplaced[u].email,
			rd->unplaced[u].reason);
}

static int round_print(struct cli *c, const struct programme *p,
		       const struct round_detail *rd, bool json)
{
	if (json) {
		json_t *j = app_round_json(p, rd);
		char *s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
		json_decref(j);
		if (!s)
			return CLI_FAIL;
		cli_print_json(c, s);
		free(s);
	} else {
		round_print_text(c, p, rd);
	}
	return CLI_OK;
}

static int round_list(struct cli *c, const struct programme *p, bool json,
		      struct arena *a)
{
	struct round *rounds;
	struct err e = {0};
	size_t n;
	if (app_round_list(c->st, p, a, &rounds, &n, &e) < 0)
		return cli_fail(c, &e);
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		if (arr)
			json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:s}",
				"round", rounds[i].number,
				"state", round_state_name(rounds[i].state),
				"published_at", rounds[i].published_at,
				"deadline", rounds[i].deadline));
		else
			fprintf(c->out, "round %d %-9s %s\n", rounds[i].number,
				round_state_name(rounds[i].state), rounds[i].deadline);
	}
	if (arr) {
		char *s = json_dumps(arr, JSON_INDENT(2));
		json_decref(arr);
		if (!s)
			return CLI_FAIL;
		cli_print_json(c, s);
		free(s);
	}
	return CLI_OK;
}

static int parse_round(struct cli *c, const char *s, int *out)
{
	long long v;
	if (cli_int(s, 1, 1000000, &v) < 0)
		return cli_usage_error(c, "round", "'%s' is not a round number", s);
	*out = (int)v;
	return CLI_OK;
}

static int round_run(struct cli *c, const char *action, const char **pos,
		     int npos, const char *seed_s, bool json, struct arena *a)
{
	struct programme p;
	struct round_detail rd;
	struct err e = {0};
	int number = 0;
	long long seed = 0;
	if (npos < 1)
		return cli_usage_error(c, "round", "%s needs a PROGRAMME", action);
	if (seed_s && (strcmp(action, "new") != 0 ||
		       cli_int(seed_s, 0, (1LL << 53) - 1, &seed) < 0))
		return cli_usage_error(c, "round", "--seed: needs a whole number from"
				       " 0 to 2^53-1, with new");
	if (npos > 2 || (npos == 2 && parse_round(c, pos[1], &number) != CLI_OK))
		return CLI_USAGE;
	if (cli_programme(c, pos[0], a, &p) < 0)
		return CLI_FAIL;
	if (strcmp(action, "new") == 0) {
		if (npos != 1)
			return cli_usage_error(c, "round", "new takes only PROGRAMME");
		if (app_round_new(c->st, &p, seed_s != NULL, (uint64_t)seed, "cli", a,
				  &rd, &e) < 0)
			return cli_fail(c, &e);
		return round_print(c, &p, &rd, json);
	}
	if (strcmp(action, "show") == 0) {
		if (app_round_get(c->st, &p, number, a, &rd, &e) < 0)
			return cli_fail(c, &e);
		return round_print(c, &p, &rd, json);
	}
	if (strcmp(action, "publish") == 0) {
		if (npos != 2)
			return cli_usage_error(c, "round", "publish needs PROGRAMME ROUND");
		if (app_round_publish(c->st, &p, number, "cli", &e) < 0)
			return cli_fail(c, &e);
		fprintf(c->out, "round %d of %s published\n", number, p.slug);
		return CLI_OK;
	}
	if (strcmp(action, "list") == 0)
		return round_list(c, &p, json, a);
	if (!strcmp(action, "hold") || !strcmp(action, "release") ||
	    !strcmp(action, "skip"))
		return cli_round_schedule(c, action, &p);
	return cli_usage_error(c, "round", "unknown action '%s'", action);
}

int cmd_round(struct cli *c, int argc, char **argv)
{
	const char *seed = NULL;
	bool json = false;
	const struct cli_opt opts[] = {
		{"--seed", &seed, NULL}, {"--json", NULL, &json}, {NULL, NULL, NULL},
	};
	const char *pos[3];
	struct arena a;
	int npos, rc;
	if (argc < 2)
		return cli_usage_error(c, "round", "needs new, show, publish, list, hold, release or skip");
	if (cli_parse(c, "round", argc, argv, 2, opts, pos, 3, &npos) < 0)
		return CLI_USAGE;
	if (!cli_store(c))
		return CLI_FAIL;
	arena_init(&a, 0);
	rc = round_run(c, argv[1], pos, npos, seed, json, &a);
	arena_release(&a);
	return rc;
}
