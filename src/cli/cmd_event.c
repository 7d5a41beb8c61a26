/* cuppa event plan: a speed-networking or workshop schedule for one
 * session, from a CSV of the people in the room (see match/event.h). */
#include "cli/commands.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/templates.h"
#include "match/event.h"
#include "text/tmpl.h"
#include "util/buf.h"

#define EV_MAX_FILE ((size_t)16 << 20)

struct ev_row {
	char *f[5]; /* id, name, organisation, role, sector */
};

struct ev_csv {
	int col[5];          /* column index of each field, -1 absent */
	int ncol;
	bool header_done;
	int field;
	char *cur[16];
	struct ev_row *rows;
	size_t nrows, cap;
	bool oom;
	size_t line;
};

static const char *const EV_COLS[5] = { "id", "name", "organisation", "role",
					"sector" };

static void ev_field(void *s, size_t len, void *data)
{
	struct ev_csv *c = data;
	if (c->field < 16) {
		c->cur[c->field] = strndup(s ? s : "", len);
		if (!c->cur[c->field])
			c->oom = true;
	}
	c->field++;
}

static void ev_row_end(int ch, void *data)
{
	struct ev_csv *c = data;
	(void)ch;
	c->line++;
	int nf = c->field < 16 ? c->field : 16;
	if (!c->header_done) {
		for (int k = 0; k < 5; k++)
			c->col[k] = -1;
		for (int i = 0; i < nf; i++) {
			char *h = c->cur[i];
			if (i == 0 && (unsigned char)h[0] == 0xEF &&
			    (unsigned char)h[1] == 0xBB && (unsigned char)h[2] == 0xBF)
				h += 3; /* byte-order mark */
			for (int k = 0; k < 5; k++)
				if (strcasecmp(h, EV_COLS[k]) == 0)
					c->col[k] = i;
		}
		c->header_done = true;
	} else if (!(nf == 1 && c->cur[0][0] == '\0')) {
		if (c->nrows == c->cap) {
			size_t cap = c->cap * 2 + 16;
			struct ev_row *r = realloc(c->rows, cap * sizeof *r);
			if (!r) {
				c->oom = true;
				goto out;
			}
			c->rows = r;
			c->cap = cap;
		}
		struct ev_row *r = &c->rows[c->nrows++];
		for (int k = 0; k < 5; k++) {
			int i = c->col[k];
			r->f[k] = strdup(i >= 0 && i < nf ? c->cur[i] : "");
			if (!r->f[k])
				c->oom = true;
		}
	}
out:
	for (int i = 0; i < nf; i++)
		free(c->cur[i]);
	c->field = 0;
}

static void ev_csv_release(struct ev_csv *c)
{
	for (size_t i = 0; i < c->nrows; i++)
		for (int k = 0; k < 5; k++)
			free(c->rows[i].f[k]);
	free(c->rows);
}

static char *read_file(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_field(e, ERR_IO, path, "%s", strerror(errno));
		return NULL;
	}
	char *buf = malloc(EV_MAX_FILE + 1);
	size_t n = buf ? fread(buf, 1, EV_MAX_FILE + 1, f) : 0;
	bool bad = !buf || ferror(f);
	fclose(f);
	if (bad || n > EV_MAX_FILE) {
		free(buf);
		err_field(e, ERR_INVALID, path, bad ? "cannot read" : "larger than 16 MiB");
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int load_people(const char *path, struct ev_csv *c, struct err *e)
{
	size_t len;
	char *data = read_file(path, &len, e);
	struct csv_parser p;
	if (!data)
		return -1;
	memset(c, 0, sizeof *c);
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		free(data);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	/* semicolon lists are common in spreadsheets exported in Europe */
	const char *nl = memchr(data, '\n', len);
	size_t hl = nl ? (size_t)(nl - data) : len;
	if (memchr(data, ';', hl) && !memchr(data, ',', hl))
		csv_set_delim(&p, ';');
	if (csv_parse(&p, data, len, ev_field, ev_row_end, c) != len) {
		csv_free(&p);
		free(data);
		return err_field(e, ERR_INVALID, path, "not valid CSV near line %zu",
				 c->line + 1);
	}
	csv_fini(&p, ev_field, ev_row_end, c);
	csv_free(&p);
	free(data);
	if (c->oom)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (!c->header_done || c->col[1] < 0 || c->col[2] < 0)
		return err_field(e, ERR_INVALID, path,
				 "the header needs name and organisation columns");
	for (size_t i = 0; i < c->nrows; i++) {
		char f[64];
		snprintf(f, sizeof f, "%s:%zu", path, i + 2);
		if (!c->rows[i].f[1][0])
			return err_field(e, ERR_INVALID, f, "name is empty");
		if (!c->rows[i].f[0][0]) {
			free(c->rows[i].f[0]);
			c->rows[i].f[0] = strdup(c->rows[i].f[1]);
			if (!c->rows[i].f[0])
				return err_set(e, ERR_INTERNAL, "out of memory");
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->rows[i].f[0], c->rows[j].f[0]) == 0)
				return err_field(e, ERR_INVALID, f,
						 "id '%.60s' appears twice (add an id column)",
						 c->rows[i].f[0]);
	}
	return 0;
}

/* Reads rounds 1..keep of an earlier plan; kept[r][i] = group or -1. */
static int load_plan(const char *path, const struct ev_csv *c, int keep,
		     int32_t ***kept, int *nkept, struct err *e)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	int ret = -1;
	*kept = NULL;
	*nkept = 0;
	if (!root)
		return err_field(e, ERR_INVALID, path, "not valid JSON: %s (line %d)",
				 je.text, je.line);
	json_t *rounds = json_object_get(root, "rounds");
	if (!json_is_array(rounds)) {
		err_field(e, ERR_INVALID, "rounds", "%s: must be an array", path);
		goto done;
	}
	int nr = (int)json_array_size(rounds);
	if (keep < 0 || keep > nr)
		keep = nr;
	*kept = calloc((size_t)keep + 1, sizeof **kept);
	if (!*kept) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	for (int r = 0; r < keep; r++) {
		json_t *groups = json_object_get(json_array_get(rounds, (size_t)r),
						 "groups");
		char f[64];
		snprintf(f, sizeof f, "rounds[%d].groups", r);
		int32_t *row = malloc(c->nrows * sizeof *row + 1);
		if (!row) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
		(*kept)[r] = row;
		*nkept = r + 1;
		for (size_t i = 0; i < c->nrows; i++)
			row[i] = -1;
		if (!json_is_array(groups)) {
			err_field(e, ERR_INVALID, f, "must be an array of groups");
			goto done;
		}
		for (size_t g = 0; g < json_array_size(groups); g++) {
			json_t *grp = json_array_get(groups, g);
			if (!json_is_array(grp)) {
				err_field(e, ERR_INVALID, f, "each group must be an array of ids");
				goto done;
			}
			for (size_t k = 0; k < json_array_size(grp); k++) {
				const char *id = json_string_value(json_array_get(grp, k));
				size_t i = 0;
				while (id && i < c->nrows && strcmp(c->rows[i].f[0], id) != 0)
					i++;
				if (!id || i == c->nrows) {
					err_field(e, ERR_INVALID, f,
						  "id '%.60s' is not in the people file",
						  id ? id : "(not a string)");
					goto done;
				}
				row[i] = (int32_t)g;
			}
		}
	}
	ret = 0;
done:
	json_decref(root);
	return ret;
}

/* A card's words in the languages asked for: "Round", or bilingual
 * "Rownd / <span lang="en">Round</span>" (the first language first).
 * fmt is a catalogue msgid; n fills its %d when it has one.  HTML, in a;
 * plain (for <title>, which holds no markup): the second without a span. */
static const char *card_word(struct arena *a, const struct lang_list *ll,
			     const char *fmt, int n, bool plain)
{
	struct buf b, w;
	char tmp[256];
	buf_init(&b, 4096);
	buf_init(&w, 4096);
	for (int i = 0; i < ll->n; i++) {
		snprintf(tmp, sizeof tmp, T_(ll->v[i], fmt), n);
		buf_reset(&w);
		buf_html(&w, tmp);
		if (i == 0)
			buf_puts(&b, buf_str(&w));
		else if (plain)
			buf_printf(&b, " / %s", buf_str(&w));
		else
			buf_printf(&b, " / <span lang=\"%s\">%s</span>",
				   lang_code(ll->v[i]), buf_str(&w));
	}
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	buf_release(&w);
	return out;
}

/* One card per person (their table in each round), then one sheet per
 * table (who sits there in each round), in the languages of ll: the
 * template is templates/event_cards.html. */
static int write_cards(const char *path, const struct ev_csv *c,
		       const struct event_plan *p, const struct lang_list *ll,
		       struct err *e)
{
	struct buf b;
	struct arena a;
	int ret = -1;
	buf_init(&b, (size_t)256 << 20);
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a), *cards = tv_list(&a), *sheets = tv_list(&a);
	tv_set(d, "lang", lang_code(ll->v[0]));
	tv_set(d, "title", card_word(&a, ll, N_("Table cards and sheets"), 0, true));
	tv_set(d, "round", card_word(&a, ll, N_("Round"), 0, false));
	tv_set(d, "table", card_word(&a, ll, N_("Table"), 0, false));
	tv_set(d, "who", card_word(&a, ll, N_("Who sits here"), 0, false));
	tv_set_tv(d, "cards", cards);
	tv_set_tv(d, "sheets", sheets);
	for (size_t i = 0; i < c->nrows; i++) {
		struct tv *card = tv_push(cards), *rows = tv_list(&a);
		tv_set(card, "name", c->rows[i].f[1]);
		tv_set(card, "organisation", c->rows[i].f[2]);
		tv_set_tv(card, "rows", rows);
		for (int r = 0; r < p->nrounds; r++) {
			int32_t g = p->table[(size_t)r * p->npeople + i];
			struct tv *row = tv_push(rows);
			tv_setf(row, "r", "%d", r + 1);
			if (g >= 0)
				tv_setf(row, "t", "%d", (int)g + 1);
			else
				tv_set(row, "t", "&ndash;");
		}
	}
	int32_t ntables = 0;
	for (int r = 0; r < p->nrounds; r++)
		if (p->ngroups[r] > ntables)
			ntables = p->ngroups[r];
	for (int32_t t = 0; t < ntables; t++) {
		struct tv *sheet = tv_push(sheets), *rows = tv_list(&a);
		tv_set(sheet, "title", card_word(&a, ll, N_("Table %d"), (int)t + 1, false));
		tv_set_tv(sheet, "rows", rows);
		for (int r = 0; r < p->nrounds; r++) {
			struct tv *row = tv_push(rows), *people = tv_list(&a);
			tv_setf(row, "r", "%d", r + 1);
			tv_set_tv(row, "people", people);
			for (size_t i = 0; i < c->nrows; i++) {
				if (p->table[(size_t)r * p->npeople + i] != t)
					continue;
				struct tv *x = tv_push(people);
				tv_set_bool(x, "first", tv_count(people) == 1);
				tv_set(x, "name", c->rows[i].f[1]);
				tv_set(x, "organisation", c->rows[i].f[2]);
			}
		}
	}
	if (tmpl_render_lang(&b, tpl_event_cards, d, ll->v[0], e) < 0)
		goto done;
	if (buf_failed(&b)) {
		err_set(e, ERR_INTERNAL, "cards too large or out of memory");
		goto done;
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf_str(&b), 1, buf_len(&b), f) != buf_len(&b) ||
	    fclose(f) != 0) {
		err_field(e, ERR_IO, "cards", "%s: %s", path, strerror(errno));
		goto done;
	}
	ret = 0;
done:
	buf_release(&b);
	arena_release(&a);
	return ret;
}

static json_t *plan_json(const struct ev_csv *c, const struct event_plan *p)
{
	json_t *root = json_object(), *rounds = json_array();
	if (!root || !rounds) {
		json_decref(root);
		json_decref(rounds);
		return NULL;
	}
	json_object_set_new(root, "rounds", rounds);
	for (int r = 0; r < p->nrounds; r++) {
		json_t *groups = json_array();
		json_array_append_new(rounds, json_pack("{s:i, s:o}", "round", r + 1,
							"groups", groups));
		for (int32_t g = 0; g < p->ngroups[r]; g++) {
			json_t *grp = json_array();
			for (size_t i = 0; i < p->npeople; i++)
				if (p->table[(size_t)r * p->npeople + i] == g)
					json_array_append_new(grp, json_string(c->rows[i].f[0]));
			if (json_array_size(grp))
				json_array_append_new(groups, grp);
			else
				json_decref(grp);
		}
	}
	json_object_set_new(root, "repeats", json_integer((json_int_t)p->repeats));
	json_object_set_new(root, "unmixed_groups", json_integer((json_int_t)p->unmixed));
	json_object_set_new(root, "colleagues", json_integer((json_int_t)p->colleagues));
	json_object_set_new(root, "method", json_string(p->method));
	return root;
}

static int parse_mix(const char *s, enum match_attr *attr, char **v0,
		     char **v1)
{
	const char *eq = strchr(s, '='), *comma = eq ? strchr(eq, ',') : NULL;
	if (!eq || !comma || comma == eq + 1 || !comma[1] || strchr(comma + 1, ','))
		return -1;
	size_t an = (size_t)(eq - s);
	if (an == 4 && strncmp(s, "role", 4) == 0)
		*attr = MATCH_ATTR_ROLE;
	else if (an == 6 && strncmp(s, "sector", 6) == 0)
		*attr = MATCH_ATTR_SECTOR;
	else if (an == 12 && strncmp(s, "organisation", 12) == 0)
		*attr = MATCH_ATTR_ORGANISATION;
	else
		return -1;
	*v0 = strndup(eq + 1, (size_t)(comma - eq - 1));
	*v1 = strdup(comma + 1);
	return *v0 && *v1 ? 0 : -1;
}

int cmd_event(struct cli *c, int argc, char **argv)
{
	const char *people = NULL, *rounds_s = NULL, *k_s = NULL, *mix = NULL,
		   *seed_s = NULL, *cards = NULL, *add_to = NULL, *from_s = NULL,
		   *lang_s = NULL;
	bool json = false;
	const struct cli_opt opts[] = {
		{ "--people", &people, NULL },   { "--rounds", &rounds_s, NULL },
		{ "--group-size", &k_s, NULL },  { "--mix", &mix, NULL },
		{ "--seed", &seed_s, NULL },     { "--cards", &cards, NULL },
		{ "--add-to", &add_to, NULL },   { "--keep-rounds", &from_s, NULL },
		{ "--json", NULL, &json },       { "--lang", &lang_s, NULL },
		{ NULL, NULL, NULL },
	};
	const char *pos[1];
	int npos, ret = CLI_FAIL;
	long long rounds = 0, k = 2, seed = 0, keep = -1;
	struct ev_csv csv;
	struct event_input in;
	struct event_plan plan = {0};
	struct event_person *ep = NULL;
	int32_t **kept = NULL;
	int nkept = 0;
	char *v0 = NULL, *v1 = NULL;
	struct err e = {0};
	struct lang_list langs = {{LANG_EN}, 1};

	memset(&csv, 0, sizeof csv);
	memset(&in, 0, sizeof in);
	if (cli_wants_help(argc, argv))
		return cli_help(c, "event");
	if (cli_parse(c, "event", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	if (npos != 1 || strcmp(pos[0], "plan") != 0)
		return cli_usage_error(c, "event", "expected 'plan'");
	if (!people)
		return cli_usage_error(c, "event", "--people FILE.csv is required");
	if (!rounds_s || cli_int(rounds_s, 1, 1000, &rounds) < 0)
		return cli_usage_error(c, "event", "--rounds must be from 1 to 1000");
	if (k_s && cli_int(k_s, 2, 32, &k) < 0)
		return cli_usage_error(c, "event", "--group-size must be from 2 to 32");
	if (seed_s && cli_int(seed_s, 0, INT64_MAX, &seed) < 0)
		return cli_usage_error(c, "event", "--seed must be a whole number >= 0");
	if (from_s && (!add_to || cli_int(from_s, 0, 1000, &keep) < 0))
		return cli_usage_error(c, "event",
				       "--keep-rounds N needs --add-to and 0 <= N <= 1000");
	if (lang_s && lang_list_parse(lang_s, "--lang", &langs, &e) < 0)
		return cli_usage_error(c, "event", "--lang: '%s' is not cy, en, cy,en or en,cy",
				       lang_s);
	if (mix && parse_mix(mix, &in.mix_attr, &v0, &v1) < 0) {
		free(v0);
		free(v1);
		return cli_usage_error(c, "event",
				       "--mix must look like role=user,staff "
				       "(role, sector or organisation)");
	}
	if (!seed_s) {
		/* no seed given: take one from the system's random source */
		FILE *ur = fopen("/dev/urandom", "rb");
		uint64_t s = 0;
		if (!ur || fread(&s, sizeof s, 1, ur) != 1) {
			if (ur)
				fclose(ur);
			fprintf(c->err, "cuppa event: cannot read /dev/urandom\n");
			goto done;
		}
		fclose(ur);
		seed = (long long)(s >> 1);
	}
	if (load_people(people, &csv, &e) < 0) {
		ret = cli_fail(c, &e);
		goto done;
	}
	ep = calloc(csv.nrows + 1, sizeof *ep);
	if (!ep)
		goto done;
	for (size_t i = 0; i < csv.nrows; i++) {
		ep[i].id = csv.rows[i].f[0];
		ep[i].organisation = csv.rows[i].f[2];
		ep[i].role = csv.rows[i].f[3];
		ep[i].sector = csv.rows[i].f[4];
	}
	if (add_to && load_plan(add_to, &csv, (int)keep, &kept, &nkept, &e) < 0) {
		ret = cli_fail(c, &e);
		goto done;
	}
	in.people = ep;
	in.npeople = csv.nrows;
	in.rounds = (int)rounds;
	in.group_size = (int)k;
	in.mix_values[0] = v0;
	in.mix_values[1] = v1;
	in.seed = (uint64_t)seed;
	in.nkept = nkept;
	in.kept = (const int32_t *const *)kept;
	if (event_plan_make(&in, &plan, &e) < 0) {
		ret = cli_fail(c, &e);
		goto done;
	}
	if (cards && write_cards(cards, &csv, &plan, &langs, &e) < 0) {
		ret = cli_fail(c, &e);
		goto done;
	}
	if (json) {
		json_t *j = plan_json(&csv, &plan);
		char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(j);
		if (!s)
			goto done;
		cli_print_json(c, s);
		free(s);
	} else {
		for (int r = 0; r < plan.nrounds; r++) {
			fprintf(c->out, "round %d\n", r + 1);
			for (int32_t g = 0; g < plan.ngroups[r]; g++) {
				fprintf(c->out, "  table %d:", (int)g + 1);
				bool first = true;
				for (size_t i = 0; i < plan.npeople; i++)
					if (plan.table[(size_t)r * plan.npeople + i] == g) {
						fprintf(c->out, "%s %s (%s)", first ? "" : ",",
							csv.rows[i].f[1], csv.rows[i].f[2]);
						first = false;
					}
				fprintf(c->out, "\n");
			}
		}
		fprintf(c->out, "repeats: %zu, colleagues at one table: %zu, "
				"method: %s, seed: %lld\n",
			plan.repeats, plan.colleagues, plan.method, seed);
	}
	ret = CLI_OK;
done:
	event_plan_release(&plan);
	for (int r = 0; r < nkept; r++)
		free(kept[r]);
	free(kept);
	free(ep);
	free(v0);
	free(v1);
	ev_csv_release(&csv);
	return ret;
}
