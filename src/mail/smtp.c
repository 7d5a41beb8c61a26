/*
 * smtp: the libcurl SMTP transport (see transport.h).
 *
 * One easy handle lives as long as the transport, so libcurl keeps the
 * SMTP session open and each further message costs MAIL FROM, RCPT TO and
 * DATA only (no TCP/TLS handshake, no EHLO, no AUTH).  libcurl does the
 * dot-stuffing and the final "." itself.  The server's reply lines reach
 * the header callback; the last one is kept as the recorded answer.
 */
#include "mail/transport.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp {
	struct mail_transport base;
	CURL *h;
	char url[512];
	/* per send */
	const char *data;
	size_t len, pos;
	char last[256];
	char first_err[256]; /* first 4xx/5xx line: the QUIT reply that may
			      * follow must not hide it */
	bool fresh;  /* the last send failed: open a new session */
};

/* curl_global_init must run once per process before any handle, and is
 * not thread-safe itself: the first transport made (by whichever worker
 * thread) runs it under pthread_once.  Never cleaned up: libcurl's global
 * state lives as long as the process, like the threads that use it. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT; /* process-wide: libcurl's global init runs once */
static CURLcode curl_init_rc; /* process-wide: written once, under curl_once */

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct smtp *s = arg;
	size_t want = size * n, left = s->len - s->pos;
	if (want > left)
		want = left;
	memcpy(buf, s->data + s->pos, want);
	s->pos += want;
	return want;
}

/* Keeps the last server line (an SMTP reply: "250 2.0.0 OK ..."). */
static size_t on_header(char *buf, size_t size, size_t n, void *arg)
{
	struct smtp *s = arg;
	size_t len = size * n, k = len;
	while (k && (buf[k - 1] == '\r' || buf[k - 1] == '\n'))
		k--;
	if (k >= 3 && buf[0] >= '2' && buf[0] <= '5') {
		char *dst = (buf[0] >= '4' && !s->first_err[0]) ? s->first_err
								 : s->last;
		if (k >= sizeof s->last)
			k = sizeof s->last - 1;
		memcpy(dst, buf, k);
		dst[k] = '\0';
		for (size_t i = 0; i < k; i++)
			if ((unsigned char)dst[i] < 0x20)
				dst[i] = ' ';
	}
	return len;
}

static int smtp_send(struct mail_transport *t, const char *from,
		     const char *rcpt, const char *data, size_t len,
		     struct mail_result *r, struct err *e)
{
	struct smtp *s = (struct smtp *)t;
	struct curl_slist *to = NULL;
	char addr[320];
	CURLcode rc;
	long code = 0;

	memset(r, 0, sizeof *r);
	if (strpbrk(rcpt, "\r\n<>") || strlen(rcpt) > 254) {
		r->verdict = MAIL_PERMFAIL;
		snprintf(r->reply, sizeof r->reply, "invalid recipient address");
		return 0;
	}
	snprintf(addr, sizeof addr, "<%s>", rcpt);
	if (!(to = curl_slist_append(NULL, addr)))
		return err_set(e, ERR_INTERNAL, "out of memory");
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->last[0] = '\0';
	s->first_err[0] = '\0';
	curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(s->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	/* After a failure the old session may be half-way through a
	 * command or closing: never reuse it. */
	curl_easy_setopt(s->h, CURLOPT_FRESH_CONNECT, s->fresh ? 1L : 0L);
	rc = curl_easy_perform(s->h);
	s->fresh = rc != CURLE_OK;
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(to);

	r->code = (int)code;
	if (rc == CURLE_OK) {
		r->verdict = MAIL_SENT;
		snprintf(r->reply, sizeof r->reply, "%s",
			 s->last[0] ? s->last : "250 accepted");
		return 0;
	}
	if (s->first_err[0])
		snprintf(r->reply, sizeof r->reply, "%s", s->first_err);
	else
		snprintf(r->reply, sizeof r->reply, "curl: %s",
			 curl_easy_strerror(rc));
	/* Whose fault?  A final 4xx/5xx reply judges this message; no reply
	 * at all, an intermediate one (334 in AUTH, 354 in DATA) cut short
	 * by a timeout or reset, 421 "closing", or a session that lacks
	 * authentication or encryption (530/534/535/538, a failed login)
	 * judge the session: the operator's to fix, so this message and
	 * the rest of the batch stay queued. */
	if (code < 400 || code == 421 || code == 530 || code == 534 ||
	    code == 535 || code == 538 || rc == CURLE_LOGIN_DENIED) {
		r->verdict = MAIL_TEMPFAIL;
		r->conn_failed = true;
	} else {
		r->verdict = code >= 500 ? MAIL_PERMFAIL : MAIL_TEMPFAIL;
	}
	return 0;
}

static void smtp_free(struct mail_transport *t)
{
	struct smtp *s = (struct smtp *)t;
	if (!s)
		return;
	if (s->h)
		curl_easy_cleanup(s->h); /* sends QUIT on an open session */
	free(s);
}

static const struct mail_transport_ops smtp_ops = {
	.name = "smtp",
	.send = smtp_send,
	.free = smtp_free,
};

int smtp_transport_new(const struct smtp_options *o,
		       struct mail_transport **out, struct err *e)
{
	struct smtp *s;
	bool starttls = o->starttls;
	char *q;

	*out = NULL;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return err_set(e, ERR_INTERNAL, "cannot initialise libcurl");
	if (!o->url || (strncmp(o->url, "smtp://", 7) && strncmp(o->url, "smtps://", 8)))
		return err_field(e, ERR_INVALID, "CUPPA_SMTP_URL",
				 "needs smtp:// or smtps://");
	if (!(s = calloc(1, sizeof *s)))
		return err_set(e, ERR_INTERNAL, "out of memory");
	s->base.ops = &smtp_ops;
	snprintf(s->url, sizeof s->url, "%s", o->url);
	if ((q = strstr(s->url, "?starttls"))) {
		*q = '\0';
		starttls = true;
	}
	if (!(s->h = curl_easy_init())) {
		free(s);
		return err_set(e, ERR_INTERNAL, "cannot create a libcurl handle");
	}
	curl_easy_setopt(s->h, CURLOPT_URL, s->url);
	curl_easy_setopt(s->h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(s->h, CURLOPT_READDATA, s);
	curl_easy_setopt(s->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(s->h, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT_MS,
			 o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS,
			 o->timeout_ms > 0 ? o->timeout_ms : 60000L);
	if (starttls)
		curl_easy_setopt(s->h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (o->insecure) {
		curl_easy_setopt(s->h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(s->h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (o->user && *o->user) {
		curl_easy_setopt(s->h, CURLOPT_USERNAME, o->user);
		curl_easy_setopt(s->h, CURLOPT_PASSWORD,
				 o->password ? o->password : "");
	}
	*out = &s->base;
	return 0;
}
