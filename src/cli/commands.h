/* The subcommands; each is defined in cli/cmd_<name>.c. */
#ifndef CUPPA_COMMANDS_H
#define CUPPA_COMMANDS_H

#include "cli/cli.h"

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_programme(struct cli *c, int argc, char **argv);
int cmd_people(struct cli *c, int argc, char **argv);
int cmd_round(struct cli *c, int argc, char **argv);
int cmd_outcome(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_stats(struct cli *c, int argc, char **argv);
int cmd_match(struct cli *c, int argc, char **argv);
int cmd_event(struct cli *c, int argc, char **argv);
int cmd_graph(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_mail(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_admin(struct cli *c, int argc, char **argv);

#endif
