/* cli: shared helpers for the subcommands (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *k = cli_commands; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

int cli_usage_error(struct cli *c, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(c->err, "cuppa %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fprintf(c->err, "\n(see: cuppa %s --help)\n", cmd);
	return CLI_USAGE;
}

static const struct cli_opt *opt_find(const struct cli_opt *opts,
				      const char *arg, size_t len)
{
	for (const struct cli_opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, arg, len) == 0)
			return o;
	return NULL;
}

int cli_parse(struct cli *c, const char *cmd, int argc, char **argv,
	      int first, const struct cli_opt *opts, const char **pos,
	      int maxpos, int *npos)
{
	bool only_pos = false;
	*npos = 0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*npos >= maxpos) {
				cli_usage_error(c, cmd, "unexpected argument '%s'", a);
				return -1;
			}
			pos[(*npos)++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const struct cli_opt *o = opt_find(opts, a, len);
		if (!o) {
			cli_usage_error(c, cmd, "unknown option '%.*s'", (int)len, a);
			return -1;
		}
		if (o->flag) {
			if (eq) {
				cli_usage_error(c, cmd, "%s takes no value", o->name);
				return -1;
			}
			*o->flag = true;
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			cli_usage_error(c, cmd, "%s needs a value", o->name);
			return -1;
		}
	}
	return 0;
}

struct store *cli_store(struct cli *c)
{
	struct err e = {0};
	if (c->st)
		return c->st;
	if (store_open(c->db_path, &c->st, &e) < 0) {
		cli_fail(c, &e);
		return NULL;
	}
	return c->st;
}

int cli_fail(struct cli *c, const struct err *e)
{
	if (e->field[0])
		fprintf(c->err, "cuppa: %s: %s\n", e->field, e->msg);
	else
		fprintf(c->err, "cuppa: %s\n", e->msg[0] ? e->msg : "failed");
	return CLI_FAIL;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int cli_help(struct cli *c, const char *cmd)
{
	const struct cli_command *k = cli_find(cmd);
	if (!k)
		return CLI_USAGE;
	fprintf(c->out, "%s\n", k->usage);
	return CLI_OK;
}

int cli_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;
	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void cli_print_json(struct cli *c, const char *s)
{
	fputs(s, c->out);
	fputc('\n', c->out);
}

int cli_programme(struct cli *c, const char *name, struct arena *a,
		  struct programme *out)
{
	struct err e = {0};
	struct store *st = cli_store(c);
	if (!st)
		return -1;
	if (store_programme_get(st, name, a, out, &e) < 0) {
		cli_fail(c, &e);
		return -1;
	}
	return 0;
}

int cli_write_output(struct cli *c, const char *path, const char *s,
		     size_t len)
{
	char tmp[4096];
	FILE *f;
	bool ok;
	if (!path) {
		if (fwrite(s, 1, len, c->out) != len) {
			fprintf(c->err, "cuppa: cannot write output\n");
			return CLI_FAIL;
		}
		return CLI_OK;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path,
			     (long)getpid()) >= sizeof tmp) {
		fprintf(c->err, "cuppa: %s: path too long\n", path);
		return CLI_FAIL;
	}
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(c->err, "cuppa: cannot open %s: %s\n", path, strerror(errno));
		return CLI_FAIL;
	}
	ok = fwrite(s, 1, len, f) == len;
	ok = fflush(f) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(c->err, "cuppa: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return CLI_FAIL;
	}
	return CLI_OK;
}
