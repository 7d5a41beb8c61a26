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
	int32_t *bestedge;        /* 2n */
	int32_t **bbe, *nbbe;     /* 2n: least-slack edges to S-blossoms */
	int32_t *unused, nunused;
	int32_t hi;               /* one past the highest blossom ever used */
	int64_t *dual;            /* 2n */
	uint8_t *allow;           /* m */
	int32_t *queue;
	size_t nq, capq;
	int32_t *lv;              /* n: leaves scratch */
	int32_t *stk;             /* 2n: traversal stack */
	int32_t *bestto;          /* 2n, kept at -1 between uses */
	int32_t *touched;         /* 2n */
	/* What one stage touched, so that a dual update and the reset at
	 * the next stage cost the size of the trees, not n + m: */
	int32_t *tv, ntv;         /* vertices labelled S or T */
	int32_t *fv, nfv;         /* free vertices given a bestedge */
	uint8_t *intv, *infv;     /* n: membership of tv and fv */
	int32_t *ae;              /* edges allowed this stage */
	int32_t *tree;            /* n: root of the tree a vertex is in */
	int32_t *dl;              /* n: scratch, the vertices of a dissolved tree */
	size_t nae;
	bool warm;                /* start from greedy duals and matching */
	const int32_t *mate0;     /* warm start given by the caller, or NULL */
	const int64_t *dual0;
	jmp_buf oom;
};

static inline int64_t slack(const struct bl *b, int32_t k)
{
	const struct blossom_edge *x = &b->e[k];
	return b->dual[x->u] + b->dual[x->v] - 2 * x->w;
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
int32_t bl_leaves(struct bl *b, int32_t t);
void bl_qpush(struct bl *b, int32_t v);
void bl_assign_label(struct bl *b, int32_t w, int32_t t, int32_t p);
int32_t bl_scan_blossom(struct bl *b, int32_t v, int32_t w);
void bl_add_blossom(struct bl *b, int32_t base, int32_t k);
void bl_expand_blossom(struct bl *b, int32_t x, bool endstage);
void bl_augment_blossom(struct bl *b, int32_t x, int32_t v);
void bl_augment_matching(struct bl *b, int32_t k);
void bl_retire(struct bl *b, int32_t v);

#endif
