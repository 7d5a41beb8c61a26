/*
 * secrets: the keys cuppa signs with, kept in a file beside the database
 * (DB_PATH + ".keys", or $CUPPA_KEYS_FILE), never inside it, so a database
 * dump or backup does not carry them.  Generated from the system's random
 * source on first use, written with mode 0600, and wiped from memory by
 * secrets_release.
 *
 * File format: one line per key, "name=hex".  Unknown names are ignored,
 * missing ones are added (so a newer cuppa can add keys).
 */
#ifndef CUPPA_SECRETS_H
#define CUPPA_SECRETS_H

#include <sodium.h>

#include "util/err.h"

struct secrets {
	unsigned char link_key[crypto_auth_KEYBYTES];    /* signed links */
	unsigned char session_key[crypto_auth_KEYBYTES]; /* cookies, CSRF */
};

/* Loads (creating if needed) the keys for the database at db_path. */
int secrets_load(const char *db_path, struct secrets *out, struct err *e);

/* Zeroes the keys. */
void secrets_release(struct secrets *s);

#endif
