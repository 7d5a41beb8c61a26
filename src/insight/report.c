/* report: see report.h. */
#include "insight/report.h"

#include "insight/chart.h"
#include "insight/community.h"
#include "insight/data.h"
#include "insight/picture.h"
#include "insight/view.h"

static const char report_css[] =
	"body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
	"padding:0 1rem;color:#222;line-height:1.45}"
	"h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;margin:1rem 0}th,td{padding:.25rem .6rem;"
	"border-bottom:1px solid #e3e3e3;text-align:left}td{font-variant-numeric:tabular-nums}"
	".trend{color:#555}" /* up or down is not good or bad for every figure */
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
	if (insight_view_init(&v, in, 0, e) < 0)
		return -1;
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	buf_html(b, name);
	buf_printf(b, " &#8212; Randomised Coffee Trials report</title>\n<style>%s</style>\n"
		   "</head>\n<body>\n<header>\n<h1>", report_css);
	buf_html(b, name);
	buf_puts(b, "</h1>\n<p class=\"lede\">Randomised Coffee Trials: who has met whom, "
		 "how the network grows, and how well it connects people.</p>\n</header>\n"
		 "<main>\n<section>\n<h2>In short</h2>\n");
	insight_view_readings(&v, b);
	buf_puts(b, "</section>\n<section>\n<h2>Figures</h2>\n");
	insight_view_table(&v, b);
	insight_view_rounds_table(&v, b);
	buf_puts(b, "</section>\n<section>\n<h2>Growth</h2>\n<figure>\n");
	insight_chart_growth(v.months, v.nmonths, "report", b);
	buf_puts(b, "<figcaption>People signed up and meetings held (running totals), and "
		 "people active each month.</figcaption>\n</figure>\n</section>\n");
	if (v.upto > 0) {
		buf_puts(b, "<section>\n<h2>The network</h2>\n<figure>\n");
		insight_picture_defaults(&po);
		po.round = v.upto;
		po.by_sector = o->by_sector;
		if (insight_picture_svg(in, &po, b, e) < 0)
			goto fail;
		buf_printf(b, "<figcaption>Everyone who has taken part, joined by a line for "
			   "each pair grouped together up to round %d. Lines from round %d are "
			   "thicker. Blue: met; dark red: did not meet; light red, dashed: not "
			   "confirmed.</figcaption>\n</figure>\n", v.upto, v.upto);
		if (o->every_round && in->nrounds > 1) {
			buf_puts(b, "<h3>Round by round</h3>\n<div class=\"rounds\">\n");
			for (size_t i = 0; i < in->nrounds; i++) {
				po.round = in->rounds[i].number;
				buf_puts(b, "<figure>\n");
				if (insight_picture_svg(in, &po, b, e) < 0)
					goto fail;
				buf_printf(b, "<figcaption>After round %d</figcaption>\n</figure>\n",
					   po.round);
			}
			buf_puts(b, "</div>\n");
		}
		buf_puts(b, "</section>\n");
	}
	if (o->community)
		buf_puts(b, o->community);
	buf_puts(b, "<section>\n<h2>How these figures are made</h2>\n<p>A group met when "
		 "any member said so; it did not meet when someone said it did not and nobody "
		 "said it did; otherwise it is not confirmed. The network has one point per "
		 "person who has taken part and one line per pair of people grouped together "
		 "(a trio makes three lines; meeting the same person again adds no line). "
		 "Components are separate groups of people linked by lines. Clustering is the "
		 "share of a person's partners who were also paired with each other, averaged "
		 "over everyone. The average distance counts the introductions between two "
		 "people in the largest component. Names are hidden unless people agreed to "
		 "show them.</p>\n</section>\n</main>\n<footer>Made by cuppa");
	if (o->generated && o->generated[0]) {
		buf_puts(b, " on ");
		buf_html(b, o->generated);
	}
	buf_puts(b, ".</footer>\n</body>\n</html>\n");
	insight_view_release(&v);
	if (buf_failed(b))
		return err_set(e, ERR_INTERNAL, "the report is too large");
	return 0;
fail:
	insight_view_release(&v);
	return -1;
}

int insight_report(struct store *st, const struct programme *p,
		   const struct insight_report_opts *o, struct buf *out,
		   struct err *e)
{
	struct insight_data d;
	struct insight_report_opts with = *o;
	struct buf said;
	buf_init(&said, 0);
	if (insight_community_html(st, p, &said, e) < 0 ||
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
