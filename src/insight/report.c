/* report: see report.h. */
#include "insight/report.h"

#include "insight/chart.h"
#include "insight/community.h"
#include "insight/data.h"
#include "insight/picture.h"
#include "insight/templates.h"
#include "insight/view.h"
#include "text/tmpl.h"

static const char report_css[] =
	"body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
	"padding:0 1rem;color:#222;line-height:1.45}"
	"h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;margin:1rem 0}th,td{padding:.25rem .6rem;"
	"border-bottom:1px solid #e3e3e3;text-align:left}td{font-variant-numeric:tabular-nums}"
	".trend{color:#555}" /* up or down is not good or bad for every figure */
	".table-scroll{overflow-x:auto;max-width:100%}" /* wide tables on a phone */
	"figure{margin:1rem 0;page-break-inside:avoid;break-inside:avoid}"
	"figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}"
	".rounds{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}"
	".insight-readings li{margin:.3rem 0}.lede{color:#555}"
	"footer{margin-top:3rem;font-size:.85rem;color:#666}"
	"@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}";

int insight_report_render(const struct insight_input *in, const char *name,
			  const struct insight_report_opts *o, struct buf *b,
			  struct err *e)
{
	struct insight_view v;
	struct insight_picture_opts po;
	struct buf part[6], day;
	struct arena a;
	enum lang l = o->lang;
	int ret = -1;
	if (insight_view_init(&v, in, 0, e) < 0)
		return -1;
	arena_init(&a, 0);
	buf_init(&day, 256);
	for (int i = 0; i < 6; i++)
		buf_init(&part[i], 0);
	struct tv *d = tv_obj(&a);
	tv_set(d, "lang", lang_code(l));
	tv_set(d, "name", name);
	tv_set(d, "css", report_css);
	insight_view_readings(&v, l, &part[0]);
	insight_view_table(&v, l, &part[1]);
	insight_view_rounds_table(&v, l, &part[2]);
	insight_chart_growth(v.months, v.nmonths, "report", l, &part[3]);
	if (v.upto > 0) {
		insight_picture_defaults(&po);
		po.round = v.upto;
		po.by_sector = o->by_sector;
		po.lang = l;
		if (insight_picture_svg(in, &po, &part[4], e) < 0 ||
		    insight_view_orgs(&v, in, "report", l, &part[5], e) < 0)
			goto done;
		tv_setf(d, "upto", "%d", v.upto);
		tv_set(d, "picture", buf_str(&part[4]));
		tv_set(d, "orgs", buf_str(&part[5]));
		if (o->every_round && in->nrounds > 1) {
			struct tv *every = tv_list(&a);
			tv_set_bool(d, "has_every", true);
			tv_set_tv(d, "every", every);
			for (size_t i = 0; i < in->nrounds; i++) {
				struct tv *x = tv_push(every);
				po.round = in->rounds[i].number;
				buf_reset(&part[4]);
				if (insight_picture_svg(in, &po, &part[4], e) < 0)
					goto done;
				tv_setf(x, "round", "%d", po.round);
				tv_set(x, "picture", buf_str(&part[4]));
			}
		}
	}
	static const char *const keys[4] = {"readings", "figures", "rounds", "growth"};
	for (int i = 0; i < 4; i++)
		tv_set(d, keys[i], buf_str(&part[i]));
	/* Made here and escaped there (community.h). */
	tv_set(d, "community", o->community);
	if (o->generated && o->generated[0]) {
		if (text_day(&day, l, o->generated, TEXT_DATE_YEAR) < 0)
			buf_puts(&day, o->generated);
		tv_set(d, "generated", buf_str(&day));
	}
	for (int i = 0; i < 6; i++)
		if (buf_failed(&part[i])) {
			err_set(e, ERR_INTERNAL, "the report is too large");
			goto done;
		}
	if (tmpl_render_lang(b, tpl_insight_report, d, l, e) < 0)
		goto done;
	ret = 0;
done:
	for (int i = 0; i < 6; i++)
		buf_release(&part[i]);
	buf_release(&day);
	arena_release(&a);
	insight_view_release(&v);
	if (ret == 0 && buf_failed(b))
		return err_set(e, ERR_INTERNAL, "the report is too large");
	return ret;
}

int insight_report(struct store *st, const struct programme *p,
		   const struct insight_report_opts *o, struct buf *out,
		   struct err *e)
{
	struct insight_data d;
	struct insight_report_opts with = *o;
	struct buf said;
	buf_init(&said, 0);
	if (insight_community_html(st, p, o->lang, &said, e) < 0 ||
	    insight_data_load(st, p->id, o->show_names, &d, e) < 0) {
		buf_release(&said);
		return -1;
	}
	with.community = buf_str(&said);
	int rc = insight_report_render(&d.in, p->name, &with, out, e);
	insight_data_release(&d);
	buf_release(&said);
	return rc;
}
