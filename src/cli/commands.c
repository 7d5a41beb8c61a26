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
	 "                              [--weights NAME=N,NAME=N...]\n"
	 "       cuppa programme set NAME [same options as add]\n"
	 "       cuppa programme list [--json]\n\n"
	 "A programme is one Randomised Coffee Trial: its people meet every\n"
	 "--cadence-days (default 30) in pairs (or trios with --group-size 3;\n"
	 "an odd person always joins a trio). --avoid-same organisation never\n"
	 "pairs colleagues. --mix role=user,staff puts one of each in every\n"
	 "group. Nobody meets the same person twice unless --repeat-after N\n"
	 "allows it N rounds later, or --allow-missed-repeat lets a pair who\n"
	 "both said they did not meet be paired again.\n"
	 "--weights sets the soft goals (whole numbers, 0 = ignore):\n"
	 "different_organisation (default 100), different_sector (20),\n"
	 "shared_topic (0: set it to pair people with a topic in common),\n"
	 "priority (50: first pick for people whose last meeting fell\n"
	 "through), trio_fairness (10: spread trios around), noise (100: 0\n"
	 "turns random tie-breaking off)."},
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
	{"match", cmd_match, "match one round from a JSON document (no database)",
	 "usage: cuppa match [FILE|-] [--no-time]\n\n"
	 "Reads a JSON document (FILE, or standard input) with seed, group_size,\n"
	 "people [{id, organisation, sector, role, topics, priority, trios}],\n"
	 "history and blocked ([[id, id], ...]), avoid_same, mix {attribute,\n"
	 "values} and weights, and prints the groups, the unplaced people with\n"
	 "reasons, the total weight, whether it is proven optimal, and stats.\n"
	 "Rounds of up to 5000 people are solved exactly. --no-time prints\n"
	 "seconds as 0 so equal inputs give byte-identical output.\n"
	 "Exit 1 on bad input (the message names the field), 2 on usage."},
	{"event", cmd_event, "plan a speed-networking or workshop session",
	 "usage: cuppa event plan --people FILE.csv --rounds R [--group-size K]\n"
	 "                        [--mix ATTR=V1,V2] [--seed S] [--json]\n"
	 "                        [--cards FILE.html]\n"
	 "                        [--add-to PLAN.json [--keep-rounds N]]\n\n"
	 "R rounds of groups of K (default 2) among the people in FILE.csv\n"
	 "(header with name,organisation and optional id,role,sector), nobody\n"
	 "meeting anyone twice where that is possible, every group mixing the\n"
	 "two values of --mix, colleagues kept apart where possible. Pairs use\n"
	 "the circle method, groups of a prime K among K*K people an affine\n"
	 "plane, fours among 2^m people a line spread, anything else a seeded\n"
	 "search; the result states the repeats left. --seed makes the plan\n"
	 "reproducible (default: random). --cards writes printable table\n"
	 "cards, one page per person.\n"
	 "--add-to keeps the first N rounds (default all) of an earlier --json\n"
	 "plan unchanged and plans the rest with everyone in FILE.csv, late\n"
	 "arrivals included, avoiding every pair that has already met."},
	{"graph", cmd_graph, "the network of who has met: SVG, GraphML, GEXF or JSON",
	 "usage: cuppa graph PROGRAMME [--upto N | --round N]\n"
	 "                   [--format svg|graphml|gexf|json] [-o FILE]\n"
	 "                   [--by-sector] [--show-names]\n\n"
	 "One point per person who has taken part, one line per pair grouped\n"
	 "together in published rounds: met in blue, did not meet in dark red,\n"
	 "not confirmed in light red (dashed). --upto N: the network after\n"
	 "round N (default: the latest), round N drawn thicker. --round N: only\n"
	 "the pairings of round N. Nodes are coloured by organisation (or\n"
	 "--by-sector). People appear as pseudonyms (P1, P2 ...) unless\n"
	 "--show-names, and even then only those who agreed to be named.\n"
	 "GraphML and GEXF open in Gephi and yEd. Output to FILE or stdout."},
	{"report", cmd_report, "a self-contained HTML evaluation report",
	 "usage: cuppa report PROGRAMME -o report.html [--every-round]\n"
	 "                    [--by-sector] [--show-names]\n\n"
	 "One HTML file with inline pictures and no external assets: short\n"
	 "readings (\"72% of pairs met in round 5, up from 61%\"), the figures\n"
	 "and their trend, growth month by month and the network. Print it to\n"
	 "PDF from a browser. --every-round adds a picture per round."},
	{"mail", cmd_mail, "send queued email, preview a round's messages",
	 "usage: cuppa mail run [--once] [--batch N] [--idle-ms MS] [--connections N]\n"
	 "                      [--lazy-records]\n"
	 "       cuppa mail preview PROGRAMME ROUND [--raw | --out DIR]\n"
	 "       cuppa mail status PROGRAMME [--json]\n"
	 "       cuppa mail enqueue PROGRAMME ROUND\n\n"
	 "run: sends due messages from the outbox over SMTP and schedules\n"
	 "reminders and check-ins; --once sends what is due now and exits;\n"
	 "--connections N (1-16) sends over N SMTP sessions at once (a crash\n"
	 "may then re-send up to N messages, one per session). Each send is\n"
	 "recorded durably before the next, so a crash re-sends at most one\n"
	 "message and never loses one; --lazy-records skips that fsync (about\n"
	 "twice as fast on a busy disk; a machine crash may then re-send the\n"
	 "messages of the last few seconds, a process crash still at most one).\n"
	 "Settings: CUPPA_SMTP_URL (smtp://host:port, smtps://..., add\n"
	 "?starttls to require STARTTLS), CUPPA_SMTP_USER, CUPPA_SMTP_PASSWORD,\n"
	 "CUPPA_MAIL_FROM, CUPPA_BASE_URL (for links).\n"
	 "preview: what round ROUND's introductions would say, sending nothing\n"
	 "(--raw: whole MIME messages; --out DIR: one .eml file each).\n"
	 "status: counts, and every message that failed with the server's answer.\n"
	 "enqueue: queue a published round's introductions again (each person\n"
	 "gets at most one)."},
	{"serve", cmd_serve, "run the web server (sign-up, self-service, dashboard, API)",
	 "usage: cuppa serve [--listen 127.0.0.1:8080] [--base-url URL] [--threads N]\n"
	 "                   [--login-ip-limit N] [--insight-wait-ms MS]\n"
	 "                   [--quiet] [--routes] [--no-mail] [--db-pool N]\n\n"
	 "--listen takes an IPv4 address or a bracketed IPv6 one ([::1]:8080).\n"
	 "Serves the public sign-up pages (/p/SLUG), participants' signed links\n"
	 "(/me, /r, /u, /confirm), the organisers' dashboard (/admin) and the\n"
	 "JSON API (/api/v1) until SIGINT or SIGTERM. --base-url is the address\n"
	 "people reach it at, used in links (default http://LISTEN). --routes\n"
	 "prints the route table and exits. When CUPPA_SMTP_URL is set, the\n"
	 "mail worker (as `cuppa mail run`) runs in a thread, its links using\n"
	 "the base URL; --no-mail leaves sending to a separate `mail run`.\n"
	 "--db-pool (or CUPPA_DB_POOL) caps the database connections the threads\n"
	 "share (default: --threads); a request that finds none free within 2 s,\n"
	 "or the database down, is answered 503 at once.\n"
	 "See docs/web.md, docs/api.md and docs/mail.md."},
	{"admin", cmd_admin, "organiser accounts and API tokens for the web",
	 "usage: cuppa admin add EMAIL --password-file FILE [--programme P]\n"
	 "       cuppa admin grant|ungrant EMAIL PROGRAMME\n"
	 "       cuppa admin token EMAIL [--label TEXT]\n"
	 "       cuppa admin tokens EMAIL\n"
	 "       cuppa admin revoke EMAIL TOKEN_ID\n"
	 "       cuppa admin link confirm|me|unsubscribe PERSON_ID [--days N] [--base-url URL]\n"
	 "       cuppa admin link outcome PERSON_ID --group ID --outcome met|missed\n\n"
	 "add: creates an organiser who can log in to /admin (or sets a new\n"
	 "password); the password is the first line of FILE ('-' for stdin),\n"
	 "at least 10 characters, stored as an Argon2id hash.\n"
	 "token: prints a new API token for /api/v1 (Authorization: Bearer).\n"
	 "It is shown once; only its hash is stored. tokens lists them (id,\n"
	 "date, label); revoke deletes one.\n"
	 "link: prints a signed link for a participant (for example to send\n"
	 "someone their self-service page by hand)."},
	{NULL, NULL, NULL, NULL},
};
