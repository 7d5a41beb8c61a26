#!/usr/bin/env bash
# The database under a careless operator's conditions, on real file
# systems (a tmpfs mounted in a private mount namespace, so it needs no
# privileges and leaves nothing behind):
#   1. read-only (the file system remounted ro): commands that only read
#      work; a write fails with "the database is read-only";
#   2. a full disk: an import fails with "the disk is full" and leaves
#      nothing half-written;
#   3. erasure (`cuppa people erase`): right after it, neither the
#      database file nor its WAL holds the erased email or name, and the
#      audit log records the erasure without them.
set -euo pipefail
ROOT=${CUPPA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${CUPPA_SAN_BIN:-${CUPPA_BIN:-$ROOT/build/cuppa}}
if [[ -z "${CUPPA_IN_NS:-}" ]]; then
  # A user and mount namespace of our own: tmpfs mounts without root.
  exec env CUPPA_IN_NS=1 unshare --map-root-user --mount "$0" "$@"
fi
T=$(mktemp -d)
trap 'umount "$T/ro" "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
export CUPPA_NOW=2026-03-02

/usr/bin/python3 - "$T" <<'PY'
import sys
d = sys.argv[1]
with open(f"{d}/people.csv", "w") as f:
    f.write("name,email,organisation,intro\n")
    for i in range(400):
        f.write(f"Person {i},p{i}@example.org,Org {i % 17},{'words ' * 60}\n")
PY

# ---- 1. read-only ----
mkdir "$T/ro"
mount -t tmpfs -o size=16m tmpfs "$T/ro"
db="$T/ro/t.db"
"$BIN" --db "$db" init >/dev/null
"$BIN" --db "$db" programme add "Ro Club" >/dev/null
"$BIN" --db "$db" people import ro-club "$T/people.csv" >/dev/null
mount -o remount,ro "$T/ro"
touch "$T/ro/x" 2>/dev/null && fail "the file system is still writable"
for cmd in "programme list" "people list ro-club" "stats ro-club --json" \
           "export ro-club people" "round list ro-club"; do
  # shellcheck disable=SC2086
  if ! out=$("$BIN" --db "$db" $cmd 2>&1); then
    fail "read-only database: '$cmd' failed: $out"
  fi
done
ok "read-only database: programme list, people list, stats, export, round list work"
[[ $("$BIN" --db "$db" people list ro-club | grep -c example.org) == 400 ]] \
  || fail "read-only database: people list does not show the 400 people"
if out=$("$BIN" --db "$db" programme add "Another" 2>&1); then
  fail "read-only database: programme add succeeded"
fi
grep -q "the database is read-only" <<<"$out" || fail "programme add on a read-only database says: $out"
ok "read-only database: a write says: $out"
if out=$("$BIN" --db "$db" people set ro-club p1@example.org --status left 2>&1); then
  fail "read-only database: people set succeeded"
fi
grep -q "the database is read-only" <<<"$out" || fail "people set on a read-only database says: $out"
ok "read-only database: people set refused the same way"

# ---- 2. a full disk ----
mkdir "$T/full"
# room for init's write-ahead log (every migration, about 1 MB); the
# filler below takes whatever is left
mount -t tmpfs -o size=4m tmpfs "$T/full"
db="$T/full/t.db"
"$BIN" --db "$db" init >/dev/null
"$BIN" --db "$db" programme add "Full Club" >/dev/null
dd if=/dev/zero of="$T/full/filler" bs=4k 2>/dev/null || true
if out=$("$BIN" --db "$db" people import full-club "$T/people.csv" 2>&1); then
  fail "an import onto a full disk succeeded"
fi
grep -q "the disk is full" <<<"$out" || fail "an import onto a full disk says: $out"
ok "full disk: the import says: $out"
rm -f "$T/full/filler"
n=$("$BIN" --db "$db" people list full-club | grep -c example.org || true)
[[ "$n" == 0 ]] || fail "full disk: $n people were half-imported"
"$BIN" --db "$db" people import full-club "$T/people.csv" >/dev/null \
  || fail "after space is freed the import works"
ok "full disk: nothing was half-written, and the import works once there is room"

# ---- 3. erasure leaves nothing in the files ----
db="$T/e.db"
"$BIN" --db "$db" init >/dev/null
"$BIN" --db "$db" programme add "Erase Club" >/dev/null
"$BIN" --db "$db" people import erase-club "$T/people.csv" >/dev/null
"$BIN" --db "$db" people add erase-club --name "Zelda Quixotica" \
  --email zelda.quixotica@example.org --organisation "Unique Org Zyx" >/dev/null
"$BIN" --db "$db" people set erase-club zelda.quixotica@example.org --status paused \
  --until 2026-04-01 >/dev/null
grep -qa "zelda.quixotica" "$db" "$db-wal" 2>/dev/null \
  || fail "the email is not in the files before erasure (the check cannot fail)"
"$BIN" --db "$db" people erase erase-club Zelda.Quixotica@example.org >/dev/null \
  || fail "people erase failed"
for f in "$db" "$db-wal"; do
  [[ -e "$f" ]] || continue
  if grep -qa -e "zelda.quixotica" -e "Quixotica" -e "Unique Org Zyx" "$f"; then
    fail "$(basename "$f") still holds the erased values right after the erasure"
  fi
done
ok "right after people erase, neither the database nor its WAL holds the erased values"
audit=$(/usr/bin/python3 -c 'import sqlite3,sys; print("\n".join("%s %s %s" % r for r in sqlite3.connect(sys.argv[1]).execute("SELECT actor, action, detail FROM audit")))' "$db")
grep -q "^cli erase person " <<<"$audit" || fail "no audit row for the erasure: $audit"
ok "audited: $(grep "^cli erase " <<<"$audit")"
if out=$("$BIN" --db "$db" people erase erase-club nobody@example.org 2>&1); then
  fail "erasing someone absent succeeded"
fi
ok "erasing someone absent fails: $out"
echo "all passed"
