/* libFuzzer target: a search query from outside (the board's and the
 * people page's ?q=) split by search_words never crashes, and what it
 * keeps can never carry either engine's query syntax: only letters,
 * digits and whole UTF-8 sequences, within the limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char w[SEARCH_WORDS_MAX][SEARCH_WORD_MAX + 1];
	char *q = malloc(size + 1);
	size_t n;
	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	n = search_words(q, w);
	if (n > SEARCH_WORDS_MAX)
		abort();
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w[i]);
		if (len == 0 || len > SEARCH_WORD_MAX)
			abort();
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)w[i][k];
			if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
				abort();
		}
	}
	free(q);
	return 0;
}
