/* The table of subcommands: name, function, summary, full usage. */
#include "cli/commands.h"

#include <stddef.h>

const struct cli_command cli_commands[] = {
	{"init", cmd_init, "create or upgrade the database",
	 "usage: cuppa [--db PATH] init\n\n"
	 "Creates the database (SQLite file PATH) if needed and applies every\n"
	 "pending schema migration. Safe to run again."},
	{"programme", cmd_programme, "add, list and configure programmes",
	 "usage: cuppa programme add NAME [--cadence-days N] [--group-size 2|3]\n"
	 "                              [--avoid-same organisation[,sector]]\n"
	 "                              [--mix ATTR=V1,V2] [--repeat-after N]\n"
	 "                              [--allow-missed-repeat]\n"
	 "       cuppa programme set NAME [same options as add]\n"
	 "       cuppa programme list [--json]\n\n"
	 "A programme is one Randomised Coffee Trial: its people meet every\n"
	 "--cadence-days (default 30) in pairs (or trios with --group-size 3;\n"
	 "an odd person always joins a trio). --avoid-same organisation never\n"
	 "pairs colleagues. --mix role=user,staff puts one of each in every\n"
	 "group. Nobody meets the same person twice unless --repeat-after N\n"
	 "allows it N rounds later, or --allow-missed-repeat lets a pair who\n"
	 "both said they did not meet be paired again."},
	{"people", cmd_people, "import, add, list and change participants",
	 "usage: cuppa people import PROGRAMME FILE.csv [--dry-run]\n"
	 "       cuppa people add PROGRAMME --name N --email E --organisation O\n"
	 "                        [--sector S] [--role R] [--location L]\n"
	 "                        [--timezone TZ] [--topics 'a;b'] [--intro TEXT]\n"
	 "       cuppa people list PROGRAMME [--json] [--status STATE]\n"
	 "       cuppa people set PROGRAMME EMAIL --status active|skip-next|paused|left\n"
	 "                        [--until YYYY-MM-DD]\n"
	 "       cuppa people block PROGRAMME EMAIL1 EMAIL2\n\n"
	 "import: the CSV needs a header row with name,email,organisation and\n"
	 "may have sector,role,location,timezone,topics,intro,joined (topics\n"
	 "separated by ';', joined as YYYY-MM-DD). UTF-8 with or without BOM,\n"
	 "comma or semicolon separated. An email already in the programme\n"
	 "updates that person. Any bad row rejects the whole file, listing\n"
	 "every problem as FILE:LINE: field: problem; nothing is changed.\n"
	 "set: skip-next sits out the next round only; paused sits out until\n"
	 "the --until date (inclusive); left stops for good.\n"
	 "block: the two people are never grouped together."},
	{"round", cmd_round, "make, show and publish rounds",
	 "usage: cuppa round new PROGRAMME [--seed N] [--json]\n"
	 "       cuppa round show PROGRAMME [ROUND] [--json]\n"
	 "       cuppa round publish PROGRAMME ROUND\n"
	 "       cuppa round list PROGRAMME [--json]\n\n"
	 "new: forms the groups of a draft round (replacing an unpublished\n"
	 "draft) from everyone active, and prints it. The seed comes from the\n"
	 "system's random source unless given; the same people, history and\n"
	 "seed always give the same groups. People the rules leave out are\n"
	 "listed as unplaced with the reason.\n"
	 "publish: makes the draft final, closes the round before it, and\n"
	 "returns skip-next people to active."},
	{"outcome", cmd_outcome, "record whether a group met",
	 "usage: cuppa outcome PROGRAMME ROUND EMAIL met|missed [--rating 1-5]\n"
	 "                     [--comment TEXT]\n\n"
	 "Records what one person says about their group in a published round."},
	{"export", cmd_export, "export people, rounds or outcomes as CSV or JSON",
	 "usage: cuppa export PROGRAMME people|rounds|outcomes [--json]\n\n"
	 "CSV by default (safe to open in a spreadsheet: values that would\n"
	 "start a formula are prefixed with an apostrophe). The people CSV can\n"
	 "be imported again as it is."},
	{"stats", cmd_stats, "figures for a programme",
	 "usage: cuppa stats PROGRAMME [--json] [--round N]\n\n"
	 "People by state, rounds, groups, and how many met, missed or gave\n"
	 "no answer."},
	{NULL, NULL, NULL, NULL},
};
