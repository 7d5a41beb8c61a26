/*
 * cmd_config: `cuppa config check`.  By the time it runs, main has
 * already read and checked the file and the environment (a bad line
 * stops every command, this one included), so it only shows the
 * effective settings, secrets masked, and where each came from.
 */
#include <string.h>

#include "cli/commands.h"
#include "cli/settings.h"

int cmd_config(struct cli *c, int argc, char **argv)
{
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	const char *pos[1];
	int npos;
	if (cli_parse(c, "config", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1 || strcmp(pos[0], "check") != 0)
		return cli_usage_error(c, "config", "expected `config check`");
	settings_print(c->settings, c->db_cli, c->out);
	fprintf(c->out, "# the configuration is valid\n");
	return CLI_OK;
}
