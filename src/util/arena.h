/*
 * arena: a bump allocator for memory that lives as long as one job
 * (one CLI command, one HTTP request, one store read).  Everything
 * allocated from an arena is freed at once by arena_release; nothing in
 * it is freed on its own.  Allocation failure returns NULL.
 */
#ifndef CUPPA_ARENA_H
#define CUPPA_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *a_head;
	size_t a_total;   /* bytes handed out, for limits and tests */
	size_t a_max;     /* 0 = unlimited */
	size_t a_failed;  /* allocations refused so far */
};

void arena_init(struct arena *a, size_t max);
void arena_release(struct arena *a);

/* Zeroed memory aligned for any type, or NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of size each, overflow-checked, or NULL. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* For arrays that grow one element at a time: returns `old` when element
 * n fits in *cap, else a copy with double the capacity (and *cap
 * updated), or NULL when out of memory. */
void *arena_grow(struct arena *a, void *old, size_t n, size_t *cap,
		 size_t size);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* How many allocations a has refused: readers that copy many fields (a
 * store row) compare it before and after instead of checking each copy. */
static inline size_t arena_failures(const struct arena *a)
{
	return a->a_failed;
}

#endif
