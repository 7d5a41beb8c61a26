/* libFuzzer target: survey answers from outside (the survey page's form
 * values) through survey_answer_check never crash, and what it accepts is
 * always storable: an option number within range, a scale point 1-5, or
 * clean text within the limit.  Input: first byte picks the question's
 * kind, the rest is the raw values separated by newlines. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct survey_question q = {.id = 7, .text = "Q?",
				    .options = "a;b;c;d"};
	const char *raw[16], *out[SURVEY_OPTIONS_MAX];
	size_t nraw = 0, nout;
	struct arena a;
	struct err e = {0};
	char *buf;
	if (size == 0 || size > 70000)
		return 0;
	q.kind = (enum survey_kind)(data[0] % 4);
	if (q.kind == SQ_SCALE || q.kind == SQ_TEXT)
		q.options = "";
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	for (char *p = buf; p && nraw < 16;) {
		raw[nraw++] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	arena_init(&a, 0);
	if (survey_answer_check(&q, raw, nraw, &a, out, &nout, &e) == 0) {
		for (size_t i = 0; i < nout; i++) {
			long v = strtol(out[i], NULL, 10);
			if ((q.kind == SQ_SINGLE || q.kind == SQ_MULTI) && (v < 1 || v > 4))
				abort();
			if (q.kind == SQ_SCALE && (v < 1 || v > 5))
				abort();
			if (q.kind == SQ_TEXT && strlen(out[i]) > SURVEY_TEXT_MAX)
				abort();
		}
		if (q.kind == SQ_SINGLE && nout > 1)
			abort();
	}
	arena_release(&a);
	free(buf);
	return 0;
}
