/* insight_stats: see insight_stats.h. */
#include "insight/insight_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "insight/data.h"
#include "insight/paths.h"
#include "store/store_figures.h"
#include "util/hash.h"

json_t *insight_metrics_json(const struct insight_metrics *m)
{
	return json_pack(
		"{s:I, s:I, s:I, s:f, s:f, s:o, s:b, s:f, s:I, s:f, s:f, s:f, s:i}",
		"nodes", (json_int_t)m->nodes, "edges", (json_int_t)m->edges,
		"components", (json_int_t)m->components,
		"largest_component_share", m->largest_component_share,
		"average_clustering", m->average_clustering,
		"average_shortest_path",
		m->asp_defined ? json_real(m->average_shortest_path) : json_null(),
		"average_shortest_path_exact", m->asp_exact,
		"average_shortest_path_error", m->asp_error,
		"average_shortest_path_sources", (json_int_t)m->asp_sources,
		"cross_organisation_share", m->cross_organisation_share,
		"cross_sector_share", m->cross_sector_share,
		"organisations_reached_mean", m->organisations_reached,
		"organisations_reached_max", m->organisations_reached_max);
}

/* The met network's shortest paths as kept in part "paths": which
 * groups had met (insight_met_bits) and what an update needs of the
 * figure computed from them. */
struct met_paths {
	uint8_t *bits;
	size_t nbits;
	struct insight_paths p;
};

static void met_paths_free(struct met_paths *mp)
{
	free(mp->bits);
	insight_paths_free(&mp->p);
	memset(mp, 0, sizeof *mp);
}

/* The metrics of g, the network after round upto (met_only: the met
 * network; NULL when it could not be built) as a new object; NULL with
 * e set when memory runs out.  With
 * now, the met network's shortest paths are updated from prev (when it
 * has any) and what the next update needs is left in now. */
static json_t *network(const struct insight_input *in,
		       const struct insight_graph *g, int upto, bool met_only,
		       const struct insight_options *opt,
		       const struct met_paths *prev, struct met_paths *now,
		       struct err *e)
{
	struct insight_metrics m;
	struct insight_edit *ed = NULL;
	size_t ned = 0;
	json_t *o = NULL;
	int rc = -1, known = 0;
	if (g && now) {
		if (prev && prev->bits)
			known = insight_met_edits(in, upto, g, prev->bits,
						  prev->nbits, &ed, &ned);
		now->bits = insight_met_bits(in, upto, &now->nbits);
		if (known >= 0 && now->bits)
			rc = insight_metrics_update(g, in, opt,
						    known ? &prev->p : NULL,
						    ed, ned, &now->p, &m);
	} else if (g) {
		rc = insight_metrics_compute(g, in, opt, false, &m);
	}
	if (rc == 0)
		o = insight_metrics_json(&m);
	free(ed);
	if (!o)
		err_set(e, ERR_INTERNAL, "out of memory computing %s",
			met_only ? "met_network" : "network");
	return o;
}

/* The body of part "paths": {"groups": nbits, "met": hex of the bits,
 * "component": hex digest, "sums": [...]}.  NULL when there is
 * nothing to keep or memory runs out. */
static char *met_paths_dump(const struct met_paths *mp)
{
	size_t nb = mp->nbits / 8 + 1;
	char *h = malloc(2 * nb + 1), comp[17], *body = NULL;
	json_t *o = NULL, *sums = json_array();
	if (!h || !sums || !mp->bits || !mp->p.sums)
		goto done;
	sodium_bin2hex(h, 2 * nb + 1, mp->bits, nb);
	snprintf(comp, sizeof comp, "%016llx", (unsigned long long)mp->p.comp);
	for (size_t i = 0; i < mp->p.ns; i++)
		if (json_array_append_new(sums, json_integer((json_int_t)mp->p.sums[i])) < 0)
			goto done;
	o = json_pack("{s:I, s:s, s:s, s:O}", "groups", (json_int_t)mp->nbits,
		      "met", h, "component", comp, "sums", sums);
	if (o)
		body = json_dumps(o, JSON_COMPACT);
done:
	free(h);
	json_decref(sums);
	json_decref(o);
	return body;
}

/* mp from a cached body: 0, or -1 (mp empty) when it is not one this
 * cuppa wrote. */
static int met_paths_load(const char *body, struct met_paths *mp)
{
	json_t *o = json_loads(body, 0, NULL);
	json_int_t groups = -1;
	const char *h = NULL, *comp = NULL;
	json_t *sums = NULL;
	memset(mp, 0, sizeof *mp);
	if (!o || json_unpack(o, "{s:I, s:s, s:s, s:o}", "groups", &groups,
			      "met", &h, "component", &comp, "sums", &sums) < 0 ||
	    groups < 0 || !json_is_array(sums) ||
	    strlen(h) != 2 * ((size_t)groups / 8 + 1) || strlen(comp) != 16)
		goto fail;
	mp->nbits = (size_t)groups;
	mp->bits = malloc(mp->nbits / 8 + 1);
	mp->p.ns = json_array_size(sums);
	mp->p.sums = malloc((mp->p.ns ? mp->p.ns : 1) * sizeof *mp->p.sums);
	if (!mp->bits || !mp->p.sums)
		goto fail;
	size_t nb = mp->nbits / 8 + 1, got;
	uint8_t cb[8];
	if (sodium_hex2bin(mp->bits, nb, h, 2 * nb, NULL, &got, NULL) < 0 ||
	    got != nb ||
	    sodium_hex2bin(cb, sizeof cb, comp, 16, NULL, &got, NULL) < 0 ||
	    got != sizeof cb)
		goto fail;
	for (size_t i = 0; i < sizeof cb; i++)
		mp->p.comp = mp->p.comp << 8 | cb[i];
	for (size_t i = 0; i < mp->p.ns; i++) {
		json_t *v = json_array_get(sums, i);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			goto fail;
		mp->p.sums[i] = (uint64_t)json_integer_value(v);
	}
	json_decref(o);
	return 0;
fail:
	json_decref(o);
	met_paths_free(mp);
	return -1;
}

/* What no outcome changes: the whole network's figures and, of every
 * round's, all but those insight_rounds_met counts.  Computed by
 * stats_json, or read from the figures cache (part "structure"). */
struct structure {
	json_t *network;                /* owned */
	struct insight_round_stats *rs; /* malloc'd, nr entries */
	size_t nr;
	bool cached;                    /* read from the cache */
};

static void structure_free(struct structure *sx)
{
	json_decref(sx->network);
	free(sx->rs);
	memset(sx, 0, sizeof *sx);
}

/* The organisation network after a round (docs/insight.md): the keys
 * of a per_round entry, or the top-level "organisation_network". */
static json_t *org_network_json(const struct insight_round_stats *s,
				bool per_round)
{
	double k = (double)s->organisations;
	json_t *o;
	if (per_round)
		o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:f}",
			      "organisations", (json_int_t)s->organisations,
			      "organisation_pairs", (json_int_t)s->org_pairs,
			      "organisation_pairs_in_round", (json_int_t)s->org_pairs_round,
			      "new_organisation_pairs", (json_int_t)s->new_org_pairs,
			      "organisations_unconnected", (json_int_t)s->orgs_unconnected,
			      "organisation_pairs_share", s->org_pairs_share);
	else
		o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:f}",
			      "organisations", (json_int_t)s->organisations,
			      "pairs", (json_int_t)s->org_pairs,
			      "met_pairs", (json_int_t)s->org_pairs_met,
			      "unconnected", (json_int_t)s->orgs_unconnected,
			      "possible_pairs", (json_int_t)(k * (k - 1) / 2),
			      "pairs_share", s->org_pairs_share);
	return o;
}

static json_t *spread(const struct insight_spread *s)
{
	return json_pack("{s:f, s:i, s:i}", "mean", s->mean, "min", s->min,
			 "max", s->max);
}

/* The figures of insight_stats_json into root.  The structure comes
 * from sx when sx->cached (only the met network and the outcomes are
 * computed then); otherwise it is computed and left in sx. */
static int stats_json(const struct insight_input *in, int upto,
		      const struct insight_options *opt, struct structure *sx,
		      const struct met_paths *prev, struct met_paths *now,
		      json_t *root, struct err *e)
{
	struct insight_round_stats *rs;
	struct insight_month *ms = NULL;
	size_t nr, nm = 0;
	int ret = -1;
	struct insight_graph *g;
	if (!sx->cached) {
		g = insight_graph_build(in, upto, false);
		sx->network = network(in, g, upto, false, opt, NULL, NULL, e);
		insight_graph_free(g);
		sx->rs = calloc(in->nrounds ? in->nrounds : 1, sizeof *sx->rs);
		if (!sx->network)
			return -1;
		if (!sx->rs || insight_rounds(in, upto, sx->rs, &sx->nr) < 0)
			return err_set(e, ERR_INTERNAL, "out of memory");
	}
	g = insight_graph_build(in, upto, true);
	if (sx->cached && (!g || insight_rounds_met(in, g, sx->rs, sx->nr) < 0)) {
		insight_graph_free(g);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	rs = sx->rs;
	nr = sx->nr;
	json_t *met = network(in, g, upto, true, opt, prev, now, e);
	insight_graph_free(g);
	if (!met || json_object_set(root, "network", sx->network) < 0 ||
	    json_object_set_new(root, "met_network", met) < 0)
		return met ? err_set(e, ERR_INTERNAL, "out of memory") : -1;
	if (insight_growth(in, upto, &ms, &nm) < 0) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	json_t *arr = json_array();
	if (!arr || json_object_set_new(root, "per_round", arr) < 0)
		goto nomem;
	for (size_t i = 0; i < nr; i++) {
		const struct insight_round_stats *s = &rs[i];
		json_t *o = json_pack(
			"{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:I,"
			" s:I, s:I, s:I, s:I, s:f, s:f}",
			"round", s->number, "published", s->published ? s->published : "",
			"groups", (json_int_t)s->groups, "trios", (json_int_t)s->trios,
			"met", (json_int_t)s->met, "missed", (json_int_t)s->missed,
			"unconfirmed", (json_int_t)s->unconfirmed,
			"unplaced", (json_int_t)s->unplaced, "met_share", s->met_share,
			"pairings", (json_int_t)s->pairings,
			"new_edges", (json_int_t)s->new_edges, "nodes", (json_int_t)s->nodes,
			"edges", (json_int_t)s->edges, "met_edges", (json_int_t)s->met_edges,
			"components", (json_int_t)s->components,
			"largest_component_share", s->largest_component_share,
			"average_clustering", s->average_clustering);
		json_t *on = org_network_json(s, true);
		int bad = !o || !on || json_object_update(o, on) < 0;
		json_decref(on);
		if (bad || json_array_append_new(arr, o) < 0)
			goto nomem;
	}
	{
		struct insight_round_stats none = {0};
		json_t *o = org_network_json(nr ? &rs[nr - 1] : &none, false);
		if (!o || json_object_set_new(root, "organisation_network", o) < 0)
			goto nomem;
	}
	arr = json_array();
	if (!arr || json_object_set_new(root, "growth", arr) < 0)
		goto nomem;
	for (size_t i = 0; i < nm; i++) {
		const struct insight_month *m = &ms[i];
		json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "month", m->month,
				      "signups", (json_int_t)m->signups,
				      "signups_total", (json_int_t)m->signups_total,
				      "active", (json_int_t)m->active,
				      "meetings", (json_int_t)m->meetings,
				      "meetings_total", (json_int_t)m->meetings_total);
		if (!o || json_array_append_new(arr, o) < 0)
			goto nomem;
	}
	struct insight_fairness_summary fs;
	insight_fairness(in, upto, NULL, &fs);
	json_t *f = json_pack("{s:I, s:o, s:o, s:o, s:o}", "people", (json_int_t)fs.people,
			      "groups_per_person", spread(&fs.groups),
			      "meetings_per_person", spread(&fs.met),
			      "times_in_trio", spread(&fs.trios),
			      "times_unplaced", spread(&fs.unplaced));
	if (!f || json_object_set_new(root, "fairness", f) < 0)
		goto nomem;
	ret = 0;
	goto done;
nomem:
	err_set(e, ERR_INTERNAL, "out of memory");
done:
	free(ms);
	return ret;
}

int insight_stats_json(const struct insight_input *in, int upto,
		       const struct insight_options *opt, json_t *root,
		       struct err *e)
{
	struct structure sx = {0};
	int rc = stats_json(in, upto, opt, &sx, NULL, NULL, root, e);
	structure_free(&sx);
	return rc;
}

/* How insight_stats_json computes its figures: bump it with any change
 * to them (metrics.c, rounds.c, this file), so that figures cached by an
 * older cuppa are computed again. */
#define NETWORK_FORMAT 2

/* The stamp of the "network" figures after round upto: a digest of all
 * they read of in (who took part, who was grouped with whom, everyone's
 * organisation and sector), and nothing they do not (outcomes, dates),
 * so that an outcome or a rating leaves them cached. */
static void structure_stamp(const struct insight_input *in, int upto,
			    char out[STORE_FIGURES_STAMP])
{
	uint64_t h = hash_int(HASH_INIT, upto);
	h = hash_int(h, (int64_t)in->npeople);
	h = hash_int(h, (int64_t)in->norgs);
	h = hash_int(h, (int64_t)in->nsectors);
	for (size_t i = 0; i < in->nrounds; i++)
		if (upto <= 0 || in->rounds[i].number <= upto)
			h = hash_int(h, in->rounds[i].number);
	for (size_t i = 0; i < in->npeople; i++) {
		h = hash_int(h, in->people[i].id);
		h = hash_int(h, in->people[i].org);
		h = hash_int(h, in->people[i].sector);
	}
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *g = &in->groups[i];
		if (upto > 0 && g->round > upto)
			continue;
		h = hash_int(h, g->round);
		for (int k = 0; k < g->n; k++)
			h = hash_int(h, g->member[k]);
		h = hash_int(h, -1);
	}
	for (size_t i = 0; i < in->nunplaced; i++)
		if (upto <= 0 || in->unplaced[i].round <= upto) {
			h = hash_int(h, in->unplaced[i].round);
			h = hash_int(h, in->unplaced[i].person);
		}
	snprintf(out, STORE_FIGURES_STAMP, "%d.s.%016llx", NETWORK_FORMAT,
		 (unsigned long long)h);
}

/* The keys insight_stats_json adds, moved from a computed root into the
 * object kept in the cache. */
static const char *const network_keys[] = {
	"network", "met_network", "per_round", "organisation_network",
	"growth", "fairness",
};
#define NNETWORK_KEYS (sizeof network_keys / sizeof network_keys[0])

/* The structural figures of a round, as kept in part "structure": an
 * array in this order (the outcome figures are counted again). */
#define ROUND_STRUCTURE 17

static json_t *round_structure_json(const struct insight_round_stats *s)
{
	return json_pack("[i, I, I, I, I, I, I, I, I, f, f, I, I, I, I, I, f]",
			 s->number, (json_int_t)s->groups, (json_int_t)s->trios,
			 (json_int_t)s->pairings, (json_int_t)s->unplaced,
			 (json_int_t)s->new_edges, (json_int_t)s->nodes,
			 (json_int_t)s->edges, (json_int_t)s->components,
			 s->largest_component_share, s->average_clustering,
			 (json_int_t)s->organisations, (json_int_t)s->org_pairs,
			 (json_int_t)s->org_pairs_round,
			 (json_int_t)s->new_org_pairs,
			 (json_int_t)s->orgs_unconnected, s->org_pairs_share);
}

/* One round back from round_structure_json's array; the round's
 * publication date from in, where it must be round number i's.  0, or
 * -1 when the array is not one this cuppa wrote. */
static int round_structure_read(const json_t *a, const struct insight_input *in,
				size_t i, struct insight_round_stats *s)
{
	size_t *counts[] = {
		&s->groups, &s->trios, &s->pairings, &s->unplaced,
		&s->new_edges, &s->nodes, &s->edges, &s->components,
		NULL, NULL, &s->organisations, &s->org_pairs,
		&s->org_pairs_round, &s->new_org_pairs, &s->orgs_unconnected,
	};
	if (!json_is_array(a) || json_array_size(a) != ROUND_STRUCTURE ||
	    !json_is_integer(json_array_get(a, 0)) || i >= in->nrounds)
		return -1;
	memset(s, 0, sizeof *s);
	s->number = (int)json_integer_value(json_array_get(a, 0));
	if (s->number != in->rounds[i].number)
		return -1;
	s->published = in->rounds[i].published;
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		const json_t *v = json_array_get(a, k + 1);
		if (!counts[k])
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return -1;
		*counts[k] = (size_t)json_integer_value(v);
	}
	const json_t *l = json_array_get(a, 9), *c = json_array_get(a, 10),
		     *o = json_array_get(a, 16);
	if (!json_is_number(l) || !json_is_number(c) || !json_is_number(o))
		return -1;
	s->largest_component_share = json_number_value(l);
	s->average_clustering = json_number_value(c);
	s->org_pairs_share = json_number_value(o);
	return 0;
}

/* The body of part "structure": {"network": {...}, "per_round": [...]}.
 * NULL when memory runs out. */
static char *structure_dump(const struct structure *sx)
{
	json_t *o = json_object(), *arr = json_array();
	char *body = NULL;
	if (!o || !arr || json_object_set(o, "network", sx->network) < 0 ||
	    json_object_set(o, "per_round", arr) < 0)
		goto done;
	for (size_t i = 0; i < sx->nr; i++)
		if (json_array_append_new(arr, round_structure_json(&sx->rs[i])) < 0)
			goto done;
	body = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
done:
	json_decref(arr);
	json_decref(o);
	return body;
}

/* sx from a cached body: 0, or -1 (sx empty) when it is not one this
 * cuppa wrote for in. */
static int structure_load(const char *body, const struct insight_input *in,
			  struct structure *sx)
{
	json_t *o = json_loads(body, 0, NULL);
	json_t *net = json_object_get(o, "network");
	json_t *arr = json_object_get(o, "per_round");
	memset(sx, 0, sizeof *sx);
	if (!json_is_object(net) || !json_is_array(arr))
		goto fail;
	sx->nr = json_array_size(arr);
	sx->rs = calloc(sx->nr ? sx->nr : 1, sizeof *sx->rs);
	if (!sx->rs)
		goto fail;
	for (size_t i = 0; i < sx->nr; i++)
		if (round_structure_read(json_array_get(arr, i), in, i, &sx->rs[i]) < 0)
			goto fail;
	sx->network = json_incref(net);
	sx->cached = true;
	json_decref(o);
	return 0;
fail:
	json_decref(o);
	structure_free(sx);
	return -1;
}

/* Computes the figures after round upto into a new object (NULL and e
 * set on failure). */
static json_t *network_compute(struct store *st, const struct programme *p,
			       int upto, struct err *e)
{
	struct insight_data d;
	json_t *o = json_object();
	if (!o) {
		err_set(e, ERR_INTERNAL, "out of memory");
		return NULL;
	}
	struct arena a;
	struct structure sx = {0};
	struct met_paths prev = {0}, now = {0};
	char stamp[STORE_FIGURES_STAMP], *cached = NULL, *body;
	int rc = -1;
	arena_init(&a, 0);
	if (insight_data_load_cached(st, p->id, &d, e) < 0) {
		json_decref(o);
		arena_release(&a);
		return NULL;
	}
	/* The figures of the whole network, and each round's but its
	 * outcomes, do not depend on outcomes: kept apart, under a digest
	 * of what they read, so that an answer recomputes only the met
	 * network and counts the outcomes. */
	structure_stamp(&d.in, upto, stamp);
	/* The met network's shortest paths are updated from the last ones
	 * computed on the same structure: an answer searches again only
	 * from the sources its edge reaches (insight/paths.h). */
	if (store_figures_get(st, p->id, "paths", upto, stamp, &a, &cached,
			      e) < 0)
		goto done;
	if (cached)
		(void)met_paths_load(cached, &prev);
	cached = NULL;
	if (store_figures_get(st, p->id, "structure", upto, stamp, &a, &cached,
			      e) < 0)
		goto done;
	if (!cached || structure_load(cached, &d.in, &sx) < 0) {
		if (stats_json(&d.in, upto, NULL, &sx, &prev, &now, o, e) < 0)
			goto done;
		body = structure_dump(&sx);
		if (body)
			(void)store_figures_put(st, p->id, "structure", upto,
						stamp, body, NULL);
		free(body);
	} else if (stats_json(&d.in, upto, NULL, &sx, &prev, &now, o, e) < 0) {
		goto done;
	}
	body = met_paths_dump(&now);
	if (body)
		(void)store_figures_put(st, p->id, "paths", upto, stamp, body,
					NULL);
	free(body);
	rc = 0;
done:
	met_paths_free(&prev);
	met_paths_free(&now);
	structure_free(&sx);
	insight_data_release(&d);
	arena_release(&a);
	if (rc < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int insight_stats_add(struct store *st, const struct programme *p,
		      int upto_round, json_t *root, struct err *e)
{
	struct arena a;
	struct store_figures_people pp;
	struct store_figures_round *rounds;
	size_t nrounds, n = 0;
	char stamp[STORE_FIGURES_STAMP];
	char *cached;
	json_t *o = NULL;
	int upto = upto_round, hit, rc = -1;
	arena_init(&a, 0);
	/* The stamp is read before the data (store_figures.h). */
	if (store_figures_rounds(st, p->id, &a, &rounds, &nrounds, e) < 0 ||
	    store_figures_people(st, p->id, &pp, e) < 0)
		goto done;
	while (n < nrounds && (upto <= 0 || rounds[n].number <= upto))
		n++;
	if (upto > 0 && (n == 0 || rounds[n - 1].number != upto)) {
		err_field(e, ERR_NOTFOUND, "round",
			  "round %d is not a published or closed round", upto);
		goto done;
	}
	/* "After the last round" and "after round N" are the same figures
	 * when N is the last: one cache row, keyed by the round. */
	upto = n ? rounds[n - 1].number : 0;
	store_figures_stamp(NETWORK_FORMAT, &pp, rounds, n, stamp);
	hit = store_figures_get(st, p->id, "network", upto, stamp, &a, &cached, e);
	if (hit < 0)
		goto done;
	if (hit)
		o = json_loads(cached, 0, NULL);
	for (size_t k = 0; o && k < NNETWORK_KEYS; k++)
		if (!json_object_get(o, network_keys[k])) {
			json_decref(o); /* not what this cuppa writes */
			o = NULL;
		}
	if (!o) {
		char *body;
		o = network_compute(st, p, upto, e);
		if (!o)
			goto done;
		body = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
		if (body)
			(void)store_figures_put(st, p->id, "network", upto, stamp,
						body, NULL);
		free(body);
	}
	for (size_t k = 0; k < NNETWORK_KEYS; k++) {
		json_t *v = json_object_get(o, network_keys[k]);
		if (!v || json_object_set(root, network_keys[k], v) < 0) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
	}
	rc = 0;
done:
	json_decref(o);
	arena_release(&a);
	return rc;
}
