/*
 * cuppa graph: the network of who has met, as an SVG picture or as
 * GraphML / GEXF / JSON for evaluators' own tools (see the insight/ headers).
 *   --upto N   everyone and every pairing up to round N (default: all),
 *              round N highlighted
 *   --round N  only the pairings of round N
 *   --by organisation  the network of organisations (insight/orgview.h)
 *   --lang cy|en  the SVG's words (default: the programme's main language)
 */
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/programme.h"
#include "insight/data.h"
#include "insight/export.h"
#include "insight/insight_stats.h"
#include "insight/orgview.h"
#include "insight/picture.h"

/* --by organisation: SVG or JSON of the organisation network. */
static int orgs_write(struct cli *c, struct insight_data *d, int round,
		      int upto, enum insight_format fmt, enum lang lang,
		      const char *out_path)
{
	struct err e = {0};
	struct buf b;
	struct insight_input sub;
	const struct insight_input *in = &d->in;
	int rc = CLI_FAIL;
	buf_init(&b, 0);
	if (round) {
		if (insight_input_round(in, round, &sub) < 0) {
			fprintf(c->err, "cuppa: out of memory\n");
			buf_release(&b);
			return CLI_FAIL;
		}
		in = &sub;
	}
	if (fmt == INSIGHT_SVG) {
		if (insight_orgnet_svg(in, round ? round : upto, lang, &b, &e) < 0) {
			cli_fail(c, &e);
			goto done;
		}
	} else {
		json_t *j = insight_orgnet_json(in, round ? round : upto);
		char *s = j ? json_dumps(j, JSON_INDENT(1)) : NULL;
		json_decref(j);
		if (!s) {
			fprintf(c->err, "cuppa: out of memory\n");
			goto done;
		}
		buf_puts(&b, s);
		buf_putc(&b, '\n');
		free(s);
	}
	rc = cli_write_output(c, out_path, buf_str(&b), buf_len(&b));
done:
	if (round)
		insight_input_round_free(&sub);
	buf_release(&b);
	return rc;
}

static int graph_write(struct cli *c, struct insight_data *d, int round,
		       int upto, enum insight_format fmt, bool by_sector,
		       enum lang lang, const char *out_path)
{
	struct err e = {0};
	struct buf b;
	struct insight_input sub;
	const struct insight_input *in = &d->in;
	struct insight_graph *g = NULL;
	int rc = CLI_FAIL;
	bool have_sub = false;
	buf_init(&b, 0);
	if (fmt == INSIGHT_SVG) {
		struct insight_picture_opts po;
		insight_picture_defaults(&po);
		po.round = round ? round : upto;
		po.only_round = round != 0;
		po.by_sector = by_sector;
		po.lang = lang;
		if (insight_picture_svg(in, &po, &b, &e) < 0) {
			cli_fail(c, &e);
			goto done;
		}
	} else {
		if (round) {
			if (insight_input_round(in, round, &sub) < 0)
				goto nomem;
			have_sub = true;
			in = &sub;
		}
		g = insight_graph_build(in, round ? round : upto, false);
		if (!g)
			goto nomem;
		if (fmt == INSIGHT_GRAPHML) {
			insight_export_graphml(in, g, &b);
		} else if (fmt == INSIGHT_GEXF) {
			insight_export_gexf(in, g, &b);
		} else {
			json_t *j = insight_export_json(in, g);
			struct insight_metrics m;
			if (!j || insight_metrics_compute(g, in, NULL, false, &m) < 0 ||
			    json_object_set_new(j, "metrics", insight_metrics_json(&m)) < 0) {
				json_decref(j);
				goto nomem;
			}
			char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
			json_decref(j);
			if (!s)
				goto nomem;
			buf_puts(&b, s);
			buf_putc(&b, '\n');
			free(s);
		}
	}
	if (buf_failed(&b))
		goto nomem;
	rc = cli_write_output(c, out_path, buf_str(&b), buf_len(&b));
	goto done;
nomem:
	fprintf(c->err, "cuppa: out of memory\n");
done:
	if (have_sub)
		insight_input_round_free(&sub);
	insight_graph_free(g);
	buf_release(&b);
	return rc;
}

int cmd_graph(struct cli *c, int argc, char **argv)
{
	const char *round_s = NULL, *upto_s = NULL, *format_s = NULL, *out = NULL;
	const char *by = NULL, *lang_s = NULL;
	bool by_sector = false, show_names = false;
	const struct cli_opt opts[] = {
		{"--round", &round_s, NULL}, {"--upto", &upto_s, NULL},
		{"--format", &format_s, NULL}, {"-o", &out, NULL},
		{"--output", &out, NULL}, {"--by-sector", NULL, &by_sector},
		{"--show-names", NULL, &show_names}, {"--by", &by, NULL},
		{"--lang", &lang_s, NULL}, {NULL, NULL, NULL},
	};
	const char *pos[1];
	int npos;
	long long round = 0, upto = 0;
	enum insight_format fmt = INSIGHT_SVG;
	struct arena a;
	struct programme p;
	struct insight_data d;
	struct err e = {0};
	enum lang lang = LANG_EN;
	int rc;

	if (cli_parse(c, "graph", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "graph", "which programme?");
	if (round_s && upto_s)
		return cli_usage_error(c, "graph", "--round and --upto exclude each other");
	if (round_s && cli_int(round_s, 1, 1000000, &round) < 0)
		return cli_usage_error(c, "graph", "--round: '%s' is not a round number", round_s);
	if (upto_s && cli_int(upto_s, 1, 1000000, &upto) < 0)
		return cli_usage_error(c, "graph", "--upto: '%s' is not a round number", upto_s);
	if (format_s && insight_format_parse(format_s, &fmt) < 0)
		return cli_usage_error(c, "graph", "--format: '%s' is not svg, graphml, gexf or json",
				       format_s);
	if (lang_s && lang_parse(lang_s, &lang) < 0)
		return cli_usage_error(c, "graph", "--lang: '%s' is not cy or en", lang_s);
	bool orgs = by && strcmp(by, "organisation") == 0;
	if (by && !orgs && strcmp(by, "person") != 0)
		return cli_usage_error(c, "graph", "--by: '%s' is not person or organisation", by);
	if (orgs && (fmt == INSIGHT_GRAPHML || fmt == INSIGHT_GEXF))
		return cli_usage_error(c, "graph", "--by organisation: the format must be svg or json");
	arena_init(&a, 0);
	if (cli_programme(c, pos[0], &a, &p) < 0) {
		arena_release(&a);
		return CLI_FAIL;
	}
	if (!lang_s) { /* the picture's words: the programme's main language */
		struct lang_list langs;
		programme_languages(&p, &langs);
		lang = langs.v[0];
	}
	if (insight_data_load(c->st, p.id, show_names, &d, &e) < 0) {
		arena_release(&a);
		return cli_fail(c, &e);
	}
	long long want = round ? round : upto;
	if (want && !insight_data_has_round(&d, (int)want)) {
		fprintf(c->err, "cuppa: round: round %lld of %s is not published\n", want,
			p.slug);
		rc = CLI_FAIL;
	} else {
		if (!round && !upto)
			upto = d.last_round;
		rc = orgs ? orgs_write(c, &d, (int)round, (int)upto, fmt, lang, out)
			  : graph_write(c, &d, (int)round, (int)upto, fmt, by_sector,
					lang, out);
	}
	insight_data_release(&d);
	arena_release(&a);
	return rc;
}
