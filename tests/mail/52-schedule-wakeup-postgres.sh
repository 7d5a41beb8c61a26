#!/usr/bin/env bash
# Scheduler wake-ups on PostgreSQL: a `cuppa serve` whose scheduler polls
# once a minute (the default) drafts a round within seconds of an
# organiser giving the programme a schedule whose draft is already due,
# because the change notifies cuppa_schedule at its commit (LISTEN/NOTIFY).
# Polling alone would wait out the minute.  Then a hold and a release
# wake it the same way: the released round is published at once.
# Sanitizer build.
set -euo pipefail
ROOT=${CUPPA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CUPPA_SAN_BIN:-${CUPPA_BIN:-$ROOT/build/cuppa}}
source "$ROOT/tests/lib/pg.sh"
T=$(mktemp -d /tmp/cuppa-sched-wake-XXXXXX)
SV=""
finish() {
  [[ -n $SV ]] && kill "$SV" 2>/dev/null
  wait 2>/dev/null || true; pg_stop; rm -rf "$T"
}
trap finish EXIT
fail() { echo "FAIL: $*"; [[ -f $T/s ]] && tail -5 "$T/s"; exit 1; }

pg_start cuppaschedwake || fail "cannot start PostgreSQL"
trap finish EXIT
export CUPPA_DB=$PG_URL CUPPA_KEYS_FILE=$T/keys CUPPA_NOW_FILE=$T/now
unset CUPPA_TICK_MS CUPPA_SMTP_URL CUPPA_NOW
echo 2027-01-02T10:00:00Z > "$T/now"   # the domain clock of every process
PSQL="$PGBIN/psql -X -At $PG_URL -c"
"$BIN" init >/dev/null
"$BIN" programme add "Wake Club" >/dev/null
/usr/bin/python3 -c "
print('name,email,organisation,timezone')
for i in range(12): print(f'P {i},p{i}@example.org,Org {i % 5},Europe/London')" > "$T/p.csv"
"$BIN" people import wake-club "$T/p.csv" >/dev/null

PORT=$(free_port)
"$BIN" serve --listen 127.0.0.1:$PORT --threads 2 >/dev/null 2>"$T/s" & SV=$!
# Its first tick runs at start (nothing to do); the next poll is a minute away.
for _ in $(seq 600); do
  [[ -n $($PSQL "SELECT last_run_at FROM scheduler_run WHERE last_result = 'ok'") ]] && break
  kill -0 "$SV" 2>/dev/null || fail "serve stopped"
  sleep 0.05
done
[[ -n $($PSQL "SELECT last_run_at FROM scheduler_run WHERE last_result = 'ok'") ]] \
  || fail "no first scheduler run"
sleep 1

# wait_for SQL WANT WHAT: polls SQL until it prints WANT; the time in $ms.
wait_for() {
  local t0=$(date +%s%N) got=""
  for _ in $(seq 200); do
    got=$($PSQL "$1")
    [[ $got == "$2" ]] && break
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [[ $got == "$2" ]] || fail "$3: after ${ms} ms still '$got' (want '$2')"
  [[ $ms -lt 8000 ]] || fail "$3 took $ms ms (a poll would take 60000)"
}

# Now is three days before the first date: its draft is due.
"$BIN" programme set wake-club --start 2027-01-04T09:30 --monthly --review-days 3 >/dev/null
wait_for "SELECT state FROM round WHERE number = 1" draft "the draft"
echo "ok   round 1 drafted ${ms} ms after the schedule was set (poll interval 60 s)"

# The date comes (nobody announces time passing: only a poll would see
# it), then a hold wakes the scheduler, which must leave the round alone.
echo 2027-01-04T10:00:00Z > "$T/now.tmp"; mv "$T/now.tmp" "$T/now"
"$BIN" round hold wake-club >/dev/null
sleep 2
[[ $($PSQL "SELECT COUNT(*) FROM round WHERE state = 'published'") == 0 ]] \
  || fail "a held round was published"
"$BIN" round release wake-club >/dev/null
wait_for "SELECT COUNT(*) FROM round WHERE state = 'published'" 1 "the release"
echo "ok   the released round published ${ms} ms after the release"

kill -TERM "$SV"; wait "$SV" && rc=0 || rc=$?; SV=""
[[ $rc -eq 0 ]] || fail "serve exited $rc"
! grep -q "Sanitizer\|runtime error" "$T/s" || fail "sanitizer report: $(grep -m3 'Sanitizer\|runtime error' "$T/s")"
echo "ok   serve stopped cleanly"
echo "all checks passed"
