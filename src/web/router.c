/* router: see router.h.  Segment-by-segment comparison, no allocation
 * until a route matches. */
#include "web/router.h"

#include <string.h>

/* Matches path against pattern; fills p when a != NULL. */
static bool match_one(const char *pattern, const char *path, struct arena *a,
		      struct route_params *p)
{
	const char *pp = pattern, *sp = path;
	int n = 0;
	while (*pp && *sp) {
		if (*pp != '/' || *sp != '/')
			return false;
		pp++;
		sp++;
		const char *pe = strchr(pp, '/'), *se = strchr(sp, '/');
		size_t pl = pe ? (size_t)(pe - pp) : strlen(pp);
		size_t sl = se ? (size_t)(se - sp) : strlen(sp);
		if (pl >= 2 && pp[0] == '{' && pp[pl - 1] == '}') {
			if (sl == 0 || sl > ROUTE_SEGMENT_MAX ||
			    n >= ROUTE_MAX_PARAMS)
				return false;
			if (a && p) {
				p->name[n] = pp + 1;
				p->name_len[n] = pl - 2;
				p->value[n] = arena_strndup(a, sp, sl);
				if (!p->value[n])
					return false;
			}
			n++;
		} else if (pl != sl || memcmp(pp, sp, pl) != 0) {
			return false;
		}
		pp += pl;
		sp += sl;
	}
	if (*pp || *sp)
		return false;
	if (p)
		p->n = n;
	return true;
}

const struct route *router_match(const struct route *table,
				 const char *method, const char *path,
				 struct arena *a, struct route_params *p,
				 bool *path_known)
{
	*path_known = false;
	if (!path || path[0] != '/')
		return NULL;
	for (const struct route *r = table; r->pattern; r++) {
		if (!match_one(r->pattern, path, NULL, NULL))
			continue;
		*path_known = true;
		if (strcmp(r->method, method) != 0 &&
		    !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
			continue;
		memset(p, 0, sizeof *p);
		if (!match_one(r->pattern, path, a, p))
			return NULL;
		return r;
	}
	return NULL;
}

const char *route_param(const struct route_params *p, const char *name)
{
	size_t l = strlen(name);
	for (int i = 0; i < p->n; i++)
		if (p->name_len[i] == l && memcmp(p->name[i], name, l) == 0)
			return p->value[i];
	return NULL;
}
