/*
 * failalloc: the allocation-failure test mode, as SQLite's tests do it.
 * The unit binary is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup and strndup, so every allocation made by cuppa's own code (and
 * by the tests) passes through here; libraries' own allocations (SQLite,
 * jansson) do not.  Off by default: then every call passes straight on.
 *
 * failalloc_arm(n) makes the n-th allocation from now fail (once: later
 * ones succeed again, the harder case for error paths); failalloc_disarm
 * turns it off and says whether a failure was injected.  A test runs an
 * operation for n = 1, 2, 3, ... until it succeeds with no failure
 * injected, checking after each failure that the operation returned an
 * error and left nothing half-done; ASan's leak check covers the rest.
 */
#ifndef CUPPA_TEST_FAILALLOC_H
#define CUPPA_TEST_FAILALLOC_H

#include <stdbool.h>

void failalloc_arm(long n);
bool failalloc_disarm(void);

#endif
