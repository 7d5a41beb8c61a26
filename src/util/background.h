/*
 * background: the priority of threads that work behind the requests.
 */
#ifndef CUPPA_BACKGROUND_H
#define CUPPA_BACKGROUND_H

#include <sys/resource.h>
#include <unistd.h>

/* Lowers the calling thread's scheduling priority (on Linux a nice value
 * belongs to one thread), so work done behind the requests (recounting
 * the dashboard's figures, drawing insight pictures) takes the CPU the
 * requests leave, not their tail latency.  Best effort: where it is not
 * permitted the thread keeps its priority and is merely less polite. */
static inline void background_priority(void)
{
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 10) < 0)
		return;
}

#endif
