/* Unit tests: person rules and the CSV roster. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/person.h"
#include "core/programme.h"
#include "core/roster.h"

Test(person, email_normalises_and_validates)
{
	char out[EMAIL_MAX + 1];
	struct err e = {0};
	cr_assert_eq(person_email_normalise("  Ann.Lee@Example.ORG ", out, &e), 0);
	cr_assert_str_eq(out, "ann.lee@example.org");
	const char *bad[] = {"", "ann", "ann@", "@x.org", "a@b", "a@@b.org",
			     "a b@x.org", "a..b@x.org", ".a@x.org", "a@-x.org",
			     "a@x.c0m", "a@x..org"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(person_email_normalise(bad[i], out, &e), -1, "%s", bad[i]);
		cr_assert_str_eq(e.field, "email");
	}
}

Test(person, text_rejects_invalid_utf8_and_controls)
{
	cr_assert(person_text_ok("Zoë Ó Súilleabháin", false));
	cr_assert_not(person_text_ok("a\x01", false));
	cr_assert_not(person_text_ok("\xc0\xaf", false));      /* overlong */
	cr_assert_not(person_text_ok("\xed\xa0\x80", false));  /* surrogate */
	cr_assert_not(person_text_ok("line\nbreak", false));
	cr_assert(person_text_ok("line\nbreak", true));
}

Test(person, validate_names_the_field)
{
	struct person p = {.name = "Ann", .email = "ann@x.org",
			   .organisation = "", .timezone = ""};
	struct err e = {0};
	cr_assert_eq(person_validate(&p, &e), -1);
	cr_assert_str_eq(e.field, "organisation");
	p.organisation = "Org";
	p.timezone = "Mars/Olympus";
	cr_assert_eq(person_validate(&p, &e), -1);
	cr_assert_str_eq(e.field, "timezone");
	p.timezone = "Europe/London";
	p.joined = "2026-13-01";
	cr_assert_eq(person_validate(&p, &e), -1);
	cr_assert_str_eq(e.field, "joined");
	p.joined = "2026-01-01";
	cr_assert_eq(person_validate(&p, &e), 0);
}

Test(person, eligibility_follows_status)
{
	struct person p = {.status = PERSON_ACTIVE, .paused_until = ""};
	cr_assert(person_eligible(&p, "2026-05-01"));
	p.status = PERSON_SKIP_NEXT;
	cr_assert_not(person_eligible(&p, "2026-05-01"));
	p.status = PERSON_PAUSED;
	p.paused_until = "2026-05-01";
	cr_assert_not(person_eligible(&p, "2026-05-01"));
	cr_assert(person_eligible(&p, "2026-05-02"));
	p.status = PERSON_LEFT;
	cr_assert_not(person_eligible(&p, "2030-01-01"));
	p.status = PERSON_PENDING;
	cr_assert_not(person_eligible(&p, "2030-01-01"));
}

Test(person, status_check_wants_future_until_for_pause)
{
	struct err e = {0};
	cr_assert_eq(person_status_check(PERSON_PAUSED, NULL, "2026-01-01", &e), -1);
	cr_assert_eq(person_status_check(PERSON_PAUSED, "2025-12-31", "2026-01-01", &e), -1);
	cr_assert_eq(person_status_check(PERSON_PAUSED, "2026-02-01", "2026-01-01", &e), 0);
	cr_assert_eq(person_status_check(PERSON_ACTIVE, "2026-02-01", "2026-01-01", &e), -1);
	cr_assert_eq(person_status_check(PERSON_PENDING, NULL, "2026-01-01", &e), -1);
}

/* A subject is a header line: CR or LF in it is refused, naming the
 * field, before anything is stored. */
Test(programme, mail_subject_is_one_line)
{
	struct programme p;
	struct err e = {0};
	programme_defaults(&p);
	p.name = "Leeds";
	p.settings = "{\"mail\":{\"intro\":{\"subject\":\"Hi {{first_name}}\","
		     "\"body\":\"a\\nb\"}}}";
	cr_assert_eq(programme_validate(&p, &e), 0, "%s", e.msg);
	static const char *const bad[] = {"Hi\\r\\nBcc: x@y.org", "Hi\\nthere", "Hi\\r"};
	for (size_t i = 0; i < 3; i++) {
		char s[256];
		snprintf(s, sizeof s, "{\"mail\":{\"checkin\":{\"subject\":\"%s\","
			 "\"body\":\"b\"}}}", bad[i]);
		p.settings = s;
		err_clear(&e);
		cr_assert_eq(programme_validate(&p, &e), -1, "%s", s);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, "mail_checkin_subject");
		cr_assert(strstr(e.msg, "subject"), "%s", e.msg);
	}
}

Test(programme, slug_and_rules)
{
	char slug[SLUG_MAX + 1], attr[32], values[256];
	struct err e = {0};
	unsigned bits;
	cr_assert_eq(programme_slugify("  Leeds Health & Care!! 2026 ", slug, &e), 0);
	cr_assert_str_eq(slug, "leeds-health-care-2026");
	cr_assert_eq(programme_slugify("&&", slug, &e), -1);
	cr_assert_eq(programme_avoid_parse("organisation,sector", &bits, &e), 0);
	cr_assert_eq(bits, MATCH_ATTR_ORGANISATION | MATCH_ATTR_SECTOR);
	cr_assert_eq(programme_avoid_parse("colour", &bits, &e), -1);
	cr_assert_eq(programme_mix_parse("role=user,staff", attr, values, &e), 0);
	cr_assert_str_eq(attr, "role");
	cr_assert_str_eq(values, "user,staff");
	cr_assert_eq(programme_mix_parse("role=user", attr, values, &e), -1);
	cr_assert_eq(programme_mix_parse("hat=a,b", attr, values, &e), -1);
}

static int parse(const char *csv, struct arena *a, struct person **p, size_t *n,
		 struct buf *problems)
{
	struct err e = {0};
	return roster_parse(csv, strlen(csv), "f.csv", "2026-01-01", a, p, n,
			    NULL, problems, LANG_EN, &e);
}

Test(roster, reads_bom_semicolons_quotes_and_any_column_order)
{
	struct arena a;
	struct buf pr;
	struct person *p;
	size_t n;
	arena_init(&a, 0);
	buf_init(&pr, 0);
	const char *csv = "\xEF\xBB\xBFOrganisation;Email;Name;Topics\r\n"
			  "\"Org; Ltd\";ANN@x.org;\"Ann\nLee\";\"a;b\"\r\n"
			  "Org2;bo@y.org;Bo;\"housing;data\"\r\n";
	/* Ann's name holds a newline, which names do not allow. */
	cr_assert_eq(parse(csv, &a, &p, &n, &pr), -1);
	cr_assert(strstr(buf_str(&pr), "f.csv:2: name:"), "%s", buf_str(&pr));
	buf_reset(&pr);
	csv = "\xEF\xBB\xBFOrganisation;Email;Name;Topics\r\n"
	      "\"Org; Ltd\";ANN@x.org;Ann;\r\n"
	      "Org2;bo@y.org;Bo;\"housing;data\"\r\n";
	cr_assert_eq(parse(csv, &a, &p, &n, &pr), 0, "%s", buf_str(&pr));
	cr_assert_eq(n, 2);
	cr_assert_str_eq(p[0].organisation, "Org; Ltd");
	cr_assert_str_eq(p[0].email, "ann@x.org");
	cr_assert_str_eq(p[1].topics, "housing;data");
	cr_assert_str_eq(p[1].joined, "2026-01-01");
	buf_release(&pr);
	arena_release(&a);
}

/* What the export guarded comes back as it was: the guard's apostrophe is
 * removed for every value the guard flags, and only for those. */
Test(roster, export_guard_round_trips)
{
	static const char *const orgs[] = {"|calc", "=1+1", "\xEF\xBC\x9D" "1",
					   "@home", "'quoted", "O'Neil"};
	struct arena a;
	struct buf csv, pr;
	struct person *p;
	size_t n;
	arena_init(&a, 0);
	buf_init(&csv, 0);
	buf_init(&pr, 0);
	buf_puts(&csv, "name,email,organisation\r\n");
	for (size_t i = 0; i < 6; i++) {
		buf_printf(&csv, "P%zu,p%zu@x.org,", i, i);
		buf_csv_field(&csv, orgs[i]);
		buf_puts(&csv, "\r\n");
	}
	cr_assert_eq(parse(buf_str(&csv), &a, &p, &n, &pr), 0, "%s", buf_str(&pr));
	cr_assert_eq(n, 6);
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(p[i].organisation, orgs[i]);
	buf_release(&csv);
	buf_release(&pr);
	arena_release(&a);
}

Test(roster, lists_every_bad_line_with_file_line_field)
{
	struct arena a;
	struct buf pr;
	struct person *p;
	size_t n;
	arena_init(&a, 0);
	buf_init(&pr, 0);
	const char *csv = "name,email,organisation,joined\n"
			  "Ann,ann@x.org,A,2026-01-01\n"
			  ",bo@x.org,B,\n"
			  "Cy,not-an-email,C,\n"
			  "Di,ann@x.org,D,\n"
			  "Ed,ed@x.org,E,2026-02-31\n";
	cr_assert_eq(parse(csv, &a, &p, &n, &pr), -1);
	const char *s = buf_str(&pr);
	cr_assert(strstr(s, "f.csv:3: name: is required"), "%s", s);
	cr_assert(strstr(s, "f.csv:4: email:"), "%s", s);
	cr_assert(strstr(s, "f.csv:5: email: ann@x.org appears again (first on line 2)"), "%s", s);
	cr_assert(strstr(s, "f.csv:6: joined:"), "%s", s);
	cr_assert_eq(n, 0);
	buf_release(&pr);
	arena_release(&a);
}

/* Past 1,000 problems the list stops and says how many more there are
 * (the whole count stays in the error). */
Test(roster, lists_a_thousand_problems_then_counts)
{
	struct arena a;
	struct buf pr, csv;
	struct person *p;
	size_t n;
	struct err e = {0};
	arena_init(&a, 0);
	buf_init(&pr, 0);
	buf_init(&csv, 0);
	buf_puts(&csv, "name,email,organisation\n");
	for (int i = 0; i < 600; i++)
		buf_puts(&csv, "x\n"); /* email and organisation missing */
	cr_assert_eq(roster_parse(buf_str(&csv), buf_len(&csv), "f.csv",
				  "2026-01-01", &a, &p, &n, NULL, &pr, LANG_EN, &e), -1);
	cr_assert_str_eq(e.msg, "f.csv: nothing was imported (problems found: 1200)");
	const char *s = buf_str(&pr);
	cr_assert(strstr(s, "f.csv:2: email: is required\nf.csv:2: organisation: is required\n"), "%s", s);
	cr_assert(strstr(s, "f.csv:501: organisation: is required\n"
			    "f.csv: ... and 200 more problems\n"), "%s", s);
	cr_assert_null(strstr(s, "f.csv:502:"));
	buf_release(&csv);
	buf_release(&pr);
	arena_release(&a);
}

Test(roster, rejects_unknown_and_missing_columns)
{
	struct arena a;
	struct buf pr;
	struct person *p;
	size_t n;
	arena_init(&a, 0);
	buf_init(&pr, 0);
	cr_assert_eq(parse("name,email,shoe size\nA,a@x.org,9\n", &a, &p, &n, &pr), -1);
	cr_assert(strstr(buf_str(&pr), "f.csv:1: header: unknown column 'shoe size'"));
	cr_assert(strstr(buf_str(&pr), "required column 'organisation' is missing"));
	buf_reset(&pr);
	cr_assert_eq(parse("", &a, &p, &n, &pr), -1);
	cr_assert(strstr(buf_str(&pr), "f.csv:1: header:"));
	buf_reset(&pr);
	cr_assert_eq(parse("name,email,organisation\n\"A,a@x.org,B\n", &a, &p, &n, &pr), -1);
	/* A column name longer than a problem's usual sentence: named whole. */
	char csv[1100], want[901];
	memset(want, 'z', 900);
	want[900] = '\0';
	snprintf(csv, sizeof csv, "name,email,organisation,%.900s\n", want);
	buf_reset(&pr);
	cr_assert_eq(parse(csv, &a, &p, &n, &pr), -1);
	snprintf(csv, sizeof csv, "f.csv:1: header: unknown column '%.900s' (expected", want);
	cr_assert(strstr(buf_str(&pr), csv), "%s", buf_str(&pr));
	cr_assert_eq(buf_str(&pr)[buf_len(&pr) - 1], '\n');
	buf_release(&pr);
	arena_release(&a);
}

Test(roster, export_guard_is_removed_on_import)
{
	struct arena a;
	struct buf pr;
	struct person *p;
	size_t n;
	arena_init(&a, 0);
	buf_init(&pr, 0);
	cr_assert_eq(parse("name,email,organisation\n\"'=Ann\",a@x.org,'+Org\n",
			   &a, &p, &n, &pr), 0, "%s", buf_str(&pr));
	cr_assert_str_eq(p[0].name, "=Ann");
	cr_assert_str_eq(p[0].organisation, "+Org");
	buf_release(&pr);
	arena_release(&a);
}

Test(programme, weights_merge_into_settings_and_reject_unknown)
{
	struct arena a;
	struct err e = {0};
	struct programme p;
	struct match_weights w;
	char *out;
	arena_init(&a, 0);
	programme_defaults(&p);
	p.settings = "{\"mail\":{\"intro\":{}},\"weights\":{\"priority\":7}}";
	cr_assert_eq(programme_weights_set(p.settings, "shared_topic=60,noise=0", &a,
					   &out, &e), 0, "%s", e.msg);
	p.settings = out;
	cr_assert(strstr(out, "\"mail\""), "other settings kept: %s", out);
	cr_assert_eq(programme_weights(&p, &w, &e), 0);
	cr_assert_eq(w.shared_topic, 60);
	cr_assert_eq(w.noise, 0);
	cr_assert_eq(w.priority, 7);
	cr_assert_eq(w.different_organisation, 100);
	cr_assert_eq(programme_weights_set(p.settings, "colour=1", &a, &out, &e), -1);
	cr_assert_str_eq(e.field, "weights");
	cr_assert_eq(programme_weights_set(p.settings, "noise=-1", &a, &out, &e), -1);
	cr_assert_eq(programme_weights_set(p.settings, "noise=1x", &a, &out, &e), -1);
	arena_release(&a);
}

Test(roster, network_consent_column)
{
	struct arena a;
	struct buf problems;
	struct person *people;
	struct err e = {0};
	size_t n;
	bool consent = false;
	const char *csv = "name,email,organisation,named\n"
			  "Ann,ann@x.org,A,yes\nBob,bob@x.org,B,0\n"
			  "Cy,cy@x.org,C,TRUE\nDi,di@x.org,D,\n";
	arena_init(&a, 0);
	buf_init(&problems, 1 << 16);
	cr_assert_eq(roster_parse(csv, strlen(csv), "f.csv", "2026-01-01", &a,
				  &people, &n, &consent, &problems, LANG_EN, &e), 0, "%s",
		     buf_str(&problems));
	cr_assert(consent);
	cr_assert_eq(n, 4);
	cr_assert(people[0].show_name && !people[1].show_name);
	cr_assert(people[2].show_name && !people[3].show_name);
	/* anything else names the line and the column; nothing is read */
	const char *bad = "name,email,organisation,network_consent\n"
			  "Ann,ann@x.org,A,yes\nBob,bob@x.org,B,maybe\n";
	buf_reset(&problems);
	cr_assert_eq(roster_parse(bad, strlen(bad), "f.csv", "2026-01-01", &a,
				  &people, &n, &consent, &problems, LANG_EN, &e), -1);
	cr_assert(strstr(buf_str(&problems), "f.csv:3: network_consent: must be "
			 "yes or no"), "%s", buf_str(&problems));
	cr_assert_eq(n, 0);
	buf_release(&problems);
	arena_release(&a);
}

/* The problems in the reader's language (the dashboard's upload): each
 * line's sentence from the catalogue with its values, the file, line and
 * column as in the file; the command line's LANG_EN lines unchanged. */
Test(roster, problems_in_welsh)
{
	struct arena a;
	struct buf problems;
	struct person *people;
	struct err e = {0};
	size_t n;
	const char *bad = "name,email,organisation,language,colour\n"
			  "Ann,nid-e-bost,A,cy\nBob,bob@x.org,B,klingon\n";
	arena_init(&a, 0);
	buf_init(&problems, 1 << 16);
	cr_assert_eq(roster_parse(bad, strlen(bad), "f.csv", "2026-01-01", &a,
				  &people, &n, NULL, &problems, LANG_CY, &e), -1);
	const char *s = buf_str(&problems);
	cr_assert(strstr(s, "f.csv:1: header: colofn anhysbys 'colour'"), "%s", s);
	cr_assert(strstr(s, "f.csv:2: email: nid yw 'nid-e-bost' yn gyfeiriad "
			 "e-bost\n"), "%s", s);
	cr_assert(strstr(s, "f.csv:3: language: nid yw 'klingon' yn iaith"), "%s", s);
	cr_assert_str_eq(e.msg, "f.csv: nothing was imported (problems found: 3)");
	buf_reset(&problems);
	cr_assert_eq(roster_parse(bad, strlen(bad), "f.csv", "2026-01-01", &a,
				  &people, &n, NULL, &problems, LANG_EN, &e), -1);
	cr_assert(strstr(buf_str(&problems), "f.csv:2: email: 'nid-e-bost' is not "
			 "an email address\n"), "%s", buf_str(&problems));
	buf_release(&problems);
	arena_release(&a);
}
