/* cuppa export: people, rounds or outcomes as CSV or JSON on stdout. */
#include "cli/commands.h"

#include "app/app.h"

int cmd_export(struct cli *c, int argc, char **argv)
{
	bool json = false;
	const struct cli_opt opts[] = {{"--json", NULL, &json}, {NULL, NULL, NULL}};
	const char *pos[2];
	struct arena a;
	struct programme p;
	struct buf out;
	struct err e = {0};
	int npos, rc = CLI_FAIL;
	if (cli_parse(c, "export", argc, argv, 1, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if (npos != 2)
		return cli_usage_error(c, "export", "needs PROGRAMME people|rounds|outcomes");
	arena_init(&a, 0);
	buf_init(&out, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0)
		goto done;
	if (app_export(c->st, &p, pos[1], json, &out, &e) < 0) {
		rc = e.code == ERR_INVALID ? cli_usage_error(c, "export", "%s", e.msg)
					   : cli_fail(c, &e);
		goto done;
	}
	fwrite(buf_str(&out), 1, buf_len(&out), c->out);
	rc = CLI_OK;
done:
	buf_release(&out);
	arena_release(&a);
	return rc;
}
