/*
 * cuppa: Randomised Coffee Trials.  Parses the global options (--db,
 * --config), loads the settings file into the environment before any
 * thread starts, finds the subcommand in the table (cli/commands.c), runs
 * it and closes the store it opened.  Process-wide set-up that must come
 * first (libsodium, the environment check) happens here; a library that
 * needs a global init of its own does it once, on first use, under
 * pthread_once (libcurl: mail/smtp.c).  Signal handling belongs to the
 * long-running commands (serve, mail run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/settings.h"
#include "util/clock.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cuppa [--db PATH] [--config FILE] COMMAND [ARGS...]\n\n"
		"Runs Randomised Coffee Trials: people sign up, are paired at random\n"
		"each round, meet, and say whether they met.\n\n"
		"The database is PATH, else $CUPPA_DB, else ./cuppa.db.\n"
		"Settings come from the command line, then the environment, then\n"
		"--config FILE (else $CUPPA_CONFIG, else " SETTINGS_DEFAULT_PATH "\n"
		"when it exists); `cuppa config check` shows them.\n\n"
		"Commands:\n");
	for (const struct cli_command *k = cli_commands; k->name; k++)
		fprintf(f, "  %-12s %s\n", k->name, k->summary);
	fprintf(f, "\n`cuppa COMMAND --help` describes each command.\n"
		   "The command line is in English only; what participants read (pages\n"
		   "and emails) is in Welsh and English, as each programme sets.\n");
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
	struct settings set;
	struct err e = {0};
	const char *config = NULL, *db_cli = NULL;
	int i = 1, rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "cuppa: libsodium failed to initialise\n");
		return CLI_FAIL;
	}
	if (check_environment() < 0)
		return CLI_USAGE;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db_cli = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db_cli = argv[i] + 5;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config = argv[++i];
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			config = argv[i] + 9;
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
	/* The file fills in the environment before anything reads it and
	 * before any thread starts (see cli/settings.h). */
	if (settings_load(&set, config, &e) < 0 || settings_apply(&set, &e) < 0) {
		fprintf(stderr, "cuppa: %s\n", e.msg);
		settings_release(&set);
		return CLI_USAGE;
	}
	c.settings = &set;
	c.db_cli = db_cli;
	c.db_path = db_cli ? db_cli : getenv("CUPPA_DB");
	if (!c.db_path || !*c.db_path)
		c.db_path = "cuppa.db";
	if (i >= argc) {
		settings_release(&set);
		usage(stderr);
		return CLI_USAGE;
	}
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (strcmp(k->name, argv[i]) != 0)
			continue;
		if (cli_wants_help(argc - i, argv + i)) {
			settings_release(&set);
			return cli_help(&c, k->name);
		}
		rc = k->fn(&c, argc - i, argv + i);
		settings_release(&set);
		if (c.st)
			store_close(c.st);
		if (fflush(stdout) != 0) {
			fprintf(stderr, "cuppa: cannot write output\n");
			rc = CLI_FAIL;
		}
		return rc;
	}
	settings_release(&set);
	fprintf(stderr, "cuppa: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return CLI_USAGE;
}
