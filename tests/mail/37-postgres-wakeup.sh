#!/usr/bin/env bash
# Wake-ups on PostgreSQL: a mail worker idling with a one-minute poll
# interval sends a round's introductions within seconds of the publish,
# because the publish notifies cuppa_mail at its commit (LISTEN/NOTIFY).
# Polling alone would wait out the minute.  Sanitizer build.
set -euo pipefail
ROOT=${CUPPA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CUPPA_SAN_BIN:-${CUPPA_BIN:-$ROOT/build/cuppa}}
source "$ROOT/tests/lib/pg.sh"
T=$(mktemp -d /tmp/cuppa-mail-wake-XXXXXX)
SP=""; WP=""
finish() {
  [[ -n $WP ]] && kill "$WP" 2>/dev/null
  [[ -n $SP ]] && kill "$SP" 2>/dev/null
  wait 2>/dev/null || true; pg_stop; rm -rf "$T"
}
trap finish EXIT
fail() { echo "FAIL: $*"; [[ -f $T/w ]] && tail -5 "$T/w"; exit 1; }

pg_start cuppawake || fail "cannot start PostgreSQL"
trap finish EXIT
export CUPPA_DB=$PG_URL CUPPA_KEYS_FILE=$T/keys
PORT=$(free_port)
export CUPPA_SMTP_URL=smtp://127.0.0.1:$PORT CUPPA_MAIL_FROM=coffee@example.org
"$BIN" init >/dev/null
"$BIN" programme add "Wake Club" >/dev/null
/usr/bin/python3 -c "
print('name,email,organisation,timezone')
for i in range(40): print(f'P {i},p{i}@example.org,Org {i % 7},Europe/London')" > "$T/p.csv"
"$BIN" people import wake-club "$T/p.csv" >/dev/null
"$BIN" round new wake-club --seed 5 >/dev/null

/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:$PORT -c aiosmtpd.handlers.Mailbox \
  "$T/mb" >"$T/smtp.log" 2>&1 & SP=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done

"$BIN" mail run --idle-ms 60000 >"$T/w" 2>&1 & WP=$!
# What the import queued (the people's welcomes) goes first; then the
# worker is idle for a minute.
base=$(/usr/lib/postgresql/15/bin/psql -At "$PG_URL" -c "SELECT COUNT(*) FROM mail_outbox")
for _ in $(seq 300); do
  [[ $(ls "$T/mb/new" 2>/dev/null | wc -l) -ge $base ]] && break
  sleep 0.05
done
sleep 3
kill -0 "$WP" 2>/dev/null || fail "the worker stopped"
[[ $(ls "$T/mb/new" 2>/dev/null | wc -l) -eq $base ]] || fail "mail before the publish"

t0=$(date +%s%N)
"$BIN" round publish wake-club 1 >/dev/null
want=$(/usr/lib/postgresql/15/bin/psql -At "$PG_URL" -c \
  "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'")
[[ $want -ge 39 ]] || fail "publish queued $want introductions"
got=0
for _ in $(seq 300); do
  got=$(( $(ls "$T/mb/new" 2>/dev/null | wc -l) - base ))
  [[ $got -ge $want ]] && break
  sleep 0.05
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[[ $got -eq $want ]] || fail "after ${ms} ms the worker had sent $got of $want"
[[ $ms -lt 8000 ]] || fail "the worker took $ms ms (a poll would take 60000)"
echo "ok   $want introductions sent ${ms} ms after the publish (poll interval 60 s)"

kill -TERM "$WP"; wait "$WP" && rc=0 || rc=$?; WP=""
[[ $rc -eq 0 ]] || fail "the worker exited $rc"
! grep -q "Sanitizer\|runtime error" "$T/w" || fail "sanitizer report: $(grep -m3 'Sanitizer\|runtime error' "$T/w")"
echo "ok   the worker stopped cleanly"
echo "all checks passed"
