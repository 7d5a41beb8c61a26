/* Community pieces below the web: the search query's words, the board
 * settings, and the matcher's shared_challenge weight. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/programme.h"
#include "match/match.h"
#include "store/store_search.h"

Test(search, words)
{
	char w[SEARCH_WORDS_MAX][SEARCH_WORD_MAX + 1];
	cr_assert_eq(search_words("Loneliness, older-TENANTS!", w), 3);
	cr_assert_str_eq(w[0], "loneliness");
	cr_assert_str_eq(w[1], "older");
	cr_assert_str_eq(w[2], "tenants");
	cr_assert_eq(search_words("\"; DROP TABLE x; -- NEAR(*)", w), 4);
	for (int i = 0; i < 4; i++)
		cr_assert_null(strpbrk(w[i], "\"*();-: "));
	cr_assert_eq(search_words("  @@ ** ", w), 0);
	cr_assert_eq(search_words("caf\xc3\xa9 gw\xc3\xaan", w), 2);
	cr_assert_str_eq(w[0], "caf\xc3\xa9");
	/* a long word is cut, never inside a UTF-8 character */
	char big[200];
	memset(big, 'a', 63);
	strcpy(big + 63, "\xc3\xa9xyz");
	cr_assert_eq(search_words(big, w), 1);
	cr_assert_eq(strlen(w[0]), 63);
	cr_assert_eq(search_words("a b c d e f g h i j", w), SEARCH_WORDS_MAX);
}

Test(board, settings)
{
	struct arena a;
	struct err e = {0};
	struct programme p = {.settings = "{}"};
	struct programme_board b;
	struct match_weights w;
	char *s;
	arena_init(&a, 0);
	programme_board(&p, &b);
	cr_assert(!b.on && b.moderate_before);
	cr_assert_eq(programme_weights(&p, &w, &e), 0);
	cr_assert_eq(w.shared_challenge, 0);
	cr_assert_eq(programme_board_set(p.settings, "on", "after", &a, &s, &e), 0);
	p.settings = s;
	programme_board(&p, &b);
	cr_assert(b.on && !b.moderate_before);
	cr_assert_eq(programme_weights(&p, &w, &e), 0);
	cr_assert_eq(w.shared_challenge, BOARD_CHALLENGE_WEIGHT);
	cr_assert_eq(programme_weights_set(p.settings, "shared_challenge=7", &a, &s, &e), 0);
	p.settings = s;
	cr_assert_eq(programme_weights(&p, &w, &e), 0);
	cr_assert_eq(w.shared_challenge, 7);
	cr_assert_eq(programme_board_set(p.settings, "maybe", NULL, &a, &s, &e), -1);
	cr_assert_str_eq(e.field, "board");
	cr_assert_eq(programme_board_set(p.settings, NULL, "never", &a, &s, &e), -1);
	arena_release(&a);
}

/* Whether people x and y are in one group of r. */
static bool paired(const struct match_result *r, uint32_t x, uint32_t y)
{
	for (size_t g = 0; g < r->ngroups; g++) {
		bool hx = false, hy = false;
		for (int m = 0; m < r->groups[g].n; m++) {
			hx |= r->groups[g].member[m] == x;
			hy |= r->groups[g].member[m] == y;
		}
		if (hx && hy)
			return true;
	}
	return false;
}

Test(match, shared_challenge_pairs_and_yields_to_hard_rules)
{
	static const int64_t c1[] = {42};
	struct match_person p[4] = {
		{.id = "a", .organisation = "A", .sector = "", .role = "", .challenges = c1, .nchallenges = 1},
		{.id = "b", .organisation = "B", .sector = "", .role = "", .challenges = c1, .nchallenges = 1},
		{.id = "c", .organisation = "C", .sector = "", .role = ""},
		{.id = "d", .organisation = "D", .sector = "", .role = ""},
	};
	struct match_input in = {.seed = 1, .group_size = 2, .people = p, .npeople = 4};
	struct match_result r = {0};
	struct err e = {0};
	match_weights_default(&in.weights);
	in.weights.noise = 0;
	in.weights.shared_challenge = 200;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		in.seed = seed;
		cr_assert_eq(match_run(&in, &r, &e), 0, "%s", e.msg);
		cr_assert(paired(&r, 0, 1), "a and b share a challenge: paired");
		match_result_release(&r);
	}
	/* a hard rule wins: same organisation is never paired */
	p[1].organisation = "A";
	in.avoid_same = MATCH_ATTR_ORGANISATION;
	cr_assert_eq(match_run(&in, &r, &e), 0);
	cr_assert(!paired(&r, 0, 1), "colleagues are never paired, shared or not");
	match_result_release(&r);
}
