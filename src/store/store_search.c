/* store_search: see store_search.h. */
#include "store/store_search.h"

#include <ctype.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"

static bool word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

size_t search_words(const char *q, char words[][SEARCH_WORD_MAX + 1])
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(q ? q : "");
	while (*p && n < SEARCH_WORDS_MAX) {
		size_t len = 0;
		while (*p && !word_byte(*p))
			p++;
		if (!*p)
			break;
		while (*p && word_byte(*p)) {
			if (len < SEARCH_WORD_MAX)
				words[n][len++] = (char)tolower(*p);
			p++;
		}
		/* a cut may leave half a UTF-8 character: drop it */
		size_t k = len;
		while (k > 0 && ((unsigned char)words[n][k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && (unsigned char)words[n][k - 1] >= 0xc0) {
			unsigned char lead = (unsigned char)words[n][k - 1];
			size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			if (len - (k - 1) < need)
				len = k - 1;
		}
		words[n][len] = '\0';
		if (len)
			n++;
	}
	return n;
}

int store_search(struct store *st, enum search_kind kind,
		 int64_t programme_id, const char *query, struct arena *a,
		 int64_t **out, size_t *n, struct err *e)
{
	char words[SEARCH_WORDS_MAX][SEARCH_WORD_MAX + 1];
	size_t nw = search_words(query, words);
	const struct db_ops *ops = st->db->ops;
	const char *table = kind == SEARCH_PEOPLE ? "person" : "challenge";
	struct buf q, sql;
	int rc;
	*out = NULL;
	*n = 0;
	if (nw == 0)
		return err_field(e, ERR_INVALID, "q", "type a word to search for");
	buf_init(&q, 4096);
	buf_init(&sql, 4096);
	/* Words hold only letters and digits: no quote or operator of either
	 * engine's query language can be in them. */
	for (size_t i = 0; i < nw; i++) {
		if (i)
			buf_puts(&q, ops->search_and);
		buf_printf(&q, ops->search_word, words[i]);
	}
	buf_printf(&sql, ops->search_sql, table);
	rc = store_list(st, a, sizeof **out, store_row_id, out, n, e, buf_str(&sql),
			"it", programme_id, buf_str(&q));
	buf_release(&q);
	buf_release(&sql);
	return rc;
}
