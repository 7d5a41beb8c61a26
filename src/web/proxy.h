/*
 * proxy: which peers are trusted reverse proxies, and the client address
 * a request really comes from.  Knows nothing of cuppa.
 *
 * The real client is taken from X-Forwarded-For only when the TCP peer
 * is a trusted proxy: the header is then read from the right (the entry
 * the nearest proxy appended) past every trusted address, and the first
 * untrusted one is the client.  A peer that is not trusted is the client
 * whatever the header says, so a visitor cannot pick the address that
 * the login limit counts against.
 */
#ifndef CUPPA_PROXY_H
#define CUPPA_PROXY_H

#include <stdbool.h>

#include "util/err.h"

#define PROXY_MAX_NETS 32

struct proxy_net {
	int family;                /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;                  /* prefix length */
};

struct proxy_list {
	struct proxy_net nets[PROXY_MAX_NETS];
	int n;
};

/* Parses "ADDR[/BITS][, ...]" (commas and/or blanks between entries;
 * "" gives an empty list).  0, or -1 with the entry at fault named. */
int proxy_list_parse(const char *s, struct proxy_list *out, struct err *e);
/* True when the textual address addr lies in one of l's networks. */
bool proxy_list_has(const struct proxy_list *l, const char *addr);
/* The client address of a request from peer carrying X-Forwarded-For
 * xff (NULL when absent), into out (64 bytes). */
void proxy_client_addr(const struct proxy_list *l, const char *peer,
		       const char *xff, char out[64]);

#endif
