/* store_ops: see store_ops.h. */
#include "store/store_ops.h"

#include "store/store_impl.h"

#include <string.h>

const char *const store_outbox_states[4] = {"queued", "sent", "failed",
					    "skipped"};

int store_ping(struct store *st, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, "SELECT 1", &s, e) < 0)
		return -1;
	rc = db_step(s, e);
	db_finalize(s);
	return rc == 1 ? 0 : -1;
}

int store_ops_counts(struct store *st, struct store_ops_counts *out,
		     struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (db_prepare(st->db, "SELECT state, COUNT(*) FROM mail_outbox"
		       " GROUP BY state", &s, e) < 0)
		return -1;
	while ((rc = db_step(s, e)) == 1)
		for (int i = 0; i < 4; i++)
			if (strcmp(db_col_text(s, 0), store_outbox_states[i]) == 0)
				out->outbox[i] = db_col_int(s, 1);
	db_finalize(s);
	if (rc < 0)
		return -1;
	if (db_prepare(st->db, "SELECT COUNT(*) FROM round"
		       " WHERE state IN ('published', 'closed')", &s, e) < 0)
		return -1;
	rc = db_step(s, e);
	if (rc == 1)
		out->rounds_published = db_col_int(s, 0);
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}
