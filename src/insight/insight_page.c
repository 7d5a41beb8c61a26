/* insight_page: see insight_page.h. */
#include "insight/insight_page.h"

#include <jansson.h>
#include <stdlib.h>

#include "insight/chart.h"
#include "insight/data.h"
#include "insight/export.h"
#include "insight/insight_stats.h"
#include "insight/picture.h"
#include "insight/view.h"

static int load(struct store *st, const struct programme *p, int round,
		bool show_names, struct insight_data *d, struct err *e)
{
	if (insight_data_load(st, p->id, show_names, d, e) < 0)
		return -1;
	if (round > 0 && !insight_data_has_round(d, round)) {
		insight_data_release(d);
		return err_field(e, ERR_NOTFOUND, "round",
				 "round %d is not a published or closed round", round);
	}
	return 0;
}

int insight_page_render(struct store *st, const struct programme *p, int round,
			bool show_names, struct buf *b, struct err *e)
{
	struct insight_data d;
	struct insight_view v;
	struct insight_picture_opts po;
	int ret = -1;
	if (load(st, p, round, show_names, &d, e) < 0)
		return -1;
	if (insight_view_init(&v, &d.in, round, e) < 0) {
		insight_data_release(&d);
		return -1;
	}
	buf_puts(b, "<section class=\"insight\">\n<h2>Network</h2>\n");
	if (v.upto == 0) {
		buf_puts(b, "<p>No round has been published yet.</p>\n");
	} else {
		buf_puts(b, "<nav class=\"round-slider\" aria-label=\"Rounds\">\n<ol>\n");
		for (size_t i = 0; i < d.in.nrounds; i++) {
			int n = d.in.rounds[i].number;
			if (n == v.upto)
				buf_printf(b, "<li><a class=\"current\" aria-current=\"page\" "
					   "href=\"?round=%d\">Round %d</a></li>\n", n, n);
			else
				buf_printf(b, "<li><a href=\"?round=%d\">Round %d</a></li>\n", n, n);
		}
		buf_puts(b, "</ol>\n</nav>\n");
		if (d.in.npeople > INSIGHT_PAGE_PICTURE_MAX) {
			buf_printf(b, "<p>With %zu people, a dot for each person would be "
				   "too dense to read, and slow to draw: the network of "
				   "organisations below shows who has met. The picture of "
				   "every person can be drawn as a file with "
				   "<code>cuppa graph</code>.</p>\n", d.in.npeople);
		} else {
			buf_puts(b, "<figure class=\"insight-network-figure\">\n");
			insight_picture_defaults(&po);
			po.round = v.upto;
			if (insight_picture_svg(&d.in, &po, b, e) < 0)
				goto done;
			buf_printf(b, "<figcaption>Who has met whom after round %d; lines "
				   "from round %d are thicker.</figcaption>\n</figure>\n",
				   v.upto, v.upto);
		}
	}
	if (v.upto) {
		buf_puts(b, "<h2>Organisations</h2>\n");
		if (insight_view_orgs(&v, &d.in, "page", b, e) < 0)
			goto done;
	}
	buf_puts(b, "<h2>What it shows</h2>\n");
	insight_view_readings(&v, b);
	insight_view_table(&v, b);
	insight_view_rounds_table(&v, b);
	buf_puts(b, "<h2>Growth</h2>\n<figure class=\"insight-growth-figure\">\n");
	insight_chart_growth(v.months, v.nmonths, "page", b);
	buf_puts(b, "</figure>\n<p class=\"insight-exports\">Evaluation data: ");
	if (round > 0)
		buf_printf(b, "<a href=\"?round=%d&amp;format=csv\">CSV</a>, "
			   "<a href=\"?round=%d&amp;format=json\">JSON</a>", round, round);
	else
		buf_puts(b, "<a href=\"?format=csv\">CSV</a>, <a href=\"?format=json\">JSON</a>");
	buf_puts(b, "</p>\n</section>\n");
	if (buf_failed(b)) {
		err_set(e, ERR_INTERNAL, "the page is too large");
		goto done;
	}
	ret = 0;
done:
	insight_view_release(&v);
	insight_data_release(&d);
	return ret;
}

/* "people": per-person fairness by pseudonym, for evaluators. */
static int people_json(const struct insight_input *in, int round, json_t *root,
		       struct err *e)
{
	struct insight_fairness *f = calloc(in->npeople ? in->npeople : 1, sizeof *f);
	struct insight_fairness_summary sum;
	json_t *arr = json_array();
	char id[24];
	int ret = -1;
	if (!f || !arr || json_object_set(root, "people", arr) < 0)
		goto done;
	insight_fairness(in, round, f, &sum);
	for (size_t i = 0; i < in->npeople; i++) {
		if (!f[i].groups && !f[i].unplaced)
			continue; /* never took part */
		insight_pseudonym(i, id);
		json_t *o = json_pack("{s:s, s:i, s:i, s:i, s:i}", "id", id, "groups",
				      f[i].groups, "meetings", f[i].met, "times_in_trio",
				      f[i].trios, "times_unplaced", f[i].unplaced);
		if (!o || json_array_append_new(arr, o) < 0)
			goto done;
	}
	ret = 0;
done:
	json_decref(arr);
	free(f);
	return ret < 0 ? err_set(e, ERR_INTERNAL, "out of memory") : 0;
}

int insight_page_export(struct store *st, const struct programme *p, int round,
			bool csv, struct buf *out, const char **content_type,
			struct err *e)
{
	struct insight_data d;
	int ret = -1;
	if (load(st, p, round, false, &d, e) < 0)
		return -1;
	if (csv) {
		struct insight_view v;
		if (insight_view_init(&v, &d.in, round, e) == 0) {
			insight_view_csv(&v, out);
			insight_view_release(&v);
			*content_type = "text/csv; charset=utf-8";
			ret = 0;
		}
	} else {
		json_t *root = json_object();
		if (!root) {
			err_set(e, ERR_INTERNAL, "out of memory");
		} else if (json_object_set_new(root, "programme", json_string(p->slug)) == 0 &&
			   insight_stats_json(&d.in, round, NULL, root, e) == 0 &&
			   people_json(&d.in, round, root, e) == 0) {
			char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
			if (s) {
				buf_puts(out, s);
				buf_putc(out, '\n');
				free(s);
				*content_type = "application/json";
				ret = 0;
			} else {
				err_set(e, ERR_INTERNAL, "out of memory");
			}
		}
		json_decref(root);
	}
	insight_data_release(&d);
	if (ret == 0 && buf_failed(out))
		ret = err_set(e, ERR_INTERNAL, "the export is too large");
	return ret;
}
