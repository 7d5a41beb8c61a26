#!/usr/bin/env bash
# The cached figures of `cuppa stats` again, on a real PostgreSQL 15
# server started here on 127.0.0.1: the migration, the SQL tallies and
# the ON CONFLICT write are portable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/pg.sh"
pg_start cuppa_figures
CUPPA_TEST_DB=$PG_URL "$here/40-figures-cache.py"
