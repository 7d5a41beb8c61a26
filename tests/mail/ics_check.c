/*
 * ics_check: a test-only helper that parses .ics files back with libical
 * (never linked into cuppa).  For each file argument prints
 *   UID START_UTC END_UTC ATTENDEES
 * (times as Unix seconds), or exits 1 naming the file that libical could
 * not read or that is not an entry the person owns (METHOD:PUBLISH, one
 * VEVENT with UID, DTSTART, DTEND, no ORGANIZER).
 * Build: cc -o ics_check ics_check.c $(pkg-config --cflags --libs libical)
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *text = slurp(argv[i]);
		icalcomponent *cal, *ev;
		if (!text) {
			fprintf(stderr, "%s: unreadable\n", argv[i]);
			return 1;
		}
		cal = icalparser_parse_string(text);
		free(text);
		if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
			fprintf(stderr, "%s: not a VCALENDAR\n", argv[i]);
			return 1;
		}
		if (icalcomponent_count_errors(cal) != 0) {
			fprintf(stderr, "%s: libical reports %d errors\n", argv[i],
				icalcomponent_count_errors(cal));
			return 1;
		}
		if (icalcomponent_get_method(cal) != ICAL_METHOD_PUBLISH) {
			fprintf(stderr, "%s: METHOD is not PUBLISH\n", argv[i]);
			return 1;
		}
		ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		/* an entry the person owns: a UID, and no ORGANIZER that
		 * would turn it into an invitation with replies */
		if (!ev || !icalcomponent_get_uid(ev) ||
		    icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY)) {
			fprintf(stderr, "%s: VEVENT without UID, or with an ORGANIZER\n", argv[i]);
			return 1;
		}
		struct icaltimetype s = icalcomponent_get_dtstart(ev);
		struct icaltimetype e = icalcomponent_get_dtend(ev);
		if (icaltime_is_null_time(s) || icaltime_is_null_time(e)) {
			fprintf(stderr, "%s: no DTSTART/DTEND\n", argv[i]);
			return 1;
		}
		int natt = icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY);
		printf("%s %lld %lld %d\n", icalcomponent_get_uid(ev),
		       (long long)icaltime_as_timet(s), (long long)icaltime_as_timet(e),
		       natt);
		icalcomponent_free(cal);
	}
	return 0;
}
