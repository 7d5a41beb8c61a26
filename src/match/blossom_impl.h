/*
 * blossom_impl: the state of one blossom solve, shared by blossom.c (the
 * stages, warm start and tree upkeep) and blossom_ops.c (labels,
 * blossoms, augmenting paths).  Internal to src/match/.
 */
#ifndef CUPPA_BLOSSOM_IMPL_H
#define CUPPA_BLOSSOM_IMPL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match/blossom.h"

/* A 4-ary min-heap of (key, id), deleted from lazily: an entry whose
 * key no longer matches what its id would have now is dropped when it
 * reaches the top (blossom.c, the four deltas). */
struct bl_heap {
	struct bl_hent {
		int64_t key;
		int32_t id;
		/* delta 2: the S-vertex whose best edge to a free vertex
		 * this is (bl_push_best), or -1 */
		int32_t own;
	} *a;
	size_t n, cap;
	size_t sweep;             /* size at which dead entries are swept */
	size_t ndead;             /* dead entries popped since the last sweep */
	int kind;                 /* 1-4: which delta */
};

struct bl {
	int32_t n;
	size_t m;
	const struct blossom_edge *e;
	int32_t *endpoint;        /* 2m */
	int32_t *nboff, *nb;      /* CSR: endpoints p of v's edges (remote) */
	int32_t *mate;            /* n: remote endpoint or -1 */
	int32_t *label;           /* 2n */
	int32_t *labelend;        /* 2n */
	int32_t *inblossom;       /* n */
	int32_t *bparent;         /* 2n */
	int32_t **childs, *nchilds; /* 2n */
	int32_t **endps;          /* 2n, nchilds entries */
	int32_t *bbase;           /* 2n */
	int32_t *unused, nunused;
	int32_t hi;               /* one past the highest blossom ever used */
	/* Duals, applied lazily: every dual adjustment moves all S-vertex
	 * and T-blossom duals down and all T-vertex and S-blossom duals up
	 * by the same delta, so instead of walking the trees it only adds
	 * delta to D.  The dual of x is dual[x] + sg[x] * D, where sg[x]
	 * is x's direction (-1, 0, +1) and dual[x] its dual when the
	 * direction was taken less sg[x] times the D of then; bl_sync()
	 * settles x and takes its new direction whenever its label or its
	 * top-level blossom changes (D only moves between such changes).
	 * With sg[x] = 0 (between stages, and for free vertices) dual[x]
	 * is the dual itself.  This is the global offset of LEMON's
	 * MaxWeightedMatching. */
	int64_t *dual;            /* 2n */
	int8_t *sg;               /* 2n */
	int64_t D;
	/* The four deltas as heaps keyed so that the key stays fixed while
	 * the labels hold: S-vertex duals (key u + D), edges from an
	 * S-vertex to a free vertex (slack + D), edges between two
	 * S-blossoms (slack + 2D), T-blossom duals (z + D). */
	struct bl_heap h1, h2, h3, h4;
	uint8_t *allow;           /* m */
	int32_t *queue;
	size_t nq, capq;
	int32_t *lv;              /* n: leaves scratch */
	int32_t *stk;             /* 2n: traversal stack */
	int32_t *path;            /* 2n: scratch for bl_scan_blossom */
	/* The vertices each tree has labelled this stage, so that
	 * dissolving a tree walks its own vertices, not every labelled
	 * one: a log of (vertex, previous entry of the same tree), chained
	 * from thead[root].  A vertex is logged when it joins a tree
	 * (tree[v] changes); entries of vertices that have left the tree
	 * since (freed by a T-blossom's expansion, then taken by another
	 * tree) are skipped by checking tree[v].  An entry -w - 1 is a
	 * mark the tree's S-vertices left on w (scan_tight). */
	struct bl_tlog {
		int32_t v, prev;
	} *tlog;
	size_t ntlog, captlog;
	int32_t *thead;           /* n: last log entry of root r's tree, or -1 */
	int32_t *ae;              /* edges allowed this stage */
	int32_t *tree;            /* n: root of the tree a vertex is in, or -1 */
	int32_t *dl;              /* n: scratch, the vertices of a dissolved tree */
	/* n: the key (slack + D) of the delta-2 entry S-vertex v filed for
	 * its best edge to a free vertex (bl_file_best), or INT64_MAX: an
	 * edge to a vertex freed later needs its own entry only when it
	 * comes before that one (bl_push_free_edges) */
	int64_t *bkey;
	int64_t *h1min;           /* n: least delta-1 key filed for root r's tree */
	size_t nae;
	bool warm;                /* start from greedy duals and matching */
	const int32_t *mate0;     /* warm start given by the caller, or NULL */
	const int64_t *dual0;
	char *scr;                /* the caller's scratch (blossom_solve_in) */
	size_t scr_len, scr_used;
	jmp_buf oom;
};

/* The edge of endpoint p (p >= 0): one shift, where p / 2 on a signed
 * int adds a sign fix-up in every loop over a vertex's edges. */
static inline int32_t bl_edge(int32_t p)
{
	return (int32_t)((uint32_t)p >> 1);
}

static inline int64_t bl_du(const struct bl *b, int32_t x)
{
	return b->dual[x] + b->sg[x] * b->D;
}

static inline int64_t slack(const struct bl *b, int32_t k)
{
	const struct blossom_edge *x = &b->e[k];
	return bl_du(b, (int32_t)x->u) + bl_du(b, (int32_t)x->v) - 2 * x->w;
}

static inline void allow_edge(struct bl *b, int32_t k)
{
	if (!b->allow[k]) {
		if (b->nae == b->m) {
			/* dissolve() clears flags without removing them from
			 * the list: rebuild it, at most once per m additions */
			b->nae = 0;
			for (size_t i = 0; i < b->m; i++)
				if (b->allow[i])
					b->ae[b->nae++] = (int32_t)i;
		}
		b->allow[k] = 1;
		b->ae[b->nae++] = k;
	}
}

void *bl_alloc(struct bl *b, size_t n, size_t size);
void *bl_alloc_raw(struct bl *b, size_t n, size_t size);
void *bl_fixed(struct bl *b, size_t n, size_t size, bool zero);
void bl_release(struct bl *b, void *p);
int32_t bl_leaves(struct bl *b, int32_t t);
void bl_qpush(struct bl *b, int32_t v);
void bl_tjoin(struct bl *b, int32_t x, int32_t root);
void bl_tmark(struct bl *b, int32_t w, int32_t root);
void bl_assign_label(struct bl *b, int32_t w, int32_t t, int32_t p);
int32_t bl_scan_blossom(struct bl *b, int32_t v, int32_t w);
void bl_add_blossom(struct bl *b, int32_t base, int32_t k);
void bl_expand_blossom(struct bl *b, int32_t x, bool endstage);
void bl_augment_blossom(struct bl *b, int32_t x, int32_t v);
void bl_augment_matching(struct bl *b, int32_t k);
void bl_retire(struct bl *b, int32_t v);
void bl_sync(struct bl *b, int32_t x);
void bl_hpush(struct bl *b, struct bl_heap *h, int64_t key, int32_t id);
void bl_push_free_edges(struct bl *b, int32_t v);
void bl_file_free_edge(struct bl *b, int32_t s, int32_t k);
void bl_push_best(struct bl *b, int32_t v);
void bl_file_best(struct bl *b, int32_t v, int32_t k, int64_t s);
void bl_hpop(struct bl_heap *h);
const struct bl_hent *bl_htop(struct bl *b, struct bl_heap *h);

#endif
