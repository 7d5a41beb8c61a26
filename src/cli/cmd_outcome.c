/* cuppa outcome: record what one person says about their group. */
#include "cli/commands.h"

#include "app/app.h"

int cmd_outcome(struct cli *c, int argc, char **argv)
{
	const char *rating_s = NULL, *comment = NULL;
	const struct cli_opt opts[] = {
		{"--rating", &rating_s, NULL}, {"--comment", &comment, NULL},
		{NULL, NULL, NULL},
	};
	const char *pos[4];
	struct arena a;
	struct programme p;
	struct err e = {0};
	enum outcome o;
	long long number, rating = 0;
	int npos, rc = CLI_FAIL;
	if (cli_parse(c, "outcome", argc, argv, 1, opts, pos, 4, &npos) < 0)
		return CLI_USAGE;
	if (npos != 4)
		return cli_usage_error(c, "outcome", "needs PROGRAMME ROUND EMAIL met|missed");
	if (cli_int(pos[1], 1, 1000000, &number) < 0)
		return cli_usage_error(c, "outcome", "'%s' is not a round number", pos[1]);
	if (outcome_parse(pos[3], &o) < 0 || o == OUTCOME_NONE)
		return cli_usage_error(c, "outcome", "'%s' is not met or missed", pos[3]);
	if (rating_s && cli_int(rating_s, 1, 5, &rating) < 0)
		return cli_usage_error(c, "outcome", "--rating: must be from 1 to 5");
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0)
		goto done;
	if (app_outcome_record(c->st, &p, (int)number, pos[2], o, (int)rating,
			       comment, &e) < 0) {
		rc = e.code == ERR_INVALID && e.field[0]
			     ? cli_usage_error(c, "outcome", "%s: %s", e.field, e.msg)
			     : cli_fail(c, &e);
		goto done;
	}
	fprintf(c->out, "recorded: %s for round %lld\n", outcome_name(o), number);
	rc = CLI_OK;
done:
	arena_release(&a);
	return rc;
}
