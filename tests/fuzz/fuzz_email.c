/* libFuzzer target: email normalisation and text checks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/person.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[512], out[EMAIL_MAX + 1], again[EMAIL_MAX + 1];
	struct err e = {0};
	if (size >= sizeof in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	(void)person_text_ok(in, true);
	if (person_email_normalise(in, out, &e) == 0) {
		/* Normalising is idempotent. */
		if (person_email_normalise(out, again, &e) < 0 || strcmp(out, again))
			abort();
	}
	return 0;
}
