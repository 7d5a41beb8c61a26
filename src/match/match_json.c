/*
 * match_json: parses the `cuppa match` input document into a
 * match_input and writes the result document (see match_json.h).  Every
 * rejection names the key at fault; nothing is guessed.
 */
#include "match/match_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* id -> index, open addressing over the people array. */
struct idmap {
	uint32_t *slot;    /* index + 1, 0 = empty */
	size_t cap;
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h ^ (h >> 31);
}

/* Returns the index of id, inserting idx when absent and insert is set;
 * -1 when absent. */
static int64_t idmap_get(struct idmap *m, const struct match_person *p,
			 const char *id, uint32_t idx, bool insert)
{
	size_t mask = m->cap - 1, i = (size_t)id_hash(id) & mask;
	while (m->slot[i]) {
		uint32_t k = m->slot[i] - 1;
		if (strcmp(p[k].id, id) == 0)
			return k;
		i = (i + 1) & mask;
	}
	if (insert)
		m->slot[i] = idx + 1;
	return -1;
}

static int get_int(json_t *v, const char *field, long long min,
		   long long max, int64_t *out, struct err *e)
{
	if (!json_is_integer(v))
		return err_field(e, ERR_INVALID, field, "must be an integer");
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return err_field(e, ERR_INVALID, field,
				 "must be from %lld to %lld", min, max);
	*out = (int64_t)x;
	return 0;
}

static int check_keys(json_t *obj, const char *where,
		      const char *const *allowed, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = true;
		if (!ok) {
			char f[64];
			snprintf(f, sizeof f, "%s%s%.40s", where, *where ? "." : "",
				 key);
			return err_field(e, ERR_INVALID, f, "unknown key");
		}
	}
	return 0;
}

static int attr_from_name(const char *s, enum match_attr *out)
{
	if (strcmp(s, "organisation") == 0)
		*out = MATCH_ATTR_ORGANISATION;
	else if (strcmp(s, "sector") == 0)
		*out = MATCH_ATTR_SECTOR;
	else if (strcmp(s, "role") == 0)
		*out = MATCH_ATTR_ROLE;
	else
		return -1;
	return 0;
}

static int opt_string(json_t *person, const char *key, size_t i,
		      const char **out, struct err *e)
{
	json_t *v = json_object_get(person, key);
	*out = "";
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		char f[64];
		snprintf(f, sizeof f, "people[%zu].%s", i, key);
		return err_field(e, ERR_INVALID, f, "must be a string");
	}
	*out = json_string_value(v);
	return 0;
}

static int parse_pairs(json_t *arr, const char *name, struct idmap *m,
		       const struct match_person *p, struct match_pair **out,
		       size_t *nout, struct err *e)
{
	char f[64];
	*out = NULL;
	*nout = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return err_field(e, ERR_INVALID, name, "must be an array of [id, id] pairs");
	size_t n = json_array_size(arr);
	*out = calloc(n + 1, sizeof **out);
	if (!*out)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t k = 0; k < n; k++) {
		json_t *pr = json_array_get(arr, k);
		snprintf(f, sizeof f, "%s[%zu]", name, k);
		if (!json_is_array(pr) || json_array_size(pr) != 2 ||
		    !json_is_string(json_array_get(pr, 0)) ||
		    !json_is_string(json_array_get(pr, 1)))
			return err_field(e, ERR_INVALID, f, "must be a pair of two ids");
		const char *a = json_string_value(json_array_get(pr, 0));
		const char *b = json_string_value(json_array_get(pr, 1));
		if (strcmp(a, b) == 0)
			return err_field(e, ERR_INVALID, f, "names the same person twice");
		int64_t ia = idmap_get(m, p, a, 0, false);
		int64_t ib = idmap_get(m, p, b, 0, false);
		if (ia < 0 || ib < 0)
			continue; /* someone not in this round */
		(*out)[*nout].a = (uint32_t)ia;
		(*out)[*nout].b = (uint32_t)ib;
		(*nout)++;
	}
	return 0;
}

/* "met_organisations": [["A", "B"], ...] (the weave goal's history). */
static int parse_names(json_t *arr, const char *name, struct match_names **out,
		       size_t *nout, struct err *e)
{
	char f[64];
	*out = NULL;
	*nout = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return err_field(e, ERR_INVALID, name,
				 "must be an array of [name, name] pairs");
	size_t n = json_array_size(arr);
	*out = calloc(n + 1, sizeof **out);
	if (!*out)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t k = 0; k < n; k++) {
		json_t *pr = json_array_get(arr, k);
		snprintf(f, sizeof f, "%s[%zu]", name, k);
		if (!json_is_array(pr) || json_array_size(pr) != 2 ||
		    !json_is_string(json_array_get(pr, 0)) ||
		    !json_is_string(json_array_get(pr, 1)))
			return err_field(e, ERR_INVALID, f, "must be a pair of two names");
		(*out)[k].a = json_string_value(json_array_get(pr, 0));
		(*out)[k].b = json_string_value(json_array_get(pr, 1));
	}
	*nout = n;
	return 0;
}

static int parse_weights(json_t *w, struct match_weights *mw, struct err *e)
{
	static const char *const keys[] = {
		"different_organisation", "different_sector", "shared_topic",
		"priority", "noise", "trio_fairness", "new_connection",
		"new_sector_connection", NULL,
	};
	int64_t *dst[] = {
		&mw->different_organisation, &mw->different_sector,
		&mw->shared_topic, &mw->priority, &mw->noise, &mw->trio_fairness,
		&mw->new_connection, &mw->new_sector_connection,
	};
	if (!w)
		return 0;
	if (!json_is_object(w))
		return err_field(e, ERR_INVALID, "weights", "must be an object");
	if (check_keys(w, "weights", keys, e) < 0)
		return -1;
	for (size_t k = 0; keys[k]; k++) {
		json_t *v = json_object_get(w, keys[k]);
		char f[64];
		if (!v)
			continue;
		snprintf(f, sizeof f, "weights.%s", keys[k]);
		if (get_int(v, f, 0, 1000000, dst[k], e) < 0)
			return -1;
	}
	return 0;
}

static int parse_people(json_t *arr, struct match_doc *d, struct idmap *m,
			struct err *e)
{
	static const char *const keys[] = {
		"id", "organisation", "sector", "role", "topics", "priority",
		"trios", "name", "email", NULL,
	};
	char f[64];
	size_t n = json_array_size(arr), ntop = 0, i;
	for (i = 0; i < n; i++) {
		json_t *t = json_object_get(json_array_get(arr, i), "topics");
		if (json_is_array(t))
			ntop += json_array_size(t);
	}
	d->people = calloc(n + 1, sizeof *d->people);
	d->topics = calloc(ntop + 1, sizeof *d->topics);
	m->cap = 16;
	while (m->cap < 2 * n)
		m->cap <<= 1;
	m->slot = calloc(m->cap, sizeof *m->slot);
	if (!d->people || !d->topics || !m->slot)
		return err_set(e, ERR_INTERNAL, "out of memory");
	size_t tused = 0;
	for (i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		struct match_person *p = &d->people[i];
		snprintf(f, sizeof f, "people[%zu]", i);
		if (!json_is_object(o))
			return err_field(e, ERR_INVALID, f, "must be an object");
		if (check_keys(o, f, keys, e) < 0)
			return -1;
		json_t *id = json_object_get(o, "id");
		snprintf(f, sizeof f, "people[%zu].id", i);
		if (!json_is_string(id) || !*json_string_value(id))
			return err_field(e, ERR_INVALID, f, "must be a non-empty string");
		p->id = json_string_value(id);
		if (idmap_get(m, d->people, p->id, (uint32_t)i, true) >= 0)
			return err_field(e, ERR_INVALID, f, "duplicate id");
		if (opt_string(o, "organisation", i, &p->organisation, e) < 0 ||
		    opt_string(o, "sector", i, &p->sector, e) < 0 ||
		    opt_string(o, "role", i, &p->role, e) < 0)
			return -1;
		json_t *t = json_object_get(o, "topics");
		p->topics = d->topics + tused;
		if (t && !json_is_null(t)) {
			snprintf(f, sizeof f, "people[%zu].topics", i);
			if (!json_is_array(t))
				return err_field(e, ERR_INVALID, f, "must be an array of strings");
			for (size_t k = 0; k < json_array_size(t); k++) {
				json_t *s = json_array_get(t, k);
				if (!json_is_string(s))
					return err_field(e, ERR_INVALID, f,
							 "must be an array of strings");
				d->topics[tused++] = json_string_value(s);
				p->ntopics++;
			}
		}
		int64_t v = 0;
		json_t *x = json_object_get(o, "priority");
		snprintf(f, sizeof f, "people[%zu].priority", i);
		if (x && get_int(x, f, 0, 1000, &v, e) < 0)
			return -1;
		p->priority = (int)v;
		v = 0;
		x = json_object_get(o, "trios");
		snprintf(f, sizeof f, "people[%zu].trios", i);
		if (x && get_int(x, f, 0, 1000, &v, e) < 0)
			return -1;
		p->trios = (int)v;
	}
	d->in.people = d->people;
	d->in.npeople = n;
	return 0;
}

int match_json_parse(const char *text, size_t len, struct match_doc *d,
		     struct err *e)
{
	static const char *const keys[] = {
		"seed", "group_size", "people", "history", "blocked",
		"avoid_same", "mix", "weights", "met_organisations",
		"met_sectors", NULL,
	};
	struct idmap m = {0};
	json_error_t je;
	int ret = -1;
	int64_t v;

	memset(d, 0, sizeof *d);
	match_weights_default(&d->in.weights);
	d->in.group_size = 2;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char f[64];
		snprintf(f, sizeof f, "line %d", je.line);
		return err_field(e, ERR_INVALID, f, "not valid JSON: %s", je.text);
	}
	d->root = root;
	if (!json_is_object(root)) {
		err_set(e, ERR_INVALID, "the document must be a JSON object");
		goto done;
	}
	if (check_keys(root, "", keys, e) < 0)
		goto done;
	json_t *x = json_object_get(root, "seed");
	if (x) {
		if (get_int(x, "seed", 0, INT64_MAX, &v, e) < 0)
			goto done;
		d->in.seed = (uint64_t)v;
	}
	x = json_object_get(root, "group_size");
	if (x) {
		if (get_int(x, "group_size", 2, 3, &v, e) < 0)
			goto done;
		d->in.group_size = (int)v;
	}
	x = json_object_get(root, "people");
	if (!json_is_array(x)) {
		err_field(e, ERR_INVALID, "people", "must be an array of objects");
		goto done;
	}
	if (parse_people(x, d, &m, e) < 0)
		goto done;
	if (parse_pairs(json_object_get(root, "history"), "history", &m,
			d->people, &d->history, &d->in.nhistory, e) < 0 ||
	    parse_pairs(json_object_get(root, "blocked"), "blocked", &m,
			d->people, &d->blocked, &d->in.nblocked, e) < 0)
		goto done;
	d->in.history = d->history;
	d->in.blocked = d->blocked;
	if (parse_names(json_object_get(root, "met_organisations"),
			"met_organisations", &d->met_organisations,
			&d->in.nmet_organisations, e) < 0 ||
	    parse_names(json_object_get(root, "met_sectors"), "met_sectors",
			&d->met_sectors, &d->in.nmet_sectors, e) < 0)
		goto done;
	d->in.met_organisations = d->met_organisations;
	d->in.met_sectors = d->met_sectors;
	x = json_object_get(root, "avoid_same");
	if (x) {
		if (!json_is_array(x)) {
			err_field(e, ERR_INVALID, "avoid_same",
				  "must be an array of attribute names");
			goto done;
		}
		for (size_t k = 0; k < json_array_size(x); k++) {
			json_t *s = json_array_get(x, k);
			enum match_attr a;
			char f[64];
			snprintf(f, sizeof f, "avoid_same[%zu]", k);
			if (!json_is_string(s) ||
			    attr_from_name(json_string_value(s), &a) < 0) {
				err_field(e, ERR_INVALID, f,
					  "must be organisation, sector or role");
				goto done;
			}
			d->in.avoid_same |= a;
		}
	}
	x = json_object_get(root, "mix");
	if (x && !json_is_null(x)) {
		static const char *const mkeys[] = { "attribute", "values", NULL };
		if (!json_is_object(x)) {
			err_field(e, ERR_INVALID, "mix", "must be an object");
			goto done;
		}
		if (check_keys(x, "mix", mkeys, e) < 0)
			goto done;
		json_t *a = json_object_get(x, "attribute");
		json_t *vals = json_object_get(x, "values");
		if (!json_is_string(a) ||
		    attr_from_name(json_string_value(a), &d->in.mix_attr) < 0) {
			err_field(e, ERR_INVALID, "mix.attribute",
				  "must be organisation, sector or role");
			goto done;
		}
		if (!json_is_array(vals) || json_array_size(vals) != 2 ||
		    !json_is_string(json_array_get(vals, 0)) ||
		    !json_is_string(json_array_get(vals, 1))) {
			err_field(e, ERR_INVALID, "mix.values",
				  "must be an array of two strings");
			goto done;
		}
		d->in.mix_values[0] = json_string_value(json_array_get(vals, 0));
		d->in.mix_values[1] = json_string_value(json_array_get(vals, 1));
	}
	if (parse_weights(json_object_get(root, "weights"), &d->in.weights, e) < 0)
		goto done;
	ret = 0;
done:
	free(m.slot);
	return ret;
}

void match_doc_release(struct match_doc *d)
{
	if (!d)
		return;
	json_decref((json_t *)d->root);
	free(d->people);
	free(d->topics);
	free(d->history);
	free(d->blocked);
	free(d->met_organisations);
	free(d->met_sectors);
	memset(d, 0, sizeof *d);
}

char *match_json_result(const struct match_doc *d,
			const struct match_result *r, bool with_time)
{
	const struct match_person *p = d->in.people;
	json_t *root = json_object(), *groups = json_array(),
	       *unplaced = json_array();
	char *s = NULL;
	if (!root || !groups || !unplaced)
		goto done;
	for (size_t g = 0; g < r->ngroups; g++) {
		json_t *grp = json_array();
		if (!grp || json_array_append_new(groups, grp) < 0)
			goto done;
		for (int k = 0; k < r->groups[g].n; k++)
			if (json_array_append_new(grp,
				json_string(p[r->groups[g].member[k]].id)) < 0)
				goto done;
	}
	for (size_t u = 0; u < r->nunplaced; u++)
		if (json_array_append_new(unplaced, json_pack("{s:s, s:s}",
			"id", p[r->unplaced[u].person].id,
			"reason", r->unplaced[u].reason)) < 0)
			goto done;
	json_object_set_new(root, "groups", groups);
	json_object_set_new(root, "unplaced", unplaced);
	groups = unplaced = NULL;
	json_object_set_new(root, "weight", json_integer(r->weight));
	json_object_set_new(root, "optimal", json_boolean(r->optimal));
	json_object_set_new(root, "stats", json_pack("{s:I, s:I, s:f}",
		"repeats", (json_int_t)r->stats.repeats,
		"same_organisation", (json_int_t)r->stats.same_organisation,
		"seconds", with_time ? r->stats.seconds : 0.0));
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
done:
	json_decref(groups);
	json_decref(unplaced);
	json_decref(root);
	return s;
}
