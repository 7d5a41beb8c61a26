/*
 * roster: see roster.h.  libcsv does the quoting; we feed it one line at a
 * time so we always know which line a record started on.
 */
#include "core/roster.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "core/person.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/hash.h"

enum col {
	COL_NAME, COL_EMAIL, COL_ORG, COL_SECTOR, COL_ROLE, COL_LOCATION,
	COL_TIMEZONE, COL_TOPICS, COL_INTRO, COL_JOINED, COL_CONSENT, COL_LANGUAGE,
	NCOLS
};

static const char *const col_names[NCOLS] = {
	"name", "email", "organisation", "sector", "role", "location",
	"timezone", "topics", "intro", "joined", "network_consent", "language",
};

#define MAX_FIELDS 64
#define MAX_PROBLEMS 1000

struct roster {
	const char *file;
	size_t file_len;
	const char *today;
	struct arena *a;
	struct buf *problems;
	size_t nproblems;
	enum lang lang;         /* of the problems' sentences */
	/* the record being read */
	char *field[MAX_FIELDS];
	size_t nfield;
	bool too_many;
	size_t line, rec_line;
	/* header */
	bool have_header;
	bool consent;           /* a network_consent (or named) column */
	int colmap[MAX_FIELDS]; /* field index -> enum col, -1 unused */
	size_t ncols;
	/* output */
	struct person *people;
	size_t npeople, cap;
	size_t *first_line;     /* line each person came from */
	size_t lines_cap;
	/* emails seen: open addressing, slots hold index + 1, 0 = empty */
	uint32_t *seen;
	size_t seen_cap;        /* a power of two, > 2 * npeople */
	/* An allocation failed: the rest is skipped and the parse fails. */
	bool oom;
	char empty[1];          /* stands in for a field that could not be copied */
};

static void problem(struct roster *r, size_t line, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Counts a problem and appends the start of its line, "FILE:LINE: field: ",
 * with room for tail more bytes after it, in one append; returns where the
 * tail goes, or NULL past the limit (or when the buf is full).  Without
 * printf: a hostile file has a problem every few bytes, and piecing these
 * lines together was a sixth of the reader's time under the fuzzer. */
static char *problem_head(struct roster *r, size_t line, const char *field,
			  size_t tail)
{
	char num[24];
	size_t nd = sizeof num, flen, flen2, len;
	char *p;
	r->nproblems++;
	if (r->nproblems > MAX_PROBLEMS)
		return NULL;
	do
		num[--nd] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	flen = r->file_len;
	flen2 = strlen(field);
	len = flen + 1 + (sizeof num - nd) + 2 + flen2 + 2;
	p = buf_extend(r->problems, len + tail);
	if (!p)
		return NULL;
	memcpy(p, r->file, flen);
	p += flen;
	*p++ = ':';
	memcpy(p, num + nd, sizeof num - nd);
	p += sizeof num - nd;
	memcpy(p, ": ", 2);
	memcpy(p + 2, field, flen2);
	memcpy(p + 2 + flen2, ": ", 2);
	return p + 4 + flen2;
}

/* The line of a problem whose English sentence is made: msg and '\n'. */
static void problem_line(struct roster *r, size_t line, const char *field,
			 const char *msg)
{
	size_t n = strlen(msg);
	char *p = problem_head(r, line, field, n + 1);
	if (!p)
		return;
	memcpy(p, msg, n);
	p[n] = '\n';
}

/* A problem in the reader's language: the catalogue's sentence appended
 * after the line's start (text_err makes it from the err's format). */
static void problem_translated(struct roster *r, size_t line,
			       const struct err *pe)
{
	if (!problem_head(r, line, pe->field, 0))
		return;
	text_err(r->problems, r->lang, pe);
	buf_putc(r->problems, '\n');
}

/* problem_v's line for a sentence with something to fill in, or in
 * another language than English (made again from the translated
 * format, as an err's is at the edge).  Apart, so the common case does
 * not set up this frame (an err is 1.9 KB of stack for ASan to poison). */
static void problem_made(struct roster *r, size_t line, const char *field,
			 bool cut, const char *fmt, va_list ap)
{
	struct err pe;
	if (r->lang != LANG_EN) {
		err_vfield(&pe, ERR_INVALID, field, fmt, ap);
		problem_translated(r, line, &pe);
	} else if (cut) {
		vsnprintf(pe.msg, sizeof pe.msg, fmt, ap);
		problem_line(r, line, field, pe.msg);
	} else if (problem_head(r, line, field, 0)) {
		buf_vprintf(r->problems, fmt, ap);
		buf_putc(r->problems, '\n');
	}
}

/* A problem's line, its sentence made from fmt and its arguments only
 * when it is listed (past the limit it is only counted).  cut: at most
 * the 1,023 bytes of an err's sentence (a check's problem, once made in
 * an err first). */
static void problem_v(struct roster *r, size_t line, const char *field,
		      bool cut, const char *fmt, va_list ap)
{
	if (r->nproblems >= MAX_PROBLEMS)
		r->nproblems++; /* counted, not listed */
	else if (r->lang == LANG_EN && !strchr(fmt, '%'))
		problem_line(r, line, field, fmt);
	else
		problem_made(r, line, field, cut, fmt, ap);
}

/* The formats of problem() are catalogue msgids (scripts/lint-text
 * extracts them). */
static void problem(struct roster *r, size_t line, const char *field,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(r, line, field, false, fmt, ap);
	va_end(ap);
}

/* Keeps the field without the spaces and tabs around it (every reader
 * of a field wants it trimmed: once here, not at each use). */
static void on_field(void *s, size_t len, void *data)
{
	struct roster *r = data;
	const char *v0 = s ? s : "";
	size_t n = s ? len : 0;
	if (r->nfield == 0)
		r->rec_line = r->line;
	if (r->nfield >= MAX_FIELDS) {
		r->too_many = true;
		return;
	}
	while (n && (*v0 == ' ' || *v0 == '\t')) {
		v0++;
		n--;
	}
	while (n && (v0[n - 1] == ' ' || v0[n - 1] == '\t'))
		n--;
	char *v = arena_strndup(r->a, v0, n);
	if (!v) {
		r->oom = true;
		v = r->empty;
	}
	r->field[r->nfield++] = v;
}

static void read_header(struct roster *r)
{
	bool seen[NCOLS] = {false};
	r->ncols = r->nfield;
	for (size_t i = 0; i < r->nfield; i++) {
		char *h = r->field[i];
		r->colmap[i] = -1;
		for (char *p = h; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!*h)
			continue; /* Excel leaves empty trailing columns */
		for (int c = 0; c < NCOLS; c++)
			if (strcmp(h, col_names[c]) == 0)
				r->colmap[i] = c;
		if (strcmp(h, "named") == 0) /* the short name of the same */
			r->colmap[i] = COL_CONSENT;
		r->consent |= r->colmap[i] == COL_CONSENT;
		if (r->colmap[i] < 0) {
			problem(r, r->rec_line, "header", "unknown column '%s'"
				" (expected name, email, organisation, sector, role,"
				" location, timezone, topics, intro, joined,"
				" network_consent, language)", h);
		} else if (seen[r->colmap[i]]) {
			problem(r, r->rec_line, "header", "column '%s' appears twice", h);
		} else {
			seen[r->colmap[i]] = true;
		}
	}
	for (int c = COL_NAME; c <= COL_ORG; c++)
		if (!seen[c])
			problem(r, r->rec_line, "header",
				"required column '%s' is missing", col_names[c]);
	r->have_header = true;
}

/* Removes the apostrophe our export puts before formula characters. */
static char *unguard(char *v)
{
	if (v[0] == '\'' && buf_csv_risky(v + 1))
		return v + 1;
	return v;
}

static bool record_blank(const struct roster *r)
{
	for (size_t i = 0; i < r->nfield; i++)
		if (*r->field[i])
			return false;
	return true;
}

static uint64_t email_hash(const char *s)
{
	return hash_bytes(HASH_INIT, s, strlen(s));
}

/* Index of the earlier person with this email, or -1; grows the table. */
static long seen_find_or_add(struct roster *r, const char *email, size_t idx)
{
	if (2 * (r->npeople + 1) >= r->seen_cap) {
		size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
		uint32_t *t = arena_calloc(r->a, cap, sizeof *t);
		if (!t)
			return -2;
		for (size_t i = 0; i < r->npeople; i++) {
			size_t h = email_hash(r->people[i].email) & (cap - 1);
			while (t[h])
				h = (h + 1) & (cap - 1);
			t[h] = (uint32_t)i + 1;
		}
		r->seen = t;
		r->seen_cap = cap;
	}
	size_t h = email_hash(email) & (r->seen_cap - 1);
	while (r->seen[h]) {
		if (strcmp(r->people[r->seen[h] - 1].email, email) == 0)
			return (long)r->seen[h] - 1;
		h = (h + 1) & (r->seen_cap - 1);
	}
	r->seen[h] = (uint32_t)idx + 1;
	return -1;
}

struct row_problems {
	struct roster *r;
	size_t line;
};

/* A field at fault (person_check_fields, person_consent_check). */
static void row_problem(void *arg, const char *field, const char *fmt,
			va_list ap)
{
	struct row_problems *rp = arg;
	problem_v(rp->r, rp->line, field, true, fmt, ap);
}

static void read_person(struct roster *r)
{
	struct person p = {0};
	char *consent = "";
	char **slot[NCOLS] = {
		&p.name, &p.email, &p.organisation, &p.sector, &p.role,
		&p.location, &p.timezone, &p.topics, &p.intro, &p.joined,
		&consent,
		&p.language,
	};
	char email[EMAIL_MAX + 1];
	if (record_blank(r))
		return;
	/* Fewer fields than the header: the missing ones are empty. */
	if (r->nfield > r->ncols) {
		problem(r, r->rec_line, "row", "has %zu fields but the header has %zu",
			r->nfield, r->ncols);
		return;
	}
	for (int c = 0; c < NCOLS; c++)
		*slot[c] = "";
	for (size_t i = 0; i < r->nfield; i++)
		if (r->colmap[i] >= 0)
			*slot[r->colmap[i]] = unguard(r->field[i]);
	p.status = PERSON_ACTIVE;
	/* Report every bad field of the row, not only the first; past the
	 * listed problems only count them (no sentences to make). */
	struct row_problems rp = {r, r->rec_line};
	bool listing = r->nproblems < MAX_PROBLEMS;
	bool bad = false;
	if (person_consent_check(consent, &p.show_name,
				 listing ? row_problem : NULL, &rp) < 0) {
		if (!listing)
			r->nproblems++;
		bad = true;
	}
	/* Every field of the person in one pass, in column order. */
	int nbad = person_check_fields(&p, listing ? row_problem : NULL, &rp);
	if (!listing)
		r->nproblems += (size_t)nbad;
	if (bad || nbad > 0 || person_email_normalise(p.email, email, NULL) < 0)
		return;
	/* Joined today when the file does not say: set after the checks,
	 * as today's date is ours (checking it again was a date parse per
	 * row). */
	if (!*p.joined)
		p.joined = arena_strdup(r->a, r->today);
	if (!p.joined) {
		r->oom = true;
		return;
	}
	p.email = arena_strdup(r->a, email);
	struct person *grown = arena_grow(r->a, r->people, r->npeople, &r->cap,
					  sizeof *grown);
	size_t lcap = r->lines_cap;
	size_t *lines = arena_grow(r->a, r->first_line, r->npeople, &lcap,
				   sizeof *lines);
	if (!grown || !lines || !p.email) {
		problem(r, r->rec_line, "file", "too large to read");
		return;
	}
	r->people = grown;
	r->first_line = lines;
	r->lines_cap = lcap;
	long dup = seen_find_or_add(r, p.email, r->npeople);
	if (dup == -2) {
		problem(r, r->rec_line, "file", "too large to read");
		return;
	}
	if (dup >= 0) {
		problem(r, r->rec_line, "email", "%s appears again (first on line %zu)",
			email, r->first_line[dup]);
		return;
	}
	r->first_line[r->npeople] = r->rec_line;
	r->people[r->npeople++] = p;
}

static void on_record(int c, void *data)
{
	struct roster *r = data;
	(void)c;
	if (r->oom) {
		/* nothing more is read: roster_parse fails */
	} else if (r->too_many)
		problem(r, r->rec_line, "row", "has more than %d fields", MAX_FIELDS);
	else if (!r->have_header)
		read_header(r);
	else if (r->npeople >= ROSTER_MAX_ROWS)
		problem(r, r->rec_line, "file", "has more than %d people",
			ROSTER_MAX_ROWS);
	else
		read_person(r);
	r->nfield = 0;
	r->too_many = false;
}

/* The delimiter the header line uses most: ';' or ','. */
static unsigned char sniff_delimiter(const char *data, size_t len)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && (quoted || data[i] != '\n'); i++) {
		if (data[i] == '"')
			quoted = !quoted;
		else if (!quoted && data[i] == ',')
			commas++;
		else if (!quoted && data[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

int roster_parse(const char *data, size_t len, const char *file,
		 const char *today, struct arena *a, struct person **people,
		 size_t *n, bool *consent, struct buf *problems, enum lang lang,
		 struct err *e)
{
	struct csv_parser p;
	struct roster r = {.file = file, .file_len = strlen(file),
			   .today = today, .a = a,
			   .problems = problems, .lang = lang, .line = 1};
	*people = NULL;
	*n = 0;
	if (consent)
		*consent = false;
	if (len > ROSTER_MAX_BYTES)
		return err_set(e, ERR_INVALID, "%s: larger than %zu MiB", file,
			       ROSTER_MAX_BYTES >> 20);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, '\0', len))
		return err_set(e, ERR_INVALID, "%s: is not a text file", file);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return err_set(e, ERR_INTERNAL, "out of memory");
	csv_set_delim(&p, sniff_delimiter(data, len));
	/* One line at a time (up to and including its '\n'), so every
	 * callback libcsv makes is for a byte on line r.line. */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t chunk = nl ? (size_t)(nl - data) + 1 - i : len - i;
		if (csv_parse(&p, data + i, chunk, on_field, on_record, &r) != chunk) {
			/* libcsv's own words are English: ours instead */
			if (csv_error(&p) == CSV_EPARSE)
				problem(&r, r.line, "file", "a quote is out of place "
					"(a field with quotes must be quoted whole)");
			else
				problem(&r, r.line, "file", "too large to read");
			break;
		}
		i += chunk;
		if (nl)
			r.line++;
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0)
		problem(&r, r.line, "file", "a quoted field is never closed");
	csv_free(&p);
	if (!r.have_header && r.nproblems == 0)
		problem(&r, 1, "header", "the file is empty; it needs a header row"
			" with name,email,organisation");
	if (r.oom)
		return err_set(e, ERR_INTERNAL, "%s: out of memory while reading it;"
			       " nothing was imported", file);
	if (r.nproblems > MAX_PROBLEMS) {
		buf_printf(problems, "%s: ", file);
		buf_printf(problems, TN_(lang, "... and one more problem",
					 "... and %zu more problems",
					 (long)(r.nproblems - MAX_PROBLEMS)),
			   r.nproblems - MAX_PROBLEMS);
		buf_putc(problems, '\n');
	}
	if (r.nproblems)
		return err_set(e, ERR_INVALID,
			       "%s: nothing was imported (problems found: %zu)",
			       file, r.nproblems);
	*people = r.people;
	*n = r.npeople;
	if (consent)
		*consent = r.consent;
	return 0;
}
