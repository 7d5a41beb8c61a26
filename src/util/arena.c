/* arena: see arena.h.  Chunks double in size from 4 KiB; an allocation
 * larger than half a chunk gets a chunk of its own. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

#define ARENA_ALIGN (_Alignof(max_align_t))

void arena_init(struct arena *a, size_t max)
{
	a->a_head = NULL;
	a->a_total = 0;
	a->a_max = max;
	a->a_failed = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->a_head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a, a->a_max);
}

static struct arena_chunk *arena_new_chunk(struct arena *a, size_t need)
{
	size_t size = a->a_head ? a->a_head->size * 2 : 4096;
	struct arena_chunk *c;
	if (size > ((size_t)1 << 24))
		size = (size_t)1 << 24;
	if (size < need)
		size = need;
	c = malloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->size = size;
	c->used = 0;
	c->next = a->a_head;
	a->a_head = c;
	return c;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->a_head;
	size_t off;
	void *p;
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN)
		goto refused;
	size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (a->a_max && a->a_total + size > a->a_max)
		goto refused;
	off = c ? c->used : 0;
	if (!c || off + size > c->size) {
		c = arena_new_chunk(a, size);
		if (!c)
			goto refused;
		off = 0;
	}
	p = c->data + off;
	c->used = off + size;
	a->a_total += size;
	memset(p, 0, size);
	return p;
refused:
	a->a_failed++;
	return NULL;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;
	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t n, size_t *cap,
		 size_t size)
{
	size_t ncap;
	void *p;
	if (old && n < *cap)
		return old;
	ncap = *cap ? *cap * 2 : 16;
	p = arena_calloc(a, ncap, size);
	if (!p)
		return NULL;
	if (old && n)
		memcpy(p, old, n * size);
	*cap = ncap;
	return p;
}
