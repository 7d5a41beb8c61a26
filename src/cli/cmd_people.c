/* cuppa people: import, add, list, set, block. */
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_participant.h"
#include "core/link.h"
#include "core/person.h"
#include "core/roster.h"
#include "util/clock.h"

struct people_opts {
	const char *name, *email, *org, *sector, *role, *location, *tz;
	const char *topics, *intro, *status, *until, *consent, *language;
	bool dry_run, json;
};

/* Reads a whole file (at most ROSTER_MAX_BYTES) into a buf. */
static int read_file(struct cli *c, const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f) {
		fprintf(c->err, "cuppa: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f) || buf_failed(b)) {
		fprintf(c->err, "cuppa: %s: cannot read (or larger than %zu MiB)\n",
			path, ROSTER_MAX_BYTES >> 20);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

static int people_import(struct cli *c, const struct programme *p,
			 const char *file, bool dry_run)
{
	struct buf data, problems;
	struct import_report rep;
	struct err e = {0};
	int rc = CLI_FAIL;
	buf_init(&data, ROSTER_MAX_BYTES + 1);
	buf_init(&problems, 1 << 20);
	if (read_file(c, file, &data) < 0)
		goto done;
	if (app_people_import(c->st, p, buf_str(&data), buf_len(&data), file,
			      dry_run, &rep, &problems, LANG_EN, &e) < 0) {
		fputs(buf_str(&problems), c->err);
		cli_fail(c, &e);
		goto done;
	}
	fprintf(c->out, "%s%s: %zu added, %zu updated\n",
		dry_run ? "dry run, nothing changed: " : "", file, rep.created,
		rep.updated);
	rc = CLI_OK;
done:
	buf_release(&data);
	buf_release(&problems);
	return rc;
}

static int people_add(struct cli *c, const struct programme *p,
		      const struct people_opts *o)
{
	struct person who = {
		.name = (char *)o->name, .email = (char *)o->email,
		.organisation = (char *)o->org, .sector = (char *)o->sector,
		.role = (char *)o->role, .location = (char *)o->location,
		.timezone = (char *)o->tz, .topics = (char *)o->topics,
		.intro = (char *)o->intro, .status = PERSON_ACTIVE,
		.language = (char *)o->language,
	};
	struct err e = {0};
	bool created, consent;
	if (!o->name || !o->email || !o->org)
		return cli_usage_error(c, "people", "add needs --name, --email and"
				       " --organisation");
	if (o->consent && person_consent_parse(o->consent, &consent, &e) < 0)
		return cli_usage_error(c, "people", "--network-consent: %s", e.msg);
	if (app_person_add_by_organiser(c->st, p, &who, o->consent ? &consent : NULL,
					&created, &e) < 0)
		return cli_fail(c, &e);
	/* a new person gets a welcome email before their first round */
	fprintf(c->out, "%s person %lld%s\n", created ? "added" : "updated",
		(long long)who.id, created ? " (a welcome email is queued)" : "");
	return CLI_OK;
}

/* The self-service link of a pending person, so an organiser can pass it
 * on while email is not set up. */
static const char *confirm_link(struct cli *c, const struct person *x,
				char tok[LINK_TOKEN_MAX])
{
	struct secrets k;
	struct err e = {0};
	struct link_claims cl = {
		.kind = LINK_CONFIRM, .person_id = x->id,
		.expires = clock_now() + (time_t)LINK_DAYS_CONFIRM * 86400,
	};
	if (secrets_load(c->db_path, &k, &e) < 0 || link_sign(&k, &cl, tok, &e) < 0) {
		secrets_release(&k);
		return "";
	}
	secrets_release(&k);
	return tok;
}

static json_t *person_json(struct cli *c, const struct person *x)
{
	char tok[LINK_TOKEN_MAX];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
			      " s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)x->id, "name", x->name,
			      "email", x->email, "organisation", x->organisation,
			      "sector", x->sector, "role", x->role,
			      "location", x->location, "timezone", x->timezone,
			      "topics", x->topics, "intro", x->intro,
			      "status", person_status_name(x->status),
			      "paused_until", x->paused_until, "joined", x->joined,
			      "language", x->language ? x->language : "");
	if (o && x->status == PERSON_PENDING)
		json_object_set_new(o, "confirm_token",
				    json_string(confirm_link(c, x, tok)));
	return o;
}

static int people_list(struct cli *c, const struct programme *p,
		       const struct people_opts *o, struct arena *a)
{
	struct person *people;
	struct err e = {0};
	enum person_status only = PERSON_ACTIVE;
	size_t n;
	if (o->status && person_status_parse(o->status, &only) < 0)
		return cli_usage_error(c, "people", "--status: '%s' is not pending,"
				       " active, skip-next, paused or left", o->status);
	if (app_person_list(c->st, p, a, &people, &n, &e) < 0)
		return cli_fail(c, &e);
	json_t *arr = o->json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct person *x = &people[i];
		char tok[LINK_TOKEN_MAX];
		if (o->status && x->status != only)
			continue;
		if (arr) {
			json_array_append_new(arr, person_json(c, x));
			continue;
		}
		fprintf(c->out, "%-28s %-32s %-24s %s%s%s%s%s\n", x->name, x->email,
			x->organisation, person_status_name(x->status),
			*x->paused_until ? " until " : "", x->paused_until,
			x->status == PERSON_PENDING ? " confirm: /confirm/" : "",
			x->status == PERSON_PENDING ? confirm_link(c, x, tok) : "");
	}
	if (arr) {
		char *s = json_dumps(arr, JSON_INDENT(2));
		json_decref(arr);
		if (!s)
			return CLI_FAIL;
		cli_print_json(c, s);
		free(s);
	}
	return CLI_OK;
}

static int people_set(struct cli *c, const struct programme *p,
		      const char *email, const struct people_opts *o)
{
	enum person_status s;
	struct err e = {0};
	if (!o->status)
		return cli_usage_error(c, "people", "set needs --status");
	if (person_status_parse(o->status, &s) < 0 || s == PERSON_PENDING)
		return cli_usage_error(c, "people", "--status: '%s' is not active,"
				       " skip-next, paused or left", o->status);
	if (app_person_set_status(c->st, p, email, s, o->until, "cli", &e) < 0) {
		if (e.code == ERR_INVALID && e.field[0])
			return cli_usage_error(c, "people", "--%s: %s", e.field, e.msg);
		return cli_fail(c, &e);
	}
	fprintf(c->out, "%s is now %s%s%s\n", email, o->status,
		s == PERSON_PAUSED ? " until " : "", s == PERSON_PAUSED ? o->until : "");
	return CLI_OK;
}

/* Erasure on a request that reached the organiser by email or post: the
 * participant's own "erase my data" button, run for them. */
static int people_erase(struct cli *c, const struct programme *p,
			const char *email)
{
	struct err e = {0};
	if (app_participant_erase_email(c->st, p, email, "cli", &e) < 0) {
		if (e.code == ERR_INVALID && e.field[0])
			return cli_usage_error(c, "people", "EMAIL: %s", e.msg);
		return cli_fail(c, &e);
	}
	fprintf(c->out, "erased: the person is anonymised, their details and "
		"comments are gone, and no email will be sent to them\n");
	return CLI_OK;
}

static int people_dispatch(struct cli *c, const char *action,
			   const char **pos, int npos,
			   const struct people_opts *o, struct arena *a)
{
	struct programme p;
	struct err e = {0};
	if (npos < 1)
		return cli_usage_error(c, "people", "%s needs a PROGRAMME", action);
	if (cli_programme(c, pos[0], a, &p) < 0)
		return CLI_FAIL;
	if (strcmp(action, "import") == 0)
		return npos == 2 ? people_import(c, &p, pos[1], o->dry_run)
				 : cli_usage_error(c, "people", "import needs PROGRAMME FILE.csv");
	if (strcmp(action, "add") == 0)
		return npos == 1 ? people_add(c, &p, o)
				 : cli_usage_error(c, "people", "add takes options, not '%s'", pos[1]);
	if (strcmp(action, "list") == 0)
		return npos == 1 ? people_list(c, &p, o, a)
				 : cli_usage_error(c, "people", "list takes one PROGRAMME");
	if (strcmp(action, "set") == 0)
		return npos == 2 ? people_set(c, &p, pos[1], o)
				 : cli_usage_error(c, "people", "set needs PROGRAMME EMAIL");
	if (strcmp(action, "erase") == 0)
		return npos == 2 ? people_erase(c, &p, pos[1])
				 : cli_usage_error(c, "people", "erase needs PROGRAMME EMAIL");
	if (strcmp(action, "block") == 0) {
		if (npos != 3)
			return cli_usage_error(c, "people", "block needs PROGRAMME EMAIL1 EMAIL2");
		if (app_people_block(c->st, &p, pos[1], pos[2], "cli", &e) < 0)
			return cli_fail(c, &e);
		fprintf(c->out, "blocked: these two will never be grouped\n");
		return CLI_OK;
	}
	return cli_usage_error(c, "people", "unknown action '%s'", action);
}

int cmd_people(struct cli *c, int argc, char **argv)
{
	struct people_opts o = {0};
	const struct cli_opt opts[] = {
		{"--name", &o.name, NULL}, {"--email", &o.email, NULL},
		{"--organisation", &o.org, NULL}, {"--sector", &o.sector, NULL},
		{"--role", &o.role, NULL}, {"--location", &o.location, NULL},
		{"--timezone", &o.tz, NULL}, {"--topics", &o.topics, NULL},
		{"--intro", &o.intro, NULL}, {"--status", &o.status, NULL},
		{"--until", &o.until, NULL}, {"--dry-run", NULL, &o.dry_run},
		{"--network-consent", &o.consent, NULL},
		{"--language", &o.language, NULL},
		{"--json", NULL, &o.json}, {NULL, NULL, NULL},
	};
	const char *pos[3];
	struct arena a;
	int npos, rc;
	if (argc < 2)
		return cli_usage_error(c, "people", "needs import, add, list, set, erase or block");
	if (cli_parse(c, "people", argc, argv, 2, opts, pos, 3, &npos) < 0)
		return CLI_USAGE;
	if (!cli_store(c))
		return CLI_FAIL;
	arena_init(&a, 0);
	rc = people_dispatch(c, argv[1], pos, npos, &o, &a);
	arena_release(&a);
	return rc;
}
