/*
 * blossom: Edmonds' weighted matching with duals (see blossom.h for the
 * contract and the papers).  A line-by-line port of the primal-dual
 * O(n^3) scheme of van Rantwijk's mwmatching.py (public domain) to C:
 *
 *   - vertices are 0..n-1, blossoms n..2n-1;
 *   - an "endpoint" p names one end of edge p/2: endpoint[p] is the
 *     vertex, p^1 the other end; mate[v] holds the remote endpoint;
 *   - labels: 0 free, 1 S (outer), 2 T (inner), 5 a temporary mark;
 *   - one augmentation per stage; each stage grows alternating trees
 *     from every exposed vertex on tight edges and changes the duals by
 *     the smallest delta when it gets stuck.
 *
 * Memory: everything is allocated up front except the child lists of
 * blossoms; an allocation failure long-jumps back to blossom_solve,
 * which frees everything and reports -1.
 */
#include "match/blossom.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
	bool warm;                /* start from greedy duals and matching */
	jmp_buf oom;
};

static void *bl_alloc(struct bl *b, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		longjmp(b->oom, 1);
	return p;
}

static inline int64_t slack(const struct bl *b, int32_t k)
{
	const struct blossom_edge *x = &b->e[k];
	return b->dual[x->u] + b->dual[x->v] - 2 * x->w;
}

/* The vertices inside blossom t, into b->lv; returns how many. */
static int32_t leaves(struct bl *b, int32_t t)
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

static void qpush(struct bl *b, int32_t v)
{
	if (b->nq == b->capq) {
		size_t cap = b->capq * 2 + 16;
		int32_t *q = realloc(b->queue, cap * sizeof *q);
		if (!q)
			longjmp(b->oom, 1);
		b->queue = q;
		b->capq = cap;
	}
	b->queue[b->nq++] = v;
}

static void assign_label(struct bl *b, int32_t w, int32_t t, int32_t p)
{
	int32_t bw = b->inblossom[w];
	b->label[w] = b->label[bw] = t;
	b->labelend[w] = b->labelend[bw] = p;
	b->bestedge[w] = b->bestedge[bw] = -1;
	if (t == 1) {
		int32_t nl = leaves(b, bw);
		for (int32_t i = 0; i < nl; i++)
			qpush(b, b->lv[i]);
	} else if (t == 2) {
		int32_t base = b->bbase[bw];
		int32_t mp = b->mate[base];
		assign_label(b, b->endpoint[mp], 1, mp ^ 1);
	}
}

/* Traces back from v and w; returns the base of a new blossom or -1 when
 * the two trees differ (an augmenting path). */
static int32_t scan_blossom(struct bl *b, int32_t v, int32_t w)
{
	int32_t npath = 0, base = -1;
	int32_t *path = b->touched;
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

static void add_blossom(struct bl *b, int32_t base, int32_t k)
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
	b->dual[nb] = 0;
	int32_t nl = leaves(b, nb);
	for (i = 0; i < nl; i++) {
		int32_t x = b->lv[i];
		if (b->label[b->inblossom[x]] == 2)
			qpush(b, x);
		b->inblossom[x] = nb;
	}
	/* least-slack edges from the new blossom to each S-blossom */
	int32_t ntouched = 0;
	for (int32_t c = 0; c < np; c++) {
		int32_t cb = path[c];
		if (!b->bbe[cb]) {
			int32_t nlc = leaves(b, cb);
			for (int32_t li = 0; li < nlc; li++) {
				int32_t x = b->lv[li];
				for (int32_t q = b->nboff[x]; q < b->nboff[x + 1]; q++) {
					int32_t kk = b->nb[q] / 2;
					int32_t jj = (int32_t)b->e[kk].v;
					if (b->inblossom[jj] == nb)
						jj = (int32_t)b->e[kk].u;
					int32_t bj = b->inblossom[jj];
					if (bj != nb && b->label[bj] == 1 &&
					    (b->bestto[bj] == -1 ||
					     slack(b, kk) < slack(b, b->bestto[bj]))) {
						if (b->bestto[bj] == -1)
							b->touched[ntouched++] = bj;
						b->bestto[bj] = kk;
					}
				}
			}
		} else {
			for (int32_t q = 0; q < b->nbbe[cb]; q++) {
				int32_t kk = b->bbe[cb][q];
				int32_t jj = (int32_t)b->e[kk].v;
				if (b->inblossom[jj] == nb)
					jj = (int32_t)b->e[kk].u;
				int32_t bj = b->inblossom[jj];
				if (bj != nb && b->label[bj] == 1 &&
				    (b->bestto[bj] == -1 ||
				     slack(b, kk) < slack(b, b->bestto[bj]))) {
					if (b->bestto[bj] == -1)
						b->touched[ntouched++] = bj;
					b->bestto[bj] = kk;
				}
			}
		}
		free(b->bbe[cb]);
		b->bbe[cb] = NULL;
		b->nbbe[cb] = 0;
		b->bestedge[cb] = -1;
	}
	int32_t *list = bl_alloc(b, (size_t)ntouched, sizeof *list);
	int32_t nlist = 0;
	/* keep the order of blossom numbers, as the reference does */
	for (i = 0; i < ntouched; i++) {
		int32_t t = b->touched[i];
		list[nlist++] = b->bestto[t];
		b->bestto[t] = -1;
	}
	b->bbe[nb] = list;
	b->nbbe[nb] = nlist;
	b->bestedge[nb] = -1;
	for (i = 0; i < nlist; i++)
		if (b->bestedge[nb] == -1 ||
		    slack(b, list[i]) < slack(b, b->bestedge[nb]))
			b->bestedge[nb] = list[i];
}

static void expand_blossom(struct bl *b, int32_t x, bool endstage)
{
	int32_t i, nc = b->nchilds[x];
	for (i = 0; i < nc; i++) {
		int32_t s = b->childs[x][i];
		b->bparent[s] = -1;
		if (s < b->n) {
			b->inblossom[s] = s;
		} else if (endstage && b->dual[s] == 0) {
			expand_blossom(b, s, endstage);
		} else {
			int32_t nl = leaves(b, s);
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
			assign_label(b, b->endpoint[p ^ 1], 2, p);
			b->allow[en[IDX(j - trick)] / 2] = 1;
			j += jstep;
			p = en[IDX(j - trick)] ^ trick;
			b->allow[p / 2] = 1;
			j += jstep;
		}
		int32_t bv = ch[IDX(j)];
		b->label[b->endpoint[p ^ 1]] = b->label[bv] = 2;
		b->labelend[b->endpoint[p ^ 1]] = b->labelend[bv] = p;
		b->bestedge[bv] = -1;
		j += jstep;
		while (ch[IDX(j)] != entry) {
			bv = ch[IDX(j)];
			if (b->label[bv] == 1) {
				j += jstep;
				continue;
			}
			int32_t nl = leaves(b, bv), v = -1;
			for (int32_t l = 0; l < nl; l++) {
				v = b->lv[l];
				if (b->label[v] != 0)
					break;
			}
			if (v >= 0 && b->label[v] != 0) {
				b->label[v] = 0;
				b->label[b->endpoint[b->mate[b->bbase[bv]]]] = 0;
				assign_label(b, v, 2, b->labelend[v]);
			}
			j += jstep;
		}
#undef IDX
	}
	b->label[x] = b->labelend[x] = -1;
	free(b->childs[x]);
	free(b->endps[x]);
	b->childs[x] = b->endps[x] = NULL;
	b->nchilds[x] = 0;
	b->bbase[x] = -1;
	free(b->bbe[x]);
	b->bbe[x] = NULL;
	b->nbbe[x] = 0;
	b->bestedge[x] = -1;
	b->unused[b->nunused++] = x;
}

/* Rotates blossom x so that v's sub-blossom becomes its base and swaps
 * the matched edges along the even path. */
static void augment_blossom(struct bl *b, int32_t x, int32_t v)
{
	int32_t t = v, i, j, jstep, trick, nc = b->nchilds[x];
	while (b->bparent[t] != x)
		t = b->bparent[t];
	if (t >= b->n)
		augment_blossom(b, t, v);
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
			augment_blossom(b, t, b->endpoint[p]);
		j += jstep;
		t = ch[IDX(j)];
		if (t >= b->n)
			augment_blossom(b, t, b->endpoint[p ^ 1]);
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

static void augment_matching(struct bl *b, int32_t k)
{
	int32_t ends[2][2] = {
		{ (int32_t)b->e[k].u, 2 * k + 1 },
		{ (int32_t)b->e[k].v, 2 * k },
	};
	for (int side = 0; side < 2; side++) {
		int32_t s = ends[side][0], p = ends[side][1];
		for (;;) {
			int32_t bs = b->inblossom[s];
			if (bs >= b->n)
				augment_blossom(b, bs, s);
			b->mate[s] = p;
			if (b->labelend[bs] == -1)
				break;
			int32_t t = b->endpoint[b->labelend[bs]];
			int32_t bt = b->inblossom[t];
			s = b->endpoint[b->labelend[bt]];
			int32_t j = b->endpoint[b->labelend[bt] ^ 1];
			if (bt >= b->n)
				augment_blossom(b, bt, j);
			b->mate[j] = b->labelend[bt];
			p = b->labelend[bt] ^ 1;
		}
	}
}

static void bl_free(struct bl *b)
{
	/* Any of the three tables may be missing after a failed
	 * allocation in bl_init. */
	for (int32_t i = 0; i < 2 * b->n; i++) {
		if (b->childs)
			free(b->childs[i]);
		if (b->endps)
			free(b->endps[i]);
		if (b->bbe)
			free(b->bbe[i]);
	}
	free(b->endpoint);
	free(b->nboff);
	free(b->nb);
	free(b->mate);
	free(b->label);
	free(b->labelend);
	free(b->inblossom);
	free(b->bparent);
	free(b->childs);
	free(b->nchilds);
	free(b->endps);
	free(b->bbase);
	free(b->bestedge);
	free(b->bbe);
	free(b->nbbe);
	free(b->unused);
	free(b->dual);
	free(b->allow);
	free(b->queue);
	free(b->lv);
	free(b->stk);
	free(b->bestto);
	free(b->touched);
}


/* Warm start: vertex duals as low as feasibility allows, and a greedy
 * matching on the edges that are then tight.  First u_v = the heaviest
 * edge at v (every slack >= 0); then, three times, each still-exposed
 * vertex lowers its dual to max(2w - u_other) over its edges, which makes
 * at least one of its edges tight, and exposed pairs joined by a tight
 * edge are matched.  Matched edges are tight and all slacks stay >= 0,
 * which is all the primal-dual stages need; exposed vertices no longer
 * share one dual value, so blossom_solve checks the result and solves
 * again from the textbook start if an exposed vertex ends with a
 * positive dual. */
static void jump_start(struct bl *b)
{
	int32_t n = b->n;
	for (int32_t v = 0; v < n; v++) {
		int64_t mx = 0;
		for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
			int64_t w = b->e[b->nb[q] / 2].w;
			if (w > mx)
				mx = w;
		}
		b->dual[v] = mx;
	}
	for (int round = 0; round < 3; round++) {
		for (int32_t v = 0; v < n; v++) {
			if (b->mate[v] >= 0 || b->nboff[v] == b->nboff[v + 1])
				continue;
			int64_t need = 0;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int32_t p = b->nb[q];
				int64_t x = 2 * b->e[p / 2].w - b->dual[b->endpoint[p]];
				if (x > need)
					need = x;
			}
			b->dual[v] = need;
		}
		for (int32_t v = 0; v < n; v++) {
			if (b->mate[v] >= 0)
				continue;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int32_t p = b->nb[q];
				int32_t w = b->endpoint[p];
				if (b->mate[w] < 0 && w != v && slack(b, p / 2) == 0) {
					b->mate[v] = p;
					b->mate[w] = p ^ 1;
					break;
				}
			}
		}
	}
}

static void bl_run(struct bl *b)
{
	int32_t n = b->n;
	size_t m = b->m, k;
	int64_t maxw = 0;
	for (k = 0; k < m; k++)
		if (b->e[k].w > maxw)
			maxw = b->e[k].w;

	b->endpoint = bl_alloc(b, 2 * m, sizeof *b->endpoint);
	b->nboff = bl_alloc(b, (size_t)n + 1, sizeof *b->nboff);
	b->nb = bl_alloc(b, 2 * m, sizeof *b->nb);
	for (k = 0; k < m; k++) {
		b->endpoint[2 * k] = (int32_t)b->e[k].u;
		b->endpoint[2 * k + 1] = (int32_t)b->e[k].v;
		b->nboff[b->e[k].u + 1]++;
		b->nboff[b->e[k].v + 1]++;
	}
	for (int32_t v = 0; v < n; v++)
		b->nboff[v + 1] += b->nboff[v];
	{
		int32_t *fill = bl_alloc(b, (size_t)n, sizeof *fill);
		for (k = 0; k < m; k++) {
			int32_t u = (int32_t)b->e[k].u, v = (int32_t)b->e[k].v;
			b->nb[b->nboff[u] + fill[u]++] = (int32_t)(2 * k + 1);
			b->nb[b->nboff[v] + fill[v]++] = (int32_t)(2 * k);
		}
		free(fill);
	}
	size_t n2 = 2 * (size_t)n;
	b->mate = bl_alloc(b, (size_t)n, sizeof *b->mate);
	b->label = bl_alloc(b, n2, sizeof *b->label);
	b->labelend = bl_alloc(b, n2, sizeof *b->labelend);
	b->inblossom = bl_alloc(b, (size_t)n, sizeof *b->inblossom);
	b->bparent = bl_alloc(b, n2, sizeof *b->bparent);
	b->childs = bl_alloc(b, n2, sizeof *b->childs);
	b->nchilds = bl_alloc(b, n2, sizeof *b->nchilds);
	b->endps = bl_alloc(b, n2, sizeof *b->endps);
	b->bbase = bl_alloc(b, n2, sizeof *b->bbase);
	b->bestedge = bl_alloc(b, n2, sizeof *b->bestedge);
	b->bbe = bl_alloc(b, n2, sizeof *b->bbe);
	b->nbbe = bl_alloc(b, n2, sizeof *b->nbbe);
	b->unused = bl_alloc(b, (size_t)n, sizeof *b->unused);
	b->dual = bl_alloc(b, n2, sizeof *b->dual);
	b->allow = bl_alloc(b, m, 1);
	b->lv = bl_alloc(b, (size_t)n, sizeof *b->lv);
	b->stk = bl_alloc(b, n2, sizeof *b->stk);
	b->bestto = bl_alloc(b, n2, sizeof *b->bestto);
	b->touched = bl_alloc(b, n2, sizeof *b->touched);
	for (int32_t v = 0; v < n; v++) {
		b->mate[v] = -1;
		b->inblossom[v] = v;
		b->bbase[v] = v;
		b->bbase[n + v] = -1;
		b->dual[v] = maxw;
		b->unused[v] = 2 * n - 1 - v; /* pop order n, n+1, ... */
	}
	b->nunused = n;
	b->hi = n;
	for (size_t i = 0; i < n2; i++) {
		b->labelend[i] = -1;
		b->bparent[i] = -1;
		b->bestedge[i] = -1;
		b->bestto[i] = -1;
	}

	if (b->warm) {
		/* Keep the warm start only when the greedy part paired most
		 * vertices: measured on the benchmark, a warm start that
		 * pairs fewer than three quarters (fine-grained weights)
		 * costs more stages than it saves. */
		jump_start(b);
		int32_t paired = 0;
		for (int32_t v = 0; v < n; v++)
			paired += b->mate[v] >= 0;
		if ((int64_t)paired * 4 < (int64_t)n * 3)
			for (int32_t v = 0; v < n; v++) {
				b->mate[v] = -1;
				b->dual[v] = maxw;
			}
	}
	for (int32_t stage = 0; stage < n; stage++) {
		memset(b->label, 0, (size_t)b->hi * sizeof *b->label);
		for (int32_t i = 0; i < b->hi; i++)
			b->bestedge[i] = -1;
		for (int32_t x = n; x < b->hi; x++) {
			free(b->bbe[x]);
			b->bbe[x] = NULL;
			b->nbbe[x] = 0;
		}
		memset(b->allow, 0, m);
		b->nq = 0;
		for (int32_t v = 0; v < n; v++)
			if (b->mate[v] == -1 && b->label[b->inblossom[v]] == 0)
				assign_label(b, v, 1, -1);
		bool augmented = false;
		for (;;) {
			while (b->nq && !augmented) {
				int32_t v = b->queue[--b->nq];
				for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
					int32_t p = b->nb[q];
					int32_t kk = p / 2;
					int32_t w = b->endpoint[p];
					int64_t ks = 0;
					if (b->inblossom[v] == b->inblossom[w])
						continue;
					if (!b->allow[kk]) {
						ks = slack(b, kk);
						if (ks <= 0)
							b->allow[kk] = 1;
					}
					if (b->allow[kk]) {
						int32_t lw = b->label[b->inblossom[w]];
						if (lw == 0) {
							assign_label(b, w, 2, p ^ 1);
						} else if (lw == 1) {
							int32_t base = scan_blossom(b, v, w);
							if (base >= 0) {
								add_blossom(b, base, kk);
							} else {
								augment_matching(b, kk);
								augmented = true;
								break;
							}
						} else if (b->label[w] == 0) {
							b->label[w] = 2;
							b->labelend[w] = p ^ 1;
						}
					} else if (b->label[b->inblossom[w]] == 1) {
						int32_t bv = b->inblossom[v];
						if (b->bestedge[bv] == -1 ||
						    ks < slack(b, b->bestedge[bv]))
							b->bestedge[bv] = kk;
					} else if (b->label[w] == 0) {
						if (b->bestedge[w] == -1 ||
						    ks < slack(b, b->bestedge[w]))
							b->bestedge[w] = kk;
					}
				}
			}
			if (augmented)
				break;
			int dtype = 1;
			int32_t dedge = -1, dblossom = -1;
			int64_t delta = b->dual[0];
			for (int32_t v = 1; v < n; v++)
				if (b->dual[v] < delta)
					delta = b->dual[v];
			for (int32_t v = 0; v < n; v++)
				if (b->label[b->inblossom[v]] == 0 &&
				    b->bestedge[v] != -1) {
					int64_t d = slack(b, b->bestedge[v]);
					if (d < delta) {
						delta = d;
						dtype = 2;
						dedge = b->bestedge[v];
					}
				}
			for (int32_t x = 0; x < b->hi; x++)
				if (b->bparent[x] == -1 && b->label[x] == 1 &&
				    b->bestedge[x] != -1) {
					int64_t d = slack(b, b->bestedge[x]) / 2;
					if (d < delta) {
						delta = d;
						dtype = 3;
						dedge = b->bestedge[x];
					}
				}
			for (int32_t x = n; x < b->hi; x++)
				if (b->bbase[x] >= 0 && b->bparent[x] == -1 &&
				    b->label[x] == 2 && b->dual[x] < delta) {
					delta = b->dual[x];
					dtype = 4;
					dblossom = x;
				}
			for (int32_t v = 0; v < n; v++) {
				int32_t l = b->label[b->inblossom[v]];
				if (l == 1)
					b->dual[v] -= delta;
				else if (l == 2)
					b->dual[v] += delta;
			}
			for (int32_t x = n; x < b->hi; x++)
				if (b->bbase[x] >= 0 && b->bparent[x] == -1) {
					if (b->label[x] == 1)
						b->dual[x] += delta;
					else if (b->label[x] == 2)
						b->dual[x] -= delta;
				}
			if (dtype == 1) {
				break;
			} else if (dtype == 2) {
				b->allow[dedge] = 1;
				int32_t i = (int32_t)b->e[dedge].u;
				if (b->label[b->inblossom[i]] == 0)
					i = (int32_t)b->e[dedge].v;
				qpush(b, i);
			} else if (dtype == 3) {
				b->allow[dedge] = 1;
				qpush(b, (int32_t)b->e[dedge].u);
			} else {
				expand_blossom(b, dblossom, false);
			}
		}
		if (!augmented)
			break;
		for (int32_t x = n; x < b->hi; x++)
			if (b->bparent[x] == -1 && b->bbase[x] >= 0 &&
			    b->label[x] == 1 && b->dual[x] == 0)
				expand_blossom(b, x, true);
	}
}

int blossom_solve(uint32_t n, const struct blossom_edge *e, size_t m,
		  int32_t *mate, struct blossom_cert *cert)
{
	struct bl *b = calloc(1, sizeof *b);
	if (!b)
		return -1;
	b->n = (int32_t)n;
	b->m = m;
	b->e = e;
	if (cert)
		memset(cert, 0, sizeof *cert);
	if (setjmp(b->oom)) {
		bl_free(b);
		free(b);
		return -1;
	}
	if (n == 0) {
		bl_free(b);
		free(b);
		return 0;
	}
	b->warm = true;
	bl_run(b);
	for (uint32_t v = 0; v < n; v++)
		if (b->mate[v] < 0 && b->dual[v] != 0) {
			/* the warm start broke the exposed-vertex condition:
			 * solve again from the textbook start */
			jmp_buf keep;
			memcpy(keep, b->oom, sizeof keep);
			bl_free(b);
			memset(b, 0, sizeof *b);
			memcpy(b->oom, keep, sizeof keep);
			b->n = (int32_t)n;
			b->m = m;
			b->e = e;
			bl_run(b);
			break;
		}
	for (uint32_t v = 0; v < n; v++)
		mate[v] = b->mate[v] >= 0 ? b->endpoint[b->mate[v]] : -1;
	if (cert) {
		cert->n = n;
		cert->dual = b->dual;
		cert->parent = b->bparent;
		b->dual = NULL;
		b->bparent = NULL;
	}
	bl_free(b);
	free(b);
	return 0;
}

int64_t blossom_reduced_cost(const struct blossom_cert *c, uint32_t i,
			     uint32_t j, int64_t w)
{
	int64_t s = c->dual[i] + c->dual[j] - 2 * w;
	if (s >= 0)
		return s;
	/* Add the duals of blossoms holding both: walk both chains to the
	 * top; they share a suffix.  Depths are small in practice. */
	int32_t a = c->parent[i], b = c->parent[j];
	if (a < 0 || b < 0)
		return s;
	int32_t da = 0, db = 0;
	for (int32_t x = a; x >= 0; x = c->parent[x])
		da++;
	for (int32_t x = b; x >= 0; x = c->parent[x])
		db++;
	while (da > db) {
		a = c->parent[a];
		da--;
	}
	while (db > da) {
		b = c->parent[b];
		db--;
	}
	while (a != b) {
		a = c->parent[a];
		b = c->parent[b];
	}
	for (int32_t x = a; x >= 0; x = c->parent[x])
		s += 2 * c->dual[x];
	return s;
}

void blossom_cert_release(struct blossom_cert *c)
{
	if (!c)
		return;
	free(c->dual);
	free(c->parent);
	c->dual = NULL;
	c->parent = NULL;
}
