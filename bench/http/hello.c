/*
 * The baseline for bench/http: a bare libmicrohttpd server with the same
 * threading as `cuppa serve` (epoll, internal thread pool) that answers
 * "hello" on the second handler call (as cuppa does, so keep-alive
 * stays on).  Built by bench/http/run; not part of cuppa.
 *   hello PORT THREADS
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	static int marker;
	static const char body[] = "hello\n";
	struct MHD_Response *r;
	enum MHD_Result ret;
	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	if (*con_cls == NULL) {
		*con_cls = &marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
					    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "text/plain");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	sigset_t set;
	int sig;
	if (argc != 3)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD, (uint16_t)atoi(argv[1]), NULL, NULL,
		on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)atoi(argv[2]), MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_END);
	if (!d)
		return 1;
	printf("hello: listening on %s\n", argv[1]);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
