/* Unit tests of util/conf (the configuration file format), cli/settings
 * (the keys, precedence and messages) and web/proxy (trusted proxies). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/settings.h"
#include "util/conf.h"
#include "web/proxy.h"

static int parse(const char *text, struct arena *a, struct conf_entry **c,
		 size_t *n, struct err *e)
{
	return conf_parse(text, strlen(text), a, c, n, e);
}

Test(conf, lines_comments_quotes_crlf)
{
	struct arena a;
	struct conf_entry *c;
	size_t n;
	struct err e = {0};
	arena_init(&a, 0);
	cr_assert_eq(parse("# comment\n\n  database = /var/lib/cuppa/c.db  \r\n"
			   "mail_from = \"Coffee  <c@x.org> \"\nempty =\n",
			   &a, &c, &n, &e), 0, "%s", e.msg);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(c[0].key, "database");
	cr_assert_str_eq(c[0].value, "/var/lib/cuppa/c.db");
	cr_assert_eq(c[0].line, 3);
	cr_assert_str_eq(c[1].value, "Coffee  <c@x.org> ");
	cr_assert_str_eq(c[2].value, "");
	arena_release(&a);
}

Test(conf, bad_lines_name_line_and_key)
{
	static const struct { const char *text, *field, *msg; } cases[] = {
		{"a = 1\nB = 2\n", "", "2: expected `key = value`"},
		{"x 1\n", "x", "1: expected `=`"},
		{"x = 1\nx = 2\n", "x", "2: given again (first on line 1)"},
		{"q = \"open\n", "q", "1: unterminated"},
		{"c = a\x01b\n", "", "1: control character"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena a;
		struct conf_entry *c;
		size_t n;
		struct err e = {0};
		arena_init(&a, 0);
		cr_assert_eq(parse(cases[i].text, &a, &c, &n, &e), -1);
		cr_assert_str_eq(e.field, cases[i].field, "case %zu", i);
		cr_assert(strstr(e.msg, cases[i].msg), "case %zu: %s", i, e.msg);
		arena_release(&a);
	}
}

static char *write_tmp(const char *text)
{
	static char path[64];
	int fd;
	snprintf(path, sizeof path, "/tmp/cuppa-conf-XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

Test(settings, file_then_environment_precedence_and_errors)
{
	struct settings s;
	struct err e = {0};
	enum setting_source src;
	char *path = write_tmp("threads = 8\nsmtp_user = file-user\n"
			       "metrics_token = 0123456789abcdefghijXYZ\n");
	unsetenv("CUPPA_THREADS");
	unsetenv("CUPPA_METRICS_TOKEN");
	setenv("CUPPA_SMTP_USER", "env-user", 1);
	cr_assert_eq(settings_load(&s, path, &e), 0, "%s", e.msg);
	cr_assert_str_eq(settings_get(&s, "threads", &src), "8");
	cr_assert_eq(src, SRC_FILE);
	cr_assert_str_eq(settings_get(&s, "smtp_user", &src), "env-user");
	cr_assert_eq(src, SRC_ENV);
	cr_assert_null(settings_get(&s, "listen", &src));
	cr_assert_eq(src, SRC_DEFAULT);
	cr_assert_eq(settings_apply(&s, &e), 0);
	cr_assert_str_eq(getenv("CUPPA_THREADS"), "8");
	cr_assert_str_eq(getenv("CUPPA_SMTP_USER"), "env-user");
	settings_release(&s);
	unsetenv("CUPPA_THREADS");
	unsetenv("CUPPA_SMTP_USER");
	unsetenv("CUPPA_METRICS_TOKEN");
	unlink(path);

	path = write_tmp("# x\nmetrics_token = short\n");
	cr_assert_eq(settings_load(&s, path, &e), -1);
	cr_assert(strstr(e.msg, ":2: metrics_token: must be 20 to 200"), "%s",
		  e.msg);
	cr_assert_null(strstr(e.msg, "short"), "secret echoed: %s", e.msg);
	settings_release(&s);
	unlink(path);
}

Test(proxy, client_address_only_through_trusted_peers)
{
	struct proxy_list l;
	struct err e = {0};
	char out[64];
	cr_assert_eq(proxy_list_parse("127.0.0.1, 10.1.0.0/16 ::1", &l, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(l.n, 3);
	cr_assert(proxy_list_has(&l, "10.1.200.3"));
	cr_assert(proxy_list_has(&l, "::ffff:127.0.0.1"));
	cr_assert_not(proxy_list_has(&l, "10.2.0.1"));
	proxy_client_addr(&l, "127.0.0.1", "198.51.100.7", out);
	cr_assert_str_eq(out, "198.51.100.7");
	/* a spoofed left part is ignored: the nearest untrusted hop counts */
	proxy_client_addr(&l, "127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.0.9", out);
	cr_assert_str_eq(out, "198.51.100.7");
	/* an untrusted peer is the client whatever it claims */
	proxy_client_addr(&l, "203.0.113.5", "1.2.3.4", out);
	cr_assert_str_eq(out, "203.0.113.5");
	proxy_client_addr(&l, "127.0.0.1", "garbage", out);
	cr_assert_str_eq(out, "127.0.0.1");
	cr_assert_eq(proxy_list_parse("10.0.0.0/33", &l, &e), -1);
	cr_assert_eq(proxy_list_parse("example.org", &l, &e), -1);
}
