/* tznames: see tznames.h. */
#include "util/tznames.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ZONEINFO "/usr/share/zoneinfo"
#define NAME_MAX_BYTES 64

/* The names of the zone files under ZONEINFO (as "Europe/London"),
 * sorted, each NUL-terminated in one pool. */
struct tznames {
	char *pool;
	size_t pool_len, pool_cap;
	const char **name;      /* n sorted pointers into pool */
	size_t n;
	bool failed;            /* a directory could not be listed, or memory */
};

/*
 * Process-wide, behind a once-flag: the one exception to "no global
 * mutable state beyond what main sets up", and why.  The list is a
 * read-only copy of a system directory, written once inside
 * pthread_once and never changed after (pthread_once orders that write
 * before every read, so threads share it without a lock).  Handing it
 * down from main instead would add a parameter to every check of a
 * person (sign-up page, API, CSV import, the fuzz targets) for something
 * no caller chooses or changes.  It lives until the process ends (it is
 * reachable, so the leak checker does not count it).
 */
static pthread_once_t names_once = PTHREAD_ONCE_INIT; /* process-wide: zone list */
static struct tznames *names; /* process-wide: set once by names_build, read-only after */

/* The question asked of the file system (the answer without a list). */
static bool stat_regular(const char *name)
{
	char path[512];
	struct stat sb;
	if (snprintf(path, sizeof path, "%s/%s", ZONEINFO, name) >= (int)sizeof path)
		return false;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* A directory entry that can be part of a zone name: the characters a
 * name may have (tznames.h), so nothing a check would refuse is kept. */
static bool component_ok(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_+-", *s))
			return false;
	return true;
}

static void add(struct tznames *t, const char *name, size_t len)
{
	if (t->pool_len + len + 1 > t->pool_cap) {
		size_t cap = t->pool_cap ? t->pool_cap * 2 : 16384;
		while (cap < t->pool_len + len + 1)
			cap *= 2;
		char *p = realloc(t->pool, cap);
		if (!p) {
			t->failed = true;
			return;
		}
		t->pool = p;
		t->pool_cap = cap;
	}
	memcpy(t->pool + t->pool_len, name, len + 1);
	t->pool_len += len + 1;
	t->n++;
}

/* Adds every zone file under the directory rel (len bytes, "" for the
 * top), following links as stat() does.  The 64-byte limit on a name
 * bounds the depth even through a link to a directory above. */
static void walk(struct tznames *t, const char *rel, size_t len)
{
	char path[sizeof ZONEINFO + 1 + NAME_MAX_BYTES + 1];
	char sub[NAME_MAX_BYTES + 1];
	struct dirent *de;
	struct stat sb;
	DIR *d;
	snprintf(path, sizeof path, "%s/%s", ZONEINFO, rel);
	if (!(d = opendir(path))) {
		/* No zoneinfo at all: no zone exists, as stat() would say. */
		if (!(len == 0 && errno == ENOENT))
			t->failed = true;
		return;
	}
	while (!t->failed && (de = readdir(d))) {
		size_t nl = strlen(de->d_name);
		size_t sl = len + (len > 0) + nl;
		if (sl > NAME_MAX_BYTES || !component_ok(de->d_name))
			continue; /* also skips "." and ".." */
		memcpy(sub, rel, len);
		if (len)
			sub[len] = '/';
		memcpy(sub + sl - nl, de->d_name, nl + 1);
		snprintf(path, sizeof path, "%s/%s", ZONEINFO, sub);
		if (stat(path, &sb) != 0)
			continue; /* a dangling link: not a zone */
		if (S_ISREG(sb.st_mode))
			add(t, sub, sl);
		else if (S_ISDIR(sb.st_mode))
			walk(t, sub, sl);
	}
	closedir(d);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Builds the list, or leaves names NULL (then stat() answers). */
static void names_build(void)
{
	struct tznames *t = calloc(1, sizeof *t);
	if (!t)
		return;
	walk(t, "", 0);
	if (!t->failed && t->n > 0 && !(t->name = malloc(t->n * sizeof *t->name)))
		t->failed = true;
	if (t->failed) {
		free(t->pool);
		free(t);
		return;
	}
	for (size_t i = 0, at = 0; i < t->n; i++) {
		t->name[i] = t->pool + at;
		at += strlen(t->pool + at) + 1;
	}
	if (t->n > 0)
		qsort(t->name, t->n, sizeof *t->name, name_cmp);
	names = t;
}

bool tznames_has(const char *name)
{
	char key[NAME_MAX_BYTES + 1];
	const char *k = key;
	size_t n = 0;
	const char *p;
	pthread_once(&names_once, names_build);
	if (!names)
		return stat_regular(name);
	/* The path stat() would resolve: repeated '/' are one. */
	for (p = name; *p && n < NAME_MAX_BYTES; p++)
		if (!(*p == '/' && n > 0 && key[n - 1] == '/'))
			key[n++] = *p;
	if (*p)
		return stat_regular(name); /* longer than any listed name */
	key[n] = '\0';
	if (n == 0 || key[n - 1] == '/' || names->n == 0)
		return false; /* a directory, or nothing installed */
	return bsearch(&k, names->name, names->n, sizeof *names->name,
		       name_cmp) != NULL;
}
