/* backup: see backup.h.  Written on sqlite3 directly, not on db.h: the
 * backup API works on whole connections, which the portable layer does
 * not expose. */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

static bool is_postgres(const char *db)
{
	return strncmp(db, "postgres://", 11) == 0 ||
	       strncmp(db, "postgresql://", 13) == 0;
}

static int refuse_postgres(const char *what, struct err *e)
{
	return err_set(e, ERR_INVALID,
		       "%s works on SQLite databases; for PostgreSQL use "
		       "pg_dump --format=custom and pg_restore (see "
		       "docs/deploy.md)", what);
}

/* Copies every page of src into dst (both open), waiting out writers. */
static int copy_db(sqlite3 *dst, sqlite3 *src, struct err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;
	if (!b)
		return err_set(e, ERR_IO, "backup: %s", sqlite3_errmsg(dst));
	/* -1: all pages in one step, inside one read transaction of src,
	 * hence one snapshot.  BUSY/LOCKED: a writer holds a lock we need
	 * (the destination's, on restore); try again. */
	for (int tries = 0; tries < 1000; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(10);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(e, ERR_IO, "backup: %s", sqlite3_errstr(rc));
	return 0;
}

static int open_db(const char *path, int flags, sqlite3 **out, struct err *e)
{
	int rc = sqlite3_open_v2(path, out, flags, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, "cannot open %s: %s", path,
			*out ? sqlite3_errmsg(*out) : sqlite3_errstr(rc));
		sqlite3_close(*out);
		*out = NULL;
		return -1;
	}
	sqlite3_busy_timeout(*out, 10000);
	return 0;
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int rc;
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void dir_of(const char *path, char out[4096])
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, 4096, ".");
	else if (slash == path)
		snprintf(out, 4096, "/");
	else
		snprintf(out, 4096, "%.*s", (int)(slash - path), path);
}

int store_backup(const char *db, const char *file, struct err *e)
{
	char tmp[4096], dir[4096];
	sqlite3 *src = NULL, *dst = NULL;
	struct stat a, b;
	int ret = -1;

	if (is_postgres(db))
		return refuse_postgres("backup", e);
	if (stat(db, &a) != 0)
		return err_set(e, ERR_NOTFOUND, "no database at %s", db);
	if (stat(file, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return err_set(e, ERR_INVALID, "%s is the database itself", file);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", file,
			     (long)getpid()) >= sizeof tmp)
		return err_set(e, ERR_INVALID, "%s: path too long", file);
	unlink(tmp);
	if (open_db(db, SQLITE_OPEN_READONLY, &src, e) < 0 ||
	    open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst, e) < 0)
		goto done;
	if (copy_db(dst, src, e) < 0)
		goto done;
	if (sqlite3_close(dst) != SQLITE_OK) {
		err_set(e, ERR_IO, "cannot write %s", file);
		goto done;
	}
	dst = NULL;
	dir_of(file, dir);
	if (fsync_path(tmp, false) < 0 || rename(tmp, file) < 0 ||
	    fsync_path(dir, true) < 0) {
		err_set(e, ERR_IO, "cannot write %s: %s", file, strerror(errno));
		goto done;
	}
	ret = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (ret < 0)
		unlink(tmp);
	return ret;
}

bool store_in_use(const char *db)
{
	/* In WAL mode every connection holds a shared lock on the "DMS"
	 * byte of DB-shm (offset 128, after the 8 WAL-index lock bytes at
	 * 120) for as long as it is open; a process that could take it for
	 * writing would be the only one (see SQLite's os_unix.c,
	 * unixLockSharedMemory).  F_GETLK asks without taking it. */
	char shm[4096];
	struct flock fl;
	int fd;
	bool busy;
	if ((size_t)snprintf(shm, sizeof shm, "%s-shm", db) >= sizeof shm)
		return false;
	fd = open(shm, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 128;
	fl.l_len = 1;
	busy = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	return busy;
}

/* file is an intact SQLite database that cuppa made. */
static int check_backup(sqlite3 *src, const char *file, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc;
	bool ok = false;
	if (sqlite3_prepare_v2(src, "PRAGMA integrity_check", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	if (!ok)
		return err_set(e, ERR_INVALID,
			       "%s is not an intact SQLite database", file);
	rc = sqlite3_prepare_v2(src, "SELECT MAX(version) FROM schema_version",
				-1, &s, NULL);
	ok = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
	     sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (!ok)
		return err_set(e, ERR_INVALID, "%s is not a cuppa database", file);
	return 0;
}

int store_restore(const char *db, const char *file, bool force, bool *saved,
		  struct err *e)
{
	char before[4096];
	sqlite3 *src = NULL, *dst = NULL;
	struct stat st;
	int ret = -1;

	*saved = false;
	if (is_postgres(db))
		return refuse_postgres("restore", e);
	if (open_db(file, SQLITE_OPEN_READONLY, &src, e) < 0)
		return -1;
	if (check_backup(src, file, e) < 0)
		goto done;
	if (!force && store_in_use(db)) {
		err_set(e, ERR_CONFLICT,
			"%s is open in another process (a running cuppa serve "
			"or mail run): stop it first, or pass --force to replace "
			"the data under it", db);
		goto done;
	}
	if (stat(db, &st) == 0) {
		if ((size_t)snprintf(before, sizeof before, "%s.before-restore",
				     db) >= sizeof before) {
			err_set(e, ERR_INVALID, "%s: path too long", db);
			goto done;
		}
		if (store_backup(db, before, e) < 0)
			goto done;
		*saved = true;
	}
	if (open_db(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst, e) < 0 ||
	    copy_db(dst, src, e) < 0)
		goto done;
	ret = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	return ret;
}
