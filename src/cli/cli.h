/*
 * cli: the `cuppa` command line.  Every subcommand is a cmd_<name>()
 * in a cmd_<name>.c, listed in the table in commands.c; main.c parses
 * the global options and dispatches.
 *
 * Exit codes: 0 success, 1 any failure (message on stderr), 2 usage error.
 */
#ifndef CUPPA_CLI_H
#define CUPPA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"

struct settings;
#include "util/arena.h"
#include "util/err.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli {
	const char *db_path;   /* --db, else $CUPPA_DB, else ./cuppa.db */
	struct store *st;      /* opened on first cli_store() */
	const char *db_cli;    /* --db when given (for `config check`) */
	const struct settings *settings; /* the configuration (settings.h) */
	FILE *out;
	FILE *err;
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const char *summary;   /* one line for `cuppa --help` */
	const char *usage;     /* full text for `cuppa NAME --help` */
};

extern const struct cli_command cli_commands[];

/* One option of a subcommand.  Exactly one of value/flag is set. */
struct cli_opt {
	const char *name;      /* "--seed" */
	const char **value;    /* takes an argument */
	bool *flag;            /* takes none */
};

/* Parses argv[first..] against opts; positionals go to pos (at most
 * maxpos, count in *npos).  "--x V" and "--x=V" both work.  Returns 0,
 * or prints a usage error naming the option and returns -1. */
int cli_parse(struct cli *c, const char *cmd, int argc, char **argv,
	      int first, const struct cli_opt *opts, const char **pos,
	      int maxpos, int *npos);

/* The open store (opening and migrating it on first use), or NULL after
 * printing the error. */
struct store *cli_store(struct cli *c);

/* Loads the programme named by slug or name into *out (strings in a),
 * or prints the error and returns -1. */
int cli_programme(struct cli *c, const char *name, struct arena *a,
		  struct programme *out);

/* Prints "cuppa: <msg>" (with the field, if any) and returns CLI_FAIL,
 * or CLI_USAGE for ERR_INVALID when usage is true. */
int cli_fail(struct cli *c, const struct err *e);
int cli_usage_error(struct cli *c, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Prints the usage of cmd to c->out and returns CLI_OK. */
int cli_help(struct cli *c, const char *cmd);

/* Parses a whole decimal integer within [min, max]. 0 or -1. */
int cli_int(const char *s, long long min, long long max, long long *out);

/* Writes len bytes of s to path (through a temporary file renamed into
 * place, so a crash never leaves half a file), or to c->out when path is
 * NULL.  Returns CLI_OK, or prints the error and returns CLI_FAIL. */
int cli_write_output(struct cli *c, const char *path, const char *s,
		     size_t len);

/* Writes s followed by a newline, for JSON documents. */
void cli_print_json(struct cli *c, const char *s);

#endif
