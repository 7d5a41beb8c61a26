/* notify_survey: the mail a survey causes (see notify.h).  Dedupe keys:
 * survey:sSURVEY:uPERSON and survey-reminder:sSURVEY:uPERSON, so each
 * person gets the survey once and at most one reminder. */
#include "mail/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/survey.h"
#include "mail/mail.h"
#include "store/store_survey.h"
#include "util/clock.h"

int mail_enqueue_survey(struct store *st, const struct programme *p,
			const struct person *who, int64_t survey_id,
			bool reminder, bool *inserted, struct err *e)
{
	char dedupe[96], detail[24];
	bool ins;
	enum mail_kind k = reminder ? MAIL_SURVEY_REMINDER : MAIL_SURVEY;
	snprintf(dedupe, sizeof dedupe, "%s:s%lld:u%lld", mail_kind_name(k),
		 (long long)survey_id, (long long)who->id);
	snprintf(detail, sizeof detail, "%lld", (long long)survey_id);
	struct mail_row r = {
		.programme_id = p->id,
		.person_id = who->id,
		.kind = (char *)mail_kind_name(k),
		.dedupe = dedupe,
		.rcpt = who->email,
		.detail = detail,
		.due_at = mail_pace_now(),
	};
	if (store_mail_enqueue(st, &r, &ins, e) < 0)
		return -1;
	if (inserted)
		*inserted = ins;
	return 0;
}

int mail_survey_vars(struct store *st, const struct mail_row *r,
		     bool reminder, struct arena *a, const char **title,
		     const char **skip, struct err *e)
{
	struct survey sv;
	struct survey_recipient rc;
	int64_t id = r->detail ? strtoll(r->detail, NULL, 10) : 0;
	*skip = NULL;
	if (store_survey_get_id(st, id, a, &sv, e) < 0 ||
	    store_survey_recipient_get(st, id, r->person_id, a, &rc, e) < 0) {
		if (e->code != ERR_NOTFOUND)
			return -1;
		*skip = "survey gone";
		return 0;
	}
	if (sv.state != SURVEY_OPEN)
		*skip = "survey closed";
	else if (reminder && rc.answered)
		*skip = "survey answered";
	*title = sv.title;
	return 0;
}

int mail_schedule_surveys(struct store *st, const struct programme *p,
			  const char *today, int *n, struct err *e)
{
	struct arena a;
	struct survey *sv;
	size_t ns;
	int ret = -1;
	arena_init(&a, 0);
	if (store_survey_list(st, p->id, &a, &sv, &ns, e) < 0)
		goto done;
	for (size_t i = 0; i < ns; i++) {
		struct survey_recipient *r;
		size_t nr;
		if (sv[i].state != SURVEY_OPEN)
			continue;
		if (store_survey_recipients(st, sv[i].id, &a, &r, &nr, e) < 0)
			goto done;
		for (size_t k = 0; k < nr; k++) {
			char due[11];
			struct person who;
			if (r[k].answered || strlen(r[k].asked_at) < 10)
				continue;
			char asked[11];
			memcpy(asked, r[k].asked_at, 10);
			asked[10] = '\0';
			clock_add_days(asked, SURVEY_REMIND_DAYS, due);
			if (strcmp(due, today) > 0)
				continue;
			if (store_person_get_id(st, r[k].person_id, &a, &who, e) < 0)
				goto done;
			bool ins;
			if (mail_enqueue_survey(st, p, &who, sv[i].id, true, &ins,
						e) < 0)
				goto done;
			*n += ins;
		}
	}
	ret = 0;
done:
	arena_release(&a);
	return ret;
}
