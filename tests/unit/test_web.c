/* Unit tests of the web layer's generic parts: templates (escaping by
 * default), form parsing with limits, the router, CSRF tokens, sessions
 * in the store and the route table's invariants. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_access.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/router.h"
#include "text/tmpl.h"
#include "web/web.h"

static char *render(const char *t, struct tv *ctx)
{
	struct buf b;
	struct err e = {0};
	buf_init(&b, 1 << 20);
	cr_assert_eq(tmpl_render(&b, t, ctx, &e), 0, "%s", e.msg);
	return buf_detach(&b, NULL);
}

Test(web_tmpl, escapes_by_default)
{
	struct arena a;
	arena_init(&a, 0);
	struct tv *o = tv_obj(&a);
	tv_set(o, "x", "<b>\"Tom\" & 'Jerry'</b>");
	char *s = render("[{{x}}]", o);
	cr_assert_str_eq(s, "[&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;]");
	free(s);
	s = render("[{{&x}}]", o);
	cr_assert_str_eq(s, "[<b>\"Tom\" & 'Jerry'</b>]");
	free(s);
	arena_release(&a);
}

Test(web_tmpl, sections_lists_and_inverted)
{
	struct arena a;
	arena_init(&a, 0);
	struct tv *o = tv_obj(&a), *l = tv_list(&a);
	tv_set(tv_push(l), "n", "1");
	tv_set(tv_push(l), "n", "2");
	tv_set_tv(o, "items", l);
	tv_set(o, "title", "T");
	tv_set_bool(o, "yes", true);
	tv_set_bool(o, "no", false);
	char *s = render("{{#items}}<{{n}}{{title}}>{{/items}}{{^items}}none{{/items}}"
			 "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!{{/no}}{{^missing}}m{{/missing}}"
			 "{{! a comment }}{{ title }}", o);
	cr_assert_str_eq(s, "<1T><2T>Y!mT");
	free(s);
	struct tv *empty = tv_obj(&a);
	tv_set_tv(empty, "items", tv_list(&a));
	s = render("{{#items}}x{{/items}}{{^items}}none{{/items}}", empty);
	cr_assert_str_eq(s, "none");
	free(s);
	arena_release(&a);
}

Test(web_tmpl, data_is_never_template)
{
	struct arena a;
	arena_init(&a, 0);
	struct tv *o = tv_obj(&a);
	tv_set(o, "x", "{{y}}");
	tv_set(o, "y", "SECRET");
	char *s = render("{{x}}", o);
	cr_assert_str_eq(s, "{{y}}");
	free(s);
	arena_release(&a);
}

Test(web_tmpl, syntax_errors)
{
	struct buf b;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	buf_init(&b, 1024);
	cr_assert_eq(tmpl_render(&b, "{{#a}}x", tv_obj(&a), &e), -1);
	cr_assert_eq(tmpl_render(&b, "{{x", tv_obj(&a), &e), -1);
	cr_assert_eq(tmpl_render(&b, "{{/x}}", tv_obj(&a), &e), -1);
	buf_release(&b);
	arena_release(&a);
}

/* Lists nested 15 deep multiply to 10^15 passes: a full output buffer
 * must end the render at once, not after the last pass (the timeout
 * fails the test otherwise). */
Test(web_tmpl, full_output_stops_nested_lists, .timeout = 10)
{
	struct buf b;
	struct err e = {0};
	struct arena a;
	char t[512] = "";
	arena_init(&a, 0);
	struct tv *o = tv_obj(&a), *l = tv_list(&a);
	for (int i = 0; i < 10; i++)
		tv_set(tv_push(l), "x", "0123456789");
	tv_set_tv(o, "l", l);
	for (int i = 0; i < 15; i++)
		strcat(t, "{{#l}}");
	strcat(t, "{{x}}");
	for (int i = 0; i < 15; i++)
		strcat(t, "{{/l}}");
	buf_init(&b, 4096);
	cr_assert_eq(tmpl_render(&b, t, o, &e), -1);
	cr_assert(strstr(e.msg, "output too large"), "%s", e.msg);
	/* the same nesting printing nothing never fills the buffer: the
	 * work is bounded by it all the same */
	strcpy(strstr(t, "{{x}}"), "{{y}}");
	for (int i = 0; i < 15; i++)
		strcat(t, "{{/l}}");
	buf_reset(&b);
	cr_assert_eq(tmpl_render(&b, t, o, &e), -1);
	cr_assert(strstr(e.msg, "too much work"), "%s", e.msg);
	buf_release(&b);
	arena_release(&a);
}

Test(web_form, urlencoded)
{
	struct arena a;
	struct form f;
	struct err e = {0};
	const char *body = "name=Ann+Example&email=a%40b.org&empty=&flag&x=%E2%82%AC";
	arena_init(&a, 0);
	cr_assert_eq(form_parse_urlencoded(body, strlen(body), &a, &f, &e), 0, "%s", e.msg);
	cr_assert_str_eq(form_get(&f, "name"), "Ann Example");
	cr_assert_str_eq(form_get(&f, "email"), "a@b.org");
	cr_assert_str_eq(form_get(&f, "empty"), "");
	cr_assert_str_eq(form_get(&f, "flag"), "");
	cr_assert_str_eq(form_get(&f, "x"), "\xe2\x82\xac");
	cr_assert_null(form_get(&f, "missing"));
	arena_release(&a);
}

Test(web_form, urlencoded_rejects_bad_input)
{
	struct arena a;
	struct form f;
	struct err e = {0};
	const char *bad[] = {"a=%zz", "a=%4", "a=%", "a=%00", "a=\xff", "a=%C3%28",
			     "a=%ED%A0%80", "=x"};
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(form_parse_urlencoded(bad[i], strlen(bad[i]), &a, &f, &e), -1,
			     "accepted %s", bad[i]);
	char many[FORM_MAX_FIELDS * 4 + 16];
	size_t n = 0;
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "a=&");
	cr_assert_eq(form_parse_urlencoded(many, n, &a, &f, &e), -1);
	arena_release(&a);
}

Test(web_form, multipart)
{
	struct arena a;
	struct form f;
	struct err e = {0};
	const char *ct = "multipart/form-data; boundary=XyZ";
	const char *body =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\nname,email\r\nA,a@b.org\r\n\r\n--XyZ--\r\n";
	arena_init(&a, 0);
	cr_assert_eq(form_parse_multipart(ct, body, strlen(body), &a, &f, &e), 0, "%s", e.msg);
	cr_assert_str_eq(form_get(&f, "csrf"), "tok");
	const struct form_field *ff = form_field(&f, "file");
	cr_assert_not_null(ff);
	cr_assert_str_eq(ff->filename, "p.csv");
	cr_assert_str_eq(ff->value, "name,email\r\nA,a@b.org\r\n");
	const char *trunc = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
	cr_assert_eq(form_parse_multipart(ct, trunc, strlen(trunc), &a, &f, &e), -1);
	cr_assert_eq(form_parse_multipart("multipart/form-data", body, strlen(body), &a, &f, &e), -1);
	const char *bin = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\x01\x02\r\n--XyZ--";
	cr_assert_eq(form_parse_multipart(ct, bin, strlen(bin), &a, &f, &e), -1);
	arena_release(&a);
}

static void h1(struct web_ctx *cx) { (void)cx; }
static void h2(struct web_ctx *cx) { (void)cx; }

Test(web_router, matches_and_extracts)
{
	static const struct route t[] = {
		{"GET", "/admin", h1, 0},
		{"GET", "/p/{slug}", h1, 0},
		{"POST", "/p/{slug}", h2, 0},
		{"GET", "/a/{x}/b/{y}", h2, 0},
		{NULL, NULL, NULL, 0},
	};
	struct arena a;
	struct route_params p;
	bool known;
	arena_init(&a, 0);
	const struct route *r = router_match(t, "GET", "/p/coffee", &a, &p, &known);
	cr_assert(r && r->fn == h1);
	cr_assert_str_eq(route_param(&p, "slug"), "coffee");
	r = router_match(t, "POST", "/p/coffee", &a, &p, &known);
	cr_assert(r && r->fn == h2);
	r = router_match(t, "GET", "/a/1/b/2", &a, &p, &known);
	cr_assert(r);
	cr_assert_str_eq(route_param(&p, "x"), "1");
	cr_assert_str_eq(route_param(&p, "y"), "2");
	cr_assert_null(router_match(t, "GET", "/p/", &a, &p, &known));
	cr_assert_null(router_match(t, "GET", "/p/x/y", &a, &p, &known));
	cr_assert_null(router_match(t, "GET", "/admin/", &a, &p, &known));
	cr_assert_null(router_match(t, "DELETE", "/admin", &a, &p, &known));
	cr_assert(known, "405 rather than 404");
	cr_assert_null(router_match(t, "GET", "/nowhere", &a, &p, &known));
	cr_assert(!known);
	cr_assert_not_null(router_match(t, "HEAD", "/admin", &a, &p, &known));
	arena_release(&a);
}

Test(web_router, every_post_and_admin_route_is_protected)
{
	struct err e = {0};
	cr_assert_eq(web_routes_check(&e), 0, "%s", e.msg);
	for (const struct route *r = web_routes; r->pattern; r++) {
		if (strncmp(r->pattern, "/api/", 5) == 0)
			cr_assert(r->flags & WR_API, "%s", r->pattern);
		if (strcmp(r->method, "POST") == 0)
			cr_assert(r->flags & (WR_FORM | WR_API) ||
				  ((r->flags & WR_ONECLICK) &&
				   strstr(r->pattern, "{token}")),
				  "%s", r->pattern);
	}
}

Test(web_csrf, bound_to_its_value)
{
	unsigned char key[crypto_auth_KEYBYTES], other[crypto_auth_KEYBYTES];
	char t[AUTH_TOKEN_LEN];
	cr_assert(sodium_init() >= 0);
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	auth_csrf(key, "session-1", t);
	cr_assert(auth_csrf_ok(key, "session-1", t));
	cr_assert(!auth_csrf_ok(key, "session-2", t));
	cr_assert(!auth_csrf_ok(other, "session-1", t));
	cr_assert(!auth_csrf_ok(key, "session-1", NULL));
	cr_assert(!auth_csrf_ok(key, "", t));
	cr_assert(!auth_csrf_ok(key, NULL, t));
	t[5] ^= 1;
	cr_assert(!auth_csrf_ok(key, "session-1", t));
}

Test(web_auth, tokens_and_passwords)
{
	char a[AUTH_TOKEN_LEN], b[AUTH_TOKEN_LEN], h[AUTH_HASH_LEN],
		ph[crypto_pwhash_STRBYTES];
	struct err e = {0};
	cr_assert(sodium_init() >= 0);
	auth_token_new(a);
	auth_token_new(b);
	cr_assert_eq(strlen(a), 43);
	cr_assert_str_neq(a, b);
	auth_token_hash(a, h);
	cr_assert_eq(strlen(h), 64);
	cr_assert_eq(auth_password_hash("short", ph, &e), -1);
	cr_assert_eq(auth_password_hash("long enough password", ph, &e), 0);
	cr_assert(strncmp(ph, "$argon2id$", 10) == 0);
	cr_assert(auth_password_verify(ph, "long enough password"));
	cr_assert(!auth_password_verify(ph, "long enough passwore"));
	cr_assert(!auth_password_verify(NULL, "anything"));
}

Test(web_session, store_roundtrip_and_expiry)
{
	char dir[] = "/tmp/cuppa-web-unit-XXXXXX", path[128];
	struct store *st;
	struct err e = {0};
	int64_t id, who;
	bool created;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	cr_assert_eq(store_organiser_set(st, "o@example.org", "$argon2id$x", &id,
					 &created, &e), 0, "%s", e.msg);
	cr_assert(created);
	cr_assert_eq(store_session_insert(st, "h1", id, "2030-01-01T00:00:00Z", &e), 0, "%s", e.msg);
	cr_assert_eq(store_session_get(st, "h1", "2029-12-31T23:59:59Z", &who, &e), 0);
	cr_assert_eq(who, id);
	{ /* the same with the organiser's email, in one query */
		struct arena sa;
		char *email = NULL;
		arena_init(&sa, 0);
		cr_assert_eq(store_session_organiser(st, "h1", "2029-12-31T23:59:59Z",
						     &sa, &who, &email, &e), 0, "%s", e.msg);
		cr_assert_eq(who, id);
		cr_assert_str_eq(email, "o@example.org");
		cr_assert_eq(store_session_organiser(st, "h1", "2030-01-01T00:00:01Z",
						     &sa, &who, &email, &e), -1);
		cr_assert_eq(e.code, ERR_NOTFOUND);
		arena_release(&sa);
	}
	cr_assert_eq(store_session_get(st, "h1", "2030-01-01T00:00:01Z", &who, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);
	cr_assert_eq(store_session_get(st, "h2", "2029-01-01T00:00:00Z", &who, &e), -1);
	cr_assert_eq(store_session_delete(st, "h1", &e), 0);
	cr_assert_eq(store_session_get(st, "h1", "2029-01-01T00:00:00Z", &who, &e), -1);
	/* Lock-out after max failures in a row; a success clears it. */
	struct arena a;
	struct organiser o;
	arena_init(&a, 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(store_organiser_login_failed(st, id, 3, "2030-01-01T00:00:00Z", &e), 0);
	cr_assert_eq(store_organiser_get(st, "o@example.org", &a, &o, &e), 0);
	cr_assert_str_eq(o.locked_until, "2030-01-01T00:00:00Z");
	cr_assert_eq(store_organiser_login_ok(st, id, &e), 0);
	cr_assert_eq(store_organiser_get_id(st, id, &a, &o, &e), 0);
	cr_assert_str_eq(o.locked_until, "");
	cr_assert_eq(o.failures, 0);
	arena_release(&a);
	store_close(st);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
