/*
 * cmd_admin: organiser accounts for the web dashboard.
 *   cuppa admin add EMAIL --password-file F [--programme P]
 *                                             create, or reset a password
 *                                             (and make it P's organiser)
 *   cuppa admin grant EMAIL PROGRAMME         make EMAIL an organiser of it
 *   cuppa admin ungrant EMAIL PROGRAMME       the reverse
 *   cuppa admin token EMAIL [--label L]       print a new API token once
 *   cuppa admin tokens EMAIL                  list API tokens (id, label)
 *   cuppa admin revoke EMAIL TOKEN_ID         delete one
 *   cuppa admin link KIND PERSON_ID [...]     print a signed link (to hand
 *                                             a participant their page)
 * The password is read from a file (first line), never from argv, where
 * other users could see it in the process list.  An organiser sees on
 * the dashboard and through the API only the programmes they organise;
 * a programme made with `cuppa programme add` has no organiser until
 * granted (docs/web.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/app_organiser.h"
#include "app/app_grant.h"
#include "cli/commands.h"
#include "core/link.h"
#include "core/person.h"
#include "core/survey.h"
#include "core/secrets.h"
#include "util/clock.h"
#include "web/auth.h"

static int read_password(struct cli *c, const char *file, char *out,
			 size_t max)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	size_t n;
	if (!f) {
		fprintf(c->err, "cuppa admin: cannot read %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)max, f)) {
		out[0] = '\0';
	}
	if (f != stdin)
		fclose(f);
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static int admin_add(struct cli *c, int argc, char **argv)
{
	const char *pwfile = NULL, *prog = NULL, *pos[1];
	const struct cli_opt opts[] = {{"--password-file", &pwfile, NULL},
				       {"--programme", &prog, NULL},
				       {NULL, NULL, NULL}};
	char email[EMAIL_MAX + 1], pw[1024], hash[crypto_pwhash_STRBYTES];
	struct store *st;
	struct programme p;
	struct arena a;
	struct err e = {0};
	int npos, rc;
	int64_t id;
	bool created, granted;

	if (cli_parse(c, "admin", argc, argv, 2, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1 || !pwfile)
		return cli_usage_error(c, "admin",
				       "usage: cuppa admin add EMAIL --password-file F [--programme P]");
	if (person_email_normalise(pos[0], email, &e) < 0)
		return cli_fail(c, &e);
	if (read_password(c, pwfile, pw, sizeof pw) < 0)
		return CLI_FAIL;
	rc = auth_password_hash(pw, hash, &e);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return cli_fail(c, &e);
	if (!(st = cli_store(c)))
		return CLI_FAIL;
	arena_init(&a, 0);
	/* An unknown programme changes nothing: it is looked up first. */
	if (prog && cli_programme(c, prog, &a, &p) < 0) {
		arena_release(&a);
		return CLI_FAIL;
	}
	if (app_grant_organiser_set(st, email, hash, prog ? &p : NULL, "cli", &id,
				  &created, &granted, &e) < 0) {
		arena_release(&a);
		return cli_fail(c, &e);
	}
	fprintf(c->out, "organiser %lld %s\n", (long long)id,
		created ? "created" : "password changed");
	if (prog)
		fprintf(c->out, "organiser %lld %s %s\n", (long long)id,
			granted ? "now organises" : "already organises", p.slug);
	arena_release(&a);
	return CLI_OK;
}

/* grant|ungrant EMAIL PROGRAMME */
static int admin_grant(struct cli *c, int argc, char **argv, bool grant)
{
	const char *pos[2];
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	char email[EMAIL_MAX + 1];
	struct store *st;
	struct organiser o;
	struct programme p;
	struct arena a;
	struct err e = {0};
	int npos, rc = CLI_OK;

	if (cli_parse(c, "admin", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if (npos != 2)
		return cli_usage_error(c, "admin", grant
				       ? "usage: cuppa admin grant EMAIL PROGRAMME"
				       : "usage: cuppa admin ungrant EMAIL PROGRAMME");
	if (person_email_normalise(pos[0], email, &e) < 0)
		return cli_fail(c, &e);
	if (!(st = cli_store(c)))
		return CLI_FAIL;
	arena_init(&a, 0);
	if (app_organiser_get(st, email, &a, &o, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			err_set(&e, ERR_NOTFOUND,
				"no organiser %s (create one with `cuppa admin add`)",
				email);
		rc = cli_fail(c, &e);
	} else if (cli_programme(c, pos[1], &a, &p) < 0) {
		rc = CLI_FAIL;
	} else if ((grant ? app_grant_add(st, &p, o.id, "cli", &e)
			  : app_grant_remove(st, &p, o.id, "cli", &e)) < 0) {
		if (e.code == ERR_CONFLICT)
			err_set(&e, ERR_CONFLICT, "%s already organises %s", email,
				p.slug);
		else if (e.code == ERR_NOTFOUND)
			err_set(&e, ERR_NOTFOUND, "%s does not organise %s", email,
				p.slug);
		rc = cli_fail(c, &e);
	} else {
		fprintf(c->out, "%s %s %s\n", email,
			grant ? "now organises" : "no longer organises", p.slug);
	}
	arena_release(&a);
	return rc;
}

static int admin_token(struct cli *c, int argc, char **argv)
{
	const char *label = "", *pos[1];
	const struct cli_opt opts[] = {{"--label", &label, NULL},
				       {NULL, NULL, NULL}};
	char email[EMAIL_MAX + 1], tok[AUTH_TOKEN_LEN], hash[AUTH_HASH_LEN];
	struct store *st;
	struct organiser o;
	struct arena a;
	struct err e = {0};
	int npos, rc = CLI_OK;

	if (cli_parse(c, "admin", argc, argv, 2, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1)
		return cli_usage_error(c, "admin",
				       "usage: cuppa admin token EMAIL [--label L]");
	if (person_email_normalise(pos[0], email, &e) < 0)
		return cli_fail(c, &e);
	if (!(st = cli_store(c)))
		return CLI_FAIL;
	arena_init(&a, 0);
	auth_token_new(tok);
	auth_token_hash(tok, hash);
	if (app_organiser_get(st, email, &a, &o, &e) < 0 ||
	    app_organiser_token_add(st, o.id, hash, label, &e) < 0)
		rc = cli_fail(c, &e);
	else
		fprintf(c->out, "%s\n", tok);
	arena_release(&a);
	return rc;
}

static int admin_link(struct cli *c, int argc, char **argv)
{
	const char *group_s = NULL, *outcome_s = NULL, *days_s = NULL,
		   *base = NULL, *pos[2];
	const struct cli_opt opts[] = {{"--group", &group_s, NULL},
				       {"--outcome", &outcome_s, NULL},
				       {"--days", &days_s, NULL},
				       {"--base-url", &base, NULL},
				       {NULL, NULL, NULL}};
	static const struct {
		const char *name, *path;
		enum link_kind kind;
		int days;
	} kinds[] = {
		{"confirm", "/confirm/", LINK_CONFIRM, LINK_DAYS_CONFIRM},
		{"me", "/me/", LINK_ME, LINK_DAYS_ME},
		{"outcome", "/r/", LINK_OUTCOME, LINK_DAYS_OUTCOME},
		{"unsubscribe", "/u/", LINK_UNSUBSCRIBE, LINK_DAYS_ME},
		{"survey", "/s/", LINK_SURVEY, SURVEY_LINK_DAYS},
	};
	struct secrets keys;
	struct link_claims cl = {0};
	char tok[LINK_TOKEN_MAX];
	struct err e = {0};
	long long person, group = 0, days;
	size_t k;
	int npos;
	enum outcome o = OUTCOME_NONE;

	if (cli_parse(c, "admin", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	for (k = 0; npos == 2 && k < sizeof kinds / sizeof kinds[0]; k++)
		if (strcmp(pos[0], kinds[k].name) == 0)
			break;
	if (npos != 2 || k == sizeof kinds / sizeof kinds[0] ||
	    cli_int(pos[1], 1, INT64_MAX, &person) < 0)
		return cli_usage_error(c, "admin",
				       "usage: cuppa admin link confirm|me|outcome|unsubscribe|survey PERSON_ID");
	days = kinds[k].days;
	if ((days_s && cli_int(days_s, 1, 3650, &days) < 0) ||
	    (group_s && cli_int(group_s, 1, INT64_MAX, &group) < 0))
		return cli_usage_error(c, "admin", "--days and --group take numbers");
	if (kinds[k].kind == LINK_OUTCOME &&
	    (!group_s || !outcome_s || outcome_parse(outcome_s, &o) < 0 ||
	     o == OUTCOME_NONE))
		return cli_usage_error(c, "admin",
				       "outcome links need --group ID and --outcome met|missed");
	if (kinds[k].kind == LINK_SURVEY && !group_s)
		return cli_usage_error(c, "admin",
				       "survey links need --group SURVEY_ID (the id, not the number)");
	if (secrets_load(c->db_path, &keys, &e) < 0)
		return cli_fail(c, &e);
	cl.kind = kinds[k].kind;
	cl.person_id = person;
	cl.group_id = group;
	cl.outcome = (int)o;
	cl.expires = clock_now() + (time_t)days * 86400;
	if (link_sign(&keys, &cl, tok, &e) < 0) {
		secrets_release(&keys);
		return cli_fail(c, &e);
	}
	secrets_release(&keys);
	fprintf(c->out, "%s%s%s\n", base ? base : "", kinds[k].path, tok);
	return CLI_OK;
}

/* tokens EMAIL | revoke EMAIL ID */
static int admin_tokens(struct cli *c, int argc, char **argv, bool revoke)
{
	const char *pos[2];
	const struct cli_opt opts[] = {{NULL, NULL, NULL}};
	char email[EMAIL_MAX + 1];
	struct store *st;
	struct organiser o;
	struct api_token_row *rows;
	struct arena a;
	struct err e = {0};
	long long id = 0;
	size_t n;
	int npos, rc = CLI_OK;

	if (cli_parse(c, "admin", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if (npos != (revoke ? 2 : 1) ||
	    (revoke && cli_int(pos[1], 1, INT64_MAX, &id) < 0))
		return cli_usage_error(c, "admin", revoke
				       ? "usage: cuppa admin revoke EMAIL TOKEN_ID"
				       : "usage: cuppa admin tokens EMAIL");
	if (person_email_normalise(pos[0], email, &e) < 0)
		return cli_fail(c, &e);
	if (!(st = cli_store(c)))
		return CLI_FAIL;
	arena_init(&a, 0);
	if (app_organiser_get(st, email, &a, &o, &e) < 0) {
		rc = cli_fail(c, &e);
	} else if (revoke) {
		if (app_organiser_token_remove(st, o.id, id, &e) < 0)
			rc = cli_fail(c, &e);
		else
			fprintf(c->out, "API token %lld revoked\n", id);
	} else if (app_organiser_tokens(st, o.id, &a, &rows, &n, &e) < 0) {
		rc = cli_fail(c, &e);
	} else {
		for (size_t i = 0; i < n; i++)
			fprintf(c->out, "%lld\t%s\t%s\n", (long long)rows[i].id,
				rows[i].created_at, rows[i].label);
	}
	arena_release(&a);
	return rc;
}

int cmd_admin(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "tokens") == 0)
		return admin_tokens(c, argc, argv, false);
	if (argc >= 2 && strcmp(argv[1], "revoke") == 0)
		return admin_tokens(c, argc, argv, true);
	if (argc >= 2 && strcmp(argv[1], "link") == 0)
		return admin_link(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return admin_add(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "token") == 0)
		return admin_token(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "grant") == 0)
		return admin_grant(c, argc, argv, true);
	if (argc >= 2 && strcmp(argv[1], "ungrant") == 0)
		return admin_grant(c, argc, argv, false);
	return cli_usage_error(c, "admin",
			       "expected add, grant, ungrant, token, tokens, revoke or link");
}
