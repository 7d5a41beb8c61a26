/* libFuzzer target: link_verify on arbitrary text never crashes and never
 * accepts a token it did not sign. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct secrets k; /* all-zero key: fixed, so runs repeat */
	struct link_claims c;
	struct err e = {0};
	char tok[256];
	if (size >= sizeof tok)
		return 0;
	memcpy(tok, data, size);
	tok[size] = '\0';
	if (link_verify(&k, tok, 0, &c, &e) == 0) {
		/* Only a token we would sign ourselves may pass: re-sign and
		 * compare. */
		char again[LINK_TOKEN_MAX];
		if (link_sign(&k, &c, again, &e) < 0 || strcmp(again, tok) != 0)
			abort();
	}
	return 0;
}
