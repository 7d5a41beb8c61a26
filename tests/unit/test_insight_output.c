/* Golden-file tests of the insight writers on the fixed programme of
 * test_insight_fixture.h.  Files live in tests/insight/golden/ (relative
 * to $CUPPA_ROOT, else the working directory); run with
 * INSIGHT_GOLDEN_UPDATE=1 to rewrite them after an intended change. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/chart.h"
#include "insight/export.h"
#include "insight/insight_stats.h"
#include "insight/orgview.h"
#include "insight/picture.h"
#include "insight/report.h"
#include "insight/view.h"
#include "test_insight_fixture.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

static void golden(const char *name, const char *got)
{
	char path[1024];
	const char *root = getenv("CUPPA_ROOT");
	snprintf(path, sizeof path, "%s/tests/insight/golden/%s", root ? root : ".", name);
	if (getenv("INSIGHT_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");
		cr_assert_not_null(f, "cannot write %s", path);
		fputs(got, f);
		fclose(f);
		return;
	}
	char *want = slurp(path);
	cr_assert_not_null(want, "missing golden file %s", path);
	if (strcmp(want, got) != 0) {
		char out[1100];
		snprintf(out, sizeof out, "/tmp/%s.got", name);
		FILE *f = fopen(out, "wb");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		free(want);
		cr_assert_fail("%s differs from its golden file (got: %s)", name, out);
	}
	free(want);
}

Test(insight_output, json_export)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_graph *g = insight_graph_build(&in, 0, false);
	json_t *j = insight_export_json(&in, g);
	cr_assert_not_null(j);
	json_t *root = json_object();
	cr_assert_eq(insight_stats_json(&in, 0, NULL, root, NULL), 0);
	json_object_set_new(j, "stats", root);
	char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	golden("fixture.json", s);
	free(s);
	json_decref(j);
	insight_graph_free(g);
}

Test(insight_output, graphml_gexf)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_graph *g = insight_graph_build(&in, 2, false);
	struct buf b;
	buf_init(&b, 0);
	insight_export_graphml(&in, g, &b);
	golden("fixture-upto2.graphml", buf_str(&b));
	buf_reset(&b);
	insight_export_gexf(&in, g, &b);
	golden("fixture-upto2.gexf", buf_str(&b));
	buf_release(&b);
	insight_graph_free(g);
}

Test(insight_output, escaping)
{
	static const char *const orgs[] = {"<A&B \"x\">"};
	struct insight_person p[2] = {{1, 0, -1, "2026-01-01", "<b>"},
				      {2, 0, -1, "2026-01-01", "P2"}};
	struct insight_group gr = {1, 2, {0, 1, 0}, INSIGHT_MET};
	struct insight_round rd = {1, "2026-01-02"};
	struct insight_input in = {.people = p, .npeople = 2, .orgs = orgs, .norgs = 1,
				   .groups = &gr, .ngroups = 1, .rounds = &rd, .nrounds = 1};
	struct insight_graph *g = insight_graph_build(&in, 0, false);
	struct buf b;
	buf_init(&b, 0);
	insight_export_graphml(&in, g, &b);
	cr_assert(strstr(buf_str(&b), "&lt;A&amp;B &quot;x&quot;&gt;"));
	cr_assert_null(strstr(buf_str(&b), "<b>"));
	buf_reset(&b);
	struct insight_picture_opts o;
	insight_picture_defaults(&o);
	cr_assert_eq(insight_picture_svg(&in, &o, &b, NULL), 0);
	cr_assert_null(strstr(buf_str(&b), "<b>"));
	cr_assert(strstr(buf_str(&b), "&lt;b&gt;"));
	buf_release(&b);
	insight_graph_free(g);
}

Test(insight_output, growth_chart)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_month *ms;
	size_t n;
	cr_assert_eq(insight_growth(&in, 0, &ms, &n), 0);
	struct buf b;
	buf_init(&b, 0);
	insight_chart_growth(ms, n, "t", LANG_EN, &b);
	golden("fixture-growth.svg", buf_str(&b));
	cr_assert(strstr(buf_str(&b), "<title id=\"growth-title-t\">"));
	cr_assert(strstr(buf_str(&b), "<desc"));
	buf_release(&b);
	free(ms);
	cr_assert_eq(insight_chart_step(7, 5), 2);
	cr_assert_eq(insight_chart_step(130, 5), 50);
	cr_assert_eq(insight_chart_step(0, 5), 1);
}

Test(insight_output, picture)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_picture_opts o;
	insight_picture_defaults(&o);
	struct buf b;
	buf_init(&b, 0);
	for (int r = 1; r <= 3; r++) {
		char name[64];
		o.round = r;
		buf_reset(&b);
		cr_assert_eq(insight_picture_svg(&in, &o, &b, NULL), 0);
		snprintf(name, sizeof name, "fixture-round%d.svg", r);
		golden(name, buf_str(&b));
	}
	/* Round 3 alone: only its two pairs and their four people. */
	o.only_round = true;
	buf_reset(&b);
	cr_assert_eq(insight_picture_svg(&in, &o, &b, NULL), 0);
	const char *s = buf_str(&b);
	size_t circles = 0, lines = 0;
	for (const char *p = s; (p = strstr(p, "<circle cx")); p++)
		circles++;
	for (const char *p = s; (p = strstr(p, "<line class=\"edge")); p++)
		lines++;
	cr_assert_eq(lines, 2);
	cr_assert_eq(circles, 4 + 4); /* people + legend swatches (3 orgs + none) */
	buf_release(&b);
	insight_picture_cache_clear();
}

Test(insight_output, view_and_report)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_view v;
	cr_assert_eq(insight_view_init(&v, &in, 0, NULL), 0);
	struct buf b;
	buf_init(&b, 0);
	insight_view_readings(&v, LANG_EN, &b);
	cr_assert(strstr(buf_str(&b), "0% of pairs met in round 3, down from 100%"),
		  "%s", buf_str(&b));
	buf_reset(&b);
	insight_view_csv(&v, &b);
	golden("fixture-rounds.csv", buf_str(&b));
	insight_view_release(&v);
	buf_reset(&b);
	struct insight_report_opts ro = {.every_round = true, .generated = "2026-03-31"};
	cr_assert_eq(insight_report_render(&in, "Fixture <RCT>", &ro, &b, NULL), 0);
	const char *s = buf_str(&b);
	cr_assert(strstr(s, "<title>Fixture &lt;RCT&gt;"));
	cr_assert_null(strstr(s, "<script"));
	cr_assert_null(strstr(s, "src=\"http"));
	cr_assert_null(strstr(s, "href=\"http"));
	golden("fixture-report.html", s);
	buf_release(&b);
	insight_picture_cache_clear();
}

Test(insight_output, large_network_is_compact)
{
	/* 1,700 people, 4 rounds of pairs: 3,400 pairings, above the
	 * compact threshold: one path per kind of edge. */
	enum { N = 1700, R = 4 };
	struct insight_person *p = calloc(N, sizeof *p);
	struct insight_group *g = calloc(N / 2 * R, sizeof *g);
	struct insight_round rd[R];
	int perm[N];
	uint64_t x = 7;
	size_t ng = 0;
	cr_assert(p && g);
	for (int i = 0; i < N; i++)
		p[i] = (struct insight_person){i + 1, i % 12 < 3 ? i % 12 : -1, -1,
					       "2026-01-01", "P"};
	for (int r = 0; r < R; r++) {
		rd[r] = (struct insight_round){r + 1, "2026-02-01"};
		for (int i = 0; i < N; i++)
			perm[i] = i;
		for (int i = N - 1; i > 0; i--) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			int j = (int)(x % (uint64_t)(i + 1)), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (int i = 0; i + 1 < N; i += 2)
			g[ng++] = (struct insight_group){r + 1, 2, {perm[i], perm[i + 1], 0},
							 i % 6 == 0 ? INSIGHT_MISSED : INSIGHT_MET};
	}
	struct insight_input in = {.people = p, .npeople = N, .orgs = fx_orgs, .norgs = 3,
				   .groups = g, .ngroups = ng, .rounds = rd, .nrounds = R};
	struct insight_picture_opts o;
	insight_picture_defaults(&o);
	o.chain = false;
	struct buf b;
	buf_init(&b, 0);
	cr_assert_eq(insight_picture_svg(&in, &o, &b, NULL), 0);
	const char *s = buf_str(&b);
	cr_assert(strstr(s, "<path class=\"edges met now\""));
	cr_assert(strstr(s, "<path class=\"edges missed earlier\""));
	cr_assert_null(strstr(s, "<line class=\"edge"));
	cr_assert(buf_len(&b) < 400000, "%zu bytes", buf_len(&b));
	buf_release(&b);
	free(p);
	free(g);
}

/* Beyond 2,000 links between organisations only the strongest are drawn
 * (a picture a reader can take in), and the picture says so. */
Test(insight_output, orgnet_draws_only_the_strongest_links)
{
	enum { NORG = 80 };
	static char names[NORG][16];
	static const char *orgs[NORG];
	static struct insight_person people[NORG];
	static struct insight_group groups[NORG * (NORG - 1) / 2 + 1];
	struct insight_round round = {1, "2026-01-05"};
	size_t ng = 0;
	struct buf b;
	struct err e = {0};
	for (int i = 0; i < NORG; i++) {
		snprintf(names[i], sizeof names[i], "Org %d", i);
		orgs[i] = names[i];
		people[i] = (struct insight_person){.id = i + 1, .org = i, .sector = -1,
						    .joined = "2026-01-01", .label = "P"};
	}
	for (int i = 0; i < NORG; i++)
		for (int j = i + 1; j < NORG; j++)
			groups[ng++] = (struct insight_group){1, 2, {i, j, 0}, INSIGHT_MET};
	groups[ng++] = (struct insight_group){1, 2, {0, 1, 0}, INSIGHT_MET};
	struct insight_input in = {.people = people, .npeople = NORG, .orgs = orgs,
				   .norgs = NORG, .groups = groups, .ngroups = ng,
				   .rounds = &round, .nrounds = 1};
	buf_init(&b, (size_t)16 << 20);
	cr_assert_eq(insight_orgnet_svg(&in, 1, LANG_EN, &b, &e), 0, "%s", e.msg);
	const char *svg = buf_str(&b);
	size_t links = 0;
	for (const char *p = svg; (p = strstr(p, "<g class=\"link\">")); p++)
		links++;
	cr_assert_eq(links, 2000, "%zu links drawn", links);
	cr_assert(strstr(svg, "the 2000 strongest of 3160 links"));
	cr_assert(strstr(svg, "Org 0 and Org 1: 2 pairings"), "the strongest is drawn");
	buf_release(&b);
}
