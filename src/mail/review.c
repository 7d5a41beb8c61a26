/* review: see review.h. */
#include "mail/review.h"

#include <stdio.h>
#include <string.h>

#include "mail/mime.h"
#include "util/buf.h"

/* The words, one row per variant: subject, then body (printf-style, in
 * the order round, programme, review-by day, publish time, link). */
static const struct {
	const char *variant, *subject, *body;
} texts[] = {
	{"auto",
	 "%2$s: round %1$d is ready: review it by %3$s",
	 "Round %1$d of %2$s is ready: review it by %3$s; it will be "
	 "published automatically at %4$s.\n\n"
	 "See who meets whom, swap people, hold it or skip this round:\n%5$s\n\n"
	 "People who join, leave or pause before then are taken into "
	 "account when it is published; the groups you reviewed stay as "
	 "they are."},
	{"manual",
	 "%2$s: round %1$d is ready for you to publish",
	 "Round %1$d of %2$s is ready: review it by %3$s. This programme is "
	 "review-only, so it will not be published until you publish it "
	 "(it was due at %4$s):\n%5$s"},
	{"remind",
	 "Reminder: %2$s round %1$d is waiting to be published",
	 "Round %1$d of %2$s is still a draft. This programme is "
	 "review-only: nobody is introduced until you publish it (it was "
	 "due at %4$s):\n%5$s"},
};

int mail_compose_review(struct mail_composer *mc, const struct mail_row *r,
			time_t date, struct arena *a, struct mail_message *out,
			const char **skip, struct err *e)
{
	struct programme p;
	struct round rd;
	char variant[16] = "", when_day[128] = "", when[160] = "";
	int number = 0, row = -1, ret = -1;
	struct buf m, t;
	*skip = NULL;
	if (sscanf(r->detail, "%15[^\t]\t%d\t%127[^\t]\t%159[^\n]", variant, &number,
		   when_day, when) != 4)
		return err_set(e, ERR_INVALID, "review row %lld: bad detail",
			       (long long)r->id);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!strcmp(texts[i].variant, variant))
			row = (int)i;
	if (row < 0)
		return err_set(e, ERR_INVALID, "review row: unknown variant");
	if (store_mail_round(mc->st, r->round_id, a, &rd, e) < 0) {
		if (e->code != ERR_NOTFOUND)
			return -1;
		*skip = "round gone";
		return 0;
	}
	if (rd.state != ROUND_DRAFT) {
		*skip = "round no longer a draft";
		return 0;
	}
	if (store_programme_get_id(mc->st, r->programme_id, a, &p, e) < 0)
		return -1;
	const char *link = arena_printf(a, "%s/admin/programmes/%s/rounds/%d",
					mc->cfg->base_url, p.slug, rd.number);
	buf_init(&m, 1 << 20);
	buf_init(&t, 1 << 16);
	buf_printf(&t, texts[row].subject, rd.number, p.name, when_day, when, link);
	char *subject = arena_strdup(a, buf_str(&t));
	buf_reset(&t);
	buf_printf(&t, texts[row].body, rd.number, p.name, when_day, when, link);
	buf_puts(&t, "\n\n--\nYou get this email because you organise ");
	buf_puts(&t, p.name);
	buf_puts(&t, " in cuppa.\n");
	char *text = arena_strdup(a, buf_str(&t));
	mime_date_header(&m, date);
	buf_puts(&m, "From: ");
	mime_put_clean(&m, mc->cfg->from);
	buf_puts(&m, "\r\nTo: ");
	mime_header_address(&m, "", r->rcpt);
	buf_puts(&m, "\r\nSubject: ");
	mime_header_text(&m, subject ? subject : "");
	buf_printf(&m, "\r\nMessage-ID: <cuppa.%lld.review@%s>\r\n",
		   (long long)r->id, mc->cfg->domain);
	buf_puts(&m, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
		     "X-Cuppa-Kind: review\r\n"
		     "Content-Type: text/plain; charset=utf-8\r\n"
		     "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	mime_quoted_printable(&m, text ? text : "");
	if (buf_failed(&m) || buf_failed(&t) || !subject || !text) {
		err_set(e, ERR_INTERNAL, "message too large");
		goto done;
	}
	out->rcpt = arena_strdup(a, r->rcpt);
	out->subject = subject;
	out->text = text;
	out->html = NULL;
	out->ics = NULL;
	out->len = buf_len(&m);
	out->data = arena_strndup(a, buf_str(&m), out->len);
	ret = out->data && out->rcpt ? 0 : err_set(e, ERR_INTERNAL, "out of memory");
done:
	buf_release(&m);
	buf_release(&t);
	return ret;
}
