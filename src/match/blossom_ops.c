/*
 * blossom_ops: the blossom algorithm's operations on labels, blossoms
 * and augmenting paths (see blossom.c for the stages that drive them and
 * blossom.h for the contract and the papers).
 */
#include "match/blossom_impl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void *bl_alloc(struct bl *b, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		longjmp(b->oom, 1);
	return p;
}

/* Array a of *cap entries of size bytes, twice as long and add more. */
static void *grow(struct bl *b, void *a, size_t *cap, size_t size, size_t add)
{
	size_t n = *cap * 2 + add;
	void *p = realloc(a, n * size);
	if (!p)
		longjmp(b->oom, 1);
	*cap = n;
	return p;
}

/* As bl_alloc, for an array written in full before it is read: clearing
 * the arrays of a solve was 0.27 M of the 8 M instructions of one on
 * `dense` at 1,000. */
void *bl_alloc_raw(struct bl *b, size_t n, size_t size)
{
	void *p = malloc((n ? n : 1) * size);
	if (!p)
		longjmp(b->oom, 1);
	return p;
}

/* An array that lives as long as the solve, from the caller's scratch
 * while it lasts (zeroed when asked, as calloc would), else from the
 * heap.  Only bl_release may give it back. */
void *bl_fixed(struct bl *b, size_t n, size_t size, bool zero)
{
	size_t sz = ((n ? n : 1) * size + 15) & ~(size_t)15;
	if (b->scr && sz <= b->scr_len - b->scr_used) {
		void *p = b->scr + b->scr_used;
		b->scr_used += sz;
		if (zero)
			memset(p, 0, sz);
		return p;
	}
	return zero ? bl_alloc(b, n, size) : bl_alloc_raw(b, n, size);
}

void bl_release(struct bl *b, void *p)
{
	uintptr_t x = (uintptr_t)p, s = (uintptr_t)b->scr;
	if (!b->scr || x < s || x - s >= b->scr_len)
		free(p);
}

/* The direction x's dual moves in at a dual adjustment, from its label
 * and whether it is a top-level blossom (see struct bl). */
static int8_t direction(const struct bl *b, int32_t x)
{
	if (x < b->n) {
		int32_t l = b->label[b->inblossom[x]];
		return l == 1 ? -1 : l == 2 ? 1 : 0;
	}
	if (b->bparent[x] != -1 || b->bbase[x] < 0)
		return 0;
	return b->label[x] == 1 ? 1 : b->label[x] == 2 ? -1 : 0;
}

/* Settles x's dual at the current offset and takes its new direction; an
 * S-vertex or T-blossom enters the heap of its delta. */
void bl_sync(struct bl *b, int32_t x)
{
	int8_t d = direction(b, x);
	if (d == b->sg[x])
		return;
	int64_t du = bl_du(b, x);
	b->dual[x] = du - d * b->D;
	b->sg[x] = d;
	if (d != -1)
		return;
	int64_t key = du + b->D;
	if (x >= b->n) {
		bl_hpush(b, &b->h4, key, x);
		return;
	}
	/* An S-vertex's entry holds until its tree dissolves (an S-vertex
	 * leaves its tree no other way), so of each tree only the one of
	 * least key can come to the top: the others are not filed (ties
	 * are, to keep the order of the heap's (key, id)). */
	int32_t t = b->tree[x];
	if (t >= 0 && key > b->h1min[t])
		return;
	if (t >= 0)
		b->h1min[t] = key;
	bl_hpush(b, &b->h1, key, x);
}

/* Whether a heap entry still says what its id is worth now: entries are
 * never removed when labels change, only found out here. */
static bool hvalid(const struct bl *b, int kind, const struct bl_hent *h)
{
	int32_t x = h->id;
	if (kind == 1)
		return b->label[b->inblossom[x]] == 1 && bl_du(b, x) + b->D == h->key;
	if (kind == 4)
		return b->bbase[x] >= 0 && b->bparent[x] == -1 && b->label[x] == 2 &&
		       bl_du(b, x) + b->D == h->key;
	int32_t lu = b->label[b->inblossom[b->e[x].u]];
	int32_t lv = b->label[b->inblossom[b->e[x].v]];
	if (kind == 2)
		return lu + lv == 1 && (lu == 0 || lv == 0) &&
		       slack(b, x) + b->D == h->key;
	return lu == 1 && lv == 1 &&
	       b->inblossom[b->e[x].u] != b->inblossom[b->e[x].v] &&
	       slack(b, x) + 2 * b->D == h->key;
}

static bool hless(const struct bl_hent *x, const struct bl_hent *y)
{
	return x->key < y->key || (x->key == y->key && x->id < y->id);
}

/* Four children a node: half the depth of a binary heap, and most pops
 * (of dead entries) walk the whole depth. */
static void sift_down(struct bl_heap *h, size_t i)
{
	struct bl_hent t = h->a[i];
	for (;;) {
		size_t c = 4 * i + 1, e = c + 4 < h->n ? c + 4 : h->n;
		if (c >= h->n)
			break;
		for (size_t d = c + 1; d < e; d++)
			if (hless(&h->a[d], &h->a[c]))
				c = d;
		if (!hless(&h->a[c], &t))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	h->a[i] = t;
}

/* Heaps smaller than this are never swept: their pops are cheap. */
#define HEAP_SWEEP_MIN 256

static bool is_s(const struct bl *b, int32_t v)
{
	return b->label[b->inblossom[v]] == 1;
}

/* Keeps the live entries (and the dead best edges that stand for their
 * S-vertex's other edges, bl_push_best) and rebuilds the heap. */
static void sweep(struct bl *b, struct bl_heap *h)
{
	size_t keep = 0;
	for (size_t i = 0; i < h->n; i++)
		if (hvalid(b, h->kind, &h->a[i]) ||
		    (h->a[i].own >= 0 && is_s(b, h->a[i].own)))
			h->a[keep++] = h->a[i];
	h->n = keep;
	for (size_t i = keep / 4 + 1; i-- > 0;)
		if (i < keep)
			sift_down(h, i);
	h->sweep = 4 * keep;
	h->ndead = 0;
}

static void hpush(struct bl *b, struct bl_heap *h, int64_t key, int32_t id,
		  int32_t own)
{
	/* Nearly every entry dies before it reaches the top (a tree
	 * dissolves, a free vertex is labelled), and popping one costs a
	 * walk down the heap; sweeping whenever the heap has grown fourfold
	 * since the last sweep drops them at a constant cost each, and
	 * bounds the heap.  Twofold swept entries that would never have
	 * reached the top (dead pops have their own trigger, bl_htop):
	 * 5 % more instructions on skew70 and council62. */
	if (h->n >= h->sweep && h->n >= HEAP_SWEEP_MIN)
		sweep(b, h);
	if (h->n == h->cap)
		h->a = grow(b, h->a, &h->cap, sizeof *h->a, 64);
	struct bl_hent t = {key, id, own};
	size_t i = h->n++;
	while (i > 0 && hless(&t, &h->a[(i - 1) / 4])) {
		h->a[i] = h->a[(i - 1) / 4];
		i = (i - 1) / 4;
	}
	h->a[i] = t;
}

void bl_hpush(struct bl *b, struct bl_heap *h, int64_t key, int32_t id)
{
	hpush(b, h, key, id, -1);
}

/* S-vertex v's edges to free vertices bound delta 2, but only the one of
 * least slack goes into the heap: their slacks all fall at the same
 * rate while the labels hold, so the others cannot come first.  When
 * that entry leaves the heap (the edge became tight, or died because its
 * free end was labelled), this is called again and files v's next best
 * edge.  Edges to vertices freed later are filed by
 * bl_push_free_edges.  Filing every edge, as the textbook's delta 2
 * over all edges does, put tens of thousands of entries in the heap for
 * a few hundred dual adjustments, nearly all of them dead on arrival at
 * the top. */
void bl_push_best(struct bl *b, int32_t v)
{
	if (!is_s(b, v))
		return;
	int32_t bv = b->inblossom[v], best = -1;
	int64_t bs = INT64_MAX;
	for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
		int32_t p = b->nb[q], bw = b->inblossom[b->endpoint[p]];
		if (bw == bv || b->label[bw] != 0)
			continue;
		int64_t s = slack(b, bl_edge(p));
		if (s < bs) {
			bs = s;
			best = bl_edge(p);
		}
	}
	if (best >= 0)
		bl_file_best(b, v, best, bs);
	else
		b->bkey[v] = INT64_MAX;
}

/* Files edge k, of slack s, as S-vertex v's best edge to a free vertex
 * (the scan of v found it). */
void bl_file_best(struct bl *b, int32_t v, int32_t k, int64_t s)
{
	b->bkey[v] = s + b->D;
	hpush(b, &b->h2, s + b->D, k, v);
}

void bl_hpop(struct bl_heap *h)
{
	h->a[0] = h->a[--h->n];
	if (h->n)
		sift_down(h, 0);
}

/* The least live entry of h, or NULL; dead entries on top are dropped. */
const struct bl_hent *bl_htop(struct bl *b, struct bl_heap *h)
{
	while (h->n && !hvalid(b, h->kind, &h->a[0])) {
		int32_t own = h->a[0].own;
		/* dead entries keep coming to the top: sweep them all at
		 * once when an eighth of the heap has been popped dead */
		if (++h->ndead * 8 > h->n && h->n >= HEAP_SWEEP_MIN) {
			sweep(b, h);
			continue;
		}
		bl_hpop(h);
		if (own >= 0)
			bl_push_best(b, own);
	}
	return h->n ? &h->a[0] : NULL;
}

/* Edge k from S-vertex s to a vertex just freed now bounds delta 2; it
 * needs an entry of its own only when it comes before the entry s filed
 * for its best free edge (bkey): until that one leaves the heap, s's
 * other edges cannot come first, and when it leaves, s looks for its
 * next best among all its edges to free vertices, this one included.
 * Filing every such edge was most of what a dissolve cost on `dense`,
 * and the heap then carried them until they died. */
void bl_file_free_edge(struct bl *b, int32_t s, int32_t k)
{
	int64_t key = slack(b, k) + b->D;
	if (key <= b->bkey[s])
		bl_hpush(b, &b->h2, key, k);
}

/* v's top-level blossom has just become free: its edges to S-blossoms
 * now bound delta 2. */
void bl_push_free_edges(struct bl *b, int32_t v)
{
	for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
		int32_t p = b->nb[q], w = b->endpoint[p];
		if (b->label[b->inblossom[w]] == 1)
			bl_file_free_edge(b, w, bl_edge(p));
	}
}

/* The vertices inside blossom t, into b->lv; returns how many. */
int32_t bl_leaves(struct bl *b, int32_t t)
{
	int32_t nl = 0, ns = 0;
	b->stk[ns++] = t;
	while (ns) {
		int32_t x = b->stk[--ns];
		if (x < b->n) {
			b->lv[nl++] = x;
			continue;
		}
		for (int32_t i = b->nchilds[x] - 1; i >= 0; i--)
			b->stk[ns++] = b->childs[x][i];
	}
	return nl;
}

void bl_qpush(struct bl *b, int32_t v)
{
	if (b->nq == b->capq)
		b->queue = grow(b, b->queue, &b->capq, sizeof *b->queue, 16);
	b->queue[b->nq++] = v;
}

static void tlog_add(struct bl *b, int32_t v, int32_t root)
{
	if (b->ntlog == b->captlog)
		b->tlog = grow(b, b->tlog, &b->captlog, sizeof *b->tlog, 64);
	b->tlog[b->ntlog] = (struct bl_tlog){v, b->thead[root]};
	b->thead[root] = (int32_t)b->ntlog++;
}

/* x is in root's tree: logged there the first time (struct bl). */
void bl_tjoin(struct bl *b, int32_t x, int32_t root)
{
	if (b->tree[x] == root)
		return;
	b->tree[x] = root;
	tlog_add(b, x, root);
}

/* An S-vertex of root's tree has marked w, inside another tree's
 * T-blossom (scan_tight): logged as -w - 1 in root's log. */
void bl_tmark(struct bl *b, int32_t w, int32_t root)
{
	tlog_add(b, -w - 1, root);
}

void bl_assign_label(struct bl *b, int32_t w, int32_t t, int32_t p)
{
	int32_t bw = b->inblossom[w];
	int32_t root = p < 0 ? w : b->tree[b->endpoint[p]];
	b->label[w] = b->label[bw] = t;
	b->labelend[w] = b->labelend[bw] = p;
	if (bw >= b->n)
		bl_sync(b, bw);
	int32_t nl = bw < b->n ? 1 : bl_leaves(b, bw);
	for (int32_t i = 0; i < nl; i++) {
		int32_t x = bw < b->n ? bw : b->lv[i];
		bl_tjoin(b, x, root);
		bl_sync(b, x);
		if (t == 1)
			bl_qpush(b, x);
	}
	if (t == 2) {
		int32_t base = b->bbase[bw];
		int32_t mp = b->mate[base];
		bl_assign_label(b, b->endpoint[mp], 1, mp ^ 1);
	}
}

/* Traces back from v and w; returns the base of a new blossom or -1 when
 * the two trees differ (an augmenting path). */
int32_t bl_scan_blossom(struct bl *b, int32_t v, int32_t w)
{
	int32_t npath = 0, base = -1;
	int32_t *path = b->path;
	while (v != -1 || w != -1) {
		int32_t x = b->inblossom[v];
		if (b->label[x] & 4) {
			base = b->bbase[x];
			break;
		}
		path[npath++] = x;
		b->label[x] = 5;
		if (b->labelend[x] == -1) {
			v = -1;
		} else {
			v = b->endpoint[b->labelend[x]];
			x = b->inblossom[v];
			v = b->endpoint[b->labelend[x]];
		}
		if (w != -1) {
			int32_t t = v;
			v = w;
			w = t;
		}
	}
	for (int32_t i = 0; i < npath; i++)
		b->label[path[i]] = 1;
	return base;
}

void bl_add_blossom(struct bl *b, int32_t base, int32_t k)
{
	int32_t v = (int32_t)b->e[k].u, w = (int32_t)b->e[k].v;
	int32_t bb = b->inblossom[base];
	int32_t bv = b->inblossom[v];
	int32_t bw = b->inblossom[w];
	int32_t nb = b->unused[--b->nunused];
	int32_t cnt = 1, i;
	if (nb + 1 > b->hi)
		b->hi = nb + 1;

	b->bbase[nb] = base;
	b->bparent[nb] = -1;
	b->bparent[bb] = nb;
	/* count the cycle length first */
	for (int32_t x = bv; x != bb;) {
		cnt++;
		x = b->inblossom[b->endpoint[b->labelend[x]]];
	}
	for (int32_t x = bw; x != bb;) {
		cnt++;
		x = b->inblossom[b->endpoint[b->labelend[x]]];
	}
	int32_t *path = bl_alloc(b, (size_t)cnt, sizeof *path);
	int32_t *ends = bl_alloc(b, (size_t)cnt, sizeof *ends);
	/* v side, collected in reverse then flipped */
	int32_t nv = 0;
	while (bv != bb) {
		b->bparent[bv] = nb;
		path[nv] = bv;
		ends[nv] = b->labelend[bv];
		nv++;
		v = b->endpoint[b->labelend[bv]];
		bv = b->inblossom[v];
	}
	path[nv] = bb;
	/* reverse path[0..nv] and ends[0..nv-1] */
	for (i = 0; i < (nv + 1) / 2; i++) {
		int32_t t = path[i];
		path[i] = path[nv - i];
		path[nv - i] = t;
	}
	for (i = 0; i < nv / 2; i++) {
		int32_t t = ends[i];
		ends[i] = ends[nv - 1 - i];
		ends[nv - 1 - i] = t;
	}
	int32_t np = nv + 1, ne = nv;
	ends[ne++] = 2 * k;
	while (bw != bb) {
		b->bparent[bw] = nb;
		path[np++] = bw;
		ends[ne++] = b->labelend[bw] ^ 1;
		w = b->endpoint[b->labelend[bw]];
		bw = b->inblossom[w];
	}
	b->childs[nb] = path;
	b->endps[nb] = ends;
	b->nchilds[nb] = np;
	b->label[nb] = 1;
	b->labelend[nb] = b->labelend[bb];
	b->dual[nb] = -b->D; /* 0 now, rising (struct bl) */
	b->sg[nb] = 1;
	for (int32_t c = 0; c < np; c++)
		if (path[c] >= b->n)
			bl_sync(b, path[c]);
	int32_t nl = bl_leaves(b, nb);
	for (i = 0; i < nl; i++) {
		int32_t x = b->lv[i], l = b->label[b->inblossom[x]];
		b->inblossom[x] = nb;
		/* a leaf that was S stays S (its dual keeps falling): only
		 * the former T-leaves change; a blossom holds hundreds of
		 * leaves on `dense`, and this is per blossom formed */
		if (l == 2)
			bl_qpush(b, x);
		if (l != 1)
			bl_sync(b, x);
	}
}

void bl_expand_blossom(struct bl *b, int32_t x, bool endstage)
{
	int32_t i, nc = b->nchilds[x];
	for (i = 0; i < nc; i++) {
		int32_t s = b->childs[x][i];
		b->bparent[s] = -1;
		if (s < b->n) {
			b->inblossom[s] = s;
		} else if (endstage && bl_du(b, s) == 0) {
			bl_expand_blossom(b, s, endstage);
		} else {
			int32_t nl = bl_leaves(b, s);
			for (int32_t l = 0; l < nl; l++)
				b->inblossom[b->lv[l]] = s;
		}
	}
	if (!endstage && b->label[x] == 2) {
		int32_t *ch = b->childs[x], *en = b->endps[x];
		int32_t entry = b->inblossom[b->endpoint[b->labelend[x] ^ 1]];
		int32_t j = 0, jstep, trick;
		while (ch[j] != entry)
			j++;
		if (j & 1) {
			j -= nc;
			jstep = 1;
			trick = 0;
		} else {
			jstep = -1;
			trick = 1;
		}
#define IDX(a) (((a) % nc + nc) % nc)
		int32_t p = b->labelend[x];
		while (j != 0) {
			b->label[b->endpoint[p ^ 1]] = 0;
			b->label[b->endpoint[en[IDX(j - trick)] ^ trick ^ 1]] = 0;
			bl_assign_label(b, b->endpoint[p ^ 1], 2, p);
			allow_edge(b, bl_edge(en[IDX(j - trick)]));
			j += jstep;
			p = en[IDX(j - trick)] ^ trick;
			allow_edge(b, bl_edge(p));
			j += jstep;
		}
		int32_t bv = ch[IDX(j)];
		b->label[b->endpoint[p ^ 1]] = b->label[bv] = 2;
		b->labelend[b->endpoint[p ^ 1]] = b->labelend[bv] = p;
		j += jstep;
		while (ch[IDX(j)] != entry) {
			bv = ch[IDX(j)];
			if (b->label[bv] == 1) {
				j += jstep;
				continue;
			}
			int32_t nl = bl_leaves(b, bv), v = -1;
			for (int32_t l = 0; l < nl; l++) {
				v = b->lv[l];
				if (b->label[v] != 0)
					break;
			}
			if (v >= 0 && b->label[v] != 0) {
				b->label[v] = 0;
				b->label[b->endpoint[b->mate[b->bbase[bv]]]] = 0;
				bl_assign_label(b, v, 2, b->labelend[v]);
			}
			j += jstep;
		}
#undef IDX
	}
	/* the children are top-level now, each with its own label */
	for (i = 0; i < nc; i++) {
		int32_t s = b->childs[x][i];
		if (s >= b->n)
			bl_sync(b, s);
		int32_t nl = bl_leaves(b, s);
		for (int32_t l = 0; l < nl; l++) {
			bl_sync(b, b->lv[l]);
			if (!endstage && b->label[s] == 0)
				bl_push_free_edges(b, b->lv[l]);
		}
	}
	b->label[x] = b->labelend[x] = -1;
	free(b->childs[x]);
	free(b->endps[x]);
	b->childs[x] = b->endps[x] = NULL;
	b->nchilds[x] = 0;
	b->bbase[x] = -1;
	bl_sync(b, x);
	b->unused[b->nunused++] = x;
}

/* Rotates blossom x so that v's sub-blossom becomes its base and swaps
 * the matched edges along the even path. */
void bl_augment_blossom(struct bl *b, int32_t x, int32_t v)
{
	int32_t t = v, i, j, jstep, trick, nc = b->nchilds[x];
	while (b->bparent[t] != x)
		t = b->bparent[t];
	if (t >= b->n)
		bl_augment_blossom(b, t, v);
	int32_t *ch = b->childs[x], *en = b->endps[x];
	i = 0;
	while (ch[i] != t)
		i++;
	j = i;
	if (i & 1) {
		j -= nc;
		jstep = 1;
		trick = 0;
	} else {
		jstep = -1;
		trick = 1;
	}
#define IDX(a) (((a) % nc + nc) % nc)
	while (j != 0) {
		j += jstep;
		t = ch[IDX(j)];
		int32_t p = en[IDX(j - trick)] ^ trick;
		if (t >= b->n)
			bl_augment_blossom(b, t, b->endpoint[p]);
		j += jstep;
		t = ch[IDX(j)];
		if (t >= b->n)
			bl_augment_blossom(b, t, b->endpoint[p ^ 1]);
		b->mate[b->endpoint[p]] = p ^ 1;
		b->mate[b->endpoint[p ^ 1]] = p;
	}
#undef IDX
	/* rotate childs and endps left by i */
	if (i > 0) {
		int32_t *tmp = bl_alloc(b, (size_t)nc, sizeof *tmp);
		memcpy(tmp, ch + i, (size_t)(nc - i) * sizeof *tmp);
		memcpy(tmp + (nc - i), ch, (size_t)i * sizeof *tmp);
		memcpy(ch, tmp, (size_t)nc * sizeof *tmp);
		memcpy(tmp, en + i, (size_t)(nc - i) * sizeof *tmp);
		memcpy(tmp + (nc - i), en, (size_t)i * sizeof *tmp);
		memcpy(en, tmp, (size_t)nc * sizeof *tmp);
		free(tmp);
	}
	b->bbase[x] = b->bbase[ch[0]];
}

/* Walks from vertex s up its alternating tree to the root, giving s the
 * mate endpoint p (-1: exposed) and flipping the matched edges on the
 * way, rotating blossoms so the path enters them at their base. */
static void flip_to_root(struct bl *b, int32_t s, int32_t p)
{
	for (;;) {
		int32_t bs = b->inblossom[s];
		if (bs >= b->n)
			bl_augment_blossom(b, bs, s);
		b->mate[s] = p;
		if (b->labelend[bs] == -1)
			break;
		int32_t t = b->endpoint[b->labelend[bs]];
		int32_t bt = b->inblossom[t];
		s = b->endpoint[b->labelend[bt]];
		int32_t j = b->endpoint[b->labelend[bt] ^ 1];
		if (bt >= b->n)
			bl_augment_blossom(b, bt, j);
		b->mate[j] = b->labelend[bt];
		p = b->labelend[bt] ^ 1;
	}
}

void bl_augment_matching(struct bl *b, int32_t k)
{
	flip_to_root(b, (int32_t)b->e[k].u, 2 * k + 1);
	flip_to_root(b, (int32_t)b->e[k].v, 2 * k);
}

/* S-vertex v's dual has reached 0: flip the alternating path from v to
 * its tree's root, so that v ends exposed (with dual 0, as optimality
 * wants of an exposed vertex) and the root matched.  This is what lets
 * exposed vertices start with different duals (any warm start), as in
 * LEMON's MaxWeightedMatching; with the textbook start, where all
 * exposed duals are equal, it only ends the last stage. */
void bl_retire(struct bl *b, int32_t v)
{
	flip_to_root(b, v, -1);
}

