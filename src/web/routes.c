/*
 * routes: every URL cuppa serves, as one table (see web.h for the flags).
 * The HTTP tests enumerate this table (`cuppa serve --routes`) to check
 * that every /admin and /api route refuses anonymous callers, so a new
 * route cannot be forgotten.  Order matters only where patterns overlap:
 * literal routes come before placeholder routes.
 */
#include "web/web.h"

const struct route web_routes[] = {
	{"GET", "/static/cuppa.css", page_static_css, 0},
	{"GET", "/", page_home, 0},
	/* operations: no personal data; /metrics needs its bearer token */
	{"GET", "/healthz", page_healthz, WR_OPS},
	{"GET", "/metrics", page_metrics, WR_OPS},
	/* participants */
	{"GET", "/p/{slug}", page_signup, 0},
	{"POST", "/p/{slug}", page_signup_post, WR_FORM},
	{"GET", "/confirm/{token}", page_confirm, 0},
	{"POST", "/confirm/{token}", page_confirm_post, WR_FORM},
	{"GET", "/me/{token}", page_me, 0},
	{"POST", "/me/{token}", page_me_post, WR_FORM},
	{"GET", "/me/{token}/data.json", page_me_data, 0},
	{"GET", "/r/{token}", page_outcome, 0},
	{"POST", "/r/{token}", page_outcome_post, WR_FORM},
	{"POST", "/r/{token}/feedback", page_outcome_feedback, WR_FORM},
	{"GET", "/u/{token}", page_unsubscribe, 0},
	{"POST", "/u/{token}", page_unsubscribe_post, WR_ONECLICK},
	/* organisers */
	{"GET", "/admin/login", admin_login, 0},
	{"POST", "/admin/login", admin_login_post, WR_FORM},
	{"POST", "/admin/logout", admin_logout, WR_ADMIN | WR_FORM},
	{"GET", "/admin", admin_home, WR_ADMIN},
	{"POST", "/admin/programmes", admin_programme_create, WR_ADMIN | WR_FORM},
	{"GET", "/admin/programmes/{slug}", admin_programme, WR_ADMIN},
	{"POST", "/admin/programmes/{slug}/settings", admin_programme_settings,
	 WR_ADMIN | WR_FORM},
	{"GET", "/admin/programmes/{slug}/people", admin_people, WR_ADMIN},
	{"GET", "/admin/programmes/{slug}/people.csv", admin_people_export,
	 WR_ADMIN},
	{"POST", "/admin/programmes/{slug}/people/import", admin_people_import,
	 WR_ADMIN | WR_FORM | WR_UPLOAD},
	{"GET", "/admin/programmes/{slug}/people/{id}", admin_person, WR_ADMIN},
	{"POST", "/admin/programmes/{slug}/people/{id}/status",
	 admin_person_status, WR_ADMIN | WR_FORM},
	{"POST", "/admin/programmes/{slug}/people/{id}/block", admin_person_block,
	 WR_ADMIN | WR_FORM},
	{"POST", "/admin/programmes/{slug}/rounds", admin_round_generate,
	 WR_ADMIN | WR_FORM},
	{"GET", "/admin/programmes/{slug}/rounds/{n}", admin_round, WR_ADMIN},
	{"POST", "/admin/programmes/{slug}/rounds/{n}/swap", admin_round_swap,
	 WR_ADMIN | WR_FORM},
	{"POST", "/admin/programmes/{slug}/rounds/{n}/move", admin_round_move,
	 WR_ADMIN | WR_FORM},
	{"POST", "/admin/programmes/{slug}/rounds/{n}/publish",
	 admin_round_publish, WR_ADMIN | WR_FORM},
	{"GET", "/admin/programmes/{slug}/insight", admin_insight, WR_ADMIN},
	/* JSON API */
	{"GET", "/api/v1/programmes", api_programmes, WR_API},
	{"POST", "/api/v1/programmes", api_programme_create, WR_API},
	{"GET", "/api/v1/programmes/{slug}", api_programme, WR_API},
	{"GET", "/api/v1/programmes/{slug}/people", api_people, WR_API},
	{"POST", "/api/v1/programmes/{slug}/people", api_person_add, WR_API},
	{"GET", "/api/v1/programmes/{slug}/rounds", api_rounds, WR_API},
	{"POST", "/api/v1/programmes/{slug}/rounds", api_round_generate, WR_API},
	{"GET", "/api/v1/programmes/{slug}/rounds/{n}", api_round, WR_API},
	{"POST", "/api/v1/programmes/{slug}/rounds/{n}/publish",
	 api_round_publish, WR_API},
	{"POST", "/api/v1/programmes/{slug}/rounds/{n}/swap", api_round_swap,
	 WR_API},
	{"POST", "/api/v1/programmes/{slug}/rounds/{n}/move", api_round_move,
	 WR_API},
	{"POST", "/api/v1/programmes/{slug}/rounds/{n}/outcomes",
	 api_round_outcome, WR_API},
	{NULL, NULL, NULL, 0},
};
