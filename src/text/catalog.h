/*
 * catalog: the compiled translation tables, generated at build time by
 * scripts/po2c from po/LANG.po into build/gen/text_catalog.c.  Internal
 * to src/text/: everything else calls text.h.
 *
 * Each table is sorted by msgid in byte order (strcmp) so text.c finds an
 * entry by binary search.  A singular entry has one form; a plural entry
 * (msgid_plural) as many forms as its language's nplurals.  Untranslated
 * and fuzzy entries are left out, so lookups fall back to English.
 */
#ifndef CUPPA_TEXT_CATALOG_H
#define CUPPA_TEXT_CATALOG_H

#include <stddef.h>

#define TEXT_MAX_FORMS 6

struct text_entry {
	const char *msgid;
	size_t msgid_len;
	int nforms;                            /* 1, or nplurals */
	const char *forms[TEXT_MAX_FORMS];
};

extern const struct text_entry text_catalog_cy[];
extern const size_t text_catalog_cy_count;

#endif
