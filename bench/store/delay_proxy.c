/*
 * delay_proxy: a TCP proxy on 127.0.0.1 that delivers every byte DELAY_MS
 * late in each direction (default 1 ms each way, so a round trip costs
 * 2 ms more), to measure cuppa against PostgreSQL as if over a real
 * network.  Order is kept and bandwidth is not limited: bytes read are
 * queued with their due time and written as soon as it comes.  One
 * thread, poll(); loopback only; for the benchmark, not for production.
 *
 *   delay_proxy LISTEN_PORT TARGET_PORT [DELAY_MS]
 *
 * Prints "listening PORT" once ready (LISTEN_PORT 0 picks a free port).
 * As each connection closes it prints "turns N" on stderr: how many times
 * the server answered after the client had spoken, i.e. the round trips
 * the connection waited for (a measure of latency cost that does not
 * depend on how loaded the machine is).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64
#define CHUNK (256 * 1024)

struct chunk {
	struct chunk *next;
	double due;
	size_t len, off;
	char data[];
};

struct pipe_dir {          /* bytes from fd `from` to fd `to` */
	int from, to;
	struct chunk *head, *tail;
	int eof;               /* `from` said it is done */
	int shut;              /* `to` has been told */
};

struct conn {
	int used;
	struct pipe_dir dir[2];
	int last;              /* direction of the last bytes read */
	long turns;
};

static struct conn conns[MAX_CONNS];
static double delay_s = 0.001;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nodelay(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void conn_close(struct conn *c)
{
	fprintf(stderr, "turns %ld\n", c->turns);
	for (int d = 0; d < 2; d++) {
		struct chunk *k = c->dir[d].head;
		while (k) {
			struct chunk *n = k->next;
			free(k);
			k = n;
		}
	}
	close(c->dir[0].from);
	close(c->dir[0].to);
	memset(c, 0, sizeof *c);
}

static void accept_one(int lfd, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int cfd = accept(lfd, NULL, NULL), sfd;
	if (cfd < 0)
		return;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sfd = socket(AF_INET, SOCK_STREAM, 0);
	if (sfd < 0 || connect(sfd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(cfd);
		if (sfd >= 0)
			close(sfd);
		return;
	}
	for (int i = 0; i < MAX_CONNS; i++)
		if (!conns[i].used) {
			nodelay(cfd);
			nodelay(sfd);
			conns[i].used = 1;
			conns[i].last = 1;
			conns[i].dir[0] = (struct pipe_dir){.from = cfd, .to = sfd};
			conns[i].dir[1] = (struct pipe_dir){.from = sfd, .to = cfd};
			return;
		}
	close(cfd);
	close(sfd);
}

/* Reads what `from` has into a new chunk due delay_s from now. */
static int dir_read(struct pipe_dir *p)
{
	struct chunk *k = malloc(sizeof *k + CHUNK);
	ssize_t n;
	if (!k)
		return -1;
	n = read(p->from, k->data, CHUNK);
	if (n <= 0) {
		free(k);
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			p->eof = 1;
		return 0;
	}
	k->next = NULL;
	k->due = now_s() + delay_s;
	k->len = (size_t)n;
	k->off = 0;
	if (p->tail)
		p->tail->next = k;
	else
		p->head = k;
	p->tail = k;
	return 0;
}

/* Writes due chunks; -1 when `to` is gone. */
static int dir_write(struct pipe_dir *p, double now)
{
	while (p->head && p->head->due <= now) {
		struct chunk *k = p->head;
		ssize_t n = write(p->to, k->data + k->off, k->len - k->off);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		k->off += (size_t)n;
		if (k->off < k->len)
			return 0;
		p->head = k->next;
		if (!p->head)
			p->tail = NULL;
		free(k);
	}
	if (!p->head && p->eof && !p->shut) {
		shutdown(p->to, SHUT_WR);
		p->shut = 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	int lfd, one = 1, target;
	if (argc < 3) {
		fprintf(stderr, "usage: delay_proxy LISTEN_PORT TARGET_PORT [DELAY_MS]\n");
		return 2;
	}
	target = atoi(argv[2]);
	if (argc > 3)
		delay_s = atof(argv[3]) / 1000.0;
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)atoi(argv[1]));
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 64) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) < 0) {
		perror("delay_proxy");
		return 1;
	}
	printf("listening %d\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;) {
		struct pollfd fds[1 + MAX_CONNS * 4];
		int map[1 + MAX_CONNS * 4][2], nf = 1;
		double now = now_s(), next = -1;
		fds[0] = (struct pollfd){.fd = lfd, .events = POLLIN};
		for (int i = 0; i < MAX_CONNS; i++) {
			if (!conns[i].used)
				continue;
			for (int d = 0; d < 2; d++) {
				struct pipe_dir *p = &conns[i].dir[d];
				if (!p->eof) {
					fds[nf] = (struct pollfd){.fd = p->from, .events = POLLIN};
					map[nf][0] = i, map[nf][1] = d, nf++;
				}
				if (p->head && p->head->due <= now) {
					fds[nf] = (struct pollfd){.fd = p->to, .events = POLLOUT};
					map[nf][0] = i, map[nf][1] = d + 2, nf++;
				} else if (p->head && (next < 0 || p->head->due < next)) {
					next = p->head->due;
				}
			}
		}
		long us = next < 0 ? 0 : (long)((next - now) * 1e6);
		struct timespec ts = {us > 0 ? us / 1000000 : 0,
				      us > 0 ? (us % 1000000) * 1000L : 0};
		if (ppoll(fds, (nfds_t)nf, next < 0 ? NULL : &ts, NULL) < 0 && errno != EINTR)
			return 1;
		if (fds[0].revents & POLLIN)
			accept_one(lfd, target);
		for (int f = 1; f < nf; f++) {
			struct conn *c = &conns[map[f][0]];
			if (!c->used || !fds[f].revents)
				continue;
			if (map[f][1] < 2) {
				int d = map[f][1];
				struct chunk *before = c->dir[d].tail;
				dir_read(&c->dir[d]);
				if (c->dir[d].tail != before) { /* bytes came */
					c->turns += d == 1 && c->last == 0;
					c->last = d;
				}
			}
		}
		now = now_s();
		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			if (dir_write(&c->dir[0], now) < 0 || dir_write(&c->dir[1], now) < 0 ||
			    (c->dir[0].shut && c->dir[1].shut))
				conn_close(c);
		}
	}
}
