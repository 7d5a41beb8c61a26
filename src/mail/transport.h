/*
 * transport: how a composed message leaves cuppa.  The worker sees only
 * this table of functions (like sqlite3_io_methods), so tests and
 * benchmarks can put another transport behind it; smtp.c is the real one.
 *
 * A transport keeps whatever connection it has open between sends (the
 * point: one SMTP session for many messages) and reopens it on its own
 * after a failure.  Not thread-safe: one transport per worker thread.
 */
#ifndef CUPPA_MAIL_TRANSPORT_H
#define CUPPA_MAIL_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum mail_verdict {
	MAIL_SENT = 0,     /* the server took it (2xx) */
	MAIL_TEMPFAIL,     /* try again later: 4xx, refused, timeout, reset */
	MAIL_PERMFAIL,     /* never again: 5xx */
};

struct mail_result {
	enum mail_verdict verdict;
	int code;          /* SMTP reply code, 0 when none arrived */
	bool conn_failed;  /* the connection itself failed: pause the batch */
	char reply[256];   /* the server's last line, or the client's error */
};

struct mail_transport;

struct mail_transport_ops {
	const char *name;
	/* Sends data (a whole RFC 5322 message, CRLF lines) from the
	 * envelope sender to rcpt; fills r.  Returns 0 whatever the
	 * verdict; -1 only when the transport itself is broken (e set). */
	int (*send)(struct mail_transport *t, const char *from,
		    const char *rcpt, const char *data, size_t len,
		    struct mail_result *r, struct err *e);
	void (*free)(struct mail_transport *t);
};

struct mail_transport {
	const struct mail_transport_ops *ops;
};

struct smtp_options {
	const char *url;       /* smtp://host:port, smtps://host:port */
	const char *user;      /* "" or NULL: no AUTH */
	const char *password;
	bool starttls;         /* smtp:// then STARTTLS, required */
	long connect_timeout_ms;
	long timeout_ms;       /* whole transfer of one message */
	bool insecure;         /* skip certificate checks (tests only) */
};

/* The libcurl SMTP transport.  STARTTLS: with starttls, or when the URL
 * carries "?starttls" (removed before use).  The caller owns *out. */
int smtp_transport_new(const struct smtp_options *o,
		       struct mail_transport **out, struct err *e);

static inline void mail_transport_free(struct mail_transport *t)
{
	if (t)
		t->ops->free(t);
}

#endif
