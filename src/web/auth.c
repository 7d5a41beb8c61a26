/* auth: see auth.h. */
#include "web/auth.h"

#include <pthread.h>
#include <string.h>

/* At most AUTH_PWHASH_PARALLEL Argon2id runs at once in the whole
 * process, whoever calls: the limit protects the process's memory. */
static pthread_mutex_t pw_lock = PTHREAD_MUTEX_INITIALIZER; /* process-wide: Argon2 limit */
static pthread_cond_t pw_cond = PTHREAD_COND_INITIALIZER; /* process-wide: Argon2 limit */
static int pw_running; /* process-wide: Argon2 limit, under pw_lock */

static void pw_enter(void)
{
	pthread_mutex_lock(&pw_lock);
	while (pw_running >= AUTH_PWHASH_PARALLEL)
		pthread_cond_wait(&pw_cond, &pw_lock);
	pw_running++;
	pthread_mutex_unlock(&pw_lock);
}

static void pw_leave(void)
{
	pthread_mutex_lock(&pw_lock);
	pw_running--;
	pthread_cond_signal(&pw_cond);
	pthread_mutex_unlock(&pw_lock);
}

int auth_password_hash(const char *pw, char out[crypto_pwhash_STRBYTES],
		       struct err *e)
{
	int rc;
	if (strlen(pw) < AUTH_PASSWORD_MIN)
		return err_field(e, ERR_INVALID, "password",
				 "the password must have at least %d characters",
				 AUTH_PASSWORD_MIN);
	pw_enter();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pw_leave();
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, "cannot hash the password (memory)");
	return 0;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT; /* process-wide: decoy hash */
static char dummy[crypto_pwhash_STRBYTES]; /* process-wide: decoy hash, set once */

/* Builds the decoy hash once, from a random password nobody knows. */
void auth_token_new(char out[AUTH_TOKEN_LEN]);
static void dummy_init(void)
{
	char pw[AUTH_TOKEN_LEN];
	auth_token_new(pw);
	if (crypto_pwhash_str(dummy, pw, strlen(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy[0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

bool auth_password_verify(const char *hash, const char *pw)
{
	bool ok;
	if (!hash) {
		/* Spend the same effort against a hash nobody can match. */
		pthread_once(&dummy_once, dummy_init);
		hash = dummy;
	}
	pw_enter();
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	pw_leave();
	return ok && hash != dummy;
}

void auth_token_new(char out[AUTH_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_LEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, char out[AUTH_HASH_LEN])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_LEN, h, sizeof h);
}

void auth_csrf(const unsigned char key[crypto_auth_KEYBYTES],
	       const char *bind, char out[AUTH_TOKEN_LEN])
{
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth_hmacsha512256_state st;
	crypto_auth_hmacsha512256_init(&st, key, crypto_auth_KEYBYTES);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)"csrf", 5);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)bind,
					 strlen(bind));
	crypto_auth_hmacsha512256_final(&st, mac);
	sodium_bin2base64(out, AUTH_TOKEN_LEN, mac, sizeof mac,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool auth_csrf_ok(const unsigned char key[crypto_auth_KEYBYTES],
		  const char *bind, const char *given)
{
	char want[AUTH_TOKEN_LEN];
	if (!bind || !*bind || !given || strlen(given) != 43)
		return false;
	auth_csrf(key, bind, want);
	return sodium_memcmp(want, given, 43) == 0;
}
