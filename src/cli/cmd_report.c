/* cuppa report: the self-contained HTML evaluation report (insight/report.h). */
#include "cli/commands.h"

#include "core/programme.h"
#include "insight/report.h"
#include "util/clock.h"


int cmd_report(struct cli *c, int argc, char **argv)
{
	const char *out = NULL, *lang_s = NULL;
	bool by_sector = false, show_names = false, every = false;
	const struct cli_opt opts[] = {
		{"-o", &out, NULL}, {"--output", &out, NULL},
		{"--by-sector", NULL, &by_sector}, {"--show-names", NULL, &show_names},
		{"--every-round", NULL, &every}, {"--lang", &lang_s, NULL},
		{NULL, NULL, NULL},
	};
	const char *pos[1];
	int npos, rc;
	struct arena a;
	struct programme p;
	struct err e = {0};
	struct buf b;
	char today[11];
	enum lang lang = LANG_EN;

	if (cli_parse(c, "report", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "report", "which programme?");
	if (lang_s && lang_parse(lang_s, &lang) < 0)
		return cli_usage_error(c, "report", "--lang: '%s' is not cy or en", lang_s);
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0) {
		arena_release(&a);
		return CLI_FAIL;
	}
	if (!lang_s) { /* the programme's main language */
		struct lang_list langs;
		programme_languages(&p, &langs);
		lang = langs.v[0];
	}
	clock_day(clock_now(), today);
	struct insight_report_opts o = {.show_names = show_names, .by_sector = by_sector,
					.every_round = every, .generated = today,
					.lang = lang};
	buf_init(&b, 0);
	if (insight_report(c->st, &p, &o, &b, &e) < 0)
		rc = cli_fail(c, &e);
	else
		rc = cli_write_output(c, out, buf_str(&b), buf_len(&b));
	buf_release(&b);
	arena_release(&a);
	return rc;
}
