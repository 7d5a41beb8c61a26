/* Unit tests of web/ratelimit: the per-address failure limit, its window,
 * and its fixed size under a flood of new addresses. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "web/ratelimit.h"

Test(web_ratelimit, blocks_after_max_until_window_ends)
{
	struct ratelimit rl;
	struct err e = {0};
	cr_assert_eq(ratelimit_init(&rl, 8, 3, 60, &e), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_not(ratelimit_blocked(&rl, "10.0.0.1", 1000 + i));
		ratelimit_fail(&rl, "10.0.0.1", 1000 + i);
	}
	cr_assert(ratelimit_blocked(&rl, "10.0.0.1", 1010));
	cr_assert_not(ratelimit_blocked(&rl, "10.0.0.2", 1010), "others unaffected");
	cr_assert(ratelimit_blocked(&rl, "10.0.0.1", 1059));
	cr_assert_not(ratelimit_blocked(&rl, "10.0.0.1", 1060), "window over");
	ratelimit_release(&rl);
}

Test(web_ratelimit, bounded_under_a_flood)
{
	struct ratelimit rl;
	struct err e = {0};
	char key[32];
	cr_assert_eq(ratelimit_init(&rl, 16, 2, 600, &e), 0);
	ratelimit_fail(&rl, "victim", 0);
	ratelimit_fail(&rl, "victim", 0);
	cr_assert(ratelimit_blocked(&rl, "victim", 1));
	for (int i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "flood-%d", i);
		ratelimit_fail(&rl, key, 2 + i / 1000);
	}
	cr_assert_eq(ratelimit_used(&rl, 20), 16, "never more than the slots");
	/* The oldest entry was reused first. */
	cr_assert_not(ratelimit_blocked(&rl, "victim", 20));
	ratelimit_release(&rl);
}

Test(web_ratelimit, zero_max_is_off)
{
	struct ratelimit rl;
	struct err e = {0};
	cr_assert_eq(ratelimit_init(&rl, 4, 0, 60, &e), 0);
	for (int i = 0; i < 10; i++)
		ratelimit_fail(&rl, "a", 0);
	cr_assert_not(ratelimit_blocked(&rl, "a", 0));
	ratelimit_release(&rl);
}
