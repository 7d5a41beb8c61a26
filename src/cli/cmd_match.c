/* cuppa match: one pure matcher run on a JSON document, no database
 * (the document format is in match/match_json.h). */
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/match_json.h"

/* Reads all of f into a malloc'd buffer (caller frees); NULL on error. */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int cmd_match(struct cli *c, int argc, char **argv)
{
	bool no_time = false;
	const struct cli_opt opts[] = {
		{ "--no-time", NULL, &no_time },
		{ NULL, NULL, NULL },
	};
	const char *pos[1];
	int npos, ret = CLI_FAIL;
	struct err e = {0};
	struct match_doc d;
	struct match_result r = {0};
	char *text = NULL, *out = NULL;
	size_t len = 0;

	memset(&d, 0, sizeof d);
	if (cli_wants_help(argc, argv))
		return cli_help(c, "match");
	if (cli_parse(c, "match", argc, argv, 1, opts, pos, 1, &npos) < 0)
		return CLI_USAGE;
	const char *path = npos ? pos[0] : "-";
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(c->err, "cuppa match: %s: %s\n", path, strerror(errno));
		return CLI_FAIL;
	}
	text = slurp(f, &len);
	if (f != stdin)
		fclose(f);
	if (!text) {
		fprintf(c->err, "cuppa match: %s: cannot read\n", path);
		return CLI_FAIL;
	}
	if (match_json_parse(text, len, &d, &e) < 0 ||
	    match_run(&d.in, &r, &e) < 0) {
		ret = cli_fail(c, &e);
		goto done;
	}
	out = match_json_result(&d, &r, !no_time);
	if (!out) {
		fprintf(c->err, "cuppa match: out of memory\n");
		goto done;
	}
	cli_print_json(c, out);
	ret = CLI_OK;
done:
	free(out);
	free(text);
	match_result_release(&r);
	match_doc_release(&d);
	return ret;
}
