/* libFuzzer target: the CSV roster reader must never crash, leak or read
 * out of bounds, whatever the bytes; on success every person is valid. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/person.h"
#include "core/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One problems buffer for the whole run, emptied each time: growing
	 * a fresh one (tens of KB of problem lines from a hostile file) cost
	 * a realloc chain and ASan's page faults on every execution. */
	static struct buf problems;
	static bool ready;
	struct arena a;
	struct person *people;
	struct err e = {0};
	size_t n;
	if (!ready) {
		buf_init(&problems, 1 << 20);
		ready = true;
	}
	buf_reset(&problems);
	arena_init(&a, 0);
	if (roster_parse((const char *)data, size, "fuzz.csv", "2026-01-01", &a,
			 &people, &n, NULL, &problems, LANG_EN, &e) == 0) {
		for (size_t i = 0; i < n; i++)
			if (person_validate(&people[i], &e) < 0)
				abort();
	}
	arena_release(&a);
	return 0;
}
