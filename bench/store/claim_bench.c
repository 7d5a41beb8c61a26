/*
 * claim_bench: the time of one mail worker's batch claim (the statement
 * `cuppa mail run` issues before each batch), on any store target.
 *   claim_bench TARGET BATCH REPEATS  -> prints the median in ms
 * Each claim is given back at once (store_mail_release), so every
 * repeat claims the same queued rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/store_mail.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct err e = {0};
	double t[1000];
	int batch = argc > 2 ? atoi(argv[2]) : 50;
	int reps = argc > 3 ? atoi(argv[3]) : 20;
	size_t got = 0;
	if (argc < 2 || reps < 1 || reps > 1000) {
		fprintf(stderr, "usage: claim_bench TARGET [BATCH] [REPEATS]\n");
		return 2;
	}
	if (store_open(argv[1], &st, &e) < 0) {
		fprintf(stderr, "claim_bench: %s\n", e.msg);
		return 1;
	}
	for (int i = 0; i < reps; i++) {
		struct arena a;
		struct mail_row *rows;
		char token[32];
		int64_t now = (int64_t)time(NULL) + 3600;
		arena_init(&a, 0);
		snprintf(token, sizeof token, "bench#%d", i);
		double t0 = now_ms();
		if (store_mail_claim(st, token, now, now + 300, batch, &a, &rows, &got,
				     &e) < 0) {
			fprintf(stderr, "claim_bench: %s\n", e.msg);
			return 1;
		}
		t[i] = now_ms() - t0;
		arena_release(&a);
		if (store_mail_release(st, token, &e) < 0) {
			fprintf(stderr, "claim_bench: %s\n", e.msg);
			return 1;
		}
	}
	qsort(t, (size_t)reps, sizeof t[0], cmp_double);
	printf("%.3f %zu\n", t[reps / 2], got);
	store_close(st);
	return got == (size_t)batch ? 0 : 1;
}
