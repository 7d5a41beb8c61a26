/* export: see export.h.  Text is escaped with buf_html, which is also
 * correct XML escaping for attribute and element content. */
#include "insight/export.h"

#include <stdio.h>
#include <string.h>

int insight_format_parse(const char *s, enum insight_format *out)
{
	static const char *const names[] = {"svg", "graphml", "gexf", "json"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum insight_format)i;
			return 0;
		}
	return -1;
}

void insight_pseudonym(size_t i, char out[24])
{
	snprintf(out, 24, "P%zu", i + 1);
}

static const char *org_name(const struct insight_input *in, int o)
{
	return o >= 0 ? in->orgs[o] : "";
}

static const char *sector_name(const struct insight_input *in, int s)
{
	return s >= 0 ? in->sectors[s] : "";
}

static void data_el(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, "<data key=\"%s\">", key);
	buf_html(b, v);
	buf_puts(b, "</data>");
}

void insight_export_graphml(const struct insight_input *in,
			    const struct insight_graph *g, struct buf *b)
{
	char id[24], ida[24], idb[24];
	buf_puts(b,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
		 "<key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
		 "<key id=\"organisation\" for=\"node\" attr.name=\"organisation\" attr.type=\"string\"/>\n"
		 "<key id=\"sector\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
		 "<key id=\"joined\" for=\"node\" attr.name=\"joined\" attr.type=\"string\"/>\n"
		 "<key id=\"status\" for=\"edge\" attr.name=\"status\" attr.type=\"string\"/>\n"
		 "<key id=\"first_round\" for=\"edge\" attr.name=\"first_round\" attr.type=\"int\"/>\n"
		 "<key id=\"last_round\" for=\"edge\" attr.name=\"last_round\" attr.type=\"int\"/>\n"
		 "<key id=\"pairings\" for=\"edge\" attr.name=\"pairings\" attr.type=\"int\"/>\n");
	buf_printf(b, "<graph id=\"upto-%d\" edgedefault=\"undirected\">\n", g->upto);
	for (size_t v = 0; v < g->n; v++) {
		const struct insight_person *p = &in->people[g->person[v]];
		insight_pseudonym((size_t)g->person[v], id);
		buf_printf(b, "<node id=\"%s\">", id);
		data_el(b, "label", p->label);
		data_el(b, "organisation", org_name(in, p->org));
		data_el(b, "sector", sector_name(in, p->sector));
		data_el(b, "joined", p->joined);
		buf_puts(b, "</node>\n");
	}
	for (size_t i = 0; i < g->m; i++) {
		const struct insight_edge *e = &g->edge[i];
		insight_pseudonym((size_t)g->person[e->a], ida);
		insight_pseudonym((size_t)g->person[e->b], idb);
		buf_printf(b,
			   "<edge source=\"%s\" target=\"%s\"><data key=\"status\">%s</data>"
			   "<data key=\"first_round\">%d</data><data key=\"last_round\">%d</data>"
			   "<data key=\"pairings\">%d</data></edge>\n",
			   ida, idb, insight_status_name(e->status), e->first_round,
			   e->last_round, e->pairings);
	}
	buf_puts(b, "</graph>\n</graphml>\n");
}

void insight_export_gexf(const struct insight_input *in,
			 const struct insight_graph *g, struct buf *b)
{
	char id[24], ida[24], idb[24];
	buf_puts(b,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
		 "<meta><creator>cuppa</creator><description>Who has met whom</description></meta>\n"
		 "<graph defaultedgetype=\"undirected\" mode=\"static\">\n"
		 "<attributes class=\"node\">\n"
		 "<attribute id=\"0\" title=\"organisation\" type=\"string\"/>\n"
		 "<attribute id=\"1\" title=\"sector\" type=\"string\"/>\n"
		 "<attribute id=\"2\" title=\"joined\" type=\"string\"/>\n"
		 "</attributes>\n"
		 "<attributes class=\"edge\">\n"
		 "<attribute id=\"0\" title=\"status\" type=\"string\"/>\n"
		 "<attribute id=\"1\" title=\"first_round\" type=\"integer\"/>\n"
		 "<attribute id=\"2\" title=\"last_round\" type=\"integer\"/>\n"
		 "<attribute id=\"3\" title=\"pairings\" type=\"integer\"/>\n"
		 "</attributes>\n<nodes>\n");
	for (size_t v = 0; v < g->n; v++) {
		const struct insight_person *p = &in->people[g->person[v]];
		insight_pseudonym((size_t)g->person[v], id);
		buf_printf(b, "<node id=\"%s\" label=\"", id);
		buf_html(b, p->label);
		buf_puts(b, "\"><attvalues><attvalue for=\"0\" value=\"");
		buf_html(b, org_name(in, p->org));
		buf_puts(b, "\"/><attvalue for=\"1\" value=\"");
		buf_html(b, sector_name(in, p->sector));
		buf_puts(b, "\"/><attvalue for=\"2\" value=\"");
		buf_html(b, p->joined);
		buf_puts(b, "\"/></attvalues></node>\n");
	}
	buf_puts(b, "</nodes>\n<edges>\n");
	for (size_t i = 0; i < g->m; i++) {
		const struct insight_edge *e = &g->edge[i];
		insight_pseudonym((size_t)g->person[e->a], ida);
		insight_pseudonym((size_t)g->person[e->b], idb);
		buf_printf(b,
			   "<edge id=\"%zu\" source=\"%s\" target=\"%s\" weight=\"%d\">"
			   "<attvalues><attvalue for=\"0\" value=\"%s\"/>"
			   "<attvalue for=\"1\" value=\"%d\"/><attvalue for=\"2\" value=\"%d\"/>"
			   "<attvalue for=\"3\" value=\"%d\"/></attvalues></edge>\n",
			   i, ida, idb, e->pairings, insight_status_name(e->status),
			   e->first_round, e->last_round, e->pairings);
	}
	buf_puts(b, "</edges>\n</graph>\n</gexf>\n");
}

json_t *insight_export_json(const struct insight_input *in,
			    const struct insight_graph *g)
{
	char id[24];
	json_t *root = json_object(), *nodes = json_array(), *edges = json_array();
	if (!root || !nodes || !edges)
		goto fail;
	json_object_set_new(root, "upto", json_integer(g->upto));
	json_object_set(root, "nodes", nodes);
	json_object_set(root, "edges", edges);
	for (size_t v = 0; v < g->n; v++) {
		const struct insight_person *p = &in->people[g->person[v]];
		insight_pseudonym((size_t)g->person[v], id);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id,
				      "label", p->label, "organisation",
				      org_name(in, p->org), "sector",
				      sector_name(in, p->sector), "joined", p->joined);
		if (!o || json_array_append_new(nodes, o) < 0)
			goto fail;
	}
	for (size_t i = 0; i < g->m; i++) {
		const struct insight_edge *e = &g->edge[i];
		char a[24], b[24];
		insight_pseudonym((size_t)g->person[e->a], a);
		insight_pseudonym((size_t)g->person[e->b], b);
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "source", a,
				      "target", b, "status",
				      insight_status_name(e->status), "first_round",
				      e->first_round, "last_round", e->last_round,
				      "pairings", e->pairings);
		if (!o || json_array_append_new(edges, o) < 0)
			goto fail;
	}
	json_decref(nodes);
	json_decref(edges);
	return root;
fail:
	json_decref(nodes);
	json_decref(edges);
	json_decref(root);
	return NULL;
}
