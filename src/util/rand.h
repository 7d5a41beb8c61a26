/*
 * rand: splitmix64, the one seeded stream behind every reproducible
 * random choice (the matcher's shuffles and noise, the insight
 * sampler's sources).  Not for secrets: those come from libsodium.
 */
#ifndef CUPPA_UTIL_RAND_H
#define CUPPA_UTIL_RAND_H

#include <stdint.h>

/* The next value of the stream whose state is *s. */
static inline uint64_t rand_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

#endif
