/*
 * settings: cuppa's configuration file and how it meets the environment.
 *
 * Every setting has a key in the file and an environment variable
 * (settings_defs).  Precedence, highest first: the command line (--db,
 * serve's --listen ...), the environment, the file, the built-in
 * default.  The file is --config FILE, else $CUPPA_CONFIG, else
 * SETTINGS_DEFAULT_PATH when it exists (a named file must exist).
 *
 * settings_apply puts each value the file gives into the environment of
 * this process when the variable is not already set there, before any
 * thread starts, so every part of cuppa keeps reading one place (the
 * environment) and the precedence holds by construction.
 * smtp_password_file (or $CUPPA_SMTP_PASSWORD_FILE) is read here and its
 * first line becomes CUPPA_SMTP_PASSWORD.  Secrets are never printed:
 * settings_print masks them.
 */
#ifndef CUPPA_SETTINGS_H
#define CUPPA_SETTINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/err.h"

#define SETTINGS_DEFAULT_PATH "/etc/cuppa/cuppa.conf"

enum setting_kind {
	SK_TEXT, SK_PATH, SK_INT, SK_BOOL, SK_HTTP_URL, SK_SMTP_URL,
	SK_LISTEN, SK_PROXIES, SK_TOKEN,
};

struct setting_def {
	const char *key;       /* in the file */
	const char *env;       /* the environment variable */
	enum setting_kind kind;
	long min, max;         /* SK_INT */
	bool secret;           /* masked by settings_print */
	bool reload;           /* `cuppa serve` applies a change on SIGHUP */
	const char *def;       /* the default, as shown */
};

/* The table, ending with a NULL key. */
extern const struct setting_def settings_defs[];

enum setting_source { SRC_DEFAULT = 0, SRC_FILE, SRC_ENV };

struct settings {
	struct arena a;
	const char *path;            /* the file read, NULL when none */
	/* per settings_defs entry: */
	const char **file_value;     /* NULL when the file does not set it */
	int *file_line;
	const char **env_value;      /* the environment before settings_apply */
};

/* Reads the configuration: cli_path (--config) or NULL.  A bad line
 * fails with "FILE:LINE: key: problem" in e->msg (e->field empty), a
 * bad environment value with "VARIABLE: problem".  Release with
 * settings_release, also after a failure. */
int settings_load(struct settings *s, const char *cli_path, struct err *e);
/* Reads the same file again (for SIGHUP), keeping the environment as it
 * was before settings_apply.  fresh is released by the caller. */
int settings_reload(const struct settings *cur, struct settings *fresh,
		    struct err *e);
void settings_release(struct settings *s);

/* Exports the file's values into the environment as described above.
 * Call once, from main, before any thread starts. */
int settings_apply(const struct settings *s, struct err *e);

/* The effective value of key under the precedence (environment, then
 * file), or NULL for the default; *src says where it came from. */
const char *settings_get(const struct settings *s, const char *key,
			 enum setting_source *src);

/* Checks one value of a setting (file and environment share it).
 * Fills e->msg with the problem only (no key). */
int settings_check_value(const struct setting_def *d, const char *v,
			 struct err *e);

/* `cuppa config check`: every setting with its effective value (secrets
 * masked) and where it came from.  db_cli is --db when given. */
void settings_print(const struct settings *s, const char *db_cli, FILE *out);

#endif
