/* programme: see programme.h. */
#include "core/programme.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/person.h"
#include "text/text.h"

void programme_defaults(struct programme *p)
{
	memset(p, 0, sizeof *p);
	p->cadence_days = CADENCE_DEFAULT;
	p->group_size = 2;
	p->mix_attribute = "";
	p->mix_values = "";
	p->settings = "{}";
}

int programme_slugify(const char *name, char out[SLUG_MAX + 1], struct err *e)
{
	size_t n = 0;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)name; *p && n < SLUG_MAX; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (dash && n > 0 && n < SLUG_MAX - 1)
				out[n++] = '-';
			dash = false;
			out[n++] = (char)tolower(*p);
		} else {
			dash = true;
		}
	}
	out[n] = '\0';
	if (n == 0)
		return err_field(e, ERR_INVALID, "name",
				 N_("needs at least one letter or digit"));
	return 0;
}

static const char *const attr_names[] = {"organisation", "sector", "role"};

unsigned programme_attr_parse(const char *name)
{
	for (unsigned i = 0; i < 3; i++)
		if (strcmp(name, attr_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *programme_attr_name(unsigned attr)
{
	for (unsigned i = 0; i < 3; i++)
		if (attr == 1u << i)
			return attr_names[i];
	return "";
}

int programme_avoid_parse(const char *list, unsigned *out, struct err *e)
{
	char word[64];
	const char *p = list;
	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit;
		if (n == 0 || n >= sizeof word)
			return err_field(e, ERR_INVALID, "avoid-same",
					 N_("expects a list like 'organisation' or 'organisation,sector'"));
		memcpy(word, p, n);
		word[n] = '\0';
		bit = programme_attr_parse(word);
		if (!bit || bit == MATCH_ATTR_ROLE)
			return err_field(e, ERR_INVALID, "avoid-same",
					 N_("'%s' is not organisation or sector"), word);
		*out |= bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int programme_mix_parse(const char *spec, char attr[32], char values[256],
			struct err *e)
{
	const char *eq = strchr(spec, '=');
	const char *comma;
	if (!eq || (size_t)(eq - spec) >= 32)
		return err_field(e, ERR_INVALID, "mix",
				 N_("expects ATTRIBUTE=VALUE1,VALUE2 like role=user,staff"));
	memcpy(attr, spec, (size_t)(eq - spec));
	attr[eq - spec] = '\0';
	if (!programme_attr_parse(attr))
		return err_field(e, ERR_INVALID, "mix",
				 N_("'%s' is not organisation, sector or role"), attr);
	comma = strchr(eq + 1, ',');
	if (!comma || comma == eq + 1 || !comma[1] || strchr(comma + 1, ',') ||
	    strlen(eq + 1) >= 256)
		return err_field(e, ERR_INVALID, "mix",
				 N_("needs exactly two values, like role=user,staff"));
	if (!person_text_ok(eq + 1, false))
		return err_field(e, ERR_INVALID, "mix", N_("has invalid characters"));
	snprintf(values, 256, "%s", eq + 1);
	return 0;
}

/* Email subjects become a header line: a CR or LF in one would end the
 * header early (header injection), so a subject is refused, naming the
 * form field, rather than stored as typed.  Settings: {"mail": {KIND:
 * {"subject": ..., "body": ...}}}. */
static int mail_subjects_check(const char *settings, struct err *e)
{
	json_t *root, *mail, *texts;
	const char *kind;
	int rc = 0;
	if (!settings || !*settings)
		return 0;
	root = json_loads(settings, 0, NULL);
	mail = json_object_get(root, "mail");
	json_object_foreach(json_is_object(mail) ? mail : NULL, kind, texts) {
		const char *sub = json_string_value(json_object_get(texts, "subject"));
		if (sub && strpbrk(sub, "\r\n")) {
			char field[64];
			snprintf(field, sizeof field, "mail_%s_subject", kind);
			rc = err_field(e, ERR_INVALID, field,
				       N_("the %s email's subject must be one line "
				       "(it contains a line break)"), kind);
			break;
		}
	}
	json_decref(root);
	return rc;
}

int programme_validate(const struct programme *p, struct err *e)
{
	if (!p->name || !*p->name)
		return err_field(e, ERR_INVALID, "name", N_("is required"));
	if (strlen(p->name) > NAME_MAX_LEN || !person_text_ok(p->name, false))
		return err_field(e, ERR_INVALID, "name",
				 N_("must be at most %d characters of text"),
				 NAME_MAX_LEN);
	if (p->cadence_days < 1 || p->cadence_days > 365)
		return err_field(e, ERR_INVALID, "cadence-days",
				 N_("must be between 1 and 365 days"));
	if (p->group_size != 2 && p->group_size != 3)
		return err_field(e, ERR_INVALID, "group-size", N_("must be 2 or 3"));
	if (p->repeat_after < 0 || p->repeat_after > 1000)
		return err_field(e, ERR_INVALID, "repeat-after",
				 N_("must be between 0 (never) and 1000 rounds"));
	return mail_subjects_check(p->settings, e);
}

static int weight_get(json_t *obj, const char *key, int64_t *v, struct err *e)
{
	json_t *j = json_object_get(obj, key);
	if (!j)
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    json_integer_value(j) > 1000000)
		return err_field(e, ERR_INVALID, key,
				 N_("weight must be a whole number from 0 to 1000000"));
	*v = json_integer_value(j);
	return 0;
}

int programme_weights(const struct programme *p, struct match_weights *w,
		      struct err *e)
{
	json_t *root, *ws;
	int rc = 0;
	struct programme_board b;
	match_weights_default(w);
	programme_board(p, &b);
	/* On by default while the board is on; a set weight wins. */
	w->shared_challenge = b.on ? BOARD_CHALLENGE_WEIGHT : 0;
	if (!p->settings || !*p->settings)
		return 0;
	root = json_loads(p->settings, 0, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		return err_field(e, ERR_INVALID, "settings", N_("is not a JSON object"));
	}
	ws = json_object_get(root, "weights");
	if (ws && json_is_object(ws))
		rc = (weight_get(ws, "different_organisation", &w->different_organisation, e) ||
		      weight_get(ws, "different_sector", &w->different_sector, e) ||
		      weight_get(ws, "shared_topic", &w->shared_topic, e) ||
		      weight_get(ws, "priority", &w->priority, e) ||
		      weight_get(ws, "noise", &w->noise, e) ||
		      weight_get(ws, "trio_fairness", &w->trio_fairness, e) ||
		      weight_get(ws, "shared_challenge", &w->shared_challenge, e) ||
		      weight_get(ws, "new_connection", &w->new_connection, e) ||
		      weight_get(ws, "new_sector_connection",
				 &w->new_sector_connection, e)) ? -1 : 0;
	json_decref(root);
	return rc;
}

json_t *programme_weights_json(const struct programme *p)
{
	struct match_weights w;
	if (programme_weights(p, &w, NULL) < 0)
		return NULL;
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "different_organisation", (json_int_t)w.different_organisation,
			 "different_sector", (json_int_t)w.different_sector,
			 "shared_topic", (json_int_t)w.shared_topic,
			 "priority", (json_int_t)w.priority,
			 "noise", (json_int_t)w.noise,
			 "trio_fairness", (json_int_t)w.trio_fairness,
			 "shared_challenge", (json_int_t)w.shared_challenge,
			 "new_connection", (json_int_t)w.new_connection,
			 "new_sector_connection", (json_int_t)w.new_sector_connection);
}

static const char *const weight_names[] = {
	"different_organisation", "different_sector", "shared_topic",
	"priority", "noise", "trio_fairness", "shared_challenge",
	"new_connection", "new_sector_connection",
};

static bool weight_known(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof weight_names / sizeof weight_names[0]; i++)
		if (strlen(weight_names[i]) == len &&
		    strncmp(weight_names[i], name, len) == 0)
			return true;
	return false;
}

/* The "weights" object of a settings root, created when missing; NULL
 * with e set when root is not an object. */
static json_t *weights_object(json_t *root, struct err *e)
{
	if (!json_is_object(root)) {
		err_field(e, ERR_INVALID, "settings", N_("is not a JSON object"));
		return NULL;
	}
	json_t *ws = json_object_get(root, "weights");
	if (!json_is_object(ws)) {
		ws = json_object();
		json_object_set_new(root, "weights", ws);
	}
	return ws;
}

int programme_settings_dump(json_t *root, struct arena *a, char **out,
			    struct err *e)
{
	char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	*out = text ? arena_strdup(a, text) : NULL;
	free(text);
	return *out ? 0 : err_set(e, ERR_INTERNAL, "out of memory");
}

int programme_weights_set(const char *settings, const char *spec,
			  struct arena *a, char **out, struct err *e)
{
	json_t *root = json_loads(settings && *settings ? settings : "{}", 0, NULL);
	json_t *ws;
	const char *p = spec;
	int rc = -1;
	if (!(ws = weights_object(root, e)))
		goto done;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		char name[32], *end;
		long long v;
		if (!eq || !weight_known(p, (size_t)(eq - p))) {
			err_field(e, ERR_INVALID, "weights",
				  N_("'%.*s' is not NAME=N with NAME one of different_organisation,"
				  " different_sector, shared_topic, priority, noise,"
				  " trio_fairness, shared_challenge, new_connection,"
				  " new_sector_connection"), (int)len, p);
			goto done;
		}
		v = strtoll(eq + 1, &end, 10);
		if (end == eq + 1 || end != p + len || v < 0 || v > 1000000) {
			err_field(e, ERR_INVALID, "weights",
				  N_("'%.*s': the weight must be a whole number from 0 to 1000000"),
				  (int)len, p);
			goto done;
		}
		snprintf(name, sizeof name, "%.*s", (int)(eq - p), p);
		json_object_set_new(ws, name, json_integer(v));
		p += len + (p[len] == ',');
	}
	rc = programme_settings_dump(root, a, out, e);
done:
	json_decref(root);
	return rc;
}

int programme_settings_new(const char *settings, struct arena *a, char **out,
			   struct err *e)
{
	json_t *root = json_loads(settings && *settings ? settings : "{}", 0, NULL);
	json_t *ws;
	int rc = -1;
	if (!(ws = weights_object(root, e)))
		goto done;
	if (!json_object_get(ws, "new_connection"))
		json_object_set_new(ws, "new_connection",
				    json_integer(PROGRAMME_NEW_CONNECTION));
	rc = programme_settings_dump(root, a, out, e);
done:
	json_decref(root);
	return rc;
}

/* ---- the challenges board: settings {"board": {"on": true,
 * "moderation": "before"|"after"}} ---- */

void programme_board(const struct programme *p, struct programme_board *out)
{
	json_t *root, *b;
	out->on = false;
	out->moderate_before = true;
	if (!p->settings || !strstr(p->settings, "\"board\""))
		return;
	root = json_loads(p->settings, 0, NULL);
	b = json_object_get(root, "board");
	if (json_is_object(b)) {
		out->on = json_is_true(json_object_get(b, "on"));
		json_t *m = json_object_get(b, "moderation");
		out->moderate_before = !(json_is_string(m) &&
					 !strcmp(json_string_value(m), "after"));
	}
	json_decref(root);
}

int programme_board_set(const char *settings, const char *on,
			const char *moderation, struct arena *a, char **out,
			struct err *e)
{
	json_t *root = json_loads(settings && *settings ? settings : "{}", 0, NULL);
	json_t *b;
	int rc = -1;
	if (!json_is_object(root)) {
		err_field(e, ERR_INVALID, "settings", N_("is not a JSON object"));
		goto done;
	}
	if (on && strcmp(on, "on") && strcmp(on, "off")) {
		err_field(e, ERR_INVALID, "board", N_("must be on or off"));
		goto done;
	}
	if (moderation && strcmp(moderation, "before") && strcmp(moderation, "after")) {
		err_field(e, ERR_INVALID, "board-moderation",
			  N_("must be before (posts wait for approval) or after"));
		goto done;
	}
	b = json_object_get(root, "board");
	if (!json_is_object(b)) {
		b = json_object();
		json_object_set_new(root, "board", b);
	}
	if (on)
		json_object_set_new(b, "on", json_boolean(!strcmp(on, "on")));
	if (moderation)
		json_object_set_new(b, "moderation", json_string(moderation));
	if (programme_settings_dump(root, a, out, e) < 0)
		goto done;
	rc = 0;
done:
	json_decref(root);
	return rc;
}
