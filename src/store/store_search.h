/*
 * store_search: the one full-text search of cuppa, over the people of a
 * programme (name, email, organisation, sector, role, topics, intro) and
 * its challenges (title, body, topics).  Two backends behind it: SQLite
 * FTS5 and PostgreSQL tsvector (migrations 754/755 keep the indexes up
 * to date by themselves).  Every word of the query must match, each as a
 * prefix ("lonel" finds "loneliness"), ignoring case; punctuation
 * separates words and never reaches the engine's query syntax.
 */
#ifndef CUPPA_STORE_SEARCH_H
#define CUPPA_STORE_SEARCH_H

#include <stdint.h>

#include "store/store.h"

enum search_kind { SEARCH_PEOPLE, SEARCH_CHALLENGES };

#define SEARCH_WORDS_MAX 8
#define SEARCH_WORD_MAX 64

/* The ids of the programme's people or challenges that match query,
 * ascending, in a.  ERR_INVALID (field "q") when the query has no word. */
int store_search(struct store *st, enum search_kind kind,
		 int64_t programme_id, const char *query, struct arena *a,
		 int64_t **out, size_t *n, struct err *e);

/* Splits query into at most SEARCH_WORDS_MAX words of letters and digits
 * (bytes >= 0x80 count as letters, so UTF-8 words stay whole), each cut
 * to SEARCH_WORD_MAX bytes, lower-cased for ASCII.  Returns the count. */
size_t search_words(const char *query, char words[][SEARCH_WORD_MAX + 1]);

#endif
