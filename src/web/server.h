/*
 * server: HTTP plumbing on libmicrohttpd, knowing nothing of cuppa.
 *
 * A thread pool of epoll loops (MHD_USE_EPOLL_INTERNAL_THREAD with
 * MHD_OPTION_THREAD_POOL_SIZE): each connection lives on one pool thread,
 * which also runs its handler, so a slow handler (Argon2id at interactive
 * limits) delays only the connections of its own thread.
 *
 * Life of a request: the body is collected up to body_max (beyond it the
 * rest is discarded and the request answered 413; a Content-Length over
 * the limit is answered 413 at once, before any of the body); then the
 * handler runs once, on the call after the body (never the first call,
 * which in MHD 0.9.75 would close keep-alive), with a per-request arena
 * freed when the response has been sent.
 *
 * Staying up under hostile clients: each address may hold at most
 * per_address connections (MHD refuses the rest at accept); beyond
 * max_connections in all, a request is answered 503 and its connection
 * closed (MHD itself accepts a few more, so there is room to say so);
 * and a request's head and body must arrive within request_timeout_s of
 * the connection opening (or of the previous response on a kept-alive
 * connection, then within timeout_s), however slowly the bytes trickle:
 * MHD's own timeout restarts with every byte, so a watchdog thread shuts
 * down the socket of any connection past its deadline, and MHD closes it.  Every response carries the security headers;
 * each request leaves one access-log line without personal data (method,
 * route pattern, status, duration).
 *
 * Answering later: a dispatch that must wait for another thread (a
 * write waiting for its group commit) calls web_defer and leaves the
 * response for later.  The server suspends the connection, so its pool
 * thread serves other connections meanwhile, and only then calls
 * start, which hands the work over; whoever finishes it calls
 * web_resume, and the server calls finish on the connection's thread
 * to fill in the response, then sends it.
 */
#ifndef CUPPA_SERVER_H
#define CUPPA_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define WEB_MAX_HEADERS 12
/* Defaults for the limits in struct web_server_config (cuppa serve's
 * options).  Per address: a browser opens about six connections, so 64
 * leaves room for an office behind one NAT address; behind a reverse
 * proxy every request comes from the proxy, so set 0 there and let the
 * proxy limit clients. */
#define WEB_MAX_CONNECTIONS 1000
#define WEB_MAX_PER_ADDRESS 64
#define WEB_REQUEST_TIMEOUT_S 10

struct web_req {
	const char *method;
	const char *path;          /* decoded by MHD, no query string */
	const char *body;          /* NUL-terminated; "" when none */
	size_t body_len;
	bool body_too_large;
	struct arena *a;           /* freed after the response is sent */
	const char *route;         /* set by the handler, for the log */
	void *conn;                /* struct MHD_Connection * */
	double started;            /* monotonic seconds */
	struct web_defer *defer;   /* set by web_defer */
};

struct web_resp {
	int status;                /* 0 until a handler answers */
	const char *content_type;
	struct buf body;
	const char *hname[WEB_MAX_HEADERS], *hvalue[WEB_MAX_HEADERS];
	int nhdr;
	bool cacheable;            /* default: Cache-Control no-store */
};

/* Request accessors (values valid for the request's life). */
const char *web_header(const struct web_req *rq, const char *name);
const char *web_query(const struct web_req *rq, const char *name);
const char *web_cookie(const struct web_req *rq, const char *name);
/* The client's address as text, into out (64 bytes). */
void web_client_addr(const struct web_req *rq, char out[64]);

/* Answering later (see above).  start(rq, arg) runs once the
 * connection is suspended; finish(rq, rs, arg) after web_resume(rq), on
 * the connection's thread, with the same rs the dispatch had.  arg and
 * anything it points to must live until finish (the request's arena
 * does).  web_resume may be called from any thread, once.  -1 (nothing
 * deferred) when out of memory. */
typedef void (*web_defer_start_fn)(struct web_req *rq, void *arg);
struct web_resp;
typedef void (*web_defer_finish_fn)(struct web_req *rq, struct web_resp *rs,
				    void *arg);
int web_defer(struct web_req *rq, web_defer_start_fn start,
	      web_defer_finish_fn finish, void *arg);
bool web_deferred(const struct web_req *rq);
void web_resume(struct web_req *rq);

/* Adds a response header; name and value are copied to the arena. */
void web_resp_header(struct web_req *rq, struct web_resp *rs,
		     const char *name, const char *value);

typedef void (*web_dispatch_fn)(struct web_req *rq, struct web_resp *rs,
				void *user);

struct web_server_config {
	const char *host;          /* an IPv4 or IPv6 literal, no brackets:
				      "127.0.0.1", "::1" */
	int port;                  /* 0 = pick a free one */
	int threads;               /* pool size, >= 1 */
	size_t body_max;           /* bytes, unless body_limit says */
	/* Optional: the body limit for one request, decided from its method
	 * and path before any of the body is read. */
	size_t (*body_limit)(const char *method, const char *path, void *user);
	unsigned timeout_s;        /* idle connection timeout (30) */
	unsigned request_timeout_s; /* head + body deadline (10) */
	unsigned max_connections;  /* in all, then 503 (1000) */
	unsigned per_address;      /* per client address; 0 = no limit */
	bool log;                  /* access log on stderr */
	web_dispatch_fn dispatch;
	void *user;
	/* Optional: called by web_server_stop once no connection is
	 * accepted any more and before connections are closed, to finish
	 * the work of deferred answers (web_defer) so they can be sent. */
	void (*quiesce)(void *user);
	/* Optional: the plain-text sentence of an answer the server gives
	 * before any handler runs (413: the body is too large; 503: too
	 * many connections), for this request's reader (rq's headers, query
	 * and cookies are known; its body is not); NULL, or no function:
	 * the server's own English sentence. */
	const char *(*refusal)(const struct web_req *rq, int status, void *user);
};

struct web_server;

/* Starts listening; *out is owned by the caller (web_server_stop). */
int web_server_start(const struct web_server_config *cfg,
		     struct web_server **out, struct err *e);
/* The port actually bound. */
int web_server_port(const struct web_server *s);
/* Stops accepting, lets running handlers finish, frees s. */
void web_server_stop(struct web_server *s);

/* Blocks SIGINT, SIGTERM and SIGPIPE in the calling thread (call before
 * web_server_start so the pool threads inherit the mask). */
int web_signals_block(struct err *e);
/* Waits for SIGINT or SIGTERM; returns the signal number. */
int web_signals_wait(void);

#endif
