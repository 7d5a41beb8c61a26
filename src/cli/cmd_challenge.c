/* cuppa challenge: the challenges board from the command line. */
#include "cli/commands.h"

#include <string.h>

#include "app/app_challenge.h"

int cmd_challenge(struct cli *c, int argc, char **argv)
{
	bool json = false, all = false;
	const struct cli_opt opts[] = {{"--json", NULL, &json},
				       {"--all", NULL, &all},
				       {NULL, NULL, NULL}};
	const char *pos[1];
	struct arena a;
	struct programme p;
	struct err e = {0};
	json_t *j = NULL;
	int npos, rc = CLI_FAIL;
	if (argc < 2 || strcmp(argv[1], "list"))
		return cli_usage_error(c, "challenge", "needs list");
	if (cli_parse(c, "challenge", argc, argv, 2, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "challenge", "list needs PROGRAMME");
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0)
		goto done;
	if (app_challenge_list_json(c->st, &p, all, &j, &e) < 0) {
		rc = cli_fail(c, &e);
		goto done;
	}
	if (json) {
		char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			cli_print_json(c, s);
		free(s);
	} else {
		json_t *arr = json_object_get(j, "challenges"), *x;
		size_t i;
		json_array_foreach(arr, i, x)
			fprintf(c->out, "%4lld  %-8s %3lld people, %2lld organisations%s  %s\n",
				(long long)json_integer_value(json_object_get(x, "id")),
				json_string_value(json_object_get(x, "state")),
				(long long)json_integer_value(json_object_get(x, "people")),
				(long long)json_integer_value(json_object_get(x, "organisations")),
				json_is_true(json_object_get(x, "solved")) ? ", solved" : "",
				json_string_value(json_object_get(x, "title")));
		if (json_array_size(arr) == 0)
			fprintf(c->out, "no challenges on the board of %s\n", p.slug);
	}
	rc = CLI_OK;
done:
	json_decref(j);
	arena_release(&a);
	return rc;
}
