#!/usr/bin/env bash
# The autopilot year on a real PostgreSQL 15 server, with two `cuppa serve`
# processes ticking at once (every 100 ms): every step exactly once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_autopilot
PG_PSQL=$PGBIN/psql
export PG_PSQL
/usr/bin/python3 "$here/autopilot_pg.py"
