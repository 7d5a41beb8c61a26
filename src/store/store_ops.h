/*
 * store_ops: what running cuppa needs to know about the database itself,
 * for GET /healthz and GET /metrics: is it reachable, and counts that
 * hold no personal data (messages by state, rounds published).  Counts
 * are over the whole database, so every server behind a proxy reports
 * the same figures.
 */
#ifndef CUPPA_STORE_OPS_H
#define CUPPA_STORE_OPS_H

#include <stdint.h>

#include "store/store.h"

/* One round trip to the database.  0, or -1 when it cannot answer. */
int store_ping(struct store *st, struct err *e);

struct store_ops_counts {
	int64_t outbox[4];        /* queued, sent, failed, skipped */
	int64_t rounds_published; /* published or closed, every programme */
};
/* The names of outbox[] in order. */
extern const char *const store_outbox_states[4];

int store_ops_counts(struct store *st, struct store_ops_counts *out,
		     struct err *e);

#endif
