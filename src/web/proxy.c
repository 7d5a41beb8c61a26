/* proxy: see proxy.h. */
#include "web/proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Textual address to bytes; an IPv4-mapped IPv6 address counts as IPv4.
 * 0 or -1. */
static int addr_parse(const char *s, int *family, unsigned char out[16])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
						 0xff, 0xff};
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		if (memcmp(out, mapped, 12) == 0) {
			memmove(out, out + 12, 4);
			*family = AF_INET;
		}
		return 0;
	}
	return -1;
}

int proxy_list_parse(const char *s, struct proxy_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	while (*s) {
		char item[80], *slash;
		size_t len = strcspn(s, ", \t");
		struct proxy_net *n;
		long bits;
		if (len == 0) {
			s++;
			continue;
		}
		if (len >= sizeof item)
			return err_set(e, ERR_INVALID, "'%.40s...' is not an address",
				       s);
		memcpy(item, s, len);
		item[len] = '\0';
		s += len;
		if (out->n >= PROXY_MAX_NETS)
			return err_set(e, ERR_INVALID, "more than %d entries",
				       PROXY_MAX_NETS);
		n = &out->nets[out->n];
		slash = strchr(item, '/');
		if (slash)
			*slash = '\0';
		if (addr_parse(item, &n->family, n->addr) < 0)
			return err_set(e, ERR_INVALID,
				       "'%s' is not an IPv4 or IPv6 address", item);
		n->bits = n->family == AF_INET ? 32 : 128;
		if (slash) {
			char *end;
			bits = strtol(slash + 1, &end, 10);
			if (slash[1] < '0' || slash[1] > '9' || *end || bits < 0 ||
			    bits > n->bits)
				return err_set(e, ERR_INVALID,
					       "'%s/%s' has a bad prefix length",
					       item, slash + 1);
			n->bits = (int)bits;
		}
		out->n++;
	}
	return 0;
}

static bool net_has(const struct proxy_net *n, int family,
		    const unsigned char *a)
{
	int full = n->bits / 8, rest = n->bits % 8;
	if (n->family != family)
		return false;
	if (memcmp(n->addr, a, (size_t)full) != 0)
		return false;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		return (n->addr[full] & mask) == (a[full] & mask);
	}
	return true;
}

bool proxy_list_has(const struct proxy_list *l, const char *addr)
{
	unsigned char a[16];
	int family;
	if (!l || l->n == 0 || addr_parse(addr, &family, a) < 0)
		return false;
	for (int i = 0; i < l->n; i++)
		if (net_has(&l->nets[i], family, a))
			return true;
	return false;
}

void proxy_client_addr(const struct proxy_list *l, const char *peer,
		       const char *xff, char out[64])
{
	const char *end;
	snprintf(out, 64, "%s", peer);
	if (!xff || !proxy_list_has(l, peer))
		return;
	/* Right to left: each hop appended the address it saw. */
	end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end, *b, *e2;
		char item[64];
		unsigned char tmp[16];
		int family;
		while (start > xff && start[-1] != ',')
			start--;
		b = start;
		e2 = end;
		while (b < e2 && (*b == ' ' || *b == '\t'))
			b++;
		while (e2 > b && (e2[-1] == ' ' || e2[-1] == '\t'))
			e2--;
		if (e2 - b <= 0 || (size_t)(e2 - b) >= sizeof item)
			return; /* garbage: keep the last trusted hop */
		memcpy(item, b, (size_t)(e2 - b));
		item[e2 - b] = '\0';
		if (addr_parse(item, &family, tmp) < 0)
			return;
		snprintf(out, 64, "%s", item);
		if (!proxy_list_has(l, item))
			return;
		end = start > xff ? start - 1 : xff;
	}
}
