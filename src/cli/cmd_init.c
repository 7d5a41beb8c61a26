/* cuppa init: create or upgrade the database. */
#include "cli/commands.h"

#include "app/app_ops.h"
#include "core/secrets.h"

int cmd_init(struct cli *c, int argc, char **argv)
{
	struct err e = {0};
	struct secrets k;
	const char *pos[1];
	int npos, version;
	if (cli_parse(c, "init", argc, argv, 1, NULL, pos, 0, &npos) < 0)
		return CLI_USAGE;
	if (!cli_store(c))
		return CLI_FAIL;
	if (app_ops_schema_version(c->st, &version, &e) < 0)
		return cli_fail(c, &e);
	/* Create the signing keys now, beside the database, so the first
	 * web request does not have to. */
	if (secrets_load(c->db_path, &k, &e) < 0)
		return cli_fail(c, &e);
	secrets_release(&k);
	fprintf(c->out, "database %s ready (schema version %d)\n", c->db_path,
		version);
	return CLI_OK;
}
