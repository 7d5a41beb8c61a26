/*
 * cuppa: Randomised Coffee Trials.  Parses the global options, finds the
 * subcommand in the table (cli/commands.c) and runs it.  This is the only
 * place that sets process-wide state (locale, stdout buffering).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "util/clock.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cuppa [--db PATH] COMMAND [ARGS...]\n\n"
		"Runs Randomised Coffee Trials: people sign up, are paired at random\n"
		"each round, meet, and say whether they met.\n\n"
		"The database is PATH, else $CUPPA_DB, else ./cuppa.db.\n\n"
		"Commands:\n");
	for (const struct cli_command *k = cli_commands; k->name; k++)
		fprintf(f, "  %-12s %s\n", k->name, k->summary);
	fprintf(f, "\n`cuppa COMMAND --help` describes each command.\n");
}

/* Settings from the environment are checked once, here, so a typo is
 * reported instead of silently ignored. */
static int check_environment(void)
{
	const char *now = getenv("CUPPA_NOW");
	time_t t;
	if (now && *now && clock_parse_instant(now, &t) < 0) {
		fprintf(stderr, "cuppa: CUPPA_NOW: '%s' is not YYYY-MM-DD or"
			" YYYY-MM-DDTHH:MM:SSZ\n", now);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c = {.out = stdout, .err = stderr};
	int i = 1, rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "cuppa: libsodium failed to initialise\n");
		return CLI_FAIL;
	}
	if (check_environment() < 0)
		return CLI_USAGE;
	c.db_path = getenv("CUPPA_DB");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db_path = argv[i] + 5;
		} else if (strcmp(argv[i], "-h") == 0 ||
			   strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return CLI_OK;
		} else {
			fprintf(stderr, "cuppa: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (!c.db_path || !*c.db_path)
		c.db_path = "cuppa.db";
	if (i >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (strcmp(k->name, argv[i]) != 0)
			continue;
		if (cli_wants_help(argc - i, argv + i))
			return cli_help(&c, k->name);
		rc = k->fn(&c, argc - i, argv + i);
		if (c.st)
			store_close(c.st);
		if (fflush(stdout) != 0) {
			fprintf(stderr, "cuppa: cannot write output\n");
			rc = CLI_FAIL;
		}
		return rc;
	}
	fprintf(stderr, "cuppa: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return CLI_USAGE;
}
