/* The zone list (util/tznames.h) must answer exactly as the stat() of
 * /usr/share/zoneinfo/NAME it replaces: real zones, links, directories,
 * doubled and trailing slashes, and thousands of near misses. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/tznames.h"

static bool by_stat(const char *name)
{
	char path[512];
	struct stat sb;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void same(const char *name)
{
	cr_assert_eq(tznames_has(name), by_stat(name), "'%s': list %d, stat %d",
		     name, tznames_has(name), by_stat(name));
}

static const char *const bases[] = {
	"Europe/London", "UTC", "GMT+0", "GMT-0", "Etc/GMT-14", "Etc/GMT+12",
	"America/Argentina/Buenos_Aires", "America/Port-au-Prince",
	"posix/Europe/London", "right/UTC", "posix/posix", "localtime",
	"posixrules", "Europe", "Europe/", "Europe//London", "Europe/London/",
	"posix//America//New_York", "Mars/Olympus", "europe/london",
	"Europe/Londo", "Etc", "Factory", "right/Europe/Nope", "Asia/Kolkata",
};

Test(tznames, answers_as_stat_would)
{
	static const char alphabet[] = "EuropeLndAaGMT+-_/0123456789tcsixr";
	uint64_t x = 88172645463325252ull;
	char s[80];
	size_t nyes = 0;
	for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
		same(bases[i]);
		nyes += by_stat(bases[i]);
		/* Near misses: a character changed, dropped or doubled. */
		for (int k = 0; k < 200; k++) {
			size_t n = strlen(bases[i]), at;
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			at = (size_t)(x >> 8) % n;
			memcpy(s, bases[i], n + 1);
			switch (x % 3) {
			case 0:
				s[at] = alphabet[(x >> 32) % (sizeof alphabet - 1)];
				break;
			case 1:
				memmove(s + at, s + at + 1, n - at);
				break;
			default:
				memmove(s + at + 1, s + at, n - at + 1);
				break;
			}
			if (s[0] && s[0] != '/' && !strstr(s, ".."))
				same(s);
		}
	}
	cr_assert_geq(nyes, 10, "the zones this test expects are not installed");
	/* Random names over the characters of zone names. */
	for (int k = 0; k < 5000; k++) {
		size_t n;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = 1 + x % 20;
		for (size_t j = 0; j < n; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s[j] = alphabet[x % (sizeof alphabet - 1)];
		}
		s[n] = '\0';
		if (s[0] != '/')
			same(s);
	}
}
