/* tznames: see tznames.h. */
#include "util/tznames.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/hash.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define NAME_MAX_BYTES 64

/* The names of the zone files under ZONEINFO (as "Europe/London"), each
 * NUL-terminated in one pool, found through an open-addressing table:
 * one hash and one strcmp a question (a binary search's eleven strcmps
 * were most of a check's time under the fuzzer).  The table is made
 * from the names on this system only, so no input can crowd it. */
struct tznames {
	char *pool;
	size_t pool_len, pool_cap;
	size_t n;
	uint32_t *slot;         /* where a name starts in pool + 1; 0 = empty */
	size_t nslot;           /* a power of two, at least 4 n */
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

static size_t name_slot(const struct tznames *t, const char *name, size_t len)
{
	return (size_t)hash_bytes(HASH_INIT, name, len) & (t->nslot - 1);
}

/* Builds the list, or leaves names NULL (then stat() answers). */
static void names_build(void)
{
	struct tznames *t = calloc(1, sizeof *t);
	if (!t)
		return;
	walk(t, "", 0);
	for (t->nslot = 64; t->nslot < 4 * t->n; t->nslot *= 2)
		;
	if (!t->failed && t->pool_len >= UINT32_MAX)
		t->failed = true;
	if (!t->failed && !(t->slot = calloc(t->nslot, sizeof *t->slot)))
		t->failed = true;
	if (t->failed) {
		free(t->pool);
		free(t);
		return;
	}
	for (size_t i = 0, at = 0; i < t->n; i++) {
		size_t len = strlen(t->pool + at);
		size_t h = name_slot(t, t->pool + at, len);
		while (t->slot[h])
			h = (h + 1) & (t->nslot - 1);
		t->slot[h] = (uint32_t)at + 1;
		at += len + 1;
	}
	names = t;
}

bool tznames_has(const char *name)
{
	char key[NAME_MAX_BYTES + 1];
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
	if (n == 0 || key[n - 1] == '/')
		return false; /* a directory */
	for (size_t h = name_slot(names, key, n); names->slot[h];
	     h = (h + 1) & (names->nslot - 1))
		if (strcmp(names->pool + names->slot[h] - 1, key) == 0)
			return true;
	return false;
}
