/* Unit tests of what running cuppa needs: the request monitor's
 * Prometheus text, the login limit shared through the database, and the
 * database counts /metrics reports. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_ops.h"
#include "store/store_access.h"
#include "web/monitor.h"

Test(monitor, counts_by_route_and_status_with_a_histogram)
{
	struct monitor m;
	struct buf b;
	monitor_init(&m);
	monitor_record(&m, "/p/{slug}", 200, 0.002);
	monitor_record(&m, "/p/{slug}", 200, 0.2);
	monitor_record(&m, "/p/{slug}", 400, 20.0);
	monitor_record(&m, "/we\"ird", 404, 0.0005);
	buf_init(&b, 1 << 20);
	monitor_write(&m, &b);
	const char *t = buf_str(&b);
	cr_assert(strstr(t, "cuppa_http_requests_total{route=\"/p/{slug}\",status=\"200\"} 2\n"), "%s", t);
	cr_assert(strstr(t, "cuppa_http_requests_total{route=\"/p/{slug}\",status=\"400\"} 1\n"));
	cr_assert(strstr(t, "route=\"/we\\\"ird\""), "label escaped");
	cr_assert(strstr(t, "_bucket{le=\"0.001\"} 1\n"));
	cr_assert(strstr(t, "_bucket{le=\"0.005\"} 2\n"), "cumulative");
	cr_assert(strstr(t, "_bucket{le=\"10\"} 3\n"));
	cr_assert(strstr(t, "_bucket{le=\"+Inf\"} 4\n"));
	cr_assert(strstr(t, "cuppa_http_request_duration_seconds_count 4\n"));
	buf_release(&b);
	monitor_release(&m);
}

Test(monitor, bounded_table)
{
	struct monitor m;
	struct buf b;
	monitor_init(&m);
	for (int i = 0; i < MONITOR_SLOTS + 10; i++)
		monitor_record(&m, "/x", 100 + i, 0.01);
	buf_init(&b, 1 << 20);
	monitor_write(&m, &b);
	cr_assert(strstr(buf_str(&b), "route=\"(other)\",status=\"0\"} 10\n"));
	buf_release(&b);
	monitor_release(&m);
}

Test(store_ops, login_limit_window_and_counts)
{
	char dir[] = "/tmp/cuppa-ops-XXXXXX", path[128], cmd[160];
	struct store *st;
	struct store_ops_counts n;
	struct err e = {0};
	bool blocked;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	cr_assert_eq(store_ping(st, &e), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(store_login_limit_blocked(st, "ip:1", 1000 + i, 60, 3,
						       &blocked, &e), 0, "%s", e.msg);
		cr_assert_not(blocked, "failure %d", i);
		cr_assert_eq(store_login_limit_fail(st, "ip:1", 1000 + i, 60, &e), 0,
			     "%s", e.msg);
	}
	store_login_limit_blocked(st, "ip:1", 1030, 60, 3, &blocked, &e);
	cr_assert(blocked, "third failure fills the quota");
	store_login_limit_blocked(st, "ip:2", 1030, 60, 3, &blocked, &e);
	cr_assert_not(blocked, "another address is not");
	store_login_limit_blocked(st, "ip:1", 1030, 60, 0, &blocked, &e);
	cr_assert_not(blocked, "limit 0 is off");
	store_login_limit_blocked(st, "ip:1", 1060, 60, 3, &blocked, &e);
	cr_assert_not(blocked, "the window that began at 1000 is over");
	cr_assert_eq(store_login_limit_fail(st, "ip:1", 1061, 60, &e), 0);
	store_login_limit_blocked(st, "ip:1", 1062, 60, 2, &blocked, &e);
	cr_assert_not(blocked, "a new window counts from 1");
	cr_assert_eq(store_ops_counts(st, &n, &e), 0, "%s", e.msg);
	cr_assert_eq(n.outbox[0] + n.outbox[1] + n.rounds_published, 0);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}
