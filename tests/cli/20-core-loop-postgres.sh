#!/usr/bin/env bash
# The 12-round end-to-end test again, on a real PostgreSQL 15 server
# started here on 127.0.0.1, to keep the store's SQL portable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_e2e
CUPPA_TEST_DB=$PG_URL "$here/10-core-loop.py"
