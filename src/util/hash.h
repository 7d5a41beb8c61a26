/*
 * hash: FNV-1a, 64 bits, for noticing that inputs changed (cache keys
 * and stamps), never against an adversary.
 */
#ifndef CUPPA_UTIL_HASH_H
#define CUPPA_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_INIT 0xcbf29ce484222325ULL

/* h extended by the n bytes at p. */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* h extended by v, byte by byte from the lowest (the same on any host). */
static inline uint64_t hash_int(uint64_t h, int64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (uint64_t)(v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#endif
