/* libFuzzer target: the mail configuration (mail_config_parse, the
 * settings half of mail_config_load).  The input is the values of the
 * settings, one per line in the order of names[] below (a missing line is
 * unset).  Any values must be accepted or refused naming the setting; an
 * accepted configuration has a sender address with a domain, an http(s)
 * base URL without a trailing slash or control characters, an smtp(s)
 * URL, and numbers in their ranges. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"CUPPA_MAIL_FROM", "CUPPA_BASE_URL", "CUPPA_SMTP_URL", "CUPPA_SMTP_USER",
	"CUPPA_SMTP_PASSWORD", "CUPPA_SMTP_INSECURE", "CUPPA_MAIL_RETRY_BASE",
	"CUPPA_MAIL_LEASE", "CUPPA_SMTP_TIMEOUT",
};
#define NNAMES (sizeof names / sizeof names[0])

struct vals {
	const char *v[NNAMES];
};

static const char *get(const char *name, void *user)
{
	const struct vals *vs = user;
	for (size_t i = 0; i < NNAMES; i++)
		if (strcmp(names[i], name) == 0)
			return vs->v[i];
	abort(); /* a setting this target does not know: add it above */
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vals vs = {{0}};
	struct mail_config *cfg;
	struct err e = {0};
	char *buf = malloc(size + 1), *p;
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	p = buf;
	for (size_t i = 0; i < NNAMES && p; i++) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		vs.v[i] = p;
		p = nl ? nl + 1 : NULL;
	}
	cfg = calloc(1, sizeof *cfg);
	if (cfg && mail_config_parse(get, &vs, cfg, &e) == 0) {
		const char *at = strchr(cfg->from_addr, '@');
		size_t bl = strlen(cfg->base_url);
		if (!at || !at[1] || strcmp(cfg->domain, at + 1) != 0 ||
		    has_ctl(cfg->from) || has_ctl(cfg->base_url) ||
		    strncmp(cfg->base_url, "http", 4) != 0 ||
		    (bl && cfg->base_url[bl - 1] == '/') ||
		    (strncmp(cfg->smtp_url, "smtp://", 7) != 0 &&
		     strncmp(cfg->smtp_url, "smtps://", 8) != 0) ||
		    cfg->retry_base_s < 0 || cfg->retry_base_s > 86400 ||
		    cfg->lease_s < 0 || cfg->lease_s > 86400 ||
		    cfg->smtp_timeout_s < 0 || cfg->smtp_timeout_s > 3600)
			abort();
	} else if (cfg && !e.msg[0]) {
		abort();
	}
	free(cfg);
	free(buf);
	return 0;
}
