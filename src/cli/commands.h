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
int cmd_survey(struct cli *c, int argc, char **argv);
int cmd_challenge(struct cli *c, int argc, char **argv);
int cmd_tick(struct cli *c, int argc, char **argv);
int cmd_schedule(struct cli *c, int argc, char **argv);

/* The schedule options of `programme add|set` (cmd_schedule.c), applied
 * to p->settings; CLI_OK or a usage error naming the option (nothing
 * changed). */
struct schedule_input;
int cli_schedule_apply(struct cli *c, const char *cmd,
		       const struct schedule_input *in, struct arena *a,
		       struct programme *p);
/* Moves every "NAME V" / "NAME=V" out of argv into values (at most max;
 * -1 beyond); *argc shrinks accordingly. */
int cli_take_repeated(int *argc, char **argv, const char *name,
		      const char **values, int max, int *n);
/* round hold|release|skip PROGRAMME. */
int cli_round_schedule(struct cli *c, const char *action,
		       const struct programme *p);

#endif
