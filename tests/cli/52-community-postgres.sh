#!/usr/bin/env bash
# 51-community.py again on a real PostgreSQL 15 started here: the survey
# and board SQL, the tsvector migration and the PostgreSQL search path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_community
CUPPA_TEST_DB=$PG_URL "$here/51-community.py"
