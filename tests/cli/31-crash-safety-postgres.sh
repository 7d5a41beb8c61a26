#!/usr/bin/env bash
# Crash safety of the pipelined bulk writes on a real PostgreSQL 15
# started here: kill -9 of `people import`, `round new` and `round
# publish` at random moments leaves all of the write or none of it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_crash
CUPPA_TEST_DB=$PG_URL /usr/bin/python3 "$here/31-crash-safety-postgres.py"
