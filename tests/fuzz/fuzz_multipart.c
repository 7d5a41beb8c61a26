/* libFuzzer target: the multipart/form-data parser (the CSV import).
 * Input: the Content-Type header on the first line, the body after it, so
 * the fuzzer varies the boundary too.  Must never crash or read out of
 * bounds; on success every field is within limits and clean text. */
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
	const char *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - (const char *)data) : size;
	char *ct = malloc(hlen + 1);
	/* The body in its own allocation, so ASan sees any overread. */
	size_t blen = nl ? size - hlen - 1 : 0;
	char *body = malloc(blen + 1);
	if (!ct || !body) {
		free(ct);
		free(body);
		return 0;
	}
	memcpy(ct, data, hlen);
	ct[hlen] = '\0';
	if (blen)
		memcpy(body, nl + 1, blen);
	body[blen] = '\0';
	arena_init(&a, 0);
	if (form_parse_multipart(ct, body, blen, &a, &f, &e) == 0) {
		if (f.n > FORM_MAX_FIELDS)
			abort();
		for (size_t i = 0; i < f.n; i++)
			if (strlen(f.f[i].name) > FORM_MAX_NAME ||
			    !form_text_ok(f.f[i].value, f.f[i].len))
				abort();
	}
	arena_release(&a);
	free(ct);
	free(body);
	return 0;
}
