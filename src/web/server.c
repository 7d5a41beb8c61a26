/*
 * server: see server.h.  Signals are handled without signal handlers:
 * they are blocked in every thread and the main thread takes them with
 * sigwait(), so no work ever runs in signal context.
 *
 * The request deadline: every connection has a struct conn_watch (MHD's
 * socket context) on a list the watchdog thread scans four times a
 * second.  The watchdog only ever calls shutdown() on a socket, under
 * the list's lock; MHD removes the entry (CLOSED notification) under the
 * same lock before it closes the descriptor, so the watchdog never
 * touches a descriptor that has been closed and reused.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "util/clock.h"

#define REQ_ARENA_MAX ((size_t)32 << 20)
#define WATCH_INTERVAL_NS 250000000L
/* A body announced at most this much over its limit is read and thrown
 * away before the 413, so the client, still sending, hears the answer
 * instead of a reset; beyond it the 413 goes at once and the connection
 * closes.  The request deadline bounds the reading either way. */
#define DRAIN_MAX ((unsigned long long)16 << 20)

/* What the server itself says (plain text, before any handler). */
static const char msg_too_large[] = "request body too large\n";
static const char msg_busy[] = "the server is busy: try again in a moment\n";

/* One open connection, for the request deadline and the 503. */
struct conn_watch {
	int fd;
	double deadline;           /* monotonic seconds; 0 while answering */
	bool cut;                  /* shut down by the watchdog */
	struct conn_watch *prev, *next;
};

struct web_server {
	struct MHD_Daemon *d;
	struct web_server_config cfg;
	int port;
	pthread_mutex_t mu;        /* guards the fields below */
	pthread_cond_t wake;
	struct conn_watch *conns;
	unsigned nconns;
	bool stopping;
	bool watching;             /* the watchdog thread runs */
	pthread_t watchdog;
};

/* A deferred answer (web_defer). */
struct web_defer {
	web_defer_start_fn start;
	web_defer_finish_fn finish;
	void *arg;
	atomic_bool resumed;
};

/* Per-connection request state, MHD's *con_cls. */
struct req_state {
	struct arena a;
	struct web_req rq;
	struct web_resp rs;        /* lives across a deferral */
	struct buf body;
	bool started;
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *web_header(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *web_query(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *web_cookie(const struct web_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

void web_client_addr(const struct web_req *rq, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, 64, "?");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
			  out, 64);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
			  out, 64);
}

void web_resp_header(struct web_req *rq, struct web_resp *rs,
		     const char *name, const char *value)
{
	if (rs->nhdr >= WEB_MAX_HEADERS)
		return;
	rs->hname[rs->nhdr] = arena_strdup(rq->a, name);
	rs->hvalue[rs->nhdr] = arena_strdup(rq->a, value);
	if (rs->hname[rs->nhdr] && rs->hvalue[rs->nhdr])
		rs->nhdr++;
}

int web_defer(struct web_req *rq, web_defer_start_fn start,
	      web_defer_finish_fn finish, void *arg)
{
	struct web_defer *d = arena_alloc(rq->a, sizeof *d);
	if (!d)
		return -1;
	d->start = start;
	d->finish = finish;
	d->arg = arg;
	atomic_init(&d->resumed, false);
	rq->defer = d;
	return 0;
}

bool web_deferred(const struct web_req *rq)
{
	return rq->defer != NULL;
}

void web_resume(struct web_req *rq)
{
	atomic_store(&rq->defer->resumed, true);
	MHD_resume_connection(rq->conn);
}

static void access_log(const struct web_req *rq, int status)
{
	char ts[21];
	clock_instant(time(NULL), ts);
	/* The route pattern, never the raw path: paths carry tokens. */
	fprintf(stderr, "%s http %s %s %d %.2fms\n", ts, rq->method,
		rq->route ? rq->route : "-", status,
		(mono_now() - rq->started) * 1000.0);
}

static enum MHD_Result send_resp(struct web_server *s, struct req_state *st,
				 struct MHD_Connection *conn,
				 struct web_resp *rs)
{
	size_t len = 0;
	char *body = buf_detach(&rs->body, &len);
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (!body) { /* the page overflowed its limit */
		rs->status = 500;
		rs->content_type = "text/plain; charset=utf-8";
		body = strdup("internal error\n");
		len = body ? strlen(body) : 0;
	}
	if (!rs->status)
		rs->status = 500;
	r = MHD_create_response_from_buffer(len, body ? body : (char *)"",
					    body ? MHD_RESPMEM_MUST_FREE
						 : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
				rs->content_type ? rs->content_type
						 : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; "
				"img-src 'self' data:; form-action 'self'; "
				"frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (!rs->cacheable)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	for (int i = 0; i < rs->nhdr; i++)
		MHD_add_response_header(r, rs->hname[i], rs->hvalue[i]);
	ret = MHD_queue_response(conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	if (s->cfg.log)
		access_log(&st->rq, rs->status);
	return ret;
}

static struct conn_watch *watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void watch_set(struct web_server *s, struct MHD_Connection *conn,
		      double deadline)
{
	struct conn_watch *w = watch_of(conn);
	if (!w)
		return;
	pthread_mutex_lock(&s->mu);
	w->deadline = deadline;
	pthread_mutex_unlock(&s->mu);
}

/* The status to answer before reading the body, or 0: 503 beyond the
 * connection limit, 413 when the announced body is far over the limit. */
static int refuse_early(struct web_server *s, struct MHD_Connection *conn,
			size_t limit)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     "Content-Length");
	unsigned n;
	pthread_mutex_lock(&s->mu);
	n = s->nconns;
	pthread_mutex_unlock(&s->mu);
	if (n > s->cfg.max_connections)
		return 503;
	if (cl) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(cl, &end, 10);
		/* MHD has checked the syntax; be safe anyway. */
		if (errno || end == cl || v > limit + DRAIN_MAX)
			return 413;
	}
	return 0;
}

/* The body of an answer the server gives itself (413, busy 503): the
 * application's sentence in the reader's language, else its own. */
static void refusal_body(struct web_server *s, const struct web_req *rq,
			 struct web_resp *rs, int status)
{
	const char *t = s->cfg.refusal ? s->cfg.refusal(rq, status, s->cfg.user)
				       : NULL;
	if (t)
		buf_printf(&rs->body, "%s\n", t);
	else
		buf_puts(&rs->body, status == 503 ? msg_busy : msg_too_large);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct web_server *s = cls;
	struct req_state *st = *con_cls;
	struct web_resp rs;
	(void)version;

	if (!st) {
		/* First call: headers only.  Answer later, not now, unless
		 * the request is refused whatever its body says. */
		size_t limit = s->cfg.body_limit
			? s->cfg.body_limit(method, url, s->cfg.user)
			: s->cfg.body_max;
		st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		arena_init(&st->a, REQ_ARENA_MAX);
		buf_init(&st->body, limit);
		st->rq.started = mono_now();
		st->rq.a = &st->a;
		st->rq.conn = conn;
		st->rq.method = arena_strdup(&st->a, method);
		st->rq.path = arena_strdup(&st->a, url);
		*con_cls = st;
		int early = refuse_early(s, conn, limit);
		if (!early)
			return MHD_YES;
		st->started = true;
		memset(&rs, 0, sizeof rs);
		buf_init(&rs.body, 256);
		st->rq.route = "-";
		rs.status = early;
		rs.content_type = "text/plain; charset=utf-8";
		refusal_body(s, &st->rq, &rs, early);
		/* The body is never read: the connection cannot be reused. */
		web_resp_header(&st->rq, &rs, "Connection", "close");
		if (early == 503)
			web_resp_header(&st->rq, &rs, "Retry-After", "5");
		return send_resp(s, st, conn, &rs);
	}
	if (*upload_size) {
		if (!st->rq.body_too_large) {
			buf_add(&st->body, upload, *upload_size);
			if (buf_failed(&st->body)) {
				st->rq.body_too_large = true;
				buf_release(&st->body);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->started) {
		struct web_defer *d = st->rq.defer;
		/* Resumed after a deferral: answer now. */
		if (!d || !atomic_load(&d->resumed))
			return MHD_YES;
		st->rq.defer = NULL;
		d->finish(&st->rq, &st->rs, d->arg);
		return send_resp(s, st, conn, &st->rs);
	}
	st->started = true;
	watch_set(s, conn, 0); /* all in: the deadline is over */
	st->rq.body = buf_str(&st->body);
	st->rq.body_len = buf_len(&st->body);

	buf_init(&st->rs.body, (size_t)16 << 20);
	if (!st->rq.method || !st->rq.path) {
		st->rs.status = 500;
	} else if (st->rq.body_too_large) {
		st->rq.route = "-";
		st->rs.status = 413;
		st->rs.content_type = "text/plain; charset=utf-8";
		refusal_body(s, &st->rq, &st->rs, 413);
	} else {
		s->cfg.dispatch(&st->rq, &st->rs, s->cfg.user);
		if (st->rq.defer) {
			/* Suspended first, so that a quick web_resume finds
			 * it suspended. */
			MHD_suspend_connection(conn);
			st->rq.defer->start(&st->rq, st->rq.defer->arg);
			return MHD_YES;
		}
	}
	return send_resp(s, st, conn, &st->rs);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct web_server *s = cls;
	struct req_state *st = *con_cls;
	/* Kept alive: the next request must be in within the idle time. */
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		watch_set(s, conn, mono_now() + s->cfg.timeout_s);
	if (!st)
		return;
	buf_release(&st->body);
	buf_release(&st->rs.body);
	arena_release(&st->a);
	free(st);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct web_server *s = cls;
	struct conn_watch *w = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		w = calloc(1, sizeof *w);
		if (!w || !ci) {
			/* Untracked means unbounded: refuse it instead.  We
			 * are on the connection's own thread here. */
			free(w);
			if (ci)
				shutdown(ci->connect_fd, SHUT_RDWR);
			return;
		}
		w->fd = ci->connect_fd;
		w->deadline = mono_now() + s->cfg.request_timeout_s;
		pthread_mutex_lock(&s->mu);
		w->next = s->conns;
		if (s->conns)
			s->conns->prev = w;
		s->conns = w;
		s->nconns++;
		pthread_mutex_unlock(&s->mu);
		*socket_context = w;
		return;
	}
	if (!w)
		return;
	pthread_mutex_lock(&s->mu);
	if (w->prev)
		w->prev->next = w->next;
	else
		s->conns = w->next;
	if (w->next)
		w->next->prev = w->prev;
	s->nconns--;
	pthread_mutex_unlock(&s->mu);
	free(w);
	*socket_context = NULL;
}

/* Shuts down the sockets of connections past their deadline; MHD then
 * reads end-of-file and closes them on its own thread. */
static void *watchdog_main(void *arg)
{
	struct web_server *s = arg;
	struct timespec until;
	pthread_mutex_lock(&s->mu);
	while (!s->stopping) {
		double now = mono_now();
		unsigned cut = 0;
		for (struct conn_watch *w = s->conns; w; w = w->next)
			if (w->deadline > 0 && now > w->deadline && !w->cut) {
				shutdown(w->fd, SHUT_RDWR);
				w->cut = true;
				cut++;
			}
		if (cut && s->cfg.log) {
			char ts[21];
			clock_instant(time(NULL), ts);
			fprintf(stderr, "%s http closed %u connection%s: request "
				"not in within its time\n", ts, cut,
				cut == 1 ? "" : "s");
		}
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_INTERVAL_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->wake, &s->mu, &until);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static int watch_init(struct web_server *s)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return -1;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int rc = pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0)
		return -1;
	if (pthread_mutex_init(&s->mu, NULL) != 0) {
		pthread_cond_destroy(&s->wake);
		return -1;
	}
	return 0;
}

static void watch_release(struct web_server *s)
{
	if (s->watching) {
		pthread_mutex_lock(&s->mu);
		s->stopping = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->watchdog, NULL);
	}
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
}

int web_server_start(const struct web_server_config *cfg,
		     struct web_server **out, struct err *e)
{
	struct web_server *s;
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;
	struct sockaddr *addr;
	const union MHD_DaemonInfo *di;
	unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
			     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;

	memset(&sa, 0, sizeof sa);
	memset(&sa6, 0, sizeof sa6);
	if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) == 1) {
		sa.sin_family = AF_INET;
		sa.sin_port = htons((uint16_t)cfg->port);
		addr = (struct sockaddr *)&sa;
	} else if (inet_pton(AF_INET6, cfg->host, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)cfg->port);
		addr = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		return err_field(e, ERR_INVALID, "listen",
				 "listen address '%s' is not an IPv4 or IPv6 "
				 "address", cfg->host);
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, ERR_INTERNAL, "out of memory");
	s->cfg = *cfg;
	if (!s->cfg.timeout_s)
		s->cfg.timeout_s = 30;
	if (!s->cfg.request_timeout_s)
		s->cfg.request_timeout_s = 10;
	if (!s->cfg.max_connections)
		s->cfg.max_connections = 1000;
	if (watch_init(s) < 0) {
		free(s);
		return err_set(e, ERR_INTERNAL, "cannot set up the server's locks");
	}
	/* MHD accepts an eighth more than our limit, so that those beyond
	 * it hear 503 instead of a silent close. */
	unsigned hard = s->cfg.max_connections + s->cfg.max_connections / 8 + 8;
	struct MHD_OptionItem per_address[] = {
		{s->cfg.per_address ? MHD_OPTION_PER_IP_CONNECTION_LIMIT
				    : MHD_OPTION_END,
		 (intptr_t)s->cfg.per_address, NULL},
		{MHD_OPTION_END, 0, NULL},
	};
	s->d = MHD_start_daemon(
		flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, addr,
		MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)(cfg->threads > 0 ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, hard,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_ARRAY, per_address,
		MHD_OPTION_END);
	if (!s->d) {
		watch_release(s);
		free(s);
		return err_set(e, ERR_IO, "cannot listen on %s port %d",
			       cfg->host, cfg->port);
	}
	if (pthread_create(&s->watchdog, NULL, watchdog_main, s) != 0) {
		MHD_stop_daemon(s->d);
		watch_release(s);
		free(s);
		return err_set(e, ERR_INTERNAL, "cannot start the server's watchdog");
	}
	s->watching = true;
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : cfg->port;
	*out = s;
	return 0;
}

int web_server_port(const struct web_server *s) { return s->port; }

void web_server_stop(struct web_server *s)
{
	if (!s)
		return;
	/* Stop accepting first; MHD_stop_daemon then joins the pool threads,
	 * which finish the handler they are running. */
	MHD_quiesce_daemon(s->d);
	if (s->cfg.quiesce)
		s->cfg.quiesce(s->cfg.user);
	MHD_stop_daemon(s->d);
	watch_release(s);
	free(s);
}

int web_signals_block(struct err *e)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return err_set(e, ERR_INTERNAL, "cannot block signals");
	return 0;
}

int web_signals_wait(void)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	while (sigwait(&set, &sig) != 0)
		;
	return sig;
}
