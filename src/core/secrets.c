/* secrets: see secrets.h. */
#include "core/secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

struct key_slot {
	const char *name;
	size_t off;
};

static const struct key_slot slots[] = {
	{"link", offsetof(struct secrets, link_key)},
	{"session", offsetof(struct secrets, session_key)},
};
#define NSLOTS (sizeof slots / sizeof slots[0])
#define KEYLEN crypto_auth_KEYBYTES

static int keys_path(const char *db_path, char *out, size_t n,
		     struct err *e)
{
	const char *env = getenv("CUPPA_KEYS_FILE");
	if (env && *env) {
		snprintf(out, n, "%s", env);
		return 0;
	}
	/* Servers sharing a PostgreSQL database must share one key file,
	 * so there is no sensible default beside a URL. */
	if (strstr(db_path, "://"))
		return err_field(e, ERR_INVALID, "CUPPA_KEYS_FILE",
				 "must be set when the database is a URL"
				 " (every server sharing it needs the same key file)");
	snprintf(out, n, "%s.keys", db_path);
	return 0;
}

/* Reads known keys from f; sets have[i] for each one found valid. */
static void keys_read(FILE *f, struct secrets *s, int have[NSLOTS])
{
	char line[256];
	while (fgets(line, sizeof line, f)) {
		char *eq = strchr(line, '=');
		size_t binlen = 0;
		if (!eq)
			continue;
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\r\n")] = '\0';
		for (size_t i = 0; i < NSLOTS; i++) {
			unsigned char *dst = (unsigned char *)s + slots[i].off;
			if (strcmp(line, slots[i].name) != 0)
				continue;
			if (sodium_hex2bin(dst, KEYLEN, eq + 1, strlen(eq + 1),
					   NULL, &binlen, NULL) == 0 &&
			    binlen == KEYLEN)
				have[i] = 1;
		}
	}
}

static int keys_write(const char *path, const struct secrets *s,
		      struct err *e)
{
	char tmp[4200], hex[KEYLEN * 2 + 1];
	struct buf b;
	int fd, rc = -1;
	buf_init(&b, 4096);
	for (size_t i = 0; i < NSLOTS; i++) {
		sodium_bin2hex(hex, sizeof hex,
			       (const unsigned char *)s + slots[i].off, KEYLEN);
		buf_printf(&b, "%s=%s\n", slots[i].name, hex);
	}
	sodium_memzero(hex, sizeof hex);
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(e, ERR_IO, "cannot create key file: %s", strerror(errno));
		goto done;
	}
	if (write(fd, buf_str(&b), buf_len(&b)) != (ssize_t)buf_len(&b) ||
	    fsync(fd) != 0) {
		err_set(e, ERR_IO, "cannot write key file: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	close(fd);
	/* link() fails if another process created the file first: then we
	 * use theirs, so two first runs never end with different keys. */
	if (link(tmp, path) != 0 && errno != EEXIST) {
		err_set(e, ERR_IO, "cannot install key file: %s", strerror(errno));
		unlink(tmp);
		goto done;
	}
	unlink(tmp);
	rc = 0;
done:
	if (b.b_data)
		sodium_memzero(b.b_data, b.b_cap);
	buf_release(&b);
	return rc;
}

int secrets_load(const char *db_path, struct secrets *out, struct err *e)
{
	char path[4096];
	int have[NSLOTS] = {0};
	FILE *f;
	memset(out, 0, sizeof *out);
	if (keys_path(db_path, path, sizeof path, e) < 0)
		return -1;
	f = fopen(path, "re");
	if (!f && errno != ENOENT)
		return err_set(e, ERR_IO, "cannot read key file %s: %s", path,
			       strerror(errno));
	if (f) {
		keys_read(f, out, have);
		fclose(f);
	}
	int missing = 0;
	for (size_t i = 0; i < NSLOTS; i++)
		if (!have[i]) {
			randombytes_buf((unsigned char *)out + slots[i].off, KEYLEN);
			missing = 1;
		}
	if (!missing)
		return 0;
	if (f && unlink(path) != 0)
		return err_set(e, ERR_IO, "cannot update key file %s", path);
	if (keys_write(path, out, e) < 0)
		return -1;
	/* Re-read: another process may have won the race to create it. */
	f = fopen(path, "re");
	if (!f)
		return err_set(e, ERR_IO, "cannot read key file %s", path);
	memset(have, 0, sizeof have);
	keys_read(f, out, have);
	fclose(f);
	return 0;
}

void secrets_release(struct secrets *s)
{
	sodium_memzero(s, sizeof *s);
}
