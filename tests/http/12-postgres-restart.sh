#!/usr/bin/env bash
# cuppa serve on PostgreSQL: its connection pool answers 503 at once when
# every connection is busy or PostgreSQL is down, and reconnects by itself
# when PostgreSQL comes back (no restart of cuppa).  Runs the sanitizer
# build against a real PostgreSQL 15 started here (tests/lib/pg.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_restart
export PG_DIR PG_PORT PGBIN
/usr/bin/python3 "$here/12-postgres-restart.py"
