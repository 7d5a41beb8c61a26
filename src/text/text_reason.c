/*
 * text_reason: why the matcher could not place someone, in the reader's
 * language.  The matcher returns a code with its counts and names
 * ("nobody|3|1|0", match.h); the store keeps it beside the English
 * sentence; this turns it back into a sentence from the catalogue.
 * Rows stored before the codes (code "") show their English sentence,
 * through the catalogue in case it is a fixed one.
 */
#include "text/text.h"

#include <string.h>

/* Each code: its name, the number of '|' fields after it, its format
 * (every argument a %s: the fields as stored, attribute names
 * translated). */
static const struct {
	const char *code;
	int nargs;
	const char *fmt;
	unsigned attrs; /* bit i: field i is an attribute name */
} reasons[] = {
	{"alone", 0, N_("the only person in the round"), 0},
	{"uncounted", 0, N_("no allowed partner or group left under the hard "
			    "rules (history, block list, avoided attributes)"), 0},
	{"uncounted_mix", 0, N_("no allowed partner or group left under the "
				"hard rules (history, block list, mix rule)"), 0},
	{"mix_none", 2, N_("mix rule: nobody has %s=%s to be grouped with"), 0},
	{"mix_value", 4, N_("has no %s value of the mix rule and no mixed pair "
			    "may take them (%s met before or blocked, %s same "
			    "%s)"), 1u | 8u},
	{"nobody", 3, N_("nobody left they may meet: %s met before or blocked, "
			 "%s share an avoided attribute, %s fail the mix rule"), 0},
	{"groups_full", 1, N_("the %s people they may meet are all in groups "
			      "that cannot take them (the other members met "
			      "them before, are blocked or break a rule)"), 0},
};

void text_unplaced(struct buf *out, enum lang l, const char *code,
		   const char *sentence)
{
	char f[5][64];
	int nf = 0;
	const char *p = code ? code : "";
	/* split "name|a|b..." into f[0..nf) */
	while (*p && nf < 5) {
		size_t n = strcspn(p, "|");
		if (n >= sizeof f[0])
			break;
		memcpy(f[nf], p, n);
		f[nf++][n] = '\0';
		p += n;
		if (*p == '|')
			p++;
		else
			break;
	}
	for (size_t i = 0; nf && i < sizeof reasons / sizeof reasons[0]; i++) {
		if (strcmp(reasons[i].code, f[0]) || reasons[i].nargs != nf - 1)
			continue;
		const char *arg[4] = {"", "", "", ""};
		for (int k = 0; k < reasons[i].nargs; k++)
			arg[k] = (reasons[i].attrs >> k) & 1u ? text_get(l, f[k + 1])
							    : f[k + 1];
		struct err e = {0};
		err_set(&e, ERR_CONFLICT, reasons[i].fmt, arg[0], arg[1], arg[2],
			arg[3]);
		text_err(out, l, &e);
		return;
	}
	buf_puts(out, text_get(l, sentence ? sentence : ""));
}

char *text_unplaced_pack(struct arena *a, const char *code,
			 const char *sentence)
{
	if (!sentence)
		sentence = "";
	if (!code || !*code)
		return arena_strdup(a, sentence);
	char *d = arena_printf(a, "%s\t%s", code, sentence);
	/* the code's names are people's values: a tab in one must not
	 * move the split (the sentence is the matcher's own) */
	for (size_t i = 0, n = strlen(code); d && i < n; i++)
		if (d[i] == '\t')
			d[i] = ' ';
	return d;
}

void text_unplaced_packed(struct buf *out, enum lang l, const char *packed)
{
	char code[128];
	const char *p = packed ? packed : "";
	const char *tab = strchr(p, '\t');
	size_t n = tab ? (size_t)(tab - p) : 0;
	if (n >= sizeof code)
		n = 0; /* no code is that long: say the sentence */
	memcpy(code, p, n);
	code[n] = '\0';
	text_unplaced(out, l, code, tab ? tab + 1 : p);
}
