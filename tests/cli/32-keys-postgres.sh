#!/usr/bin/env bash
# Keys of member and mail_outbox on a real PostgreSQL 15 started here,
# checked per statement by triggers (migrations 610, 611), against
# SQLite's foreign keys: refused rows, deletes that cascade or refuse,
# and a delete racing an insert.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_keys
CUPPA_TEST_DB=$PG_URL /usr/bin/python3 "$here/32-keys-postgres.py"
