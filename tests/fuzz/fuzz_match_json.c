/* libFuzzer target: the `cuppa match` JSON document (match_json_parse).
 * Any bytes must parse or fail cleanly with a message; a document that
 * parses (and is small enough to solve in a few microseconds) is solved,
 * and every person ends up in exactly one group or in the unplaced list,
 * with no group of a pair on the history or block list; the result
 * writes out as JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/match_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int forbidden(const struct match_input *in, uint32_t a, uint32_t b)
{
	for (size_t k = 0; k < in->nhistory; k++)
		if ((in->history[k].a == a && in->history[k].b == b) ||
		    (in->history[k].a == b && in->history[k].b == a))
			return 1;
	for (size_t k = 0; k < in->nblocked; k++)
		if ((in->blocked[k].a == a && in->blocked[k].b == b) ||
		    (in->blocked[k].a == b && in->blocked[k].b == a))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct match_doc d;
	struct match_result r;
	struct err e = {0};
	if (match_json_parse((const char *)data, size, &d, &e) < 0) {
		if (!e.msg[0])
			abort();
		match_doc_release(&d);
		return 0;
	}
	if (d.in.npeople > 24) {
		match_doc_release(&d);
		return 0;
	}
	if (match_run(&d.in, &r, &e) == 0) {
		unsigned char seen[24] = {0};
		for (size_t g = 0; g < r.ngroups; g++) {
			const struct match_group *x = &r.groups[g];
			if (x->n != 2 && x->n != 3)
				abort();
			for (int i = 0; i < x->n; i++) {
				if (x->member[i] >= d.in.npeople || seen[x->member[i]]++)
					abort();
				for (int j = i + 1; j < x->n; j++)
					if (forbidden(&d.in, x->member[i], x->member[j]))
						abort();
			}
		}
		for (size_t u = 0; u < r.nunplaced; u++)
			if (r.unplaced[u].person >= d.in.npeople ||
			    seen[r.unplaced[u].person]++ || !r.unplaced[u].reason[0])
				abort();
		for (size_t i = 0; i < d.in.npeople; i++)
			if (seen[i] != 1)
				abort();
		char *out = match_json_result(&d, &r, false);
		free(out);
		match_result_release(&r);
	} else if (!e.msg[0]) {
		abort();
	}
	match_doc_release(&d);
	return 0;
}
