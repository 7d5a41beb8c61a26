/* Unit tests: signed links and the key file. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/link.h"
#include "core/secrets.h"

static struct secrets keys;

static void setup(void)
{
	cr_assert_eq(sodium_init() >= 0, 1);
	randombytes_buf(keys.link_key, sizeof keys.link_key);
}

Test(link, round_trips_claims, .init = setup)
{
	struct link_claims c = {LINK_OUTCOME, 42, 7, 1, 2000000000}, out;
	char tok[LINK_TOKEN_MAX];
	struct err e = {0};
	cr_assert_eq(link_sign(&keys, &c, tok, &e), 0);
	cr_assert_eq(link_verify(&keys, tok, 1900000000, &out, &e), 0);
	cr_assert_eq(out.kind, LINK_OUTCOME);
	cr_assert_eq(out.person_id, 42);
	cr_assert_eq(out.group_id, 7);
	cr_assert_eq(out.outcome, 1);
	cr_assert(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
		  strlen(tok));
}

Test(link, tampered_and_expired_links_fail, .init = setup)
{
	struct link_claims c = {LINK_ME, 5, 0, 0, 1000}, out;
	char tok[LINK_TOKEN_MAX];
	struct err e = {0};
	cr_assert_eq(link_sign(&keys, &c, tok, &e), 0);
	cr_assert_eq(link_verify(&keys, tok, 1001, &out, &e), -1);
	cr_assert_eq(e.code, ERR_FORBIDDEN);
	for (size_t i = 0; i < strlen(tok); i++) {
		char t[LINK_TOKEN_MAX];
		strcpy(t, tok);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		cr_assert_eq(link_verify(&keys, t, 10, &out, &e), -1, "pos %zu", i);
	}
	cr_assert_eq(link_verify(&keys, "", 10, &out, &e), -1);
	cr_assert_eq(link_verify(&keys, "%%%", 10, &out, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	struct secrets other;
	randombytes_buf(other.link_key, sizeof other.link_key);
	cr_assert_eq(link_verify(&other, tok, 10, &out, &e), -1);
}

Test(secrets, created_private_and_stable)
{
	char dir[] = "/tmp/cuppa-secrets-XXXXXX", db[300], keysf[320];
	struct secrets a, b;
	struct err e = {0};
	struct stat sb;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/x.db", dir);
	snprintf(keysf, sizeof keysf, "%s.keys", db);
	unsetenv("CUPPA_KEYS_FILE");
	cr_assert_eq(secrets_load(db, &a, &e), 0, "%s", e.msg);
	cr_assert_eq(stat(keysf, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	cr_assert_eq(secrets_load(db, &b, &e), 0);
	cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
	cr_assert_neq(memcmp(a.link_key, a.session_key, sizeof a.link_key), 0);
	unlink(keysf);
	rmdir(dir);
}
