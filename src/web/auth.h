/*
 * auth: the cryptography of the web layer, on libsodium.
 *  - passwords: Argon2id (crypto_pwhash_str) at the interactive limits;
 *    at most AUTH_PWHASH_PARALLEL hashes run at once so a burst of logins
 *    cannot take 64 MiB per pool thread;
 *  - random tokens (sessions, API tokens, CSRF cookies): 32 random bytes,
 *    base64url; stored only as a hex BLAKE2b hash;
 *  - CSRF tokens: HMAC of the value they are bound to (the session token,
 *    or for public forms a random cookie), compared in constant time.
 */
#ifndef CUPPA_AUTH_H
#define CUPPA_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "util/err.h"

#define AUTH_PWHASH_PARALLEL 2
#define AUTH_TOKEN_LEN 64     /* buffer size for a token, with NUL */
#define AUTH_HASH_LEN 65      /* hex hash, with NUL */
#define AUTH_PASSWORD_MIN 10

/* Hashes pw into out.  ERR_INVALID when pw is shorter than
 * AUTH_PASSWORD_MIN; ERR_INTERNAL when memory runs out. */
int auth_password_hash(const char *pw, char out[crypto_pwhash_STRBYTES],
		       struct err *e);
/* True when pw matches hash.  With hash NULL it still spends the time of
 * one verification (so a missing account is not told apart) and fails. */
bool auth_password_verify(const char *hash, const char *pw);

/* A fresh random token ("base64url", 43 characters). */
void auth_token_new(char out[AUTH_TOKEN_LEN]);
/* The hex hash under which a token is stored. */
void auth_token_hash(const char *token, char out[AUTH_HASH_LEN]);

/* The CSRF token bound to `bind` under key. */
void auth_csrf(const unsigned char key[crypto_auth_KEYBYTES],
	       const char *bind, char out[AUTH_TOKEN_LEN]);
/* True when given is the CSRF token of bind (constant time). */
bool auth_csrf_ok(const unsigned char key[crypto_auth_KEYBYTES],
		  const char *bind, const char *given);

#endif
