/* monitor: see monitor.h. */
#include "web/monitor.h"

#include <string.h>

/* Upper bounds of the histogram buckets in seconds; the last is +Inf. */
static const double bounds[MONITOR_BUCKETS - 1] = {
	0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
};

void monitor_init(struct monitor *m)
{
	memset(m, 0, sizeof *m);
	pthread_mutex_init(&m->mo_lock, NULL);
}

void monitor_release(struct monitor *m)
{
	pthread_mutex_destroy(&m->mo_lock);
}

void monitor_record(struct monitor *m, const char *route, int status,
		    double seconds)
{
	int b = 0, i;
	if (!route)
		route = "-";
	while (b < MONITOR_BUCKETS - 1 && seconds > bounds[b])
		b++;
	pthread_mutex_lock(&m->mo_lock);
	for (i = 0; i < m->mo_n; i++)
		if (m->mo_slots[i].status == status &&
		    strcmp(m->mo_slots[i].route, route) == 0)
			break;
	if (i == m->mo_n && m->mo_n < MONITOR_SLOTS) {
		m->mo_slots[i].route = route;
		m->mo_slots[i].status = status;
		m->mo_n++;
	}
	if (i < m->mo_n)
		m->mo_slots[i].count++;
	else
		m->mo_other++;
	m->mo_bucket[b]++;
	m->mo_sum += seconds;
	m->mo_count++;
	pthread_mutex_unlock(&m->mo_lock);
}

void monitor_label(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
}

void monitor_write(struct monitor *m, struct buf *b)
{
	uint64_t cum = 0;
	pthread_mutex_lock(&m->mo_lock);
	buf_puts(b, "# HELP cuppa_http_requests_total HTTP requests answered,"
		 " by route pattern and status.\n"
		 "# TYPE cuppa_http_requests_total counter\n");
	for (int i = 0; i < m->mo_n; i++) {
		buf_puts(b, "cuppa_http_requests_total{route=\"");
		monitor_label(b, m->mo_slots[i].route);
		buf_printf(b, "\",status=\"%d\"} %llu\n", m->mo_slots[i].status,
			   (unsigned long long)m->mo_slots[i].count);
	}
	if (m->mo_other)
		buf_printf(b, "cuppa_http_requests_total{route=\"(other)\","
			   "status=\"0\"} %llu\n",
			   (unsigned long long)m->mo_other);
	buf_puts(b, "# HELP cuppa_http_request_duration_seconds Time from the"
		 " request's headers to its answer.\n"
		 "# TYPE cuppa_http_request_duration_seconds histogram\n");
	for (int i = 0; i < MONITOR_BUCKETS; i++) {
		cum += m->mo_bucket[i];
		if (i < MONITOR_BUCKETS - 1)
			buf_printf(b, "cuppa_http_request_duration_seconds_bucket"
				   "{le=\"%g\"} %llu\n", bounds[i],
				   (unsigned long long)cum);
		else
			buf_printf(b, "cuppa_http_request_duration_seconds_bucket"
				   "{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
	}
	buf_printf(b, "cuppa_http_request_duration_seconds_sum %.6f\n"
		   "cuppa_http_request_duration_seconds_count %llu\n",
		   m->mo_sum, (unsigned long long)m->mo_count);
	pthread_mutex_unlock(&m->mo_lock);
}
