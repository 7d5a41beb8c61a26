/* libFuzzer target: the template engine, with the fuzzer's bytes as the
 * template and a fixed context of strings, booleans, objects and lists.
 * Must never crash, loop or read out of bounds; and since every value of
 * the context is hostile markup, an escaped {{value}} must never let a
 * raw '<' of the data through: any '<' in the output comes from the
 * template itself or from an {{&...}} tag.  The same bytes as a plain-
 * text template shown as HTML (TMPL_TEXT_HTML, an email's HTML part):
 * there nothing of the template or the data may give a raw '<' but the
 * markup it makes itself (<br>, </p><p>) and a value's own markup. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf out;
	struct err e = {0};
	char *t = malloc(size + 1);
	if (!t)
		return 0;
	memcpy(t, data, size);
	t[size] = '\0';
	arena_init(&a, 0);
	/* 1.5 KiB, four times the longest input (an escaped '<' is four
	 * bytes): nested lists reach any cap, and the engine's work is
	 * bounded by it (one step per byte), so a larger one only makes each
	 * run slower, not different */
	buf_init(&out, 1536);
	struct tv *ctx = tv_obj(&a), *list = tv_list(&a), *obj = tv_obj(&a);
	tv_set(ctx, "name", "<script>\"x\"&'y'</script>");
	tv_set(ctx, "empty", "");
	tv_set_bool(ctx, "yes", true);
	tv_set_bool(ctx, "no", false);
	tv_set(obj, "inner", "<b>");
	tv_set_tv(ctx, "obj", obj);
	for (int i = 0; i < 3; i++) {
		struct tv *o = tv_push(list);
		tv_setf(o, "i", "%d<", i);
		tv_set(o, ".", "<item>");
	}
	tv_set_tv(ctx, "list", list);
	tv_set_tv(ctx, "none", tv_list(&a));
	if (tmpl_render(&out, t, ctx, &e) == 0) {
		/* Without '<' and '&' tags in the template, no '<' may appear. */
		if (!memchr(t, '<', size) && !strstr(t, "{{&") &&
		    memchr(buf_str(&out), '<', buf_len(&out)))
			abort();
	}
	buf_reset(&out);
	tv_set_markup(ctx, "link", "<u>", "<a href=\"u\">u</a>");
	if (tmpl_render_mode(&out, t, ctx, LANG_EN, TMPL_TEXT_HTML, &e) == 0) {
		/* every '<' opens <br>, </p>, <p> or the link's own markup */
		for (const char *p = buf_str(&out); (p = strchr(p, '<')); p++)
			if (strncmp(p, "<br>", 4) && strncmp(p, "</p>", 4) &&
			    strncmp(p, "<p>", 3) && strncmp(p, "<a href=\"u\">", 12) &&
			    strncmp(p, "</a>", 4))
				abort();
	}
	buf_release(&out);
	arena_release(&a);
	free(t);
	return 0;
}
