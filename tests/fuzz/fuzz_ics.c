/* libFuzzer target: the .ics writer's input.  Participants' names, the
 * programme's texts and the times come from outside; whatever they are,
 * ics_write must keep RFC 5545's shape: every line ends in CRLF, no CR or
 * LF anywhere else, no line longer than 75 octets, and the calendar is
 * whole (BEGIN:VCALENDAR ... END:VCALENDAR).  The input is 24 bytes of
 * times and sequence, then NUL-separated texts: uid, summary,
 * description, location (the invitation is METHOD:PUBLISH, each person's
 * own: no organiser or attendees). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TEXTS 4

static int64_t take64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t[MAX_TEXTS];
	size_t nt = 0;
	struct buf b;
	if (size < 24 || size > 8192)
		return 0;
	char *text = malloc(size - 24 + 1);
	if (!text)
		return 0;
	memcpy(text, data + 24, size - 24);
	text[size - 24] = '\0';
	for (char *p = text; nt < MAX_TEXTS;) {
		t[nt++] = p;
		p += strlen(p);
		if (p >= text + (size - 24))
			break;
		p++;
	}
	while (nt < MAX_TEXTS)
		t[nt++] = "";
	struct ics_event ev = {
		.uid = t[0], .summary = t[1], .description = t[2],
		.location = t[3],
		.start = take64(data) >> 20, .end = take64(data + 8) >> 20,
		.stamp = take64(data + 16) >> 20, .sequence = data[23],
	};
	buf_init(&b, (size_t)1 << 20);
	ics_write(&b, &ev);
	if (!buf_failed(&b)) {
		const char *s = buf_str(&b), *end = s + buf_len(&b);
		if (strncmp(s, "BEGIN:VCALENDAR\r\n", 17) != 0 ||
		    buf_len(&b) < 15 || strcmp(end - 15, "END:VCALENDAR\r\n") != 0)
			abort();
		while (s < end) {
			const char *cr = memchr(s, '\r', (size_t)(end - s));
			const char *lf = memchr(s, '\n', (size_t)(end - s));
			if (!cr || !lf || lf != cr + 1 || cr - s > 75) {
				fprintf(stderr, "bad line at %zd of %zu: %.*s\n",
					s - buf_str(&b), buf_len(&b),
					(int)(end - s < 200 ? end - s : 200), s);
				abort();
			}
			s = lf + 1;
		}
	}
	buf_release(&b);
	free(text);
	return 0;
}
