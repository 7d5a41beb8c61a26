/* app_organiser: see app_organiser.h. */
#include "app/app_organiser.h"

#include "app/app.h"

int app_organiser_get(struct store *st, const char *email, struct arena *a,
		      struct organiser *out, struct err *e)
{
	return store_organiser_get(st, email, a, out, e);
}

int app_organiser_login_blocked(struct store *st, const char *client,
				int64_t now, int window_s, int max,
				bool *blocked, struct err *e)
{
	return store_login_limit_blocked(st, client, now, window_s, max, blocked,
					 e);
}

int app_organiser_login_refused(struct store *st, const char *client,
				bool count_client, int64_t now, int window_s,
				int64_t organiser_id, int max,
				const char *lock_until, struct err *e)
{
	return (count_client &&
		store_login_limit_fail(st, client, now, window_s, e) < 0) ||
		       (organiser_id &&
			store_organiser_login_failed(st, organiser_id, max,
						     lock_until, e) < 0)
		       ? -1 : 0;
}

struct session_open {
	int64_t organiser_id;
	const char *token_hash, *expires_at;
};

static int session_open(struct app_tx *tx, void *arg, struct err *e)
{
	struct session_open *so = arg;
	return store_organiser_login_ok(tx->st, so->organiser_id, e) < 0 ||
		       store_session_insert(tx->st, so->token_hash,
					    so->organiser_id, so->expires_at,
					    e) < 0
		       ? -1 : 0;
}

int app_organiser_login(struct store *st, int64_t organiser_id,
			const char *token_hash, const char *expires_at,
			struct err *e)
{
	struct session_open so = {organiser_id, token_hash, expires_at};
	return app_tx(st, session_open, &so, NULL, e);
}

int app_organiser_logout(struct store *st, const char *token_hash,
			 struct err *e)
{
	return store_session_delete(st, token_hash, e);
}

int app_organiser_tokens(struct store *st, int64_t organiser_id,
			 struct arena *a, struct api_token_row **out,
			 size_t *n, struct err *e)
{
	return store_api_token_list(st, organiser_id, a, out, n, e);
}

int app_organiser_token_add(struct store *st, int64_t organiser_id,
			    const char *token_hash, const char *label,
			    struct err *e)
{
	return store_api_token_insert(st, token_hash, organiser_id, label, e);
}

int app_organiser_token_remove(struct store *st, int64_t organiser_id,
			       int64_t id, struct err *e)
{
	return store_api_token_delete(st, organiser_id, id, e);
}

int app_organiser_of_session(struct store *st, const char *token_hash,
			     const char *now, struct arena *a,
			     int64_t *organiser_id, char **email,
			     struct err *e)
{
	return store_session_organiser(st, token_hash, now, a, organiser_id,
				       email, e);
}

int app_organiser_of_token(struct store *st, const char *token_hash,
			   int64_t *organiser_id, struct err *e)
{
	return store_api_token_get(st, token_hash, organiser_id, e);
}

int app_organiser_programme(struct store *st, const char *slug,
			    int64_t organiser_id, struct arena *a,
			    struct programme *out, bool *organised,
			    int64_t *stamp, struct err *e)
{
	return store_programme_get_organised(st, slug, organiser_id, a, out,
					     organised, stamp, e);
}

int app_organiser_programmes(struct store *st, int64_t organiser_id,
			     struct arena *a, struct programme **out,
			     int64_t **stamps, size_t *n, struct err *e)
{
	return store_programme_list_of(st, organiser_id, a, out, stamps, n, e);
}
