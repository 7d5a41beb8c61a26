/* programme_lang: a programme's languages, kept in its settings JSON
 * (see programme.h). */
#include "core/programme.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

void programme_languages(const struct programme *p, struct lang_list *out)
{
	json_t *root;
	*out = (struct lang_list){.v = {LANG_EN}, .n = 1};
	if (!p->settings || !strstr(p->settings, "\"languages\""))
		return;
	root = json_loads(p->settings, 0, NULL);
	json_t *v = json_object_get(root, "languages");
	if (json_is_string(v) &&
	    lang_list_parse(json_string_value(v), "languages", out, NULL) < 0)
		*out = (struct lang_list){.v = {LANG_EN}, .n = 1};
	json_decref(root);
}

int programme_languages_set(const char *settings, const char *spec,
			    const char *field, struct arena *a, char **out,
			    struct err *e)
{
	struct lang_list l;
	char code[16];
	int rc = -1;
	json_t *root = NULL;
	if (lang_list_parse(spec, field, &l, e) < 0)
		return -1;
	root = json_loads(settings && *settings ? settings : "{}", 0, NULL);
	if (!json_is_object(root)) {
		err_field(e, ERR_INVALID, "settings", "is not a JSON object");
		goto done;
	}
	lang_list_format(&l, code, sizeof code);
	json_object_set_new(root, "languages", json_string(code));
	if (programme_settings_dump(root, a, out, e) < 0)
		goto done;
	rc = 0;
done:
	json_decref(root);
	return rc;
}
