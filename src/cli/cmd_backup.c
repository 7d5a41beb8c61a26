/*
 * cmd_backup: `cuppa backup FILE` and `cuppa restore FILE` (see
 * store/backup.h for what they guarantee).
 */
#include <string.h>

#include "cli/commands.h"
#include "app/app_ops.h"

int cmd_backup(struct cli *c, int argc, char **argv)
{
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	const char *pos[1];
	int npos;
	struct err e = {0};
	if (cli_parse(c, "backup", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "backup", "expected FILE");
	if (app_ops_backup(c->db_path, pos[0], &e) < 0)
		return cli_fail(c, &e);
	fprintf(c->out, "cuppa: %s copied to %s\n", c->db_path, pos[0]);
	return CLI_OK;
}

int cmd_restore(struct cli *c, int argc, char **argv)
{
	bool force = false, saved;
	const struct cli_opt opts[] = {
		{"--force", NULL, &force},
		{NULL, NULL, NULL},
	};
	const char *pos[1];
	int npos;
	struct err e = {0};
	if (cli_parse(c, "restore", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "restore", "expected FILE");
	if (app_ops_restore(c->db_path, pos[0], force, &saved, &e) < 0)
		return cli_fail(c, &e);
	if (saved)
		fprintf(c->out, "cuppa: the previous data is in %s.before-restore\n",
			c->db_path);
	fprintf(c->out, "cuppa: %s restored from %s\n", c->db_path, pos[0]);
	return CLI_OK;
}
