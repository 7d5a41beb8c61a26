/* libFuzzer target: the configuration file parser (util/conf.h) never
 * crashes or reads out of bounds; on success every key is well formed,
 * unique, and every value free of control characters and bounded. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct conf_entry *c;
	size_t n;
	struct err e = {0};
	arena_init(&a, 0);
	if (conf_parse((const char *)data, size, &a, &c, &n, &e) == 0) {
		for (size_t i = 0; i < n; i++) {
			size_t kl = strlen(c[i].key);
			if (kl == 0 || kl > CONF_KEY_MAX ||
			    strspn(c[i].key, "abcdefghijklmnopqrstuvwxyz0123456789_") != kl ||
			    strlen(c[i].value) > CONF_VALUE_MAX || c[i].line < 1)
				abort();
			for (const char *v = c[i].value; *v; v++)
				if ((unsigned char)*v < 0x20 && *v != '\t')
					abort();
			for (size_t j = 0; j < i; j++)
				if (strcmp(c[i].key, c[j].key) == 0)
					abort();
		}
	}
	arena_release(&a);
	return 0;
}
