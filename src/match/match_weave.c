/*
 * match_weave: the "already met" attribute pairs behind the weave goal
 * (new_connection, new_sector_connection; see match.h and
 * docs/matcher.md).  The input names organisation (sector) pairs as
 * strings; here they become pairs of the ids match_ctx interned for the
 * people, so mctx_weave answers with a bit test.  Names that no person of
 * the round carries cannot matter and are dropped.
 */
#include "match/match_impl.h"

#include <stdlib.h>
#include <string.h>

/* Bit matrix up to this many ids (k*k bits: 2 MiB), sorted keys beyond. */
#define MWEAVE_BITS_MAX 4096

struct named {
	const char *name;
	uint32_t id;
};

static int named_cmp(const void *x, const void *y)
{
	return strcmp(((const struct named *)x)->name,
		      ((const struct named *)y)->name);
}

static int key_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static uint32_t find_id(const struct named *t, size_t n, const char *name)
{
	if (!name || !*name)
		return 0;
	struct named key = {name, 0};
	const struct named *f = bsearch(&key, t, n, sizeof *t, named_cmp);
	return f ? f->id : 0;
}

/* Fills s from the met list: ids[i] is person i's interned value,
 * sector selects which name of a person the ids intern. */
static int build(struct mpairs *s, const struct mctx *c, const uint32_t *ids,
		 bool sector, const struct match_names *met, size_t nmet,
		 struct err *e)
{
	const struct match_input *in = c->in;
	struct named *t = calloc((size_t)c->n + 1, sizeof *t);
	uint8_t *seen = NULL;
	uint32_t k = 1;
	size_t nt = 0;
	int ret = -1;
	if (!t)
		goto oom;
	for (uint32_t i = 0; i < c->n; i++)
		if (ids[i] >= k)
			k = ids[i] + 1;
	seen = calloc(k, 1);
	if (!seen)
		goto oom;
	for (uint32_t i = 0; i < c->n; i++) {
		if (!ids[i] || seen[ids[i]])
			continue;
		seen[ids[i]] = 1;
		t[nt].name = sector ? in->people[i].sector : in->people[i].organisation;
		t[nt++].id = ids[i];
	}
	qsort(t, nt, sizeof *t, named_cmp);
	s->k = k;
	if (k <= MWEAVE_BITS_MAX) {
		s->bits = calloc(((size_t)k * k + 63) / 64, sizeof *s->bits);
		if (!s->bits)
			goto oom;
	} else {
		s->keys = calloc(nmet + 1, sizeof *s->keys);
		if (!s->keys)
			goto oom;
	}
	for (size_t m = 0; m < nmet; m++) {
		uint32_t x = find_id(t, nt, met[m].a), y = find_id(t, nt, met[m].b);
		if (!x || !y || x == y)
			continue;
		if (x > y) {
			uint32_t tmp = x;
			x = y;
			y = tmp;
		}
		if (s->bits) {
			uint64_t bit = (uint64_t)x * k + y;
			s->bits[bit >> 6] |= 1ull << (bit & 63);
		} else {
			s->keys[s->nkeys++] = ((uint64_t)x << 32) | y;
		}
	}
	if (s->keys && s->nkeys) {
		qsort(s->keys, s->nkeys, sizeof *s->keys, key_cmp);
		size_t u = 1;
		for (size_t m = 1; m < s->nkeys; m++)
			if (s->keys[m] != s->keys[u - 1])
				s->keys[u++] = s->keys[m];
		s->nkeys = u;
	}
	ret = 0;
	goto done;
oom:
	err_set(e, ERR_INTERNAL, "out of memory");
done:
	free(t);
	free(seen);
	return ret;
}

static int check(const struct match_names *met, size_t nmet, const char *what,
		 struct err *e)
{
	if (nmet && !met)
		return err_field(e, ERR_INVALID, what, "missing");
	for (size_t m = 0; m < nmet; m++)
		if (!met[m].a || !met[m].b)
			return err_field(e, ERR_INVALID, what,
					 "pair %zu has a missing name", m);
	return 0;
}

int mweave_init(struct mctx *c, struct err *e)
{
	const struct match_input *in = c->in;
	if (check(in->met_organisations, in->nmet_organisations,
		  "met_organisations", e) < 0 ||
	    check(in->met_sectors, in->nmet_sectors, "met_sectors", e) < 0)
		return -1;
	if (c->w.new_connection &&
	    build(&c->orgmet, c, c->org, false, in->met_organisations,
		  in->nmet_organisations, e) < 0)
		return -1;
	if (c->w.new_sector_connection &&
	    build(&c->secmet, c, c->sec, true, in->met_sectors,
		  in->nmet_sectors, e) < 0)
		return -1;
	return 0;
}

void mweave_release(struct mctx *c)
{
	free(c->orgmet.bits);
	free(c->orgmet.keys);
	free(c->secmet.bits);
	free(c->secmet.keys);
	memset(&c->orgmet, 0, sizeof c->orgmet);
	memset(&c->secmet, 0, sizeof c->secmet);
}
