/*
 * router: routes as plain data.  A route table is an array of struct route
 * ending with {NULL}; a pattern is a path whose segments are literals or
 * {name} placeholders matching one non-empty segment.  The first route
 * whose method and pattern match wins.  The router knows nothing of HTTP
 * beyond the method name and the path, nor of what the flags mean (the
 * web app gives them meaning: who may call, CSRF, caching).
 */
#ifndef CUPPA_ROUTER_H
#define CUPPA_ROUTER_H

#include <stdbool.h>

#include "util/arena.h"

#define ROUTE_MAX_PARAMS 4
#define ROUTE_SEGMENT_MAX 256

struct web_ctx;
typedef void (*route_fn)(struct web_ctx *cx);

struct route {
	const char *method;    /* "GET", "POST" */
	const char *pattern;   /* "/admin/programmes/{slug}" */
	route_fn fn;
	unsigned flags;        /* meaning given by the caller */
};

struct route_params {
	int n;
	const char *name[ROUTE_MAX_PARAMS];   /* points into the pattern */
	size_t name_len[ROUTE_MAX_PARAMS];
	char *value[ROUTE_MAX_PARAMS];        /* in the arena */
};

/* The matching route, or NULL.  *path_known says whether some route had
 * the path with another method (for 405 rather than 404).  Placeholders
 * are copied into p from a. */
const struct route *router_match(const struct route *table,
				 const char *method, const char *path,
				 struct arena *a, struct route_params *p,
				 bool *path_known);

/* The value of placeholder name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);

#endif
