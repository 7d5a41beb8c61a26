/* cuppa survey: evaluation surveys (add, send, results, close). */
#include "cli/commands.h"

#include <string.h>

#include "app/app_survey.h"

static int fail(struct cli *c, const struct err *e)
{
	return e->code == ERR_INVALID && e->field[0]
		       ? cli_usage_error(c, "survey", "%s: %s", e->field, e->msg)
		       : cli_fail(c, e);
}

static int survey_add(struct cli *c, int argc, char **argv, struct arena *a)
{
	const char *tmpl = NULL, *title = NULL, *pos[1];
	const struct cli_opt opts[] = {{"--template", &tmpl, NULL},
				       {"--title", &title, NULL},
				       {NULL, NULL, NULL}};
	struct programme p;
	struct err e = {0};
	int npos, number;
	if (cli_parse(c, "survey", argc, argv, 2, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "survey", "add needs PROGRAMME");
	if (cli_programme(c, pos[0], a, &p) < 0)
		return CLI_FAIL;
	if (app_survey_add(c->st, &p, tmpl, title, "cli", &number, &e) < 0)
		return fail(c, &e);
	fprintf(c->out, "%d\n", number);
	return CLI_OK;
}

/* PROGRAMME N for send, results and close. */
static int prog_number(struct cli *c, const char **pos, int npos,
		       const char *sub, struct arena *a, struct programme *p,
		       int *number)
{
	long long n;
	if (npos != 2)
		return cli_usage_error(c, "survey", "%s needs PROGRAMME SURVEY", sub);
	if (cli_int(pos[1], 1, 1000000, &n) < 0)
		return cli_usage_error(c, "survey", "'%s' is not a survey number",
				       pos[1]);
	*number = (int)n;
	return cli_programme(c, pos[0], a, p) < 0 ? CLI_FAIL : CLI_OK;
}

static int survey_send(struct cli *c, int argc, char **argv, struct arena *a)
{
	bool left = false;
	const struct cli_opt opts[] = {{"--include-left", NULL, &left},
				       {NULL, NULL, NULL}};
	const char *pos[2];
	struct programme p;
	struct err e = {0};
	int npos, number, asked, rc;
	if (cli_parse(c, "survey", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if ((rc = prog_number(c, pos, npos, "send", a, &p, &number)) != CLI_OK)
		return rc;
	if (app_survey_send(c->st, &p, number, left, "cli", &asked, &e) < 0)
		return fail(c, &e);
	fprintf(c->out, "survey %d sent: %d %s asked\n", number, asked,
		asked == 1 ? "person" : "people");
	return CLI_OK;
}

static int survey_close(struct cli *c, int argc, char **argv, struct arena *a)
{
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	const char *pos[2];
	struct programme p;
	struct err e = {0};
	int npos, number, rc;
	if (cli_parse(c, "survey", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if ((rc = prog_number(c, pos, npos, "close", a, &p, &number)) != CLI_OK)
		return rc;
	if (app_survey_close(c->st, &p, number, "cli", &e) < 0)
		return fail(c, &e);
	fprintf(c->out, "survey %d closed\n", number);
	return CLI_OK;
}

static int survey_results(struct cli *c, int argc, char **argv,
			  struct arena *a)
{
	bool json = false, csv = false;
	const struct cli_opt opts[] = {{"--json", NULL, &json},
				       {"--csv", NULL, &csv},
				       {NULL, NULL, NULL}};
	const char *pos[2];
	struct programme p;
	struct survey_results r;
	struct err e = {0};
	struct buf out;
	int npos, number, rc;
	if (cli_parse(c, "survey", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if (json && csv)
		return cli_usage_error(c, "survey", "--json and --csv: choose one");
	if ((rc = prog_number(c, pos, npos, "results", a, &p, &number)) != CLI_OK)
		return rc;
	buf_init(&out, 0);
	if (csv) {
		if (app_survey_answers_csv(c->st, &p, number, &out, &e) < 0)
			goto fail;
	} else {
		if (app_survey_results(c->st, &p, number, a, &r, &e) < 0)
			goto fail;
		if (json) {
			json_t *j = app_survey_results_json(&r);
			char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			json_decref(j);
			if (!s) {
				err_set(&e, ERR_INTERNAL, "out of memory");
				goto fail;
			}
			buf_puts(&out, s);
			buf_putc(&out, '\n');
			free(s);
		} else {
			app_survey_results_text(&r, &out);
		}
	}
	fwrite(buf_str(&out), 1, buf_len(&out), c->out);
	buf_release(&out);
	return CLI_OK;
fail:
	buf_release(&out);
	return fail(c, &e);
}

int cmd_survey(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *, int, char **, struct arena *);
	} subs[] = {
		{"add", survey_add}, {"send", survey_send},
		{"results", survey_results}, {"close", survey_close},
	};
	struct arena a;
	int rc = -1;
	if (argc < 2)
		return cli_usage_error(c, "survey", "needs add, send, results or close");
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			rc = subs[i].fn(c, argc, argv, &a);
	arena_release(&a);
	if (rc == -1)
		return cli_usage_error(c, "survey", "'%s' is not add, send, results or close",
				       argv[1]);
	return rc;
}
