/*
 * tz: see tz.h.  TZif layout from RFC 8536; POSIX TZ rule grammar from
 * POSIX.1 "Environment variables" (TZ), with the RFC 8536 extension that
 * rule times may be negative or exceed 24 hours.
 */
#include "util/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_FILE_MAX (256 * 1024)

struct tz_rule {
	int kind;       /* 'M' month.week.day, 'J' julian 1-365, 'D' 0-365 */
	int m, w, d;    /* for 'M'; d holds the day number for 'J'/'D' */
	int32_t time;   /* seconds after local midnight */
};

struct tz {
	size_t ntrans;
	int64_t *trans;      /* transition instants, ascending */
	unsigned char *idx;  /* type in force from trans[i] */
	size_t ntypes;
	int32_t *type_off;   /* utoff of each type */
	unsigned char *type_dst;
	int32_t first_off;   /* before the first transition */
	/* footer rule */
	bool has_rule;
	int32_t std_off, dst_off; /* seconds east of UTC */
	bool has_dst;
	struct tz_rule start, end;
};

bool tz_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 64 || name[0] == '/' || strstr(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '+' || c == '/'))
			return false;
	}
	return true;
}

int64_t tz_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms". */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void tz_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ---- POSIX TZ rule ---- */

static const char *rule_name(const char *s)
{
	if (*s == '<') {
		const char *q = strchr(s, '>');
		return q ? q + 1 : NULL;
	}
	const char *p = s;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]], hours up to 167; sets *secs. */
static const char *rule_hms(const char *s, int32_t *secs)
{
	int sign = 1, h = 0, m = 0, sec = 0;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9') {
		h = h * 10 + (*s++ - '0');
		if (h > 167)
			return NULL;
	}
	if (*s == ':') {
		s++;
		if (s[0] < '0' || s[0] > '9')
			return NULL;
		m = (int)strtol(s, (char **)&s, 10);
		if (*s == ':') {
			s++;
			if (s[0] < '0' || s[0] > '9')
				return NULL;
			sec = (int)strtol(s, (char **)&s, 10);
		}
	}
	if (m > 59 || sec > 59)
		return NULL;
	*secs = sign * (h * 3600 + m * 60 + sec);
	return s;
}

static const char *rule_date(const char *s, struct tz_rule *r)
{
	char *end;
	r->time = 7200;
	if (*s == 'M') {
		r->kind = 'M';
		r->m = (int)strtol(s + 1, &end, 10);
		if (*end != '.')
			return NULL;
		r->w = (int)strtol(end + 1, &end, 10);
		if (*end != '.')
			return NULL;
		r->d = (int)strtol(end + 1, &end, 10);
		if (r->m < 1 || r->m > 12 || r->w < 1 || r->w > 5 ||
		    r->d < 0 || r->d > 6)
			return NULL;
	} else if (*s == 'J') {
		r->kind = 'J';
		r->d = (int)strtol(s + 1, &end, 10);
		if (r->d < 1 || r->d > 365)
			return NULL;
	} else if (*s >= '0' && *s <= '9') {
		r->kind = 'D';
		r->d = (int)strtol(s, &end, 10);
		if (r->d > 365)
			return NULL;
	} else {
		return NULL;
	}
	s = end;
	if (*s == '/')
		s = rule_hms(s + 1, &r->time);
	return s;
}

static int rule_parse(struct tz *z, const char *s)
{
	int32_t v;
	if (!(s = rule_name(s)) || !(s = rule_hms(s, &v)))
		return -1;
	z->std_off = -v; /* POSIX counts west of UTC */
	z->has_rule = true;
	if (!*s)
		return 0;
	if (!(s = rule_name(s)))
		return -1;
	z->has_dst = true;
	z->dst_off = z->std_off + 3600;
	if (*s && *s != ',') {
		if (!(s = rule_hms(s, &v)))
			return -1;
		z->dst_off = -v;
	}
	if (*s != ',')
		return -1; /* no rule: ambiguous, refuse the footer */
	if (!(s = rule_date(s + 1, &z->start)) || *s != ',' ||
	    !(s = rule_date(s + 1, &z->end)) || *s)
		return -1;
	return 0;
}

/* Local midnight (as days since epoch) of rule r in year y. */
static int64_t rule_day(const struct tz_rule *r, int64_t y)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	int64_t jan1 = tz_days_from_civil(y, 1, 1);
	if (r->kind == 'J') /* Feb 29 never counted */
		return jan1 + r->d - 1 + (is_leap(y) && r->d >= 60);
	if (r->kind == 'D')
		return jan1 + r->d;
	int64_t first = tz_days_from_civil(y, (unsigned)r->m, 1);
	int wd = (int)((first % 7 + 7 + 4) % 7); /* 1970-01-01: Thursday */
	int64_t day = first + (r->d - wd + 7) % 7 + 7 * (r->w - 1);
	unsigned len = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
	while (day >= first + len)
		day -= 7;
	return day;
}

static int32_t rule_offset(const struct tz *z, int64_t t)
{
	if (!z->has_dst)
		return z->std_off;
	int64_t y;
	unsigned m, d;
	tz_civil_from_days(floor_div(t + z->std_off, 86400), &y, &m, &d);
	/* Check the year around t too: a rule near New Year's may straddle. */
	for (int64_t yy = y - 1; yy <= y + 1; yy++) {
		int64_t s = rule_day(&z->start, yy) * 86400 + z->start.time -
			    z->std_off;
		int64_t e = rule_day(&z->end, yy) * 86400 + z->end.time -
			    z->dst_off;
		if (s < e) {
			if (t >= s && t < e)
				return z->dst_off;
		} else if (yy == y) {
			/* southern hemisphere: DST spans New Year */
			return (t >= e && t < s) ? z->std_off : z->dst_off;
		}
	}
	return z->std_off;
}

/* ---- TZif ---- */

static int tz_parse(struct tz *z, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n, *h = p;
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	int version = p[4];
	size_t cnt[6];
	for (int i = 0; i < 6; i++)
		cnt[i] = be32(p + 20 + 4 * i);
	size_t isut = cnt[0], isstd = cnt[1], leap = cnt[2], timecnt = cnt[3],
	       typecnt = cnt[4], charcnt = cnt[5];
	size_t tsize = 4, lsize = 8;
	if (version >= '2') {
		/* Skip the v1 block to the 64-bit one. */
		size_t v1 = timecnt * 5 + typecnt * 6 + charcnt + leap * 8 +
			    isstd + isut;
		if (v1 > n - 44 || n - 44 - v1 < 44)
			return -1;
		h = p + 44 + v1;
		if (memcmp(h, "TZif", 4) != 0)
			return -1;
		for (int i = 0; i < 6; i++)
			cnt[i] = be32(h + 20 + 4 * i);
		isut = cnt[0], isstd = cnt[1], leap = cnt[2],
		timecnt = cnt[3], typecnt = cnt[4], charcnt = cnt[5];
		tsize = 8, lsize = 12;
	}
	if (typecnt == 0 || typecnt > 256 || timecnt > 100000 ||
	    charcnt > 65536 || leap > 10000 || isstd > 256 || isut > 256)
		return -1;
	const unsigned char *q = h + 44;
	size_t need = timecnt * (tsize + 1) + typecnt * 6 + charcnt +
		      leap * lsize + isstd + isut;
	if ((size_t)(end - q) < need)
		return -1;
	z->ntrans = timecnt;
	z->ntypes = typecnt;
	z->trans = calloc(timecnt ? timecnt : 1, sizeof *z->trans);
	z->idx = calloc(timecnt ? timecnt : 1, 1);
	z->type_off = calloc(typecnt, sizeof *z->type_off);
	z->type_dst = calloc(typecnt, 1);
	if (!z->trans || !z->idx || !z->type_off || !z->type_dst)
		return -1;
	for (size_t i = 0; i < timecnt; i++, q += tsize)
		z->trans[i] = tsize == 8 ? (int64_t)be64(q)
					 : (int64_t)(int32_t)be32(q);
	for (size_t i = 0; i < timecnt; i++, q++) {
		if (*q >= typecnt)
			return -1;
		z->idx[i] = *q;
	}
	for (size_t i = 0; i < typecnt; i++, q += 6) {
		z->type_off[i] = (int32_t)be32(q);
		z->type_dst[i] = q[4];
	}
	q += charcnt + leap * lsize + isstd + isut;
	/* RFC 8536 3.2: time type 0 applies before the first transition. */
	z->first_off = z->type_off[0];
	if (version >= '2' && q < end && *q == '\n') {
		const unsigned char *nl = memchr(q + 1, '\n', (size_t)(end - q - 1));
		if (nl && nl - q - 1 < 128) {
			char rule[128];
			memcpy(rule, q + 1, (size_t)(nl - q - 1));
			rule[nl - q - 1] = '\0';
			if (rule[0] && rule_parse(z, rule) < 0)
				z->has_rule = false;
		}
	}
	return 0;
}

void tz_free(struct tz *z)
{
	if (!z)
		return;
	free(z->trans);
	free(z->idx);
	free(z->type_off);
	free(z->type_dst);
	free(z);
}

int tz_load(const char *name, struct tz **out, struct err *e)
{
	int ret = -1;
	char path[512];
	unsigned char *data = NULL;
	FILE *f = NULL;
	struct tz *z = NULL;
	const char *dir = getenv("TZDIR");

	*out = NULL;
	if (!tz_name_ok(name))
		return err_field(e, ERR_INVALID, "timezone",
				 "not a time zone name");
	snprintf(path, sizeof path, "%s/%s",
		 dir && *dir ? dir : "/usr/share/zoneinfo", name);
	if (!(f = fopen(path, "rb"))) {
		err_field(e, ERR_INVALID, "timezone", "unknown time zone");
		goto done;
	}
	if (!(data = malloc(TZ_FILE_MAX)) || !(z = calloc(1, sizeof *z))) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	size_t n = fread(data, 1, TZ_FILE_MAX, f);
	if (tz_parse(z, data, n) < 0) {
		err_field(e, ERR_INVALID, "timezone", "unreadable time zone");
		goto done;
	}
	*out = z;
	z = NULL;
	ret = 0;
done:
	if (f)
		fclose(f);
	free(data);
	tz_free(z);
	return ret;
}

int32_t tz_offset(const struct tz *z, int64_t t)
{
	if (z->ntrans == 0)
		return z->has_rule ? rule_offset(z, t) : z->first_off;
	if (t < z->trans[0])
		return z->first_off;
	if (t >= z->trans[z->ntrans - 1] && z->has_rule)
		return rule_offset(z, t);
	size_t lo = 0, hi = z->ntrans; /* last trans[i] <= t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->type_off[z->idx[lo]];
}

void tz_cache_init(struct tz_cache *c)
{
	c->n = 0;
}

void tz_cache_release(struct tz_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		tz_free(c->slot[i].z);
	c->n = 0;
}

const struct tz *tz_cache_get(struct tz_cache *c, const char *name,
			      struct tz **tmp)
{
	struct tz *z = NULL;
	struct err e;
	size_t len;
	*tmp = NULL;
	if (!name || !*name || !strcmp(name, "UTC") || !tz_name_ok(name))
		return NULL;
	len = strlen(name); /* <= 64: tz_name_ok */
	if (c)
		for (size_t i = 0; i < c->n; i++)
			if (!strcmp(c->slot[i].name, name))
				return c->slot[i].z;
	if (tz_load(name, &z, &e) < 0)
		z = NULL; /* unknown: UTC, remembered as such */
	if (c && c->n < TZ_CACHE_MAX && len < sizeof c->slot[0].name) {
		memcpy(c->slot[c->n].name, name, len + 1);
		c->slot[c->n].z = z;
		c->n++;
	} else {
		*tmp = z;
	}
	return z;
}
