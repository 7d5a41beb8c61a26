/* insight_page: see insight_page.h. */
#include "insight/insight_page.h"

#include <jansson.h>
#include <stdlib.h>

#include "insight/chart.h"
#include "insight/data.h"
#include "insight/export.h"
#include "insight/insight_stats.h"
#include "insight/picture.h"
#include "insight/templates.h"
#include "insight/view.h"
#include "text/tmpl.h"

static int load(struct store *st, const struct programme *p, int round,
		bool show_names, struct insight_data *d, struct err *e)
{
	if (insight_data_load(st, p->id, show_names, d, e) < 0)
		return -1;
	if (round > 0 && !insight_data_has_round(d, round)) {
		insight_data_release(d);
		return err_field(e, ERR_NOTFOUND, "round",
				 N_("round %d is not a published or closed round"), round);
	}
	return 0;
}

int insight_page_render(struct store *st, const struct programme *p, int round,
			bool show_names, enum lang l, struct buf *b, struct err *e)
{
	struct insight_data d;
	struct insight_view v;
	struct insight_picture_opts po;
	struct buf part[6];
	struct arena a;
	int ret = -1;
	if (load(st, p, round, show_names, &d, e) < 0)
		return -1;
	if (insight_view_init(&v, &d.in, round, e) < 0) {
		insight_data_release(&d);
		return -1;
	}
	arena_init(&a, 0);
	for (int i = 0; i < 6; i++)
		buf_init(&part[i], 0);
	struct tv *t = tv_obj(&a);
	if (v.upto) {
		struct tv *rounds = tv_list(&a);
		tv_setf(t, "upto", "%d", v.upto);
		tv_set_tv(t, "rounds", rounds);
		for (size_t i = 0; i < d.in.nrounds; i++) {
			struct tv *x = tv_push(rounds);
			tv_setf(x, "n", "%d", d.in.rounds[i].number);
			tv_set_bool(x, "current", d.in.rounds[i].number == v.upto);
		}
		if (d.in.npeople > INSIGHT_PAGE_PICTURE_MAX) {
			tv_setf(t, "dense", "%zu", d.in.npeople);
		} else {
			insight_picture_defaults(&po);
			po.round = v.upto;
			po.lang = l;
			if (insight_picture_svg(&d.in, &po, &part[0], e) < 0)
				goto done;
		}
		if (insight_view_orgs(&v, &d.in, "page", l, &part[1], e) < 0)
			goto done;
	}
	insight_view_readings(&v, l, &part[2]);
	insight_view_table(&v, l, &part[3]);
	insight_view_rounds_table(&v, l, &part[4]);
	insight_chart_growth(v.months, v.nmonths, "page", l, &part[5]);
	static const char *const keys[6] = {"picture", "orgs", "readings",
					    "figures", "rounds_table", "growth"};
	for (int i = 0; i < 6; i++) {
		if (buf_failed(&part[i])) {
			err_set(e, ERR_INTERNAL, "the page is too large");
			goto done;
		}
		/* HTML and SVG this module rendered and escaped */
		tv_set(t, keys[i], buf_str(&part[i]));
	}
	if (round > 0)
		tv_setf(t, "round", "%d", round);
	if (tmpl_render_lang(b, tpl_insight_page, t, l, e) < 0)
		goto done;
	if (buf_failed(b)) {
		err_set(e, ERR_INTERNAL, "the page is too large");
		goto done;
	}
	ret = 0;
done:
	for (int i = 0; i < 6; i++)
		buf_release(&part[i]);
	arena_release(&a);
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
