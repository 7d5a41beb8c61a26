/* review: see review.h. */
#include "mail/review.h"

#include <stdio.h>
#include <string.h>

#include "mail/compose.h"
#include "mail/mime.h"
#include "text/text.h"
#include "util/buf.h"

/* The words, one row per variant, marked for the catalogue: subject,
 * then body, templates (text/tmpl.h) of {{round}}, {{programme}},
 * {{review_by}} (a day), {{publish_at}} (a day, time and zone) and
 * {{link}} (the round on the dashboard). */
static const struct {
	const char *variant, *subject, *body;
} texts[] = {
	{"auto",
	 N_("{{programme}}: round {{round}} is ready: review it by {{review_by}}"),
	 N_("Round {{round}} of {{programme}} is ready: review it by "
	    "{{review_by}}; it will be published automatically at "
	    "{{publish_at}}.\n\n"
	    "See who meets whom, swap people, hold it or skip this round:\n"
	    "{{link}}\n\n"
	    "People who join, leave or pause before then are taken into "
	    "account when it is published; the groups you reviewed stay as "
	    "they are.")},
	{"manual",
	 N_("{{programme}}: round {{round}} is ready for you to publish"),
	 N_("Round {{round}} of {{programme}} is ready: review it by "
	    "{{review_by}}. This programme is review-only, so it will not be "
	    "published until you publish it (it was due at {{publish_at}}):\n"
	    "{{link}}")},
	{"remind",
	 N_("Reminder: {{programme}} round {{round}} is waiting to be published"),
	 N_("Round {{round}} of {{programme}} is still a draft. This programme "
	    "is review-only: nobody is introduced until you publish it (it was "
	    "due at {{publish_at}}):\n{{link}}")},
};

static const char footer[] =
	N_("You get this email because you organise {{programme}} in cuppa.");

/* What the scheduler wrote in the row's detail (review.h). */
struct review_facts {
	int row, number;
	char day[128];     /* YYYY-MM-DD, or words (rows from before) */
	char when[160];    /* YYYY-MM-DDTHH:MM, or words (rows from before) */
	char zone[64];
	bool words;        /* a row from before: day and when in English */
};

static int review_parse(const char *detail, struct review_facts *f,
			struct err *e)
{
	char variant[16] = "";
	memset(f, 0, sizeof *f);
	f->row = -1;
	int n = sscanf(detail, "%15[^\t]\t%d\t%127[^\t]\t%159[^\t\n]\t%63[^\n]",
		       variant, &f->number, f->day, f->when, f->zone);
	if (n < 4)
		return err_set(e, ERR_INVALID, "review row: bad detail");
	f->words = n == 4;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!strcmp(texts[i].variant, variant))
			f->row = (int)i;
	if (f->row < 0)
		return err_set(e, ERR_INVALID, "review row: unknown variant");
	return 0;
}

/* The review-by day and the publish time in l, into day and when. */
static void review_when(const struct review_facts *f, enum lang l,
			struct buf *day, struct buf *when)
{
	if (f->words) {
		buf_puts(day, f->day);
		buf_puts(when, f->when);
		return;
	}
	if (text_day(day, l, f->day, TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) < 0)
		buf_puts(day, f->day);
	struct buf d;
	char iso[11];
	snprintf(iso, sizeof iso, "%.10s", f->when);
	buf_init(&d, 256);
	if (text_day(&d, l, iso, TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) < 0)
		buf_puts(&d, iso);
	/* TRANSLATORS: a day ("Tuesday 2 December"), a time and a time zone */
	buf_printf(when, T_(l, "%s at %s (%s)"), buf_str(&d),
		   strlen(f->when) > 11 ? f->when + 11 : "", f->zone);
	buf_release(&d);
}

int mail_compose_review(struct mail_composer *mc, const struct mail_row *r,
			time_t date, struct arena *a, struct mail_message *out,
			const char **skip, struct err *e)
{
	struct programme p;
	struct round rd;
	struct review_facts f;
	struct lang_list langs;
	int ret = -1;
	struct buf m, subj, text, day, when;
	*skip = NULL;
	if (review_parse(r->detail, &f, e) < 0)
		return -1;
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
	/* An organiser has no recorded language: the programme's, Welsh
	 * first in a bilingual one, as for a participant who has not
	 * chosen (docs/text.md). */
	mail_langs(&p, &(struct person){.language = ""}, &langs);
	buf_init(&m, 1 << 20);
	buf_init(&subj, 4096);
	buf_init(&text, 1 << 16);
	buf_init(&day, 256);
	buf_init(&when, 256);
	for (int li = 0; li < langs.n; li++) {
		enum lang l = langs.v[li];
		buf_reset(&day);
		buf_reset(&when);
		review_when(&f, l, &day, &when);
		struct tv *d = tv_obj(a);
		tv_setf(d, "round", "%d", rd.number);
		tv_set(d, "programme", p.name);
		tv_set(d, "review_by", buf_str(&day));
		tv_set(d, "publish_at", buf_str(&when));
		tv_set(d, "link", link);
		if (li) {
			buf_puts(&subj, " / ");
			buf_puts(&text, "\n\n* * *\n\n");
		}
		const char *tpl = arena_printf(a, "%s\n\n--\n%s\n",
					       T_(l, texts[f.row].body), T_(l, footer));
		if (!tpl || !d || !link) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
		if (mail_tmpl(&subj, T_(l, texts[f.row].subject), d, l, TMPL_TEXT, true,
			      e) < 0 ||
		    mail_tmpl(&text, tpl, d, l, TMPL_TEXT, false, e) < 0)
			goto done;
	}
	char *subject = arena_strdup(a, buf_str(&subj));
	char *body = arena_strdup(a, buf_str(&text));
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
	mime_quoted_printable(&m, body ? body : "");
	if (buf_failed(&m) || buf_failed(&subj) || buf_failed(&text) ||
	    buf_failed(&day) || buf_failed(&when) || !subject || !body) {
		err_set(e, ERR_INTERNAL, "message too large");
		goto done;
	}
	out->rcpt = arena_strdup(a, r->rcpt);
	out->subject = subject;
	out->text = body;
	out->html = NULL;
	out->ics = NULL;
	out->len = buf_len(&m);
	out->data = arena_strndup(a, buf_str(&m), out->len);
	ret = out->data && out->rcpt ? 0 : err_set(e, ERR_INTERNAL, "out of memory");
done:
	buf_release(&m);
	buf_release(&subj);
	buf_release(&text);
	buf_release(&day);
	buf_release(&when);
	return ret;
}
