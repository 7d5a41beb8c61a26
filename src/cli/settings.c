/* settings: see settings.h. */
#include "cli/settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/conf.h"
#include "web/proxy.h"

const struct setting_def settings_defs[] = {
	{"database", "CUPPA_DB", SK_TEXT, 0, 0, false, false, "./cuppa.db"},
	{"keys_file", "CUPPA_KEYS_FILE", SK_PATH, 0, 0, false, false,
	 "DATABASE.keys"},
	{"listen", "CUPPA_LISTEN", SK_LISTEN, 0, 0, false, false,
	 "127.0.0.1:8080"},
	{"base_url", "CUPPA_BASE_URL", SK_HTTP_URL, 0, 0, false, false,
	 "http://LISTEN"},
	{"threads", "CUPPA_THREADS", SK_INT, 1, 64, false, false, "4"},
	{"login_ip_limit", "CUPPA_LOGIN_IP_LIMIT", SK_INT, 0, 1000000, false,
	 true, "20"},
	{"trusted_proxies", "CUPPA_TRUSTED_PROXIES", SK_PROXIES, 0, 0, false,
	 true, "(none)"},
	{"metrics_token", "CUPPA_METRICS_TOKEN", SK_TOKEN, 0, 0, true, true,
	 "(none: /metrics answers 401)"},
	{"smtp_url", "CUPPA_SMTP_URL", SK_SMTP_URL, 0, 0, false, false,
	 "(none: serve sends no mail)"},
	{"smtp_user", "CUPPA_SMTP_USER", SK_TEXT, 0, 0, false, false, ""},
	{"smtp_password", "CUPPA_SMTP_PASSWORD", SK_TEXT, 0, 0, true, false, ""},
	{"smtp_password_file", "CUPPA_SMTP_PASSWORD_FILE", SK_PATH, 0, 0, false,
	 false, ""},
	{"smtp_insecure", "CUPPA_SMTP_INSECURE", SK_BOOL, 0, 0, false, false,
	 "no"},
	{"smtp_timeout", "CUPPA_SMTP_TIMEOUT", SK_INT, 1, 3600, false, false,
	 "300"},
	{"mail_from", "CUPPA_MAIL_FROM", SK_TEXT, 0, 0, false, false,
	 "cuppa <cuppa@localhost>"},
	{"mail_retry_base", "CUPPA_MAIL_RETRY_BASE", SK_INT, 1, 86400, false,
	 false, "30"},
	{"mail_lease", "CUPPA_MAIL_LEASE", SK_INT, 1, 86400, false, false,
	 "300"},
	{"scheduler_lease", "CUPPA_SCHEDULER_LEASE", SK_INT, 1, 3600, false,
	 false, "60"},
	{"tick_ms", "CUPPA_TICK_MS", SK_INT, 50, 3600000, false, false,
	 "60000"},
	{NULL, NULL, SK_TEXT, 0, 0, false, false, NULL},
};

static size_t ndefs(void)
{
	size_t n = 0;
	while (settings_defs[n].key)
		n++;
	return n;
}

static int def_index(const char *key)
{
	for (int i = 0; settings_defs[i].key; i++)
		if (strcmp(settings_defs[i].key, key) == 0)
			return i;
	return -1;
}

static bool bool_word(const char *v, bool *out)
{
	static const char *yes[] = {"yes", "true", "on", "1", NULL};
	static const char *no[] = {"no", "false", "off", "0", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcmp(v, yes[i]) == 0)
			return *out = true, true;
	for (int i = 0; no[i]; i++)
		if (strcmp(v, no[i]) == 0)
			return *out = false, true;
	return false;
}

int settings_check_value(const struct setting_def *d, const char *v,
			 struct err *e)
{
	struct proxy_list pl;
	const char *colon;
	char *end;
	long n;
	bool b;
	size_t len = strlen(v);

	switch (d->kind) {
	case SK_TEXT:
		return 0;
	case SK_PATH:
		return len ? 0 : err_set(e, ERR_INVALID, "needs a file name");
	case SK_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v < '0' || *v > '9' || errno || *end || n < d->min ||
		    n > d->max)
			return err_set(e, ERR_INVALID,
				       "must be a whole number from %ld to %ld"
				       " (got \"%.40s\")", d->min, d->max, v);
		return 0;
	case SK_BOOL:
		return bool_word(v, &b) ? 0 : err_set(e, ERR_INVALID,
						      "must be yes or no");
	case SK_HTTP_URL:
		if ((strncmp(v, "http://", 7) != 0 &&
		     strncmp(v, "https://", 8) != 0) || strpbrk(v, " \t"))
			return err_set(e, ERR_INVALID,
				       "needs an http:// or https:// URL");
		return 0;
	case SK_SMTP_URL:
		if ((strncmp(v, "smtp://", 7) != 0 &&
		     strncmp(v, "smtps://", 8) != 0) || strpbrk(v, " \t"))
			return err_set(e, ERR_INVALID, "needs smtp:// or smtps://");
		return 0;
	case SK_LISTEN:
		colon = strrchr(v, ':');
		if (!colon || colon == v || !colon[1] ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
		    strlen(colon + 1) > 5 || strtol(colon + 1, NULL, 10) > 65535)
			return err_set(e, ERR_INVALID,
				       "must be HOST:PORT, for example "
				       "127.0.0.1:8080 or [::1]:8080");
		return 0;
	case SK_PROXIES:
		return proxy_list_parse(v, &pl, e);
	case SK_TOKEN:
		if (len < 20 || len > 200)
			return err_set(e, ERR_INVALID,
				       "must be 20 to 200 characters long");
		for (const char *p = v; *p; p++)
			if (*p <= ' ' || *p > '~')
				return err_set(e, ERR_INVALID,
					       "must be printable ASCII without"
					       " spaces");
		return 0;
	}
	return 0;
}

static int read_file(const char *path, struct arena *a, char **out,
		     size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	if (!f)
		return err_set(e, ERR_IO, "%s: cannot read: %s", path,
			       strerror(errno));
	buf = arena_alloc(a, CONF_MAX_BYTES + 2);
	if (!buf) {
		fclose(f);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	n = fread(buf, 1, CONF_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fclose(f);
		return err_set(e, ERR_IO, "%s: cannot read: %s", path,
			       strerror(errno));
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int load_file(struct settings *s, const char *path, struct err *e)
{
	struct conf_entry *c;
	size_t n, len;
	char *text;
	struct err ce = {0};
	int pw = -1, pwf = -1;

	s->path = arena_strdup(&s->a, path);
	if (read_file(path, &s->a, &text, &len, e) < 0)
		return -1;
	if (conf_parse(text, len, &s->a, &c, &n, &ce) < 0) {
		if (ce.field[0])
			return err_set(e, ERR_INVALID, "%s:%.*s: %s: %s", path,
				       (int)strcspn(ce.msg, ":"), ce.msg, ce.field,
				       ce.msg + strcspn(ce.msg, ":") + 2);
		return err_set(e, ERR_INVALID, "%s:%s", path, ce.msg);
	}
	for (size_t i = 0; i < n; i++) {
		int k = def_index(c[i].key);
		if (k < 0)
			return err_set(e, ERR_INVALID,
				       "%s:%d: %s: unknown setting (see cuppa(1),"
				       " CONFIGURATION)", path, c[i].line, c[i].key);
		if (settings_check_value(&settings_defs[k], c[i].value, &ce) < 0)
			return err_set(e, ERR_INVALID, "%s:%d: %s: %s", path,
				       c[i].line, c[i].key, ce.msg);
		s->file_value[k] = c[i].value;
		s->file_line[k] = c[i].line;
		if (strcmp(c[i].key, "smtp_password") == 0)
			pw = c[i].line;
		if (strcmp(c[i].key, "smtp_password_file") == 0)
			pwf = c[i].line;
	}
	if (pw > 0 && pwf > 0)
		return err_set(e, ERR_INVALID,
			       "%s:%d: smtp_password_file: give either "
			       "smtp_password (line %d) or smtp_password_file",
			       path, pwf, pw);
	return 0;
}

static int alloc_arrays(struct settings *s, struct err *e)
{
	size_t n = ndefs();
	memset(s, 0, sizeof *s);
	arena_init(&s->a, 0);
	s->file_value = arena_calloc(&s->a, n, sizeof *s->file_value);
	s->file_line = arena_calloc(&s->a, n, sizeof *s->file_line);
	s->env_value = arena_calloc(&s->a, n, sizeof *s->env_value);
	if (!s->file_value || !s->file_line || !s->env_value)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return 0;
}

int settings_load(struct settings *s, const char *cli_path, struct err *e)
{
	const char *path = cli_path, *env = getenv("CUPPA_CONFIG");
	struct err ve = {0};
	struct stat sb;

	if (alloc_arrays(s, e) < 0)
		return -1;
	for (int i = 0; settings_defs[i].key; i++) {
		const struct setting_def *d = &settings_defs[i];
		const char *v = getenv(d->env);
		if (!v || !*v)
			continue;
		/* CUPPA_SMTP_INSECURE means yes whatever its value (as
		 * before there was a file), so it is not checked. */
		if (d->kind != SK_BOOL && settings_check_value(d, v, &ve) < 0)
			return err_set(e, ERR_INVALID, "%s: %s", d->env, ve.msg);
		s->env_value[i] = arena_strdup(&s->a, v);
	}
	if (!path && env && *env)
		path = env;
	if (!path) {
		if (stat(SETTINGS_DEFAULT_PATH, &sb) != 0)
			return 0; /* no file is a valid configuration */
		path = SETTINGS_DEFAULT_PATH;
	}
	return load_file(s, path, e);
}

int settings_reload(const struct settings *cur, struct settings *fresh,
		    struct err *e)
{
	size_t n = ndefs();
	if (alloc_arrays(fresh, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		fresh->env_value[i] = cur->env_value[i]
			? arena_strdup(&fresh->a, cur->env_value[i]) : NULL;
	if (!cur->path)
		return 0;
	return load_file(fresh, cur->path, e);
}

void settings_release(struct settings *s)
{
	arena_release(&s->a);
	memset(s, 0, sizeof *s);
}

const char *settings_get(const struct settings *s, const char *key,
			 enum setting_source *src)
{
	int i = def_index(key);
	enum setting_source dummy;
	if (!src)
		src = &dummy;
	*src = SRC_DEFAULT;
	if (i < 0 || !s->file_value)
		return NULL;
	if (s->env_value[i]) {
		*src = SRC_ENV;
		return s->env_value[i];
	}
	if (s->file_value[i]) {
		*src = SRC_FILE;
		return s->file_value[i];
	}
	return NULL;
}

/* The first line of path, into an arena string. */
static int read_secret(const char *path, struct arena *a, const char **out,
		       struct err *e)
{
	char *text;
	size_t len;
	if (read_file(path, a, &text, &len, e) < 0)
		return -1;
	text[strcspn(text, "\r\n")] = '\0';
	*out = text;
	return 0;
}

int settings_apply(const struct settings *s, struct err *e)
{
	enum setting_source src;
	const char *pwfile;
	for (int i = 0; settings_defs[i].key; i++) {
		const struct setting_def *d = &settings_defs[i];
		const char *v = s->file_value ? s->file_value[i] : NULL;
		bool b;
		if (!v || s->env_value[i])
			continue;
		if (d->kind == SK_BOOL) {
			/* the variable means yes by being set */
			if (bool_word(v, &b) && b && setenv(d->env, "1", 1) < 0)
				return err_set(e, ERR_INTERNAL, "setenv failed");
			continue;
		}
		if (setenv(d->env, v, 1) < 0)
			return err_set(e, ERR_INTERNAL, "setenv failed");
	}
	pwfile = settings_get(s, "smtp_password_file", &src);
	if (pwfile && !getenv("CUPPA_SMTP_PASSWORD")) {
		struct arena a;
		const char *pw;
		int rc;
		arena_init(&a, 0);
		rc = read_secret(pwfile, &a, &pw, e);
		if (rc == 0 && setenv("CUPPA_SMTP_PASSWORD", pw, 1) < 0)
			rc = err_set(e, ERR_INTERNAL, "setenv failed");
		if (rc == 0)
			memset((char *)pw, 0, strlen(pw));
		arena_release(&a);
		if (rc < 0) {
			if (src == SRC_FILE)
				return err_set(e, ERR_IO, "%s:%d: smtp_password_file:"
					       " %s", s->path,
					       s->file_line[def_index("smtp_password_file")],
					       e->msg);
			return err_set(e, ERR_IO, "CUPPA_SMTP_PASSWORD_FILE: %s",
				       e->msg);
		}
	}
	return 0;
}

/* v with the password of a URL's user part masked
 * (postgresql://cuppa:********@db/cuppa), into out. */
static const char *mask_url(const char *v, char *out, size_t n)
{
	const char *scheme = strstr(v, "://"), *user, *at, *colon;
	if (!scheme)
		return v;
	user = scheme + 3;
	at = strchr(user, '@');
	if (!at || memchr(user, '/', (size_t)(at - user)))
		return v;
	colon = memchr(user, ':', (size_t)(at - user));
	if (!colon)
		return v;
	snprintf(out, n, "%.*s********%s", (int)(colon + 1 - v), v, at);
	return out;
}

void settings_print(const struct settings *s, const char *db_cli, FILE *out)
{
	char masked[1024];
	fprintf(out, "# configuration file: %s\n", s->path ? s->path : "(none)");
	for (int i = 0; settings_defs[i].key; i++) {
		const struct setting_def *d = &settings_defs[i];
		enum setting_source src;
		const char *v = settings_get(s, d->key, &src);
		char where[300];
		if (i == 0 && db_cli) {
			v = db_cli;
			snprintf(where, sizeof where, "command line (--db)");
		} else if (src == SRC_ENV) {
			snprintf(where, sizeof where, "environment (%s)", d->env);
		} else if (src == SRC_FILE) {
			snprintf(where, sizeof where, "%s:%d", s->path,
				 s->file_line[i]);
		} else {
			snprintf(where, sizeof where, "default");
		}
		if (!v && strcmp(d->key, "smtp_password") == 0 &&
		    settings_get(s, "smtp_password_file", NULL)) {
			v = "********";
			snprintf(where, sizeof where, "smtp_password_file");
		}
		if (!v) {
			fprintf(out, "%-20s = %-30s # %s\n", d->key, d->def, where);
			continue;
		}
		if (d->secret && *v)
			v = "********";
		else
			v = mask_url(v, masked, sizeof masked);
		fprintf(out, "%-20s = %-30s # %s\n", d->key, v, where);
	}
}
