/* libFuzzer target: time-zone files (TZif, RFC 8536, with the POSIX rule
 * footer), parsed from memory by tz_from_bytes as tz_load does after
 * reading /usr/share/zoneinfo/NAME.  Any bytes must load or be refused
 * with a message; a loaded zone answers offsets for instants across the
 * whole int64 range without crashing, looping, overflowing or reading
 * out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t when[] = {
		INT64_MIN, -((int64_t)1 << 40), -2208988800, 0, 1700000000,
		1711846800, 1729990800, 4102444800, (int64_t)1 << 40, INT64_MAX,
	};
	struct tz *z;
	struct err e = {0};
	if (tz_from_bytes(data, size, &z, &e) < 0) {
		if (!e.msg[0] || z)
			abort();
		return 0;
	}
	for (size_t i = 0; i < sizeof when / sizeof when[0]; i++)
		(void)tz_offset(z, when[i]);
	tz_free(z);
	return 0;
}
