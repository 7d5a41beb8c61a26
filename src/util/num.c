#include "util/num.h"

#include <limits.h>
#include <stddef.h>

int num_parse(const char *s, long long min, long long max, long long *out)
{
	int neg = 0;
	unsigned long long v = 0;
	if (!s)
		return -1;
	if (*s == '-' && min < 0) {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -1;
	/* up to LLONG_MAX + 1, the magnitude of LLONG_MIN */
	const unsigned long long cap = (unsigned long long)LLONG_MAX + neg;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (cap - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (*s)
		return -1;
	long long x = neg ? (v == cap ? LLONG_MIN : -(long long)v) : (long long)v;
	if (x < min || x > max)
		return -1;
	*out = x;
	return 0;
}
