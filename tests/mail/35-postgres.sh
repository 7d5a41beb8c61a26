#!/usr/bin/env bash
# The outbox on PostgreSQL: the same SQL (ON CONFLICT dedupe, the leased
# claim) with two workers at once; every introduction exactly once, and
# the scheduler's reminders enqueued exactly once.
set -euo pipefail
ROOT=${CUPPA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CUPPA_BIN:-$ROOT/build/cuppa}
source "$ROOT/tests/lib/pg.sh"
T=$(mktemp -d /tmp/cuppa-mail-pg-XXXXXX)
SP=""
finish() { [[ -n $SP ]] && kill "$SP" 2>/dev/null; wait 2>/dev/null || true; pg_stop; rm -rf "$T"; }
trap finish EXIT
fail() { echo "FAIL: $*"; exit 1; }

pg_start cuppamail || fail "cannot start PostgreSQL"
trap finish EXIT
export CUPPA_DB=$PG_URL CUPPA_KEYS_FILE=$T/keys
PORT=$(free_port)
export CUPPA_SMTP_URL=smtp://127.0.0.1:$PORT CUPPA_MAIL_FROM=coffee@example.org

"$BIN" init >/dev/null
"$BIN" programme add "PG Club" >/dev/null
/usr/bin/python3 -c "
print('name,email,organisation,timezone')
for i in range(200): print(f'P {i},p{i}@example.org,Org {i % 9},Europe/London')" > "$T/p.csv"
"$BIN" people import pg-club "$T/p.csv" >/dev/null
CUPPA_NOW=2026-03-02 "$BIN" round new pg-club --seed 3 >/dev/null
CUPPA_NOW=2026-03-02 "$BIN" round publish pg-club 1 >/dev/null
"$BIN" mail enqueue pg-club 1 >/dev/null
"$BIN" mail enqueue pg-club 1 >/dev/null     # idempotent
# The publish queued its introductions without ON CONFLICT (none were
# there); `mail enqueue` takes the other path and adds only the missing.
q() { psql -X -q -t -A "$PG_URL" -c "$1"; }
intros=$(q "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'")
q "DELETE FROM mail_outbox WHERE id IN
   (SELECT id FROM mail_outbox WHERE kind = 'intro' ORDER BY id DESC LIMIT 3)"
"$BIN" mail enqueue pg-club 1 >/dev/null
[[ $(q "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'") -eq $intros &&
   $(q "SELECT COUNT(DISTINCT dedupe) FROM mail_outbox WHERE kind = 'intro'") -eq $intros ]] ||
  fail "mail enqueue after 3 lost introductions"
# Queued rows are counted through the claim's index, the others through
# the per-programme one (migration 615): both before any is sent.
queued=$(q "SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued'")
[[ $queued -ge $intros ]] &&
  "$BIN" mail status pg-club | grep -q "^queued $queued, sent 0, failed 0" ||
  fail "status before sending: $("$BIN" mail status pg-club | head -1), $queued queued"

/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:$PORT -c aiosmtpd.handlers.Mailbox \
  "$T/mb" >"$T/smtp.log" 2>&1 & SP=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done

"$BIN" mail run --once --batch 7 >"$T/w1" 2>&1 & W1=$!
"$BIN" mail run --once --batch 7 >"$T/w2" 2>&1 & W2=$!
wait $W1 || fail "worker 1: $(cat "$T/w1")"
wait $W2 || fail "worker 2: $(cat "$T/w2")"
n=$(ls "$T/mb/new" | wc -l)
dups=$(grep -h '^Message-ID' "$T"/mb/new/* | sort | uniq -d | wc -l)
[[ $n -eq 200 ]] || fail "delivered $n of 200"
[[ $dups -eq 0 ]] || fail "$dups messages sent twice"
"$BIN" mail status pg-club | grep -q '^queued 0, sent 200, failed 0' || fail "status"

# Reminders three days before the 2026-04-01 deadline, once.
CUPPA_NOW=2026-03-29 "$BIN" mail run --once >"$T/r1" 2>&1
CUPPA_NOW=2026-03-29 "$BIN" mail run --once >"$T/r2" 2>&1
grep -q 'scheduled 200 reminders' "$T/r1" || fail "reminders: $(cat "$T/r1")"
grep -q 'scheduled' "$T/r2" && fail "reminders scheduled twice"
n=$(ls "$T/mb/new" | wc -l)
[[ $n -eq 400 ]] || fail "after reminders: $n messages"
echo "PostgreSQL: 200 introductions by two workers, 200 reminders, no duplicates"
