/*
 * text: the words people read, in Welsh and English (docs/text.md).
 *
 * The catalogue is standard gettext PO (po/cuppa.pot, po/cy.po).  At
 * build time scripts/po2c turns each PO file into a sorted C table
 * compiled into the binary (build/gen/text_catalog.c), so nothing depends
 * on the system's locales and the language is a plain argument of every
 * call: any thread may render any language at any moment.  English is
 * the source language: a msgid is the English text itself, so an English
 * lookup costs nothing and a missing translation falls back to English.
 *
 * Marking text for translation (xgettext finds these; `make po`):
 *   T_(lang, "msgid")                  the text in lang
 *   TN_(lang, "one", "many", n)        a plural form for n (Welsh has six)
 *   N_("msgid")                        only marks a string kept in a table;
 *                                      translate it later with T_(lang, s)
 * Templates mark text with {{#_}}...{{/_}} (text/tmpl.h); mail texts are
 * marked by living in mail/message_text.c's table (N_).
 *
 * Every string returned is static (the catalogue's or the caller's own):
 * nothing to free.
 */
#ifndef CUPPA_TEXT_H
#define CUPPA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

enum lang { LANG_EN = 0, LANG_CY = 1, LANG_COUNT };

/* An ordered set of languages: a programme's ("cy,en": Welsh first). */
struct lang_list {
	enum lang v[LANG_COUNT];
	int n;
};

/* "en", "cy". */
const char *lang_code(enum lang l);
/* The language's name in itself: "English", "Cymraeg". */
const char *lang_name(enum lang l);
/* Parses "en" or "cy" (any case); -1 for anything else, out untouched. */
int lang_parse(const char *s, enum lang *out);
/* Parses a programme's languages: "en", "cy", "cy,en" or "en,cy" (the
 * first is the programme's main language).  Fails naming field with a
 * sentence on anything else (unknown code, repeat, empty). */
int lang_list_parse(const char *s, const char *field, struct lang_list *out,
		    struct err *e);
/* "cy,en" into out (8 bytes is enough). */
void lang_list_format(const struct lang_list *l, char *out, size_t size);
bool lang_list_has(const struct lang_list *l, enum lang x);
/* Both languages, Welsh first: what pages tied to no programme offer. */
struct lang_list lang_list_all(void);

#define N_(s) s
#define T_(lang, s) text_get((lang), (s))
#define TN_(lang, s, p, n) text_nget((lang), (s), (p), (n))

/* msgid in lang (msgid itself when English or untranslated). */
const char *text_get(enum lang l, const char *msgid);
/* The same for a msgid of len bytes (not NUL-terminated): the
 * translation, or NULL when lang is English or has none. */
const char *text_find(enum lang l, const char *msgid, size_t len);
/* The plural form for n: English one/many; Welsh one of six forms
 * (plural=(n==0)?0:(n==1)?1:(n==2)?2:(n==3)?3:(n==6)?4:5). */
const char *text_nget(enum lang l, const char *one, const char *many, long n);
/* The index of n's plural form in lang (0..nplurals-1). */
int text_plural(enum lang l, long n);
/* Number of translated entries in lang (0 for English). */
size_t text_count(enum lang l);

/* Appends e's sentence in lang: the translation of its format (e->id)
 * filled with its arguments, else the translation of the finished
 * sentence, else the English sentence. */
void text_err(struct buf *out, enum lang l, const struct err *e);

/* Appends why the matcher could not place someone: code as the matcher
 * made it ("nobody|3|1|0", match.h's match_unplaced), else (rows stored
 * before codes) the English sentence through the catalogue. */
void text_unplaced(struct buf *out, enum lang l, const char *code,
		   const char *sentence);
/* The two kept together in one stored text (an outbox row's detail, a
 * round change's): "CODE\tSENTENCE", or the sentence alone when there
 * is no code; a tab inside the code (a person's value) becomes a space.
 * In a; NULL when out of memory. */
char *text_unplaced_pack(struct arena *a, const char *code,
			 const char *sentence);
/* text_unplaced of such a stored text (one stored before codes: its
 * sentence). */
void text_unplaced_packed(struct buf *out, enum lang l, const char *packed);

/* ---- choosing the reader's language ---- */

/* The best language of offered for an Accept-Language header: the
 * highest q (ties: the earlier range), "cy-GB" matching "cy", "*"
 * matching offered's first.  -1 when nothing offered is acceptable. */
int text_accept(const char *header, const struct lang_list *offered,
		enum lang *out);
/* The reader's language: the first of prefs (codes, NULL or "" when
 * unknown) that offered holds, else the Accept-Language choice, else
 * offered's first.  Pages pass (cookie, person's choice), mail passes
 * (person's choice): see docs/text.md. */
enum lang text_choose(const struct lang_list *offered,
		      const char *const *prefs, size_t nprefs,
		      const char *accept_language);

/* ---- dates ---- */

/* wday 0 = Sunday: "Monday" / "dydd Llun". */
const char *text_weekday(enum lang l, int wday);
/* month 1..12: "January" / "Ionawr". */
const char *text_month(enum lang l, int month);

enum {
	TEXT_DATE_WEEKDAY = 1, /* "Monday 5 January" */
	TEXT_DATE_YEAR = 2,    /* "... 2027" */
	TEXT_DATE_ON = 4,      /* "on Monday ..."; Welsh "ar ddydd Llun"
				* (the soft mutation after "ar") */
};
/* Appends the civil date y-m-d in lang to out, as flags ask. */
void text_date(struct buf *out, enum lang l, int64_t y, unsigned m,
	       unsigned d, unsigned flags);
/* The same for a "YYYY-MM-DD" day; -1 (out untouched) if it does not
 * parse. */
int text_day(struct buf *out, enum lang l, const char *day, unsigned flags);

#endif
