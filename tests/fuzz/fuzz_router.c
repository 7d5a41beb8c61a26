/* libFuzzer target: URLs and the router.  The input is a method, a
 * newline, and a request path as MHD hands it over (decoded, no query).
 * router_match over cuppa's own route table must never crash; a match
 * has the asked method (or GET for HEAD), and every placeholder value is one non-empty
 * path segment (no '/') no longer than ROUTE_SEGMENT_MAX; the body limit
 * for the same request is one of the two limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/router.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct route_params p;
	bool known = false;
	char *buf, *path;
	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	path = strchr(buf, '\n');
	if (!path) {
		free(buf);
		return 0;
	}
	*path++ = '\0';
	arena_init(&a, 1 << 20);
	memset(&p, 0, sizeof p);
	const struct route *r = router_match(web_routes, buf, path, &a, &p, &known);
	if (r) {
		if ((strcmp(r->method, buf) != 0 &&
		     !(strcmp(buf, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) ||
		    !known)
			abort();
		if (p.n < 0 || p.n > ROUTE_MAX_PARAMS)
			abort();
		for (int i = 0; i < p.n; i++) {
			const char *v = p.value[i];
			if (!v || !*v || strchr(v, '/') || strlen(v) > ROUTE_SEGMENT_MAX)
				abort();
			char name[64];
			size_t nl = p.name_len[i] < sizeof name - 1 ? p.name_len[i]
								 : sizeof name - 1;
			memcpy(name, p.name[i], nl);
			name[nl] = '\0';
			if (route_param(&p, name) == NULL)
				abort();
		}
	}
	size_t lim = web_app_body_limit(buf, path, NULL);
	if (lim != WEB_BODY_MAX && lim != WEB_UPLOAD_MAX)
		abort();
	arena_release(&a);
	free(buf);
	return 0;
}
