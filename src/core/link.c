/* link: see link.h. */
#include "core/link.h"

#include <string.h>

#define LINK_VERSION 1
#define PAYLOAD_LEN (1 + 1 + 8 + 8 + 1 + 8)
#define RAW_LEN (PAYLOAD_LEN + crypto_auth_BYTES)

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

int link_sign(const struct secrets *k, const struct link_claims *c,
	      char out[LINK_TOKEN_MAX], struct err *e)
{
	unsigned char raw[RAW_LEN];
	if (c->kind < LINK_CONFIRM || c->kind > LINK_SURVEY ||
	    c->person_id <= 0 || c->group_id < 0 || c->outcome < 0 ||
	    c->outcome > 255)
		return err_set(e, ERR_INTERNAL, "link: bad claims");
	raw[0] = LINK_VERSION;
	raw[1] = (unsigned char)c->kind;
	put64(raw + 2, (uint64_t)c->person_id);
	put64(raw + 10, (uint64_t)c->group_id);
	raw[18] = (unsigned char)c->outcome;
	put64(raw + 19, (uint64_t)c->expires);
	crypto_auth(raw + PAYLOAD_LEN, raw, PAYLOAD_LEN, k->link_key);
	sodium_bin2base64(out, LINK_TOKEN_MAX, raw, RAW_LEN,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int link_verify(const struct secrets *k, const char *token, time_t now,
		struct link_claims *out, struct err *e)
{
	unsigned char raw[RAW_LEN];
	size_t len = 0;
	const char *end = NULL;
	struct link_claims c;
	if (!token || strlen(token) >= LINK_TOKEN_MAX ||
	    sodium_base642bin(raw, sizeof raw, token, strlen(token), NULL,
			      &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != RAW_LEN || *end != '\0')
		return err_set(e, ERR_INVALID, "this link is not valid");
	if (crypto_auth_verify(raw + PAYLOAD_LEN, raw, PAYLOAD_LEN,
			       k->link_key) != 0 ||
	    raw[0] != LINK_VERSION)
		return err_set(e, ERR_INVALID, "this link is not valid");
	c.kind = (enum link_kind)raw[1];
	c.person_id = (int64_t)get64(raw + 2);
	c.group_id = (int64_t)get64(raw + 10);
	c.outcome = raw[18];
	c.expires = (time_t)get64(raw + 19);
	if (c.kind < LINK_CONFIRM || c.kind > LINK_SURVEY)
		return err_set(e, ERR_INVALID, "this link is not valid");
	if (now > c.expires)
		return err_set(e, ERR_FORBIDDEN, "this link has expired");
	*out = c;
	return 0;
}
