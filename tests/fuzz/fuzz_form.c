/* libFuzzer target: the urlencoded form parser (request bodies and query
 * strings) must never crash or read out of bounds, whatever the bytes; on
 * success every field respects the parser's limits and is clean text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct form f;
	struct err e = {0};
	arena_init(&a, 0);
	if (form_parse_urlencoded((const char *)data, size, &a, &f, &e) == 0) {
		if (f.n > FORM_MAX_FIELDS)
			abort();
		for (size_t i = 0; i < f.n; i++) {
			if (strlen(f.f[i].name) > FORM_MAX_NAME ||
			    strlen(f.f[i].value) != f.f[i].len ||
			    !form_text_ok(f.f[i].value, f.f[i].len))
				abort();
			if (form_get(&f, f.f[i].name) == NULL)
				abort();
		}
	}
	arena_release(&a);
	return 0;
}
