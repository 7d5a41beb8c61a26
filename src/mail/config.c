/* config: mail_config_load and friends (see mail.h). */
#include "mail/mail.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* A setting from the caller's getter; unset or empty gives def. */
struct settings {
	mail_setting_fn get;
	void *user;
};

static const char *setting(const struct settings *st, const char *name)
{
	return st->get(name, st->user);
}

static const char *setting_or(const struct settings *st, const char *name,
			      const char *def)
{
	const char *v = setting(st, name);
	return v && *v ? v : def;
}

/* An optional whole number from the environment: unset or empty leaves
 * *out alone; anything else must be an integer in [min, max], or the
 * setting is refused naming the variable (a typo in the configuration
 * must not silently become the default). */
static int env_int(const struct settings *st, const char *name, long min,
		   long max, int *out, struct err *e)
{
	const char *v = setting(st, name);
	char *end;
	long n;
	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10); /* digits only: no sign, no spaces */
	if (*v < '0' || *v > '9' || errno || *end || n < min || n > max)
		/* the name in the message itself: mail_thread_start's
		 * caller may print only e->msg */
		return err_set(e, ERR_INVALID,
			       "%s must be a whole number of seconds from %ld to %ld"
			       " (got \"%.40s\")", name, min, max, v);
	*out = (int)n;
	return 0;
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

int mail_config_parse(mail_setting_fn get, void *user,
		      struct mail_config *cfg, struct err *e)
{
	const struct settings st = {get, user};
	const char *from = setting_or(&st, "CUPPA_MAIL_FROM",
				      "cuppa <cuppa@localhost>");
	const char *base = setting_or(&st, "CUPPA_BASE_URL",
				      "http://127.0.0.1:8080");
	const char *lt, *gt, *at;
	size_t n;

	memset(cfg, 0, sizeof *cfg);
	if (has_ctl(from) || strlen(from) >= sizeof cfg->from)
		return err_field(e, ERR_INVALID, "CUPPA_MAIL_FROM",
				 "not a usable sender");
	snprintf(cfg->from, sizeof cfg->from, "%s", from);
	lt = strchr(from, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		snprintf(cfg->from_addr, sizeof cfg->from_addr, "%.*s",
			 (int)(gt - lt - 1), lt + 1);
	else
		snprintf(cfg->from_addr, sizeof cfg->from_addr, "%s", from);
	at = strchr(cfg->from_addr, '@');
	if (!at || !at[1] || strchr(cfg->from_addr, ' ') || (lt && !gt))
		return err_field(e, ERR_INVALID, "CUPPA_MAIL_FROM",
				 "needs an address like cuppa@example.org");
	snprintf(cfg->domain, sizeof cfg->domain, "%s", at + 1);

	if (has_ctl(base) || strncmp(base, "http", 4) != 0 ||
	    strlen(base) >= sizeof cfg->base_url)
		return err_field(e, ERR_INVALID, "CUPPA_BASE_URL",
				 "needs an http:// or https:// URL");
	snprintf(cfg->base_url, sizeof cfg->base_url, "%s", base);
	n = strlen(cfg->base_url);
	while (n && cfg->base_url[n - 1] == '/')
		cfg->base_url[--n] = '\0';

	snprintf(cfg->smtp_url, sizeof cfg->smtp_url, "%s",
		 setting_or(&st, "CUPPA_SMTP_URL", "smtp://127.0.0.1:25"));
	snprintf(cfg->smtp_user, sizeof cfg->smtp_user, "%s",
		 setting_or(&st, "CUPPA_SMTP_USER", ""));
	snprintf(cfg->smtp_password, sizeof cfg->smtp_password, "%s",
		 setting_or(&st, "CUPPA_SMTP_PASSWORD", ""));
	if (strncmp(cfg->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cfg->smtp_url, "smtps://", 8) != 0)
		return err_field(e, ERR_INVALID, "CUPPA_SMTP_URL",
				 "needs smtp:// or smtps://");
	cfg->smtp_insecure = setting(&st, "CUPPA_SMTP_INSECURE") != NULL;
	if (env_int(&st, "CUPPA_MAIL_RETRY_BASE", 1, 86400, &cfg->retry_base_s, e) < 0 ||
	    env_int(&st, "CUPPA_MAIL_LEASE", 1, 86400, &cfg->lease_s, e) < 0 ||
	    env_int(&st, "CUPPA_SMTP_TIMEOUT", 1, 3600, &cfg->smtp_timeout_s, e) < 0)
		return -1;
	return 0;
}

static const char *from_env(const char *name, void *user)
{
	(void)user;
	return getenv(name);
}

int mail_config_load(const char *db_path, struct mail_config *cfg,
		     struct err *e)
{
	if (mail_config_parse(from_env, NULL, cfg, e) < 0)
		return -1;
	return secrets_load(db_path, &cfg->keys, e);
}

void mail_config_release(struct mail_config *cfg)
{
	secrets_release(&cfg->keys);
	sodium_memzero(cfg->smtp_password, sizeof cfg->smtp_password);
}
